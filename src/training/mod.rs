//! Offline training: from the recipe and its datasets to a model file and
//! its model card.
//!
//! The steps, each in its own module:
//!
//! 1. [`recipe`]: read and validate `training/recipe.toml`;
//! 2. [`datasets`]: load every source into labeled examples;
//! 3. [`fit`]: featurize (with the serving featurizer), split each example
//!    by a hash of its text into train / validation / test, and fit each
//!    head with linfa's multinomial naive Bayes on the train split;
//! 4. [`calibration`](crate::model::calibration) and [`thresholds`]: fit
//!    calibration and choose thresholds on the validation split (with
//!    enough moderator labels, the hold threshold on those labels, see
//!    [`recipe::SiteThresholds`]);
//! 5. [`metrics`]: measure the finished model on the test split, which
//!    nothing above has seen;
//! 6. [`card`]: write the model card.
//!
//! Everything is deterministic: no clocks, no random numbers, sorted tables,
//! and sums taken in a fixed order, so the same recipe and data give a
//! byte-identical model (a test checks the shipped one).

pub mod card;
pub mod datasets;
pub mod evaluation;
pub mod feedback;
pub mod fit;
pub mod metrics;
pub mod recipe;
pub mod thresholds;

use crate::model::calibration::{CalibrationExample, RawScore};
use crate::model::format::{HeadParams, ModelFile, ModelHeader, SiteHold, TrainingSummary};
use crate::model::{Calibration, Head, Model, PerHead, Thresholds};
use crate::text::{Featurizer, PIPELINE_VERSION, token_hash};
use datasets::{Corpus, DataError, Example};
use fit::{Featurized, FitError, HeadFit, Split};
use metrics::HeadMetrics;
use nohash_hasher::IntSet;
use recipe::{RecipeError, ThresholdTargets, ValidRecipe};
use std::collections::{BTreeMap, HashMap};

/// Why training failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Recipe(#[from] RecipeError),
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Fit(#[from] FitError),
    #[error("cannot read {path}: {source}")]
    Io { path: std::path::PathBuf, source: std::io::Error },
    #[error("hand-set directories {first} and {second} would be exported to the same place ({key}); name them apart")]
    HandSetsCollide { first: String, second: String, key: String },
    #[error("calibrating the {head} head failed: {detail}")]
    Calibration { head: Head, detail: String },
}

/// A corpus featurized once, ready to be fitted in several ways (the
/// shipped model, and one model per left-out source for evaluation).
pub struct Prepared {
    pub recipe: ValidRecipe,
    pub corpus: Corpus,
    pub featurizer: Featurizer,
    pub featurized: Vec<Featurized>,
    pub splits: Vec<Split>,
    pub usable: PerHead<Vec<bool>>,
    /// Features the abuse head treats apart: those containing an identity
    /// term, the recipe's `abuse_neutral_words` alone and the filled
    /// website field (no weight), and the `<group>` pairs (weighed against
    /// naming).
    pub special: fit::SpecialFeatures,
    /// Features with no spam weight: every `<group>` feature and the filled
    /// website field.
    pub spam_neutral: IntSet<u64>,
    /// Style group index of each source.
    pub groups: Vec<usize>,
}

/// A fitted and calibrated model with what was learned on the way.
pub struct Fitted {
    pub file: ModelFile,
    pub model: Model,
    pub heads: PerHead<HeadFit>,
    /// Metrics on the validation split the thresholds were chosen on.
    pub validation: PerHead<HeadMetrics>,
    /// Training rows per head: (positive, negative).
    pub train_rows: PerHead<(u64, u64)>,
}

