//! The training recipe: which files, which columns, how each dataset's
//! labels map onto the two heads, and the fitting settings.
//!
//! The recipe is data, not code (`training/recipe.toml`), because what a
//! label *means* differs between datasets and deserves to be read and
//! reviewed: Davidson's "offensive" is not Jigsaw's "toxic", and every post
//! in the Civil Comments toxic-spans set is toxic by construction. Paths in a
//! recipe are relative to the recipe file.
//!
//! Following linfa's pattern, a [`Recipe`] is parsed as written and then
//! checked into a [`ValidRecipe`]: only a validated recipe can be trained on.

use super::thresholds;
use crate::model::PerHead;
use crate::text::FeatureConfig;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Why a recipe cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RecipeError {
    #[error("cannot read recipe {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("recipe {path} is not valid TOML for a recipe: {source}")]
    Parse { path: PathBuf, source: toml::de::Error },
    #[error("recipe {path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// A recipe as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    /// Template of the model card, with `{{placeholders}}` filled by
    /// training.
    pub card_template: PathBuf,
    pub fit: FitSettings,
    #[serde(default)]
    pub features: FeatureConfig,
    pub thresholds: PerHead<ThresholdTargets>,
    #[serde(default)]
    pub site_thresholds: SiteThresholds,
    #[serde(default)]
    pub debias: Debias,
    #[serde(rename = "source")]
    pub sources: Vec<SourceSpec>,
}

/// Fitting settings shared by both heads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FitSettings {
    /// Salt for the deterministic train / validation / test split.
    pub split_seed: String,
    /// Percent of examples for fitting the classifier.
    pub train_percent: u8,
    /// Percent for calibration and threshold choice; the rest is the test
    /// split that the reported metrics come from.
    pub validation_percent: u8,
    /// Additive (Laplace/Lidstone) smoothing of feature counts.
    pub alpha: f64,
    /// A feature must occur in at least this many training examples of a
    /// head to enter its vocabulary.
    pub min_document_frequency: u32,
    /// Strength of rare-feature shrinkage (Robinson's `s` in SpamBayes):
    /// a feature's weight is multiplied by `df / (df + shrinkage)`. 0: off.
    #[serde(default)]
    pub shrinkage: f64,
    /// Weight of each moderator feedback label (in-domain data counts more).
    #[serde(default = "default_feedback_weight")]
    pub feedback_weight: f64,
    /// Per head: whether source groups are balanced across classes (see
    /// [`crate::training::fit::balance_groups`]).
    #[serde(default)]
    pub balance_groups: PerHead<bool>,
    /// Per head: whether the two classes are scaled to equal total weight
    /// (see [`crate::training::fit::balance_classes`]).
    #[serde(default)]
    pub balance_classes: PerHead<bool>,
}

fn default_feedback_weight() -> f64 {
    5.0
}

/// Targets that calibration and thresholds are chosen from, on validation
/// data.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdTargets {
    /// Share of positives (spam, abuse) expected where the model is
    /// deployed. The training mixture's share is an accident of which
    /// datasets exist; validation examples are reweighted to this share, so
    /// probabilities and precisions mean what they would on a real site.
    pub prior: f64,
    /// Lowest precision allowed among comments that are held or rejected.
    pub hold_precision: f64,
    /// Highest share of negative (ham / civil) validation comments that may
    /// be held.
    pub max_negative_hold_rate: f64,
    /// Lowest precision allowed among rejected comments.
    pub reject_precision: f64,
}

