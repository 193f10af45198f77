//! Quoted mentions: words a comment names, in quotation marks or as a
//! reported label, rather than uses.
//!
//! Counter-speech quotes the words it condemns: "Calling immigrants
//! "invaders" is ugly", "Stop calling refugees "parasites"", "the officer
//! called the black teenager "a thug"", "Jews were called "vermin" by the
//! Nazis". The abuse model reads "invaders" and "parasites" as the writer's
//! own words, and the identity-attack rule finds a group named near them,
//! so such comments were held: the most common kind of civil comment held
//! in the hand-written identity sets. Linguists call this the
//! use–mention distinction; HateCheck (Röttger et al. 2021) tests it as
//! "counter-speech quoting hate".
//!
//! The same quotation marks serve the writer's own insults ("Keep calling
//! her "whore"", "I'm proud to call immigrants "cockroaches""), so a
//! mention needs positive evidence that the naming is someone else's or
//! is being rejected, not just the absence of the writer's own voice. A
//! mention is a short quotation (at most [`MAX_QUOTED_TOKENS`] tokens, in
//! one sentence, opened and closed by matching marks) at most [`MAX_GAP`]
//! tokens after a naming verb ("call", "called", "labelled", "branded",
//! "dubbed") in one of four frames:
//!
//! - a gerund opening its sentence: "Calling immigrants "invaders" is
//!   ugly";
//! - after a refusal: "Stop calling ...", "Don't call ...", "quit
//!   calling";
//! - a passive: "Jews were called "vermin" by the Nazis", "being called
//!   ...";
//! - a third party as the subject: "he called", "people call", "a
//!   candidate call", "the officer reportedly called".
//!
//! Its sentence must name a group (an identity term, inside the quotation
//! or out: "Calling someone "autistic" as an insult"): the frame exists
//! for counter-speech about groups, and name-calling of one person is left
//! to the model. And nothing within [`AGREEMENT_WINDOW`] tokens after it,
//! in its sentence or the next, may agree with it ("... is accurate", "...
//! for a reason", "... I agree", "... because that's what they are").
//!
//! A label without quotation marks is a mention too, in a narrower frame
//! ([`MentionFinder::unquoted_label`]): one or two words right after the
//! group named as the verb's object ("Calling all Russians orcs is
//! dehumanising") or after a passive's participle ("Jews were called
//! vermin by the Nazis"). With no marks, the frame alone sets the label
//! apart from the writer's own words, so a third party or a passive counts
//! only in the past tense, as a report: "the Nazis called Jews vermin",
//! not "people call Jews parasites", which is the writer's claim as often
//! as a report; and, unless refused ("stop calling"), its sentence must
//! condemn the naming ([`CONDEMNATIONS`]) or name the persecution it led
//! to ([`PERSECUTIONS`]), since a writer's sign-off may agree in any words
//! ("... Exactly.", "... Based.").
//!
//! The abuse head also scores the comment with a mention's words blanked
//! out and keeps the lower score (see [`crate::moderator::Moderator`]),
//! unless a word inside weighs `policy.quoted_mentions_keep_weight` or more
//! on its own (profanity and insults: "bitch", "whore", "moron"); the
//! identity-attack rule does not read a mention's words as hostile words
//! near a group. Everything outside the quotation counts as before, so
//! "Calling them "vermin" is ugly" is still scored on "ugly", a slur is
//! held wherever it stands, and the spam head reads every word.

use super::rules::{hashed, sentence_around, text_between, within_one_clause, within_one_sentence};
use super::wordlist::WordList;
use crate::text::Features;
use nohash_hasher::IntSet;
use std::ops::Range;

/// The longest quotation that counts as a mention: a label or a short
/// phrase ("useless eaters", "rapists and criminals"), not a statement.
pub const MAX_QUOTED_TOKENS: usize = 5;

/// At most this many tokens between the naming verb and the quotation:
/// "calling all Muslims "terrorists"", "called the black teenager "a
/// thug"".
pub const MAX_GAP: usize = 3;

/// At most this many mentions are blanked out per comment.
pub const MAX_MENTIONS: usize = 4;

/// Gerunds that open a sentence as its subject: "Calling X "Y" is ...".
const NAMING_GERUNDS: &[&str] = &["calling", "labelling", "labeling", "branding", "dubbing"];