impl Prepared {
    /// Featurizes the corpus and assigns splits.
    pub fn new(recipe: ValidRecipe, corpus: Corpus) -> Result<Prepared, TrainError> {
        let identity_words = match &recipe.debias.abuse_neutral_terms {
            Some(path) => read_term_words(&recipe.resolve(path))?,
            None => Vec::new(),
        };
        let identity: IntSet<u64> = identity_words.iter().map(|w| token_hash(w)).collect();
        let mut features = recipe.features.clone();
        if !recipe.debias.group_context_words.is_empty() || recipe.debias.group_window > 0 {
            features.group_words = identity_words;
            features.group_context_words = recipe.debias.group_context_words.clone();
            features.group_window = recipe.debias.group_window;
        }
        let featurizer = Featurizer::new(features);
        tracing::info!(examples = corpus.examples.len(), "featurizing");
        let (featurized, mut special) = fit::featurize_corpus(&corpus, &featurizer, &identity);
        // Naming a group counts for nothing, whatever the word pairs say.
        let mention = crate::text::features::group_mention_hash();
        special.identity.insert(mention);
        // News words weigh nothing alone; their pairs are left to learn
        // whom the violence is aimed at.
        special.identity.extend(
            recipe
                .debias
                .abuse_neutral_words
                .iter()
                .flat_map(|w| crate::text::canonical_words(w))
                .map(|w| token_hash(&w)),
        );
        // The `<group>` features exist for the abuse head: every comment of
        // the abuse data is a spam negative, so the spam head would learn
        // that naming a group means ham.
        let mut spam_neutral = special.group_context.clone();
        if !spam_neutral.is_empty() {
            spam_neutral.insert(mention);
        }
        // That the website field is filled says nothing in either head;
        // what the website is (its domain words and TLD, and the rules)
        // does. Which labelled comments had a website says more about what
        // moderators happened to label than about spam: labels where the
        // spam has websites and the ham has none (as in the experiment of
        // training/eval/README.md) teach "a commenter with a website is a
        // spammer".
        let website = crate::text::features::website_field_hash();
        spam_neutral.insert(website);
        special.identity.insert(website);
        let splits = featurized
            .iter()
            .map(|f| {
                fit::split_of(
                    &recipe.fit.split_seed,
                    f.text_key,
                    recipe.fit.train_percent,
                    recipe.fit.validation_percent,
                )
            })
            .collect();
        let usable = PerHead::new(|head| fit::usable_for(&corpus, &featurized, head));
        let mut group_names: Vec<String> = Vec::new();
        let groups = corpus
            .sources
            .iter()
            .map(|source| {
                let spec = recipe.sources.iter().find(|s| s.name == source.name);
                let name = spec.and_then(|s| s.group.clone()).unwrap_or_else(|| source.name.clone());
                group_names.iter().position(|g| *g == name).unwrap_or_else(|| {
                    group_names.push(name);
                    group_names.len() - 1
                })
            })
            .collect();
        Ok(Prepared { recipe, corpus, featurizer, featurized, splits, usable, special, spam_neutral, groups })
    }

    /// Index of a source by name.
    pub fn source_index(&self, name: &str) -> Option<usize> {
        self.corpus.sources.iter().position(|s| s.name == name)
    }

    /// Fits both heads on the train split, calibrates and chooses
    /// thresholds on the validation split. Examples of `exclude` are not
    /// used at all (leave-one-source-out evaluation).
    pub fn fit(&self, exclude: Option<usize>) -> Result<Fitted, TrainError> {
        let keep = |i: usize, split: Split| self.splits[i] == split && Some(self.corpus.examples[i].source) != exclude;
        let HeadFits { heads, train_rows } = self.fit_heads(|i| keep(i, Split::Train))?;
        // Provisional model (uncalibrated) to score the validation split
        // through the serving code path.
        let mut file = self.uncalibrated_file(&heads);
        let provisional = Model::from_file(file.clone(), String::new());
        let site =
            self.site_labels(exclude).map(|source| self.site_raw_scores(source, &provisional, &keep)).transpose()?;
        let mut validation = PerHead::new(|_| None);
        for head in Head::ALL {
            let raw = self.raw_scores(&provisional, head, |i| keep(i, Split::Validation));
            let targets = self.recipe.thresholds.get(head);
            let labels: Vec<(f64, bool)> = raw.iter().map(|&(r, y)| (r.llr, y)).collect();
            let (pos_w, neg_w) = thresholds::prior_weights(&labels, targets.prior);
            let examples: Vec<CalibrationExample> =
                raw.iter().map(|&(r, y)| (r, y, if y { pos_w } else { neg_w })).collect();
            let calibration = Calibration::fit(&examples).map_err(|detail| TrainError::Calibration { head, detail })?;
            let scored: Vec<(f64, bool)> = raw.iter().map(|&(r, y)| (calibration.probability(r), y)).collect();
            let mut chosen = thresholds::choose(&scored, targets);
            if let Some(site) = &site {
                let site: Vec<(f64, bool)> =
                    site.get(head).iter().map(|&(r, y)| (calibration.probability(r), y)).collect();
                if let Some(record) = self.site_hold(head, &site, chosen) {
                    chosen.hold = record.hold;
                    // Rejecting below the site's hold threshold would turn
                    // away the legitimate comments the labels just kept.
                    chosen.reject = chosen.reject.max(record.hold);
                    file.header.training.site_holds.push(record);
                }
            }
            let params = file.header.heads.get_mut(head);
            params.calibration = calibration;
            params.thresholds = chosen;
            *validation.get_mut(head) = Some(HeadMetrics::compute(&scored, chosen, targets.prior));
        }
        let validation = validation.map(|_, m| m.clone().expect("every head validated"));
        file.header.training.recipe_sha256 = self.recipe.sha256().to_string();
        file.header.training.examples = self.examples_per_source(|i| keep(i, Split::Train));
        let model = Model::from_file(file.clone(), String::new());
        Ok(Fitted { file, model, heads, validation, train_rows })
    }

