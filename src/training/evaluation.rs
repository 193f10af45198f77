//! `moderator eval`: evaluation that predicts the real world.
//!
//! A random held-out split flatters any model: train and test share every
//! dataset's quirks. So besides it, every source is also left out in turn
//! (train and calibrate on the others, test on the one left out), and the
//! model is run on the hand-written sets in `training/eval/`: civil comments
//! on hard news topics, identity-term sentences and their toxic
//! counterparts, and comment-form spam.
//!
//! Peers are measured on exactly the same splits: [`export_splits`] writes
//! every fold's train / validation / test rows as JSON Lines, the peer
//! script (`training/peers/peers.py`) writes its probabilities beside them,
//! and [`peer_metrics`] scores those with the same metric code. Peer
//! thresholds are chosen by the same target procedure on the same
//! validation rows, so decisions are compared like for like.

use super::fit::Split;
use super::metrics::{HeadMetrics, roc_auc};
use super::{Prepared, TrainError, thresholds};
use crate::model::{Head, Model, PerHead, Thresholds};
use crate::text::CommentInput;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// One fold: which examples train, calibrate and test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fold {
    /// The recipe's random train / validation / test split.
    Random,
    /// Every source but one trains and calibrates; the left-out one tests.
    LeaveOut(usize),
}

impl Fold {
    pub fn name(&self, prepared: &Prepared) -> String {
        match self {
            Fold::Random => "random".into(),
            Fold::LeaveOut(s) => format!("without-{}", prepared.corpus.sources[*s].name),
        }
    }

    /// The split an example plays in this fold, if any.
    pub fn role(&self, prepared: &Prepared, i: usize) -> Option<Split> {
        let split = prepared.splits[i];
        match self {
            Fold::Random => Some(split),
            Fold::LeaveOut(s) if prepared.corpus.examples[i].source == *s => Some(Split::Test),
            Fold::LeaveOut(_) => (split != Split::Test).then_some(split),
        }
    }
}

/// Metrics of one head on one fold, for us and for each peer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FoldResult {
    pub fold: String,
    pub head: Head,
    pub ours: HeadMetrics,
    /// Peer name → metrics on the same test rows.
    pub peers: BTreeMap<String, HeadMetrics>,
}

/// A hand-written evaluation comment.
#[derive(Debug, Clone, Deserialize)]
pub struct HandComment {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub author_name: Option<String>,
    #[serde(default)]
    pub author_email: Option<String>,
    #[serde(default)]
    pub author_url: Option<String>,
    /// Identity set only.
    #[serde(default)]
    pub identity: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub toxic: Option<bool>,
}

impl HandComment {
    pub fn input(&self) -> CommentInput<'_> {
        CommentInput {
            content: &self.text,
            author_name: self.author_name.as_deref().filter(|s| !s.is_empty()),
            author_email: self.author_email.as_deref().filter(|s| !s.is_empty()),
            author_url: self.author_url.as_deref().filter(|s| !s.is_empty()),
        }
    }
}

/// The three hand-written sets.
#[derive(Debug, Clone, Default)]
pub struct HandSets {
    pub civil: Vec<HandComment>,
    pub identity: Vec<HandComment>,
    pub spam: Vec<HandComment>,
}

impl HandSets {
    /// Reads `civil_hard_topics.jsonl`, `identity_bias.jsonl` and
    /// `comment_spam.jsonl` from `dir`.
    pub fn load(dir: &Path) -> Result<HandSets, TrainError> {
        let read = |name: &str| -> Result<Vec<HandComment>, TrainError> {
            let path = dir.join(name);
            let text =
                std::fs::read_to_string(&path).map_err(|source| TrainError::Io { path: path.clone(), source })?;
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .enumerate()
                .map(|(n, line)| {
                    serde_json::from_str(line).map_err(|e| TrainError::Io {
                        path: path.clone(),
                        source: std::io::Error::new(std::io::ErrorKind::InvalidData, format!("line {}: {e}", n + 1)),
                    })
                })
                .collect()
        };
        Ok(HandSets {
            civil: read("civil_hard_topics.jsonl")?,
            identity: read("identity_bias.jsonl")?,
            spam: read("comment_spam.jsonl")?,
        })
    }

    /// The civil set alone, every comment from a reader with a personal
    /// website. The sites take turns from [`READER_WEBSITES`], so that the
    /// ones a rule reads as an advertiser's (a hyphen in the name) are
    /// among them.
    fn civil_with_website(&self) -> HandSets {
        let civil = self
            .civil
            .iter()
            .zip(READER_WEBSITES.iter().cycle())
            .map(|(c, site)| HandComment { author_url: Some((*site).into()), ..c.clone() })
            .collect();
        HandSets { civil, ..HandSets::default() }
    }

    /// The sets by the names they are exported and scored under.
    fn named(&self) -> [(&'static str, &Vec<HandComment>); 3] {
        [("civil", &self.civil), ("identity", &self.identity), ("spam", &self.spam)]
    }
}

/// Websites of the kind readers give with a comment: personal names and
/// hobby blogs, one of four with a hyphen in its name (which
/// `policy.spam_hold_needs_payload` reads as an advertiser's).
const READER_WEBSITES: [&str; 4] = [
    "https://mariakowalska.net/",
    "https://tomokafor.blog/",
    "https://jan-de-vries.nl/",
    "https://kimsgardennotes.com/",
];

/// One directory of hand-written sets. Several can be evaluated side by
/// side: sets the model was tuned against say little about the next
/// comment, so fresh ones, written without sight of the model, are kept
/// apart from them and reported on their own.
#[derive(Debug, Clone)]
pub struct HandSetDir {
    /// The directory as given, shown in the report.
    pub dir: String,
    /// A `SEALED` file in the directory: the report gives counts only, no
    /// ids of misses and no worst identity terms, so that reading the report
    /// while tuning does not spend the set.
    pub sealed: bool,
    pub sets: HandSets,
}

impl HandSetDir {
    pub fn load(dir: &Path) -> Result<HandSetDir, TrainError> {
        Ok(HandSetDir {
            dir: dir.display().to_string(),
            sealed: dir.join("SEALED").is_file(),
            sets: HandSets::load(dir)?,
        })
    }

    /// Checks that no two directories share an export key.
    pub fn check_distinct(dirs: &[HandSetDir]) -> Result<(), TrainError> {
        for (i, a) in dirs.iter().enumerate() {
            if let Some(b) = dirs[..i].iter().find(|b| b.export_key() == a.export_key()) {
                return Err(TrainError::HandSetsCollide {
                    first: b.dir.clone(),
                    second: a.dir.clone(),
                    key: a.export_key(),
                });
            }
        }
        Ok(())
    }

    /// Where the peer script finds this directory's rows: `hand/<key>/`.
    fn export_key(&self) -> String {
        let key: String =
            self.dir.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
        key.trim_matches('-').to_string()
    }
}

/// How a set of hand-written comments fared.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct HandResult {
    pub total: u64,
    pub accepted: u64,
    pub held: u64,
    pub rejected: u64,
    /// Ids of comments whose outcome missed the set's expectation.
    pub misses: Vec<String>,
}