/// Hold thresholds chosen on a site's own labels.
///
/// Trained with moderator labels (`--with-feedback`), a head whose labels
/// outside the test split hold at least `min_labels_per_class` of each
/// class (and enough negatives that its budget allows
/// [`MIN_NEGATIVES_WITHIN_BUDGET`] of them to be held, and the budget can be
/// shown at all: see [`SiteThresholds::negatives_needed`]) has its hold
/// threshold chosen on those labels alone: the head's hold precision target,
/// with `max_negative_hold_rate` of the site's ham or civil labels as the
/// budget, kept with `confidence` (the threshold holds few enough labels
/// that the share of *all* the site's legitimate comments held is within
/// the budget at that confidence, not merely the share of the labels). The public validation data is not the site, and a model trained
/// with the site's labels ranks the site's comments better than a threshold
/// set on Wikipedia talk and tweets can use. The labels of the validation
/// split are scored as they are; those of the train split are scored out of
/// fold (`folds` extra fits, each without a fold of the labels), so that the
/// threshold rests on every label the test split does not hold. If no
/// threshold meets the targets on the labels, the hold threshold becomes the
/// reject threshold. Reject thresholds stay on the whole validation split (a
/// 97–99% precision target needs more labels than most sites have), but
/// never below the hold threshold the labels gave.
///
/// Labels are not a random sample of a site's comments: moderators label
/// what they were shown (holds, reports) more than what passed, so the
/// share of labelled negatives held is measured on harder comments than
/// the site's average, which errs on the side of holding less.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteThresholds {
    /// Off: thresholds come from the whole validation split, labels or not.
    pub enabled: bool,
    /// Fewest labels of each class (e.g. abusive and civil) a head needs.
    pub min_labels_per_class: u32,
    /// Folds for the out-of-fold scores of the train split's labels.
    pub folds: u32,
    /// Per head, the highest share of the site's negative labels (ham,
    /// civil) that may be held; it replaces the head's
    /// `max_negative_hold_rate` when the labels choose. A site's own
    /// legitimate comments are the ones the product promises to accept, so
    /// this is the product's target (99% and 98% accepted).
    pub max_negative_hold_rate: PerHead<f64>,
    /// One-sided confidence with which the budget is kept (0.5 to 0.999).
    /// A threshold fitted to a few hundred labels holds more of the next
    /// comments than of the labels it was fitted to; at 0.95, 603 civil
    /// labels and a 2% budget allow 6 held rather than 12. Recipes written
    /// before it existed read as 0.95.
    #[serde(default = "default_site_confidence")]
    pub confidence: f64,
}

fn default_site_confidence() -> f64 {
    0.95
}

/// Fewest negatives a site budget must allow to be held: with fewer, one
/// or two labels would set the threshold.
pub const MIN_NEGATIVES_WITHIN_BUDGET: f64 = 5.0;

impl SiteThresholds {
    /// Negative labels a head needs: enough that its budget is
    /// [`MIN_NEGATIVES_WITHIN_BUDGET`] of them, and that holding none of
    /// them would show the budget kept with `confidence` (e.g. 250 civil
    /// labels for a 2% budget, 500 ham labels for 1%, at 0.95).
    pub fn negatives_needed(&self, head: crate::model::Head) -> u64 {
        let budget = *self.max_negative_hold_rate.get(head);
        let by_budget = (MIN_NEGATIVES_WITHIN_BUDGET / budget).ceil() as u64;
        // (1 - budget)^n <= 1 - confidence: the chance that a threshold
        // holding `budget` of all comments would hold none of n labels.
        let to_show_none =
            if budget >= 1.0 { 1 } else { ((1.0 - self.confidence).ln() / (-budget).ln_1p()).ceil() as u64 };
        by_budget.max(to_show_none)
    }
}

impl Default for SiteThresholds {
    fn default() -> Self {
        SiteThresholds {
            enabled: true,
            min_labels_per_class: 100,
            folds: 5,
            max_negative_hold_rate: PerHead { spam: 0.01, abuse: 0.02 },
            confidence: default_site_confidence(),
        }
    }
}

/// Largest `debias.group_window`: beyond a clause, "near a group" stops
/// meaning "about the group".
const MAX_GROUP_WINDOW: u32 = 10;