/// Naming verbs after a refusal or a third party: "stop calling", "he
/// called", "people call".
const NAMING_VERBS: &[&str] = &[
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
];

/// Past participles of a passive: "were called", "being labelled".
const NAMING_PARTICIPLES: &[&str] = &["called", "labelled", "labeled", "branded", "dubbed"];

/// Right before the naming verb, a refusal of the name.
const REFUSALS: &[&str] = &["stop", "stops", "stopped", "quit", "dont", "cant", "never"];

/// Right before a participle, the passive's auxiliary.
const PASSIVE_AUXILIARIES: &[&str] = &["was", "were", "being", "been", "get", "gets", "got", "getting"];

/// One or two tokens before the naming verb, someone other than the writer
/// as its subject ("he called", "a candidate call", "the officer
/// reportedly called").
const THIRD_PARTIES: &[&str] = &[
    "he",
    "she",
    "they",
    "who",
    "people",
    "someone",
    "somebody",
    "anyone",
    "everyone",
    "nobody",
    "others",
    "some",
    "many",
    "candidate",
    "candidates",
    "politician",
    "politicians",
    "president",
    "minister",
    "officer",
    "officers",
    "police",
    "media",
    "papers",
    "tabloids",
    "nazis",
    "trolls",
    "commenters",
    "poster",
    "posters",
    "racists",
    "bigots",
    "government",
    "leaflet",
    "ad",
    "campaign",
];

/// Words that, after the quotation in its sentence or the next, agree with
/// it: "Calling them "animals" is accurate", "... for a reason", "... I
/// agree". A refusal in front does not make them disagree ("isn't fair"
/// still counts as agreement): a mention missed is the comment scored as
/// it always was.
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
    "deserve",
    "deserves",
    "earned",
    "generous",
    "kind",
    "charitable",
    "polite",
    "nice",
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
    "agree",
    "agreed",
    "disagree",
    "reason",
    "spot",
    "nail",
    "realistic",
    "honest",
    "proud",
    "facts",
    "fact",
    "rightly",
    "yes",
    "yeah",
    "absolutely",
    "definitely",
    "certainly",
    "obviously",
    "totally",
    "indeed",
];

/// Words of criticism that agree when negated just before ("is not wrong",
/// "is no exaggeration", "isn't racist").
const NEGATED_CRITICISM: &[&str] =
    &["wrong", "exaggeration", "racist", "unfair", "offensive", "hateful", "false", "untrue", "lie", "hyperbole"];

/// Negations that turn [`NEGATED_CRITICISM`] into agreement, at most two
/// tokens before it.
const NEGATIONS: &[&str] = &["not", "no", "nothing", "isnt", "arent", "wasnt", "never", "hardly", "cant"];

/// Words that, at most two tokens before a word of condemnation, deny it,
/// besides [`NEGATIONS`]: "history doesn't lie", "an alleged slur" (and
/// "so-called", read as a pair). Not in the agreement test: 'Don't be
/// racist' rejects the label.
const CONDEMNATION_DENIALS: &[&str] = &["doesnt", "dont", "didnt", "wont", "alleged", "supposed", "supposedly"];

/// Words that, within [`DOUBT_WINDOW`] tokens after a word of
/// condemnation, doubt it: "a lie, they say", "propaganda my foot". Read
/// into the next sentence too ("a lie? Apparently."), which errs towards
/// scoring the comment as it always was.
const DOUBTS: &[&str] =
    &["say", "says", "claim", "claims", "apparently", "supposedly", "allegedly", "foot", "lol", "lmao"];

/// How many tokens after a word of condemnation are read for doubt.
const DOUBT_WINDOW: usize = 3;

/// How many tokens after the quotation are read for agreement.
const AGREEMENT_WINDOW: usize = 8;

/// Words between a naming verb and the group it names, for a label without
/// quotation marks ("calling *all* Muslims terrorists").
const OBJECT_DETERMINERS: &[&str] = &["all", "the", "these", "those"];

/// Words that start something else after a label without quotation marks:
/// a verb whose subject the naming was ("Calling immigrants invaders *is*
/// ugly"), a preposition or conjunction ("... vermin *by* the Nazis", "...
/// *before* they murdered them").
const LABEL_ENDERS: &[&str] = &[
    "is", "was", "isnt", "wasnt", "has", "will", "would", "does", "doesnt", "by", "and", "or", "but", "before",
    "after", "because", "when", "while", "until", "for", "in", "on", "at", "to", "then", "so", "since", "that",
    "which", "who", "as", "again", "online", "now", "anymore",
];