impl HandResult {
    pub fn accepted_share(&self) -> f64 {
        self.accepted as f64 / self.total.max(1) as f64
    }

    pub fn not_accepted_share(&self) -> f64 {
        1.0 - self.accepted_share()
    }
}

/// Outcome of one hand-written comment under some classifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Accept,
    Hold,
    Reject,
}

/// Decides a hand-written comment from per-head probabilities and
/// thresholds the way the model-only part of the policy does.
pub fn outcome(probabilities: PerHead<f64>, thresholds: &PerHead<Thresholds>) -> Outcome {
    let mut out = Outcome::Accept;
    for head in Head::ALL {
        let p = *probabilities.get(head);
        let t = thresholds.get(head);
        if p >= t.reject {
            return Outcome::Reject;
        }
        if p >= t.hold {
            out = Outcome::Hold;
        }
    }
    out
}

/// Results on the hand-written sets for one classifier.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct HandSetResults {
    pub civil: HandResult,
    pub identity_neutral: HandResult,
    pub identity_toxic: HandResult,
    pub spam: HandResult,
    /// Abuse ROC-AUC over the whole identity set.
    pub identity_auc: Option<f64>,
    /// Per identity term with at least [`MIN_PER_TERM`] neutral and toxic
    /// sentences: abuse ROC-AUC of its toxic vs neutral sentences.
    pub identity_term_auc: BTreeMap<String, f64>,
    /// Per group: share of neutral sentences accepted.
    pub identity_group_neutral_accepted: BTreeMap<String, f64>,
}

impl HandSetResults {
    /// The largest gap between the overall identity AUC and one term's.
    /// `None` with fewer than two terms to compare.
    pub fn identity_auc_gap(&self) -> Option<(String, f64)> {
        let overall = self.identity_auc?;
        if self.identity_term_auc.len() < 2 {
            return None;
        }
        self.identity_term_auc
            .iter()
            .map(|(term, auc)| (term.clone(), overall - auc))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// Scores the hand sets with any classifier that gives per-head
/// probabilities for a comment.
pub fn hand_results(
    sets: &HandSets,
    thresholds: &PerHead<Thresholds>,
    mut probabilities: impl FnMut(&HandComment) -> PerHead<f64>,
) -> HandSetResults {
    hand_decisions(sets, |item| {
        let p = probabilities(item);
        (outcome(p, thresholds), p.abuse)
    })
}

/// Sentences of each kind (neutral, toxic) an identity term needs for its
/// own abuse ROC-AUC.
const MIN_PER_TERM: usize = 3;

/// Tallies the hand sets with any decision procedure that gives an outcome
/// and an abuse score per comment.
pub fn hand_decisions(sets: &HandSets, mut decide: impl FnMut(&HandComment) -> (Outcome, f64)) -> HandSetResults {
    let mut r = HandSetResults::default();
    let tally = |result: &mut HandResult, item: &HandComment, o: Outcome, expected_accept: bool| {
        result.total += 1;
        match o {
            Outcome::Accept => result.accepted += 1,
            Outcome::Hold => result.held += 1,
            Outcome::Reject => result.rejected += 1,
        }
        if (o == Outcome::Accept) != expected_accept {
            result.misses.push(item.id.clone());
        }
    };
    for item in &sets.civil {
        let (o, _) = decide(item);
        tally(&mut r.civil, item, o, true);
    }
    for item in &sets.spam {
        let (o, _) = decide(item);
        tally(&mut r.spam, item, o, false);
    }
    let mut abuse_scores: Vec<(f64, bool)> = Vec::new();
    let mut per_term: BTreeMap<String, Vec<(f64, bool)>> = BTreeMap::new();
    let mut per_group: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for item in &sets.identity {
        let (o, abuse) = decide(item);
        let toxic = item.toxic.unwrap_or(false);
        if toxic {
            tally(&mut r.identity_toxic, item, o, false);
        } else {
            tally(&mut r.identity_neutral, item, o, true);
            let g = per_group.entry(item.group.clone().unwrap_or_default()).or_default();
            g.0 += u64::from(o == Outcome::Accept);
            g.1 += 1;
        }
        abuse_scores.push((abuse, toxic));
        per_term.entry(item.identity.clone().unwrap_or_default()).or_default().push((abuse, toxic));
    }
    r.identity_auc = roc_auc(&abuse_scores);
    // A term needs a few sentences of each kind: with one of each, its
    // "AUC" is 0 or 1 by the luck of two sentences.
    let enough = |s: &[(f64, bool)]| {
        let toxic = s.iter().filter(|(_, t)| *t).count();
        toxic >= MIN_PER_TERM && s.len() - toxic >= MIN_PER_TERM
    };
    r.identity_term_auc =
        per_term.into_iter().filter(|(_, s)| enough(s)).filter_map(|(t, s)| roc_auc(&s).map(|a| (t, a))).collect();
    r.identity_group_neutral_accepted =
        per_group.into_iter().map(|(g, (a, n))| (g, a as f64 / n.max(1) as f64)).collect();
    r
}

/// Our model's probabilities for a hand-written comment.
pub fn model_probabilities(model: &Model, item: &HandComment) -> PerHead<f64> {
    let features = model.featurizer().featurize(&item.input());
    model.score(&features).map(|_, s| s.probability)
}

/// Everything `moderator eval` measures.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalReport {
    pub folds: Vec<FoldResult>,
    /// Per source, metrics inside the random test split.
    pub random_by_source: Vec<(String, Head, HeadMetrics)>,
    /// One entry per directory of hand-written sets, in the order given.
    pub hand_sets: Vec<HandReport>,
    /// How often default rules fire on the real data, by source and by the
    /// label of the head each stands in for.
    #[serde(default)]
    pub rule_rates: Vec<RuleRate>,
    /// The service's decisions on the random test split, by source and kind
    /// of example.
    #[serde(default)]
    pub service_on_test: Vec<ServiceRate>,
    /// Leave-one-out folds that could not be fitted, with why (a head
    /// whose only positives or negatives are in the left-out source).
    #[serde(default)]
    pub skipped_folds: Vec<(String, String)>,
    /// Moderator labels trained on (`eval --with-feedback`).
    #[serde(default)]
    pub feedback_labels: u64,
    /// Hold thresholds of the random fold chosen on those labels.
    #[serde(default)]
    pub site_holds: Vec<crate::model::format::SiteHold>,
    /// Fewest labels per class for that (the recipe's
    /// `site_thresholds.min_labels_per_class`); `None` when off.
    #[serde(default)]
    pub site_min_labels: Option<u32>,
}

/// The service's decisions (default settings) on one kind of example of
/// one source in the random test split.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ServiceRate {
    pub source: String,
    /// One of [`SERVICE_KINDS`].
    pub kind: String,
    pub examples: u64,
    pub not_accepted: u64,
    /// The same with `policy.spam_hold_needs_payload` off.
    pub not_accepted_without_payload_rule: u64,
}

