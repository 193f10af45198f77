//! Featurizing a corpus and fitting one head with linfa.
//!
//! Multinomial naive Bayes needs only, per class, the summed count of each
//! feature: `ln P(f | c) = ln((count(f, c) + α) / (Σ count(·, c) + α·V))`.
//! So instead of a dense row per comment (150,000 × vocabulary), linfa is
//! given one aggregated row per class: the same fit, from a 2 × V matrix.
//! Counts are weighted (per source, and per feedback label), which
//! multinomial naive Bayes takes as fractional occurrences.
//!
//! The fitted `MultinomialNb` keeps its per-class log-probabilities private;
//! they are read back through its `serde` representation, and a test checks
//! that the exported log-likelihood ratios reproduce linfa's own
//! predictions.

use super::datasets::{Corpus, PART_SEPARATOR};
use crate::model::{Head, PerHead};
use crate::text::{CommentInput, Features, Featurizer};
use linfa::prelude::*;
use linfa_bayes::MultinomialNb;
use ndarray::{Array1, Array2};
use nohash_hasher::{BuildNoHashHasher, IntMap, IntSet};
use rayon::prelude::*;
use std::collections::HashMap;

/// Why fitting failed.
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    #[error("the {head} head has no {class} training examples")]
    MissingClass { head: Head, class: &'static str },
    #[error("the {head} head has an empty vocabulary: lower fit.min_document_frequency or add data")]
    EmptyVocabulary { head: Head },
    #[error("linfa could not fit the {head} head: {source}")]
    Linfa { head: Head, source: linfa_bayes::NaiveBayesError },
    #[error("could not read the fitted {head} head back from linfa: {detail}")]
    Export { head: Head, detail: String },
}

/// Which part of the data an example belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    Train,
    Validation,
    Test,
}

/// The features of one example, computed once.
#[derive(Debug, Clone, Default)]
pub struct Featurized {
    /// Features of the whole comment (what serving sees).
    pub full: Vec<u64>,
    /// Features of (toxic spans, rest of post), for span-split sources.
    pub abuse_parts: Option<(Vec<u64>, Vec<u64>)>,
    /// Hash of the normalized text: duplicates share it, and it decides the
    /// split, so a duplicate can never sit on both sides of a split.
    pub text_key: u64,
}

/// Featurizes every example (in parallel, in a deterministic order).
/// Returns the features and the set of features that contain one of the
/// `identity` token hashes.
pub fn featurize_corpus(
    corpus: &Corpus,
    featurizer: &Featurizer,
    identity: &IntSet<u64>,
) -> (Vec<Featurized>, SpecialFeatures) {
    let results: Vec<(Featurized, SpecialFeatures)> = corpus
        .examples
        .par_iter()
        .map_init(Features::default, |scratch, example| {
            let mut special = SpecialFeatures::default();
            let input = CommentInput {
                content: &example.content,
                author_name: example.author_name.as_deref(),
                author_email: example.author_email.as_deref(),
                author_url: example.author_url.as_deref(),
            };
            featurizer.featurize_into(&input, scratch);
            let full = hashes(scratch, identity, &mut special);
            let text_key = xxhash_rust::xxh3::xxh3_64(scratch.normalized.text.as_bytes());
            let abuse_parts = example.abuse_parts.as_ref().map(|(pos, neg)| {
                let mut part = |text: &str| {
                    let mut all = Vec::new();
                    for piece in text.split(PART_SEPARATOR).filter(|p| !p.trim().is_empty()) {
                        featurizer.featurize_into(&CommentInput::text(piece), scratch);
                        all.extend(hashes(scratch, identity, &mut special));
                    }
                    all.sort_unstable();
                    all.dedup();
                    all
                };
                (part(pos), part(neg))
            });
            (Featurized { full, abuse_parts, text_key }, special)
        })
        .collect();
    let mut special = SpecialFeatures::default();
    let mut out = Vec::with_capacity(results.len());
    for (f, s) in results {
        special.extend(s);
        out.push(f);
    }
    (out, special)
}