    /// Fits both heads with linfa on the selected examples.
    fn fit_heads(&self, select: impl Fn(usize) -> bool) -> Result<HeadFits, TrainError> {
        let fit_settings = &self.recipe.fit;
        let mut fits = Vec::new();
        let mut train_rows = PerHead::default();
        for head in Head::ALL {
            let mut rows = fit::rows_for(&self.corpus, &self.featurized, &self.usable, &self.groups, head, &select);
            if *fit_settings.balance_groups.get(head) {
                fit::balance_groups(&mut rows);
            }
            if *fit_settings.balance_classes.get(head) {
                fit::balance_classes(&mut rows);
            }
            *train_rows.get_mut(head) =
                (rows.iter().filter(|r| r.label).count() as u64, rows.iter().filter(|r| !r.label).count() as u64);
            tracing::info!(%head, rows = rows.len(), "fitting with linfa");
            let abuse = head == Head::Abuse;
            let neutral_set = if abuse { &self.special.identity } else { &self.spam_neutral };
            let neutral = (!neutral_set.is_empty()).then_some(neutral_set);
            let group_baseline = (abuse && !self.special.group_context.is_empty())
                .then_some((&self.special.group_context, crate::text::features::group_mention_hash()));
            let params = fit::HeadParams {
                alpha: fit_settings.alpha,
                min_df: fit_settings.min_document_frequency,
                shrinkage: fit_settings.shrinkage,
                neutral,
                group_baseline,
            };
            fits.push(fit::fit_head(head, &rows, &params)?);
        }
        let abuse = fits.pop().expect("two heads");
        let spam = fits.pop().expect("two heads");
        Ok(HeadFits { heads: PerHead { spam, abuse }, train_rows })
    }

    /// A model file of fitted weights, not yet calibrated or thresholded.
    fn uncalibrated_file(&self, heads: &PerHead<HeadFit>) -> ModelFile {
        ModelFile {
            header: ModelHeader {
                pipeline_version: PIPELINE_VERSION,
                features: self.featurizer.config().clone(),
                heads: heads.map(|_, fit| HeadParams {
                    calibration: Calibration::default(),
                    thresholds: Thresholds { hold: 0.5, reject: 0.9 },
                    vocabulary: fit.vocabulary.len() as u64,
                }),
                training: TrainingSummary::default(),
            },
            entries: merge_tables(heads),
        }
    }

    /// The moderator-feedback source, when the recipe chooses hold
    /// thresholds on it and this fit uses it.
    fn site_labels(&self, exclude: Option<usize>) -> Option<usize> {
        let source = self.source_index(FEEDBACK_SOURCE)?;
        (self.recipe.site_thresholds.enabled && exclude != Some(source)).then_some(source)
    }

    /// Raw scores of the site's labels outside the test split: those of the
    /// validation split from `model`, those of the train split out of fold,
    /// each from a model fitted without its fold.
    fn site_raw_scores(
        &self,
        source: usize,
        model: &Model,
        keep: &(impl Fn(usize, Split) -> bool + Sync),
    ) -> Result<PerHead<Vec<(RawScore, bool)>>, TrainError> {
        let is_site = |i: usize| self.corpus.examples[i].source == source;
        let mut out = PerHead::new(|head| self.raw_scores(model, head, |i| is_site(i) && keep(i, Split::Validation)));
        let folds = self.recipe.site_thresholds.folds as u64;
        let fold_of = |i: usize| fit::fold_of(self.featurized[i].text_key, folds);
        for fold in 0..folds {
            let in_fold = |i: usize| is_site(i) && keep(i, Split::Train) && fold_of(i) == fold;
            tracing::info!(fold, folds, "fitting without a fold of the labels, for site thresholds");
            let without = self.fit_heads(|i| keep(i, Split::Train) && !in_fold(i))?;
            let without = Model::from_file(self.uncalibrated_file(&without.heads), String::new());
            for head in Head::ALL {
                out.get_mut(head).extend(self.raw_scores(&without, head, in_fold));
            }
        }
        Ok(out)
    }