/// How [`service_on_test`] sorts examples: spam; abusive (and not spam);
/// clean (labelled neither); and not spam with no abuse label (SpamAssassin
/// ham, HateXplain's "normal", which is not the same as clean: see
/// training/data/ATTRIBUTION.md).
pub const SERVICE_KINDS: [&str; 4] = ["spam", "abusive", "clean", "not spam, abuse unlabelled"];

/// Decides every usable example of the random test split as the service
/// would (text and author name, as the sources give them), with `service`
/// (default settings) and with `policy.spam_hold_needs_payload` off.
fn service_on_test(
    prepared: &Prepared,
    file: &crate::model::format::ModelFile,
    service: &crate::moderator::Moderator,
) -> Vec<ServiceRate> {
    use crate::domain::{CommentDraft, FieldNames};
    use crate::moderator::ModerateOptions;
    use crate::policy::Decision;
    let mut settings = crate::config::Settings::default();
    settings.policy.spam_hold_needs_payload = false;
    let without_rule = service_moderator(file.clone(), &settings);
    let mut rates: BTreeMap<(usize, &str), ServiceRate> = BTreeMap::new();
    for (i, example) in prepared.corpus.examples.iter().enumerate() {
        // Usable as the heads' own test rows are: duplicates and texts
        // with conflicting labels are left out.
        let usable = prepared.usable.spam[i] || prepared.usable.abuse[i];
        if prepared.splits[i] != Split::Test || !usable {
            continue;
        }
        let kind = match (example.labels.spam, example.labels.abuse) {
            (Some(true), _) => SERVICE_KINDS[0],
            (_, Some(true)) => SERVICE_KINDS[1],
            (_, Some(false)) => SERVICE_KINDS[2],
            (Some(false), None) => SERVICE_KINDS[3],
            (None, None) => continue,
        };
        let draft = CommentDraft {
            content: Some(example.content.clone()),
            author_name: example.author_name.clone(),
            ..Default::default()
        };
        let Ok(comment) = draft.validate(FieldNames::JSON, false) else {
            continue;
        };
        let options = ModerateOptions { remember: false };
        let flagged = |m: &crate::moderator::Moderator| m.moderate(&comment, options).decision != Decision::Accept;
        let rate = rates.entry((example.source, kind)).or_insert_with(|| ServiceRate {
            source: prepared.corpus.sources[example.source].name.clone(),
            kind: kind.into(),
            ..Default::default()
        });
        rate.examples += 1;
        rate.not_accepted += flagged(service) as u64;
        rate.not_accepted_without_payload_rule += flagged(&without_rule) as u64;
    }
    let mut rates: Vec<ServiceRate> = rates.into_values().collect();
    rates.sort_by_key(|r| (SERVICE_KINDS.iter().position(|k| *k == r.kind), r.source.clone()));
    rates
}

/// How one directory of hand-written sets fared.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HandReport {
    pub dir: String,
    #[serde(default)]
    pub sealed: bool,
    /// Model decisions only.
    pub model_only: HandSetResults,
    /// The service's full decision: model plus the default rules (as
    /// `POST /v1/moderate` with `config/default.toml`, without the
    /// duplicate and flood memory).
    pub service: HandSetResults,
    /// The service on the civil set with every comment given a personal
    /// website: what the rules that read the website field cost readers
    /// who fill it in.
    #[serde(default)]
    pub civil_with_website: HandResult,
    pub peers: BTreeMap<String, HandSetResults>,
}

impl HandReport {
    /// Drops everything that names items or terms (the JSON report too).
    fn seal(&mut self) {
        for r in std::iter::once(&mut self.model_only).chain([&mut self.service]).chain(self.peers.values_mut()) {
            for set in [&mut r.civil, &mut r.identity_neutral, &mut r.identity_toxic, &mut r.spam] {
                set.misses.clear();
            }
            r.identity_term_auc.clear();
        }
        self.civil_with_website.misses.clear();
    }
}

/// How often one rule fires on one source's examples, per label of the
/// head the rule stands in for.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RuleRate {
    pub rule: String,
    pub source: String,
    /// The head whose labels split the examples: `spam` or `abuse`.
    pub head: String,
    pub positive: u64,
    pub positive_flagged: u64,
    pub other: u64,
    pub other_flagged: u64,
}

/// Runs default rules on the corpus: `commercial_author` on every real
/// author name, `contact_details`, `owner_pitch` and `hidden_link` on every text (by
/// spam label),
/// `identity_attack` on every text with an abuse label, and
/// `praise_with_link` on every text given a website. The hand sets
/// cannot measure what these rules cost (their lists were written after
/// reading some of those sets' misses); real commenters' names and texts
/// can.
fn rule_rates(prepared: &Prepared) -> Vec<RuleRate> {
    use crate::domain::{Comment, CommentDraft, FieldNames, WebsiteUrl};
    use crate::policy::ReasonCode;
    let settings = crate::config::Settings::default();
    let rules = crate::policy::rules::Rules::new(&settings.policy, &settings.form).expect("default rules build");
    let featurizer = crate::text::Featurizer::default();
    let mut features = crate::text::Features::default();
    let mut rates: BTreeMap<(&str, usize), RuleRate> = BTreeMap::new();
    let reader_website = WebsiteUrl::parse(READER_WEBSITES[0].into()).expect("a valid address");
    for example in &prepared.corpus.examples {
        let source = &prepared.corpus.sources[example.source].name;
        let mut count = |rule: &'static str, head: Head, flagged: bool| {
            let Some(positive) = *example.labels.get(head) else {
                return;
            };
            let rate = rates.entry((rule, example.source)).or_insert_with(|| RuleRate {
                rule: rule.into(),
                source: source.clone(),
                head: head.as_str().into(),
                ..Default::default()
            });
            let (n, k) = if positive {
                (&mut rate.positive, &mut rate.positive_flagged)
            } else {
                (&mut rate.other, &mut rate.other_flagged)
            };
            *n += 1;
            *k += flagged as u64;
        };
        if let Some(name) = &example.author_name {
            let draft =
                CommentDraft { content: Some("-".into()), author_name: Some(name.clone()), ..Default::default() };
            if let Ok(comment) = draft.validate(FieldNames::JSON, false) {
                featurizer.featurize_into(&comment.model_input(), &mut features);
                let hits = rules.check(&comment, &features, 0);
                count("commercial_author", Head::Spam, hits.iter().any(|h| h.code == ReasonCode::CommercialAuthor));
            }
        }
        let draft = CommentDraft { content: Some(example.content.clone()), ..Default::default() };
        let Ok(comment) = draft.validate(FieldNames::JSON, false) else {
            continue;
        };
        featurizer.featurize_into(&CommentInput::text(comment.content.as_str()), &mut features);
        let hits = rules.check(&comment, &features, 0);
        let fired = |code: ReasonCode| hits.iter().any(|h| h.code == code);
        count("contact_details", Head::Spam, fired(ReasonCode::ContactDetails));
        count("owner_pitch", Head::Spam, fired(ReasonCode::OwnerPitch));
        count("hidden_link", Head::Spam, fired(ReasonCode::HiddenLink));
        count("identity_attack", Head::Abuse, fired(ReasonCode::IdentityAttack));
        count("threat", Head::Abuse, fired(ReasonCode::Threat));
        count("no payload", Head::Spam, !rules.carries_payload(&comment, &features));
        // No source has a website field, so every text is given a
        // reader's: what the rule would cost if every commenter of these
        // sources had a website. The features are the text's, as above.
        let with_website = Comment { author_url: Some(reader_website.clone()), ..comment };
        let praised = rules.check(&with_website, &features, 0).iter().any(|h| h.code == ReasonCode::PraiseWithLink);
        count("praise_with_link, each given a website", Head::Spam, praised);
    }
    rates.into_values().collect()
}

