//! The loaded model: an immutable weight table plus calibration, shared by
//! every request.
//!
//! Scoring a comment is one hash lookup per feature of the comment and a
//! few floating-point operations; nothing is allocated that grows with the
//! vocabulary. Evidence (which features pushed the score) is computed only
//! when asked, and only the top few features are turned back into text.

use super::calibration::RawScore;
use super::format::{ModelError, ModelFile, ModelHeader};
use super::{Head, PerHead};
use crate::text::{Feature, Features, Featurizer};
use nohash_hasher::BuildNoHashHasher;
use std::collections::HashMap;
use std::path::Path;

/// One head's score for one comment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadScore {
    /// What calibration saw: summed ratio, known features, strongest
    /// feature.
    pub raw: RawScore,
    /// Calibrated probability of the positive class (spam, abuse).
    pub probability: f64,
}

/// Scores for both heads.
pub type Scores = PerHead<HeadScore>;

/// A feature that pushed a head's score up, for moderators.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The feature as text: a word, a word pair, or a meta feature such as
    /// `url:tld=ru`.
    pub token: String,
    /// Its log-likelihood ratio: how many nats of evidence it adds.
    pub weight: f32,
    /// Byte range in the normalized content it came from, if any.
    pub normalized_span: Option<(usize, usize)>,
}

/// A model ready to serve.
#[derive(Debug)]
pub struct Model {
    header: ModelHeader,
    version: String,
    weights: HashMap<u64, [f32; 2], BuildNoHashHasher<u64>>,
    featurizer: Featurizer,
}

impl Model {
    /// Loads and validates a model file.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let (file, version) = ModelFile::read(path)?;
        Ok(Model::from_file(file, version))
    }

    /// Builds the lookup table from a validated model file.
    pub fn from_file(file: ModelFile, version: String) -> Model {
        let mut weights = HashMap::with_capacity_and_hasher(file.entries.len(), BuildNoHashHasher::default());
        weights.extend(file.entries);
        let featurizer = Featurizer::new(file.header.features.clone());
        Model { header: file.header, version, weights, featurizer }
    }

    /// The model's version string, derived from its checksum.
    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn header(&self) -> &ModelHeader {
        &self.header
    }

    /// The featurizer configured exactly as in training.
    pub fn featurizer(&self) -> &Featurizer {
        &self.featurizer
    }

    /// Number of features in the weight table.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Weight of one feature per head (`[spam, abuse]`), if known.
    pub fn weight(&self, hash: u64) -> Option<[f32; 2]> {
        self.weights.get(&hash).copied()
    }

    /// Scores a featurized comment on both heads.
    pub fn score(&self, features: &Features) -> Scores {
        self.score_hashes(features.items().iter().map(|f| f.hash))
    }

    /// Scores a set of feature hashes (each at most once) on both heads.
    /// Training evaluates with this same function, so reported metrics are
    /// those of the serving code path.
    pub fn score_hashes(&self, hashes: impl Iterator<Item = u64>) -> Scores {
        let mut llr = [0.0f64; 2];
        let mut top = [0.0f32; 2];
        let mut known = 0u32;
        for hash in hashes {
            if let Some(w) = self.weights.get(&hash) {
                for h in 0..2 {
                    llr[h] += f64::from(w[h]);
                    top[h] = top[h].max(w[h]);
                }
                known += 1;
            }
        }
        PerHead::new(|head| {
            let h = head.index();
            let raw = RawScore { llr: llr[h], n: known, top: f64::from(top[h]) };
            let calibration = &self.header.heads.get(head).calibration;
            HeadScore { raw, probability: calibration.probability(raw) }
        })
    }

    /// The `limit` features that pushed `head` up the most, strongest first.
    pub fn evidence(&self, features: &Features, head: Head, limit: usize) -> Vec<Evidence> {
        let h = head.index();
        let mut top: Vec<(f32, &Feature)> = Vec::with_capacity(limit + 1);
        for feature in features.items() {
            let Some(w) = self.weights.get(&feature.hash) else {
                continue;
            };
            let weight = w[h];
            if weight <= 0.0 {
                continue;
            }
            if top.len() == limit && top.last().is_some_and(|(w, _)| *w >= weight) {
                continue;
            }
            let at = top.partition_point(|(w, _)| *w >= weight);
            top.insert(at, (weight, feature));
            top.truncate(limit);
        }
        top.into_iter()
            .map(|(weight, feature)| Evidence {
                token: features.display(feature).into_owned(),
                weight,
                normalized_span: features.normalized_span(feature),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::format::tests::tiny_model;
    use crate::text::CommentInput;
    use xxhash_rust::xxh3::xxh3_64;

    fn model_with(words: &[(&str, [f32; 2])]) -> Model {
        let mut file = tiny_model();
        file.entries = words.iter().map(|(w, ws)| (xxh3_64(w.as_bytes()), *ws)).collect();
        file.entries.sort_by_key(|e| e.0);
        Model::from_file(file, "test".into())
    }

    #[test]
    fn sums_known_feature_weights_per_head() {
        let model = model_with(&[("viagra", [3.0, 0.0]), ("idiot", [0.0, 2.5]), ("the", [-0.5, -0.25])]);
        let f = model.featurizer().featurize(&CommentInput::text("the viagra idiot unknownword"));
        let s = model.score(&f);
        assert!((s.spam.raw.llr - 2.5).abs() < 1e-9);
        assert!((s.abuse.raw.llr - 2.25).abs() < 1e-9);
        assert_eq!(s.spam.raw.n, 3);
        assert_eq!(s.spam.raw.top, 3.0);
        assert_eq!(s.abuse.raw.top, 2.5);
        assert!(s.spam.probability > 0.9);
    }

    #[test]
    fn evidence_is_the_strongest_positive_features_in_order() {
        let model = model_with(&[("aa", [1.0, 0.0]), ("bb", [3.0, 0.0]), ("cc", [2.0, 0.0]), ("dd", [-4.0, 0.0])]);
        let f = model.featurizer().featurize(&CommentInput::text("aa bb cc dd"));
        let ev = model.evidence(&f, Head::Spam, 2);
        let tokens: Vec<_> = ev.iter().map(|e| e.token.as_str()).collect();
        assert_eq!(tokens, ["bb", "cc"]);
        assert!(model.evidence(&f, Head::Abuse, 5).is_empty());
    }
}