fn hashes(features: &Features, identity: &IntSet<u64>, special: &mut SpecialFeatures) -> Vec<u64> {
    let mut out = Vec::with_capacity(features.items().len());
    for feature in features.items() {
        out.push(feature.hash);
        if !identity.is_empty() && features.token_hashes_of(feature).iter().any(|h| identity.contains(h)) {
            special.identity.insert(feature.hash);
        }
        if features.is_group_context(feature) {
            special.group_context.insert(feature.hash);
        }
    }
    out
}

/// Features that the abuse head treats apart, found while featurizing.
#[derive(Debug, Clone, Default)]
pub struct SpecialFeatures {
    /// Made of an identity term (alone or in a word pair): no abuse weight.
    pub identity: IntSet<u64>,
    /// Pairs of the `<group>` slot and a word: weighed against the mere
    /// naming of a group ([`HeadParams::group_baseline`]).
    pub group_context: IntSet<u64>,
}

impl SpecialFeatures {
    fn extend(&mut self, other: SpecialFeatures) {
        self.identity.extend(other.identity);
        self.group_context.extend(other.group_context);
    }
}

/// The split of an example, from its text key and the recipe's seed.
pub fn split_of(seed: &str, text_key: u64, train_percent: u8, validation_percent: u8) -> Split {
    let mut bytes = Vec::with_capacity(seed.len() + 8);
    bytes.extend_from_slice(seed.as_bytes());
    bytes.extend_from_slice(&text_key.to_le_bytes());
    let bucket = (xxhash_rust::xxh3::xxh3_64(&bytes) % 100) as u8;
    if bucket < train_percent {
        Split::Train
    } else if bucket < train_percent + validation_percent {
        Split::Validation
    } else {
        Split::Test
    }
}

/// The fold (of `folds`) of an example, for out-of-fold scores. The hash
/// differs from the split's (a fixed seed instead of `split_seed` and
/// no modulo 100), so folds cut across the train split evenly; the folds
/// need not change with the split seed, only be independent of it.
pub fn fold_of(text_key: u64, folds: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(&text_key.to_le_bytes(), 0x666f_6c64) % folds.max(1)
}

/// Which examples a head may use: labeled for that head, and not a
/// duplicate. Duplicates with the same label keep their first copy;
/// duplicates whose labels disagree are all dropped.
pub fn usable_for(corpus: &Corpus, featurized: &[Featurized], head: Head) -> Vec<bool> {
    let mut seen: HashMap<u64, (usize, bool, bool)> = HashMap::new();
    for (i, example) in corpus.examples.iter().enumerate() {
        let Some(label) = *example.labels.get(head) else {
            continue;
        };
        seen.entry(featurized[i].text_key)
            .and_modify(|(_, first_label, conflict)| *conflict |= *first_label != label)
            .or_insert((i, label, false));
    }
    let mut usable = vec![false; corpus.examples.len()];
    for (first, _, conflict) in seen.into_values() {
        if !conflict {
            usable[first] = true;
        }
    }
    usable
}

/// A fitted head: vocabulary and per-feature log-likelihood ratios.
#[derive(Debug, Clone)]
pub struct HeadFit {
    /// Feature hashes, sorted.
    pub vocabulary: Vec<u64>,
    /// The served weight per vocabulary entry: the ratio after shrinkage
    /// and neutral terms.
    pub llr: Vec<f32>,
    /// `ln P(f | positive) - ln P(f | negative)` exactly as linfa fitted it.
    pub raw_llr: Vec<f32>,
    /// Training documents containing each vocabulary entry.
    pub document_frequency: Vec<u32>,
    /// linfa's fitted model (class 1 = positive), kept for verification.
    pub linfa: MultinomialNb<f64, usize>,
}

/// Scales each class to the same total weight (the mean of the two).
///
/// Multinomial naive Bayes smooths each class's feature distribution with
/// the same additive `alpha`. When one class carries thirty times the
/// evidence of the other (all the world's civil comments against a few
/// thousand spams), a feature seen twice in the small class and never in the
/// large one gets a ratio of `ln(30 · 2.5/0.5)`, about five nats, from two
/// sightings: rare words of the small class become decisive. With equal
/// class masses the same feature gets `ln(2.5/0.5)`, and weight has to be
/// earned by frequency. The class prior this discards is restored by
/// calibration.
pub fn balance_classes(rows: &mut [Row<'_>]) {
    let mut mass = [0.0f64; 2];
    for r in rows.iter() {
        mass[usize::from(r.label)] += r.weight;
    }
    if mass[0] <= 0.0 || mass[1] <= 0.0 {
        return;
    }
    let target = (mass[0] + mass[1]) / 2.0;
    let factor = [target / mass[0], target / mass[1]];
    for r in rows.iter_mut() {
        r.weight *= factor[usize::from(r.label)];
    }
}

/// One training row: a feature set, its label, its weight, and the style
/// group of its source.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub features: &'a [u64],
    pub label: bool,
    pub weight: f64,
    pub group: usize,
}

