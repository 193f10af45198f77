//! The rules that remember: duplicates, floods and trusted authors.
//!
//! Memory is bounded (`policy.memory_max_entries` per rule, least recently
//! used forgotten first) and expiring (each rule's window), so no load can
//! make it grow without limit. Keys are keyed hashes (see
//! [`crate::privacy`]): no address is held in clear.
//!
//! | rule | reason code | action | window |
//! |---|---|---|---|
//! | same content, same author, same article | `duplicate` | reject | `policy.duplicate_window_seconds` |
//! | same IP or e-mail again | `flood` | hold | `policy.flood_window_seconds` |
//! | author with approved comments | `trusted_author` | accept weak holds | `policy.trusted_memory_days` |
//!
//! Memory is per process. With several replicas each remembers what it saw;
//! trusted authors are reloaded from the shared feedback store at start-up.

use super::{Action, ReasonCode, RuleHit};
use crate::config::PolicySettings;
use moka::sync::Cache;
use std::time::Duration;

/// The hashed identities of one submission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryKeys {
    /// Same content + author + article.
    pub duplicate: Option<u64>,
    /// Hashed IP and hashed e-mail.
    pub flood: Vec<u64>,
    /// Hashed e-mail, for trust.
    pub author: Option<u64>,
}

fn cache<V: Clone + Send + Sync + 'static>(max: u64, ttl_seconds: u64) -> Option<Cache<u64, V>> {
    (ttl_seconds > 0).then(|| Cache::builder().max_capacity(max).time_to_live(Duration::from_secs(ttl_seconds)).build())
}

/// Bounded, expiring memory of recent submissions and approved authors.
pub struct Memory {
    duplicates: Option<Cache<u64, ()>>,
    flood: Option<Cache<u64, ()>>,
    approvals: Option<Cache<u64, u32>>,
    duplicate_window: u64,
    flood_window: u64,
    min_approved: u32,
    trust_auto_accepted: bool,
}

impl std::fmt::Debug for Memory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memory").field("entries", &self.entry_counts()).finish()
    }
}

impl Memory {
    pub fn new(policy: &PolicySettings) -> Memory {
        let max = policy.memory_max_entries;
        Memory {
            duplicates: cache(max, policy.duplicate_window_seconds),
            flood: cache(max, policy.flood_window_seconds),
            approvals: policy.trusted_authors.then(|| cache(max, policy.trusted_memory_days * 86_400)).flatten(),
            duplicate_window: policy.duplicate_window_seconds,
            flood_window: policy.flood_window_seconds,
            min_approved: policy.trusted_min_approved,
            trust_auto_accepted: policy.trust_auto_accepted,
        }
    }

    /// Checks a submission against recent ones and remembers it.
    pub fn check_and_record(&self, keys: &MemoryKeys) -> Vec<RuleHit> {
        let mut hits = Vec::new();
        if let (Some(cache), Some(key)) = (&self.duplicates, keys.duplicate) {
            // Atomic check-and-insert: of two identical concurrent posts,
            // exactly one is first.
            if !cache.entry(key).or_insert(()).is_fresh() {
                hits.push(RuleHit {
                    code: ReasonCode::Duplicate,
                    action: Action::Reject,
                    weak: false,
                    message: format!(
                        "the same author posted the same comment on this article within the last {} s",
                        self.duplicate_window
                    ),
                });
            }
        }
        if let Some(cache) = &self.flood {
            let mut seen = false;
            for &key in &keys.flood {
                if !cache.entry(key).or_insert(()).is_fresh() {
                    seen = true;
                    // Each new comment restarts the window.
                    cache.insert(key, ());
                }
            }
            if seen {
                hits.push(RuleHit {
                    code: ReasonCode::Flood,
                    action: Action::Hold,
                    weak: false,
                    message: format!(
                        "the same IP address or e-mail posted another comment within {} s",
                        self.flood_window
                    ),
                });
            }
        }
        hits
    }

