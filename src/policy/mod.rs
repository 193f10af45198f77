//! The decision: how model scores and rule outcomes combine into accept,
//! hold or reject.
//!
//! [`decide`] is the one place this happens. Its table, also in the README:
//!
//! | what fired | decision |
//! |---|---|
//! | a rejecting rule (honeypot, blocked word or pattern, duplicate) | reject |
//! | a head's score at or above its reject threshold (spam: if the comment carries a payload, see below) | reject |
//! | a holding rule, or a head's score at or above its hold threshold (spam: with a payload, or at the reject threshold without one) | hold |
//! | only *weak* hold signals, and the author is trusted | accept (`trusted_author`) |
//! | nothing | accept |
//!
//! Weak signals are the ones a known good author plausibly trips: a model
//! score between hold and reject, too many links, a fast submission, a
//! suspect word or pattern. A flood is never weak.
//!
//! A spam score between the thresholds holds only a comment that sends
//! readers somewhere (a link, address, number, contact channel or an
//! advertiser's website:
//! [`rules::Rules::carries_payload`]), when `policy.spam_hold_needs_payload`
//! is on; without a payload, a score at the reject threshold holds rather
//! than rejects. Spam advertises; without a payload, what the spam head
//! flags is mostly readers talking about money, and none of them should be
//! rejected unseen.
//!
//! The decision is monotone in the scores: raising either head's score never
//! makes it more lenient. A property test checks this.
//!
//! - [`rules`]: the stateless rules (links, word lists, patterns, honeypot,
//!   submission speed);
//! - [`mention`]: quotations that name words rather than use them, which
//!   neither the model nor the identity-attack rule reads as the writer's;
//! - [`memory`]: the rules that remember (duplicates, floods, trusted
//!   authors), bounded and expiring;
//! - [`wordlist`]: matching word and phrase lists on normalized tokens.

pub mod memory;
pub mod mention;
pub mod rules;
pub mod swearing;
mod threat;
pub mod wordlist;

use crate::model::{Evidence, Head, PerHead, Thresholds};
use serde::{Deserialize, Serialize};

/// The outcome for a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Accept,
    Hold,
    Reject,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::Hold => "hold",
            Decision::Reject => "reject",
        }
    }
}

/// Why a decision was made. Every code is documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    SpamScore,
    AbuseScore,
    TooManyLinks,
    BlockedWord,
    SuspectWord,
    BlockedPattern,
    SuspectPattern,
    CommercialAuthor,
    PraiseWithLink,
    OwnerPitch,
    IdentityAttack,
    Threat,
    ContactDetails,
    HiddenLink,
    TooLong,
    BidiOverride,
    Honeypot,
    TooFast,
    Duplicate,
    Flood,
    TrustedAuthor,
}

impl ReasonCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::SpamScore => "spam_score",
            ReasonCode::AbuseScore => "abuse_score",
            ReasonCode::TooManyLinks => "too_many_links",
            ReasonCode::BlockedWord => "blocked_word",
            ReasonCode::SuspectWord => "suspect_word",
            ReasonCode::BlockedPattern => "blocked_pattern",
            ReasonCode::SuspectPattern => "suspect_pattern",
            ReasonCode::CommercialAuthor => "commercial_author",
            ReasonCode::PraiseWithLink => "praise_with_link",
            ReasonCode::OwnerPitch => "owner_pitch",
            ReasonCode::IdentityAttack => "identity_attack",
            ReasonCode::Threat => "threat",
            ReasonCode::ContactDetails => "contact_details",
            ReasonCode::HiddenLink => "hidden_link",
            ReasonCode::TooLong => "too_long",
            ReasonCode::BidiOverride => "bidi_override",
            ReasonCode::Honeypot => "honeypot",
            ReasonCode::TooFast => "too_fast",
            ReasonCode::Duplicate => "duplicate",
            ReasonCode::Flood => "flood",
            ReasonCode::TrustedAuthor => "trusted_author",
        }
    }

    pub const ALL: [ReasonCode; 21] = [
        ReasonCode::SpamScore,
        ReasonCode::AbuseScore,
        ReasonCode::TooManyLinks,
        ReasonCode::BlockedWord,
        ReasonCode::SuspectWord,
        ReasonCode::BlockedPattern,
        ReasonCode::SuspectPattern,
        ReasonCode::CommercialAuthor,
        ReasonCode::PraiseWithLink,
        ReasonCode::OwnerPitch,
        ReasonCode::IdentityAttack,
        ReasonCode::Threat,
        ReasonCode::ContactDetails,
        ReasonCode::HiddenLink,
        ReasonCode::TooLong,
        ReasonCode::BidiOverride,
        ReasonCode::Honeypot,
        ReasonCode::TooFast,
        ReasonCode::Duplicate,
        ReasonCode::Flood,
        ReasonCode::TrustedAuthor,
    ];
}

