//! Quoted mentions: words a comment names in quotation marks rather than
//! uses.
//!
//! Counter-speech quotes the words it condemns: "Calling immigrants
//! "invaders" is ugly", "Calling all Muslims "terrorists" after an attack is
//! exactly what the attacker wanted", "the officer called the teenager "a
//! thug"". The abuse model reads "invaders" and "terrorists" as the
//! writer's own words, and the identity-attack rule finds a group named
//! near them, so such comments were held: the most common kind of civil
//! comment held in the hand-written identity sets. Linguists call this the
//! use–mention distinction; HateCheck (Röttger et al. 2021) tests it as
//! "counter-speech quoting hate".
//!
//! A mention here is a short quotation (at most [`MAX_QUOTED_TOKENS`]
//! tokens, in one sentence) that a naming word introduces: "call",
//! "called", "calling", "label", "branded", "dubbed", "the word", "terms
//! like", "slurs such as", at most [`MAX_GAP`] tokens before the opening
//! quotation mark. The abuse head also scores the comment with the words
//! inside blanked out and keeps the lower score (see
//! [`crate::moderator::Moderator`]), unless they are name-calling or
//! profanity that adds much abuse evidence on its own ("to call Trump a
//! 'moron'", `policy.quoted_mentions_keep_weight`);
//! and the identity-attack rule does not read them as hostile words near a
//! group. Everything outside the quotation counts as before, so "Calling
//! them "vermin" is ugly" is still scored on "ugly", a slur is held
//! wherever it stands, and the spam head reads every word.
//!
//! The writer's own naming is use, not mention, so it is left alone: a
//! naming word right after "I", "we", "let's", a modal or "be" ("I'd call
//! them "animals"", "they should be called "parasites""), or a quotation
//! followed in its sentence by agreement ("... is accurate", "... is an
//! insult to animals", "... because that's what they are", "the word
//! "pussies" comes to mind").

use super::rules::{hashed, text_between, within_one_sentence};
use crate::text::Features;
use nohash_hasher::IntSet;
use std::ops::Range;

/// The longest quotation that counts as a mention: a label or a short
/// phrase ("useless eaters", "rapists and criminals"), not a statement.
pub const MAX_QUOTED_TOKENS: usize = 5;

/// At most this many tokens between the naming word and the quotation:
/// "calling all Muslims "terrorists"", "called the black teenager "a
/// thug"".
pub const MAX_GAP: usize = 3;

/// At most this many mentions are blanked out per comment.
pub const MAX_MENTIONS: usize = 4;

/// Words that introduce a name or a label.
const NAMING_WORDS: &[&str] = &[
    "call",
    "calls",
    "calling",
    "called",
    "label",
    "labels",
    "labelling",
    "labeling",
    "labelled",
    "labeled",
    "brand",
    "brands",
    "branding",
    "branded",
    "dub",
    "dubs",
    "dubbing",
    "dubbed",
    "word",
    "words",
    "term",
    "terms",
    "slur",
    "slurs",
    "epithet",
    "epithets",
    "insult",
    "insults",
    "names",
    "phrase",
    "phrases",
];

/// Words that, in the two tokens before the naming word, make the name the
/// writer's own: "I call them", "we'd call it", "let's call them", "should
/// be called", "rightly called", and "so-called", the writer's own scare
/// quotes ("these so called "losers"").
const OWN_NAMING: &[&str] = &[
    "i",
    "im",
    "id",
    "ill",
    "ive",
    "we",
    "were",
    "wed",
    "weve",
    "lets",
    "should",
    "must",
    "deserve",
    "deserves",
    "be",
    "rightly",
    "correctly",
    "accurately",
    "fairly",
    "proudly",
    "gladly",
    "happily",
    "just",
    "so",
];

