//! Keyed hashing of commenters' e-mail and IP addresses.
//!
//! Commenters' addresses are personal data. They are never logged, stored
//! or remembered in clear: everything that needs to recognise "the same
//! address again" (logs, the feedback store, the flood and trusted-author
//! rules) sees an HMAC-SHA-256 of it under a secret key. Without the key the
//! hashes cannot be reversed by hashing candidate addresses.
//!
//! The key comes from `privacy.hash_key`, or is created once, at random, in
//! the data directory (`privacy.key`, readable by its owner only).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::path::{Path, PathBuf};

/// Why the key could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum PrivacyError {
    #[error("cannot read or create the privacy key {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the privacy key file {path} is empty or corrupt")]
    Corrupt { path: PathBuf },
    #[error("no randomness available for the privacy key: {0}")]
    Random(String),
    #[error(
        "no privacy key at {path}: use the data directory of the services that share this store, or set \
         privacy.hash_key as they do (the hashes must match theirs)"
    )]
    Missing { path: PathBuf },
}

/// Hashes personal data under a secret key.
#[derive(Clone)]
pub struct PrivacyHasher {
    key: Vec<u8>,
}

impl std::fmt::Debug for PrivacyHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PrivacyHasher(<key redacted>)")
    }
}

const KEY_FILE: &str = "privacy.key";

impl PrivacyHasher {
    /// A hasher with an explicit key.
    pub fn with_key(key: &[u8]) -> PrivacyHasher {
        PrivacyHasher { key: key.to_vec() }
    }

    /// Uses `configured` if non-empty, otherwise the key file in `data_dir`,
    /// which must exist: for tools that write hashes a service must match,
    /// where a new key would silently break the match.
    pub fn load_existing(configured: &str, data_dir: &Path) -> Result<PrivacyHasher, PrivacyError> {
        if configured.is_empty() && !data_dir.join(KEY_FILE).exists() {
            return Err(PrivacyError::Missing { path: data_dir.join(KEY_FILE) });
        }
        PrivacyHasher::load_or_create(configured, data_dir)
    }

    /// Uses `configured` if non-empty, otherwise the key file in `data_dir`,
    /// creating it if needed.
    pub fn load_or_create(configured: &str, data_dir: &Path) -> Result<PrivacyHasher, PrivacyError> {
        if !configured.is_empty() {
            return Ok(PrivacyHasher::with_key(configured.as_bytes()));
        }
        let path = data_dir.join(KEY_FILE);
        let io = |source| PrivacyError::Io { path: path.clone(), source };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let key = text.trim();
                if key.len() < 32 {
                    return Err(PrivacyError::Corrupt { path });
                }
                Ok(PrivacyHasher::with_key(key.as_bytes()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(data_dir).map_err(io)?;
                let mut bytes = [0u8; 32];
                getrandom::fill(&mut bytes).map_err(|e| PrivacyError::Random(e.to_string()))?;
                let key = crate::model::format::hex(&bytes);
                write_private(&path, key.as_bytes()).map_err(io)?;
                Ok(PrivacyHasher::with_key(key.as_bytes()))
            }
            Err(e) => Err(io(e)),
        }
    }

    fn mac(&self, kind: &str, value: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(value.trim().to_lowercase().as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// A 32-hex-digit pseudonym for `value` (an e-mail, an IP). `kind`
    /// separates namespaces, so an e-mail and an IP never share a hash.
    pub fn hash(&self, kind: &str, value: &str) -> String {
        crate::model::format::hex(&self.mac(kind, value)[..16])
    }

    /// The same pseudonym as a number, for in-memory keys.
    pub fn hash_u64(&self, kind: &str, value: &str) -> u64 {
        u64::from_le_bytes(self.mac(kind, value)[..8].try_into().expect("8 bytes"))
    }

    /// The number form of a pseudonym made by [`hash`](Self::hash)
    /// (its first 8 bytes), so stored pseudonyms can seed in-memory rules.
    pub fn pseudonym_u64(pseudonym: &str) -> Option<u64> {
        let bytes = pseudonym.get(..16)?;
        let mut out = [0u8; 8];
        for (i, b) in out.iter_mut().enumerate() {
            *b = u8::from_str_radix(bytes.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(u64::from_le_bytes(out))
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_keyed_stable_and_namespaced() {
        let a = PrivacyHasher::with_key(b"key-one");
        let b = PrivacyHasher::with_key(b"key-two");
        assert_eq!(a.hash("email", "Jane@Example.com"), a.hash("email", " jane@example.com"));
        assert_ne!(a.hash("email", "jane@example.com"), b.hash("email", "jane@example.com"));
        assert_ne!(a.hash("email", "x"), a.hash("ip", "x"));
        assert_eq!(a.hash("ip", "1.2.3.4").len(), 32);
        assert!(!a.hash("email", "jane@example.com").contains("jane"));
        let pseudonym = a.hash("email", "jane@example.com");
        assert_eq!(PrivacyHasher::pseudonym_u64(&pseudonym), Some(a.hash_u64("email", "jane@example.com")));
    }

    #[test]
    fn creates_and_reuses_a_private_key_file() {
        let dir = tempfile::tempdir().unwrap();
        let first = PrivacyHasher::load_or_create("", dir.path()).unwrap();
        let second = PrivacyHasher::load_or_create("", dir.path()).unwrap();
        assert_eq!(first.hash("email", "a@b.co"), second.hash("email", "a@b.co"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