    /// The hold threshold the site's labels give a head, if they are
    /// enough.
    fn site_hold(&self, head: Head, site: &[(f64, bool)], chosen: Thresholds) -> Option<SiteHold> {
        let positives = site.iter().filter(|s| s.1).count() as u64;
        let negatives = site.len() as u64 - positives;
        let settings = &self.recipe.site_thresholds;
        let rate = *settings.max_negative_hold_rate.get(head);
        let needed = settings.negatives_needed(head).max(settings.min_labels_per_class as u64);
        if positives < settings.min_labels_per_class as u64 || negatives < needed {
            tracing::info!(%head, positives, negatives, needed, "too few labels to choose the hold threshold on");
            return None;
        }
        let Some(allowed) = thresholds::negatives_allowed(negatives, rate, settings.confidence) else {
            // `negatives_needed` makes this unreachable; refusing is still
            // the safe reading of "cannot show the budget".
            tracing::info!(%head, negatives, "too few negative labels to show the budget kept");
            return None;
        };
        let targets = ThresholdTargets { max_negative_hold_rate: rate, ..*self.recipe.thresholds.get(head) };
        let found = thresholds::hold_on(site, &targets, allowed);
        if found.is_none() {
            // Enough labels, and no cut holds few enough of the site's
            // legitimate comments precisely enough: the public data's
            // threshold would be worse here, so only rejects act.
            tracing::warn!(%head, positives, negatives, "the labels meet the hold targets at no threshold; holding nothing below reject");
        }
        let hold = found.unwrap_or(chosen.reject);
        let share = |label: bool| {
            let of = site.iter().filter(|s| s.1 == label);
            of.clone().filter(|s| s.0 >= hold).count() as f64 / of.count().max(1) as f64
        };
        tracing::info!(%head, positives, negatives, allowed, validation = chosen.hold, labels = hold, "hold threshold from the labels");
        Some(SiteHold {
            head,
            positives,
            negatives,
            hold,
            met: found.is_some(),
            raises_reject: hold > chosen.reject,
            recall: share(true),
            negatives_held: share(false),
            validation_hold: chosen.hold,
        })
    }

    /// Raw (uncalibrated) scores and labels of the selected usable examples
    /// of a head.
    pub fn raw_scores(
        &self,
        model: &Model,
        head: Head,
        select: impl Fn(usize) -> bool + Sync,
    ) -> Vec<(RawScore, bool)> {
        use rayon::prelude::*;
        (0..self.corpus.examples.len())
            .into_par_iter()
            .filter(|&i| self.usable.get(head)[i] && select(i))
            .filter_map(|i| {
                let label = (*self.corpus.examples[i].labels.get(head))?;
                let s = model.score_hashes(self.featurized[i].full.iter().copied());
                Some((s.get(head).raw, label))
            })
            .collect()
    }

    /// Calibrated `(probability, label)` of the selected usable examples.
    pub fn scored(&self, model: &Model, head: Head, select: impl Fn(usize) -> bool + Sync) -> Vec<(f64, bool)> {
        let calibration = model.header().heads.get(head).calibration;
        self.raw_scores(model, head, select).into_iter().map(|(raw, y)| (calibration.probability(raw), y)).collect()
    }

