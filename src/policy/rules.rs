//! The stateless rules: each looks at one comment and its features only.
//!
//! | rule | reason code | action | setting |
//! |---|---|---|---|
//! | links in the comment ≥ limit | `too_many_links` | hold (weak) | `policy.max_links` |
//! | a blocked word or phrase | `blocked_word` | reject | `policy.blocked_words_files` |
//! | a suspect word or phrase | `suspect_word` | hold (weak) | `policy.suspect_words_files` |
//! | a blocked pattern | `blocked_pattern` | reject | `policy.blocked_patterns` |
//! | a suspect pattern | `suspect_pattern` | hold (weak) | `policy.suspect_patterns` |
//! | the honeypot field is filled | `honeypot` | reject | `form.honeypot_field` |
//! | submitted too soon after rendering | `too_fast` | hold (weak) | `policy.min_submit_seconds` |
//!
//! Words are matched on the comment's and the author name's canonical
//! tokens (see [`super::wordlist`]); patterns on the canonical comment text
//! (tokens joined by single spaces) and on the name, e-mail, website and IP
//! as given.

use super::wordlist::{WordList, WordListError};
use super::{Action, ReasonCode, RuleHit};
use crate::config::{FormSettings, PolicySettings};
use crate::domain::Comment;
use crate::text::{Features, normalize, tokenize};
use regex::RegexSet;

