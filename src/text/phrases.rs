//! Words and phrases looked up by token hash.
//!
//! The featurizer's word classes and the rules' word lists both ask the
//! same question at each position of a comment: which entries start here?
//! An entry is a run of canonical tokens; it is stored as the hash of its
//! first token ([`token_hash`], the feature hash the featurizer computes for
//! every token anyway) and the hashes of the rest. So a scan costs one hash
//! lookup per token and allocates nothing.

use super::token_hash;
use nohash_hasher::IntMap;

/// Entries of one or more tokens, each carrying a value.
#[derive(Debug, Clone)]
pub struct PhraseIndex<V> {
    /// First token's hash → (hashes of the tokens after it, value).
    by_first: IntMap<u64, Vec<(Vec<u64>, V)>>,
    len: usize,
}

impl<V> Default for PhraseIndex<V> {
    fn default() -> Self {
        PhraseIndex { by_first: IntMap::default(), len: 0 }
    }
}

impl<V: PartialEq> PhraseIndex<V> {
    /// Adds every entry of `other` that is not already present.
    pub fn extend(&mut self, other: PhraseIndex<V>) {
        for (first, entries) in other.by_first {
            let mine = self.by_first.entry(first).or_default();
            for entry in entries {
                if !mine.contains(&entry) {
                    mine.push(entry);
                    self.len += 1;
                }
            }
        }
    }

    /// Adds an entry made of `words` (canonical token texts). An empty entry,
    /// or one already present with the same value, is skipped.
    pub fn insert<S: AsRef<str>>(&mut self, words: &[S], value: V) {
        let Some((first, rest)) = words.split_first() else {
            return;
        };
        let rest: Vec<u64> = rest.iter().map(|w| token_hash(w.as_ref())).collect();
        let entries = self.by_first.entry(token_hash(first.as_ref())).or_default();
        if !entries.iter().any(|(r, v)| *r == rest && *v == value) {
            entries.push((rest, value));
            self.len += 1;
        }
    }
}

impl<V> PhraseIndex<V> {
    /// Every entry's value, in no particular order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.by_first.values().flatten().map(|(_, value)| value)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The values of the entries that start at `hashes[0]` and fit in
    /// `hashes`.
    pub fn starting_at<'s, 'h>(&'s self, hashes: &'h [u64]) -> impl Iterator<Item = &'s V> + use<'s, 'h, V> {
        self.starting_at_with_len(hashes).map(|(value, _)| value)
    }

    /// Like [`PhraseIndex::starting_at`], with each entry's length in
    /// tokens.
    pub fn starting_at_with_len<'s, 'h>(
        &'s self,
        hashes: &'h [u64],
    ) -> impl Iterator<Item = (&'s V, usize)> + use<'s, 'h, V> {
        let candidates = hashes.first().and_then(|first| self.by_first.get(first));
        candidates.into_iter().flatten().filter_map(move |(rest, value)| {
            let following = hashes.get(1..=rest.len())?;
            (following == rest.as_slice()).then_some((value, rest.len() + 1))
        })
    }

    /// The values of every entry in `hashes`, in order of where they start.
    pub fn all_in<'s, 'h>(&'s self, hashes: &'h [u64]) -> impl Iterator<Item = &'s V> + use<'s, 'h, V> {
        (0..hashes.len()).flat_map(move |start| self.starting_at(&hashes[start..]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(words: &[&str]) -> Vec<u64> {
        words.iter().map(|w| token_hash(w)).collect()
    }

    #[test]
    fn entries_match_whole_runs_in_order() {
        let mut index = PhraseIndex::default();
        index.insert(&["send", "them", "back"], 1);
        index.insert(&["send"], 2);
        index.insert(&["send"], 2);
        index.insert::<&str>(&[], 3);
        assert_eq!(index.len(), 2, "duplicates and empty entries are skipped");
        let found = |words: &[&str]| index.all_in(&hashes(words)).copied().collect::<Vec<_>>();
        assert_eq!(found(&["send", "them", "back"]), [1, 2]);
        assert_eq!(found(&["send", "them"]), [2], "a phrase cut short at the end");
        assert_eq!(found(&["back", "them", "send"]), [2]);
        assert!(found(&[]).is_empty());
    }
}