    fn examples_per_source(&self, select: impl Fn(usize) -> bool) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for (i, example) in self.corpus.examples.iter().enumerate() {
            if select(i) && (self.usable.spam[i] || self.usable.abuse[i]) {
                *out.entry(self.corpus.sources[example.source].name.clone()).or_insert(0) += 1;
            }
        }
        out
    }

    /// Display text for the given feature hashes, found by re-featurizing
    /// the corpus (the model itself stores only hashes).
    pub fn describe(&self, wanted: &IntSet<u64>) -> HashMap<u64, String> {
        use rayon::prelude::*;
        let found: Vec<(u64, String)> = self
            .corpus
            .examples
            .par_iter()
            .map_init(crate::text::Features::default, |scratch, example| {
                let input = crate::text::CommentInput {
                    content: &example.content,
                    author_name: example.author_name.as_deref(),
                    author_email: example.author_email.as_deref(),
                    author_url: example.author_url.as_deref(),
                };
                self.featurizer.featurize_into(&input, scratch);
                scratch
                    .items()
                    .iter()
                    .filter(|f| wanted.contains(&f.hash))
                    .map(|f| (f.hash, scratch.display(f).into_owned()))
                    .collect::<Vec<_>>()
            })
            .flatten()
            .collect();
        let mut out: HashMap<u64, String> = HashMap::new();
        for (hash, text) in found {
            out.entry(hash)
                .and_modify(|t| {
                    if text < *t {
                        *t = text.clone();
                    }
                })
                .or_insert(text);
        }
        out
    }
}

/// Both heads fitted, with their training rows: (positive, negative).
struct HeadFits {
    heads: PerHead<HeadFit>,
    train_rows: PerHead<(u64, u64)>,
}

/// Merges both heads' tables into one sorted table; zero marks a feature
/// outside a head's vocabulary.
fn merge_tables(heads: &PerHead<HeadFit>) -> Vec<(u64, [f32; 2])> {
    let mut table: BTreeMap<u64, [f32; 2]> = BTreeMap::new();
    for head in Head::ALL {
        let fit = heads.get(head);
        for (&hash, &llr) in fit.vocabulary.iter().zip(&fit.llr) {
            table.entry(hash).or_insert([0.0; 2])[head.index()] = llr;
        }
    }
    table.into_iter().collect()
}

/// Reads a terms file: whitespace-separated words, `#` starts a comment.
/// Words are run through the tokenizer so they match what the model sees;
/// the result is sorted and without repeats.
pub fn read_term_words(path: &std::path::Path) -> Result<Vec<String>, TrainError> {
    let text = std::fs::read_to_string(path).map_err(|source| TrainError::Io { path: path.to_path_buf(), source })?;
    // The same reading of the file as the identity-attack rule's.
    let mut words: Vec<String> = crate::text::listed_words(&text).flat_map(crate::text::canonical_words).collect();
    words.sort_unstable();
    words.dedup();
    Ok(words)
}

/// Everything `moderator train` produces.
pub struct TrainOutput {
    pub prepared: Prepared,
    pub fitted: Fitted,
    /// Metrics of the finished model on the test split.
    pub test: PerHead<HeadMetrics>,
}

/// The source name moderator labels train under.
pub const FEEDBACK_SOURCE: &str = "moderator-feedback";

/// Adds moderator labels to the corpus as one more source,
/// [`FEEDBACK_SOURCE`], weighted by `fit.feedback_weight`.
pub fn add_feedback(corpus: &mut Corpus, recipe: &ValidRecipe, feedback: Vec<Example>) {
    if !feedback.is_empty() {
        corpus.add_source(FEEDBACK_SOURCE, recipe.fit.feedback_weight, feedback);
    }
}

/// Trains the model a recipe describes, optionally with extra labeled
/// examples (moderator feedback) as one more source.
pub fn train(recipe: ValidRecipe, feedback: Vec<Example>) -> Result<TrainOutput, TrainError> {
    let mut corpus = Corpus::load(&recipe)?;
    let feedback_labels = feedback.len() as u64;
    add_feedback(&mut corpus, &recipe, feedback);
    let prepared = Prepared::new(recipe, corpus)?;
    let mut fitted = prepared.fit(None)?;
    let test = PerHead::new(|head| {
        let scored = prepared.scored(&fitted.model, head, |i| prepared.splits[i] == Split::Test);
        HeadMetrics::compute(
            &scored,
            fitted.file.header.heads.get(head).thresholds,
            prepared.recipe.thresholds.get(head).prior,
        )
    });
    fitted.file.header.training.feedback_labels = feedback_labels;
    fitted.file.header.training.test_roc_auc = test.map(|_, m| m.roc_auc);
    let (file, version) = ModelFile::from_bytes(&fitted.file.to_bytes(), std::path::Path::new("<trained>"))
        .expect("a freshly trained model is valid");
    fitted.model = Model::from_file(file, version);
    Ok(TrainOutput { prepared, fitted, test })
}
