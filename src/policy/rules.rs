//! The stateless rules: each looks at one comment and its features only.
//!
//! | rule | reason code | action | setting |
//! |---|---|---|---|
//! | links in the comment ≥ limit | `too_many_links` | hold (weak) | `policy.max_links` |
//! | a blocked word or phrase | `blocked_word` | reject | `policy.blocked_words_files` |
//! | a suspect word or phrase | `suspect_word` | hold (weak) | `policy.suspect_words_files` |
//! | a blocked pattern | `blocked_pattern` | reject | `policy.blocked_patterns` |
//! | a suspect pattern | `suspect_pattern` | hold (weak) | `policy.suspect_patterns` |
//! | a commercial keyword in the author's name, two in their website's domain, or one there that the comment names too | `commercial_author` | hold (weak) | `policy.commercial_author`, `policy.commercial_author_words_files` |
//! | a short comment with a website that praises the post or site in stock phrases, or in words of its own that point at the post ("your writing ... love"); a longer one only when made of them (spun templates) | `praise_with_link` | hold (weak) | `policy.praise_with_link`, `policy.praise_phrases_files`, `policy.praise_subjects_files`, `policy.praise_words_files`, `policy.praise_with_link_max_words`, `policy.praise_with_link_long_max_words`, `policy.praise_with_link_long_max_gap`, `policy.praise_with_link_long_min_phrases` |
//! | a sales pitch to the site's owner: two of its words ("guest post", "backlinks"), or one and an address ("your website") | `owner_pitch` | hold (weak) | `policy.owner_pitch`, `policy.owner_pitch_words_files` |
//! | a group of people named near hostile words, said to *be* a derogatory trait ("Xs are liars", "every X is a liar", "Xs = crime"), said to *do* a stereotyped thing ("Xs only understand force"), called to be excluded ("Xs shouldn't be allowed to vote"), swept into one ("Xs ... the lot of them"), called by a slur, or marked with the antisemitic echo ("(((they)))"); praise of Hitler's genocide or of massacres of minorities, Holocaust denial, coded slogans of white supremacy ("day of the rope", "Zionists control the media") | `identity_attack` | hold | `policy.identity_attack`, `policy.identity_attack_phrases_files`, `policy.identity_attack_traits_files`, `policy.identity_attack_claims_files`, `policy.identity_attack_exclusions_files`, `policy.identity_attack_sweeps_files`, `policy.identity_attack_slurs_files`, `policy.identity_attack_tropes_files`, `policy.identity_attack_groups_files`, `policy.identity_attack_window`, `policy.quoted_mentions` |
//! | violence promised or wished to the person addressed ("i will kill you", "hope you die"), not negated just before ("it won't kill you") nor said of a thing ("smoking will kill you"); or called for or wished on others ("he should be shot", "hang them all", "I hope Putin dies"), not denied, asked or reported (see [`super::threat`]) | `threat` | hold | `policy.threat`, `policy.threat_phrases_files`, `policy.threat_others` |
//! | a phone number, e-mail address (also written out: "name at gmail dot com"), invitation to a messenger account ("add me on Telegram @handle") or link that opens a chat (`wa.me/...`) in the comment | `contact_details` | hold (weak) | `policy.hold_contact_details` |
//! | a link through a URL shortener, or a made-up address written with a space before its dot ("quick-loans . top") or spelt out one character at a time ("d a t e - n o w 2 4 . f u n") | `hidden_link` | hold (weak) | `policy.hold_hidden_links` |
//! | the comment is longer than is read (the training recipe's `features.max_bytes` and `features.max_tokens`, kept in the model) | `too_long` | hold | `policy.hold_truncated` |
//! | a bidi override character (U+202D, U+202E) before Latin letters, which displays them in another order than they are stored | `bidi_override` | hold (weak) | `policy.hold_bidi_overrides` |
//! | the honeypot field is filled | `honeypot` | reject | `form.honeypot_field` |
//! | submitted too soon after rendering | `too_fast` | hold (weak) | `policy.min_submit_seconds` |
//!
//! Words are matched on the comment's and the author name's canonical
//! tokens (see [`super::wordlist`]); patterns on the canonical comment text
//! (tokens joined by single spaces) and on the name, e-mail, website and IP
//! as given.
//!
//! The commercial-author rule exists because SEO comment spam carries its
//! message in the form's other fields: the text is a generic "Great post,
//! thanks for sharing!" and the advertisement is the name ("Best CBD Oil"),
//! which WordPress prints as the link text of the website ("cbd-oil-deals").
//! No text model can see that in the comment, and the shared training data
//! has no such fields, so a curated word list (WordPress's moderation keys
//! are matched against the same fields) does it, on whole words only.
//!
//! The praise-with-link rule covers the same spam when its name is a made-up
//! person's ("Jessica Miller", `homedecorvista.net`): then only the wrapping
//! gives it away, a compliment that fits any page ("Great article,
//! bookmarked!", "Which theme is this?") around a link. Readers who praise
//! an article and give a website of their own are held too: that is the
//! rule's cost, which `moderator eval` measures by giving every civil
//! comment of the hand-written sets a website. The hold is weak, so an
//! author with approved comments passes.
//!
//! The identity-attack rule covers hate aimed at a group and written in
//! ordinary words ("Immigrants stink up the street. Send them home."). The
//! abuse model learned from corpora of profanity and insults, and the
//! training gives identity terms no abuse weight at all (so that naming a
//! group is never abuse), so such a comment can score low. The rule asks
//! for both halves, close together: a group's name and a threat,
//! dehumanizing word or derogation within a few tokens; or, for the
//! stereotypes that use no hostile word at all ("Arabs only understand
//! force", "women belong in the kitchen"), a generic statement with the
//! group as its subject, which a report, a denial or a quotation before the
//! name breaks. Hostile words quoted as a mention ("calling immigrants
//! "invaders" is ugly", [`super::mention`]) are not read. Either half alone
//! is everyday news talk. Its hold is not weak: a regular's hate still needs a
//! moderator's eye. What it costs is measured on the abuse sources' clean
//! examples by `moderator eval`.
//!
//! The threat rule exists for the same reason from the other side: a
//! threat's words are a news report's (`kill`, `shoot`), so the abuse model
//! gives them no weight alone; [`super::threat`] says how it tells a threat
//! or a death wish from a report.