/// Words that condemn a naming, one of which a label without quotation
/// marks needs in its sentence: "Calling all Russians orcs is
/// *dehumanising*", "... a *lie* that ended in Auschwitz". Not "wrong"
/// ("tell me they were wrong") or "hate" ("I hate them too"), which serve
/// agreement as well.
const CONDEMNATIONS: &[&str] = &[
    "racist",
    "racism",
    "bigot",
    "bigots",
    "bigoted",
    "bigotry",
    "hateful",
    "vile",
    "disgusting",
    "disgraceful",
    "shameful",
    "appalling",
    "sickening",
    "despicable",
    "inexcusable",
    "unacceptable",
    "horrific",
    "dehumanising",
    "dehumanizing",
    "dehumanise",
    "dehumanize",
    "dehumanised",
    "dehumanized",
    "ugly",
    "poisonous",
    "propaganda",
    "rhetoric",
    "slur",
    "slurs",
    "smear",
    "lie",
    "lies",
    "condemned",
    "sacked",
    "apologised",
    "apologized",
    "resigned",
    "outrage",
    "outrageous",
];

/// The persecution a naming led to, after the label in its sentence: "The
/// Nazis called Jews vermin before they *murdered* them", "Gay men were
/// branded perverts in the 1950s, and thousands were *prosecuted*"; not
/// after "be" or "get", which call for it ("... and should be deported").
const PERSECUTIONS: &[&str] = &[
    "murdered",
    "exterminated",
    "gassed",
    "persecuted",
    "prosecuted",
    "deported",
    "interned",
    "lynched",
    "genocide",
    "persecution",
];

/// Pairs of opening and closing quotation marks.
const QUOTE_PAIRS: &[(char, char)] = &[
    ('"', '"'),
    ('\'', '\''),
    ('\u{2018}', '\u{2019}'),
    ('\u{201C}', '\u{201D}'),
    ('\u{201E}', '\u{201C}'),
    ('\u{AB}', '\u{BB}'),
    ('\u{2039}', '\u{203A}'),
];

/// Any quotation mark, for rejecting quotations with others inside.
fn is_quote(c: char) -> bool {
    QUOTE_PAIRS.iter().any(|&(open, close)| c == open || c == close)
}

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
    gerunds: IntSet<u64>,
    verbs: IntSet<u64>,
    participles: IntSet<u64>,
    refusals: IntSet<u64>,
    auxiliaries: IntSet<u64>,
    third_parties: IntSet<u64>,
    agreement: IntSet<u64>,
    criticism: IntSet<u64>,
    negations: IntSet<u64>,
    /// [`DOUBTS`] and [`CONDEMNATION_DENIALS`].
    doubts: IntSet<u64>,
    condemnation_denials: IntSet<u64>,
    so: u64,
    called: u64,
    as_: u64,
    groups: WordList,
    object_determiners: IntSet<u64>,
    label_enders: IntSet<u64>,
    past_auxiliaries: IntSet<u64>,
    condemnations: IntSet<u64>,
    persecutions: IntSet<u64>,
    called_for: IntSet<u64>,
}

impl Default for MentionFinder {
    fn default() -> Self {
        MentionFinder {
            gerunds: hashed(NAMING_GERUNDS),
            verbs: hashed(NAMING_VERBS),
            participles: hashed(NAMING_PARTICIPLES),
            refusals: hashed(REFUSALS),
            auxiliaries: hashed(PASSIVE_AUXILIARIES),
            third_parties: hashed(THIRD_PARTIES),
            agreement: hashed(AGREEMENT),
            criticism: hashed(NEGATED_CRITICISM),
            negations: hashed(NEGATIONS),
            doubts: hashed(DOUBTS),
            condemnation_denials: hashed(CONDEMNATION_DENIALS),
            so: crate::text::token_hash("so"),
            called: crate::text::token_hash("called"),
            as_: crate::text::token_hash("as"),
            groups: WordList::from_entries(crate::text::listed_words(crate::text::IDENTITY_TERMS)),
            object_determiners: hashed(OBJECT_DETERMINERS),
            label_enders: hashed(LABEL_ENDERS),
            past_auxiliaries: hashed(&["was", "were", "been"]),
            condemnations: hashed(CONDEMNATIONS),
            persecutions: hashed(PERSECUTIONS),
            called_for: hashed(&["be", "get", "gets", "getting"]),
        }
    }
}