/// Words that, after the quotation in its sentence, agree with it:
/// "Calling them "animals" is accurate", "... because that's what they
/// are", "... is generous".
const AGREEMENT: &[&str] = &[
    "accurate",
    "accurately",
    "correct",
    "correctly",
    "fair",
    "right",
    "true",
    "truth",
    "apt",
    "fitting",
    "appropriate",
    "suitable",
    "perfect",
    "justified",
    "deserved",
    "generous",
    "kind",
    "charitable",
    "polite",
    "understatement",
    "compliment",
    "flattering",
    "because",
    "cause",
    "since",
    "mind",
    "describes",
    "fits",
    "sums",
];

/// How many tokens after the quotation are read for agreement.
const AGREEMENT_WINDOW: usize = 5;

/// Quotation marks, straight and typographic.
const QUOTES: &[char] = &['"', '\'', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{AB}', '\u{BB}'];

/// The token ranges of a comment's quoted mentions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    spans: [Range<usize>; MAX_MENTIONS],
    len: usize,
}

impl Mentions {
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Token ranges, in order.
    pub fn spans(&self) -> &[Range<usize>] {
        &self.spans[..self.len]
    }

    /// Whether the tokens `range` lie inside one mention.
    pub fn covers(&self, range: &Range<usize>) -> bool {
        self.spans().iter().any(|span| span.start <= range.start && range.end <= span.end)
    }

    fn push(&mut self, span: Range<usize>) {
        if self.len < MAX_MENTIONS {
            self.spans[self.len] = span;
            self.len += 1;
        }
    }
}

/// The lists the mention finder reads, hashed once.
#[derive(Debug, Clone)]
pub struct MentionFinder {
    naming: IntSet<u64>,
    own_naming: IntSet<u64>,
    agreement: IntSet<u64>,
    insult: u64,
    to: u64,
}

impl Default for MentionFinder {
    fn default() -> Self {
        MentionFinder {
            naming: hashed(NAMING_WORDS),
            own_naming: hashed(OWN_NAMING),
            agreement: hashed(AGREEMENT),
            insult: crate::text::token_hash("insult"),
            to: crate::text::token_hash("to"),
        }
    }
}

impl MentionFinder {
    /// The quoted mentions of a featurized comment. Naming words are rare,
    /// so the quotation marks are looked at only after one; nothing is
    /// allocated.
    pub fn find(&self, features: &Features) -> Mentions {
        let hashes = features.token_hashes();
        let mut mentions = Mentions::default();
        let mut after = 0;
        for naming in 0..hashes.len() {
            if naming < after || !self.naming.contains(&hashes[naming]) || self.own(hashes, naming) {
                continue;
            }
            let Some(span) = self.quotation_after(features, naming) else {
                continue;
            };
            after = span.end;
            if !self.agreed(features, span.end - 1) {
                mentions.push(span);
            }
        }
        mentions
    }

    fn own(&self, hashes: &[u64], naming: usize) -> bool {
        hashes[naming.saturating_sub(2)..naming].iter().any(|h| self.own_naming.contains(h))
    }

    /// The quotation that opens within [`MAX_GAP`] tokens after the naming
    /// word at `naming`, in its sentence, and closes within
    /// [`MAX_QUOTED_TOKENS`].
    fn quotation_after(&self, features: &Features, naming: usize) -> Option<Range<usize>> {
        let count = features.token_hashes().len();
        let first = (naming + 1..=naming + 1 + MAX_GAP)
            .take_while(|&i| i < count && within_one_sentence(features, naming, i))
            .find(|&i| opens_quotation(text_between(features, i - 1, i).unwrap_or("")))?;
        for last in first..(first + MAX_QUOTED_TOKENS).min(count) {
            let after = gap_after(features, last);
            if closes_quotation(after) {
                return Some(first..last + 1);
            }
            if after.contains(QUOTES) || (last + 1 < count && !within_one_sentence(features, last, last + 1)) {
                return None;
            }
        }
        None
    }

    /// Whether the sentence agrees with the quotation that ends at token
    /// `last`: an [`AGREEMENT`] word, or "insult to", within
    /// [`AGREEMENT_WINDOW`] tokens.
    fn agreed(&self, features: &Features, last: usize) -> bool {
        let hashes = features.token_hashes();
        let end = (last + 1 + AGREEMENT_WINDOW).min(hashes.len());
        (last + 1..end).take_while(|&i| within_one_sentence(features, last, i)).any(|i| {
            self.agreement.contains(&hashes[i]) || (hashes[i] == self.insult && hashes.get(i + 1) == Some(&self.to))
        })
    }
}