    /// Whether an author has enough approved comments to be trusted.
    pub fn is_trusted(&self, author: Option<u64>) -> bool {
        match (&self.approvals, author) {
            (Some(cache), Some(a)) => cache.get(&a).is_some_and(|n| n >= self.min_approved),
            _ => false,
        }
    }

    /// Records an approval by a moderator.
    pub fn record_approval(&self, author: u64) {
        if let Some(cache) = &self.approvals {
            cache.entry(author).and_upsert_with(|e| e.map_or(1, |v| v.into_value().saturating_add(1)));
        }
    }

    /// Records that this service accepted a comment (counts as an approval
    /// only with `policy.trust_auto_accepted`).
    pub fn record_accepted(&self, author: Option<u64>) {
        if let (true, Some(a)) = (self.trust_auto_accepted, author) {
            self.record_approval(a);
        }
    }

    /// A moderator marked a comment of this author as spam or abuse: trust
    /// is withdrawn.
    pub fn record_rejection(&self, author: u64) {
        if let Some(cache) = &self.approvals {
            cache.invalidate(&author);
        }
    }

    /// Entries per rule (approximate: expired entries are evicted lazily).
    pub fn entry_counts(&self) -> [u64; 3] {
        let count = |c: &Option<Cache<u64, ()>>| {
            c.as_ref().map_or(0, |c| {
                c.run_pending_tasks();
                c.entry_count()
            })
        };
        let approvals = self.approvals.as_ref().map_or(0, |c| {
            c.run_pending_tasks();
            c.entry_count()
        });
        [count(&self.duplicates), count(&self.flood), approvals]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(duplicate: u64, flood: &[u64]) -> MemoryKeys {
        MemoryKeys { duplicate: Some(duplicate), flood: flood.to_vec(), author: None }
    }

    #[test]
    fn duplicates_reject_and_floods_hold() {
        let m = Memory::new(&PolicySettings::default());
        assert!(m.check_and_record(&keys(1, &[10])).is_empty());
        let again: Vec<_> = m.check_and_record(&keys(1, &[10])).into_iter().map(|h| h.code).collect();
        assert_eq!(again, [ReasonCode::Duplicate, ReasonCode::Flood]);
        let other: Vec<_> = m.check_and_record(&keys(2, &[11, 10])).into_iter().map(|h| h.code).collect();
        assert_eq!(other, [ReasonCode::Flood]);
    }

    #[test]
    fn windows_expire() {
        let policy = PolicySettings { flood_window_seconds: 1, duplicate_window_seconds: 1, ..Default::default() };
        let m = Memory::new(&policy);
        m.check_and_record(&keys(1, &[10]));
        std::thread::sleep(Duration::from_millis(1_100));
        assert!(m.check_and_record(&keys(1, &[10])).is_empty());
    }

    #[test]
    fn memory_is_bounded() {
        let policy = PolicySettings { memory_max_entries: 100, ..Default::default() };
        let m = Memory::new(&policy);
        for i in 0..10_000u64 {
            m.check_and_record(&keys(i, &[i + 1_000_000]));
        }
        let [d, f, _] = m.entry_counts();
        assert!(d <= 100 && f <= 100, "{d} {f}");
    }

    #[test]
    fn trust_follows_approvals_and_rejections() {
        let m = Memory::new(&PolicySettings { trusted_min_approved: 2, ..Default::default() });
        assert!(!m.is_trusted(Some(7)));
        m.record_approval(7);
        assert!(!m.is_trusted(Some(7)));
        m.record_approval(7);
        assert!(m.is_trusted(Some(7)));
        m.record_rejection(7);
        assert!(!m.is_trusted(Some(7)));
        m.record_accepted(Some(8));
        assert!(!m.is_trusted(Some(8)), "auto-accepted comments do not count by default");
        let off = Memory::new(&PolicySettings { trusted_authors: false, ..Default::default() });
        off.record_approval(7);
        assert!(!off.is_trusted(Some(7)));
    }
}
