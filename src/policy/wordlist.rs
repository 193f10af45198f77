//! Word and phrase lists, matched on normalized tokens.
//!
//! A list entry goes through the same normalizer and tokenizer as comments,
//! and matches a run of the comment's canonical tokens. So an entry `viagra`
//! matches `VIAGRA`, `v1agra`, `v-i-a-g-r-a`, `ｖｉａｇｒａ` and `vі agra`
//! (Cyrillic і) alike, and an entry `buy now` matches `Buy... NOW!!`, but
//! `grass` never matches inside `grasshopper`: matching is by whole token.
//!
//! File format: one entry per line; `#` starts a comment; blank lines are
//! ignored.

use crate::text::{canonical_words, token_hash};
use nohash_hasher::IntMap;
use std::path::PathBuf;

/// Why a list could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("cannot read word list {path}: {source}")]
pub struct WordListError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// A set of words and phrases, indexed by their first token.
///
/// Tokens are compared by their feature hash ([`token_hash`]), the one the
/// featurizer already computed for every token of a comment, so a rule can
/// scan a comment without hashing or allocating anything.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    /// Hash of the first token → (hashes of the tokens after it, the entry
    /// as written).
    by_first: IntMap<u64, Vec<(Vec<u64>, String)>>,
    len: usize,
}

impl WordList {
    /// Builds a list from entries.
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = &'a str>) -> WordList {
        let mut list = WordList::default();
        for entry in entries {
            let entry = entry.split('#').next().unwrap_or("").trim();
            if entry.is_empty() {
                continue;
            }
            let words = canonical_words(entry);
            let Some((first, rest)) = words.split_first() else {
                continue;
            };
            let rest = rest.iter().map(|w| token_hash(w)).collect();
            list.by_first.entry(token_hash(first)).or_default().push((rest, entry.to_string()));
            list.len += 1;
        }
        list
    }

    /// Reads and merges list files.
    pub fn load(paths: &[PathBuf]) -> Result<WordList, WordListError> {
        let mut text = String::new();
        for path in paths {
            let content =
                std::fs::read_to_string(path).map_err(|source| WordListError { path: path.clone(), source })?;
            text.push_str(&content);
            text.push('\n');
        }
        Ok(WordList::from_entries(text.lines()))
    }

    /// Adds every entry of `other`.
    pub fn extend(&mut self, other: WordList) {
        for (first, entries) in other.by_first {
            self.len += entries.len();
            self.by_first.entry(first).or_default().extend(entries);
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The first entry found in `tokens` (canonical token texts), as
    /// written in the list.
    pub fn find<S: AsRef<str>>(&self, tokens: &[S]) -> Option<&str> {
        let hashes: Vec<u64> = tokens.iter().map(|t| token_hash(t.as_ref())).collect();
        self.find_hashed(&hashes)
    }

    /// Every entry found in `tokens`, in order of appearance (an entry
    /// found twice is given twice).
    pub fn matches<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<&str> {
        let hashes: Vec<u64> = tokens.iter().map(|t| token_hash(t.as_ref())).collect();
        (0..hashes.len()).flat_map(|start| self.entries_at(&hashes[start..])).collect()
    }

    /// The first entry found in a run of token hashes (as in
    /// [`crate::text::Features::token_hashes`]).
    pub fn find_hashed(&self, hashes: &[u64]) -> Option<&str> {
        (0..hashes.len()).find_map(|start| self.entries_at(&hashes[start..]).next())
    }

    /// The entries that start at `hashes[0]`.
    fn entries_at<'s, 'h>(&'s self, hashes: &'h [u64]) -> impl Iterator<Item = &'s str> + use<'s, 'h> {
        let candidates = hashes.first().and_then(|first| self.by_first.get(first));
        candidates.into_iter().flatten().filter_map(move |(rest, entry)| {
            let following = hashes.get(1..=rest.len())?;
            (following == rest.as_slice()).then_some(entry.as_str())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &str) -> Vec<String> {
        canonical_words(s)
    }

    #[test]
    fn matches_disguised_words_by_whole_token() {
        let list = WordList::from_entries(["viagra", "buy now  # a phrase", "", "# only a comment"]);
        assert_eq!(list.len(), 2);
        for text in ["cheap VIAGRA", "v1agra", "v-i-a-g-r-a!", "ｖｉａｇｒａ", "v\u{0456}agra"] {
            assert_eq!(list.find(&tokens(text)), Some("viagra"), "{text}");
        }
        assert_eq!(list.find(&tokens("Buy... NOW!!")), Some("buy now"));
        assert_eq!(list.find(&tokens("buy it now")), None);
        assert_eq!(list.find(&tokens("viagras")), None);
    }
}