/// The normalized text after token `i`: up to the next token, or to the end.
fn gap_after(features: &Features, i: usize) -> &str {
    let tokens = &features.tokens.tokens;
    let from = tokens[i].end as usize;
    let to = tokens.get(i + 1).map_or(features.normalized.text.len(), |t| t.start as usize);
    features.normalized.text.get(from..to).unwrap_or("")
}

/// Whether a gap between two tokens ends in an opening quotation mark: the
/// mark, with something other than a letter before it (" 'dogs", not the
/// apostrophe of "o'clock", which has no gap around it).
fn opens_quotation(gap: &str) -> bool {
    let mut chars = gap.chars().rev();
    chars.next().is_some_and(|c| QUOTES.contains(&c)) && chars.next().is_some_and(|c| !QUOTES.contains(&c))
}

/// Whether a gap after a token starts with a closing quotation mark, with
/// the gap going on after it or the text ending there.
fn closes_quotation(gap: &str) -> bool {
    gap.chars().next().is_some_and(|c| QUOTES.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{CommentInput, FeatureConfig, Featurizer};

    fn mentioned(text: &str) -> Vec<String> {
        let featurizer = Featurizer::new(FeatureConfig::default());
        let features = featurizer.featurize(&CommentInput::text(text));
        let tokens = &features.tokens;
        MentionFinder::default()
            .find(&features)
            .spans()
            .iter()
            .map(|span| span.clone().map(|i| tokens.text(&tokens.tokens[i])).collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn a_quotation_after_a_naming_word_is_a_mention() {
        for (text, quoted) in [
            ("Calling immigrants \"invaders\" is ugly.", "invaders"),
            ("Calling all Muslims \"terrorists\" after an attack is what he wanted.", "terrorists"),
            ("Calling disabled people \"useless eaters\" is Nazi language.", "useless eaters"),
            ("the officer called the black teenager \"a thug\" before the arrest", "a thug"),
            (
                "Hearing a candidate call Mexicans \u{201C}rapists and criminals\u{201D} on stage",
                "rapists and criminals",
            ),
            ("Words like 'vermin' have a history.", "vermin"),
            ("He was branded a 'traitor' for it", "traitor"),
            ("Stop calling people 'retards'", "retards"),
        ] {
            assert_eq!(mentioned(text), [quoted], "{text}");
        }
    }

    #[test]
    fn the_writers_own_names_and_agreement_are_no_mention() {
        for text in [
            // Not introduced by a naming word: scare quotes, emphasis.
            "Immigrants are \"invaders\", plain and simple.",
            "They're like \"animals\" in there.",
            // The writer's own naming.
            "I call them \"animals\" and I mean it.",
            "I'd call them 'parasites'.",
            "Let's call them \"invaders\".",
            "They should be called \"vermin\".",
            // Agreement after the quotation.
            "Calling them \"animals\" is accurate.",
            "Calling them \"animals\" is an insult to animals.",
            "Calling them \"thugs\" because that's what they are.",
            "I think the phrase \"holy whore\" is more appropriate for them.",
            // "So-called": the writer's own scare quotes.
            "This may be the best thing for these so called \"losers\".",
            "These so-called \"refugees\" are all men.",
            // Too far, too long, or not closed in the sentence.
            "Calling immigrants from the south of the country \"invaders\" is ugly.",
            "Calling it \"the worst thing that has ever happened to this country\" is odd.",
            "Calling them \"invaders. It is what they are.",
            // An apostrophe is no quotation mark.
            "Calling Muslims' beliefs backward is rude.",
        ] {
            assert_eq!(mentioned(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn each_mention_is_found_once_in_order() {
        assert_eq!(
            mentioned("They called him a 'thug' and his brother a 'gangster', and the words 'animal' too."),
            ["thug", "animal"],
            "the second quotation has no naming word of its own within reach"
        );
    }
}
