//! The text pipeline shared by training and serving: normalize, tokenize,
//! featurize.
//!
//! Training and serving must see a comment the same way, or the model's
//! weights would be applied to features it never learned. Both go through
//! [`Featurizer::featurize`], and the model records the pipeline version and
//! settings it was built with (see [`features`]).
//!
//! - [`normalize`]: character level (entities, Unicode compatibility forms,
//!   accents, invisible characters, elongations, case).
//! - [`tokenize`]: word level (links, e-mails, phones, money, leetspeak,
//!   masked profanity, spelled-out letters, homoglyphs).
//! - [`features`]: the hashed feature set (words, bigrams, meta features,
//!   form fields).
//! - [`phrases`]: words and phrases looked up by token hash (word classes,
//!   the rules' word lists).
//! - [`language`]: which language a comment is in (the policy's, not the
//!   model's: features do not depend on it).

pub mod features;
pub mod language;
pub mod normalize;
pub mod phrases;
pub mod tokenize;

pub use features::{CommentInput, Feature, FeatureConfig, Features, Featurizer, PIPELINE_VERSION, token_hash};
pub use normalize::{Normalized, normalize};
pub use phrases::PhraseIndex;
pub use tokenize::{Token, TokenKind, Tokens, tokenize};

/// Words that name a group of people (nationality, ethnicity, religion,
/// gender, orientation, disability, age, migration status), separated by
/// whitespace, `#` starting a comment. Training gives them no abuse weight;
/// the `identity_attack` rule looks for hostile words near them.
pub const IDENTITY_TERMS: &str = include_str!("identity-terms.txt");

/// The words of an identity-terms style list: whitespace-separated, `#`
/// starting a comment.
pub fn listed_words(text: &str) -> impl Iterator<Item = &str> {
    text.lines().flat_map(|line| line.split('#').next().unwrap_or("").split_whitespace())
}

/// The canonical token texts of `text`: what word lists and word classes are
/// written in and matched against.
pub fn canonical_words(text: &str) -> Vec<String> {
    let normalized = normalize(text, 1024);
    let tokens = tokenize(&normalized, 64);
    tokens.tokens.iter().map(|t| tokens.text(t).to_string()).collect()
}