/// The service with these settings and this model.
fn service_moderator(
    file: crate::model::format::ModelFile,
    settings: &crate::config::Settings,
) -> crate::moderator::Moderator {
    let model = Model::from_file(file, "evaluated".into());
    crate::moderator::Moderator::with_model(model, settings, crate::privacy::PrivacyHasher::with_key(b"evaluation"))
        .expect("default rules build")
}

/// Decides the hand sets exactly as the service would.
fn policy_results(sets: &HandSets, moderator: &crate::moderator::Moderator) -> HandSetResults {
    use crate::domain::{CommentDraft, FieldNames};
    use crate::moderator::ModerateOptions;
    use crate::policy::Decision;
    hand_decisions(sets, |item| {
        let draft = CommentDraft {
            content: Some(item.text.clone()),
            author_name: item.author_name.clone(),
            author_email: item.author_email.clone(),
            author_url: item.author_url.clone(),
            ..Default::default()
        };
        match draft.validate(FieldNames::JSON, false) {
            Ok(comment) => {
                let m = moderator.moderate(&comment, ModerateOptions { remember: false });
                let o = match m.decision {
                    Decision::Accept => Outcome::Accept,
                    Decision::Hold => Outcome::Hold,
                    Decision::Reject => Outcome::Reject,
                };
                (o, m.scores.abuse)
            }
            // A form the service would refuse (e.g. a malformed website) is not accepted.
            Err(_) => (Outcome::Hold, model_probabilities(moderator.model().as_ref(), item).abuse),
        }
    })
}

/// Runs the random fold and every leave-one-source-out fold. With
/// `peers_dir`, peer scores found there are measured on the same rows.
pub fn evaluate(prepared: &Prepared, dirs: &[HandSetDir], peers_dir: Option<&Path>) -> Result<EvalReport, TrainError> {
    let mut folds = vec![Fold::Random];
    folds.extend((0..prepared.corpus.sources.len()).map(Fold::LeaveOut));
    let mut results = Vec::new();
    let mut random_by_source = Vec::new();
    let mut hand_sets = Vec::new();
    let mut service_rates = Vec::new();
    let mut skipped_folds = Vec::new();
    let mut site_holds = Vec::new();
    for fold in &folds {
        let exclude = match fold {
            Fold::Random => None,
            Fold::LeaveOut(s) => Some(*s),
        };
        tracing::info!(fold = %fold.name(prepared), "fitting");
        let fitted = match prepared.fit(exclude) {
            Ok(fitted) => fitted,
            // Leaving out a head's only source of one class (common in a
            // small recipe plus feedback) leaves nothing to fit; the other
            // folds still say something.
            Err(TrainError::Fit(e @ crate::training::fit::FitError::MissingClass { .. })) if exclude.is_some() => {
                tracing::warn!(fold = %fold.name(prepared), error = %e, "fold skipped");
                skipped_folds.push((fold.name(prepared), e.to_string()));
                continue;
            }
            Err(e) => return Err(e),
        };
        for head in Head::ALL {
            let in_test = |i: usize| fold.role(prepared, i) == Some(Split::Test);
            let scored = prepared.scored(&fitted.model, head, in_test);
            if scored.is_empty() {
                continue;
            }
            let thresholds = fitted.file.header.heads.get(head).thresholds;
            let prior = prepared.recipe.thresholds.get(head).prior;
            let ours = HeadMetrics::compute(&scored, thresholds, prior);
            let peers = match peers_dir {
                Some(dir) => peer_metrics(prepared, fold, head, dir),
                None => BTreeMap::new(),
            };
            results.push(FoldResult { fold: fold.name(prepared), head, ours, peers });
            if *fold == Fold::Random {
                for (s, source) in prepared.corpus.sources.iter().enumerate() {
                    let scored =
                        prepared.scored(&fitted.model, head, |i| in_test(i) && prepared.corpus.examples[i].source == s);
                    if !scored.is_empty() {
                        random_by_source.push((
                            source.name.clone(),
                            head,
                            HeadMetrics::compute(&scored, thresholds, prior),
                        ));
                    }
                }
            }
        }
        if *fold == Fold::Random {
            site_holds = fitted.file.header.training.site_holds.clone();
            let thresholds = fitted.file.header.heads.map(|_, p| p.thresholds);
            let moderator = service_moderator(fitted.file.clone(), &crate::config::Settings::default());
            service_rates = service_on_test(prepared, &fitted.file, &moderator);
            for dir in dirs {
                let mut report = HandReport {
                    dir: dir.dir.clone(),
                    sealed: dir.sealed,
                    model_only: hand_results(&dir.sets, &thresholds, |item| model_probabilities(&fitted.model, item)),
                    service: policy_results(&dir.sets, &moderator),
                    civil_with_website: policy_results(&dir.sets.civil_with_website(), &moderator).civil,
                    peers: match peers_dir {
                        Some(root) => peer_hand_results(prepared, dir, root),
                        None => BTreeMap::new(),
                    },
                };
                if dir.sealed {
                    report.seal();
                }
                hand_sets.push(report);
            }
        }
    }
    let rule_rates = rule_rates(prepared);
    let feedback_labels = prepared
        .source_index(crate::training::FEEDBACK_SOURCE)
        .map_or(0, |source| prepared.corpus.examples.iter().filter(|e| e.source == source).count() as u64);
    let site = prepared.recipe.site_thresholds;
    Ok(EvalReport {
        feedback_labels,
        site_holds,
        site_min_labels: site.enabled.then_some(site.min_labels_per_class),
        folds: results,
        random_by_source,
        hand_sets,
        rule_rates,
        service_on_test: service_rates,
        skipped_folds,
    })
}

/// One exported row.
#[derive(Debug, Serialize, Deserialize)]
struct ExportRow<'a> {
    label: u8,
    text: &'a str,
}

fn fold_dir(root: &Path, fold_name: &str, head: Head) -> PathBuf {
    root.join(fold_name).join(head.as_str())
}