/// Fairness constraints on what the abuse head may learn.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Debias {
    /// A file of identity terms (one per line, `#` comments). Features made
    /// of these terms (alone or in a word pair) may not count towards abuse:
    /// their abuse weight is set to zero.
    pub abuse_neutral_terms: Option<PathBuf>,
    /// Words that, next to an identity term, also make a feature with the
    /// term replaced by one `<group>` slot (`<group> are`, `all <group>`).
    /// Needs `abuse_neutral_terms`.
    #[serde(default)]
    pub group_context_words: Vec<String>,
    /// Tokens on each side of an identity term whose words are also
    /// features as `near <group>: WORD` (0 to 10; 0: none). Needs
    /// `abuse_neutral_terms`.
    ///
    /// Both kinds of `<group>` features keep an abuse weight, measured
    /// from that of naming a group at all (which itself counts for
    /// nothing): abuse is in what is said about a group, and one slot for
    /// every group scores them all alike.
    #[serde(default)]
    pub group_window: u32,
    /// Words of the news that carry no abuse weight on their own (`kill`,
    /// `rape`, `death`): the word alone is what a report of a war and a
    /// threat share, so only the word pairs it makes (`kill you`, `will
    /// kill`) and its `near <group>` features may count.
    #[serde(default)]
    pub abuse_neutral_words: Vec<String>,
}

/// One dataset and how its labels map onto the heads. (Unknown keys are
/// caught by [`Layout`], which receives every key not named here.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceSpec {
    /// Short name, used in reports and for leave-one-source-out folds.
    pub name: String,
    /// License of the data, shown in the model card.
    #[serde(default)]
    pub license: String,
    /// Style group (e.g. `social`, `wiki`, `news`); sources of one group
    /// write alike. Defaults to the source's name.
    #[serde(default)]
    pub group: Option<String>,
    /// How the files are laid out.
    #[serde(flatten)]
    pub layout: Layout,
    /// Multiplies this source's counts.
    #[serde(default = "one")]
    pub weight: f64,
    /// Regular expressions removed from the text before featurizing
    /// (dataset artefacts such as `<user>` placeholders).
    #[serde(default)]
    pub remove: Vec<String>,
    /// Label mapping for the spam head; absent: not used for spam.
    pub spam: Option<LabelMap>,
    /// Label mapping for the abuse head; absent: not used for abuse.
    pub abuse: Option<LabelMap>,
}

fn one() -> f64 {
    1.0
}

/// File layouts the loader understands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "format", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Layout {
    /// Delimited text with one example per record.
    Table {
        files: Vec<PathBuf>,
        /// Field delimiter: `,` or `\t`.
        #[serde(default = "comma")]
        delimiter: String,
        /// Column names when the files have no header row.
        #[serde(default)]
        columns: Option<Vec<String>>,
        /// Columns joined (with a newline) into the comment text.
        text: Vec<String>,
        /// Column holding the author's name, if any.
        #[serde(default)]
        author: Option<String>,
        /// Column holding the label.
        label: Option<String>,
    },
    /// The Civil Comments toxic-spans layout: posts, per-rater annotations
    /// and per-annotation character spans.
    ToxicSpans { comments: PathBuf, annotations: PathBuf, spans: PathBuf },
}

fn comma() -> String {
    ",".into()
}

/// How a source's labels map onto one head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelMap {
    /// Label values that mean "positive" (spam, abusive).
    #[serde(default)]
    pub positive: Vec<String>,
    /// Label values that mean "negative"; `["*"]` means every example.
    #[serde(default)]
    pub negative: Vec<String>,
    /// For the toxic-spans layout: train on the toxic spans as positive
    /// and the rest of each post as negative.
    #[serde(default)]
    pub split_spans: bool,
}

impl LabelMap {
    /// The head label of an example with this label value.
    pub fn label(&self, value: &str) -> Option<bool> {
        let value = value.trim();
        if self.positive.iter().any(|p| p == value) {
            Some(true)
        } else if self.negative.iter().any(|n| n == "*" || n == value) {
            Some(false)
        } else {
            None
        }
    }
}

/// A recipe that has passed validation, with paths resolved.
#[derive(Debug, Clone)]
pub struct ValidRecipe {
    recipe: Recipe,
    base: PathBuf,
    path: PathBuf,
    sha256: String,
}