impl MentionFinder {
    /// The quoted mentions of a featurized comment. Naming verbs are rare,
    /// so the frames and quotation marks are looked at only after one;
    /// nothing is allocated.
    pub fn find(&self, features: &Features) -> Mentions {
        let hashes = features.token_hashes();
        let mut mentions = Mentions::default();
        let mut after = 0;
        for (naming, hash) in hashes.iter().enumerate() {
            if naming < after || !self.verbs.contains(hash) {
                continue;
            }
            let quoted = self.quotation_after(features, naming);
            let Some(span) = quoted.clone().or_else(|| self.unquoted_label(features, naming)) else {
                continue;
            };
            // A quotation is read once, whichever naming verb reaches it.
            after = span.end;
            if self.framed(features, naming, quoted.is_none())
                && self.names_a_group(features, naming)
                && !self.agreed(features, span.end - 1)
                && (quoted.is_some() || self.refused(features, naming) || self.condemned(features, naming, &span))
            {
                mentions.push(span);
            }
        }
        mentions
    }

    /// Whether the naming verb at `naming` stands in one of the four
    /// frames, within its sentence. Without quotation marks (`unquoted`),
    /// nothing sets the label apart from the writer's own words but the
    /// frame, so a third party's naming and the passive count only in the
    /// past, as a report of what was said ("the Nazis called Jews vermin",
    /// "Jews were called vermin"), not as what "people call" them now,
    /// which is the writer's own claim as often as a report ("People call
    /// Jews parasites. Look at who owns the banks.").
    fn framed(&self, features: &Features, naming: usize, unquoted: bool) -> bool {
        let hashes = features.token_hashes();
        let opens = naming == 0 || !within_one_sentence(features, naming - 1, naming);
        let before = |back: usize| {
            naming.checked_sub(back).filter(|&i| within_one_sentence(features, i, naming)).map(|i| hashes[i])
        };
        let is = |back: usize, set: &IntSet<u64>| before(back).is_some_and(|h| set.contains(&h));
        // "as everyone calls them": the writer adopts the name.
        let third_party = |back: usize| is(back, &self.third_parties) && before(back + 1) != Some(self.as_);
        let past = self.participles.contains(&hashes[naming]);
        let auxiliaries = if unquoted { &self.past_auxiliaries } else { &self.auxiliaries };
        (opens && self.gerunds.contains(&hashes[naming]))
            || self.refused(features, naming)
            || (past && is(1, auxiliaries))
            || ((past || !unquoted) && (third_party(1) || third_party(2)))
    }

    /// Whether the sentence of the naming verb (with what a colon joins to
    /// it, as for reports) names a group, in the quotation or out.
    fn names_a_group(&self, features: &Features, naming: usize) -> bool {
        let hashes = features.token_hashes();
        let (first, last) = sentence_around(features, naming);
        (first..=last).any(|i| self.groups.find_at_hashed(&hashes[i..=last]).is_some())
    }

    /// The quotation that opens within [`MAX_GAP`] tokens after the naming
    /// verb at `naming`, in its sentence, and closes with the matching mark
    /// within [`MAX_QUOTED_TOKENS`], no other mark inside.
    fn quotation_after(&self, features: &Features, naming: usize) -> Option<Range<usize>> {
        let count = features.token_hashes().len();
        let (first, close) = (naming + 1..=naming + 1 + MAX_GAP)
            .take_while(|&i| i < count && within_one_sentence(features, naming, i))
            .find_map(|i| Some((i, closing_mark(text_between(features, i - 1, i).unwrap_or(""))?)))?;
        for last in first..(first + MAX_QUOTED_TOKENS).min(count) {
            let gap = gap_after(features, last);
            // The closing mark, perhaps after a comma or full stop that
            // American style puts inside ("terrorists," as he did).
            let mark = gap.trim_start_matches([',', '.']).chars().next();
            if mark == Some(close) {
                let rest = &gap[gap.find(close).map_or(gap.len(), |at| at + close.len_utf8())..];
                // An apostrophe joined to the next word is no closing mark
                // ("'em dumb' people" has no quotation; "folks' homes").
                if close == '\'' && rest.is_empty() && last + 1 < count {
                    return None;
                }
                return Some(first..last + 1);
            }
            if gap.contains(is_quote) || (last + 1 < count && !within_one_sentence(features, last, last + 1)) {
                return None;
            }
        }
        None
    }