/// Writes every fold's rows for the peer script: `DIR/<fold>/<head>/
/// {train,validation,test}.jsonl`, and each directory of hand sets as
/// `DIR/hand/<key>/*.jsonl`.
pub fn export_splits(prepared: &Prepared, dirs: &[HandSetDir], root: &Path) -> Result<(), TrainError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| TrainError::Io { path: path.clone(), source }
    };
    let mut folds = vec![Fold::Random];
    folds.extend((0..prepared.corpus.sources.len()).map(Fold::LeaveOut));
    for fold in &folds {
        for head in Head::ALL {
            let dir = fold_dir(root, &fold.name(prepared), head);
            std::fs::create_dir_all(&dir).map_err(io(&dir))?;
            for (split, name) in [(Split::Train, "train"), (Split::Validation, "validation"), (Split::Test, "test")] {
                let path = dir.join(format!("{name}.jsonl"));
                let mut out = std::io::BufWriter::new(std::fs::File::create(&path).map_err(io(&path))?);
                for (i, example) in prepared.corpus.examples.iter().enumerate() {
                    if !prepared.usable.get(head)[i] || fold.role(prepared, i) != Some(split) {
                        continue;
                    }
                    let Some(label) = *example.labels.get(head) else {
                        continue;
                    };
                    let row = ExportRow { label: u8::from(label), text: &example.content };
                    serde_json::to_writer(&mut out, &row).map_err(|e| io(&path)(e.into()))?;
                    out.write_all(b"\n").map_err(io(&path))?;
                }
                out.flush().map_err(io(&path))?;
            }
        }
    }
    // Rows of directories no longer evaluated would be scored for nothing.
    let hand_root = root.join("hand");
    if hand_root.is_dir() {
        std::fs::remove_dir_all(&hand_root).map_err(io(&hand_root))?;
    }
    for dir in dirs {
        let hand = hand_root.join(dir.export_key());
        std::fs::create_dir_all(&hand).map_err(io(&hand))?;
        for (name, items) in dir.sets.named() {
            let path = hand.join(format!("{name}.jsonl"));
            let mut out = std::io::BufWriter::new(std::fs::File::create(&path).map_err(io(&path))?);
            for item in items {
                // Peers see the comment text only: they have no form fields.
                let row = ExportRow { label: 0, text: &item.text };
                serde_json::to_writer(&mut out, &row).map_err(|e| io(&path)(e.into()))?;
                out.write_all(b"\n").map_err(io(&path))?;
            }
            out.flush().map_err(io(&path))?;
        }
    }
    Ok(())
}

/// Reads one probability per line.
fn read_scores(path: &Path) -> Option<Vec<f64>> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().map(|l| l.trim().parse::<f64>().ok()).collect()
}

fn read_labels(path: &Path) -> Option<Vec<bool>> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).ok()?.get("label")?.as_u64().map(|v| v == 1))
        .collect()
}

/// Peer names whose score files exist in a fold directory
/// (`<peer>.<split>.scores`).
fn peers_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".test.scores").map(str::to_string))
        .collect();
    names.sort();
    names
}

/// Thresholds for a peer from its validation scores, by our procedure.
fn peer_thresholds(prepared: &Prepared, dir: &Path, peer: &str, head: Head) -> Option<Thresholds> {
    let labels = read_labels(&dir.join("validation.jsonl"))?;
    let scores = read_scores(&dir.join(format!("{peer}.validation.scores")))?;
    if labels.len() != scores.len() {
        return None;
    }
    let scored: Vec<(f64, bool)> = scores.into_iter().zip(labels).collect();
    Some(thresholds::choose(&scored, prepared.recipe.thresholds.get(head)))
}

/// Metrics of every peer that left scores for this fold and head.
pub fn peer_metrics(prepared: &Prepared, fold: &Fold, head: Head, root: &Path) -> BTreeMap<String, HeadMetrics> {
    let dir = fold_dir(root, &fold.name(prepared), head);
    let mut out = BTreeMap::new();
    let Some(labels) = read_labels(&dir.join("test.jsonl")) else {
        return out;
    };
    for peer in peers_in(&dir) {
        let Some(scores) = read_scores(&dir.join(format!("{peer}.test.scores"))) else {
            continue;
        };
        if scores.len() != labels.len() {
            tracing::warn!(%peer, fold = %fold.name(prepared), "peer scores do not match the exported rows; skipped");
            continue;
        }
        // A peer without trainable thresholds (a fixed model) gets 0.5.
        let thresholds = peer_thresholds(prepared, &dir, &peer, head).unwrap_or(Thresholds { hold: 0.5, reject: 0.5 });
        let scored: Vec<(f64, bool)> = scores.into_iter().zip(labels.iter().copied()).collect();
        out.insert(peer, HeadMetrics::compute(&scored, thresholds, prepared.recipe.thresholds.get(head).prior));
    }
    out
}

/// Hand-set results for every peer that scored the hand sets
/// (`hand/<key>/<set>.<peer>.<head>.scores`). A peer that scores only one
/// head (alt-profanity-check) is 0 on the other.
fn peer_hand_results(prepared: &Prepared, dir: &HandSetDir, root: &Path) -> BTreeMap<String, HandSetResults> {
    let sets = &dir.sets;
    let hand = root.join("hand").join(dir.export_key());
    let mut peers: Vec<String> = std::fs::read_dir(&hand)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let rest = name.strip_prefix("civil.")?.strip_suffix(".scores")?;
            Some(rest.rsplit_once('.')?.0.to_string())
        })
        .collect();
    peers.sort();
    peers.dedup();
    let mut out = BTreeMap::new();
    for peer in peers {
        let load = |set: &str, head: Head| read_scores(&hand.join(format!("{set}.{peer}.{}.scores", head.as_str())));
        let thresholds = PerHead::new(|head| {
            peer_thresholds(prepared, &fold_dir(root, "random", head), &peer, head)
                .unwrap_or(Thresholds { hold: 0.5, reject: 0.5 })
        });
        let mut per_set: BTreeMap<&str, PerHead<Vec<f64>>> = BTreeMap::new();
        for (set, items) in sets.named() {
            let scores = PerHead::new(|head| load(set, head).unwrap_or_else(|| vec![0.0; items.len()]));
            per_set.insert(set, scores);
        }
        let ids: BTreeMap<&str, (&str, usize)> = sets
            .named()
            .into_iter()
            .flat_map(|(set, items)| items.iter().enumerate().map(move |(k, it)| (it.id.as_str(), (set, k))))
            .collect();
        let result = hand_results(sets, &thresholds, |item| {
            let (set, k) = ids[item.id.as_str()];
            let s = &per_set[set];
            PerHead { spam: s.spam.get(k).copied().unwrap_or(0.0), abuse: s.abuse.get(k).copied().unwrap_or(0.0) }
        });
        out.insert(peer, result);
    }
    out
}

fn pct(x: Option<f64>) -> String {
    x.map_or("n/a".into(), |v| format!("{:.1}%", v * 100.0))
}

/// Positives, negatives, ROC-AUC, hold recall and negatives not accepted,
/// as markdown cells.
fn flag_cells(m: &HeadMetrics) -> String {
    format!(
        "{} | {} | {} | {} | {}",
        m.positives,
        m.negatives,
        auc(m.roc_auc),
        pct(m.at_hold.recall()),
        pct(m.negatives_not_accepted())
    )
}

fn auc(x: Option<f64>) -> String {
    x.map_or("n/a".into(), |v| format!("{v:.4}"))
}

fn metrics_row(name: &str, m: &HeadMetrics) -> String {
    format!(
        "| {name} | {} | {} | {} | {} | {} / {} | {} / {} | {} |\n",
        m.positives,
        m.negatives,
        auc(m.roc_auc),
        auc(m.ece),
        pct(m.precision_at_prior(&m.at_hold)),
        pct(m.at_hold.recall()),
        pct(m.precision_at_prior(&m.at_reject)),
        pct(m.at_reject.recall()),
        pct(m.negatives_not_accepted()),
    )
}