/// A reason, as returned to the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Reason {
    pub code: ReasonCode,
    pub message: String,
}

/// What a rule asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Hold,
    Reject,
}

/// A rule that fired.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleHit {
    pub code: ReasonCode,
    pub action: Action,
    /// A signal a trusted author may be forgiven.
    pub weak: bool,
    pub message: String,
}

/// One head's model result, as the policy sees it.
#[derive(Debug, Clone, Copy)]
pub struct ModelSignal<'a> {
    pub probability: f64,
    pub thresholds: Thresholds,
    /// Whether the comment carries what this head's harm needs (for spam:
    /// a payload; abuse always does). Without it a score acts only at the
    /// reject threshold, and then it holds: a comment that sends no one
    /// anywhere can wait for a moderator, but is never silently rejected
    /// as spam.
    pub actionable: bool,
    /// The name of the language the comment is in, when the model was not
    /// trained on it (`policy.model_languages`) and nothing that reads the
    /// same in any language backs the score (for spam: no link, e-mail
    /// address, phone number or contact channel in the text): a score at
    /// the reject threshold then holds, since it rests on words the model
    /// learned in another language.
    pub untrained_language: Option<&'static str>,
    pub evidence: &'a [Evidence],
}

/// A decision with its reasons, most severe first.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub decision: Decision,
    pub reasons: Vec<Reason>,
}

fn model_reason(head: Head, signal: &ModelSignal<'_>, action: Action) -> Reason {
    let (code, what) = match head {
        Head::Spam => (ReasonCode::SpamScore, "spam"),
        Head::Abuse => (ReasonCode::AbuseScore, "abuse"),
    };
    let (level, threshold) = match action {
        Action::Reject => ("reject", signal.thresholds.reject),
        Action::Hold => ("hold", signal.thresholds.hold),
    };
    let tokens: Vec<String> = signal.evidence.iter().map(|e| format!("\"{}\"", e.token)).collect();
    let evidence =
        if tokens.is_empty() { String::new() } else { format!("; strongest evidence: {}", tokens.join(", ")) };
    Reason {
        code,
        message: format!(
            "{what} score {:.3} is at or above the {level} threshold {threshold:.3}{evidence}",
            signal.probability
        ),
    }
}