    /// The label named without quotation marks: right after the group's
    /// name that is the naming verb's object ("calling immigrants
    /// invaders", "called all Jews vermin"), or right after a passive's
    /// participle ("Jews were called vermin by the Nazis"); one or two
    /// words, which end their clause or are followed by a word that
    /// starts something else ("... invaders *is* ugly", "... vermin
    /// *before* they murdered them"). Anything longer is a statement, not
    /// a label.
    fn unquoted_label(&self, features: &Features, naming: usize) -> Option<Range<usize>> {
        let hashes = features.token_hashes();
        let count = hashes.len();
        let mut label = naming + 1;
        let passive =
            self.participles.contains(&hashes[naming]) && naming > 0 && self.auxiliaries.contains(&hashes[naming - 1]);
        if !passive {
            if hashes.get(label).is_some_and(|h| self.object_determiners.contains(h)) {
                label += 1;
            }
            let (_, len) = self.groups.longest_at_hashed(hashes.get(label..)?)?;
            label += len;
        }
        // A label starts with a word of its own, not one that ends it
        // ("Calling immigrants is ugly" names no label).
        if hashes.get(label).is_none_or(|h| self.label_enders.contains(h)) {
            return None;
        }
        // A quotation mark on the way is a quotation gone wrong ("Calling
        // immigrants "invaders. It is ..."), or a possessive ("Muslims'
        // beliefs"): no label.
        let marked = |end: usize| text_between(features, naming, end - 1).is_none_or(|gap| gap.contains(is_quote));
        (label + 1..=(label + 2).min(count))
            .take_while(|&end| within_one_clause(features, naming, end - 1) && !marked(end))
            .find(|&end| {
                end == count || !within_one_clause(features, end - 1, end) || self.label_enders.contains(&hashes[end])
            })
            .map(|end| label..end)
    }

    /// Whether a refusal stands right before the naming verb at `naming`
    /// ("stop calling", "don't call"), which rejects the naming itself.
    fn refused(&self, features: &Features, naming: usize) -> bool {
        naming > 0
            && self.refusals.contains(&features.token_hashes()[naming - 1])
            && within_one_sentence(features, naming - 1, naming)
    }

    /// Whether the sentence of the naming verb at `naming` condemns the
    /// naming, outside the `label` ("Calling all Russians orcs is
    /// *dehumanising*"), or names the persecution it led to after the label
    /// ("... vermin before they *murdered* them"), not as a call ("... and
    /// they should be *deported*"); no word of either is negated just
    /// before ("isn't racist" agrees). A label without quotation marks
    /// needs this positive evidence, since a writer's own sign-off is
    /// endless ("The Nazis called Jews vermin. Exactly.", "... Based.",
    /// "... Makes you think.") and no list of agreement can close it; the
    /// next sentence is not read, since a judgement there may be of the
    /// group ("He called Mexicans rapists. Disgusting people."). A refusal
    /// rejects the naming by itself ([`MentionFinder::refused`]).
    fn condemned(&self, features: &Features, naming: usize, label: &Range<usize>) -> bool {
        let hashes = features.token_hashes();
        let (first, last) = sentence_around(features, naming);
        let so_called = |i: usize| i >= 2 && hashes[i - 2] == self.so && hashes[i - 1] == self.called;
        let negated = |i: usize| {
            so_called(i)
                || hashes[i.saturating_sub(2)..i]
                    .iter()
                    .any(|h| self.negations.contains(h) || self.condemnation_denials.contains(h))
        };
        // "a lie, they say", "propaganda my foot": the word doubted right
        // after.
        let doubted =
            |i: usize| hashes[i + 1..(i + 1 + DOUBT_WINDOW).min(hashes.len())].iter().any(|h| self.doubts.contains(h));
        let judged = (first..=last)
            .any(|i| !label.contains(&i) && self.condemnations.contains(&hashes[i]) && !negated(i) && !doubted(i));
        let persecuted = (label.end..=last).any(|i| {
            self.persecutions.contains(&hashes[i]) && !negated(i) && !self.called_for.contains(&hashes[i - 1])
        });
        judged || persecuted
    }