/// A row of the hand-set table: set, target, how to show one result.
type HandRow = (&'static str, &'static str, fn(&HandSetResults) -> String);

const METRICS_HEADER: &str = "| classifier | positives | negatives | ROC-AUC | ECE at prior | hold: precision at prior / recall | reject: precision at prior / recall | negatives not accepted |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";

impl EvalReport {
    /// What the moderator labels change, on the labels themselves: the
    /// public data alone (their leave-one-out fold, every label) against
    /// the model trained with them (the labels of the random test split).
    fn feedback_section(&self, s: &mut String) {
        use std::fmt::Write;
        let source = crate::training::FEEDBACK_SOURCE;
        let without = format!("without-{source}");
        s.push_str(
            "## What the labels change\n\nOn your labels: `public data only` is the model trained without them, \
             tested on every label (their leave-one-out fold); `with the labels` is the model trained with them, \
             tested on the labels of the random test split, which it did not train on. The second sample is a \
             tenth the size of the first.\n\n",
        );
        s.push_str("| head | model | positives | negatives | ROC-AUC | hold: recall | negatives not accepted |\n");
        s.push_str("|---|---|---:|---:|---:|---:|---:|\n");
        for head in Head::ALL {
            let before = self.folds.iter().find(|f| f.fold == without && f.head == head).map(|f| &f.ours);
            let after =
                self.random_by_source.iter().find(|(name, h, _)| name == source && *h == head).map(|(_, _, m)| m);
            for (name, metrics) in [("public data only", before), ("with the labels", after)] {
                if let Some(m) = metrics {
                    let _ = writeln!(s, "| {head} | {name} | {} |", flag_cells(m));
                }
            }
        }
        s.push_str("\nHold thresholds with the labels:\n\n");
        for head in Head::ALL {
            let _ = match (self.site_holds.iter().find(|h| h.head == head), self.site_min_labels) {
                (Some(h), _) => writeln!(s, "- {}", h.describe()),
                (None, None) => {
                    writeln!(s, "- {head}: chosen on the whole validation split (`site_thresholds` is off).")
                }
                (None, Some(min)) => writeln!(
                    s,
                    "- {head}: chosen on the whole validation split: fewer than {min} labels of a class outside the \
                     test split, or too few negatives for the budget (`site_thresholds`)."
                ),
            };
        }
        s.push('\n');
    }

    /// The report as markdown (the body of `training/reports/evaluation.md`).
    pub fn markdown(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let peer_names: Vec<String> = {
            let mut v: Vec<String> = self.folds.iter().flat_map(|f| f.peers.keys().cloned()).collect();
            v.extend(self.hand_sets.iter().flat_map(|h| h.peers.keys().cloned()));
            v.sort();
            v.dedup();
            v
        };

        let prior = |head: Head| {
            self.folds
                .iter()
                .find(|f| f.head == head)
                .map_or("?".to_string(), |f| format!("{:.0}%", f.ours.prior * 100.0))
        };
        let _ = write!(
            s,
            "# Evaluation report\n\nMade by `moderator eval` (with `--peers DIR` after `training/peers/peers.py`; see `training/README.md`). Precision and ECE are at the deployment base rates of the recipe (spam {}, abuse {}).\n\n",
            prior(Head::Spam),
            prior(Head::Abuse)
        );
        if self.feedback_labels > 0 {
            let _ = write!(
                s,
                "Trained with {} moderator labels (`--with-feedback`) as one more source, `{}`; without them, run `moderator eval` again without the flag.\n\n",
                self.feedback_labels,
                crate::training::FEEDBACK_SOURCE
            );
            self.feedback_section(&mut s);
        }
        if peer_names.iter().any(|p| p == "profanity-check") {
            s.push_str("`profanity-check` (alt-profanity-check) ships a model trained on the Davidson and Jigsaw data, so its rows for those sources (and possibly the Wikipedia talk ones) are not held out for it.\n\n");
        }
        s.push_str("## Random held-out split\n\nTrained on the recipe's train split, calibrated and thresholded on its validation split, measured on its test split.\n\n");
        for f in self.folds.iter().filter(|f| f.fold == "random") {
            let _ = writeln!(s, "### {} head\n", f.head);
            s.push_str(METRICS_HEADER);
            s.push_str(&metrics_row("comment-moderator", &f.ours));
            for (peer, m) in &f.peers {
                s.push_str(&metrics_row(peer, m));
            }
            s.push('\n');
        }

        s.push_str("### Random test split, by source (comment-moderator)\n\n| source | head | positives | negatives | ROC-AUC | hold: recall | negatives not accepted |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (source, head, m) in &self.random_by_source {
            let _ = writeln!(s, "| {source} | {head} | {} |", flag_cells(m));
        }

        s.push_str("\n## Leave one source out\n\nEach row: trained and calibrated on every other source, tested on all of the named source. ROC-AUC needs both classes in the left-out source; for one-class sources the flag rates tell the story (recall for all-positive sources, negatives not accepted for all-negative ones).\n\n");
        let _ = write!(s, "| left out | head | positives | negatives | ROC-AUC (ours) |");
        for p in &peer_names {
            let _ = write!(s, " ROC-AUC ({p}) |");
        }
        let _ = write!(s, " hold recall (ours) |");
        for p in &peer_names {
            let _ = write!(s, " hold recall ({p}) |");
        }
        let _ = write!(s, " negatives not accepted (ours) |");
        for p in &peer_names {
            let _ = write!(s, " negatives not accepted ({p}) |");
        }
        s.push('\n');
        let cols = 5 + peer_names.len() * 3 + 2;
        s.push_str(&"|---".repeat(cols));
        s.push_str("|\n");
        for f in self.folds.iter().filter(|f| f.fold != "random") {
            let name = f.fold.trim_start_matches("without-");
            let _ = write!(
                s,
                "| {name} | {} | {} | {} | {} |",
                f.head,
                f.ours.positives,
                f.ours.negatives,
                auc(f.ours.roc_auc)
            );
            for p in &peer_names {
                let _ = write!(s, " {} |", f.peers.get(p).map_or("–".into(), |m| auc(m.roc_auc)));
            }
            let _ = write!(s, " {} |", pct(f.ours.at_hold.recall()));
            for p in &peer_names {
                let _ = write!(s, " {} |", f.peers.get(p).map_or("–".into(), |m| pct(m.at_hold.recall())));
            }
            let _ = write!(s, " {} |", pct(f.ours.negatives_not_accepted()));
            for p in &peer_names {
                let _ = write!(s, " {} |", f.peers.get(p).map_or("–".into(), |m| pct(m.negatives_not_accepted())));
            }
            s.push('\n');
        }
        for (fold, why) in &self.skipped_folds {
            let _ = writeln!(s, "\nNot fitted: {}, because {why}.", fold.trim_start_matches("without-"));
        }

        for h in &self.hand_sets {
            hand_section(&mut s, h);
        }
        if !self.service_on_test.is_empty() {
            s.push_str(
                "\n## The service's decisions on the random test split\n\nEvery example of the random test split, \
                 decided as the service decides with default settings (model and rules; the text and, where a \
                 source has one, the author name); duplicates and texts with conflicting labels are left out, \
                 as in the metrics above. \"Not accepted\" is held or rejected; for `clean` examples \
                 (labelled neither spam nor abusive) and the spam sources' ham that is the cost to readers. The last column turns \
                 `policy.spam_hold_needs_payload` off: with it on, a comment with no link, website, address, number \
                 or contact channel is acted on for spam only at the reject threshold. On YouTube the payload of \
                 spam is often the author's channel, which the data does not hold; on a reply form it is the \
                 website field.\n\n\
                 | kind | source | not accepted | not accepted, payload rule off |\n|---|---|---:|---:|\n",
            );
            for r in &self.service_on_test {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} |",
                    r.kind,
                    r.source,
                    count_share(r.not_accepted, r.examples),
                    count_share(r.not_accepted_without_payload_rule, r.examples),
                );
            }
        }
        if !self.rule_rates.is_empty() {
            s.push_str(
                "\n## Rules on the real data\n\nRules on by default, run alone on every example of the sources: \
                 `commercial_author` on the real author names, `contact_details`, `owner_pitch` and `hidden_link` on the texts \
                 (split by spam label), `identity_attack` on the texts (split by abuse label), and `praise_with_link` on the texts \
                 with a reader's website (no source has a website field: these rows say what \
                 the rule would cost if every commenter gave one). The hand-written sets cannot vouch for these rules (their lists were written after \
                 reading some of those sets' misses; see `training/eval/README.md`). The \"others flagged\" \
                 column is the cost: examples without the head's label that the rule holds. The \
                 `identity_attack` figures are in-sample: its phrase list was pruned by counting hits in these \
                 sources. The `no payload` rows are not a rule: they count the examples without a website, \
                 link, address, number or contact channel, on which `policy.spam_hold_needs_payload` acts only \
                 at the reject threshold (its effect on decisions is in the section above).\n\n\
                 | rule | source | head | positives flagged | others flagged |\n|---|---|---|---:|---:|\n",
            );
            for r in &self.rule_rates {
                let _ = writeln!(
                    s,
                    "| `{}` | {} | {} | {} | {} |",
                    r.rule,
                    r.source,
                    r.head,
                    count_share(r.positive_flagged, r.positive),
                    count_share(r.other_flagged, r.other),
                );
            }
        }
        s
    }
}