/// Reweights rows so that every style group carries the same share of the
/// positive and of the negative class.
///
/// Naive Bayes learns `P(feature | class)`. When one class comes mostly from
/// tweets and the other mostly from Wikipedia talk pages, it learns the
/// difference in *style* (`my cousin`, `lol` against `article`, `edit`)
/// as if it were the difference between abuse and civility, and then holds a
/// reader's civil story about their cousin. Balancing makes each group's
/// share of the abusive mass equal to its share of the civil mass (the mean
/// of its two raw shares), so style stops predicting the class. Groups with
/// only one class cannot be balanced and keep their weight.
pub fn balance_groups(rows: &mut [Row<'_>]) {
    let mut mass: std::collections::BTreeMap<usize, [f64; 2]> = std::collections::BTreeMap::new();
    for r in rows.iter() {
        mass.entry(r.group).or_insert([0.0; 2])[usize::from(r.label)] += r.weight;
    }
    let both: Vec<(usize, [f64; 2])> = mass.into_iter().filter(|(_, m)| m[0] > 0.0 && m[1] > 0.0).collect();
    let totals = both.iter().fold([0.0; 2], |t, (_, m)| [t[0] + m[0], t[1] + m[1]]);
    if totals[0] <= 0.0 || totals[1] <= 0.0 {
        return;
    }
    let factors: std::collections::BTreeMap<usize, [f64; 2]> = both
        .into_iter()
        .map(|(g, m)| {
            let share = (m[0] / totals[0] + m[1] / totals[1]) / 2.0;
            (g, [share * totals[0] / m[0], share * totals[1] / m[1]])
        })
        .collect();
    for r in rows.iter_mut() {
        if let Some(f) = factors.get(&r.group) {
            r.weight *= f[usize::from(r.label)];
        }
    }
}

/// Fits one head on `rows` with linfa's multinomial naive Bayes.
///
/// `neutral`, if given, holds features that may not point either way: their
/// ratio is set to zero after fitting.
pub fn fit_head(head: Head, rows: &[Row<'_>], params: &HeadParams<'_>) -> Result<HeadFit, FitError> {
    let HeadParams { alpha, min_df, shrinkage, neutral, group_baseline } = *params;
    if !rows.iter().any(|r| r.label) {
        return Err(FitError::MissingClass { head, class: "positive" });
    }
    if !rows.iter().any(|r| !r.label) {
        return Err(FitError::MissingClass { head, class: "negative" });
    }
    let mut df: IntMap<u64, u32> = HashMap::with_capacity_and_hasher(1 << 20, BuildNoHashHasher::default());
    for row in rows {
        for &h in row.features {
            *df.entry(h).or_insert(0) += 1;
        }
    }
    let mut vocabulary: Vec<u64> = df.iter().filter(|&(_, &n)| n >= min_df).map(|(&h, _)| h).collect();
    vocabulary.sort_unstable();
    if vocabulary.is_empty() {
        return Err(FitError::EmptyVocabulary { head });
    }
    let index: IntMap<u64, usize> = vocabulary.iter().enumerate().map(|(i, &h)| (h, i)).collect();
    let mut counts = Array2::<f64>::zeros((2, vocabulary.len()));
    for row in rows {
        let class = usize::from(row.label);
        for h in row.features {
            if let Some(&j) = index.get(h) {
                counts[[class, j]] += row.weight;
            }
        }
    }
    let dataset = Dataset::new(counts, Array1::from(vec![0usize, 1]));
    let linfa =
        MultinomialNb::params().alpha(alpha).fit(&dataset).map_err(|source| FitError::Linfa { head, source })?;
    let [negative, positive] = feature_log_probs(&linfa).map_err(|detail| FitError::Export { head, detail })?;
    if negative.len() != vocabulary.len() || positive.len() != vocabulary.len() {
        return Err(FitError::Export { head, detail: "log-probability arrays do not match the vocabulary".into() });
    }
    let document_frequency: Vec<u32> = vocabulary.iter().map(|h| df[h]).collect();
    let raw_llr: Vec<f32> = positive.iter().zip(&negative).map(|(p, n)| (p - n) as f32).collect();
    // What naming a group says about the class: the part of every
    // `<group>` pair's ratio that is only the naming.
    let baseline = group_baseline.and_then(|(_, mention)| index.get(&mention)).map_or(0.0, |&j| raw_llr[j]);
    let llr = raw_llr
        .iter()
        .zip(&vocabulary)
        .zip(&document_frequency)
        .map(|((&ratio, h), &df)| match (neutral, group_baseline) {
            (Some(set), _) if set.contains(h) => 0.0,
            (_, Some((pairs, _))) if pairs.contains(h) => shrink(ratio - baseline, df, shrinkage),
            _ => shrink(ratio, df, shrinkage),
        })
        .collect();
    Ok(HeadFit { vocabulary, llr, raw_llr, document_frequency, linfa })
}

/// Shrinks a feature's ratio towards zero by how little it was seen:
/// `ratio · df / (df + strength)`. This is Robinson's treatment of rare
/// words in SpamBayes: a bigram seen in five near-identical spam e-mails
/// ("will trade") should not outweigh a word seen in five thousand
/// comments. `strength` 0 turns it off.
pub fn shrink(ratio: f32, document_frequency: u32, strength: f64) -> f32 {
    if strength <= 0.0 {
        return ratio;
    }
    let df = f64::from(document_frequency);
    (f64::from(ratio) * df / (df + strength)) as f32
}

/// How one head is fitted.
#[derive(Debug, Clone, Copy)]
pub struct HeadParams<'a> {
    /// Additive smoothing.
    pub alpha: f64,
    /// Minimum document frequency to enter the vocabulary.
    pub min_df: u32,
    /// Rare-feature shrinkage strength (see [`shrink`]).
    pub shrinkage: f64,
    /// Features whose weight is set to zero (identity terms, abuse head).
    pub neutral: Option<&'a IntSet<u64>>,
    /// `<group>` pair features and the hash of the group-mention feature
    /// (abuse head): each pair's ratio is measured from the mention's, so
    /// that it says what the words around a group add to the naming of a
    /// group, which itself counts for nothing.
    pub group_baseline: Option<(&'a IntSet<u64>, u64)>,
}

/// Reads `[negative, positive]` per-feature log-probabilities out of a
/// fitted model through its serde representation.
pub fn feature_log_probs(model: &MultinomialNb<f64, usize>) -> Result<[Vec<f64>; 2], String> {
    let value = serde_json::to_value(model).map_err(|e| e.to_string())?;
    let class = |label: &str| -> Result<Vec<f64>, String> {
        let data = value
            .pointer(&format!("/class_info/{label}/feature_log_prob/data"))
            .and_then(|d| d.as_array())
            .ok_or_else(|| format!("class {label} has no feature_log_prob in linfa's serialized model"))?;
        data.iter().map(|x| x.as_f64().ok_or_else(|| "non-numeric log-probability".to_string())).collect()
    };
    Ok([class("0")?, class("1")?])
}

/// Per-head training rows for the examples selected by `take`.
/// `groups[s]` is the style group of source `s`.
pub fn rows_for<'a>(
    corpus: &Corpus,
    featurized: &'a [Featurized],
    usable: &PerHead<Vec<bool>>,
    groups: &[usize],
    head: Head,
    take: impl Fn(usize) -> bool,
) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    for (i, example) in corpus.examples.iter().enumerate() {
        if !usable.get(head)[i] || !take(i) {
            continue;
        }
        let Some(label) = *example.labels.get(head) else {
            continue;
        };
        let f = &featurized[i];
        let row =
            |features: &'a [u64], label| Row { features, label, weight: example.weight, group: groups[example.source] };
        match (&f.abuse_parts, head) {
            (Some((pos, neg)), Head::Abuse) if label => {
                rows.push(row(pos, true));
                rows.push(row(neg, false));
            }
            _ => rows.push(row(&f.full, label)),
        }
    }
    rows
}
