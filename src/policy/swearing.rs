//! Mild swearing at a situation, which is not the writer's abuse.
//!
//! Readers swear at the news: "what the hell are the sanctions actually
//! achieving?", "This fare increase sucks", "Damn good reporting". In the
//! public abuse data the same words are mostly aimed at someone (Davidson's
//! "offensive" label counts profanity as such), so the abuse head weighs
//! them as abuse, and such comments wait for a moderator at scores just over
//! the hold threshold. Aimed at someone, they still are abuse: "Go to hell,
//! nobody asked you", "you freaking moron", "bloody Russians".
//!
//! So, like a quoted mention ([`super::mention`]), a mild swear word the
//! comment aims at no one is scored as if absent: the abuse head also scores
//! the comment without the word's own weight (the word alone and its
//! `near <group>` feature; the pairs it makes, such as "the hell" or "hell
//! yeah", keep theirs) and keeps the lower score. A word counts as aimed at
//! no one when
//! - the comment addresses no one: no second-person word ("you", "your",
//!   "ur") and no `@name`;
//! - it was not written as a contraction ("he'll" reads as `hell`);
//! - it does not modify a group's name or an insult: the word after it is
//!   no group word ("bloody Russians") and weighs less than
//!   `policy.mild_swearing_keep_before_weight` nats of abuse on its own
//!   ("damn fool", "bloody liar" keep theirs; "damn shame" does not).
//!
//! What is left through is swearing about a third party without "you":
//! "The author is a damn propagandist" is accepted. The measured trade is in
//! `training/eval/README.md`, "Mild swearing".

use crate::text::{Feature, Features, token_hash};
use nohash_hasher::{IntMap, IntSet};

/// Words that address the reader or another commenter. A comment holding
/// one is talking to someone, and its swearing may be aimed at them.
const ADDRESS_WORDS: &[&str] =
    &["you", "your", "youre", "yours", "yourself", "yourselves", "youve", "youd", "youll", "u", "ur", "ya", "yall"];

/// The default `policy.mild_swearing_words`: exclamations and intensifiers
/// that readers use of situations as often as of people. Stronger words
/// ("shit", "fuck") are left to the model: news sites differ on them, and
/// the data has them aimed at people far more often.
pub const DEFAULT_WORDS: &[&str] = &[
    "damn", "dammit", "damned", "goddamn", "hell", "heck", "crap", "crappy", "wtf", "holy", "freaking", "friggin",
    "frigging", "bloody", "sucks", "suck",
];

/// Words that make no one the target of a pair with a swear word ("what
/// the hell", "as hell", "is crap"); a pair of two swear words ("bloody
/// hell", "holy crap") is the same exclamation. Prepositions are not among
/// them: "go to hell", "rot in hell", "a sack of crap" are aimed.
const FUNCTION_WORDS: &[&str] =
    &["the", "a", "an", "as", "is", "are", "was", "were", "so", "this", "that", "what", "it"];

/// At most this many words: which of them a comment swears with is one bit
/// each of a `u64`, so checking a feature allocates nothing.
pub const MAX_WORDS: usize = 64;

/// The configured mild swear words (`policy.mild_swearing_words`).
#[derive(Debug, Clone, Default)]
pub struct MildSwearing {
    words: Vec<String>,
    /// Each word's hash and its bit in [`AtNoOne`].
    bits: IntMap<u64, u64>,
    address: IntSet<u64>,
    function_words: IntSet<u64>,
    keep_before_weight: f32,
}

/// Which words of the list a comment swears with at no one: bit `i` for
/// word `i`. Zero when there is none, which is almost every comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AtNoOne(u64);