fn accepted(r: &HandResult) -> String {
    format!("{:.1}% accepted ({}/{})", r.accepted_share() * 100.0, r.accepted, r.total)
}

fn not_accepted(r: &HandResult) -> String {
    format!("{:.1}% not accepted ({}/{})", r.not_accepted_share() * 100.0, r.total - r.accepted, r.total)
}

/// The report's section for one directory of hand-written sets.
fn hand_section(s: &mut String, h: &HandReport) {
    use std::fmt::Write;
    let _ = write!(
        s,
        "\n## Hand-written sets (`{dir}/`)\n\n`comment-moderator (service)` is the full decision with the default configuration (model and rules, with the reply form's name, e-mail and website where the set has them); `model only` is the same model without the rules; the peers are model decisions on the comment text alone (they have no form fields). How these sets were written, and whether the people who tuned the model have read them since (which makes their figures optimistic), is in `{dir}/README.md`.\n\n",
        dir = h.dir.trim_end_matches('/')
    );
    let _ = write!(s, "| set | target | comment-moderator (service) | comment-moderator (model only) |");
    for p in h.peers.keys() {
        let _ = write!(s, " {p} |");
    }
    s.push('\n');
    s.push_str(&"|---".repeat(4 + h.peers.len()));
    s.push_str("|\n");
    let rows: [HandRow; 5] = [
        ("civil hard topics", "≥ 98% accepted", |r| accepted(&r.civil)),
        ("identity, neutral", "≥ 99% accepted", |r| accepted(&r.identity_neutral)),
        ("identity, toxic", "≥ 90% not accepted", |r| not_accepted(&r.identity_toxic)),
        ("comment spam", "≥ 95% not accepted", |r| not_accepted(&r.spam)),
        ("identity: abuse ROC-AUC, worst term gap", "small", |r| match (r.identity_auc, r.identity_auc_gap()) {
            (Some(a), Some((t, g))) => format!("{a:.4}, gap {g:.4} ({t})"),
            (Some(a), None) => format!("{a:.4}"),
            _ => "n/a".into(),
        }),
    ];
    for (name, target, f) in rows {
        let _ = write!(s, "| {name} | {target} | {} | {} |", f(&h.service), f(&h.model_only));
        for r in h.peers.values() {
            let _ = write!(s, " {} |", f(r));
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "| civil hard topics, each with a website | ≥ 98% accepted | {} | – |{}",
        accepted(&h.civil_with_website),
        " – |".repeat(h.peers.len())
    );
    s.push_str("\nNeutral identity sentences accepted, by group (comment-moderator): ");
    let groups: Vec<String> =
        h.model_only.identity_group_neutral_accepted.iter().map(|(g, a)| format!("{g} {:.1}%", a * 100.0)).collect();
    s.push_str(&groups.join(", "));
    if h.sealed {
        s.push_str(
            "\n\nThese sets are sealed (a `SEALED` file beside them): the report gives no ids of misses and no \
             per-term results, so that reading it while tuning does not spend them.\n",
        );
        return;
    }
    s.push_str("\n\nIdentity terms with the lowest abuse ROC-AUC (comment-moderator; terms with at least 3 neutral and 3 toxic sentences): ");
    let mut terms: Vec<(&String, &f64)> = h.model_only.identity_term_auc.iter().collect();
    terms.sort_by(|a, b| a.1.total_cmp(b.1));
    let worst: Vec<String> = terms.iter().take(8).map(|(t, a)| format!("{t} {a:.3}")).collect();
    s.push_str(&worst.join(", "));
    s.push('\n');
    for (what, results) in [("service decision", &h.service), ("model only", &h.model_only)] {
        let _ = write!(s, "\nMisses (comment-moderator, {what}):\n\n");
        for (name, r) in [
            ("civil", &results.civil),
            ("identity neutral", &results.identity_neutral),
            ("identity toxic", &results.identity_toxic),
            ("spam", &results.spam),
        ] {
            let misses = if r.misses.is_empty() { "none".into() } else { r.misses.join(", ") };
            let _ = writeln!(s, "- {name}: {misses}");
        }
        if what == "service decision" {
            let r = &h.civil_with_website;
            let misses = if r.misses.is_empty() { "none".into() } else { r.misses.join(", ") };
            let _ = writeln!(s, "- civil, each with a website: {misses}");
        }
    }
}

/// `12.5% (1/8)`; `–` for nothing counted.
fn count_share(k: u64, n: u64) -> String {
    if n == 0 { "–".into() } else { format!("{:.1}% ({k}/{n})", k as f64 / n as f64 * 100.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: &str, text: &str, toxic: Option<bool>) -> HandComment {
        HandComment {
            id: id.into(),
            text: text.into(),
            author_name: None,
            author_email: None,
            author_url: None,
            identity: toxic.map(|_| "martian".into()),
            group: toxic.map(|_| "nationality".into()),
            toxic,
        }
    }

    #[test]
    fn nested_hand_set_directories_export_to_different_places() {
        let dir = |d: &str| HandSetDir { dir: d.into(), sealed: false, sets: HandSets::default() };
        assert_eq!(dir("training/eval").export_key(), "training-eval");
        assert_eq!(dir("training/eval/fresh/").export_key(), "training-eval-fresh");
        assert_ne!(dir("training/eval").export_key(), dir("training/eval/fresh").export_key());
        assert!(HandSetDir::check_distinct(&[dir("a/eval"), dir("a/eval/fresh")]).is_ok());
        let err = HandSetDir::check_distinct(&[dir("a/eval_x"), dir("a/eval-x")]).unwrap_err();
        assert!(err.to_string().contains("a/eval_x") && err.to_string().contains("a/eval-x"), "{err}");
    }

    #[test]
    fn each_set_counts_the_outcome_it_does_not_expect_as_a_miss() {
        let sets = HandSets {
            civil: vec![comment("c1", "fine", None), comment("c2", "flagged", None)],
            identity: vec![comment("i1", "fine", Some(false)), comment("i2", "fine", Some(true))],
            spam: vec![comment("s1", "flagged", None), comment("s2", "fine", None)],
        };
        let r =
            hand_decisions(
                &sets,
                |item| {
                    if item.text == "flagged" { (Outcome::Hold, 0.9) } else { (Outcome::Accept, 0.1) }
                },
            );
        assert_eq!(r.civil.misses, ["c2"]);
        assert_eq!(r.spam.misses, ["s2"]);
        assert!(r.identity_neutral.misses.is_empty());
        assert_eq!(r.identity_toxic.misses, ["i2"]);
        assert_eq!((r.spam.total, r.spam.accepted, r.spam.held), (2, 1, 1));
    }

    #[test]
    fn every_directory_gets_its_own_section_and_misses() {
        let service = HandSetResults {
            spam: HandResult { total: 2, accepted: 1, held: 1, rejected: 0, misses: vec!["fspam-9".into()] },
            ..Default::default()
        };
        let report = EvalReport {
            folds: Vec::new(),
            random_by_source: Vec::new(),
            hand_sets: vec![
                HandReport {
                    dir: "training/eval".into(),
                    sealed: false,
                    model_only: HandSetResults::default(),
                    service: HandSetResults::default(),
                    civil_with_website: HandResult::default(),
                    peers: BTreeMap::new(),
                },
                HandReport {
                    dir: "training/eval/fresh".into(),
                    sealed: false,
                    model_only: HandSetResults::default(),
                    service: service.clone(),
                    civil_with_website: HandResult::default(),
                    peers: BTreeMap::new(),
                },
            ],
            rule_rates: Vec::new(),
            service_on_test: Vec::new(),
            skipped_folds: vec![("without-fixture".into(), "the abuse head has no positive training examples".into())],
            feedback_labels: 3,
            site_holds: Vec::new(),
            site_min_labels: Some(100),
        };
        let md = report.markdown();
        assert!(md.contains("## Hand-written sets (`training/eval/`)"));
        assert!(md.contains("Not fitted: fixture, because the abuse head has no positive training examples."));
        assert!(md.contains("Trained with 3 moderator labels"));
        assert!(!md.contains("| spam | public data only |"), "no rows without the folds");

        // The labels' leave-one-out fold against their random test rows.
        let thresholds = Thresholds { hold: 0.5, reject: 0.9 };
        let before = HeadMetrics::compute(&[(0.6, true), (0.7, false), (0.2, false)], thresholds, 0.25);
        let after = HeadMetrics::compute(&[(0.8, true), (0.1, false)], thresholds, 0.25);
        let with_labels = EvalReport {
            folds: vec![FoldResult {
                fold: "without-moderator-feedback".into(),
                head: Head::Spam,
                ours: before,
                peers: BTreeMap::new(),
            }],
            random_by_source: vec![("moderator-feedback".into(), Head::Spam, after)],
            ..report.clone()
        };
        let md = with_labels.markdown();
        assert!(md.contains("## What the labels change"));
        assert!(md.contains("| spam | public data only | 1 | 2 | 0.5000 | 100.0% | 50.0% |"), "{md}");
        assert!(md.contains("| spam | with the labels | 1 | 1 | 1.0000 | 100.0% | 0.0% |"), "{md}");
        let fresh = md.find("## Hand-written sets (`training/eval/fresh/`)").expect("fresh section");
        assert!(md[fresh..].contains("50.0% not accepted (1/2)"));
        assert!(md[fresh..].contains("- spam: fspam-9"));

        let mut sealed = HandReport {
            dir: "training/eval/sealed".into(),
            sealed: true,
            model_only: HandSetResults::default(),
            service,
            civil_with_website: HandResult {
                total: 1,
                accepted: 0,
                held: 1,
                rejected: 0,
                misses: vec!["fcivil-2".into()],
            },
            peers: BTreeMap::from([("peer".to_string(), HandSetResults::default())]),
        };
        sealed.peers.get_mut("peer").unwrap().spam.misses.push("fspam-8".into());
        sealed.seal();
        let md = EvalReport { hand_sets: vec![sealed.clone()], ..report }.markdown();
        assert!(md.contains("50.0% not accepted (1/2)"), "counts stay");
        assert!(!md.contains("fspam-9") && !md.contains("fspam-8") && !md.contains("fcivil-2"), "{md}");
        assert!(serde_json::to_string(&sealed).map(|j| !j.contains("fspam-")).unwrap());
    }

    #[test]
    fn the_labels_section_says_where_each_hold_threshold_came_from() {
        use crate::model::format::SiteHold;
        let abuse = SiteHold {
            head: Head::Abuse,
            positives: 259,
            negatives: 603,
            hold: 0.1084,
            met: true,
            raises_reject: false,
            recall: 0.5,
            negatives_held: 0.02,
            validation_hold: 0.1227,
        };
        let report = |site_holds: Vec<SiteHold>, site_min_labels: Option<u32>| EvalReport {
            folds: Vec::new(),
            random_by_source: Vec::new(),
            hand_sets: Vec::new(),
            rule_rates: Vec::new(),
            service_on_test: Vec::new(),
            skipped_folds: Vec::new(),
            feedback_labels: 1929,
            site_holds,
            site_min_labels,
        };
        let md = report(vec![abuse], Some(100)).markdown();
        assert!(md.contains("- abuse: 0.1084, chosen on the moderator labels (259 positive, 603 negative"), "{md}");
        assert!(md.contains("validation split would give 0.1227."), "{md}");
        assert!(md.contains("- spam: chosen on the whole validation split: fewer than 100 labels"), "{md}");
        let off = report(Vec::new(), None).markdown();
        assert!(off.contains("- abuse: chosen on the whole validation split (`site_thresholds` is off)."), "{off}");
    }
}