impl std::ops::Deref for ValidRecipe {
    type Target = Recipe;
    fn deref(&self) -> &Recipe {
        &self.recipe
    }
}

impl Recipe {
    /// Reads and validates a recipe file.
    pub fn load(path: &Path) -> Result<ValidRecipe, RecipeError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| RecipeError::Io { path: path.to_path_buf(), source })?;
        let recipe: Recipe =
            toml::from_str(&text).map_err(|source| RecipeError::Parse { path: path.to_path_buf(), source })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let sha256 = crate::model::format::hex(&<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()));
        recipe.check(path, base, sha256)
    }

    /// Validates the recipe, as linfa validates hyper-parameters.
    pub fn check(self, path: &Path, base: PathBuf, sha256: String) -> Result<ValidRecipe, RecipeError> {
        let invalid = |message: String| RecipeError::Invalid { path: path.to_path_buf(), message };
        let fit = &self.fit;
        if fit.train_percent == 0
            || fit.validation_percent == 0
            || fit.train_percent as u32 + fit.validation_percent as u32 >= 100
        {
            return Err(invalid(
                "fit.train_percent and fit.validation_percent must be positive and leave room for a test split".into(),
            ));
        }
        if !(fit.alpha.is_finite() && fit.alpha > 0.0) {
            return Err(invalid(format!("fit.alpha must be positive, got {}", fit.alpha)));
        }
        if !(fit.feedback_weight.is_finite() && fit.feedback_weight > 0.0) {
            return Err(invalid("fit.feedback_weight must be positive".into()));
        }
        if self.features.max_bytes == 0 || self.features.max_tokens == 0 {
            return Err(invalid("features.max_bytes and features.max_tokens must be positive".into()));
        }
        self.features.validate().map_err(|e| invalid(format!("features.word_classes: {e}")))?;
        if !self.features.group_words.is_empty()
            || !self.features.group_context_words.is_empty()
            || self.features.group_window > 0
        {
            return Err(invalid(
                "features.group_words, group_context_words and group_window are set by [debias] (group_context_words, group_window), from the identity terms".into(),
            ));
        }
        for head in crate::model::Head::ALL {
            let t = self.thresholds.get(head);
            if !(t.prior > 0.0 && t.prior < 1.0) {
                return Err(invalid(format!("thresholds.{head}.prior must be in (0, 1), got {}", t.prior)));
            }
            let site_rate = *self.site_thresholds.max_negative_hold_rate.get(head);
            for (key, v) in [
                (format!("thresholds.{head}.hold_precision"), t.hold_precision),
                (format!("thresholds.{head}.reject_precision"), t.reject_precision),
                (format!("thresholds.{head}.max_negative_hold_rate"), t.max_negative_hold_rate),
                (format!("site_thresholds.max_negative_hold_rate.{head}"), site_rate),
            ] {
                if !(v.is_finite() && v > 0.0 && v <= 1.0) {
                    return Err(invalid(format!("{key} must be in (0, 1], got {v}")));
                }
            }
        }
        let site = &self.site_thresholds;
        if site.enabled && (site.folds < 2 || site.folds > 20) {
            return Err(invalid(format!("site_thresholds.folds must be between 2 and 20, got {}", site.folds)));
        }
        if site.enabled && !(0.5..=0.999).contains(&site.confidence) {
            return Err(invalid(format!(
                "site_thresholds.confidence must be between 0.5 and 0.999, got {}",
                site.confidence
            )));
        }
        if site.enabled && site.min_labels_per_class < thresholds::MIN_SUPPORT as u32 {
            return Err(invalid(format!(
                "site_thresholds.min_labels_per_class must be at least {}, got {}",
                thresholds::MIN_SUPPORT,
                site.min_labels_per_class
            )));
        }
        if self.sources.is_empty() {
            return Err(invalid("at least one [[source]] is needed".into()));
        }
        let mut names = std::collections::BTreeSet::new();
        for source in &self.sources {
            if !names.insert(source.name.as_str()) {
                return Err(invalid(format!("source name {:?} is used twice", source.name)));
            }
            if !(source.weight.is_finite() && source.weight > 0.0) {
                return Err(invalid(format!("source {:?}: weight must be positive", source.name)));
            }
            if source.spam.is_none() && source.abuse.is_none() {
                return Err(invalid(format!("source {:?} maps its labels to neither head", source.name)));
            }
            for pattern in &source.remove {
                regex::Regex::new(pattern)
                    .map_err(|e| invalid(format!("source {:?}: bad remove pattern {pattern:?}: {e}", source.name)))?;
            }
            match &source.layout {
                Layout::Table { files, delimiter, text, label, .. } => {
                    if files.is_empty() || text.is_empty() {
                        return Err(invalid(format!("source {:?} needs files and text columns", source.name)));
                    }
                    if delimiter.len() != 1 {
                        return Err(invalid(format!("source {:?}: delimiter must be one byte", source.name)));
                    }
                    let needs_label = [&source.spam, &source.abuse]
                        .into_iter()
                        .flatten()
                        .any(|m| !m.positive.is_empty() || m.negative.iter().any(|n| n != "*"));
                    if needs_label && label.is_none() {
                        return Err(invalid(format!(
                            "source {:?} maps label values but names no label column",
                            source.name
                        )));
                    }
                    for file in files {
                        require_file(&base.join(file), path, &source.name)?;
                    }
                }
                Layout::ToxicSpans { comments, annotations, spans } => {
                    for file in [comments, annotations, spans] {
                        require_file(&base.join(file), path, &source.name)?;
                    }
                }
            }
        }
        require_file(&base.join(&self.card_template), path, "card_template")?;
        if let Some(terms) = &self.debias.abuse_neutral_terms {
            require_file(&base.join(terms), path, "debias")?;
        } else if !self.debias.group_context_words.is_empty() || self.debias.group_window > 0 {
            return Err(invalid(
                "debias.group_context_words and debias.group_window need debias.abuse_neutral_terms".into(),
            ));
        }
        if self.debias.group_window > MAX_GROUP_WINDOW {
            return Err(invalid(format!(
                "debias.group_window must be at most {MAX_GROUP_WINDOW}, got {}",
                self.debias.group_window
            )));
        }
        // The model's own check of these words, as they will be stored.
        FeatureConfig { group_context_words: self.debias.group_context_words.clone(), ..FeatureConfig::default() }
            .validate()
            .map_err(|e| invalid(format!("debias.group_context_words: {e}")))?;
        Ok(ValidRecipe { recipe: self, base, path: path.to_path_buf(), sha256 })
    }
}

