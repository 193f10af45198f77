//! The trained model: its on-disk format, its calibration, and the scorer
//! that serves it.
//!
//! Training fits one multinomial naive-Bayes classifier per head with
//! `linfa-bayes` (see [`crate::training`]). Serving does not keep linfa's
//! dense per-class arrays: scoring a comment against them would mean a
//! vocabulary-sized dot product per request. Instead training exports, for
//! every feature in the vocabulary, its log-likelihood ratio per head
//! (`ln P(feature | positive) - ln P(feature | negative)`), and the scorer
//! sums those ratios over the comment's own features only: a few hundred
//! hash lookups. A test checks that this table reproduces linfa's own
//! predictions.
//!
//! - [`format`]: the single model file (header, weight table, checksum).
//! - [`calibration`]: turning summed ratios into calibrated probabilities.
//! - [`scorer`]: the loaded, immutable model that answers requests.

pub mod calibration;
pub mod format;
pub mod scorer;

use serde::{Deserialize, Serialize};
use std::fmt;

pub use calibration::Calibration;
pub use format::{ModelError, ModelHeader};
pub use scorer::{Evidence, HeadScore, Model, Scores};

/// The two questions the model answers about a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Head {
    /// Unsolicited promotion: link drops, pharma, casino, scams.
    Spam,
    /// Insults, threats, hate, obscenity aimed at people.
    Abuse,
}

impl Head {
    pub const ALL: [Head; 2] = [Head::Spam, Head::Abuse];

    pub fn index(self) -> usize {
        match self {
            Head::Spam => 0,
            Head::Abuse => 1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Head::Spam => "spam",
            Head::Abuse => "abuse",
        }
    }
}

impl fmt::Display for Head {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One value per head, serialized as `{"spam": ..., "abuse": ...}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PerHead<T> {
    pub spam: T,
    pub abuse: T,
}

impl<T> PerHead<T> {
    pub fn new(mut f: impl FnMut(Head) -> T) -> Self {
        PerHead { spam: f(Head::Spam), abuse: f(Head::Abuse) }
    }

    pub fn get(&self, head: Head) -> &T {
        match head {
            Head::Spam => &self.spam,
            Head::Abuse => &self.abuse,
        }
    }

    pub fn get_mut(&mut self, head: Head) -> &mut T {
        match head {
            Head::Spam => &mut self.spam,
            Head::Abuse => &mut self.abuse,
        }
    }

    pub fn map<U>(&self, mut f: impl FnMut(Head, &T) -> U) -> PerHead<U> {
        PerHead { spam: f(Head::Spam, &self.spam), abuse: f(Head::Abuse, &self.abuse) }
    }
}

/// Probability thresholds for one head: at or above `hold` the comment goes
/// to a moderator, at or above `reject` it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub hold: f64,
    pub reject: f64,
}

impl Thresholds {
    /// Checks `0 < hold <= reject <= 1`.
    pub fn validate(&self) -> Result<(), String> {
        let ok = |x: f64| x.is_finite() && x > 0.0 && x <= 1.0;
        if !ok(self.hold) || !ok(self.reject) {
            return Err(format!("thresholds must be in (0, 1], got hold {} and reject {}", self.hold, self.reject));
        }
        if self.hold > self.reject {
            return Err(format!("hold threshold {} is above reject threshold {}", self.hold, self.reject));
        }
        Ok(())
    }
}
