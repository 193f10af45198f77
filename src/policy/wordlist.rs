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

use crate::text::{PhraseIndex, canonical_words, token_hash};
use std::path::PathBuf;

/// Why a list could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("cannot read word list {path}: {source}")]
pub struct WordListError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// A set of words and phrases, matched by token hash (see
/// [`PhraseIndex`]): the featurizer already hashed every token of a comment,
/// so a rule scans it without hashing or allocating anything.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    /// Entry → the entry as written.
    entries: PhraseIndex<String>,
}

impl WordList {
    /// Builds a list from entries.
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = &'a str>) -> WordList {
        let mut list = WordList::default();
        for entry in entries {
            let entry = entry.split('#').next().unwrap_or("").trim();
            if !entry.is_empty() {
                list.entries.insert(&canonical_words(entry), entry.to_string());
            }
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
        self.entries.extend(other.entries);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every entry as written, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = &str> {
        self.entries.values().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The first entry found in `tokens` (canonical token texts), as
    /// written in the list.
    pub fn find<S: AsRef<str>>(&self, tokens: &[S]) -> Option<&str> {
        self.find_hashed(&hashes(tokens))
    }

    /// Every entry found in `tokens`, in order of appearance (an entry
    /// found twice is given twice).
    pub fn matches<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<&str> {
        self.entries.all_in(&hashes(tokens)).map(String::as_str).collect()
    }

    /// The first entry that starts at `hashes[0]` and fits in `hashes`.
    pub fn find_at_hashed(&self, hashes: &[u64]) -> Option<&str> {
        self.entries.starting_at(hashes).next().map(String::as_str)
    }

    /// The longest entry that starts at the first of `hashes`, with its
    /// length in tokens ("asylum seekers" rather than "asylum").
    pub fn longest_at_hashed(&self, hashes: &[u64]) -> Option<(&str, usize)> {
        self.entries.starting_at_with_len(hashes).map(|(entry, len)| (entry.as_str(), len)).max_by_key(|&(_, len)| len)
    }

    /// Every entry found in a run of token hashes, with the index of the
    /// token it starts at.
    pub fn positions_hashed<'a>(&'a self, hashes: &'a [u64]) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        self.spans_hashed(hashes).map(|(span, entry)| (span.start, entry))
    }

    /// Every entry found in a run of token hashes, as the range of tokens
    /// it covers (its length in tokens, not in the words it was written
    /// with: "write-up" may be two tokens).
    pub fn spans_hashed<'a>(
        &'a self,
        hashes: &'a [u64],
    ) -> impl Iterator<Item = (std::ops::Range<usize>, &'a str)> + 'a {
        (0..hashes.len()).flat_map(move |start| {
            self.entries
                .starting_at_with_len(&hashes[start..])
                .map(move |(entry, len)| (start..start + len, entry.as_str()))
        })
    }

    /// The first entry found in a run of token hashes (as in
    /// [`crate::text::Features::token_hashes`]).
    pub fn find_hashed(&self, hashes: &[u64]) -> Option<&str> {
        self.entries.all_in(hashes).next().map(String::as_str)
    }
}

fn hashes<S: AsRef<str>>(tokens: &[S]) -> Vec<u64> {
    tokens.iter().map(|t| token_hash(t.as_ref())).collect()
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