fn require_file(file: &Path, recipe: &Path, owner: &str) -> Result<(), RecipeError> {
    if file.is_file() {
        Ok(())
    } else {
        Err(RecipeError::Invalid {
            path: recipe.to_path_buf(),
            message: format!("{owner}: file {} does not exist", file.display()),
        })
    }
}

impl ValidRecipe {
    /// Resolves a path written in the recipe.
    pub fn resolve(&self, relative: &Path) -> PathBuf {
        self.base.join(relative)
    }

    /// The recipe file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// SHA-256 of the recipe file, recorded in the model.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// A copy with the same settings but only the named source left out
    /// (for leave-one-source-out evaluation).
    pub fn without_source(&self, name: &str) -> ValidRecipe {
        let mut copy = self.clone();
        copy.recipe.sources.retain(|s| s.name != name);
        copy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_maps_match_values_and_wildcards() {
        let map = LabelMap { positive: vec!["1".into()], negative: vec!["0".into()], split_spans: false };
        assert_eq!(map.label("1"), Some(true));
        assert_eq!(map.label(" 0 "), Some(false));
        assert_eq!(map.label("2"), None);
        let all = LabelMap { positive: vec![], negative: vec!["*".into()], split_spans: false };
        assert_eq!(all.label("anything"), Some(false));
    }

    #[test]
    fn invalid_recipes_are_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recipe.toml");
        std::fs::write(&path, "card_template='c.md'\n[fit]\nsplit_seed='x'\ntrain_percent=80\nvalidation_percent=30\nalpha=1\nmin_document_frequency=1\n[thresholds.spam]\nprior=0.1\nhold_precision=0.8\nmax_negative_hold_rate=0.05\nreject_precision=0.99\n[thresholds.abuse]\nprior=0.1\nhold_precision=0.8\nmax_negative_hold_rate=0.05\nreject_precision=0.99\n[[source]]\nname='a'\nformat='table'\nfiles=['a.csv']\ntext=['t']\nlabel='l'\n[source.spam]\npositive=['1']\n").unwrap();
        let err = Recipe::load(&path).unwrap_err().to_string();
        assert!(err.contains("test split"), "{err}");
    }

