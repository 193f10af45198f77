//! The moderator: the model, the rules and their memory, applied to one
//! comment. Every entry point (the HTTP protocols, `moderator check`) goes
//! through [`Moderator::moderate`], so a comment gets the same decision
//! whichever way it arrives.
//!
//! The model sits behind an [`ArcSwap`]: a reload swaps in a new model
//! atomically while requests keep flowing, each request scoring against the
//! model it started with.

use crate::config::Settings;
use crate::domain::Comment;
use crate::model::{Evidence, Head, Model, ModelError, PerHead, Scores, Thresholds};
use crate::policy::memory::{Memory, MemoryKeys};
use crate::policy::rules::{Rules, RulesError};
use crate::policy::swearing::MildSwearing;
use crate::policy::{Decision, ModelSignal, Reason, decide};
use crate::privacy::PrivacyHasher;
use crate::text::language::{self, Language};
use crate::text::{CommentInput, Features};
use arc_swap::ArcSwap;
use serde::Serialize;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why the moderator could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ModeratorError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Rules(#[from] RulesError),
}

/// One evidence feature, with where it sits in the original comment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceItem {
    pub token: String,
    pub weight: f32,
    /// Byte range in the submitted comment text, if the feature came from
    /// it (not for meta features such as `url:tld=ru`).
    #[serde(skip)]
    pub span: Option<(usize, usize)>,
}

/// The result of moderating one comment.
#[derive(Debug, Clone)]
pub struct Moderation {
    pub decision: Decision,
    /// Calibrated probabilities.
    pub scores: PerHead<f64>,
    pub reasons: Vec<Reason>,
    pub evidence: PerHead<Vec<EvidenceItem>>,
    pub model_version: String,
    /// The comment's content had more bytes or tokens than are scored.
    pub truncated: bool,
}

/// Which optional parts of the policy apply to a call.
#[derive(Debug, Clone, Copy)]
pub struct ModerateOptions {
    /// Apply and update the duplicate / flood memory (off for batch
    /// backfills and test calls).
    pub remember: bool,
}

impl Default for ModerateOptions {
    fn default() -> Self {
        ModerateOptions { remember: true }
    }
}

thread_local! {
    /// Reused featurization buffers: one per worker thread.
    static SCRATCH: RefCell<Features> = RefCell::new(Features::default());
    /// The same for a comment with its quoted mentions blanked out.
    static BLANKED_SCRATCH: RefCell<Features> = RefCell::new(Features::default());
}

/// The model, rules and memory of one running service.
pub struct Moderator {
    model: ArcSwap<Model>,
    model_path: PathBuf,
    thresholds_override: PerHead<Option<Thresholds>>,
    evidence_tokens: usize,
    spam_hold_needs_payload: bool,
    /// `policy.quoted_mentions_keep_weight`.
    mention_keep_weight: f32,
    /// `policy.mild_swearing_words`, scored as absent where aimed at no one.
    mild_swearing: MildSwearing,
    /// `policy.model_languages` (validated with the configuration).
    model_languages: Vec<Language>,
    rules: Rules,
    memory: Memory,
    hasher: PrivacyHasher,
}

impl std::fmt::Debug for Moderator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Moderator").field("model_path", &self.model_path).finish_non_exhaustive()
    }
}

impl Moderator {
    /// Loads the model and builds the rules from settings.
    pub fn new(settings: &Settings, hasher: PrivacyHasher) -> Result<Moderator, ModeratorError> {
        let model = Model::load(&settings.model.path)?;
        Ok(Moderator::with_model(model, settings, hasher)?)
    }

    /// Builds a moderator around an already loaded model.
    pub fn with_model(model: Model, settings: &Settings, hasher: PrivacyHasher) -> Result<Moderator, RulesError> {
        Ok(Moderator {
            model: ArcSwap::from_pointee(model),
            model_path: settings.model.path.clone(),
            thresholds_override: settings.model.thresholds,
            evidence_tokens: settings.model.evidence_tokens,
            spam_hold_needs_payload: settings.policy.spam_hold_needs_payload,
            mention_keep_weight: settings.policy.quoted_mentions_keep_weight,
            mild_swearing: MildSwearing::new(
                &settings.policy.mild_swearing_words,
                settings.policy.mild_swearing_keep_before_weight,
            ),
            model_languages: settings.policy.model_languages.iter().filter_map(|c| Language::from_code(c)).collect(),
            rules: Rules::new(&settings.policy, &settings.form)?,
            memory: Memory::new(&settings.policy),
            hasher,
        })
    }

    /// The model serving right now.
    pub fn model(&self) -> Arc<Model> {
        self.model.load_full()
    }

    pub fn model_path(&self) -> &Path {
        &self.model_path
    }