impl AtNoOne {
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl MildSwearing {
    /// `words` in canonical form (validated with the configuration), at
    /// most [`MAX_WORDS`]; an empty list turns the adjustment off.
    pub fn new(words: &[String], keep_before_weight: f32) -> MildSwearing {
        let words: Vec<String> = words.iter().take(MAX_WORDS).cloned().collect();
        MildSwearing {
            bits: words.iter().enumerate().map(|(i, w)| (token_hash(w), 1 << i)).collect(),
            words,
            address: ADDRESS_WORDS.iter().map(|w| token_hash(w)).collect(),
            function_words: FUNCTION_WORDS.iter().map(|w| token_hash(w)).collect(),
            keep_before_weight,
        }
    }

    /// The words of the list that `content` (featurized as `features`)
    /// swears with at no one. `abuse_weight` is the abuse head's weight of
    /// a token on its own, `names_group` whether a token is a group's name.
    pub fn at_no_one(
        &self,
        content: &str,
        features: &Features,
        abuse_weight: impl Fn(u64) -> Option<f32>,
        names_group: impl Fn(u64) -> bool,
    ) -> AtNoOne {
        let hashes = features.token_hashes();
        if self.bits.is_empty() || !hashes.iter().any(|h| self.bits.contains_key(h)) {
            return AtNoOne(0);
        }
        if hashes.iter().any(|h| self.address.contains(h)) || addresses_a_handle(content) {
            return AtNoOne(0);
        }
        let (mut seen, mut aimed) = (0u64, 0u64);
        for (at, hash) in hashes.iter().enumerate() {
            let Some(&bit) = self.bits.get(hash) else {
                continue;
            };
            seen |= bit;
            let contraction =
                features.written_token(content, at).is_some_and(|written| written.contains(['\'', '\u{2019}']));
            // "bloody hell": another swear word is no insult it modifies.
            let modifies = hashes.get(at + 1).filter(|next| !self.bits.contains_key(next)).is_some_and(|&next| {
                names_group(next) || abuse_weight(next).is_some_and(|w| w >= self.keep_before_weight)
            });
            if contraction || modifies {
                aimed |= bit;
            }
        }
        // A word aimed once keeps its weight everywhere: its features are
        // per word, not per occurrence.
        AtNoOne(seen & !aimed)
    }

    /// Whether `feature` is the own weight of a word in `words`: the word
    /// alone, or near a group's name.
    pub fn is_weightless(&self, words: AtNoOne, features: &Features, feature: &Feature) -> bool {
        if words.is_empty() {
            return false;
        }
        let swears = |hash: &u64| self.bits.get(hash).is_some_and(|bit| words.0 & bit != 0);
        match features.token_hashes_of(feature) {
            [hash] => !features.is_pair(feature) && swears(hash),
            [a, b] => {
                let plain = |hash: &u64| self.function_words.contains(hash) || self.bits.contains_key(hash);
                (swears(a) && plain(b)) || (plain(a) && swears(b))
            }
            _ => false,
        }
    }

    /// Whether an evidence token (a feature's display text) is one of
    /// `words` on its own, to be left out of the evidence when the lower
    /// score is kept.
    pub fn shows_word(&self, words: AtNoOne, token: &str) -> bool {
        let word = token.strip_prefix("near <group>: ").unwrap_or(token);
        self.words.iter().position(|w| w == word).is_some_and(|i| words.0 & (1 << i) != 0)
    }
}

/// Whether the comment names someone by handle ("@marcus_j ok and?"): an
/// `@` opening a word, not inside an e-mail address.
fn addresses_a_handle(content: &str) -> bool {
    content.split_whitespace().any(|word| {
        let word = word.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@');
        word.strip_prefix('@').is_some_and(|name| name.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{CommentInput, FeatureConfig, Featurizer};

    const WORDS: &[&str] = &["damn", "hell", "crap", "bloody"];

    fn swearing() -> MildSwearing {
        MildSwearing::new(&WORDS.iter().map(|w| w.to_string()).collect::<Vec<_>>(), 1.0)
    }

    fn featurizer() -> Featurizer {
        Featurizer::new(FeatureConfig {
            group_words: vec!["russians".into()],
            group_context_words: vec!["are".into()],
            group_window: 3,
            ..FeatureConfig::default()
        })
    }

    /// The words of the list `text` swears with at no one, with "fool"
    /// weighing 1.7 nats, "hell" 1.2 and every other word nothing.
    fn at_no_one(text: &str) -> Vec<&'static str> {
        let featurizer = featurizer();
        let features = featurizer.featurize(&CommentInput::text(text));
        let weight = |h: u64| {
            if h == token_hash("fool") { Some(1.7) } else { (h == token_hash("hell")).then_some(1.2) }
        };
        let found = swearing().at_no_one(text, &features, weight, |h| featurizer.names_group(h));
        WORDS.iter().enumerate().filter(|(i, _)| found.0 & (1 << i) != 0).map(|(_, w)| *w).collect()
    }

    #[test]
    fn swearing_at_a_situation_is_at_no_one() {
        assert_eq!(at_no_one("What the hell are the sanctions actually achieving?"), ["hell"]);
        assert_eq!(at_no_one("Damn good reporting. Holy crap, what a story."), ["damn", "crap"]);
        assert_eq!(at_no_one("What a damn shame about the old library."), ["damn"]);
    }

    #[test]
    fn a_comment_that_addresses_someone_keeps_every_word() {
        assert!(at_no_one("Go to hell, nobody asked you.").is_empty());
        assert!(at_no_one("Your crap article reads like a press release.").is_empty());
        assert!(at_no_one("@marcus_j what the hell").is_empty());
        assert!(at_no_one("@ marcus what the hell").len() == 1, "a lone @ is no handle");
        assert_eq!(at_no_one("Write to tips@paper.example, the hell with it"), ["hell"]);
    }

    #[test]
    fn a_contraction_is_no_swear_word() {
        assert!(at_no_one("Don't hire him, he'll flirt with everyone.").is_empty());
        assert!(at_no_one("He\u{2019}ll be back.").is_empty());
        assert_eq!(at_no_one("hell, he'll be back"), Vec::<&str>::new(), "aimed once, kept everywhere");
    }

    #[test]
    fn a_word_before_a_group_or_an_insult_keeps_its_weight() {
        assert!(at_no_one("Bloody Russians, the lot of them.").is_empty());
        assert!(at_no_one("Anyone who voted for that is a bloody fool.").is_empty());
        assert_eq!(at_no_one("Bloody hell, diesel is up again."), ["hell", "bloody"]);
    }

    #[test]
    fn only_the_words_own_features_are_weightless() {
        let featurizer = featurizer();
        let text = "russians are in hell";
        let features = featurizer.featurize(&CommentInput::text(text));
        let s = swearing();
        let words = s.at_no_one(text, &features, |_| None, |h| featurizer.names_group(h));
        let weightless: Vec<String> = features
            .items()
            .iter()
            .filter(|f| s.is_weightless(words, &features, f))
            .map(|f| features.display(f).into_owned())
            .collect();
        assert_eq!(weightless, ["hell", "near <group>: hell"]);
        assert!(s.shows_word(words, "hell") && s.shows_word(words, "near <group>: hell"));
        assert!(!s.shows_word(words, "in hell") && !s.shows_word(words, "damn"));
    }
}