    #[test]
    fn a_budget_needs_labels_enough_to_show_it() {
        use crate::model::Head;
        let site = SiteThresholds::default();
        assert_eq!((site.negatives_needed(Head::Abuse), site.negatives_needed(Head::Spam)), (250, 500));
        // At 0.999, holding none of 250 civil labels (which a 2% share does
        // 0.6% of the time) no longer shows the budget kept.
        let sure = SiteThresholds { confidence: 0.999, ..site };
        assert_eq!(sure.negatives_needed(Head::Abuse), 342, "0.98^342 < 0.001");
        assert_eq!(sure.negatives_needed(Head::Spam), 688, "0.99^688 < 0.001");
        for head in Head::ALL {
            let needed = sure.negatives_needed(head);
            let budget = *sure.max_negative_hold_rate.get(head);
            assert_eq!(thresholds::negatives_allowed(needed, budget, sure.confidence), Some(0));
            assert_eq!(thresholds::negatives_allowed(needed - 1, budget, sure.confidence), None);
        }
    }

    #[test]
    fn site_threshold_settings_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recipe.toml");
        std::fs::write(dir.path().join("a.csv"), "t,l\nhello,1\n").unwrap();
        std::fs::write(dir.path().join("c.md"), "card").unwrap();
        let base = "card_template='c.md'\n[fit]\nsplit_seed='x'\ntrain_percent=80\nvalidation_percent=10\nalpha=1\nmin_document_frequency=1\n[thresholds.spam]\nprior=0.1\nhold_precision=0.8\nmax_negative_hold_rate=0.05\nreject_precision=0.99\n[thresholds.abuse]\nprior=0.1\nhold_precision=0.8\nmax_negative_hold_rate=0.05\nreject_precision=0.99\n[[source]]\nname='a'\nformat='table'\nfiles=['a.csv']\ntext=['t']\nlabel='l'\n[source.spam]\npositive=['1']\n";
        let site = |folds: u32, min: u32, abuse_rate: f64, confidence: f64| {
            format!(
                "[site_thresholds]\nenabled=true\nmin_labels_per_class={min}\nfolds={folds}\nmax_negative_hold_rate={{ spam = 0.01, abuse = {abuse_rate} }}\nconfidence={confidence}\n"
            )
        };
        for (settings, expected) in [
            (site(1, 100, 0.02, 0.95), "site_thresholds.folds"),
            (site(5, 3, 0.02, 0.95), "site_thresholds.min_labels_per_class"),
            (site(5, 100, 0.0, 0.95), "site_thresholds.max_negative_hold_rate.abuse"),
            (site(5, 100, 0.02, 1.0), "site_thresholds.confidence"),
            (site(5, 100, 0.02, 0.2), "site_thresholds.confidence"),
        ] {
            std::fs::write(&path, format!("{base}{settings}")).unwrap();
            let err = Recipe::load(&path).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
        std::fs::write(&path, format!("{base}{}", site(5, 100, 0.02, 0.95))).unwrap();
        assert_eq!(Recipe::load(&path).unwrap().site_thresholds.folds, 5);
        std::fs::write(&path, base).unwrap();
        assert_eq!(
            Recipe::load(&path).unwrap().site_thresholds,
            SiteThresholds::default(),
            "the section may be left out"
        );
    }
}