/// Combines model signals and rule hits into a decision.
pub fn decide(model: PerHead<ModelSignal<'_>>, hits: &[RuleHit], trusted_author: bool) -> Outcome {
    // (action, weak, reason)
    let mut fired: Vec<(Action, bool, Reason)> = Vec::new();
    for head in Head::ALL {
        let signal = model.get(head);
        if signal.probability >= signal.thresholds.reject {
            let mut reason = model_reason(head, signal, Action::Reject);
            let action = if !signal.actionable {
                reason.message.push_str(
                    "; held, not rejected: the comment sends readers nowhere an advertiser would (no link, address, \
                     number, contact channel or advertiser's website)",
                );
                Action::Hold
            } else if let Some(language) = signal.untrained_language {
                reason.message.push_str(&format!(
                    "; held, not rejected: the comment is in {language}, which the model was not trained on"
                ));
                Action::Hold
            } else {
                Action::Reject
            };
            fired.push((action, false, reason));
        } else if signal.actionable && signal.probability >= signal.thresholds.hold {
            fired.push((Action::Hold, true, model_reason(head, signal, Action::Hold)));
        }
    }
    for hit in hits {
        fired.push((hit.action, hit.weak, Reason { code: hit.code, message: hit.message.clone() }));
    }
    // Most severe first; ties keep their order (model, then rules).
    fired.sort_by_key(|f| std::cmp::Reverse(f.0));
    let decision = match fired.first().map(|f| f.0) {
        Some(Action::Reject) => Decision::Reject,
        Some(Action::Hold) => Decision::Hold,
        None => Decision::Accept,
    };
    if decision == Decision::Hold && trusted_author && fired.iter().all(|f| f.1) {
        let overridden: Vec<&str> = fired.iter().map(|f| f.2.code.as_str()).collect();
        let mut reasons = vec![Reason {
            code: ReasonCode::TrustedAuthor,
            message: format!(
                "accepted because the author has earlier approved comments and only weak signals fired ({})",
                overridden.join(", ")
            ),
        }];
        reasons.extend(fired.into_iter().map(|f| f.2));
        return Outcome { decision: Decision::Accept, reasons };
    }
    Outcome { decision, reasons: fired.into_iter().map(|f| f.2).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T: Thresholds = Thresholds { hold: 0.5, reject: 0.9 };

    fn signals(spam: f64, abuse: f64) -> PerHead<ModelSignal<'static>> {
        PerHead {
            spam: ModelSignal {
                probability: spam,
                thresholds: T,
                actionable: true,
                untrained_language: None,
                evidence: &[],
            },
            abuse: ModelSignal {
                probability: abuse,
                thresholds: T,
                actionable: true,
                untrained_language: None,
                evidence: &[],
            },
        }
    }

    fn hit(code: ReasonCode, action: Action, weak: bool) -> RuleHit {
        RuleHit { code, action, weak, message: code.as_str().into() }
    }

    #[test]
    fn the_decision_table() {
        assert_eq!(decide(signals(0.1, 0.1), &[], false).decision, Decision::Accept);
        assert_eq!(decide(signals(0.6, 0.1), &[], false).decision, Decision::Hold);
        assert_eq!(decide(signals(0.1, 0.95), &[], false).decision, Decision::Reject);
        let honeypot = hit(ReasonCode::Honeypot, Action::Reject, false);
        assert_eq!(decide(signals(0.0, 0.0), &[honeypot], true).decision, Decision::Reject);
        let links = hit(ReasonCode::TooManyLinks, Action::Hold, true);
        assert_eq!(decide(signals(0.0, 0.0), std::slice::from_ref(&links), false).decision, Decision::Hold);
        // A spam score without a payload acts only at the reject threshold.
        let mut no_payload = signals(0.6, 0.1);
        no_payload.spam.actionable = false;
        assert_eq!(decide(no_payload, &[], false).decision, Decision::Accept);
        // At the reject threshold it is held, never silently rejected,
        // and a trusted author does not pass it.
        no_payload.spam.probability = 0.95;
        assert_eq!(decide(no_payload, &[], false).decision, Decision::Hold);
        assert_eq!(decide(no_payload, &[], true).decision, Decision::Hold);
    }

    #[test]
    fn a_score_in_a_language_the_model_does_not_read_holds_but_never_rejects() {
        let mut french = signals(0.97, 0.1);
        french.spam.untrained_language = Some("French");
        french.abuse.untrained_language = Some("French");
        let out = decide(french, &[], false);
        assert_eq!(out.decision, Decision::Hold);
        assert!(out.reasons[0].message.contains("the comment is in French"), "{}", out.reasons[0].message);
        // Not a weak hold: a trusted author's comment is still held.
        assert_eq!(decide(french, &[], true).decision, Decision::Hold);
        // A hold-level score holds as before, and a rule still rejects.
        french.spam.probability = 0.6;
        assert_eq!(decide(french, &[], false).decision, Decision::Hold);
        let honeypot = hit(ReasonCode::Honeypot, Action::Reject, false);
        assert_eq!(decide(french, &[honeypot], false).decision, Decision::Reject);
    }

    #[test]
    fn trusted_authors_pass_weak_signals_only() {
        let links = hit(ReasonCode::TooManyLinks, Action::Hold, true);
        let out = decide(signals(0.6, 0.0), std::slice::from_ref(&links), true);
        assert_eq!(out.decision, Decision::Accept);
        assert_eq!(out.reasons[0].code, ReasonCode::TrustedAuthor);
        let flood = hit(ReasonCode::Flood, Action::Hold, false);
        assert_eq!(decide(signals(0.0, 0.0), &[flood], true).decision, Decision::Hold);
        assert_eq!(decide(signals(0.95, 0.0), &[], true).decision, Decision::Reject);
    }

    #[test]
    fn every_hold_or_reject_has_a_reason_and_the_worst_comes_first() {
        let links = hit(ReasonCode::TooManyLinks, Action::Hold, true);
        let out = decide(signals(0.95, 0.6), &[links], false);
        assert_eq!(out.decision, Decision::Reject);
        let codes: Vec<_> = out.reasons.iter().map(|r| r.code).collect();
        assert_eq!(codes, [ReasonCode::SpamScore, ReasonCode::AbuseScore, ReasonCode::TooManyLinks]);
        assert!(out.reasons[0].message.contains("reject threshold"));
    }

    #[test]
    fn model_reasons_name_the_evidence() {
        let ev = [Evidence { token: "viagra".into(), weight: 3.0, normalized_span: None }];
        let mut s = signals(0.7, 0.0);
        s.spam.evidence = &ev;
        let out = decide(s, &[], false);
        assert!(out.reasons[0].message.contains("\"viagra\""), "{}", out.reasons[0].message);
    }

    fn rule_hits() -> impl Strategy<Value = Vec<RuleHit>> {
        proptest::collection::vec(
            (0usize..ReasonCode::ALL.len(), any::<bool>(), any::<bool>()).prop_map(|(c, reject, weak)| {
                hit(ReasonCode::ALL[c], if reject { Action::Reject } else { Action::Hold }, weak)
            }),
            0..4,
        )
    }

    proptest! {
        #[test]
        fn decision_is_monotone_in_each_score(
            spam in 0.0f64..=1.0, abuse in 0.0f64..=1.0, bump in 0.0f64..=1.0,
            hits in rule_hits(), trusted in any::<bool>(), payload in any::<bool>(), foreign in any::<bool>(),
        ) {
            let with = |spam: f64, abuse: f64, payload: bool, foreign: bool| {
                let mut s = signals(spam, abuse);
                s.spam.actionable = payload;
                let language = foreign.then_some("French");
                s.spam.untrained_language = language;
                s.abuse.untrained_language = language;
                decide(s, &hits, trusted).decision
            };
            let base = with(spam, abuse, payload, foreign);
            let more_spam = with((spam + bump).min(1.0), abuse, payload, foreign);
            let more_abuse = with(spam, (abuse + bump).min(1.0), payload, foreign);
            prop_assert!(more_spam >= base, "spam {spam} -> {}: {base:?} -> {more_spam:?}", spam + bump);
            prop_assert!(more_abuse >= base);
            // A payload never makes a decision more lenient, and a language
            // the model reads never makes it less severe.
            prop_assert!(with(spam, abuse, true, foreign) >= with(spam, abuse, false, foreign));
            prop_assert!(with(spam, abuse, payload, false) >= with(spam, abuse, payload, true));
        }

        #[test]
        fn holds_and_rejects_always_carry_a_reason(
            spam in 0.0f64..=1.0, abuse in 0.0f64..=1.0, hits in rule_hits(), trusted in any::<bool>(),
        ) {
            let out = decide(signals(spam, abuse), &hits, trusted);
            if out.decision != Decision::Accept {
                prop_assert!(!out.reasons.is_empty());
            }
        }
    }
}