    /// Loads the model file again (or `path`) and swaps it in. A model that
    /// fails to load is refused and the current one keeps serving.
    pub fn reload(&self, path: Option<&Path>) -> Result<Arc<Model>, ModelError> {
        let model = Arc::new(Model::load(path.unwrap_or(&self.model_path))?);
        self.model.store(Arc::clone(&model));
        Ok(model)
    }

    /// Effective thresholds: configuration overrides, else the model's own.
    pub fn thresholds(&self, model: &Model) -> PerHead<Thresholds> {
        PerHead::new(|head| self.thresholds_override.get(head).unwrap_or(model.header().heads.get(head).thresholds))
    }

    pub fn hasher(&self) -> &PrivacyHasher {
        &self.hasher
    }

    pub fn memory(&self) -> &Memory {
        &self.memory
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Model scores only (no rules, no memory), for the Perspective API.
    pub fn score(&self, text: &str) -> (PerHead<f64>, PerHead<Vec<EvidenceItem>>, String) {
        let model = self.model.load();
        SCRATCH.with_borrow_mut(|features| {
            let input = CommentInput::text(text);
            model.featurizer().featurize_into(&input, features);
            let (scores, evidence) = self.model_scores(&model, &input, features);
            (scores.map(|_, s| s.probability), evidence, model.version().to_string())
        })
    }

    /// The model's scores and evidence for a featurized comment. Words the
    /// comment quotes as a mention ([`crate::policy::mention`]) are not the
    /// writer's abuse: the abuse head also scores the comment with them
    /// blanked out (by spaces of the same length, so that evidence spans
    /// still point into the original text) and keeps the lower score, so
    /// a mention can lower the score but never raise it (the quoted words
    /// of "stop calling Ukrainians' war a 'special military operation'"
    /// count against abuse). A mention holding a word of profanity or
    /// insult, one that weighs `policy.quoted_mentions_keep_weight` nats or
    /// more on its own, is not blanked. The spam head always reads every
    /// word: an advertisement in quotation marks is still one. Blanking
    /// joins the words on either side into a pair the comment never had
    /// ("immigrants is"), which is the price of scoring the very featurizer
    /// that training used. Most comments have no mention and are scored
    /// once.
    fn model_scores(
        &self,
        model: &Model,
        input: &CommentInput,
        features: &Features,
    ) -> (Scores, PerHead<Vec<EvidenceItem>>) {
        let mut scores = model.score(features);
        let mut evidence = PerHead::new(|head| self.evidence_items(model, features, input.content, head));
        // Mild swearing aimed at no one is not the writer's abuse either
        // (src/policy/swearing.rs): scored without those words' own weight,
        // the lower score kept. Almost every comment has none.
        let at_no_one = self.mild_swearing.at_no_one(
            input.content,
            features,
            |hash| model.weight(hash).map(|w| w[Head::Abuse.index()]),
            |hash| model.featurizer().names_group(hash),
        );
        if !at_no_one.is_empty() {
            let kept = features.items().iter().filter(|f| !self.mild_swearing.is_weightless(at_no_one, features, f));
            let without_swearing = model.score_hashes(kept.map(|f| f.hash)).abuse;
            if without_swearing.probability < scores.abuse.probability {
                scores.abuse = without_swearing;
                evidence.abuse.retain(|item| !self.mild_swearing.shows_word(at_no_one, &item.token));
            }
        }
        let mentions = self.rules.mentions(features);
        if mentions.is_empty() {
            return (scores, evidence);
        }
        let tokens = &features.tokens.tokens;
        let hashes = features.token_hashes();
        // Profanity and insults stay abuse in quotation marks ("a 'moron'",
        // "boss ass bitch"): a mention holding a word that weighs
        // `mention_keep_weight` nats or more on its own is kept.
        let heavy =
            |i: usize| model.weight(hashes[i]).is_some_and(|w| w[Head::Abuse.index()] >= self.mention_keep_weight);
        let mut blanked = String::with_capacity(input.content.len());
        let mut copied = 0;
        for span in mentions.spans().iter().filter(|span| !(span.start..span.end).any(heavy)) {
            let (start, end) = features.normalized.original_range(
                input.content,
                tokens[span.start].start as usize,
                tokens[span.end - 1].end as usize,
            );
            // Ranges come from the normalizer's map back to the input, at
            // character boundaries; anything else is skipped, never sliced.
            let content = input.content;
            let Some(kept) = content.get(copied..start).filter(|_| start < end && content.is_char_boundary(end)) else {
                continue;
            };
            blanked.push_str(kept);
            blanked.extend(std::iter::repeat_n(' ', end - start));
            copied = end;
        }
        if copied == 0 {
            return (scores, evidence);
        }
        blanked.push_str(&input.content[copied..]);
        let input = CommentInput { content: &blanked, ..*input };
        BLANKED_SCRATCH.with_borrow_mut(|scratch| {
            model.featurizer().featurize_into(&input, scratch);
            let without_mentions = model.score(scratch).abuse;
            if without_mentions.probability < scores.abuse.probability {
                scores.abuse = without_mentions;
                evidence.abuse = self.evidence_items(model, scratch, &blanked, Head::Abuse);
            }
        });
        (scores, evidence)
    }

    fn evidence_items(&self, model: &Model, features: &Features, content: &str, head: Head) -> Vec<EvidenceItem> {
        model
            .evidence(features, head, self.evidence_tokens)
            .into_iter()
            .map(|Evidence { token, weight, normalized_span }| EvidenceItem {
                token,
                weight,
                span: normalized_span
                    .map(|(s, e)| features.normalized.original_range(content, s, e))
                    .filter(|(s, e)| s < e),
            })
            .collect()
    }

    /// The hashed identities of a comment for the memory rules.
    pub fn memory_keys(&self, comment: &Comment, normalized_content: &str) -> MemoryKeys {
        let email = comment.author_email.as_ref().map(|e| self.hasher.hash_u64("email", e.as_str()));
        let ip = comment.author_ip.map(|ip| self.hasher.hash_u64("ip", &ip.to_string()));
        let account = comment.author_id.as_ref().map(|id| self.hasher.hash_u64("account", id));
        let author = account
            .or(email)
            .or_else(|| comment.author_name.as_ref().map(|n| self.hasher.hash_u64("name", n.as_str())))
            .or(ip);
        let article = comment.article_id.as_deref().or(comment.article_url.as_deref()).unwrap_or("");
        let mut bytes = Vec::with_capacity(normalized_content.len() + article.len() + 16);
        bytes.extend_from_slice(&author.unwrap_or(0).to_le_bytes());
        bytes.extend_from_slice(article.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(comment.parent_id.as_deref().unwrap_or("").as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(normalized_content.as_bytes());
        MemoryKeys {
            // Without any identity, two people saying "Thanks!" are not a
            // duplicate.
            duplicate: author.map(|_| xxhash_rust::xxh3::xxh3_64(&bytes)),
            flood: email.into_iter().chain(ip).chain(account).collect(),
            author: email,
        }
    }

    /// Moderates one validated comment: model, rules, memory, decision.
    pub fn moderate(&self, comment: &Comment, options: ModerateOptions) -> Moderation {
        let model = self.model.load();
        let thresholds = self.thresholds(&model);
        let now = unix_now();
        SCRATCH.with_borrow_mut(|features| {
            let input = comment.model_input();
            model.featurizer().featurize_into(&input, features);
            let (scores, evidence) = self.model_scores(&model, &input, features);
            let content = comment.content.as_str();
            let mut hits = self.rules.check(comment, features, now);
            let keys = self.memory_keys(comment, &features.normalized.text);
            if options.remember {
                hits.extend(self.memory.check_and_record(&keys));
            }
            let model_evidence: PerHead<Vec<Evidence>> = evidence.map(|_, items| {
                items
                    .iter()
                    .map(|i| Evidence { token: i.token.clone(), weight: i.weight, normalized_span: None })
                    .collect()
            });
            // Spam is advertising: a comment with nowhere to send the reader
            // advertises nothing, so only a sure spam score acts on it, and
            // only by holding. The payload matters only to a score that
            // would act, so most comments are spared looking for one.
            let spam_actionable = !self.spam_hold_needs_payload
                || scores.spam.probability < thresholds.spam.hold
                || self.rules.carries_payload(comment, features);
            // In a language the model was not trained on, its scores rest
            // on false friends. A reject-level spam score still rejects when
            // the text itself sends readers somewhere (a link, an e-mail
            // address, a phone number, a contact channel), which reads the
            // same in any language; a reject-level abuse score has no such
            // evidence, so it holds. Only a score that would reject needs
            // the language, so most comments are spared detecting it.
            let would_reject = Head::ALL.iter().any(|&h| scores.get(h).probability >= thresholds.get(h).reject);
            let untrained_language = if would_reject && !self.model_languages.is_empty() {
                language::detect(content).filter(|l| !self.model_languages.contains(l)).map(Language::name)
            } else {
                None
            };
            let spam_untrained_language = untrained_language.filter(|_| !self.rules.payload_in_text(comment, features));
            let signals = PerHead::new(|head| ModelSignal {
                probability: scores.get(head).probability,
                thresholds: *thresholds.get(head),
                actionable: head != Head::Spam || spam_actionable,
                untrained_language: match head {
                    Head::Spam => spam_untrained_language,
                    Head::Abuse => untrained_language,
                },
                evidence: model_evidence.get(head),
            });
            let trusted = self.memory.is_trusted(keys.author);
            let outcome = decide(signals, &hits, trusted);
            if options.remember && outcome.decision == Decision::Accept {
                self.memory.record_accepted(keys.author);
            }
            Moderation {
                decision: outcome.decision,
                scores: scores.map(|_, s| s.probability),
                reasons: outcome.reasons,
                evidence,
                model_version: model.version().to_string(),
                truncated: features.normalized.stats.truncated || features.tokens.capped,
            }
        })
    }
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::domain::{CommentDraft, FieldNames};
    use crate::model::format::tests::tiny_model;

    fn moderator(words: &[(&str, [f32; 2])]) -> Moderator {
        let mut file = tiny_model();
        file.entries = words.iter().map(|(w, ws)| (crate::text::token_hash(w), *ws)).collect();
        file.entries.sort_by_key(|e| e.0);
        let model = Model::from_file(file, "test".into());
        Moderator::with_model(model, &Settings::default(), PrivacyHasher::with_key(b"test")).unwrap()
    }

    fn abuse(moderator: &Moderator, text: &str) -> f64 {
        let draft = CommentDraft { content: Some(text.into()), ..Default::default() };
        let comment = draft.validate(FieldNames::JSON, false).unwrap();
        moderator.moderate(&comment, ModerateOptions { remember: false }).scores.abuse
    }

    #[test]
    fn mild_swearing_at_no_one_is_scored_without_it() {
        let m = moderator(&[("hell", [0.0, 2.0]), ("sanctions", [0.0, 0.3]), ("good", [0.0, -1.0])]);
        let at_no_one = abuse(&m, "What the hell are the sanctions for?");
        assert_eq!(at_no_one, abuse(&m, "What the are the sanctions for?"));
        assert!(at_no_one < abuse(&m, "What the hell are the sanctions for, you?"));
        // Only the word's own weight goes, and a lower score is never raised.
        let m = moderator(&[("hell", [0.0, -1.0])]);
        assert_eq!(abuse(&m, "What the hell"), abuse(&m, "What the hell, you"));
        // Switched off by an empty list.
        let mut settings = Settings::default();
        settings.policy.mild_swearing_words.clear();
        let mut file = tiny_model();
        file.entries = vec![(crate::text::token_hash("hell"), [0.0, 2.0])];
        let off =
            Moderator::with_model(Model::from_file(file, "test".into()), &settings, PrivacyHasher::with_key(b"test"))
                .unwrap();
        let on = moderator(&[("hell", [0.0, 2.0])]);
        assert!(abuse(&on, "What the hell") < abuse(&off, "What the hell"));
    }

    #[test]
    fn a_quoted_mention_can_lower_the_abuse_score_but_not_raise_it() {
        let m = moderator(&[("invaders", [0.0, 1.5]), ("ugly", [0.0, 1.0]), ("operation", [0.0, -2.0])]);
        let quoted = abuse(&m, "Calling immigrants \"invaders\" is ugly.");
        let used = abuse(&m, "Immigrants are invaders, which is ugly.");
        assert!(quoted < used, "{quoted} >= {used}");
        assert_eq!(quoted, abuse(&m, "Calling immigrants is ugly."));
        // Quoted words that count against abuse still count.
        let civil = abuse(&m, "Stop calling Ukrainians' war a 'special military operation'.");
        assert_eq!(civil, abuse(&m, "Stop calling Ukrainians' war a special military operation."));
    }

    #[test]
    fn quoted_words_that_weigh_much_are_kept() {
        let m = moderator(&[("moron", [0.0, 2.4]), ("terrorists", [0.0, 1.3])]);
        let kept = "Calling Muslims a 'moron' nation is rude.";
        assert_eq!(abuse(&m, kept), abuse(&m, "Calling Muslims a moron nation is rude."));
        assert!(
            abuse(&m, "Calling Muslims 'terrorists' is wrong.") < abuse(&m, "Muslims are terrorists, which is wrong.")
        );
    }

    proptest::proptest! {
        #[test]
        fn blanking_mentions_never_panics(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "calling", "called", "the word", " ", "\"", "'", "\u{201C}", "\u{201D}", "ﬁ", "Ａ", "é", "\u{200B}",
                "invaders", ".", "x", "I'd call", "\u{1F600}", "\r\n",
            ]), 1..24)
        ) {
            let m = moderator(&[("invaders", [0.0, 2.0])]);
            let text: String = parts.concat();
            let draft = CommentDraft { content: Some(text.clone()), ..Default::default() };
            if let Ok(comment) = draft.validate(FieldNames::JSON, false) {
                let scores = m.moderate(&comment, ModerateOptions { remember: false }).scores;
                proptest::prop_assert!(scores.abuse.is_finite(), "{text:?}");
            }
        }
    }
}