    /// Whether the words after the quotation that ends at token `last`, in
    /// its sentence or the next, agree with it: an [`AGREEMENT`] word
    /// within [`AGREEMENT_WINDOW`] tokens.
    fn agreed(&self, features: &Features, last: usize) -> bool {
        let hashes = features.token_hashes();
        let end = (last + 1 + AGREEMENT_WINDOW).min(hashes.len());
        let mut sentences = 0;
        (last + 1..end)
            .take_while(|&i| {
                if !within_one_sentence(features, i - 1, i) {
                    sentences += 1;
                }
                sentences < 2
            })
            .any(|i| {
                self.agreement.contains(&hashes[i])
                    || (self.criticism.contains(&hashes[i])
                        && hashes[i.saturating_sub(2)..i].iter().any(|h| self.negations.contains(h)))
            })
    }
}

/// The normalized text after token `i`: up to the next token, or to the end.
pub(super) fn gap_after(features: &Features, i: usize) -> &str {
    let tokens = &features.tokens.tokens;
    let from = tokens[i].end as usize;
    let to = tokens.get(i + 1).map_or(features.normalized.text.len(), |t| t.start as usize);
    features.normalized.text.get(from..to).unwrap_or("")
}

/// The closing mark of the quotation that a gap between two tokens opens:
/// the gap ends in an opening mark, with something before it in the gap
/// (a space, a colon), so that no apostrophe inside a word ("o'clock",
/// which has no gap) opens one.
pub(super) fn closing_mark(gap: &str) -> Option<char> {
    let mut chars = gap.chars().rev();
    let open = chars.next()?;
    let before = chars.next()?;
    if is_quote(before) || before.is_alphanumeric() {
        return None;
    }
    closing_of(open)
}