use super::mention::{MentionFinder, Mentions};
use super::threat::Threat;
use super::wordlist::{WordList, WordListError};
use super::{Action, ReasonCode, RuleHit};
use crate::config::{FormSettings, PolicySettings};
use crate::domain::{Comment, WebsiteUrl};
use crate::text::{Features, TokenKind, token_hash};
use nohash_hasher::{IntMap, IntSet};
use regex::RegexSet;
use std::ops::Range;

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
    /// Commercial keywords: of the commercial-author rule (when
    /// `commercial_author` is on) and of [`Rules::website_advertises`]
    /// (always).
    commercial_keywords: WordList,
    commercial_author: bool,
    /// The one-word entries of `commercial_keywords`, lowercase, for
    /// matching inside run-together domain words.
    advertiser_keywords: Vec<String>,
    /// Lists of the praise-with-link rule; `None` when it is off.
    praise_with_link: Option<PraiseLists>,
    praise_with_link_limits: PraiseLimits,
    /// Words of the owner-pitch rule; `None` when it is off.
    owner_pitch_rule: Option<WordList>,
    owner_address: WordList,
    /// Words that send a reader elsewhere ("telegram", "whatsapp", "dot
    /// com"), for [`Rules::carries_payload`].
    contact_channels: WordList,
    /// Words of a pitch to the site's owner ("webmaster", "guest post"),
    /// for [`Rules::carries_payload`].
    pitch_payload_words: WordList,
    /// An address written with spaces around its dot ("shop . top").
    spaced_address: regex::Regex,
    /// The same, as the hidden-link rule holds it ([`HIDDEN_ADDRESS`]).
    hidden_address: regex::Regex,
    /// A run of single characters that may spell an address out
    /// ([`SPELLED_OUT_RUN`]).
    spelled_out_run: regex::Regex,
    /// A messenger account ("Telegram @signals_vip", "snap: jess.xo2001"),
    /// looked for only when one of `messengers` is a token.
    messenger_handle: regex::Regex,
    messengers: IntSet<u64>,
    /// An e-mail address written out ("recovery at gmail dot com").
    spelled_email: SpelledEmail,
    /// Lists of the identity-attack rule; `None` when it is off.
    identity_attack: Option<IdentityAttack>,
    /// Finds quoted mentions (`policy.quoted_mentions`); `None` when off.
    mentions: Option<MentionFinder>,
    threat: Option<Threat>,
    hold_contact_details: bool,
    hold_hidden_links: bool,
    hold_truncated: bool,
    hold_bidi_overrides: bool,
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
        // One list for both uses: the files are read once.
        let commercial_keywords =
            builtin_list(true, BUILTIN_COMMERCIAL_AUTHOR_WORDS, &policy.commercial_author_words_files)?
                .unwrap_or_default();
        Ok(Rules {
            max_links: policy.max_links,
            blocked_words: WordList::load(&policy.blocked_words_files)?,
            suspect_words: WordList::load(&policy.suspect_words_files)?,
            blocked_patterns: set("policy.blocked_patterns", &policy.blocked_patterns)?,
            suspect_patterns: set("policy.suspect_patterns", &policy.suspect_patterns)?,
            advertiser_keywords: commercial_keywords
                .entries()
                .filter(|keyword| !keyword.contains(' '))
                .map(str::to_lowercase)
                .collect(),
            commercial_keywords,
            commercial_author: policy.commercial_author,
            praise_with_link: PraiseLists::new(policy)?,
            praise_with_link_limits: PraiseLimits {
                max_words: policy.praise_with_link_max_words,
                long_max_words: policy.praise_with_link_long_max_words,
                long_max_gap: policy.praise_with_link_long_max_gap,
                long_min_phrases: policy.praise_with_link_long_min_phrases,
            },
            owner_pitch_rule: builtin_list(
                policy.owner_pitch,
                BUILTIN_OWNER_PITCH_RULE,
                &policy.owner_pitch_words_files,
            )?,
            owner_address: WordList::from_entries(OWNER_ADDRESS.lines()),
            contact_channels: WordList::from_entries(BUILTIN_CONTACT_CHANNELS.lines()),
            pitch_payload_words: WordList::from_entries(BUILTIN_PITCH_PAYLOAD_WORDS.lines()),
            spaced_address: regex::Regex::new(SPACED_ADDRESS).expect("the built-in pattern compiles"),
            hidden_address: regex::Regex::new(HIDDEN_ADDRESS).expect("the built-in pattern compiles"),
            spelled_out_run: regex::Regex::new(SPELLED_OUT_RUN).expect("the built-in pattern compiles"),
            messenger_handle: regex::Regex::new(MESSENGER_HANDLE).expect("the built-in pattern compiles"),
            messengers: hashed(MESSENGERS),
            spelled_email: SpelledEmail::new(),
            identity_attack: IdentityAttack::new(policy)?,
            mentions: policy.quoted_mentions.then(MentionFinder::default),
            threat: Threat::new(policy)?,
            hold_contact_details: policy.hold_contact_details,
            hold_hidden_links: policy.hold_hidden_links,
            hold_truncated: policy.hold_truncated,
            hold_bidi_overrides: policy.hold_bidi_overrides,
            min_submit_seconds: policy.min_submit_seconds,
            honeypot_field: form.honeypot_field.clone(),
            rendered_at_field: form.rendered_at_field.clone(),
        })
    }

    /// The comment's quoted mentions ([`super::mention`]); none when
    /// `policy.quoted_mentions` is off.
    pub fn mentions(&self, features: &Features) -> Mentions {
        self.mentions.as_ref().map(|finder| finder.find(features)).unwrap_or_default()
    }

    /// Whether a comment gives a reader somewhere to go: a website in the
    /// form that looks like an advertiser's (see
    /// [`Rules::website_advertises`]); a link, e-mail address or phone number in the text; a contact
    /// channel or broken-up address in its words ("Telegram @signals_vip",
    /// "rx-bestprice(dot)com", "quick-loans . top", "check my channel"); or,
    /// for a pitch to the site's owner ("Hello webmaster", "a guest post on
    /// your blog"), the form's e-mail address, which is where the owner is
    /// meant to reply. Spam advertises, and an advertisement needs one of
    /// these.
    pub fn carries_payload(&self, comment: &Comment, features: &Features) -> bool {
        comment.author_url.as_ref().is_some_and(|url| self.website_advertises(url))
            || self.payload_in_text(comment, features)
    }

    /// [`Rules::carries_payload`] without the website field: what the
    /// comment itself sends readers to, read the same in any language.
    pub fn payload_in_text(&self, comment: &Comment, features: &Features) -> bool {
        let hashes = features.token_hashes();
        !features.tokens.links.is_empty()
            || features.tokens.tokens.iter().any(|t| matches!(t.kind, TokenKind::Email | TokenKind::Phone))
            || self.contact_channels.find_hashed(hashes).is_some()
            || self.spaced_address.is_match(&features.normalized.text)
            || self.spells_out_an_address(features)
            || (comment.author_email.is_some() && self.pitch_payload_words.find_hashed(hashes).is_some())
    }

    /// Whether the form's website looks like an advertiser's rather than a
    /// reader's own: a hyphen or a digit in its name (`homejob-dailycash`,
    /// `pills24`; made-up names for keywords, the way spam registers
    /// domains), a commercial keyword in it, alone or run together with
    /// other words (`casino.example`, `cheapjerseys.com`, `bestcasino.net`), or
    /// an IP address for a name. Readers fill the website field too, and
    /// with a personal site (`mariakowalska.net`) and a comment about money
    /// ("$300 billion of frozen reserves") the website alone must not make
    /// the spam score act.
    fn website_advertises(&self, url: &WebsiteUrl) -> bool {
        let host = url.host();
        let name = host.rsplit_once('.').map_or(host, |(name, _top_level)| name);
        name.is_empty()
            || name.split('.').any(|label| {
                // An internationalized label (`xn--mller-kva`, "müller")
                // keeps its ASCII letters before the last hyphen; the rest
                // encodes the others.
                let written = match label.strip_prefix("xn--") {
                    Some(punycode) => punycode.rsplit_once('-').map_or("", |(ascii, _)| ascii),
                    None => label,
                };
                written.contains('-') || written.contains(|c: char| c.is_ascii_digit())
            })
            || domain_words(name).iter().any(|w| self.advertiser_keywords.iter().any(|k| contains_keyword(w, k)))
    }

    /// Whether the comment writes an address with a space before its dot
    /// ([`HIDDEN_ADDRESS`]) whose name looks made up (a letter, and a
    /// hyphen or a digit: `essay-pro24`, not `2022` or `post`) and whose
    /// top-level domain was not written as a capitalized word: spam writes
    /// "thesis-pro . net", prose "In 1990s . Live coverage ...".
    fn hides_an_address(&self, comment: &Comment, features: &Features) -> bool {
        let text = &features.normalized.text;
        let original = comment.content.as_str();
        self.hidden_address.captures_iter(text).any(|found| {
            let (Some(name), Some(tld)) = (found.name("name"), found.name("tld")) else {
                return false;
            };
            let name = name.as_str();
            let made_up = name.contains(|c: char| c.is_ascii_alphabetic())
                && name.contains(|c: char| c == '-' || c.is_ascii_digit());
            let written = features.normalized.origin.get(tld.start()).and_then(|&at| original.get(at as usize..));
            let capitalized = written.and_then(|rest| rest.chars().next()).is_some_and(char::is_uppercase);
            made_up && !capitalized
        })
    }

    /// Whether the comment spells an address out one character at a time
    /// ("d a t e - n o w 2 4 . f u n", "w w w . p i l l s 4 u . c o m"):
    /// the tokenizer reads the letters as words, so no link is found,
    /// while a reader sees the address. Joined, the run must be a link
    /// with a known top-level domain ([`crate::text::tokenize::link_info`])
    /// whose name looks made up (a digit, a hyphen, "www.") or whose
    /// top-level domain is no English word ([`WORD_TOP_LEVEL_DOMAINS`]),
    /// so that spaced initials ("U . S . A"), versions ("v 1 . 2 . 3") and
    /// emphasis ("S T O P . I T", "s o . m u c h . f u n") are not
    /// addresses.
    fn spells_out_an_address(&self, features: &Features) -> bool {
        let text = &features.normalized.text;
        text.contains(" . ")
            && self.spelled_out_run.captures_iter(text).any(|found| {
                let Some(run) = found.name("run") else {
                    return false;
                };
                let joined: String = run.as_str().split_whitespace().collect();
                let joined = joined.trim_matches(|c| c == '.' || c == '-');
                let Some((name, top_level)) = joined.rsplit_once('.') else {
                    return false;
                };
                let made_up = name.starts_with("www.") || name.contains(|c: char| c == '-' || c.is_ascii_digit());
                let word = WORD_TOP_LEVEL_DOMAINS.contains(&top_level.to_ascii_lowercase().as_str());
                (made_up || !word) && crate::text::tokenize::link_info(joined).is_some_and(|link| !link.ip_literal)
            })
    }

    /// Entries in the blocked and suspect word lists.
    pub fn word_list_sizes(&self) -> (usize, usize) {
        (self.blocked_words.len(), self.suspect_words.len())
    }

    /// Every stateless rule that fires for `comment`, whose whole form was
    /// featurized into `features` (from [`Comment::model_input`]: the rules
    /// read the tokens of the content and of the name from there). `now` is
    /// the Unix time in seconds.
    pub fn check(&self, comment: &Comment, features: &Features, now: i64) -> Vec<RuleHit> {
        let mut hits = Vec::new();
        let name_words = features.name_words();
        let links = features.tokens.links.len();
        if self.max_links > 0 && links >= self.max_links {
            hits.push(RuleHit {
                code: ReasonCode::TooManyLinks,
                action: Action::Hold,
                weak: true,
                message: format!("the comment has {links} links; comments with {} or more are held", self.max_links),
            });
        }

        // Padding before the payload would push it past what is read.
        if self.hold_truncated && (features.normalized.stats.truncated || features.tokens.capped) {
            hits.push(RuleHit {
                code: ReasonCode::TooLong,
                action: Action::Hold,
                weak: false,
                message: "the comment is longer than the model and the rules read (the model's features.max_bytes \
                          and features.max_tokens); the rest was not checked"
                    .to_string(),
            });
        }

        // Normalization drops the override, so the model reads the stored
        // order ("toidi") while the reader sees the other ("idiot").
        if self.hold_bidi_overrides && overrides_latin(comment.content.as_str()) {
            hits.push(RuleHit {
                code: ReasonCode::BidiOverride,
                action: Action::Hold,
                weak: true,
                message: "the comment has a bidi override (U+202D or U+202E), which shows its text in another \
                          order than the one checked"
                    .to_string(),
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
            for (list, code, action, weak, what) in [
                (&self.blocked_words, ReasonCode::BlockedWord, Action::Reject, false, "blocked"),
                (&self.suspect_words, ReasonCode::SuspectWord, Action::Hold, true, "suspect"),
            ] {
                let found = list
                    .find_hashed(features.token_hashes())
                    .map(|e| (e, "comment"))
                    .or_else(|| list.find(&name_words).map(|e| (e, "name")));
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

        if self.commercial_author
            && let Some(hit) =
                commercial_author(&self.commercial_keywords, comment, &name_words, features.token_hashes())
        {
            hits.push(hit);
        }

        if let Some(lists) = &self.praise_with_link
            && let Some(hit) = praise_with_link(lists, &self.praise_with_link_limits, comment, features)
        {
            hits.push(hit);
        }

        if let Some(words) = &self.owner_pitch_rule
            && let Some(hit) = owner_pitch(words, &self.owner_address, features.token_hashes())
        {
            hits.push(hit);
        }

        if let Some(hit) = self
            .identity_attack
            .as_ref()
            .and_then(|rule| rule.check(comment.content.as_str(), features, self.mentions.as_ref()))
        {
            hits.push(hit);
        }

        if let Some(hit) = self.threat.as_ref().and_then(|rule| rule.check(comment, features)) {
            hits.push(hit);
        }

        // Spam moves the conversation off the page ("WhatsApp +44 ...",
        // "write to my email ..."); and a reader who posts their own number
        // publishes it to everyone. Either way a person should look first.
        if self.hold_contact_details {
            let has = |kind: TokenKind| features.tokens.tokens.iter().any(|t| t.kind == kind);
            let what = match (has(TokenKind::Phone), has(TokenKind::Email)) {
                (true, true) => Some("a phone number and an e-mail address"),
                (true, false) => Some("a phone number"),
                (false, true) => Some("an e-mail address"),
                // The pattern runs only on the rare comment that names a
                // messenger: one hash lookup per token spares the rest.
                (false, false) => {
                    if features.token_hashes().iter().any(|h| self.messengers.contains(h))
                        && self.messenger_handle.is_match(&features.normalized.text)
                    {
                        Some("a messenger account")
                    } else if features.tokens.links.iter().any(|l| MESSENGER_LINKS.contains(&l.domain.as_str())) {
                        Some("a link to a messenger account")
                    } else if self.spelled_email.matches(features.token_hashes()) {
                        Some("an e-mail address written out in words")
                    } else {
                        None
                    }
                }
            };
            if let Some(what) = what {
                hits.push(RuleHit {
                    code: ReasonCode::ContactDetails,
                    action: Action::Hold,
                    weak: true,
                    // What was found, never the number or address itself.
                    message: format!("the comment contains {what}"),
                });
            }
        }

        // A reader who cites a source shows where it is; a link that hides
        // its target, or an address spelt so that no filter sees a link,
        // is made for someone who does not want it checked.
        if self.hold_hidden_links {
            let how = if features.tokens.links.iter().any(|l| l.shortener) {
                Some("a link through a URL shortener, which hides where it goes")
            } else if features.normalized.text.contains(" .") && self.hides_an_address(comment, features) {
                Some("an address written with a space before its dot, which link filters miss")
            } else if self.spells_out_an_address(features) {
                Some("an address spelt out one character at a time, which link filters miss")
            } else {
                None
            };
            if let Some(how) = how {
                hits.push(RuleHit {
                    code: ReasonCode::HiddenLink,
                    action: Action::Hold,
                    weak: true,
                    message: format!("the comment contains {how}"),
                });
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

/// A rule's built-in list plus the operator's files, or `None` when the
/// rule is off.
pub(super) fn builtin_list(
    on: bool,
    builtin: &str,
    files: &[std::path::PathBuf],
) -> Result<Option<WordList>, RulesError> {
    if !on {
        return Ok(None);
    }
    let mut list = WordList::from_entries(builtin.lines());
    list.extend(WordList::load(files)?);
    Ok(Some(list))
}

/// Whether no sentence or clause ends (`.`, `!`, `?`, `;`, `:` or a line
/// break) between the tokens `first` and `last` ("Jessica Lynch. You ..."
/// and a title "Jessica Lynch" over a line "you ..." are no lynching). The
/// full stop of a title's abbreviation ends none ("Mr. Putin").
pub(super) fn within_one_sentence(features: &Features, first: usize, last: usize) -> bool {
    let tokens = &features.tokens.tokens;
    let (Some(from), Some(to), Some(between)) =
        (tokens.get(first), tokens.get(last), text_between(features, first, last))
    else {
        return false;
    };
    let breaks = &features.normalized.line_breaks;
    let next_break = breaks.partition_point(|&at| at < from.end);
    let broken = breaks.get(next_break).is_some_and(|&at| at < to.start);
    let text = &features.normalized.text;
    let ends = between.char_indices().any(|(at, c)| match c {
        '!' | '?' | ';' | ':' => true,
        '.' => !after_title(text, from.end as usize + at),
        _ => false,
    });
    !ends && !broken
}

/// Possessive determiners: before a word for people they make it people
/// owned ("their women"), not a group or a subject.
pub(super) const POSSESSIVES: &[&str] = &["his", "her", "my", "your", "their", "our"];

/// Abbreviated titles whose full stop ends no sentence: "Mr. Putin should
/// ..." is one sentence, and "Putin" in it is not its first word.
/// "Ms" and "St" are left out: "I have MS." and "on Main St." end
/// sentences.
const TITLE_ABBREVIATIONS: &[&str] = &["mr", "mrs", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt"];

/// Whether the full stop at byte `dot` of the normalized `text` closes a
/// title's abbreviation ("mr." before a space), not a sentence.
fn after_title(text: &str, dot: usize) -> bool {
    let (Some(before), Some(after)) = (text.get(..dot), text.get(dot + 1..)) else {
        return false;
    };
    let word = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    after.starts_with(' ') && TITLE_ABBREVIATIONS.iter().any(|title| title.eq_ignore_ascii_case(word))
}

/// Whether no clause ends (a comma or a dash, or any sentence end of
/// [`within_one_sentence`]) between the tokens `first` and `last`.
pub(super) fn within_one_clause(features: &Features, first: usize, last: usize) -> bool {
    let Some(between) = text_between(features, first, last) else {
        return false;
    };
    // A dash ends a clause when it stands apart ("immigrant - ..."), not
    // inside a word ("Russian-speaking").
    let dash = between.contains(['\u{2013}', '\u{2014}']) || between.contains(" -") || between.contains("- ");
    within_one_sentence(features, first, last) && !between.contains(',') && !dash
}

/// Whether a slogan's sign stands right before the token `at`, for "are"
/// or "means": "=" or "==" ("Mentally ill = dangerous", "Immigrants ==
/// crime"). It is no token, so the subject ends at the token before.
fn slogan_sign(features: &Features, at: usize) -> bool {
    at > 0 && text_between(features, at - 1, at).is_some_and(|gap| matches!(gap.trim(), "=" | "=="))
}

/// The normalized text between the tokens `first` and `last` (empty when
/// they touch); `None` when either is not a token.
pub(super) fn text_between(features: &Features, first: usize, last: usize) -> Option<&str> {
    let tokens = &features.tokens.tokens;
    let (from, to) = (tokens.get(first)?, tokens.get(last)?);
    Some(features.normalized.text.get(from.end as usize..to.start as usize).unwrap_or(""))
}

/// The built-in phrases of the praise-with-link rule.
const BUILTIN_PRAISE_PHRASES: &str = include_str!("praise-phrases.txt");

/// The built-in subjects of the praise-with-link rule's second form.
const BUILTIN_PRAISE_SUBJECTS: &str = include_str!("praise-subjects.txt");

/// The built-in appreciation words of the praise-with-link rule's second
/// form.
const BUILTIN_PRAISE_WORDS: &str = include_str!("praise-words.txt");

/// The lists of the praise-with-link rule.
#[derive(Debug, Clone)]
struct PraiseLists {
    /// Stock phrases that fit under any post ("great post", "which theme").
    stock: WordList,
    /// Words pointing at the post or its writing ("your writing", "this
    /// post"), for the second form.
    subjects: WordList,
    /// Appreciation words ("love", "helpful"), for the second form.
    appreciation: WordList,
}

impl PraiseLists {
    fn new(policy: &PolicySettings) -> Result<Option<PraiseLists>, RulesError> {
        if !policy.praise_with_link {
            return Ok(None);
        }
        let list = |builtin, files| Ok::<_, RulesError>(builtin_list(true, builtin, files)?.unwrap_or_default());
        Ok(Some(PraiseLists {
            stock: list(BUILTIN_PRAISE_PHRASES, &policy.praise_phrases_files)?,
            subjects: list(BUILTIN_PRAISE_SUBJECTS, &policy.praise_subjects_files)?,
            appreciation: list(BUILTIN_PRAISE_WORDS, &policy.praise_words_files)?,
        }))
    }
}

/// How long a comment `praise_with_link` reads, and how much of a longer
/// one its phrases must make up.
#[derive(Debug, Clone, Copy)]
struct PraiseLimits {
    max_words: usize,
    long_max_words: usize,
    long_max_gap: usize,
    long_min_phrases: usize,
}

/// The praise-with-link rule: a website in the form, at most `max_words`
/// words, and among them a stock phrase, or praise of the post in words of
/// its own: a word pointing at the post or its writing and an appreciation
/// word ("Your writing style is so easy to follow. I forwarded this to my
/// sister, she'll love it."). Spam that avoids the stock phrases still has
/// to flatter the post, since it knows nothing of the article; a reader of
/// a news site talks about the news.
///
/// A longer comment, up to `long_max_words`, is read too when it is made of
/// such words ([`long_praise`]): the spun templates of WordPress comment
/// spam run to sixty words and more ("Wow, superb blog layout! How long
/// have you been blogging for? You make blogging look easy. The overall
/// look of your site is fantastic... I've added your RSS feed"), and every
/// sentence of them is about the blog. A reader's long comment may open
/// with "great post" and then discuss the news.
fn praise_with_link(
    lists: &PraiseLists,
    limits: &PraiseLimits,
    comment: &Comment,
    features: &Features,
) -> Option<RuleHit> {
    // The website field only: a link in the text is often a reader's
    // source, and link-drop spam in the text is the model's to judge.
    comment.author_url.as_ref()?;
    let words = features.tokens.tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
    let hashes = features.token_hashes();
    if words == 0 || words > limits.long_max_words {
        return None;
    }
    if words > limits.max_words {
        return long_praise(lists, limits, hashes);
    }
    let message = if let Some(phrase) = lists.stock.find_hashed(hashes) {
        format!("a short comment with a website that praises the post or the site in a stock phrase ({phrase:?})")
    } else {
        // Two different places: "interesting read" is not both halves.
        let (subject_span, subject) = lists.subjects.spans_hashed(hashes).next()?;
        let (_, appreciation) = lists
            .appreciation
            .spans_hashed(hashes)
            .find(|(range, _)| range.end <= subject_span.start || range.start >= subject_span.end)?;
        format!(
            "a short comment with a website that praises the post rather than discussing the news \
             ({subject:?}, {appreciation:?})"
        )
    };
    Some(praise_hit(message))
}

/// The long form of [`praise_with_link`]: stock phrases or words pointing
/// at the post that run through the whole comment (every token within
/// `limits.long_max_gap` tokens of one, counting from either end), at least
/// `limits.long_min_phrases` different ones, and an appreciation word
/// outside them. A reader who writes at length about the site or the post
/// uses one or two such phrases ("your post", "the RSS feed") among words
/// of their own; a template is made of them.
fn long_praise(lists: &PraiseLists, limits: &PraiseLimits, hashes: &[u64]) -> Option<RuleHit> {
    let mut spans: Vec<(Range<usize>, &str)> =
        lists.stock.spans_hashed(hashes).chain(lists.subjects.spans_hashed(hashes)).collect();
    spans.sort_unstable_by_key(|(range, _)| (range.start, range.end));
    let mut covered_to = 0;
    for (range, _) in &spans {
        if range.start.saturating_sub(covered_to) > limits.long_max_gap {
            return None;
        }
        covered_to = covered_to.max(range.end);
    }
    if hashes.len().saturating_sub(covered_to) > limits.long_max_gap {
        return None;
    }
    // Phrases that overlap are one phrase ("your RSS feed" holds "your rss"
    // and "rss feed"): only the first of a run of overlapping ones counts.
    let mut counted_to = 0;
    let mut different: Vec<&str> = Vec::with_capacity(spans.len());
    for (range, entry) in &spans {
        if range.start >= counted_to {
            different.push(entry);
            counted_to = range.end;
        }
    }
    different.sort_unstable();
    different.dedup();
    if different.len() < limits.long_min_phrases {
        return None;
    }
    let outside =
        |range: &Range<usize>| spans.iter().all(|(span, _)| range.end <= span.start || range.start >= span.end);
    let (_, appreciation) = lists.appreciation.spans_hashed(hashes).find(|(range, _)| outside(range))?;
    let named: Vec<String> = different.iter().map(|entry| format!("{entry:?}")).collect();
    Some(praise_hit(format!(
        "a comment with a website made of praise for the post or the site ({}; {appreciation:?})",
        named.join(", ")
    )))
}

fn praise_hit(message: String) -> RuleHit {
    RuleHit { code: ReasonCode::PraiseWithLink, action: Action::Hold, weak: true, message }
}

/// The built-in words of the owner-pitch rule.
const BUILTIN_OWNER_PITCH_RULE: &str = include_str!("owner-pitch.txt");

/// Words by which a comment addresses the site's owner: with one word of
/// what is sold, they make a pitch ("your website" and "domain authority");
/// alone, they are a reader's.
const OWNER_ADDRESS: &str = "your website\nyour site\nyour blog\nyour readers\n";

/// The owner-pitch rule: two entries of its list at different places
/// ("guest post" and "backlinks"), or one and a word that addresses the
/// owner ("domain authority" and "your website"). A reader's comment has
/// one at most; "SEO audit" is one entry, not "SEO" and "SEO audit".
fn owner_pitch(words: &WordList, address: &WordList, hashes: &[u64]) -> Option<RuleHit> {
    let (first_span, first) = words.spans_hashed(hashes).next()?;
    let apart = |(span, entry): &(Range<usize>, &str)| {
        *entry != first && (span.end <= first_span.start || span.start >= first_span.end)
    };
    let second = words.spans_hashed(hashes).find(apart).or_else(|| address.spans_hashed(hashes).find(apart))?.1;
    Some(RuleHit {
        code: ReasonCode::OwnerPitch,
        action: Action::Hold,
        weak: true,
        message: format!("the comment pitches something to the site's owner ({first:?}, {second:?})"),
    })
}

/// Words of a contact channel or of an address written to dodge link
/// detection; see [`Rules::carries_payload`].
const BUILTIN_CONTACT_CHANNELS: &str = "\
telegram\nwhatsapp\nwechat\nviber\nkik\nsnapchat\nskype\ndm me\npm me\ninbox me\n\
www\ndot com\ndot net\ndot org\ndot ru\ndot top\ndot xyz\ndot io\n\
my channel\nmy profile\nmy page\nmy videos\nlink in bio\nlink in my bio\n";

/// A domain name written with a space beside its last dot, so that it is not
/// a link ("kamagra-shop . top", "quick-loans .net", "pills24. com"): only
/// spam hides an address from link filters. The name must look made up (a
/// hyphen or a digit in it), so prose does not match: "the .com bubble",
/// "bet everything on .NET", "the deal is off . Top officials". The
/// top-level domains are the common and the cheap ones spam registers.
const SPACED_ADDRESS: &str = r"(?i)\b[a-z0-9]*(?:-[a-z0-9]+|[0-9])[a-z0-9-]*(?:\s+\.\s*|\s*\.\s+)(?:com|net|org|info|biz|io|uk|ru|top|xyz|shop|store|online|site|club|live|app|vip|pro|win|icu|cc|tk)\b";

/// The stricter [`SPACED_ADDRESS`] that the hidden-link rule holds: a space
/// before the dot ("essays-pro . net", "quick-loans .top"), where prose
/// never has one, so that a sentence ending in a hyphenated word ("the
/// post-war. Trade resumed") is not an address; and a top-level domain not
/// followed by a hyphen ("anti-war . pro-Russian").
const HIDDEN_ADDRESS: &str = r"(?i)\b(?P<name>[a-z0-9][a-z0-9-]*)\s+\.\s*(?P<tld>com|net|org|info|biz|io|uk|ru|top|xyz|shop|store|online|site|club|live|app|vip|pro|win|icu|cc|tk|trade|bet|click|link|fun|loan|work|me|today|space|website|co)(?:$|[^a-z0-9-])";

/// Single letters, digits, hyphens and dots, each standing alone between
/// spaces, at least five of them, the last of which may be a whole word
/// (a top-level domain written as one: "d a t e n o w . fun"), and
/// stray dots or hyphens after it (a sentence's full stop): the shape of
/// an address spelt out so that link filters miss it ("d a t e - n o w 2
/// 4 . f u n"); [`Rules::spells_out_an_address`] decides whether the run
/// joined is one.
const SPELLED_OUT_RUN: &str = r"(?i)(?:^|[^a-z0-9])(?P<run>(?:[a-z0-9.\-] ){4,}[a-z0-9]+)[.\-]*(?:$|[^a-z0-9])";

/// Top-level domains that are English words or word-like abbreviations:
/// spelt out after a dot they are more often emphasis ("S T O P . I T",
/// "Y O U . W I N") than an address, unless the name looks made up.
const WORD_TOP_LEVEL_DOMAINS: &[&str] = &[
    "am", "app", "at", "be", "bet", "bid", "blog", "buzz", "by", "click", "club", "dev", "download", "fun", "id", "in",
    "is", "it", "life", "link", "live", "loan", "me", "my", "news", "no", "online", "porn", "sex", "shop", "site",
    "space", "store", "to", "today", "top", "us", "vip", "website", "win", "work", "world", "xxx",
];

/// An invitation ("add me on", "join", "find me on"), a messenger's name,
/// then an account on it: an `@handle`, or a name with a digit or
/// underscore that no word has ("add me on Telegram @DariaSweet_xo", "find
/// me on snap: jess.xo2001"). A reader's "I saw it on Telegram @Maria_K"
/// (a reply) invites no one, and "WhatsApp v2.23", "Telegram e.g." and
/// "U.S." are no accounts. Matched on the normalized text, so look-alike
/// letters do not hide it.
const MESSENGER_HANDLE: &str = r"(?i)\b(?:add|message|msg|dm|contact|find|join|follow|write|text|chat|reach|hit|inbox)\b(?:\s+(?:me|us|up|on|at|via|in))*\s+(?:telegram|whatsapp|snapchat|snap|kik|wechat|viber|instagram|insta)\b[\s:,-]*(?:(?:me|at|on|id|is|handle|username|account|user)\b[\s:,-]*){0,2}(?:@[a-z0-9_.]{3,}|[a-z]{2,}[a-z.]*[0-9_][a-z0-9_.]*[a-z0-9])";

/// An e-mail address written in words so that no filter sees one:
/// "cyberhackrecovery at gmail dot com", "x [at] yahoo [dot] com" (the
/// brackets are no tokens): a word, "at", a mail provider's name, "dot",
/// a top-level domain. A provider's name is required, so prose ("meet at
/// noon dot com") does not match. Crypto-recovery and loan spam spell out
/// a webmail address; so do readers who hide their own from scrapers, and
/// their address is held as a written one is.
#[derive(Debug, Clone)]
struct SpelledEmail {
    at: u64,
    dot: u64,
    providers: IntSet<u64>,
    top_level: IntSet<u64>,
}

impl SpelledEmail {
    fn new() -> SpelledEmail {
        SpelledEmail {
            at: token_hash("at"),
            dot: token_hash("dot"),
            providers: hashed(&[
                "gmail",
                "googlemail",
                "yahoo",
                "hotmail",
                "outlook",
                "live",
                "msn",
                "aol",
                "icloud",
                "protonmail",
                "proton",
                "gmx",
                "yandex",
                "mail",
                "zoho",
                "qq",
                "tutanota",
            ]),
            top_level: hashed(&["com", "net", "org", "me", "ru", "co", "de", "fr", "in"]),
        }
    }

    fn matches(&self, hashes: &[u64]) -> bool {
        hashes.windows(5).any(|w| {
            w[1] == self.at && self.providers.contains(&w[2]) && w[3] == self.dot && self.top_level.contains(&w[4])
        })
    }
}

/// Domains whose links open a chat with a person: WhatsApp's `wa.me`,
/// Messenger's `m.me`, Signal's `signal.me`, Discord invites. A link there
/// is an invitation to talk off the page, like "add me on WhatsApp".
/// Telegram's `t.me` is not among them: most of its links are public
/// channels, which a war-news reader cites as a source.
const MESSENGER_LINKS: &[&str] = &["wa.me", "m.me", "discord.gg", "signal.me"];

/// The messengers of [`MESSENGER_HANDLE`], as tokens.
const MESSENGERS: &[&str] =
    &["telegram", "whatsapp", "snapchat", "snap", "kik", "wechat", "viber", "instagram", "insta"];

/// Words of a pitch to the site's owner rather than a comment for readers:
/// SEO and guest-post offers and site audits ("your site has a low domain
/// authority", "missing meta descriptions"), answered by e-mail. Only words no reader
/// uses: "your blog" is in "I've read your blog for years" too, and the
/// e-mail field is filled by nearly everyone.
const BUILTIN_PITCH_PAYLOAD_WORDS: &str = "\
webmaster\nwebmasters\nsite owner\nblog owner\nwebsite owner\nguest post\nguest posts\nsponsored post\n\
backlink\nbacklinks\nlink insertion\ndofollow\ndo follow\nlink exchange\nlink building\n\
seo audit\nsite audit\nwebsite audit\ndomain authority\norganic traffic\ngoogle rankings\n\
meta descriptions\ncore web vitals\n";

/// Identity terms the identity-attack rule does not read as a group's name:
/// training must keep them neutral, but in news they mostly name other
/// things ("the White House", "the Black Sea", "my old phone", "young
/// men", "deaf ears", "the race"), or people who are not a target group
/// ("children" in a report about casualties).
const NOT_GROUP_NAMES_FOR_THE_RULE: &str = "old young white black brown kid kids child children adult adults youth \
     straight bi cis blind deaf mentally race races racial ethnic ethnicity minority minorities religious \
     disability disabilities wheelchair wheelchairs english sri";

/// Group names of two words: whose first word alone is one of
/// [`NOT_GROUP_NAMES_FOR_THE_RULE`] ("white" is the White House, "white
/// people" are people), or that name one group together ("asylum seekers",
/// so that the rule's messages and "typical" read the whole name), or a
/// faith the identity terms leave out ("Jehovah's Witnesses": the model's
/// identity terms are fixed by its training, the rule's are not).
const GROUP_PHRASES_FOR_THE_RULE: &str = "white people\nwhite folks\nblack people\nblack folks\nold people\n\
     mentally ill\nmentally ill people\nwhite men\nblack men\nwhite women\nblack women\nold folks\n\
     black families\nwhite families\nstraight people\n\
     asylum seeker\nasylum seekers\njehovahs witness\njehovahs witnesses\nillegals\nillegal aliens\n";

/// Rule-only group words that name migrants (with "illegals", the
/// migration section's terms are policy groups for the exclusion form).
const POLICY_GROUP_WORDS_FOR_THE_RULE: &[&str] = &["illegals", "illegal"];

/// The built-in hostile words and phrases of the identity-attack rule.
const BUILTIN_IDENTITY_ATTACK_PHRASES: &str = include_str!("identity-attack-phrases.txt");

/// The built-in traits of the identity-attack rule's generic-statement form.
const BUILTIN_IDENTITY_ATTACK_TRAITS: &str = include_str!("identity-attack-traits.txt");

/// The built-in claims of the identity-attack rule's generic-claim form.
const BUILTIN_IDENTITY_ATTACK_CLAIMS: &str = include_str!("identity-attack-claims.txt");

/// The built-in calls for exclusion of the identity-attack rule's sixth
/// form.
const BUILTIN_IDENTITY_ATTACK_EXCLUSIONS: &str = include_str!("identity-attack-exclusions.txt");

/// Sections of the identity terms whose groups the exclusion form does not
/// read: said of a nationality (a state at war), of migrants or of an age
/// group, calls to ban or bar are policy talk in news ("Russians should be
/// banned from Wimbledon", "teenagers should be banned from social media").
const EXCLUSION_POLICY_SECTIONS: &[&str] = &["nationalities and peoples", "migration status", "age"];

/// Plural person nouns after a group word (subject fillers too) that make
/// the two one plural subject ("gay men", "autistic kids", "Roma families"): the claim or
/// call that follows is about all of them.
const SUBJECT_PERSON_NOUNS: &[&str] = &[
    "people", "folk", "folks", "men", "women", "kids", "children", "boys", "girls", "families", "guys", "couples",
    "parents", "students", "workers", "players",
];

/// Peoples in the nationalities' section that are no state: a call to bar
/// them is about people ("Arabs shouldn't be allowed to buy property
/// here"), not a sanction on a country.
const EXCLUSION_PEOPLES: &[&str] = &["arab", "arabs", "african", "africans", "asian", "asians"];

/// What "shouldn't be allowed to" may deny a group for the exclusion form:
/// a right, an ordinary activity or a place among others ("... to vote",
/// "... to build mosques", "... to adopt", "... to be teachers"). Any
/// other verb is read as something the group should be spared, which
/// makes it the one protected: "disabled people shouldn't be allowed to
/// fall through the cracks", "autistic children shouldn't be allowed to
/// wait three years", "Muslim players shouldn't be allowed to break their
/// fast on the pitch" (a rule about them, not against them).
const EXCLUSION_ACCESS_VERBS: &[&str] = &[
    "vote", "drive", "work", "teach", "adopt", "marry", "build", "buy", "own", "hold", "serve", "run", "stand", "live",
    "enter", "come", "settle", "stay", "speak", "pray", "worship", "wear", "attend", "join", "use", "have", "breed",
    "raise", "become", "sit", "rent", "open", "practise", "practice", "preach", "fly", "study", "be",
];

/// Adverbs that may stand between "allowed to" and its verb ("... to
/// just fall through the cracks").
const EXCLUSION_ADVERBS: &[&str] = &["just", "ever", "simply", "even", "really", "freely", "legally"];

/// Words after "allowed" that deny a group a place: "Queer people
/// shouldn't be allowed anywhere near children", "... in women's changing
/// rooms".
const EXCLUSION_PLACES: &[&str] =
    &["near", "anywhere", "in", "into", "inside", "on", "at", "around", "within", "here", "out", "back"];

/// What a group suffers after "allowed to be", which makes it the one
/// protected: "women shouldn't be allowed to be paid less", "... to be
/// left behind"; any other word makes it excluded ("... to be teachers",
/// "... to be elected").
const EXCLUSION_HARMS: &[&str] = &[
    "paid",
    "left",
    "treated",
    "abused",
    "harassed",
    "bullied",
    "attacked",
    "targeted",
    "denied",
    "ignored",
    "forgotten",
    "excluded",
    "discriminated",
    "turned",
    "exploited",
    "neglected",
    "mistreated",
    "evicted",
    "deported",
    "detained",
    "held",
    "kept",
    "locked",
    "put",
    "thrown",
    "sacked",
    "fired",
    "punished",
    "shamed",
];

/// Words that, besides the verbs of saying ([`super::threat::SAYING`]),
/// make a claim or a call for exclusion someone else's, anywhere in its
/// sentence outside the claim: "Women have no business running a
/// country, said the candidate in 1979", "Gays shouldn't be allowed to
/// marry was the official line in 1988", "Jews should be banned from
/// public life, the Nazis decided". The threat rule's wider list has
/// opinion words ("why", "understand") that claims use themselves ("Arabs
/// only understand force", "that's why they ...").
const CLAIM_REPORTED: &[&str] =
    &["say", "argue", "decided", "proposes", "proposed", "line", "message", "leaflet", "slogan", "banner", "used"];

/// The built-in sweeping words of the identity-attack rule's fourth form.
const BUILTIN_IDENTITY_ATTACK_SWEEPS: &str = include_str!("identity-attack-sweeps.txt");

/// The built-in slurs of the identity-attack rule's fifth form.
const BUILTIN_IDENTITY_ATTACK_SLURS: &str = include_str!("identity-attack-slurs.txt");

/// The built-in tropes of the identity-attack rule (Hitler's genocide
/// praised, the Holocaust denied).
const BUILTIN_IDENTITY_ATTACK_TROPES: &str = include_str!("identity-attack-tropes.txt");

/// Words just before a trope that make it denied or reported ("they deny
/// the Holocaust was a hoax", "nobody thinks ..."), with
/// [`GENERIC_DENIED_OR_REPORTED`]; "deniers" anywhere in the sentence is
/// [`TROPE_CONTEXT`]'s.
const TROPE_REPORTED: &[&str] = &[
    "deny", "denies", "denied", "nobody", "who", "hearing", "heard", "shouts", "shouting", "write", "writes", "wrote",
    "hints", "stands",
];

/// Words that, anywhere in a trope's sentence, make it reported or
/// discussed rather than said: the police, a court, graffiti and posters,
/// the trope named as a "term", "slur", "canard" or "stereotype", a
/// killer's manifesto, a meme or a novel, a chant reported ("The Turner
/// Diaries, the novel that ends with the day of the rope", "Serb soldiers
/// were filmed chanting remove kebab"). Only words that a writer who
/// means the trope does not use around it: "book", "video", "posts" or
/// "heard" anywhere in a sentence would let "Watch this video, the
/// Zionists control the media" through (a review, 2026-12-02), so those
/// count only just before the trope ([`TROPE_REPORTED`]).
const TROPE_CONTEXT: &[&str] = &[
    "police",
    "court",
    "trial",
    "convicted",
    "sentenced",
    "investigating",
    "graffiti",
    "poster",
    "posters",
    "placard",
    "sign",
    "reading",
    "term",
    "word",
    "phrase",
    "slur",
    "antisemitic",
    "antisemitism",
    "adl",
    "deniers",
    "denier",
    "denial",
    "insisted",
    "host",
    "manifesto",
    "meme",
    "memes",
    "novel",
    "chanted",
    "chanting",
    "scrawled",
    "investigators",
    "canard",
    "trope",
    "tropes",
    "stereotype",
    "antisemites",
];

/// Words after a trope that carry it on into something else, by the
/// trope's last word: "never happened *again*", "never happened *in*
/// Denmark", "wasn't enough *for* the Nazis", "was right *about* the
/// weather", "was right *wing*", "did nothing wrong *on* the Eastern
/// front", "the so-called Holocaust *survivor*", "was a myth *until* the camps were opened". ("The biggest lie
/// *in* history" goes on as denial.)
const TROPE_CONTINUATIONS: &[(&[&str], &[&str])] = &[
    (&["happened", "happen"], &["again", "in", "to", "on", "for", "at", "here", "there", "among", "until", "only"]),
    (&["enough"], &["for", "to"]),
    (
        &["right"],
        &[
            "about",
            "militarily",
            "on",
            "that",
            "wing",
            "winger",
            "leaning",
            "handed",
            "there",
            "next",
            "up",
            "behind",
            "beside",
            "at",
        ],
    ),
    (&["point", "idea", "wrong"], &["about", "militarily", "on"]),
    // "The so-called Holocaust survivor was exposed as a fraud", "the
    // so-called Holocaust industry".
    (
        &["holocaust"],
        &[
            "survivor",
            "survivors",
            "industry",
            "education",
            "denier",
            "deniers",
            "denial",
            "museum",
            "memorial",
            "bill",
            "law",
            "studies",
            "expert",
            "experts",
            "historian",
            "historians",
            "comparison",
            "comparisons",
        ],
    ),
    (&["lie", "myth", "hoax", "fraud", "fake"], &["until", "among"]),
    // The coded slogans' words in their ordinary senses: "the day of the
    // rope *access* course", "remove kebab *vans*", "the Rothschilds own
    // the world *famous* Chateau Lafite", "poo in loo *replies*". Only
    // words a writer who means the slogan does not go on with: a review
    // (2026-12-02) found "is real *to* me", "is coming *to* Europe",
    // "remove kebab *from* Sweden" and "Zionists control the media *is*
    // the plain truth" in hate, so those are no continuations.
    (
        &["rope"],
        &["access", "bridge", "bridges", "course", "courses", "swing", "team", "work", "climb", "climbing", "lesson"],
    ),
    (&["kebab"], &["van", "vans", "shop", "shops", "stand", "stands", "stall", "stalls"]),
    (&["world"], &["famous"]),
    (&["loo"], &["replies", "reply", "campaign", "comments", "jokes"]),
];

/// The auxiliaries that open a tag question ("..., *wasn't* he?"; after a
/// trope with a negation of [`TAG_NEGATIONS`], "..., *was* he?"), as
/// normalization writes them, and the pronouns that close one. "Right"
/// alone is one too ("..., right?").
const TAG_AUXILIARIES: &[&str] = &["wasnt", "werent", "isnt", "arent", "didnt", "doesnt", "dont", "hasnt", "hadnt"];
const PLAIN_AUXILIARIES: &[&str] = &["was", "were", "is", "are", "did", "does", "do", "has", "had"];
const TAG_NEGATIONS: &[&str] = &["wasnt", "didnt", "isnt", "not", "nothing", "never", "no"];
const TAG_PRONOUNS: &[&str] = &["he", "she", "it", "they", "we", "i"];

/// Quotation marks, straight and curly, double and guillemets.
const QUOTATION_MARKS: [char; 5] = ['"', '\u{201C}', '\u{201D}', '\u{AB}', '\u{BB}'];

/// Words of counting that make the people before a sweep particular ones,
/// as a report speaks of them: "dozens of migrants drowned, all of them
/// from Eritrea". Numbers written in digits count too.
const SWEEP_COUNTS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "both",
    "several",
    "some",
    "many",
    "dozen",
    "dozens",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "few",
    "group",
    "family",
    "families",
    "crew",
    "team",
];

/// Identity terms that name a faith or a condition, not people: a sweep
/// after them is about something else ("the Christianity tag ... all of
/// them").
const SWEEP_NOT_PEOPLE: &[&str] =
    &["islam", "christianity", "judaism", "hinduism", "buddhism", "sikhism", "autism", "nationality"];

/// Nouns after "typical <group>" that keep the group the subject of the
/// stereotype ("typical female driver", "typical Russian mentality"),
/// where any other noun makes the group's name a modifier of a thing
/// ("typical Russian propaganda").
const SWEEP_PERSON_NOUNS: &[&str] = &[
    "man",
    "men",
    "woman",
    "women",
    "guy",
    "guys",
    "girl",
    "girls",
    "boy",
    "boys",
    "driver",
    "drivers",
    "people",
    "person",
    "mentality",
    "behaviour",
    "behavior",
    "attitude",
    "logic",
];

/// The identity-attack rule, in six forms: a group's name within `window`
/// tokens of a hostile phrase's first token; a generic statement that a
/// group is a derogatory trait; a generic claim of what it does; a
/// sweeping generalization; a slur; a call to exclude it (checked after
/// the claims, though the last written).
#[derive(Debug, Clone)]
struct IdentityAttack {
    groups: WordList,
    hostile: WordList,
    window: usize,
    /// Derogatory traits of the generic-statement form ("Xs are liars").
    traits: WordList,
    /// Stereotyped claims of the generic-claim form ("Xs only understand
    /// force").
    claims: WordList,
    /// Calls for exclusion of the sixth form ("Xs shouldn't be allowed to
    /// vote"), and the groups they count for.
    exclusions: WordList,
    policy_groups: IntSet<u64>,
    subject_person_nouns: IntSet<u64>,
    access_verbs: IntSet<u64>,
    adverbs: IntSet<u64>,
    places: IntSet<u64>,
    harms: IntSet<u64>,
    claim_reported: IntSet<u64>,
    /// "i" and "we", and the verbs by which they give an opinion as their
    /// own ("think", "believe").
    writers: IntSet<u64>,
    opinion_verbs: IntSet<u64>,
    /// The hashes of "allowed", "to", "be" and "less" ("should be locked up
    /// less": the call is for fewer such measures).
    allowed: u64,
    to: u64,
    be: u64,
    less: u64,
    /// The hashes of "same" and "as", for [`IdentityAttack::compares`],
    /// and of "so", for [`IdentityAttack::put_back`].
    same: u64,
    as_: u64,
    so: u64,
    /// Words of the sweeping form that put a whole group into one ("the
    /// lot of them", "theyre all").
    sweeps: WordList,
    /// Sweeps that need a trait before them ([`NEUTRAL_SWEEPS`]).
    neutral_sweeps: WordList,
    /// Slurs for a group, of the fifth form.
    slurs: WordList,
    /// Tropes that attack Jews without naming them, and the words that
    /// report or deny one when just before it.
    tropes: WordList,
    trope_reported: IntSet<u64>,
    /// Hashes of the words that report a trope anywhere in its sentence
    /// ([`super::threat::SAYING`], [`CLAIM_REPORTED`], [`TROPE_CONTEXT`])
    /// and of [`TROPE_CONTINUATIONS`].
    trope_context: IntSet<u64>,
    trope_continuations: Vec<(IntSet<u64>, IntSet<u64>)>,
    /// Hashes of "them", "these", "those" and "people", after which a
    /// trope carried on "about" still names its target ("had the right
    /// idea about them"), and of the words of a tag question
    /// ([`TAG_AUXILIARIES`], [`TAG_PRONOUNS`], "right").
    pointed_people: [u64; 4],
    about: u64,
    tag_auxiliaries: IntSet<u64>,
    plain_auxiliaries: IntSet<u64>,
    tag_negations: IntSet<u64>,
    tag_pronouns: IntSet<u64>,
    right: u64,
    /// Hashes of [`SWEEP_COUNTS`] and [`SWEEP_PERSON_NOUNS`].
    counts: IntSet<u64>,
    person_nouns: IntSet<u64>,
    not_people: IntSet<u64>,
    /// Group words that name one person ("a man"), passed over when the
    /// sweeping form looks for the group it sweeps.
    one_person: IntSet<u64>,
    /// Possessives before a group word that make it people owned, not a
    /// subject ("their women"), for the sweeping form.
    possessives: IntSet<u64>,
    /// Hashes of "typical", and of the words of the idioms that
    /// [`IdentityAttack::slur`] skips.
    typical: u64,
    slur_idioms: [u64; 6],
    /// The "echo", triple brackets around a name or a word for people
    /// ("(((globalists)))"), a marker antisemites use to point out Jews
    /// (ADL's hate symbols database), whose brackets have no other use in
    /// prose.
    echo: regex::Regex,
    /// Hashes of [`GENERIC_SUBJECT_FILLERS`], [`GENERIC_COPULAS`] and
    /// [`GENERIC_TRAIT_FILLERS`].
    subject_fillers: IntSet<u64>,
    copulas: IntSet<u64>,
    trait_fillers: IntSet<u64>,
    /// The singular stereotype ("Every Iranian I've met was a liar"): the
    /// traits in the singular as well, and the hashes of "every", "each",
    /// "either", of [`EVERY_ONE_COPULAS`], [`EVERY_ONE_WITNESSES`],
    /// [`EVERY_ONE_EXPERIENCES`], [`EVERY_ONE_PERSON_NOUNS`] and
    /// [`EVERY_ONE_TRAIT_CONTINUATIONS`].
    singular_traits: WordList,
    /// Hashes of [`EQUATED_CRIMES`], each with its word, and of "equals"
    /// and "equal".
    equated_crimes: IntMap<u64, &'static str>,
    equals: IntSet<u64>,
    every: u64,
    each: u64,
    /// Hashes of [`EVERY_ONE_INTENSIFIERS`], of "one", "of", and of
    /// [`EVERY_ONE_OF_DETERMINERS`].
    intensifiers: IntSet<u64>,
    one_of: [u64; 2],
    one_of_determiners: IntSet<u64>,
    either: u64,
    every_one_copulas: IntSet<u64>,
    witnesses: IntSet<u64>,
    experiences: IntSet<u64>,
    every_one_person_nouns: IntSet<u64>,
    trait_continuations: IntSet<u64>,
    /// Hashes of [`EVERY_ONE_HEDGES`] and of "and" and "or", and
    /// [`EVERY_ONE_GROUPS`].
    hedges: IntSet<u64>,
    conjunctions: IntSet<u64>,
    every_one_groups: WordList,
    /// Hashes of [`DESCRIBING_WORDS`] and [`COMPOUND_MODIFIER_TRAITS`].
    describing_words: IntSet<u64>,
    compound_modifiers: IntSet<u64>,
    denied_or_reported: IntSet<u64>,
    common_nouns: IntSet<u64>,
    particular: IntSet<u64>,
    clause_openers: IntSet<u64>,
    plural_nouns: IntSet<u64>,
    article_plurals: IntSet<u64>,
    articles: IntSet<u64>,
    numbers: IntSet<u64>,
    owners: IntSet<u64>,
    own_people: IntSet<u64>,
}

pub(super) fn hashed(words: &[&str]) -> IntSet<u64> {
    words.iter().map(|w| token_hash(w)).collect()
}

/// Words that may stand between a group's name and "are" in a generic
/// statement ("Teenagers today are ...", "Muslims all are ...").
const GENERIC_SUBJECT_FILLERS: &[&str] = &[
    "people",
    "folk",
    "folks",
    "men",
    "women",
    "kids",
    "children",
    "boys",
    "girls",
    "families",
    "guys",
    "couples",
    "parents",
    "students",
    "workers",
    "players",
    "all",
    "today",
    "nowadays",
    "now",
    "here",
    "really",
    "just",
    "honestly",
    "basically",
    "generally",
    "mostly",
    "always",
];

/// Sweeps that praise and reports use too ("Heroes, every one of them"):
/// read only after a trait that makes up its sentence
/// ([`IdentityAttack::trait_sentence_before`]).
const NEUTRAL_SWEEPS: &[&str] =
    &["every one of them", "every single one of them", "each and every one of them", "all of them"];

/// The echo: three opening brackets, a word or a short name in letters,
/// three closing ones ("(((they)))", "(((Soros)))", "((( the bankers )))").
const ECHO: &str = r"\({3}\s*\p{L}[\p{L}'’. -]{1,38}?\s*\){3}";

/// Words that, just before the group's name, make the statement someone
/// else's or deny it: "not all Muslims are terrorists", "it's a myth that
/// immigrants are criminals", "calling refugees liars".
const GENERIC_DENIED_OR_REPORTED: &[&str] = &[
    "not",
    "no",
    "few",
    "myth",
    "claim",
    "claims",
    "lie",
    "say",
    "says",
    "said",
    "saying",
    "think",
    "thinks",
    "believe",
    "believes",
    "assume",
    "assumes",
    "call",
    "calling",
    "called",
    "that",
    "if",
    "whether",
    "message",
    "leaflet",
    "leaflets",
    "slogan",
    "banner",
    "placard",
    "claiming",
    "claimed",
    "suggesting",
    "implying",
    "insisting",
    "arguing",
    "pretending",
    "thought",
    "believed",
    "considered",
    "assumed",
];

/// Group names that are also the common nouns for particular people ("the
/// two men were violent"): after one of [`GENERIC_PARTICULAR`] they name
/// those people, not the group.
const GENERIC_COMMON_NOUNS: &[&str] =
    &["man", "men", "woman", "women", "boy", "boys", "girl", "girls", "guy", "guys", "lady", "ladies"];

/// Words that may open a clause before a group's name in the generic-claim
/// form: "The Roma...", "All immigrants...", "Honestly, women...".
const CLAUSE_OPENERS: &[&str] = &[
    "the", "all", "most", "these", "those", "so", "but", "and", "yes", "well", "honestly", "frankly", "typical",
    "because", "since", "lol", "just",
];

/// Group names that are plural without an "s" ("women").
const PLURAL_NOUNS: &[&str] = &["men", "women", "people", "folk"];

/// Group names that are plural nouns only after an article ("the
/// Chinese"); alone they are adjectives ("Chinese scam centres").
const ARTICLE_PLURALS: &[&str] = &[
    "chinese",
    "japanese",
    "vietnamese",
    "portuguese",
    "lebanese",
    "swiss",
    "irish",
    "dutch",
    "french",
    "english",
    "welsh",
    "british",
];

/// Numbers that make any group's name particular people.
const NUMBERS: &[&str] = &["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "both", "several"];

/// Determiners and numbers that make a common noun particular.
const GENERIC_PARTICULAR: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "both", "two", "three", "four", "five", "six", "several",
    "some", "many", "few", "his", "her", "their", "my", "our",
];

/// The verbs of a generic statement about a group.
const GENERIC_COPULAS: &[&str] = &["are", "were", "r"];

/// The verbs of the singular stereotype ("every Iranian *is* ...").
const EVERY_ONE_COPULAS: &[&str] = &["is", "was", "s"];

/// Who vouches for the singular stereotype by experience ("every X *I've*
/// met"), and the verbs of that experience.
const EVERY_ONE_WITNESSES: &[&str] = &["i", "ive", "weve", "we", "id", "youve", "you", "youll"];
const EVERY_ONE_EXPERIENCES: &[&str] = &[
    "met",
    "meet",
    "know",
    "known",
    "knew",
    "seen",
    "see",
    "saw",
    "worked",
    "dealt",
    "encountered",
    "come",
    "came",
    "hired",
    "employed",
    "taught",
    "dated",
    "had",
    "served",
];

/// What a slogan equates a group with when it says the group is a crime
/// or a plague ("Immigrants = crime"), or Nazis ("Ukrainians = Nazis": a
/// trait the generic statement leaves out, since "many Germans were
/// Nazis" is history); the traits' nouns for people ("criminals") are
/// the generic statement's.
const EQUATED_CRIMES: &[&str] =
    &["crime", "terrorism", "terror", "rape", "violence", "disease", "filth", "danger", "death", "cancer", "nazis"];

/// Words between "every" and the group that stress it ("every *single*
/// Muslim", "every *last* one of those illegals").
const EVERY_ONE_INTENSIFIERS: &[&str] = &["single", "last"];

/// Determiners between "one of" and the group's plural ("every last one of
/// *those* immigrants is ...", "every one of *them* illegals").
const EVERY_ONE_OF_DETERMINERS: &[&str] = &["those", "these", "the", "them"];

/// Words before a singular trait that make it a suspicion held of the whole
/// group ("every Arab is a *potential* terrorist").
const EVERY_ONE_HEDGES: &[&str] = &["potential", "future", "secret", "closet", "wannabe"];

/// Singular names that are a group only after "every" ("every illegal is a
/// criminal"; "illegal" alone is an adjective: "an illegal strike").
const EVERY_ONE_GROUPS: &[&str] = &["illegal", "illegal alien", "illegal immigrant", "illegal migrant"];

/// Singular person nouns that may follow the group's name in the singular
/// stereotype ("every Muslim man").
const EVERY_ONE_PERSON_NOUNS: &[&str] =
    &["man", "woman", "guy", "girl", "boy", "person", "kid", "bloke", "lady", "student", "worker", "driver"];

/// Words that continue a predicate after a singular trait ("a terrorist
/// in waiting", "a liar or a thief"); any other word of the clause makes
/// the trait a compound's first noun ("a dog lover").
const EVERY_ONE_TRAIT_CONTINUATIONS: &[&str] =
    &["or", "and", "in", "who", "that", "with", "at", "from", "like", "to", "by", "waiting", "anyway", "too", "really"];

/// Words that may stand between "are" and the trait without changing what
/// is said ("are all liars", "are nothing but parasites", "are a bunch of
/// thieves"). A negation is not one of them: "are not terrorists" does not
/// match.
const GENERIC_TRAIT_FILLERS: &[&str] = &[
    "all",
    "just",
    "a",
    "an",
    "nothing",
    "but",
    "basically",
    "literally",
    "simply",
    "mostly",
    "such",
    "so",
    "very",
    "too",
    "really",
    "naturally",
    "inherently",
    "genetically",
    "bunch",
    "pack",
    "lot",
    "load",
    "of",
    // Collective nouns: "a nation of drunks", "a generation of whiners".
    "generation",
    "nation",
    "race",
    "tribe",
    "breed",
    "herd",
    "horde",
    "gang",
    "mob",
    "swarm",
    "little",
    "bloody",
    "fucking",
    "dirty",
    "filthy",
    "lazy",
    "stupid",
    "dumb",
];

/// Words that describe a person with contempt, one of which may stand
/// right before a trait: "born manipulators", "a generation of spineless
/// whiners", "boring breeders". A list rather than adjective endings: a
/// noun before the trait makes a compound ("hockey fanatics", "terminal
/// cancer patients", "history junkies"), and an ordinary adjective a
/// description ("religious extremists", "collective traitors in Stalin's
/// eyes", "gracious losers"). Words said of peoples under a regime
/// ("brainwashed", "obedient") are left out, as they are from the traits.
const DESCRIBING_WORDS: &[&str] = &[
    "born",
    "spineless",
    "gutless",
    "emotionless",
    "humourless",
    "humorless",
    "heartless",
    "soulless",
    "shameless",
    "godless",
    "mindless",
    "brainless",
    "clueless",
    "deceitful",
    "hateful",
    "spiteful",
    "lecherous",
    "murderous",
    "treacherous",
    "parasitic",
    "barbaric",
    "vicious",
    "bloodthirsty",
    "savage",
    "cunning",
    "selfish",
    "arrogant",
    "ignorant",
    "ungrateful",
    "insufferable",
    "hysterical",
    "pathetic",
    "sneaky",
    "shifty",
    "stingy",
    "nasty",
    "smelly",
    "stinking",
    "creepy",
    "ugly",
    "vile",
    "sly",
    "devious",
    "dishonest",
    "cowardly",
    "boring",
    "lying",
    "cheating",
    "thieving",
    "scheming",
    "conniving",
    "whining",
    "backstabbing",
    "freeloading",
    "inbred",
    "drunken",
    "wretched",
    "wicked",
    "crooked",
    "deranged",
    "depraved",
    "twisted",
    "corrupt",
    "bitter",
    "diseased",
    "perverted",
    "entitled",
];

/// Traits that are also nouns English puts before another to make a
/// compound ("sheep farmers", "cancer survivors", "waste recyclers"):
/// followed by a plural word in their clause, they are not said of the
/// group. An adjective before a noun still is ("greedy cheaters").
const COMPOUND_MODIFIER_TRAITS: &[&str] =
    &["sheep", "cancer", "trash", "waste", "garbage", "disease", "virus", "plague", "drain"];

impl IdentityAttack {
    fn new(policy: &PolicySettings) -> Result<Option<IdentityAttack>, RulesError> {
        if !policy.identity_attack {
            return Ok(None);
        }
        let mut groups = WordList::from_entries(
            crate::text::listed_words(crate::text::IDENTITY_TERMS)
                .filter(|word| !NOT_GROUP_NAMES_FOR_THE_RULE.split_whitespace().any(|w| w == *word)),
        );
        groups.extend(WordList::from_entries(GROUP_PHRASES_FOR_THE_RULE.lines()));
        groups.extend(WordList::load(&policy.identity_attack_groups_files)?);
        let hostile = builtin_list(true, BUILTIN_IDENTITY_ATTACK_PHRASES, &policy.identity_attack_phrases_files)?
            .unwrap_or_default();
        let traits = builtin_list(true, BUILTIN_IDENTITY_ATTACK_TRAITS, &policy.identity_attack_traits_files)?
            .unwrap_or_default();
        let claims = builtin_list(true, BUILTIN_IDENTITY_ATTACK_CLAIMS, &policy.identity_attack_claims_files)?
            .unwrap_or_default();
        let exclusions =
            builtin_list(true, BUILTIN_IDENTITY_ATTACK_EXCLUSIONS, &policy.identity_attack_exclusions_files)?
                .unwrap_or_default();
        let sweeps = builtin_list(true, BUILTIN_IDENTITY_ATTACK_SWEEPS, &policy.identity_attack_sweeps_files)?
            .unwrap_or_default();
        let slurs =
            builtin_list(true, BUILTIN_IDENTITY_ATTACK_SLURS, &policy.identity_attack_slurs_files)?.unwrap_or_default();
        let tropes = builtin_list(true, BUILTIN_IDENTITY_ATTACK_TROPES, &policy.identity_attack_tropes_files)?
            .unwrap_or_default();
        let singular_traits = singular_traits(&traits);
        let claim_reported: IntSet<u64> =
            hashed(super::threat::SAYING).union(&hashed(CLAIM_REPORTED)).copied().collect();
        Ok(Some(IdentityAttack {
            groups,
            hostile,
            window: policy.identity_attack_window,
            traits,
            claims,
            exclusions,
            policy_groups: identity_terms_in_sections(EXCLUSION_POLICY_SECTIONS)
                .difference(&hashed(EXCLUSION_PEOPLES))
                .copied()
                .chain(hashed(POLICY_GROUP_WORDS_FOR_THE_RULE))
                .collect(),
            subject_person_nouns: hashed(SUBJECT_PERSON_NOUNS),
            access_verbs: hashed(EXCLUSION_ACCESS_VERBS),
            adverbs: hashed(EXCLUSION_ADVERBS),
            places: hashed(EXCLUSION_PLACES),
            harms: hashed(EXCLUSION_HARMS),
            trope_context: claim_reported.iter().copied().chain(hashed(TROPE_CONTEXT)).collect(),
            claim_reported,
            writers: hashed(&["i", "we"]),
            opinion_verbs: hashed(&["think", "believe", "reckon", "feel"]),
            allowed: token_hash("allowed"),
            to: token_hash("to"),
            be: token_hash("be"),
            less: token_hash("less"),
            same: token_hash("same"),
            so: token_hash("so"),
            as_: token_hash("as"),
            sweeps,
            neutral_sweeps: WordList::from_entries(NEUTRAL_SWEEPS.iter().copied()),
            slurs,
            tropes,
            trope_reported: hashed(GENERIC_DENIED_OR_REPORTED).union(&hashed(TROPE_REPORTED)).copied().collect(),
            trope_continuations: TROPE_CONTINUATIONS
                .iter()
                .map(|(ends, goes_on)| (hashed(ends), hashed(goes_on)))
                .collect(),
            pointed_people: ["them", "these", "those", "people"].map(token_hash),
            about: token_hash("about"),
            tag_auxiliaries: hashed(TAG_AUXILIARIES),
            plain_auxiliaries: hashed(PLAIN_AUXILIARIES),
            tag_negations: hashed(TAG_NEGATIONS),
            tag_pronouns: hashed(TAG_PRONOUNS),
            right: token_hash("right"),
            counts: hashed(SWEEP_COUNTS),
            person_nouns: hashed(SWEEP_PERSON_NOUNS),
            not_people: hashed(SWEEP_NOT_PEOPLE),
            one_person: hashed(&["man", "woman", "boy", "girl", "lady", "gentleman"]),
            possessives: hashed(POSSESSIVES),
            typical: token_hash("typical"),
            slur_idioms: ["chink", "chinks", "spic", "in", "of", "and"].map(token_hash),
            echo: regex::Regex::new(ECHO).expect("the built-in pattern compiles"),
            subject_fillers: hashed(GENERIC_SUBJECT_FILLERS),
            copulas: hashed(GENERIC_COPULAS),
            trait_fillers: hashed(GENERIC_TRAIT_FILLERS),
            singular_traits,
            equated_crimes: EQUATED_CRIMES.iter().map(|&word| (token_hash(word), word)).collect(),
            equals: hashed(&["equals", "equal"]),
            every: token_hash("every"),
            each: token_hash("each"),
            intensifiers: hashed(EVERY_ONE_INTENSIFIERS),
            one_of: ["one", "of"].map(token_hash),
            one_of_determiners: hashed(EVERY_ONE_OF_DETERMINERS),
            either: token_hash("either"),
            every_one_copulas: hashed(EVERY_ONE_COPULAS),
            witnesses: hashed(EVERY_ONE_WITNESSES),
            experiences: hashed(EVERY_ONE_EXPERIENCES),
            every_one_person_nouns: hashed(EVERY_ONE_PERSON_NOUNS),
            trait_continuations: hashed(EVERY_ONE_TRAIT_CONTINUATIONS),
            hedges: hashed(EVERY_ONE_HEDGES),
            conjunctions: hashed(&["and", "or"]),
            every_one_groups: WordList::from_entries(EVERY_ONE_GROUPS.iter().copied()),
            describing_words: hashed(DESCRIBING_WORDS),
            compound_modifiers: hashed(COMPOUND_MODIFIER_TRAITS),
            denied_or_reported: hashed(GENERIC_DENIED_OR_REPORTED),
            common_nouns: hashed(GENERIC_COMMON_NOUNS),
            particular: hashed(GENERIC_PARTICULAR),
            clause_openers: hashed(CLAUSE_OPENERS),
            plural_nouns: hashed(PLURAL_NOUNS),
            article_plurals: hashed(ARTICLE_PLURALS),
            articles: hashed(&["the", "these", "those", "all", "most"]),
            numbers: hashed(NUMBERS),
            owners: hashed(&["his", "her", "my", "your"]),
            own_people: hashed(&["men", "women", "boys", "girls"]),
        }))
    }

    fn check(&self, content: &str, features: &Features, mentions: Option<&MentionFinder>) -> Option<RuleHit> {
        let hashes = features.token_hashes();
        let hit =
            |message: String| RuleHit { code: ReasonCode::IdentityAttack, action: Action::Hold, weak: false, message };
        // Hostile phrases are rare, so look for them first and only then
        // scan their surroundings for a group; nothing is allocated.
        // Words quoted as a mention ("calling immigrants "invaders" is
        // ugly") are the words condemned, not the writer's; found only
        // once a hostile phrase is.
        let mut quoted: Option<Mentions> = None;
        let mut mentioned = |span: &Range<usize>| {
            mentions.is_some_and(|finder| quoted.get_or_insert_with(|| finder.find(features)).covers(span))
        };
        let mut hostile_phrases =
            self.hostile.spans_hashed(hashes).filter(|(span, _)| !self.compares(hashes, span.end) && !mentioned(span));
        let near = hostile_phrases.find_map(|(span, hostile)| {
            let at = span.start;
            let end = at.saturating_add(self.window).saturating_add(1).min(hashes.len());
            // "his men", "my men": someone's own people (a general's
            // soldiers), not the group. "our" and "their" are left out:
            // "protect our women from them" is the shape of the hate; and
            // so are adjectives ("your gay lovers").
            let owned =
                |i: usize| i > 0 && self.owners.contains(&hashes[i - 1]) && self.own_people.contains(&hashes[i]);
            let group = (at.saturating_sub(self.window)..end)
                .filter(|&i| !owned(i))
                .find_map(|i| self.groups.find_at_hashed(&hashes[i..end]))?;
            Some(hit(format!("the comment names a group ({group:?}) near hostile words ({hostile:?})")))
        });
        near.or_else(|| {
            let (group, trait_word) = self.generic_statement(features)?;
            Some(hit(format!("the comment says that a group ({group:?}) are {trait_word:?}")))
        })
        .or_else(|| {
            let (group, crime) = self.equated_with_crime(features)?;
            Some(hit(format!("the comment equates a group ({group:?}) with {crime:?}")))
        })
        .or_else(|| {
            let (group, trait_word) = self.every_one_statement(features)?;
            Some(hit(format!("the comment says that every one of a group ({group:?}) is {trait_word:?}")))
        })
        .or_else(|| {
            let (group, claim) = self.generic_claim(features)?;
            Some(hit(format!("the comment claims of a whole group ({group:?}) that they {claim:?}")))
        })
        .or_else(|| {
            let (group, call) = self.exclusion(features)?;
            Some(hit(format!("the comment calls for a whole group ({group:?}) to be excluded ({call:?})")))
        })
        .or_else(|| {
            let (group, sweep) = self.sweeping_generalization(features)?;
            Some(hit(format!("the comment sweeps a whole group ({group:?}) into one ({sweep:?})")))
        })
        .or_else(|| {
            let slur = self.slur(features)?;
            Some(hit(format!("the comment calls a group by a slur ({slur:?})")))
        })
        .or_else(|| {
            // Read on the comment as written: normalization collapses the
            // runs of brackets.
            let echo = self.echo.find(content)?;
            Some(hit(format!("the comment marks people as Jews with the antisemitic echo ({:?})", echo.as_str())))
        })
        .or_else(|| {
            let trope = self.trope(features)?;
            Some(hit(format!(
                "the comment praises a genocide or massacre, denies the Holocaust, or repeats a coded slogan of hate ({trope:?})"
            )))
        })
    }

    /// A trope of praise for Hitler's genocide or a massacre of a minority,
    /// or of Holocaust denial, not
    /// right after a denial or report ("the lie that the Holocaust never
    /// happened"), nor in a sentence that reports, quotes or asks, nor
    /// carried on into something else ([`TROPE_CONTINUATIONS`]).
    fn trope<'a>(&'a self, features: &'a Features) -> Option<&'a str> {
        let hashes = features.token_hashes();
        self.tropes.spans_hashed(hashes).find_map(|(span, trope)| {
            let before = &hashes[span.start.saturating_sub(3)..span.start];
            let (first, last) = sentence_around(features, span.start);
            // Reported, quoted or asked anywhere in its sentence: "'Hitler
            // was right' graffiti was found ..., police said", "The term
            // "holohoax" is ...", "my aunt's neighbours insisted ...".
            // The writer's own tag question asks nothing ("Hitler was
            // right, wasn't he?").
            let reported = before.iter().any(|h| self.trope_reported.contains(h))
                || (first..=last).any(|i| !span.contains(&i) && self.trope_context.contains(&hashes[i]))
                || (super::threat::asks(features, last) && !self.tag_question(features, &span, last))
                || sentence_text(features, first, last).contains(QUOTATION_MARKS);
            // A phrase carried on into something else: "never happened
            // again", "never happened in Denmark", "was a myth until the
            // camps were opened", "wasn't enough for the Nazis", "was
            // right about Soviet unpreparedness" (unless a group follows).
            let next = span.end;
            let last_word = hashes[next - 1];
            let carried_on = hashes.get(next).is_some_and(|h| {
                self.trope_continuations.iter().any(|(ends, goes_on)| ends.contains(&last_word) && goes_on.contains(h))
            }) && within_one_clause(features, next - 1, next)
                && !(next + 1..(next + 4).min(hashes.len()))
                    .any(|k| self.groups.find_at_hashed(&hashes[k..]).is_some())
                && !(hashes[next] == self.about
                    && self.people_pointed_at(hashes, next + 1)
                    && within_one_clause(features, next, next + 1));
            (!reported && !carried_on).then_some(trope)
        })
    }

    /// Whether the tokens from `at` point at people without naming them:
    /// "them", "these people", "those people".
    fn people_pointed_at(&self, hashes: &[u64], at: usize) -> bool {
        let [them, these, those, people] = self.pointed_people;
        match hashes.get(at..(at + 2).min(hashes.len())) {
            Some([first, ..]) if *first == them => true,
            Some([first, second]) => (*first == these || *first == those) && *second == people,
            _ => false,
        }
    }

    /// Whether the sentence ending at `last` closes on the writer's own tag
    /// question, set off by a comma after the trope `span` ("..., wasn't
    /// he?", "..., right?"): a negated auxiliary and a pronoun, a plain
    /// auxiliary after a negated trope ("Hitler wasn't wrong, was he?"), or
    /// "right" alone. "Hitler was right, was he?" doubts.
    fn tag_question(&self, features: &Features, span: &Range<usize>, last: usize) -> bool {
        let hashes = features.token_hashes();
        let negated_trope = || hashes[span.clone()].iter().any(|h| self.tag_negations.contains(h));
        let tag_start = if hashes[last] == self.right {
            last
        } else if last > 0
            && self.tag_pronouns.contains(&hashes[last])
            && (self.tag_auxiliaries.contains(&hashes[last - 1])
                || (self.plain_auxiliaries.contains(&hashes[last - 1]) && negated_trope()))
        {
            last - 1
        } else {
            return false;
        };
        tag_start > 0
            && tag_start >= span.end
            && text_between(features, tag_start - 1, tag_start).is_some_and(|gap| gap.trim() == ",")
    }

    /// A slur for a group, which names and derogates it at once. Two
    /// idioms share their words: "a chink in the armour" ("a chink of
    /// light") and "spic and span".
    fn slur<'a>(&'a self, features: &'a Features) -> Option<&'a str> {
        let hashes = features.token_hashes();
        let [chink, chinks, spic, in_, of, and] = self.slur_idioms;
        let idiom = |at: usize| {
            let next = hashes.get(at + 1);
            ((hashes[at] == chink || hashes[at] == chinks) && (next == Some(&in_) || next == Some(&of)))
                || (hashes[at] == spic && next == Some(&and))
        };
        self.slurs.positions_hashed(hashes).find(|&(at, _)| !idiom(at)).map(|(_, slur)| slur)
    }

    /// A sweeping generalization: a group's name, a plural noun that opens
    /// its clause, then within `window` tokens words that lump all of it
    /// together with contempt ("Catholics ... Idolaters, the lot of them",
    /// "Romanians moved in. They're all the same"), or a sweep that is
    /// neutral alone after a trait that makes up its sentence ("Jehovah's
    /// Witnesses ... Child abusers, every one of them"), unless a denial or
    /// report stands in the two tokens before them, or a count is near the
    /// name ("dozens of migrants drowned"). Or "typical" opening a clause,
    /// a space, then the name, which ends its clause or is followed by a
    /// person noun ("Typical immigrant, ...", "Typical female driver"; not
    /// "typical Russian propaganda", "hardly a typical Albanian",
    /// "Typical. Ukrainians ..."). The sweep alone is everyday talk ("the
    /// lot of them" about ministers); with a group's name it is the form
    /// of a stereotype.
    fn sweeping_generalization<'a>(&'a self, features: &'a Features) -> Option<(&'a str, &'a str)> {
        let hashes = features.token_hashes();
        let tokens = &features.tokens.tokens;
        let counted = |i: usize| self.counts.contains(&hashes[i]) || tokens[i].kind == TokenKind::Number;
        // A neutral sweep counts after a trait that makes a sentence of its
        // own: "Child abusers, every one of them." ("Heroes, every one of
        // them" is praise, and "every one of them" alone is a count).
        let trait_sweeps = self
            .neutral_sweeps
            .positions_hashed(hashes)
            .filter_map(|(at, _)| Some((at, self.trait_sentence_before(features, at)?)));
        let swept = self.sweeps.positions_hashed(hashes).chain(trait_sweeps).find_map(|(at, sweep)| {
            if hashes[at.saturating_sub(2)..at].iter().any(|h| self.denied_or_reported.contains(h)) {
                return None;
            }
            // The nearest group before the sweep is the one it sweeps, if
            // it is a whole group: a plural noun that opens its clause
            // ("Catholics bow to statues ..."), not a word of a group used
            // for something else ("Russian generals", "a Chinese student").
            // One person met on the way is passed over ("... and a man in
            // a dress. Idolaters, the lot of them"), and so are people
            // owned ("Muslims treat their women like property", "robbed my
            // Polish neighbour"): they are no subject the sweep could mean.
            let owned = |i: usize| i > 0 && self.possessives.contains(&hashes[i - 1]);
            let name = (at.saturating_sub(self.window)..at).rev().find(|&i| {
                self.groups.find_at_hashed(&hashes[i..at]).is_some()
                    && !self.one_person.contains(&hashes[i])
                    && !owned(i)
            })?;
            let (group, _) = self.groups.longest_at_hashed(&hashes[name..at])?;
            let people = !self.not_people.contains(&hashes[name]);
            let whole_group = people && self.plural_noun(features, name) && self.opens_clause(features, name);
            (whole_group && !(name.saturating_sub(2)..at).any(counted)).then_some((group, sweep))
        });
        swept.or_else(|| {
            let typical = self.typical;
            // "Typical" opens its clause, as an exclamation does: "a
            // typical Albanian" describes one person.
            let opens = |i: usize| i == 0 || !within_one_clause(features, i - 1, i);
            (0..hashes.len()).filter(|&i| hashes[i] == typical && opens(i)).find_map(|i| {
                let (group, len) = self.groups.longest_at_hashed(&hashes[i + 1..])?;
                // Right before the name, nothing but a space between:
                // "Typical. Ukrainians, meanwhile, ..." is two sentences.
                if text_between(features, i, i + 1) != Some(" ") {
                    return None;
                }
                let next = i + 1 + len;
                let ends_clause = next >= hashes.len() || !within_one_clause(features, next - 1, next);
                (ends_clause || self.person_nouns.contains(&hashes[next])).then_some((group, "typical"))
            })
        })
    }

    /// The trait that, with at most one describing word before it, makes
    /// the whole sentence up to a comma right before token `at` ("Child
    /// abusers, every one of them", "Spineless cowards, all of them").
    fn trait_sentence_before(&self, features: &Features, at: usize) -> Option<&str> {
        let hashes = features.token_hashes();
        if at == 0 || !text_between(features, at - 1, at).is_some_and(|gap| gap.contains(',')) {
            return None;
        }
        let opens_sentence = |i: usize| i == 0 || !within_one_sentence(features, i - 1, i);
        (at.saturating_sub(4)..at).find_map(|start| {
            let (found, len) = self.traits.longest_at_hashed(&hashes[start..at])?;
            let described =
                start > 0 && self.describing_words.contains(&hashes[start - 1]) && opens_sentence(start - 1);
            (start + len == at && (opens_sentence(start) || described)).then_some(found)
        })
    }

    /// A generic statement that a group is a derogatory trait: the group's
    /// name, "are" (a few subject fillers allowed before it), then the trait
    /// (a few fillers and, in the trait's clause, one describing word
    /// allowed before it: "are a generation of spineless whiners"), all in
    /// one sentence, and not denied or reported just before the name ("not
    /// all", "a myth that", "calling"). A trait that English also puts
    /// before a noun ([`COMPOUND_MODIFIER_TRAITS`]), followed by a plural
    /// word in its clause, is the first half of a compound ("are sheep
    /// farmers"), not the trait. Found from the trait backwards, since
    /// traits are rare; at most nine tokens before each, and three before
    /// the name, are looked at.
    fn generic_statement<'a>(&'a self, features: &'a Features) -> Option<(&'a str, &'a str)> {
        let hashes = features.token_hashes();
        self.traits.spans_hashed(hashes).find_map(|(span, trait_word)| {
            if self.compound_after(features, &span) {
                return None;
            }
            let at = span.start;
            let mut i = at;
            if i > 0 && self.describing_words.contains(&hashes[i - 1]) && within_one_clause(features, i - 1, at) {
                i -= 1;
            }
            let described = i;
            while i > 0 && described - i < 4 && self.trait_fillers.contains(&hashes[i - 1]) {
                i -= 1;
            }
            if i == 0 {
                return None;
            }
            // "=" is written for "are" in the shorthand of slogans
            // ("Mentally ill = dangerous"); it is no token, so the subject
            // ends right before the predicate.
            let verb = if self.copulas.contains(&hashes[i - 1]) {
                i - 1
            } else if slogan_sign(features, i) {
                // A slogan put as a question is someone else's put back
                // ("Refugees = criminals? No, ...").
                if super::threat::asks(features, sentence_around(features, at).1) {
                    return None;
                }
                i
            } else {
                return None;
            };
            let group = self.generic_subject(features, verb, at)?;
            (!self.put_back(features, at)).then_some((group, trait_word))
        })
    }

    /// A slogan that equates a group with a crime or a plague, "=" (or
    /// "==", "equals") standing for "means" ("Immigrants = crime",
    /// "Muslims equal terrorism"): the group's name before the sign (at
    /// most two fillers between, "Immigrants all = crime"), read as a
    /// generic statement's subject, and the word right after it ending its clause
    /// (or joined to another by "and"). Not "More immigrants = more
    /// crime", which weighs a policy ("more" stands between), nor a slogan
    /// put back as a question ("Refugees = crime? The figures say no.").
    fn equated_with_crime<'a>(&'a self, features: &'a Features) -> Option<(&'a str, &'a str)> {
        let hashes = features.token_hashes();
        (1..hashes.len()).find_map(|at| {
            let crime = *self.equated_crimes.get(&hashes[at])?;
            // "=" is no token; "equals" is one, and the verb before the
            // noun: "Islam equals terrorism", "Immigrants equal crime".
            let verb = if self.equals.contains(&hashes[at - 1]) && within_one_clause(features, at - 1, at) {
                at - 1
            } else if slogan_sign(features, at) {
                at
            } else {
                return None;
            };
            let ends = at + 1 >= hashes.len()
                || !within_one_clause(features, at, at + 1)
                || self.conjunctions.contains(&hashes[at + 1]);
            if !ends || super::threat::asks(features, sentence_around(features, at).1) {
                return None;
            }
            let group = self.generic_subject(features, verb, at)?;
            (!self.put_back(features, at)).then_some((group, crime))
        })
    }

    /// The singular stereotype: "every" (or "every single", "every last"),
    /// perhaps "one of" and "those" before a plural ("every last one of
    /// those immigrants", also after "each"), a group's
    /// name (and a singular person noun: "every Muslim man"), then "is" or
    /// "was", a few fillers ("either a"), at most one describing word, and
    /// a trait in the singular ("Every Iranian is a liar"). Between the
    /// name and the verb may stand the writer's experience of the group,
    /// the stereotype's usual warrant: "I", "I've" or "we've", a verb of
    /// meeting or knowing within three words, in one clause ("Every
    /// Mexican I've seen at the border was either a drug mule or ...").
    /// Nothing else may: "every Russian soldier who shelled Bucha is a
    /// criminal" is about soldiers, "every American who voted for him is
    /// an idiot" about voters. The trait ends its clause or is followed by
    /// a word that continues a predicate ("a terrorist in waiting", "a
    /// liar or a thief"), not by a noun ("a dog lover"). Not after a
    /// denial or report ("not every"), nor in a sentence that reports or
    /// asks. Found from "every" (or "each one of") onwards, since they are
    /// rare.
    fn every_one_statement<'a>(&'a self, features: &'a Features) -> Option<(&'a str, &'a str)> {
        let hashes = features.token_hashes();
        let one_of = |at: usize| hashes.get(at..at + 2) == Some(&self.one_of[..]);
        let opens = |i: usize| hashes[i] == self.every || (hashes[i] == self.each && one_of(i + 1));
        (0..hashes.len()).filter(|&i| opens(i)).find_map(|every| {
            if hashes[every.saturating_sub(2)..every].iter().any(|h| self.denied_or_reported.contains(h)) {
                return None;
            }
            let mut name = every + 1;
            if hashes.get(name).is_some_and(|h| self.intensifiers.contains(h)) {
                name += 1;
            }
            // "every last one of those immigrants", "each one of these
            // Muslims": the same claim, said of each one of the plural.
            if one_of(name) {
                name += 2;
                if hashes.get(name).is_some_and(|h| self.one_of_determiners.contains(h)) {
                    name += 1;
                }
            }
            let (group, len) = self
                .groups
                .longest_at_hashed(hashes.get(name..)?)
                .or_else(|| self.every_one_groups.longest_at_hashed(hashes.get(name..)?))?;
            let mut verb = name + len;
            // A person noun or a second group word: "every Muslim man",
            // "every Ukrainian refugee".
            if hashes.get(verb).is_some_and(|h| self.every_one_person_nouns.contains(h)) {
                verb += 1;
            } else if let Some((_, more)) = hashes.get(verb..).and_then(|rest| self.groups.longest_at_hashed(rest)) {
                verb += more;
            }
            if hashes.get(verb).is_some_and(|h| self.witnesses.contains(h)) {
                let last = (verb + 8).min(hashes.len());
                let copula = (verb + 1..last).find(|&k| self.every_one_copulas.contains(&hashes[k]))?;
                let witnessed = (verb + 1..copula.min(verb + 4)).any(|k| self.experiences.contains(&hashes[k]));
                if !witnessed || !within_one_clause(features, name, copula) {
                    return None;
                }
                verb = copula;
            }
            if !hashes.get(verb).is_some_and(|h| self.every_one_copulas.contains(h)) {
                return None;
            }
            let trait_at = |start: usize| {
                let (found, len) = self.singular_traits.longest_at_hashed(hashes.get(start..)?)?;
                Some((found, start + len))
            };
            // A trait, or one after a describing word ("a born liar", "a
            // potential terrorist").
            let described = |at: usize| {
                let word = hashes.get(at)?;
                (self.describing_words.contains(word) || self.hedges.contains(word)).then(|| trait_at(at + 1))?
            };
            // Forwards over the fillers ("either a"), trying each word as a
            // trait first, since some fillers are traits too ("lazy",
            // "dirty"); past one noun to a second after "and" or "or" ("a
            // spy and a liar").
            let mut at = verb + 1;
            let mut joined = false;
            let (found, end) = loop {
                if let Some(hit) = trait_at(at).or_else(|| described(at)) {
                    break hit;
                }
                match hashes.get(at) {
                    Some(h) if (*h == self.either || self.trait_fillers.contains(h)) && at - verb <= 5 => at += 1,
                    Some(_) if !joined => {
                        joined = true;
                        at =
                            (at + 1..(at + 4).min(hashes.len())).find(|&k| self.conjunctions.contains(&hashes[k]))? + 1;
                    }
                    _ => return None,
                }
            };
            if !within_one_clause(features, verb, end - 1) {
                return None;
            }
            let ends = end >= hashes.len()
                || !within_one_clause(features, end - 1, end)
                || self.trait_continuations.contains(&hashes[end]);
            (ends && !self.reported_or_asked(features, every..end)).then_some((group, found))
        })
    }

    /// Whether the statement at token `at` is put back to someone as a
    /// question: its sentence opens with "so" and ends in "?" ("So gay men
    /// are predators now?", "So Nigerians are scammers because of some
    /// spam emails?"). The writer's own tag question ("..., aren't they?")
    /// does not open so, and stays a statement.
    fn put_back(&self, features: &Features, at: usize) -> bool {
        let (first, last) = sentence_around(features, at);
        features.token_hashes()[first] == self.so && super::threat::asks(features, last)
    }

    /// Whether the trait at `span` is the first half of a compound: one of
    /// [`COMPOUND_MODIFIER_TRAITS`] followed by a plural word in its clause
    /// ("are cancer patients").
    fn compound_after(&self, features: &Features, span: &Range<usize>) -> bool {
        let hashes = features.token_hashes();
        let next = span.end;
        let Some(&last) = hashes.get(next - 1) else { return false };
        if !self.compound_modifiers.contains(&last) || next >= hashes.len() {
            return false;
        }
        let token = &features.tokens.tokens[next];
        token.kind == TokenKind::Word
            && features.tokens.text(token).ends_with('s')
            && within_one_clause(features, next - 1, next)
    }

    /// A generic claim about what a group does: the group's name, at most
    /// two subject fillers ("all", "always", "just"), then the claim ("only
    /// understand force"), with the same guards as
    /// [`IdentityAttack::generic_statement`].
    fn generic_claim<'a>(&'a self, features: &'a Features) -> Option<(&'a str, &'a str)> {
        let hashes = features.token_hashes();
        self.claims.spans_hashed(hashes).find_map(|(span, claim)| {
            let at = span.start;
            let (group, name) = self.generic_subject_at(features, at, at)?;
            // Without "are" to mark the statement, a claim could be a noun
            // ("Chinese scam centres", "a Japanese breed") or the group an
            // object ("anyone who attacks Jews should..."), so the group's
            // name must be a plural noun that opens its clause.
            let whole_group = self.plural_subject(features, name, at)
                && self.opens_clause(features, self.own_opinion_start(features, name));
            let claimed = whole_group && !self.compares(hashes, span.end) && !self.reported_or_asked(features, span);
            claimed.then_some((group, claim))
        })
    }

    /// Whether the words ending before token `end` say that a group is or
    /// looks "the same" *as* others: a comparison ("Ukrainians look the
    /// same as Russians to a drone operator", "Muslims look the same as
    /// everyone else"), not the claim that its members cannot be told
    /// apart.
    fn compares(&self, hashes: &[u64], end: usize) -> bool {
        end > 0 && hashes[end - 1] == self.same && hashes.get(end) == Some(&self.as_)
    }

    /// A call to deny a whole group rights, access or presence ("Muslims
    /// shouldn't be allowed to build mosques"): the generic claim's
    /// construction with an entry of the exclusion list, for groups that
    /// are not a nationality, migrants or an age group
    /// ([`EXCLUSION_POLICY_SECTIONS`]).
    fn exclusion<'a>(&'a self, features: &'a Features) -> Option<(&'a str, &'a str)> {
        let hashes = features.token_hashes();
        self.exclusions.spans_hashed(hashes).find_map(|(span, call)| {
            let at = span.start;
            if !self.denies(features, span.end - 1) || hashes.get(span.end) == Some(&self.less) {
                return None;
            }
            let (group, name) = self.generic_subject_at(features, at, at)?;
            let whole_group = self.plural_subject(features, name, at)
                && self.opens_clause(features, self.own_opinion_start(features, name));
            if !whole_group || self.policy_groups.contains(&hashes[name]) {
                return None;
            }
            (!self.reported_or_asked(features, span)).then_some((group, call))
        })
    }

    /// Whether the sentence of token `at` reports someone else's words or
    /// puts a question back ("So Catholics should be barred from public
    /// office now? What century ...", "Indian students take our jobs, say
    /// the protesters"): for the claims and calls, whose words can be a
    /// report's without quotation marks.
    fn reported_or_asked(&self, features: &Features, claim: Range<usize>) -> bool {
        let hashes = features.token_hashes();
        let (first, last) = sentence_around(features, claim.start);
        let reported = (first..=last).any(|i| !claim.contains(&i) && self.claim_reported.contains(&hashes[i]));
        reported || super::threat::asks(features, last)
    }

    /// Whether the call ending at token `end` denies the group something:
    /// always, unless it ends in "allowed", which must be followed by a
    /// place ("... allowed near children") or by "to" and a right or an
    /// ordinary activity ([`EXCLUSION_ACCESS_VERBS`]; after "be", anything
    /// but a harm the group would suffer, [`EXCLUSION_HARMS`]), or end its
    /// clause.
    fn denies(&self, features: &Features, end: usize) -> bool {
        let hashes = features.token_hashes();
        if hashes[end] != self.allowed {
            return true;
        }
        let Some(&next) = hashes.get(end + 1) else { return true };
        if !within_one_clause(features, end, end + 1) {
            return true;
        }
        if self.places.contains(&next) {
            return true;
        }
        if next != self.to {
            return false;
        }
        let mut verb = end + 2;
        while hashes.get(verb).is_some_and(|h| self.adverbs.contains(h)) {
            verb += 1;
        }
        match hashes.get(verb) {
            Some(&be) if be == self.be => !hashes.get(verb + 1).is_some_and(|h| self.harms.contains(h)),
            Some(h) => self.access_verbs.contains(h),
            None => false,
        }
    }

    /// Whether the subject from the group's name at `name` to the verb at
    /// `verb` is plural: the name is a plural noun, or a plural person
    /// noun follows it ("gay people", "autistic kids").
    fn plural_subject(&self, features: &Features, name: usize, verb: usize) -> bool {
        let hashes = features.token_hashes();
        self.plural_noun(features, name) || hashes[name + 1..verb].iter().any(|h| self.subject_person_nouns.contains(h))
    }

    /// Whether the group's name at token `name` is a plural noun: ends in
    /// "s", is plural without one ("women"), or is one after an article
    /// ("the Chinese").
    fn plural_noun(&self, features: &Features, name: usize) -> bool {
        let hashes = features.token_hashes();
        let tokens = &features.tokens.tokens;
        let word = features.normalized.text.get(tokens[name].start as usize..tokens[name].end as usize).unwrap_or("");
        let after_article = name > 0 && self.articles.contains(&hashes[name - 1]);
        word.ends_with('s')
            || self.plural_nouns.contains(&hashes[name])
            || (after_article && self.article_plurals.contains(&hashes[name]))
    }

    /// Where the statement about the group at `name` starts: at "I" or "we"
    /// when the writer gives it as their own opinion right before the name
    /// ("I think women shouldn't be allowed to vote", "we believe ..."),
    /// otherwise at the name. "Think" after anyone else reports ("people
    /// think immigrants are criminals", "I don't think Muslims are ...").
    fn own_opinion_start(&self, features: &Features, name: usize) -> usize {
        let hashes = features.token_hashes();
        let own = name >= 2
            && self.writers.contains(&hashes[name - 2])
            && self.opinion_verbs.contains(&hashes[name - 1])
            && within_one_clause(features, name - 2, name);
        if own { name - 2 } else { name }
    }

    /// Whether only [`CLAUSE_OPENERS`] stand between the start of the
    /// comment or of a sentence and the token at `name`.
    fn opens_clause(&self, features: &Features, name: usize) -> bool {
        let hashes = features.token_hashes();
        let mut i = name;
        loop {
            if i == 0 || !within_one_sentence(features, i - 1, i) {
                return true;
            }
            if !self.clause_openers.contains(&hashes[i - 1]) {
                return false;
            }
            i -= 1;
        }
    }

    /// The group a generic statement is about, when the tokens just before
    /// `verb` are a group's name and at most two subject fillers; `None`
    /// when the name is denied, reported or quoted just before ("not all",
    /// "a myth that", "calling", a quotation mark), names particular people
    /// ("the two men"), or a sentence ends between it and `predicate`.
    fn generic_subject<'a>(&'a self, features: &'a Features, verb: usize, predicate: usize) -> Option<&'a str> {
        self.generic_subject_at(features, verb, predicate).map(|(group, _)| group)
    }

    /// [`IdentityAttack::generic_subject`], with the index of the name's
    /// token.
    fn generic_subject_at<'a>(
        &'a self,
        features: &'a Features,
        verb: usize,
        predicate: usize,
    ) -> Option<(&'a str, usize)> {
        let hashes = features.token_hashes();
        let tokens = &features.tokens.tokens;
        let text = features.normalized.text.as_str();
        let mut j = verb;
        while j > 0 && verb - j < 2 && self.subject_fillers.contains(&hashes[j - 1]) {
            j -= 1;
        }
        // The name is a group word or phrase that ends where the fillers
        // begin ("mentally ill people") or runs into them ("black people":
        // "black" alone is no group), in the verb's clause ("He is Jewish.
        // Women are ..." is about women). When there is none, the first
        // filler is the name ("Women shouldn't ...": a group word is a
        // filler only after another, as in "Muslim women").
        let ending_at_fillers = |start: usize| {
            let (group, len) = self.groups.longest_at_hashed(&hashes[start..verb])?;
            (start + len >= j && within_one_clause(features, start, verb)).then_some((group, start))
        };
        let (group, name) = (j.saturating_sub(3)..j)
            .find_map(ending_at_fillers)
            .or_else(|| (j..verb).find_map(|k| Some((self.groups.find_at_hashed(&hashes[k..verb])?, k))))?;
        let lead = self.own_opinion_start(features, name);
        if hashes[lead.saturating_sub(3)..lead].iter().any(|h| self.denied_or_reported.contains(h)) {
            return None;
        }
        let before = &hashes[name.saturating_sub(3)..name];
        if self.common_nouns.contains(&hashes[name]) && before.last().is_some_and(|h| self.particular.contains(h)) {
            return None;
        }
        // A number makes any group's name particular people: "the two
        // Russians were spies".
        if name > 0 && (self.numbers.contains(&hashes[name - 1]) || tokens[name - 1].kind == TokenKind::Number) {
            return None;
        }
        let lead_in_start = name.checked_sub(2).map_or(0, |k| tokens[k].end as usize);
        let lead_in = text.get(lead_in_start..tokens[name].start as usize).unwrap_or("");
        if lead_in.contains(['"', '\'', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{AB}', '\u{BB}']) {
            return None;
        }
        if !within_one_sentence(features, name, predicate) {
            return None;
        }
        Some((group, name))
    }
}

/// Whether token `i + 1` continues the sentence of token `i` for reported
/// speech: within one sentence, or after a colon, which introduces words
/// rather than ending them ("Medvedev posted: 'The traitors must be
/// shot.'", "The leaflet's message: Muslims shouldn't ...").
pub(super) fn report_continues(features: &Features, i: usize) -> bool {
    within_one_sentence(features, i, i + 1) || text_between(features, i, i + 1).is_some_and(|gap| gap.contains(':'))
}

/// Whether a bidi override (U+202D, U+202E) reorders Latin letters: what
/// follows it, up to the pop (U+202C) or the line's end, holds one. An
/// override around Hebrew or Arabic only restates their own direction.
fn overrides_latin(content: &str) -> bool {
    content.match_indices(['\u{202D}', '\u{202E}']).any(|(at, mark)| {
        content[at + mark.len()..]
            .chars()
            .take_while(|&c| c != '\u{202C}' && c != '\n')
            .any(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
    })
}

/// The normalized text of the sentence from token `first` to token `last`,
/// with what stands between them and their neighbours (an opening quotation
/// mark before the first word).
fn sentence_text(features: &Features, first: usize, last: usize) -> &str {
    let tokens = &features.tokens.tokens;
    let text = features.normalized.text.as_str();
    let start = first.checked_sub(1).map_or(0, |p| tokens[p].end as usize);
    let end = tokens.get(last + 1).map_or(text.len(), |t| t.start as usize);
    text.get(start..end).unwrap_or("")
}

/// The first and last tokens of the sentence that token `at` is in, a
/// colon joining ([`report_continues`]). Walked from `at` only when a claim
/// or call has matched.
pub(super) fn sentence_around(features: &Features, at: usize) -> (usize, usize) {
    let count = features.token_hashes().len();
    let mut first = at;
    while first > 0 && report_continues(features, first - 1) {
        first -= 1;
    }
    let mut last = at;
    while last + 1 < count && report_continues(features, last) {
        last += 1;
    }
    (first, last)
}

/// The traits of `traits` in the singular as well as the plural ("liars"
/// and "liar", "thieves" and "thief", "cockroaches" and "cockroach";
/// "dangerous" and "virus" as they are), for the singular stereotype. An
/// entry of several words changes its last.
fn singular_traits(traits: &WordList) -> WordList {
    fn singular(word: &str) -> Option<String> {
        if word.ends_with("ous") || word.ends_with("us") || word.ends_with("ss") || !word.ends_with('s') {
            None
        } else if let Some(stem) = word.strip_suffix("ves") {
            Some(format!("{stem}f"))
        } else if ["ches", "shes", "xes"].iter().any(|end| word.ends_with(end)) {
            word.strip_suffix("es").map(str::to_string)
        } else {
            word.strip_suffix('s').map(str::to_string)
        }
    }
    let mut entries: Vec<String> = Vec::new();
    for entry in traits.entries() {
        entries.push(entry.to_string());
        let (head, last) = entry.rsplit_once(' ').map_or(("", entry), |(head, last)| (head, last));
        if let Some(one) = singular(last) {
            entries.push(if head.is_empty() { one } else { format!("{head} {one}") });
        }
    }
    WordList::from_entries(entries.iter().map(String::as_str))
}

/// The hashes of the identity terms listed under the given section headings
/// ("# --- age ---") of src/text/identity-terms.txt.
fn identity_terms_in_sections(sections: &[&str]) -> IntSet<u64> {
    let mut in_section = false;
    let mut words = IntSet::default();
    for line in crate::text::IDENTITY_TERMS.lines() {
        if let Some(heading) = line.strip_prefix("# --- ").and_then(|rest| rest.strip_suffix(" ---")) {
            in_section = sections.contains(&heading);
        } else if in_section {
            words
                .extend(crate::text::listed_words(line).flat_map(crate::text::canonical_words).map(|w| token_hash(&w)));
        }
    }
    words
}

/// The built-in keywords of the commercial-author rule.
const BUILTIN_COMMERCIAL_AUTHOR_WORDS: &str = include_str!("commercial-author-words.txt");

/// The commercial-author rule: a keyword in the name, or two different
/// keywords in the website's host name.
///
/// A name needs one: people are not called "Personal Loans". A website
/// needs two, top-level domain included (`cbd-oil-bestdeals.store`: `cbd`,
/// `store`), because people's own sites may carry one (`maria-knits.shop`,
/// `tom-bike-repair.co.uk`), or one that the comment itself talks about
/// (`essaywritingpro.net` and "an essay writing service saved me"): a
/// comment that advertises what its author's site sells. Spam domains run
/// words together, so for that second form a keyword of four letters or
/// more also counts at the start or end of a longer word of the domain
/// (`essaywritingpro`, `ukcasinos`; not `bishopsgate` for "shop"). E-mail domains are
/// not read: mail providers have generic names (`t-online.de`).
fn commercial_author(keywords: &WordList, comment: &Comment, name: &[&str], text: &[u64]) -> Option<RuleHit> {
    let hit =
        |message: String| RuleHit { code: ReasonCode::CommercialAuthor, action: Action::Hold, weak: true, message };
    if let Some(keyword) = keywords.find(name) {
        return Some(hit(format!("the author's name contains the commercial keyword {keyword:?}")));
    }
    let host = comment.author_url.as_ref().map_or("", |u| u.host());
    let words = domain_words(host);
    let mut found: Vec<&str> = Vec::new();
    for keyword in keywords.matches(&words) {
        if !found.contains(&keyword) {
            found.push(keyword);
        }
    }
    if let [first, second, ..] = found.as_slice() {
        return Some(hit(format!(
            "the author's website's domain contains the commercial keywords {first:?} and {second:?}"
        )));
    }
    // The top-level domain is left out: readers have ".online" and ".shop"
    // sites too.
    let name_words = &words[..words.len().saturating_sub(1)];
    if name_words.is_empty() {
        return None;
    }
    let in_domain = |keyword: &str| name_words.iter().any(|w| contains_keyword(w, keyword));
    if let Some(keyword) = ADVERTISER_ONLY_KEYWORDS.iter().find(|k| in_domain(k)) {
        return Some(hit(format!(
            "the author's website's domain contains {keyword:?}, a keyword that names a trade rather than a person"
        )));
    }
    // One lookup per word of the comment, whatever the size of the list.
    let advertised = (0..text.len()).find_map(|i| {
        let keyword = keywords.find_at_hashed(&text[i..=i])?;
        let keyword_lower = keyword.to_lowercase();
        (!ADVERTISED_FORM_SKIPS.contains(&keyword_lower.as_str()) && in_domain(&keyword_lower)).then_some(keyword)
    })?;
    Some(hit(format!("the author's website's domain and the comment both name the commercial keyword {advertised:?}")))
}

/// Keywords that, alone in a website's domain name, make it an
/// advertiser's: trades that people do not name their own sites after
/// (`replica-watches-uk.co`, `sweet-russian-brides-date.club`,
/// `casino-no-deposit-usa.fun`). The other keywords need a second one, or
/// the comment's own word, because readers' sites carry them
/// (`maria-knits.shop`, `tom-bike-repair.co.uk`).
const ADVERTISER_ONLY_KEYWORDS: &[&str] = &[
    "replica",
    "replicas",
    "viagra",
    "cialis",
    "levitra",
    "payday",
    "casino",
    "casinos",
    "sportsbook",
    "gacor",
    "togel",
    "kratom",
    "brides",
    "hookup",
    "escort",
    "escorts",
    "porn",
    "keygen",
    "backlinks",
];

/// Whether a domain word is `keyword` or, for keywords of four letters or
/// more, starts or ends with it: domains run words together
/// (`essaywritingpro`, `bestcasino`).
fn contains_keyword(domain_word: &str, keyword: &str) -> bool {
    domain_word == keyword
        || (keyword.len() >= 4 && (domain_word.starts_with(keyword) || domain_word.ends_with(keyword)))
}

/// Keywords that a reader's own site and comment may share innocently
/// (`annas-shop.net` and "the farm shop closed"; a plumber's site and a
/// comment about plumbing), so they do not make the advertised form of
/// `commercial_author`: generic commerce and local trades.
const ADVERTISED_FORM_SKIPS: &[&str] = &[
    "buy",
    "cheap",
    "discount",
    "discounts",
    "deals",
    "coupon",
    "coupons",
    "promo",
    "wholesale",
    "clearance",
    "outlet",
    "shop",
    "store",
    "online",
    "tickets",
    "repair",
    "repairs",
    "movers",
    "remodel",
    "remodeling",
    "renovation",
    "plumber",
    "plumbing",
    "locksmith",
    "roofing",
    "marketing",
];

/// The words of a lowercase host name, top-level domain included:
/// `cheap-essays-fast.org` gives `cheap`, `essays`, `fast`, `org`; `www` is
/// not a word.
fn domain_words(host: &str) -> Vec<&str> {
    host.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() >= 2 && *w != "www").collect()
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
        let f = Featurizer::default().featurize(&c.model_input());
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
    fn a_titles_full_stop_ends_no_sentence() {
        let featurize = |text: &str| Featurizer::default().featurize(&comment(text).model_input());
        let f = featurize("Mr. Putin and Dr. Kim met. They talked.");
        assert!(within_one_sentence(&f, 0, 5), "mr. putin and dr. kim met");
        assert!(!within_one_sentence(&f, 5, 6), "met. they");
        // Not a title, an ellipsis, or a title with no space after it.
        for text in ["Kim is here. Putin too", "Mister... Putin", "Mr.Putin"] {
            let f = featurize(text);
            let last = f.tokens.tokens.len() - 1;
            assert!(!within_one_sentence(&f, 0, last), "{text}");
        }
        // Punctuation of more than one byte before a full stop.
        let f = featurize("they «attack and kill». Then «.» mr.» x");
        let last = f.tokens.tokens.len() - 1;
        assert!(!within_one_sentence(&f, 0, last));
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
        let f = Featurizer::default().featurize(&named.model_input());
        let hits = rules.check(&named, &f, 0);
        assert_eq!(hits[0].code, ReasonCode::BlockedWord);
        assert!(hits[0].message.contains("name"));
    }

    fn with_author(content: &str, name: Option<&str>, email: Option<&str>, url: Option<&str>) -> Comment {
        CommentDraft {
            content: Some(content.into()),
            author_name: name.map(Into::into),
            author_email: email.map(Into::into),
            author_url: url.map(Into::into),
            ..Default::default()
        }
        .validate(FieldNames::JSON, false)
        .unwrap()
    }

    #[test]
    fn commercial_author_reads_the_name_and_the_domains() {
        let rules = rules_with(PolicySettings::default());
        let cases = [
            (Some("Best CBD Oil"), None, None, Some("name")),
            (Some("Ann"), None, Some("https://cbd-oil-bestdeals.store/"), Some("website's domain")),
            (Some("Personal Loans"), None, None, Some("name")),
            (Some("Car Insurance Quotes"), None, None, Some("name")),
            (Some("Dan"), None, Some("https://compare-insurance.net/"), Some("website's domain")),
            // People, and words that merely contain a keyword.
            (Some("Anna Kowalski"), Some("anna@gmail.com"), Some("https://annakowalski.net"), None),
            (Some("Bettany Shopland"), None, Some("https://essayan.org"), None),
            (Some("George Best"), None, None, None),
            (Some("Judi Dench"), None, None, None),
            (Some("Seo Yeon Kim"), None, None, None),
            // One keyword in a domain: people's own sites and mail providers.
            (Some("Klaus"), Some("klaus@t-online.de"), None, None),
            (Some("Ann Lee"), Some("ann@cheap-essays-fast.org"), Some("https://annlee.online/"), None),
            (Some("Maria"), None, Some("https://maria-knits.shop/"), None),
            (Some("Tom"), None, Some("https://tom-bike-repair.co.uk/"), None),
            // One keyword that names a trade people do not name sites after.
            (Some("Kevin"), None, Some("https://www.replica-watches-uk.co/"), Some("names a trade")),
            (Some("Katya"), None, Some("https://sweet-russian-brides-date.club/"), Some("names a trade")),
            (Some("Jo"), None, Some("https://bestcasino.net/"), Some("names a trade")),
        ];
        for (name, email, url, field) in cases {
            let c = with_author("Great post, thanks for sharing!", name, email, url);
            let hits = rules.check(&c, &Featurizer::default().featurize(&c.model_input()), 0);
            let hit = hits.iter().find(|h| h.code == ReasonCode::CommercialAuthor);
            match field {
                Some(field) => {
                    let hit = hit.unwrap_or_else(|| panic!("{name:?} {email:?} {url:?} not flagged"));
                    assert!(hit.message.contains(field), "{}", hit.message);
                    assert!(hit.weak && hit.action == Action::Hold);
                }
                None => assert!(hit.is_none(), "{name:?} {email:?} {url:?} flagged: {hit:?}"),
            }
        }
        let off = rules_with(PolicySettings { commercial_author: false, ..Default::default() });
        assert!(check(&off, &with_author("x", Some("Cheap Viagra"), None, None), 0).is_empty());
    }

    #[test]
    fn a_site_advertised_by_its_own_comment_is_held() {
        let rules = rules_with(PolicySettings::default());
        let flagged = |text: &str, url: &str| {
            let c = with_author(text, Some("Emily Carter"), None, Some(url));
            let hits = rules.check(&c, &Featurizer::default().featurize(&c.model_input()), 0);
            hits.into_iter().find(|h| h.code == ReasonCode::CommercialAuthor)
        };
        let hit = flagged("An essay writing service got me through my finals.", "https://essaywritingpro.net/")
            .expect("the keyword starts the domain's word");
        assert_eq!(
            hit.message,
            "the author's website's domain and the comment both name the commercial keyword \"essay\""
        );
        assert!(hit.weak);
        assert!(flagged("Plenty of casinos pay out fast.", "https://ukcasinos-list.co.uk/").is_some());
        // The domain alone, the words alone, or a keyword too short to be
        // looked for inside another word: a reader.
        assert!(flagged("Lovely piece about the harbour.", "https://essaywritingpro.net/").is_none());
        assert!(flagged("My essay on this got a B.", "https://mariakowalska.net/").is_none());
        assert!(flagged("Which shop sells that?", "https://bishopsgate-walks.org/").is_none());
        // Generic commerce and the top-level domain are not advertising.
        assert!(flagged("The farm shop in our village closed.", "https://annabishop.com/").is_none());
        assert!(flagged("I shop there weekly.", "https://maria-knits.shop/").is_none());
        assert!(flagged("I read it online first.", "https://tomwrites.online/").is_none());
    }

    #[test]
    fn commercial_author_lists_can_be_extended() {
        let dir = tempfile::tempdir().unwrap();
        let extra = dir.path().join("extra.txt");
        std::fs::write(&extra, "# local spam\nroofers\n").unwrap();
        let rules = rules_with(PolicySettings { commercial_author_words_files: vec![extra], ..Default::default() });
        for name in ["Dallas Roofers", "Keto Gummies"] {
            assert_eq!(check(&rules, &with_author("x", Some(name), None, None), 0), [ReasonCode::CommercialAuthor]);
        }
    }

    #[test]
    fn stock_praise_is_held_only_when_it_brings_a_website() {
        let rules = rules_with(PolicySettings::default());
        let praise = "Great article, very informative. Bookmarked!";
        let site = Some("https://homedecorvista.net/");
        let codes = |c: &Comment| check(&rules, c, 0);
        assert!(codes(&with_author(praise, Some("Jessica Miller"), None, site)).contains(&ReasonCode::PraiseWithLink));
        // A link in the text is a reader's source as often as not.
        assert!(!codes(&comment("Well written. Source: https://example.com/")).contains(&ReasonCode::PraiseWithLink));
        // Without a link it is a reader's compliment.
        assert!(!codes(&with_author(praise, Some("Jessica Miller"), None, None)).contains(&ReasonCode::PraiseWithLink));
        // With a link but no stock phrase, or with words of its own beyond
        // the limit, it is not this rule's business.
        let specific = "The sanctions on Rosneft will not stop the shells crossing the border.";
        assert!(!codes(&with_author(specific, None, None, site)).contains(&ReasonCode::PraiseWithLink));
        let long = format!("{praise} {}", "The ceasefire talks collapsed again last week. ".repeat(12));
        assert!(!codes(&with_author(&long, None, None, site)).contains(&ReasonCode::PraiseWithLink));
        // Whole words only: "very informative" is a phrase, "very
        // uninformative" is not.
        assert!(!codes(&with_author("Very uninformative.", None, None, site)).contains(&ReasonCode::PraiseWithLink));
        let off = rules_with(PolicySettings { praise_with_link: false, ..Default::default() });
        assert!(check(&off, &with_author(praise, None, None, site), 0).is_empty());
    }

    #[test]
    fn praise_of_the_post_in_words_of_its_own_is_held_when_it_brings_a_website() {
        let rules = rules_with(PolicySettings::default());
        let site = Some("https://nordicbabynames.example/");
        let held = |text: &str, url: Option<&str>| {
            check(&rules, &with_author(text, None, None, url), 0).contains(&ReasonCode::PraiseWithLink)
        };
        for flattery in [
            "Your writing style is so easy to follow. I forwarded this to my sister, she'll love it.",
            "Really appreciate posts like this. Keep them coming.",
            "I keep coming back to this post. There's something very calming about how it's written.",
        ] {
            assert!(held(flattery, site), "{flattery}");
            assert!(!held(flattery, None), "{flattery}");
        }
        // Words that real comments use of other things do not point at the
        // post: a wiki's content, someone's Instagram post, the article a
        // news reader discusses.
        for reader in [
            "Thanks, the content of the second section is good now.",
            "Good thing he deleted that post before the election.",
            "Thank you. The article leaves out the rail crossing at Khasan.",
            "Great news: the ceasefire held through the night.",
            "Clearly the writing is on the wall for the coalition.",
            "Good points here, but the sanctions have not worked so far.",
            "I'm glad this topic is finally getting coverage.",
        ] {
            assert!(!held(reader, site), "{reader}");
        }
    }

    #[test]
    fn long_spun_templates_are_held_only_when_made_of_praise() {
        let rules = rules_with(PolicySettings::default());
        let site = Some("https://dentalimplants-costguide.site/");
        let held = |text: &str, url: Option<&str>| {
            check(&rules, &with_author(text, None, None, url), 0).contains(&ReasonCode::PraiseWithLink)
        };
        // Past the short form's limit, as the rule counts words.
        let long = |text: &str| {
            let c = comment(text);
            let features = Featurizer::default().featurize(&c.model_input());
            features.tokens.tokens.iter().filter(|t| t.kind == TokenKind::Word).count() > 50
        };
        for template in [
            "Wow, superb blog layout! How long have you been blogging for? You make blogging look easy. The \
             overall look of your site is fantastic, let alone the content! I actually read through the whole \
             thing twice and then sent it to my sister, she has been dealing with the exact same situation. Keep \
             up the good work, I've added your RSS feed to my reader.",
            "Hi there, I am so happy I found your web site, I really found you by accident while I was searching \
             for something else. Anyhow I am here now and would just like to say thanks a lot for a great post \
             and an all round exciting blog (I also love the theme). I don't have time to read it all at the \
             moment but I have bookmarked it and also added your RSS feeds, so when I have time I will come back.",
        ] {
            assert!(long(template), "{template}");
            assert!(held(template, site), "{template}");
            assert!(!held(template, None), "{template}");
        }
        // Readers who write at length about the post or the site use one or
        // two such phrases among words of their own, or open with praise
        // and go on to the news.
        for reader in [
            "Great post. The sanctions on Rosneft will not stop the shells crossing the border, because the \
             trains through Tumangang carry them whatever the paperwork says, and the inspectors who used to \
             count the wagons were withdrawn in March. Until somebody pays for new inspectors at the crossing, \
             the rules are a letter nobody reads.",
            "I have to disagree with your post on the tram extension. The council's own figures show ridership \
             on line 4 fell by a third after the fare rise, and nothing in the plan fixes that. You quote the \
             mayor's office as if its numbers were settled, but the audit from March says otherwise, which is \
             not what this post says. Good luck getting the council to publish the full report.",
            "Since the redesign your site hides the comments behind a button, and on my phone the button sits \
             under the cookie banner, so I could not reply for a week. The RSS feed also stopped updating on \
             Tuesday; the last item is the piece on the flood barriers. Could whoever runs the page look at both \
             before the election coverage starts? Thanks for looking into it, and for the flood reporting.",
            "I've been blogging since 2009 about the mills in our valley, and your piece on the Hallworth family \
             filled a gap I had never managed to close: the 1911 census entry you found explains why the second \
             mill was sold. I have a photograph of the weaving shed from about 1920 that might interest you. \
             Happy to send you the scan if useful, and to link your post from mine.",
        ] {
            assert!(long(reader), "{reader}");
            assert!(!held(reader, site), "{reader}");
        }
        let off = rules_with(PolicySettings { praise_with_link_long_max_words: 50, ..Default::default() });
        let template = "Wow, superb blog layout! How long have you been blogging for? You make blogging look easy. \
                        The overall look of your site is fantastic, let alone the content! I read through the whole \
                        thing twice and then sent it to my sister, who has been dealing with the same situation. \
                        Keep up the good work, I've added your RSS feed to my reader.";
        assert!(check(&off, &with_author(template, None, None, site), 0).is_empty());
    }

    #[test]
    fn a_pitch_to_the_site_owner_is_held() {
        let rules = rules_with(PolicySettings::default());
        let codes = |text: &str| check(&rules, &comment(text), 0);
        let pitch = "I ran your website through our tool: a low Domain Authority.";
        let c = comment(pitch);
        let hits = rules.check(&c, &Featurizer::default().featurize(&c.model_input()), 0);
        let hit = hits.iter().find(|h| h.code == ReasonCode::OwnerPitch).expect("held");
        assert!(hit.weak);
        assert_eq!(
            hit.message,
            "the comment pitches something to the site's owner (\"domain authority\", \"your website\")"
        );
        assert!(codes("Hello webmaster, we offer a guest post with backlinks.").contains(&ReasonCode::OwnerPitch));
        assert!(codes("Your blog would rank higher with our SEO package.").contains(&ReasonCode::OwnerPitch));
        let outreach = "We made an infographic your readers would love; add it with a credit link?";
        assert!(codes(outreach).contains(&ReasonCode::OwnerPitch));
        // One entry, one entry inside another ("SEO audit"), or only words
        // addressing the owner, are a reader's.
        for reader in [
            "I found this on your site last week and shared it.",
            "Your site, your rules, but the map is wrong.",
            "Google changed how SEO works and small publishers paid for it.",
            "The minister defended the SEO audit.",
            "Since the redesign your website hides the comments from your readers.",
            "The infographic on casualties is misleading.",
            "I moved my pension portfolio to a broker with a flat fee.",
        ] {
            assert!(!codes(reader).contains(&ReasonCode::OwnerPitch), "{reader}");
        }
        let off = rules_with(PolicySettings { owner_pitch: false, ..Default::default() });
        assert!(!check(&off, &c, 0).contains(&ReasonCode::OwnerPitch));
    }

    #[test]
    fn a_payload_is_anywhere_a_reader_could_be_sent() {
        let rules = rules_with(PolicySettings::default());
        let payload = |c: &Comment| rules.carries_payload(c, &Featurizer::default().featurize(&c.model_input()));
        for text in [
            "more at https://pills.example/",
            "write to sales@pills.example",
            "call +44 7700 900417",
            "Join Telegram @GoldSignals_VIP",
            "rx-bestprice(dot)com",
            "WhatsApp me",
            "order from www . kamagra-shop . top",
            "google quick-loans .net and apply",
            "Subscribe to my channel for more!",
        ] {
            assert!(payload(&comment(text)), "{text}");
        }
        // A pitch to the site's owner is answered by e-mail: the e-mail
        // field is its payload.
        let pitch = "Hello webmaster, we would love to publish a guest post on your blog.";
        assert!(payload(&with_author(pitch, None, Some("outreach@links.example"), None)));
        assert!(!payload(&comment(pitch)));
        // Prose with a dot beside a space is not an address.
        for text in [
            "I told him so. Net migration fell anyway.",
            "This is the .com bubble all over again.",
            "Microsoft bet everything on .NET back then.",
            "The deal is off . Top officials confirmed it.",
        ] {
            assert!(!payload(&comment(text)), "{text}");
        }
        // Readers address the owner too: only pitch words count.
        assert!(!payload(&with_author(
            "Thanks, I've followed your blog for years.",
            None,
            Some("ann@example.com"),
            None
        )));
        // A website that looks like an advertiser's is a payload; a
        // reader's own site is not.
        for site in [
            "https://best-pills.example/",
            "https://pills24.example/",
            "https://casino.example/",
            "https://cheapjerseys.example/",
            "https://bestcasino.example/",
            "http://10.0.0.7/",
        ] {
            assert!(payload(&with_author("Nice.", None, None, Some(site))), "{site}");
        }
        for site in [
            "https://ann.example/",
            "https://www.mariakowalska.net/blog",
            "https://xn--mller-kva.de/",
            "https://xn--80ak6aa92e.com/",
        ] {
            assert!(!payload(&with_author("Nice.", None, None, Some(site))), "{site}");
        }
        // The keywords count even with the commercial-author rule off.
        let off = rules_with(PolicySettings { commercial_author: false, ..Default::default() });
        let c = with_author("Nice.", None, None, Some("https://cheapjerseys.example/"));
        assert!(off.carries_payload(&c, &Featurizer::default().featurize(&c.model_input())));
        for text in ["Frozen central bank assets are around $300 billion.", "The telegraph wires were cut."] {
            assert!(!payload(&comment(text)), "{text}");
        }
        // The e-mail field is not a payload: WordPress never publishes it.
        assert!(!payload(&with_author("Nice.", None, Some("ann@example.com"), None)));
        // A site audit offered to the owner is a pitch too.
        let audit = "I ran your site through our tool: missing meta descriptions and a low domain authority.";
        assert!(payload(&with_author(audit, None, Some("nathan@audits.example"), None)));
    }

    #[test]
    fn a_group_named_near_hostile_words_is_held() {
        let rules = rules_with(PolicySettings::default());
        let c = comment("Immigrants stink up the whole street with their cooking. Send them home.");
        let hits = rules.check(&c, &Featurizer::default().featurize(&c.model_input()), 0);
        let hit = hits.iter().find(|h| h.code == ReasonCode::IdentityAttack).expect("held");
        assert_eq!(hit.action, Action::Hold);
        // Trust must not launder hate: the hold is not weak.
        assert!(!hit.weak);
        assert!(hit.message.contains("(\"immigrants\") near hostile words (\"stink\")"), "{}", hit.message);
        // Disguised words are read like any others.
        let codes = |text: &str| check(&rules, &comment(text), 0);
        assert!(codes("MUSLIMS are v3rmin").contains(&ReasonCode::IdentityAttack));
        // Either half alone is everyday news talk, and so are words that
        // describe things as well as people.
        for civil in [
            "Send them home: the ceasefire was signed on Tuesday and the prisoners are waiting.",
            "Immigrants opened three bakeries on our street this year.",
            "The refugees were treated like animals at the border, and the guards should answer for it.",
            "Putin's generals are rats leaving a sinking ship.",
            "Malaria parasites still kill hundreds of thousands of children every year.",
            "The EU coastguard let them drown: 600 migrants died off Pylos.",
            "Prisons are a breeding ground for radicalising young men.",
            "Knife crime is a plague among teenagers in this city.",
            "A savage attack on an elderly woman in broad daylight.",
            "Refugee families are living in filthy, rat-infested tents.",
            "Those idiots in the White House never learn.",
            "Thugs beat up a Jewish student outside the library.",
            "The Black Sea fleet ran like rats from Sevastopol.",
            // Someone's own people are not the group.
            "'Shoot them all,' the general reportedly told his men.",
            "Ukrainians face Sweden tonight and it's win or go home.",
        ] {
            assert!(!codes(civil).contains(&ReasonCode::IdentityAttack), "{civil}");
        }
        assert!(codes("Protect our women from them, shoot them all.").contains(&ReasonCode::IdentityAttack));
        // Close together only: the window counts tokens from the hostile
        // phrase's first word, both ways.
        let at_distance = |n: usize| format!("Ukrainians {}vermin", "word ".repeat(n - 1));
        assert!(codes(&at_distance(15)).contains(&ReasonCode::IdentityAttack));
        assert!(!codes(&at_distance(16)).contains(&ReasonCode::IdentityAttack));
        let wide = rules_with(PolicySettings { identity_attack_window: 16, ..Default::default() });
        assert_eq!(check(&wide, &comment(&at_distance(16)), 0), [ReasonCode::IdentityAttack]);
        assert!(codes("vermin, every one of them, those Ukrainians").contains(&ReasonCode::IdentityAttack));
        // Generalisation and insinuation are hostile near a group's name.
        for hostile in [
            "Nigerians are scammers, it's the national sport over there.",
            "Funny how Jewish families own the banks. Just noticing patterns.",
            "Roma? They all look the same, lock your car.",
            "Lock your doors, the Albanians have moved in next door.",
            "Migrants again. Sink the boats.",
            "Half these latinos can't speak English after 20 years here. Learn the language or go home.",
        ] {
            assert!(codes(hostile).contains(&ReasonCode::IdentityAttack), "{hostile}");
        }
        let off = rules_with(PolicySettings { identity_attack: false, ..Default::default() });
        assert!(check(&off, &c, 0).is_empty());
    }

    /// Asserts that `text` is held by `identity_attack`, not weakly (a
    /// trusted author is held too), with `message`.
    fn assert_strong_identity_hold(rules: &Rules, text: &str, message: &str) {
        let c = comment(text);
        let hits = rules.check(&c, &Featurizer::default().featurize(&c.model_input()), 0);
        let hit = hits.iter().find(|h| h.code == ReasonCode::IdentityAttack).expect(text);
        assert!(!hit.weak, "{text}");
        assert_eq!(hit.message, message);
    }

    #[test]
    fn a_generic_statement_that_a_group_is_contemptible_is_held() {
        let rules = rules_with(PolicySettings::default());
        assert_strong_identity_hold(
            &rules,
            "Honestly, asylum seekers are nothing but liars.",
            "the comment says that a group (\"asylum seekers\") are \"liars\"",
        );
        let codes = |text: &str| check(&rules, &comment(text), 0);
        for hateful in [
            "Muslims are a cancer on Europe.",
            "Millennials are all entitled snowflakes.",
            "Teenagers today are feral little thugs.",
            "Gypsies r a bunch of thieves",
            "Those Nigerians were basically frauds, all of them.",
            "Trans people are mentally ill.",
            // A describing word right before the trait, collective nouns.
            "Millennials are a generation of spineless whiners.",
            "Russians are a nation of drunks and serfs.",
            "Gay men are boring breeders.",
            "Straight people are boring breeders with nothing interesting to say.",
            // An adjective trait before a noun is no compound.
            "Bisexuals are just greedy cheaters who can't commit.",
            // The writer's own tag question.
            "Muslims are liars, aren't they?",
            // Pests, disease, a people at war called orcs.
            "Chinese people are disease spreaders.",
            "Russians are orcs, every last one.",
            "Roma are locusts, they strip a town bare.",
        ] {
            assert!(codes(hateful).contains(&ReasonCode::IdentityAttack), "{hateful}");
        }
        // The construction, not the words: a negation, a group's name as a
        // modifier, a trait that is not what the group is said to be.
        for civil in [
            "Muslims are not terrorists, and saying so is lazy.",
            "Iranian terrorists attacked the embassy.",
            "Refugees are fleeing criminals and warlords.",
            "Ukrainians are victims of a war of aggression.",
            "Russians are dying in a war their president chose.",
            "Calling refugees liars is cruel.",
            // Denied or reported just before the name.
            "Not all Muslims are terrorists.",
            "It's a myth that immigrants are criminals.",
            "The minister claims refugees are liars; the figures say otherwise.",
            // Particular people, an idiom, another sentence, another reading.
            "The two men were violent and drunk, witnesses said.",
            "The two Russians were frauds, the court found.",
            "Canadians are sick of the carbon tax.",
            "I asked two Germans. Are criminals ever deported there?",
            "Russians are the invaders here, not Ukrainians.",
            // The word before the trait is no contemptuous description:
            // it counts, compares, makes the trait a verb's object or a
            // compound's modifier, or stands in another clause.
            "Immigrants are rarely criminals.",
            "Migrants are less violent than the locals.",
            "Immigrants are labelled criminals by the tabloids.",
            "Ukrainians are fighting invaders, not fleeing them.",
            "Kurds are fierce enemies of Islamist extremists.",
            "Canadians are hockey fanatics.",
            "Some Israelis are religious extremists, and so are some Palestinians.",
            "Kazakhs are sheep herders, mostly.",
            "Germans are waste recyclers of genius.",
            "Ukrainians are resilient, invaders will be driven out.",
            // Believed by others, or put back as a question.
            "The Victorians believed the Irish were uncivilised.",
            "So gay men are predators now? Which decade is this?",
        ] {
            assert!(!codes(civil).contains(&ReasonCode::IdentityAttack), "{civil}");
        }
        let dir = tempfile::tempdir().unwrap();
        let traits = dir.path().join("traits.txt");
        std::fs::write(&traits, "# ours\nleek munchers\n").unwrap();
        let text = "The Welsh are leek munchers.";
        assert!(codes(text).is_empty());
        let extended = rules_with(PolicySettings { identity_attack_traits_files: vec![traits], ..Default::default() });
        assert_eq!(check(&extended, &comment(text), 0), [ReasonCode::IdentityAttack]);
    }

    #[test]
    fn a_generic_claim_of_what_a_group_does_is_held() {
        let rules = rules_with(PolicySettings::default());
        assert_strong_identity_hold(
            &rules,
            "Arabs only understand force. Talking to them is a waste of time.",
            "the comment claims of a whole group (\"arabs\") that they \"only understand force\"",
        );
        let codes = |text: &str| check(&rules, &comment(text), 0);
        for hateful in [
            "Women belong in the kitchen, not in parliament.",
            "Honestly, the Chinese look the same to me.",
            "Immigrants breed like there is no tomorrow.",
            "Atheists have no morals, full stop.",
            "Jews always play the victim.",
            "Trust me. Nigerians scam everyone they meet.",
            "The Jews run Hollywood and the banks.",
        ] {
            assert!(codes(hateful).contains(&ReasonCode::IdentityAttack), "{hateful}");
        }
        // The same guards as the traits: people who are not a whole group,
        // a negation, a denial, a report or a quotation before the name, a
        // sentence end in between.
        for civil in [
            "Russian soldiers rape and loot, and the courts must try them.",
            "Muslims don't steal any more than anyone else.",
            "Not all migrants bring crime, whatever the tabloids say.",
            "It's a myth that refugees take our jobs.",
            "The line \"the Jews control the media\" is a century-old lie.",
            "I met three Nigerians. Scam calls are a global business.",
            "The two women belong in the kitchen of the restaurant they founded.",
            // A group's word as a modifier, or not a plural noun.
            "Chinese scam centres in Myanmar hold thousands of trafficked workers.",
            "The Shiba Inu is a Japanese breed.",
            // The group is not the subject of its clause.
            "Anyone who attacks Jews should face the courts.",
            "Antisemites have always insisted Jews control the banks. It is nonsense.",
            "Thousands of Afghans want to take over their own land again.",
            // Quoted, in single quotes too.
            "The line 'the Jews control the media' is a century-old lie.",
            // "The same as": a comparison with others.
            "Ukrainians look the same as Russians to a drone operator.",
            "Muslims look the same as everyone else at the airport.",
            "Koreans all look the same as the rest of us on a thermal camera.",
        ] {
            assert!(!codes(civil).contains(&ReasonCode::IdentityAttack), "{civil}");
        }
        let dir = tempfile::tempdir().unwrap();
        let claims = dir.path().join("claims.txt");
        std::fs::write(&claims, "eat leeks\n").unwrap();
        let text = "The Welsh eat leeks with everything.";
        assert!(codes(text).is_empty());
        let extended = rules_with(PolicySettings { identity_attack_claims_files: vec![claims], ..Default::default() });
        assert_eq!(check(&extended, &comment(text), 0), [ReasonCode::IdentityAttack]);
    }

    #[test]
    fn a_call_to_exclude_a_group_of_faith_ethnicity_gender_orientation_or_disability_is_held() {
        let rules = rules_with(PolicySettings::default());
        assert_strong_identity_hold(
            &rules,
            "Muslims shouldn't be allowed to build mosques here.",
            "the comment calls for a whole group (\"muslims\") to be excluded (\"shouldnt be allowed\")",
        );
        let codes = |text: &str| check(&rules, &comment(text), 0);
        for hateful in [
            // A group word that is also a subject filler after another
            // ("Muslim women"), alone.
            "Women shouldn't be allowed to vote. Things were better before.",
            // A group phrase before a person noun.
            "Mentally ill people should be locked up, not left to wander around.",
            "Gay couples should never be allowed to adopt.",
            "Autistic people have no business becoming parents.",
            "Arabs shouldn't be allowed to buy property here.",
            "Gays shouldn't be allowed to be teachers.",
            "Muslims shouldn't be allowed to be elected to parliament.",
            // A group phrase that runs into the fillers.
            "Black people shouldn't be allowed to vote.",
            // A group word in the sentence before is not the subject.
            "My sister is gay. Women shouldn't be allowed to vote anyway.",
            // The writer's own opinion is no report.
            "I think women have no business voting.",
            "Honestly I think Sikhs should be barred from the police.",
        ] {
            assert!(codes(hateful).contains(&ReasonCode::IdentityAttack), "{hateful}");
        }
        for civil in [
            // Nationalities, migrants and age groups: policy talk.
            "Russians should be banned from Wimbledon while the war goes on.",
            "Asylum seekers should not be allowed to work, says the Home Office.",
            "Teenagers should be banned from social media until they are 16.",
            // The group protected, not excluded.
            "Disabled people shouldn't be allowed to fall through the cracks like this.",
            "Disabled people shouldn't be allowed to just fall through the cracks like this.",
            "Autistic children shouldn't be allowed to wait three years for a diagnosis.",
            "Women shouldn't be allowed to be paid less than men for the same job.",
            "Mentally ill people should be locked up less and treated more.",
            // Advice, not exclusion.
            "Catholics shouldn't vote for a candidate who backs assisted dying.",
            // A question put back, a report after the call.
            "So Catholics should be barred from public office now? What century is this?",
            "Women shouldn't be allowed to drive, said Saudi law until 2018.",
            "Gays shouldn't be allowed to marry was the official line in 1988.",
            // Someone else's opinion, or the writer's denied.
            "Some people think Muslims shouldn't be allowed to build mosques.",
            "I don't think Muslims should be barred from anything.",
            // The group addressed, before a comma, is not the subject.
            "Muslims, people shouldn't be allowed to abuse you on the street for your faith.",
            // Not on the list: an inclusion, "have no business" before no right.
            "Women should be allowed to become priests.",
            "Men have no business telling women what to do with their bodies.",
            // A report introduced before a colon.
            "The leaflet's message: Muslims shouldn't be allowed to build mosques.",
            // Reported, denied or quoted.
            "The councillor said Muslims shouldn't be allowed to build mosques; he should resign.",
            "Not all Catholics should be barred from anything, obviously.",
            "The sign read 'Jews should be banned' and the police did nothing.",
            // Particular people.
            "The two women should be barred from the club for what they did.",
        ] {
            assert!(!codes(civil).contains(&ReasonCode::IdentityAttack), "{civil}");
        }
        let dir = tempfile::tempdir().unwrap();
        let exclusions = dir.path().join("exclusions.txt");
        std::fs::write(&exclusions, "should be kept off juries\n").unwrap();
        let text = "Atheists should be kept off juries.";
        assert!(codes(text).is_empty());
        let extended =
            rules_with(PolicySettings { identity_attack_exclusions_files: vec![exclusions], ..Default::default() });
        assert_eq!(check(&extended, &comment(text), 0), [ReasonCode::IdentityAttack]);
    }

    #[test]
    fn the_subject_of_a_generic_statement_is_read_in_its_own_clause() {
        let rules = rules_with(PolicySettings::default());
        let codes = |text: &str| check(&rules, &comment(text), 0);
        for hateful in [
            "He is Jewish. Women are liars.",
            "Those Muslim women are all liars.",
            "These gay men are perverts.",
            "Gay men spread diseases.",
            "Black people only understand force.",
        ] {
            assert!(codes(hateful).contains(&ReasonCode::IdentityAttack), "{hateful}");
        }
        // A claim reported after it, in its sentence.
        assert!(!codes("Indian students take our jobs, say the protesters.").contains(&ReasonCode::IdentityAttack));
    }

    #[test]
    fn a_sweeping_generalization_about_a_group_is_held() {
        let rules = rules_with(PolicySettings::default());
        assert_strong_identity_hold(
            &rules,
            "Albanians on building sites? Layabouts, the lot of them.",
            "the comment sweeps a whole group (\"albanians\") into one (\"the lot of them\")",
        );
        let codes = |text: &str| check(&rules, &comment(text), 0);
        for hateful in [
            "Romanians moved in down the road. They're all the same.",
            "Serbs? Hypocrites, every last one of them.",
            // One person named between the group and the sweep.
            "Catholics bow down to statues and a man in a dress. Idolaters, the lot of them.",
            "Muslims treat their women like property. Barbarians, the lot of them.",
            "Gypsies robbed my Polish neighbour. Thieves, every last one of them.",
            "Typical Pole, fixes your boiler and drinks your vodka.",
            "Typical female logic: blame the map.",
            "Typical asylum seekers, always complaining.",
            // A neutral sweep after a trait that is its whole sentence.
            "Jehovah's Witnesses would let their kids die first. Child abusers, every one of them.",
            "Afghans again. Spineless cowards, all of them!",
        ] {
            assert!(codes(hateful).contains(&ReasonCode::IdentityAttack), "{hateful}");
        }
        for civil in [
            // Denied; counted people, as a report names them.
            "Not all of them, but many Russians still back the war.",
            "Twelve migrants drowned off Lampedusa, all of them from Eritrea.",
            "Thousands of Afghans fled; every one of them deserves a hearing.",
            // Not people; "typical" describing one person, or a thing.
            "The Christianity tag and the Islam tag: I merged all of them.",
            "After two generations he is hardly a typical Albanian.",
            "Typical Russian propaganda, nothing new in it.",
            // A sweep with no group named before it, or a group's word used
            // for something else.
            "The ministers lied, the lot of them.",
            "Russian generals lied again, sack the lot of them.",
            "Never trust a Chinese statistic, they are all the same.",
            // A nearer group word that is no whole group is the one swept.
            "Ukrainians say the Russian conscripts are clueless. They're all the same.",
            // "Typical" not right before the name; a hyphen inside a word.
            "Typical. Ukrainians, meanwhile, keep fighting.",
            "Kharkiv is a big city, typical Russian-speaking and proudly Ukrainian.",
            // Words that sweep without contempt are not on the list.
            "Ukrainians have suffered enough, every one of them deserves peace.",
            "Polish truckers at the border: they are all stuck for days.",
            "Ukrainian medics at the front. Heroes, every one of them.",
            // The trait is not its sentence's whole.
            "Sikhs fed the protesters who called them terrorists, all of them.",
        ] {
            assert!(!codes(civil).contains(&ReasonCode::IdentityAttack), "{civil}");
        }
        let dir = tempfile::tempdir().unwrap();
        let sweeps = dir.path().join("sweeps.txt");
        std::fs::write(&sweeps, "the whole bunch\n").unwrap();
        let text = "Lithuanians cheer for anyone but us, the whole bunch.";
        assert!(!codes(text).contains(&ReasonCode::IdentityAttack));
        let extended = rules_with(PolicySettings { identity_attack_sweeps_files: vec![sweeps], ..Default::default() });
        assert!(check(&extended, &comment(text), 0).contains(&ReasonCode::IdentityAttack));
    }

    #[test]
    fn a_slur_for_a_group_is_held_whatever_it_is_spelt_like() {
        let rules = rules_with(PolicySettings::default());
        assert_strong_identity_hold(
            &rules,
            "The estate is full of gyppos now.",
            "the comment calls a group by a slur (\"gyppos\")",
        );
        for hateful in [
            "send the ch*nks home",
            "Deafies want subtitles on everything now",
            "W E T B A C K S",
            "Muzrats out of Europe.",
            "Gooks can't drive.",
            "Pajeets everywhere in this town now.",
        ] {
            assert!(check(&rules, &comment(hateful), 0).contains(&ReasonCode::IdentityAttack), "{hateful}");
        }
        for civil in [
            "The first chink in the armour of the regime came in 2019.",
            "Sanctions cripple the economy, not the generals.",
            "There is a chink of light in the peace talks.",
            "The barracks were left spic and span.",
            "Faggots and peas at the pub, then the match.",
            "Doo-wop records and sauerkraut at the fair.",
            // Names and titles that share a slur's letters.
            "Hymie Weiss ran the North Side gang before Capone had him killed.",
            "Kinky Friedman and the Texas Jewboys played Austin in 1973.",
            "Spearchucker Jones was dropped from the TV version of MASH.",
            "The wogs begin at Calais, as my grandfather used to say, and he was joking.",
        ] {
            assert!(!check(&rules, &comment(civil), 0).contains(&ReasonCode::IdentityAttack), "{civil}");
        }
        let dir = tempfile::tempdir().unwrap();
        let slurs = dir.path().join("slurs.txt");
        std::fs::write(&slurs, "# ours\nblorks\n").unwrap();
        let text = "Blorks everywhere on the tram.";
        assert!(check(&rules, &comment(text), 0).is_empty());
        let extended = rules_with(PolicySettings { identity_attack_slurs_files: vec![slurs], ..Default::default() });
        assert_eq!(check(&extended, &comment(text), 0), [ReasonCode::IdentityAttack]);
    }

    #[test]
    fn the_antisemitic_echo_is_held() {
        let rules = rules_with(PolicySettings::default());
        assert_strong_identity_hold(
            &rules,
            "Funny how the same (((people))) own the banks, the papers and Hollywood.",
            "the comment marks people as Jews with the antisemitic echo (\"(((people)))\")",
        );
        for hateful in ["Guess who funds it. (((Soros))) of course.", "((( the globalists ))) again"] {
            assert!(check(&rules, &comment(hateful), 0).contains(&ReasonCode::IdentityAttack), "{hateful}");
        }
        for civil in [
            "The formula is f(g(h(x))) and nothing more.",
            "Nested brackets (((a + b) * c) - d) confuse readers.",
            "He said (((x))) in the code review.",
            "Loved it :))) thanks (((hugs for the team",
        ] {
            assert!(!check(&rules, &comment(civil), 0).contains(&ReasonCode::IdentityAttack), "{civil}");
        }
    }

    #[test]
    fn praise_of_hitlers_genocide_and_holocaust_denial_are_held() {
        let rules = rules_with(PolicySettings::default());
        assert_strong_identity_hold(
            &rules,
            "Hitler left the job unfinished. Look at who runs the banks.",
            "the comment praises a genocide or massacre, denies the Holocaust, or repeats a coded slogan of hate (\"hitler left the job unfinished\")",
        );
        for hateful in [
            "Hitler did nothing wrong.",
            "The holohoax again, give it a rest.",
            "Wake up, the Holocaust was a hoax.",
            "6 million wasn't enough.",
            "The holocaust is the biggest lie in history.",
            "Hitler should've finished the job.",
            "Holo-hoax, look it up.",
            "Hitler was right about the Jews.",
            // Carried on about "them", or asked only by the writer's own tag.
            "Hitler had the right idea about them.",
            "Hitler was right, wasn't he?",
            "Hitler was right, right?",
            // Its names repeated as a call, denial by scare quotes or
            // "exaggerated", the "only mistake".
            "Time to bring back the final solution.",
            "Time for a new Kristallnacht, these people need a reminder.",
            "The so-called Holocaust is the most profitable lie in history.",
            "The Holocaust was exaggerated and they have milked it ever since.",
            "Hitler's only mistake was not finishing the job.",
            "Hitler had the right idea about these people.",
            // The massacres of minorities praised.
            "Someone should finish what Breivik started.",
            "The Christchurch shooter had the right idea.",
            "Hitler wasn't wrong, was he?",
            "Adolf had the right idea about them.",
            // A place word goes on from "right" only.
            "Hitler did nothing wrong at all.",
            "Breivik had the right idea there.",
            // Coded slogans.
            "1488 brothers, the day of the rope is coming.",
            "Remove kebab from Europe.",
            "Time to remove kebab, brothers.",
            "Ah yes, the religion of pieces strikes again.",
            "The great replacement is real and this paper is part of it.",
            "White genocide is happening in plain sight.",
            "Another oven dodger whining about his grandparents again.",
            "The Khazarian mafia owns this paper.",
            "The Zionists control the media and the banks.",
            "Z.O.G. runs this country, wake up.",
            // Words of a report elsewhere in the sentence do not excuse it.
            "Watch this video, the Zionists control the media.",
            "Check my posts, the Zionists own the banks.",
            "The holocaust never happened, I heard it from a historian.",
            "Remove kebab from Sweden.",
            "The great replacement is real to me.",
            "The great replacement is coming to Europe.",
            "Zionists control the media is the plain truth.",
            "Wake up, the Rothschilds own the banks and the politicians.",
        ] {
            assert!(check(&rules, &comment(hateful), 0).contains(&ReasonCode::IdentityAttack), "{hateful}");
        }
        for civil in [
            "The myth that the Holocaust never happened is spread by cranks.",
            "Holocaust deniers say the Holocaust was a hoax; the archives say otherwise.",
            "Hitler was right? Nobody sane believes that.",
            "The UN was founded to make sure a Holocaust never happened again.",
            "Putin rewrites history the way Hitler did, and the Holocaust museum says so.",
            // Reported, quoted, or carried on into something else.
            "In Denmark the Holocaust never happened on the same scale.",
            "\"Hitler was right\" graffiti was found on a synagogue in Berlin, police said.",
            "The term holohoax is listed by the ADL as an antisemitic slur.",
            "My aunt's neighbours insisted the Holocaust was a lie until they saw the newsreels.",
            "Six million wasn't enough for the Nazis, who planned to kill far more.",
            "Stalin was wrong and Hitler was right about Soviet unpreparedness.",
            "Hitler was right about the weather in Russia, wasn't he? It beat him too.",
            "Was Hitler right? No.",
            "The Final Solution was decided at Wannsee in January 1942.",
            "Kristallnacht was the night of 9 November 1938.",
            "Hitler's only mistake was invading Russia in winter, not the war itself.",
            "Hitler's only mistake was invading Russia? He made hundreds.",
            "Deniers claim the Holocaust was exaggerated; the records prove them wrong.",
            "Breivik was sentenced to 21 years, and the court said he was sane.",
            "Tarrant was right wing, like Breivik before him.",
            "Hitler was right-wing, wasn't he?",
            "Hitler was right-handed, wasn't he?",
            "Hitler was right next to Mussolini in that photo, wasn't he?",
            "Hitler was right behind them in the photo.",
            "Hitler was right, was he? Nobody serious says so.",
            "The so-called Holocaust survivor was exposed as a fraud by his own family.",
            "The so-called Holocaust industry, as Finkelstein put it, is a contested book.",
            "Hitler was right wing, whatever his party called itself.",
            // The conspiracies named, believed or reported, not asserted;
            // the slogans in a novel, a manifesto or a meme explained.
            "The great replacement theory inspired the Buffalo shooter.",
            "Conspiracy theorists believe the great replacement is happening.",
            "Is the great replacement real? No, it is a racist fantasy.",
            "The Turner Diaries, the novel that ends with the day of the rope, inspired the Oklahoma City bomber.",
            "The shooter's manifesto called for a day of the rope.",
            "Remove kebab began as a meme about a Serbian war song.",
            "The Khazars were a Turkic people whose rulers converted to Judaism.",
            "Poo in the loo was India's sanitation campaign slogan.",
            "Zionists founded Tel Aviv in 1909.",
            // Zog is also a king of Albania and a children's dragon.
            "King Zog ruled Albania until the Italian invasion of 1939.",
            "My daughter got a Zog puppet for her birthday.",
            "Zog runs to the castle and meets Princess Pearl.",
            // The slogans' words in their ordinary senses, and the
            // slogans in a song, a chant or a campaign.
            "Booked the day of the rope access course for Saturday.",
            "The council voted to remove kebab vans from the high street.",
            "Serb soldiers were filmed chanting remove kebab in 1993.",
            "The remove kebab video still circulates among gamers.",
            "Remove kebab from my diet? Never.",
            "Koestler argued that many Ashkenazim descend from the Khazarian empire.",
            "Jews run Hollywood is an old canard.",
            "I am tired of hearing white genocide is real from my uncle.",
            "ZOG stands for Zionist occupied government, a neo-Nazi staple.",
            "The second you write zionists control the banks you have joined a very ugly club.",
            "The Rothschilds own the world famous Chateau Lafite.",
            "The myth that the Rothschilds control the world is two centuries old.",
        ] {
            assert!(!check(&rules, &comment(civil), 0).contains(&ReasonCode::IdentityAttack), "{civil}");
        }
        let tropes = std::env::temp_dir().join(format!("tropes-{}.txt", std::process::id()));
        std::fs::write(&tropes, "the blorks are coming\n").unwrap();
        let extended = rules_with(PolicySettings { identity_attack_tropes_files: vec![tropes], ..Default::default() });
        assert!(check(&extended, &comment("The blorks are coming."), 0).contains(&ReasonCode::IdentityAttack));
    }

    #[test]
    fn every_one_of_a_group_said_to_be_a_trait_is_held() {
        let rules = rules_with(PolicySettings::default());
        assert_strong_identity_hold(
            &rules,
            "Every Iranian I've met was either a liar or a terrorist in waiting.",
            "the comment says that every one of a group (\"iranian\") is \"liar\"",
        );
        for hateful in [
            "Every Muslim is a terrorist.",
            "Every single Jew is a parasite.",
            "Every Mexican I've seen at the border was either a drug mule or a thief.",
            "Every Nigerian I have ever dealt with was a scammer.",
            "Every gay man I know is a pervert, sorry.",
            "Every Roma kid is a thief and a pickpocket.",
            "Every Pakistani is a filthy cockroach.",
            // A trait that is also a filler, a second noun, a hedge, a second
            // group word, the reader's experience, a singular "illegal".
            "Every African is lazy.",
            "Every Chinese is a spy and a liar.",
            "Every Arab is a potential terrorist.",
            "Every Ukrainian refugee is a scrounger.",
            "Every Mexican you see is a criminal.",
            "Every illegal is a criminal.",
            // Each one of the plural.
            "Every last one of those immigrants is a rapist.",
            "Each one of these Muslims is a terrorist.",
            "Every single one of them illegals is a thief.",
        ] {
            assert!(check(&rules, &comment(hateful), 0).contains(&ReasonCode::IdentityAttack), "{hateful}");
        }
        for civil in [
            // Soldiers and voters are no identity group.
            "Every Russian soldier who shelled Bucha is a criminal.",
            "Every American who voted for him is an idiot.",
            // Denied, asked, or not a trait.
            "Not every Muslim is a terrorist.",
            "Every Muslim I know is a terrorist? Come on.",
            "Every Pole I've met was a dog lover.",
            "Every Russian I've met was a brilliant engineer.",
            "Every Korean I worked with was kind, none was a liar.",
            "Every Russian I've met was a brilliant engineer and a lovely host.",
            "Every illegal strike is a crime under the 1992 act.",
            "Not every one of those Muslims is a terrorist.",
            "Every one of these Ukrainian refugees I met was exhausted.",
        ] {
            assert!(!check(&rules, &comment(civil), 0).contains(&ReasonCode::IdentityAttack), "{civil}");
        }
    }

    #[test]
    fn an_equals_sign_is_read_as_are_in_a_slogan() {
        let rules = rules_with(PolicySettings::default());
        assert_strong_identity_hold(
            &rules,
            "Mentally ill = dangerous. Anyone who says otherwise hasn't lived next to one.",
            "the comment says that a group (\"mentally ill\") are \"dangerous\"",
        );
        assert!(check(&rules, &comment("Illegals = criminals, period."), 0).contains(&ReasonCode::IdentityAttack));
        // A group equated with a crime or a plague.
        assert_strong_identity_hold(
            &rules,
            "Immigrants = crime. Simple as that.",
            "the comment equates a group (\"immigrants\") with \"crime\"",
        );
        for hateful in [
            "Muslims = terrorism and rape",
            "Ukrainians = Nazis, always have been.",
            "Immigrants equal crime.",
            "Muslims == terrorism",
            "Illegals == criminals",
        ] {
            assert!(check(&rules, &comment(hateful), 0).contains(&ReasonCode::IdentityAttack), "{hateful}");
        }
        for civil in [
            "Refugees = criminals? No, and the figures show it.",
            "Sanctions = war, says the Kremlin.",
            "x = 2",
            "More immigrants = more crime? The statistics say otherwise.",
            "More immigrants = more crime is the oldest lie in politics.",
            "Refugees = crime? The police data say no.",
            "Sanctions = death for the poorest Koreans.",
            "Germans = Nazis? Not since 1945.",
            "Immigrants equal rights campaigners in number now.",
            "More immigrants equals more crime? The data say no.",
        ] {
            assert!(!check(&rules, &comment(civil), 0).contains(&ReasonCode::IdentityAttack), "{civil}");
        }
    }

    #[test]
    fn singular_traits_are_made_from_the_plural_list() {
        let traits = WordList::from_entries(["liars", "thieves", "cockroaches", "dangerous", "virus", "drug mules"]);
        let singular = singular_traits(&traits);
        let mut entries: Vec<&str> = singular.entries().collect();
        entries.sort_unstable();
        assert_eq!(
            entries,
            [
                "cockroach",
                "cockroaches",
                "dangerous",
                "drug mule",
                "drug mules",
                "liar",
                "liars",
                "thief",
                "thieves",
                "virus"
            ]
        );
    }

    #[test]
    fn links_that_hide_where_they_go_are_held() {
        let rules = rules_with(PolicySettings::default());
        for (text, how) in [
            ("Great read, more on this here: https://bit.ly/3abcDEF", "a link through a URL shortener"),
            ("see tinyurl.com/y7kq2 for the whole story", "a link through a URL shortener"),
            ("get your essay done at essay-masters24 . net today", "an address written with a space before its dot"),
            ("best odds on quick-bets .top", "an address written with a space before its dot"),
            ("doubled my savings at quantum-aiprofit . trade", "an address written with a space before its dot"),
            (
                "m e e t   l o c a l   g i r l s   t o n i g h t   \u{2192}   d a t e - n o w 2 4 . f u n",
                "an address spelt out one character at a time",
            ),
            (
                "c h e a p   p i l l s   a t   w w w . p i l l s 4 u . c o m",
                "an address spelt out one character at a time",
            ),
            // A full stop after it, a dot before it, brackets around it, a
            // top-level domain written as a word.
            ("Go to d a t e - n o w 2 4 . f u n. Now!", "an address spelt out one character at a time"),
            ("hot singles at . d a t e n o w . c o m", "an address spelt out one character at a time"),
            ("(w w w . d a t e n o w . c o m)", "an address spelt out one character at a time"),
            ("meet them at d a t e - n o w 2 4 . fun tonight", "an address spelt out one character at a time"),
        ] {
            let c = comment(text);
            let hits = rules.check(&c, &Featurizer::default().featurize(&c.model_input()), 0);
            let hit = hits.iter().find(|h| h.code == ReasonCode::HiddenLink).expect(text);
            assert!(hit.weak && hit.message.starts_with(&format!("the comment contains {how}")), "{text}");
        }
        for civil in [
            "The full report is at https://www.bbc.co.uk/news/world-asia-66783412",
            "It was the post-war. Trade resumed within a year.",
            "The anti-war . pro-Kremlin split is real.",
            "Remember the .com bubble? This is that again.",
            // A number, or a capitalized word after a sentence's end.
            "In 2022 . Today we see the result.",
            "The vote was 52-48 . today it would go the other way.",
            "It was the 1990s . Live coverage was everywhere.",
            "The F-16 . Pro tip: read the manual first.",
            // Initials, versions, lists and emphasis spelt out are no
            // addresses.
            "Made in the U . S . A . and proud of it.",
            "Upgrade from v 1 . 2 . 3 to the new one.",
            "S T O P . I T",
            "N O . M E",
            "Game over. Y O U . W I N",
            "That was s o . m u c h . f u n",
            "y o u   a r e   w r o n g . s o r r y",
            "Grades went A . B . C . D . F in that order.",
        ] {
            assert!(!check(&rules, &comment(civil), 0).contains(&ReasonCode::HiddenLink), "{civil}");
        }
        let off = rules_with(PolicySettings { hold_hidden_links: false, ..Default::default() });
        assert!(!check(&off, &comment("more at https://bit.ly/3abcDEF"), 0).contains(&ReasonCode::HiddenLink));
    }

    #[test]
    fn threats_to_the_reader_are_held_and_reports_of_violence_are_not() {
        let rules = rules_with(PolicySettings::default());
        for threat in [
            "i hope someone kills you",
            "Someone should shoot you and your friends.",
            "I will murder your family",
            "i know where you live, watch your back",
            "k i l l  y o u r s e l f",
            "you deserve to be raped",
        ] {
            assert_eq!(check(&rules, &comment(threat), 0), [ReasonCode::Threat], "{threat}");
        }
        for civil in [
            "Bombs kill whoever is nearby; cluster munitions kill children years later.",
            "Rape used as a weapon of war is a war crime.",
            "It won't kill you to read the report before commenting.",
            "Nobody wants to kill you, it's a debate about tax.",
            "He threatened to kill you? Call the police.",
            // A title over its first line.
            "Remember Jessica Lynch\nyou were all so sure about that story",
            "The drone strike killed your cousin's neighbours, you said. I'm sorry.",
        ] {
            assert!(!check(&rules, &comment(civil), 0).contains(&ReasonCode::Threat), "{civil}");
        }
        // Only the line break tells the title from the threat: on one line
        // the same words read as one sentence.
        let one_line = "Remember Jessica Lynch you were all so sure about that story";
        assert_eq!(check(&rules, &comment(one_line), 0), [ReasonCode::Threat]);
        let off = rules_with(PolicySettings { threat: false, ..Default::default() });
        assert!(check(&off, &comment("i hope someone kills you"), 0).is_empty());
    }

    #[test]
    fn threat_phrases_can_be_extended() {
        let dir = tempfile::tempdir().unwrap();
        let phrases = dir.path().join("threats.txt");
        std::fs::write(
            &phrases,
            "# ours
sleep with the fishes
",
        )
        .unwrap();
        let text = "Keep writing that and you will sleep with the fishes.";
        assert!(check(&rules_with(PolicySettings::default()), &comment(text), 0).is_empty());
        let rules = rules_with(PolicySettings { threat_phrases_files: vec![phrases], ..Default::default() });
        assert_eq!(check(&rules, &comment(text), 0), [ReasonCode::Threat]);
    }

    #[test]
    fn identity_attack_lists_can_be_extended() {
        let dir = tempfile::tempdir().unwrap();
        let (groups, phrases) = (dir.path().join("groups.txt"), dir.path().join("phrases.txt"));
        std::fs::write(&groups, "# ours\nwelsh farmers\nflatlanders\n").unwrap();
        std::fs::write(&phrases, "sheep botherers\n").unwrap();
        let text = "Flatlanders are sheep botherers.";
        assert!(check(&rules_with(PolicySettings::default()), &comment(text), 0).is_empty());
        let rules = rules_with(PolicySettings {
            identity_attack_groups_files: vec![groups],
            identity_attack_phrases_files: vec![phrases],
            ..Default::default()
        });
        assert_eq!(check(&rules, &comment(text), 0), [ReasonCode::IdentityAttack]);
    }

    #[test]
    fn praise_phrases_can_be_extended() {
        let dir = tempfile::tempdir().unwrap();
        let extra = dir.path().join("praise.txt");
        std::fs::write(&extra, "# ours\nmashallah beautiful\n").unwrap();
        let rules = rules_with(PolicySettings { praise_phrases_files: vec![extra], ..Default::default() });
        let c = with_author("Mashallah, beautiful!", None, None, Some("https://shop.example/"));
        assert_eq!(check(&rules, &c, 0), [ReasonCode::PraiseWithLink]);
        let (subjects, words) = (dir.path().join("subjects.txt"), dir.path().join("words.txt"));
        std::fs::write(&subjects, "ce blog\n").unwrap();
        std::fs::write(&words, "merci\n").unwrap();
        let c = with_author("Merci pour ce blog.", None, None, Some("https://shop.example/"));
        assert!(check(&rules, &c, 0).is_empty());
        let rules = rules_with(PolicySettings {
            praise_subjects_files: vec![subjects],
            praise_words_files: vec![words],
            ..Default::default()
        });
        assert_eq!(check(&rules, &c, 0), [ReasonCode::PraiseWithLink]);
    }

    #[test]
    fn contact_details_are_held_without_being_echoed() {
        let rules = rules_with(PolicySettings::default());
        for (text, what) in [
            ("WhatsApp +44 7700 900417 for meds", "a phone number"),
            ("write to olga.lonely@love-letters-mail.ru", "an e-mail address"),
        ] {
            let c = comment(text);
            let f = Featurizer::default().featurize(&CommentInput::text(text));
            let hits = rules.check(&c, &f, 0);
            let hit = hits.iter().find(|h| h.code == ReasonCode::ContactDetails).expect(text);
            assert_eq!(hit.message, format!("the comment contains {what}"));
            assert!(!hit.message.contains("7700") && !hit.message.contains("olga"));
        }
        for text in [
            "add me on Telegram @DariaSweet_xo so we can talk privately",
            "find me on snap: jess.xo2001 or my page in bio",
            "Join Telegram @GoldSignals_VIP for the signals",
        ] {
            let f = Featurizer::default().featurize(&CommentInput::text(text));
            let hits = rules.check(&comment(text), &f, 0);
            let hit = hits.iter().find(|h| h.code == ReasonCode::ContactDetails).expect(text);
            assert_eq!(hit.message, "the comment contains a messenger account");
        }
        for text in ["message me https://m.me/gold.signals.vip", "chat with me https://wa.me/447700900417"] {
            let f = Featurizer::default().featurize(&CommentInput::text(text));
            let hits = rules.check(&comment(text), &f, 0);
            let hit = hits.iter().find(|h| h.code == ReasonCode::ContactDetails).expect(text);
            assert!(hit.message.ends_with("a link to a messenger account") || hit.message.ends_with("a phone number"));
        }
        for text in [
            "CyberHackRecovery at gmail dot com recovered all my funds. Highly recommend!",
            "reach them: fundsback [at] protonmail [dot] com",
            "Write to cyberfix (AT) Yahoo (DOT) com",
        ] {
            let f = Featurizer::default().featurize(&CommentInput::text(text));
            let hits = rules.check(&comment(text), &f, 0);
            let hit = hits.iter().find(|h| h.code == ReasonCode::ContactDetails).expect(text);
            assert_eq!(hit.message, "the comment contains an e-mail address written out in words");
        }
        for civil in [
            "We met at noon dot com era startups were everywhere.",
            "I read it at Yahoo News, dot com bubble and all.",
            "edited by 99.235.43.93 on 2006-01-15",
            "between 30000-100000 people fled",
            "see bbc.co.uk",
            "@Dan I saw the video on Telegram yesterday.",
            "Russia threatened a Telegram ban in 2018. It failed.",
            "Zelensky posts on Telegram at 3am most nights.",
            "Source: the channel at https://t.me/bbcrussian has the video.",
            "The snap election was called for 4 July.",
            "I saw it on Telegram @Maria_K, the video is from 2019.",
            "WhatsApp v2.23 broke the backups.",
            "Telegram e.g. has almost no moderation.",
            "Find it on WhatsApp U.S. groups.",
        ] {
            assert!(!check(&rules, &comment(civil), 0).contains(&ReasonCode::ContactDetails), "{civil}");
        }
        let off = rules_with(PolicySettings { hold_contact_details: false, ..Default::default() });
        assert!(check(&off, &comment("call +44 7700 900417"), 0).is_empty());
    }

    /// Pieces of the constructions the rules look for, and of the text
    /// around them that bounds them: rules index tokens around what they
    /// find ("typical" at the very end, a group's name as the last token,
    /// a sweep at the start), so any mix must be safe.
    const PIECES: &[&str] = &[
        "typical",
        "Typical",
        // Whole constructions too, so that many cases end or start on one.
        "Typical Albanians",
        "typical asylum seekers",
        "Albanians? Layabouts, the lot of them",
        "the lot of them",
        "they're all the same",
        "every last one of them",
        "asylum seekers",
        "asylum",
        "white people",
        "Albanians",
        "Romanians",
        "Christianity",
        "twelve",
        "12",
        "not",
        "chink",
        "chinks",
        "in",
        "of",
        "spic",
        "and",
        "gyppos",
        "kill you",
        "hope you die",
        // The threat rule's second form, whole and in pieces.
        "should all be shot",
        "should",
        "be",
        "I hope Kim Jong Un dies",
        "hope",
        "Kim",
        "let the",
        "drown",
        "hang them all",
        "put a bullet in his head",
        "the sooner they",
        "can't wait for",
        "rot in hell",
        "said",
        "are",
        "vermin",
        "only understand force",
        "essay-pro24",
        "net",
        "Today",
        "bit.ly/x1",
        "https://wa.me/4477",
        "maps.app.goo.gl/x",
        "t.me/x",
        "é",
        "🙂",
        "\u{200b}",
        "ＡＬＢＡＮＩＡＮＳ",
        "-",
        "—",
        // Titles, quotation marks of more than one byte, and the subjects
        // of threats at the reader.
        "Mr.",
        "Dr",
        "«",
        "»",
        "“",
        "Putin",
        "deserves a bullet",
        "will kill you",
        "Smoking",
        "break your neck",
        "kill yourself",
        "k i l l",
    ];

    fn built_comment() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let separator = prop_oneof![Just(" "), Just(""), Just(". "), Just(" . "), Just(", "), Just("\n"), Just("\r\n")];
        proptest::collection::vec((proptest::sample::select(PIECES), separator), 1..12)
            .prop_map(|parts| parts.into_iter().map(|(piece, sep)| format!("{piece}{sep}")).collect())
    }

    proptest::proptest! {
        #[test]
        fn no_mix_of_the_rules_own_words_makes_them_panic(text in built_comment()) {
            let rules = rules_with(PolicySettings::default());
            let draft = CommentDraft { content: Some(text.clone()), ..Default::default() };
            if let Ok(c) = draft.validate(FieldNames::JSON, false) {
                let features = Featurizer::default().featurize(&c.model_input());
                for hit in rules.check(&c, &features, 0) {
                    proptest::prop_assert!(!hit.message.is_empty(), "{text:?}");
                }
            }
        }
    }
}