/// Why the rules could not be built.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error(transparent)]
    WordList(#[from] WordListError),
    #[error("invalid pattern in {key}: {source}")]
    Pattern { key: &'static str, source: regex::Error },
}

/// Compiled stateless rules.
#[derive(Debug, Clone)]
pub struct Rules {
    max_links: usize,
    blocked_words: WordList,
    suspect_words: WordList,
    blocked_patterns: (RegexSet, Vec<String>),
    suspect_patterns: (RegexSet, Vec<String>),
    min_submit_seconds: u64,
    honeypot_field: String,
    rendered_at_field: String,
}

impl Rules {
    pub fn new(policy: &PolicySettings, form: &FormSettings) -> Result<Rules, RulesError> {
        let set = |key: &'static str, patterns: &[String]| {
            RegexSet::new(patterns)
                .map(|s| (s, patterns.to_vec()))
                .map_err(|source| RulesError::Pattern { key, source })
        };
        Ok(Rules {
            max_links: policy.max_links,
            blocked_words: WordList::load(&policy.blocked_words_files)?,
            suspect_words: WordList::load(&policy.suspect_words_files)?,
            blocked_patterns: set("policy.blocked_patterns", &policy.blocked_patterns)?,
            suspect_patterns: set("policy.suspect_patterns", &policy.suspect_patterns)?,
            min_submit_seconds: policy.min_submit_seconds,
            honeypot_field: form.honeypot_field.clone(),
            rendered_at_field: form.rendered_at_field.clone(),
        })
    }

    /// Entries in the blocked and suspect word lists.
    pub fn word_list_sizes(&self) -> (usize, usize) {
        (self.blocked_words.len(), self.suspect_words.len())
    }

    /// Every stateless rule that fires for `comment`, whose content was
    /// featurized into `features`. `now` is the Unix time in seconds.
    pub fn check(&self, comment: &Comment, features: &Features, now: i64) -> Vec<RuleHit> {
        let mut hits = Vec::new();
        let links = features.tokens.links.len();
        if self.max_links > 0 && links >= self.max_links {
            hits.push(RuleHit {
                code: ReasonCode::TooManyLinks,
                action: Action::Hold,
                weak: true,
                message: format!("the comment has {links} links; comments with {} or more are held", self.max_links),
            });
        }

        if let Some(value) = &comment.honeypot {
            let shown: String = value.chars().take(40).collect();
            hits.push(RuleHit {
                code: ReasonCode::Honeypot,
                action: Action::Reject,
                weak: false,
                message: format!(
                    "the hidden field {:?} that people leave empty was filled ({shown:?})",
                    self.honeypot_field
                ),
            });
        }

        if self.min_submit_seconds > 0
            && let Some(rendered) = comment.rendered_at
        {
            let elapsed = now.saturating_sub(rendered);
            if elapsed < self.min_submit_seconds as i64 {
                hits.push(RuleHit {
                    code: ReasonCode::TooFast,
                    action: Action::Hold,
                    weak: true,
                    message: format!(
                        "submitted {elapsed} s after the form was rendered ({:?}); people take at least {} s",
                        self.rendered_at_field, self.min_submit_seconds
                    ),
                });
            }
        }

        if !self.blocked_words.is_empty() || !self.suspect_words.is_empty() {
            let content: Vec<&str> = features.tokens.tokens.iter().map(|t| features.tokens.text(t)).collect();
            let name: Vec<String> = comment
                .author_name
                .as_ref()
                .map(|n| {
                    let normalized = normalize(n.as_str(), 1024);
                    let t = tokenize(&normalized.text, 64);
                    t.tokens.iter().map(|k| t.text(k).to_string()).collect()
                })
                .unwrap_or_default();
            for (list, code, action, weak, what) in [
                (&self.blocked_words, ReasonCode::BlockedWord, Action::Reject, false, "blocked"),
                (&self.suspect_words, ReasonCode::SuspectWord, Action::Hold, true, "suspect"),
            ] {
                let found =
                    list.find(&content).map(|e| (e, "comment")).or_else(|| list.find(&name).map(|e| (e, "name")));
                if let Some((entry, field)) = found {
                    hits.push(RuleHit {
                        code,
                        action,
                        weak,
                        message: format!("the {field} contains the {what} word {entry:?}"),
                    });
                }
            }
        }

        let (blocked, suspect) = (&self.blocked_patterns, &self.suspect_patterns);
        if !blocked.1.is_empty() || !suspect.1.is_empty() {
            let canonical = features.tokens.canonical_text();
            let fields: [(&str, Option<String>); 5] = [
                ("comment", Some(canonical)),
                ("name", comment.author_name.as_ref().map(|n| n.as_str().to_string())),
                ("e-mail", comment.author_email.as_ref().map(|e| e.as_str().to_string())),
                ("website", comment.author_url.as_ref().map(|u| u.as_str().to_string())),
                ("IP address", comment.author_ip.map(|ip| ip.to_string())),
            ];
            for (set, code, action, weak, what) in [
                (blocked, ReasonCode::BlockedPattern, Action::Reject, false, "blocked"),
                (suspect, ReasonCode::SuspectPattern, Action::Hold, true, "suspect"),
            ] {
                let found = fields.iter().find_map(|(field, value)| {
                    let value = value.as_deref()?;
                    set.0.matches(value).iter().next().map(|i| (field, &set.1[i]))
                });
                if let Some((field, pattern)) = found {
                    // The e-mail and IP are never echoed; only the pattern is named.
                    hits.push(RuleHit {
                        code,
                        action,
                        weak,
                        message: format!("the {field} matches the {what} pattern {pattern:?}"),
                    });
                }
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CommentDraft, FieldNames};
    use crate::text::{CommentInput, Featurizer};

    fn comment(content: &str) -> Comment {
        CommentDraft { content: Some(content.into()), ..Default::default() }.validate(FieldNames::JSON, false).unwrap()
    }

    fn check(rules: &Rules, c: &Comment, now: i64) -> Vec<ReasonCode> {
        let f = Featurizer::default().featurize(&CommentInput::text(c.content.as_str()));
        rules.check(c, &f, now).into_iter().map(|h| h.code).collect()
    }

    fn rules_with(policy: PolicySettings) -> Rules {
        Rules::new(&policy, &FormSettings::default()).unwrap()
    }

    #[test]
    fn links_hold_at_the_wordpress_limit() {
        let rules = rules_with(PolicySettings::default());
        assert!(check(&rules, &comment("see http://a.com"), 0).is_empty());
        assert_eq!(check(&rules, &comment("see http://a.com and https://b.org"), 0), [ReasonCode::TooManyLinks]);
        let off = rules_with(PolicySettings { max_links: 0, ..Default::default() });
        assert!(check(&off, &comment("http://a.com http://b.com http://c.com"), 0).is_empty());
    }

    #[test]
    fn honeypot_and_speed() {
        let rules = rules_with(PolicySettings::default());
        let mut c = comment("hello there");
        c.honeypot = Some("http://bot.example".into());
        c.rendered_at = Some(1_000);
        assert_eq!(check(&rules, &c, 1_001), [ReasonCode::Honeypot, ReasonCode::TooFast]);
        c.honeypot = None;
        assert!(check(&rules, &c, 1_010).is_empty());
        assert_eq!(check(&rules, &c, 900), [ReasonCode::TooFast], "a render time in the future is not a person");
    }

    #[test]
    fn word_lists_and_patterns() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("blocked.txt");
        let suspect = dir.path().join("suspect.txt");
        std::fs::write(&blocked, "viagra\n").unwrap();
        std::fs::write(&suspect, "crypto recovery\n").unwrap();
        let rules = rules_with(PolicySettings {
            blocked_words_files: vec![blocked],
            suspect_words_files: vec![suspect],
            suspect_patterns: vec![r"\bwhats ?app\b".into()],
            ..Default::default()
        });
        assert_eq!(check(&rules, &comment("buy v-i-a-g-r-a"), 0), [ReasonCode::BlockedWord]);
        assert_eq!(check(&rules, &comment("Best CRYPTO... recovery!"), 0), [ReasonCode::SuspectWord]);
        assert_eq!(check(&rules, &comment("text me on WhatsApp"), 0), [ReasonCode::SuspectPattern]);
        assert!(check(&rules, &comment("a civil remark"), 0).is_empty());
        let mut named = comment("nice post");
        named.author_name = Some(crate::domain::AuthorName::parse("Cheap Viagra".into()).unwrap());
        let f = Featurizer::default().featurize(&CommentInput::text("nice post"));
        let hits = rules.check(&named, &f, 0);
        assert_eq!(hits[0].code, ReasonCode::BlockedWord);
        assert!(hits[0].message.contains("name"));
    }
}