/// The closing mark of a quotation that `open` opens, if it opens one.
pub(super) fn closing_of(open: char) -> Option<char> {
    QUOTE_PAIRS.iter().find(|&&(o, _)| o == open).map(|&(_, close)| close)
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
    fn a_quotation_named_in_a_frame_of_counter_speech_is_a_mention() {
        for (text, quoted) in [
            // A gerund opening its sentence.
            ("Calling immigrants \"invaders\" is ugly.", "invaders"),
            ("Calling all Muslims \"terrorists\" after an attack is what he wanted.", "terrorists"),
            ("Calling disabled people \"useless eaters\" is Nazi language.", "useless eaters"),
            ("Calling someone \"autistic\" as an insult is lazy and hurtful.", "autistic"),
            ("Calling Muslims \"terrorists,\" as he did, is disgraceful.", "terrorists"),
            // A refusal.
            ("Stop calling refugees \u{2039}freeloaders\u{203A}.", "freeloaders"),
            ("Please don't call Roma people 'thieves'.", "thieves"),
            // A passive.
            ("Jews were called \"vermin\" by the Nazis, never forget.", "vermin"),
            ("Roma were called \u{201E}thieves\u{201C} for centuries.", "thieves"),
            // A third party.
            (
                "Hearing a candidate call Mexicans \u{201C}rapists and criminals\u{201D} on stage was shocking.",
                "rapists and criminals",
            ),
            ("the officer reportedly called the black teenager \"a thug\" before the arrest", "a thug"),
        ] {
            assert_eq!(mentioned(text), [quoted], "{text}");
        }
    }

    #[test]
    fn the_writers_own_names_are_no_mention() {
        for text in [
            // No naming verb: scare quotes, emphasis, the writer's words.
            "Immigrants are \"invaders\", plain and simple.",
            "Gays, in one word, \"degenerates\".",
            "My word for immigrants is \"cockroaches\".",
            "I prefer the term \"scroungers\" for refugees.",
            // The writer's own naming: no frame.
            "I call immigrants \"animals\" and I mean it.",
            "Start calling immigrants \"cockroaches\".",
            "Keep calling immigrants \"cockroaches\".",
            "Let me call Mexicans \"rapists and criminals\".",
            "I'm proud to call immigrants \"cockroaches\".",
            "There is nothing wrong with calling immigrants \"cockroaches\".",
            "It's accurate to call immigrants \"cockroaches\".",
            "I call immigrants by the term \"cockroaches\".",
            "These so-called \"refugees\" are all men.",
            // Agreement after the quotation, in its sentence or the next.
            "Calling Muslims \"animals\" is accurate.",
            "Calling Muslims \"animals\" is an insult to animals, to be fair.",
            "Calling immigrants \"thugs\" because that's what they are.",
            "Muslims are called \"rapists\" for a reason.",
            "Some call immigrants \"cockroaches\". I agree.",
            "Calling Muslims \"terrorists\" is not wrong at all.",
            "Calling immigrants \"cockroaches\"? Yes, absolutely.",
            "Mexicans, or as everyone calls them, \"rapists and criminals\", are flooding in.",
            // No group in its sentence: name-calling of a person.
            "Stop calling her \"whore\".",
            "He called Trump a \"moron\".",
            // Too far, too long, not closed, or closed by another mark.
            "Calling immigrants from the south of the country \"invaders\" is ugly.",
            "Calling immigrants \"the worst thing that has ever happened to us\" is odd.",
            "Calling immigrants \"invaders. It is what they are.",
            "Calling immigrants \"invaders' is ugly.",
            // An apostrophe is no quotation mark.
            "Calling Muslims' beliefs backward is rude.",
            // No condemnation in its sentence or the next: a sign-off may
            // agree in words no list holds.
            "The Nazis called Jews vermin. Exactly.",
            "He called blacks apes. Nailed it.",
            "Calling gays degenerates is common sense.",
            "The Nazis called Jews vermin. Look around and tell me they were wrong.",
            "Calling immigrants invaders isn't racist.",
            // The label's own word, a judgement of the group in the next
            // sentence, persecution called for.
            "Calling gays disgusting is common sense.",
            "He called Mexicans rapists. Disgusting people.",
            "He called Mexicans rapists, and they should all be deported.",
            "The Nazis called Jews vermin. Time for another genocide.",
        ] {
            assert_eq!(mentioned(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_label_without_quotation_marks_is_a_mention_in_a_frame_of_report_or_refusal() {
        for (text, label) in [
            ("Calling immigrants invaders is ugly.", "invaders"),
            ("Calling all Russians orcs is dehumanising.", "orcs"),
            ("Stop calling refugees parasites, it is vile.", "parasites"),
            ("We must stop calling refugees invaders.", "invaders"),
            ("Jews were called vermin by the Nazis, a lie that ended in Auschwitz.", "vermin"),
            ("The Nazis called Jews vermin before they murdered them.", "vermin"),
            ("Jews were called vermin by the Nazis, then they were exterminated.", "vermin"),
            ("Gay men were branded perverts in the 1950s, and thousands were prosecuted.", "perverts"),
            ("He called Mexicans rapists and was condemned for it.", "rapists"),
        ] {
            assert_eq!(mentioned(text), [label], "{text}");
        }
        for text in [
            // What people call a group now is the writer's claim as often
            // as a report.
            "People call Jews parasites. Look at who owns the banks.",
            "Some call gays degenerates. I just call them sick.",
            "Muslims get called terrorists. Wonder why.",
            "I call Muslims vermin and I stand by it.",
            // Agreement, a statement rather than a label, a possessive.
            "Calling immigrants invaders is accurate.",
            "He called Muslims terrorists. He's not wrong.",
            "Calling immigrants is ugly.",
            "Calling Muslims' beliefs backward is rude.",
        ] {
            assert_eq!(mentioned(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_condemnation_denied_or_doubted_is_none() {
        for text in [
            "The Nazis called Jews vermin, a so-called lie that turned out to be true.",
            "The Nazis called Jews vermin, a lie they say, but look around.",
            "The Nazis called Jews vermin and history doesn't lie.",
            "The Nazis called Jews vermin, propaganda my foot.",
            "The Nazis called Jews vermin, an alleged lie.",
        ] {
            assert_eq!(mentioned(text), Vec::<String>::new(), "{text:?}");
        }
        for text in [
            "The Nazis called Jews vermin, a lie that ended in Auschwitz.",
            "Calling all Russians orcs is dehumanising, and it only helps the Kremlin.",
            // "called" alone is no denial: the critics' word is theirs.
            "The Nazis called Jews vermin, which historians called racist propaganda.",
        ] {
            assert_eq!(mentioned(text).len(), 1, "{text:?}");
        }
    }

    #[test]
    fn each_quotation_is_read_once() {
        assert_eq!(
            mentioned(
                "Calling Jews 'vermin' and Roma 'thieves' is how it started, and people called Slavs 'subhuman'."
            ),
            ["vermin", "subhuman"],
            "the second quotation has no naming verb of its own within reach"
        );
    }
}
