//! From a reply form to the set of features the naive-Bayes model scores.
//!
//! A comment becomes a *set* of hashed features (each counted once: the
//! "binarized" multinomial naive Bayes of Wang & Manning 2012, which also
//! stops `buy buy buy buy` from counting four times):
//!
//! - every word and placeholder token (`viagra`, `<url>`, `<phone>`);
//! - every pair of adjacent tokens (`you idiot`, `check <url>`), when the
//!   model was trained with bigrams: word pairs carry who is being talked to
//!   and about, which single words cannot;
//! - meta features for what spam looks like beyond words: how many links,
//!   which domains and top-level domains they point to, URL shorteners,
//!   links to bare IP addresses, a mostly-uppercase text, runs of `!!`,
//!   elongated words, e-mail top-level domains;
//! - the reply form's other fields: whether the website field is filled and
//!   where it points (it shares the domain features with links in the text,
//!   so a domain learned as spammy in comments is spammy in the field too),
//!   and the words of the author's name, both under their own `name:` prefix
//!   and as plain words;
//! - the words of link domains (`cheap-pills.ru` gives `cheap`, `pills`),
//!   as plain words;
//! - the words around a mention of a group of people, with the group's name
//!   replaced by one slot for every group (`<group> are`, `all <group>`),
//!   when the model was trained with group words: what is said about a
//!   group (`<group> are`, `<group> should`) is evidence the abuse head
//!   may learn, while the group's own name, alone or in a word pair, is
//!   given no abuse weight by training; one slot for all groups means no
//!   group is scored apart from another;
//! - word classes from the recipe (`class:dehumanizing`, `class:pharma`):
//!   one feature for any word of a class, wherever a plain word is counted.
//!   A class pools the evidence of its words, so a rare member (`xanax`,
//!   `cockroaches`) is scored with what the data says about the whole class
//!   instead of being shrunk to nothing; the weight is still learned from
//!   the labeled data, never set by hand.
//!
//! Features are 64-bit XXH3 hashes of their text, so the model is a flat
//! table of numbers; the text of a feature is only rebuilt for the few that
//! are shown as evidence.
//!
//! Training and serving both call [`Featurizer::featurize`]; the model file
//! records the [`FeatureConfig`] and [`PIPELINE_VERSION`] it was trained
//! with, and a model from another pipeline version is refused at load.

use super::PhraseIndex;
use super::normalize::{Normalized, normalize_into};
use super::tokenize::{LinkInfo, TokenKind, Tokens, link_info, tokenize_into};
use nohash_hasher::IntSet;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

/// Version of the normalize → tokenize → featurize pipeline. Bump it
/// whenever a change would give the same text different features: models
/// trained with another version are refused rather than silently misread.
pub const PIPELINE_VERSION: u32 = 7;

/// Featurizer settings, stored in the model so serving uses exactly the
/// settings the model was trained with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureConfig {
    /// Bytes of comment text that are read; the rest is ignored. Bounds the
    /// cost of any one request.
    pub max_bytes: usize,
    /// Tokens that are scored; the rest are ignored.
    pub max_tokens: usize,
    /// Whether adjacent-token pairs are features.
    pub bigrams: bool,
    /// Word classes: class name → canonical words or phrases (words joined
    /// by single spaces). Each class is one feature, `class:NAME`, present
    /// when any of its words or phrases is.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub word_classes: BTreeMap<String, Vec<String>>,
    /// Canonical words that name a group of people. Where one stands next
    /// to a word of [`group_context_words`](Self::group_context_words), the
    /// pair is also a feature with the group's name replaced by a `<group>`
    /// slot shared by all groups (`<group> are`, `all <group>`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_words: Vec<String>,
    /// Canonical words that make a pair with the `<group>` slot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_context_words: Vec<String>,
    /// Tokens on each side of a group's name whose words are also features
    /// as `near <group>: WORD`; 0: none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub group_window: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            max_bytes: 20_000,
            max_tokens: 2_000,
            bigrams: true,
            word_classes: BTreeMap::new(),
            group_words: Vec::new(),
            group_context_words: Vec::new(),
            group_window: 0,
        }
    }
}

impl FeatureConfig {
    /// Checks that every word-class entry is in the canonical form the
    /// tokenizer produces (words joined by single spaces): an entry that can
    /// never match (`Xanax`, `kill  you`) would silently do nothing.
    pub fn validate(&self) -> Result<(), String> {
        for (class, words) in &self.word_classes {
            if class.is_empty() || !class.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                return Err(format!("word class name {class:?} must be lowercase letters, digits or _"));
            }
            if words.is_empty() {
                return Err(format!("word class {class:?} has no words"));
            }
            for word in words {
                let canonical = super::canonical_words(word);
                if canonical.is_empty() || canonical.join(" ") != *word {
                    return Err(format!(
                        "word class {class:?}: {word:?} is not in canonical form (the tokenizer reads it as {canonical:?})"
                    ));
                }
            }
        }
        for word in self.group_words.iter().chain(&self.group_context_words) {
            let canonical = super::canonical_words(word);
            if canonical.len() != 1 || canonical[0] != *word {
                return Err(format!(
                    "group word {word:?} is not one canonical word (the tokenizer reads it as {canonical:?})"
                ));
            }
        }
        Ok(())
    }
}

/// Word and phrase → classes lookup, built once per model from
/// [`FeatureConfig::word_classes`].
#[derive(Debug, Default)]
struct WordClassIndex {
    /// Entry → index into `labels`.
    entries: PhraseIndex<u16>,
    /// `class:NAME` per class.
    labels: Vec<String>,
}

impl WordClassIndex {
    fn new(classes: &BTreeMap<String, Vec<String>>) -> Self {
        let mut index = WordClassIndex::default();
        for (i, (class, words)) in classes.iter().enumerate() {
            index.labels.push(format!("class:{class}"));
            for word in words {
                index.entries.insert(&word.split(' ').collect::<Vec<_>>(), i as u16);
            }
        }
        index
    }

    /// The classes of the words and phrases that start at `hashes[0]`.
    fn classes_at<'s, 'h>(&'s self, hashes: &'h [u64]) -> impl Iterator<Item = &'s str> + use<'s, 'h> {
        self.entries.starting_at(hashes).map(|&i| self.labels[i as usize].as_str())
    }
}

/// The fields of a reply form that feed the model.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommentInput<'a> {
    pub content: &'a str,
    pub author_name: Option<&'a str>,
    pub author_email: Option<&'a str>,
    pub author_url: Option<&'a str>,
}

impl<'a> CommentInput<'a> {
    pub fn text(content: &'a str) -> Self {
        CommentInput { content, ..Default::default() }
    }
}

/// Where a feature's display text lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// Token `i` of the content.
    Token(u32),
    /// Tokens `i` and `i + 1` of the content.
    Bigram(u32),
    /// Token `i` (a group's name, shown as `<group>`) and the token after it.
    GroupThen(u32),
    /// The token before token `i` (a group's name) and the `<group>` slot.
    BeforeGroup(u32),
    /// Token `i`, near a group's name.
    NearGroup(u32),
    /// Token `i`, a group's name: the comment names a group.
    GroupMention(u32),
    /// A byte range of [`Features::labels`].
    Text(u32, u32),
}

/// One feature of a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature {
    pub hash: u64,
    label: Label,
}

/// The features of one comment, with everything needed to explain them.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// The normalized content.
    pub normalized: Normalized,
    /// The tokens of the content.
    pub tokens: Tokens,
    /// Distinct features, sorted by hash.
    items: Vec<Feature>,
    /// Hash of each content token, by token index.
    token_hashes: Vec<u64>,
    labels: String,
    name_tokens: Tokens,
    scratch: Normalized,
}

impl Features {
    /// Distinct features, sorted by hash.
    pub fn items(&self) -> &[Feature] {
        &self.items
    }

    /// Human-readable text of a feature: `viagra`, `you idiot`,
    /// `url:tld=ru`.
    pub fn display(&self, feature: &Feature) -> Cow<'_, str> {
        match feature.label {
            Label::Token(i) => Cow::Borrowed(self.tokens.text(&self.tokens.tokens[i as usize])),
            Label::Bigram(i) => {
                let a = self.tokens.text(&self.tokens.tokens[i as usize]);
                let b = self.tokens.text(&self.tokens.tokens[i as usize + 1]);
                Cow::Owned(format!("{a} {b}"))
            }
            Label::GroupThen(i) => {
                Cow::Owned(format!("{GROUP_SLOT} {}", self.tokens.text(&self.tokens.tokens[i as usize + 1])))
            }
            Label::BeforeGroup(i) => {
                Cow::Owned(format!("{} {GROUP_SLOT}", self.tokens.text(&self.tokens.tokens[i as usize - 1])))
            }
            Label::GroupMention(_) => Cow::Borrowed(GROUP_SLOT),
            Label::NearGroup(i) => {
                Cow::Owned(format!("near {GROUP_SLOT}: {}", self.tokens.text(&self.tokens.tokens[i as usize])))
            }
            Label::Text(s, e) => Cow::Borrowed(&self.labels[s as usize..e as usize]),
        }
    }

    /// Byte ranges in the normalized content that a feature came from (none
    /// for features of other fields or of the whole text).
    pub fn normalized_span(&self, feature: &Feature) -> Option<(usize, usize)> {
        let tokens = &self.tokens.tokens;
        match feature.label {
            Label::Token(i) | Label::NearGroup(i) | Label::GroupMention(i) => {
                tokens.get(i as usize).map(|t| (t.start as usize, t.end as usize))
            }
            Label::Bigram(i) | Label::GroupThen(i) => {
                let a = tokens.get(i as usize)?;
                let b = tokens.get(i as usize + 1)?;
                Some((a.start as usize, b.end as usize))
            }
            Label::BeforeGroup(i) => {
                let a = tokens.get((i as usize).checked_sub(1)?)?;
                let b = tokens.get(i as usize)?;
                Some((a.start as usize, b.end as usize))
            }
            Label::Text(..) => None,
        }
    }

    /// Token `at` as the comment wrote it, before normalization (`content`
    /// is the comment as received): "he'll" for the token `hell`.
    pub fn written_token<'c>(&self, content: &'c str, at: usize) -> Option<&'c str> {
        let token = self.tokens.tokens.get(at)?;
        let origin = &self.normalized.origin;
        let start = origin.get(token.start as usize).map_or(content.len(), |&o| o as usize);
        let end = origin.get(token.end as usize).map_or(content.len(), |&o| o as usize);
        content.get(start..end)
    }

    /// The hash of every content token, in order ([`token_hash`] of its
    /// canonical text).
    pub fn token_hashes(&self) -> &[u64] {
        &self.token_hashes
    }

    /// The content-token hashes a feature is made of: one for a token, two
    /// for a token pair, the neighbour alone for a pair with the `<group>`
    /// slot (the slot stands for no word in particular), none for meta
    /// features.
    pub fn token_hashes_of(&self, feature: &Feature) -> &[u64] {
        match feature.label {
            Label::Token(i) | Label::NearGroup(i) | Label::GroupMention(i) => {
                &self.token_hashes[i as usize..i as usize + 1]
            }
            Label::Bigram(i) => &self.token_hashes[i as usize..i as usize + 2],
            Label::GroupThen(i) => &self.token_hashes[i as usize + 1..i as usize + 2],
            Label::BeforeGroup(i) => &self.token_hashes[i as usize - 1..i as usize],
            Label::Text(..) => &[],
        }
    }

    /// Whether a feature is a pair of words, or of a word and the `<group>`
    /// slot (`the hell`, `<group> are`), rather than one word's own.
    pub fn is_pair(&self, feature: &Feature) -> bool {
        matches!(feature.label, Label::Bigram(_) | Label::GroupThen(_) | Label::BeforeGroup(_))
    }

    /// Whether a feature pairs the `<group>` slot with a word (`<group>
    /// are`, `near <group>: vermin`): evidence that exists only where a
    /// group is named.
    pub fn is_group_context(&self, feature: &Feature) -> bool {
        matches!(feature.label, Label::GroupThen(_) | Label::BeforeGroup(_) | Label::NearGroup(_))
    }

    /// The canonical words of the author's name, if the form had one.
    pub fn name_words(&self) -> Vec<&str> {
        self.name_tokens.tokens.iter().map(|t| self.name_tokens.text(t)).collect()
    }

    fn clear(&mut self) {
        self.items.clear();
        self.token_hashes.clear();
        self.labels.clear();
        self.name_tokens.clear();
    }
}

/// Where meta features are written: the label text buffer and the feature
/// list, borrowed apart from the tokens they are derived from.
struct MetaSink<'a> {
    labels: &'a mut String,
    items: &'a mut Vec<Feature>,
    classes: &'a WordClassIndex,
}

impl MetaSink<'_> {
    fn push(&mut self, parts: &[&str]) -> u64 {
        let start = self.labels.len();
        for part in parts {
            self.labels.push_str(part);
        }
        let end = self.labels.len();
        let hash = xxh3_64(&self.labels.as_bytes()[start..end]);
        self.items.push(Feature { hash, label: Label::Text(start as u32, end as u32) });
        hash
    }

    /// A plain word from outside the content (a name or domain word), with
    /// its classes.
    fn word(&mut self, word: &str) {
        let hash = self.push(&[word]);
        self.classes_at(&[hash]);
    }

    /// The class features of the words and phrases that start at
    /// `hashes[0]`.
    fn classes_at(&mut self, hashes: &[u64]) {
        let classes = self.classes;
        for label in classes.classes_at(hashes) {
            self.push(&[label]);
        }
    }

    fn link(&mut self, link: &LinkInfo) {
        if link.ip_literal {
            self.push(&["url:ip"]);
            return;
        }
        self.push(&["url:domain=", &link.domain]);
        self.push(&["url:tld=", &link.tld]);
        if link.shortener {
            self.push(&["url:shortener"]);
        }
        // The words of the domain name count as words: spam domains are
        // made of the same keywords as spam (cheap-pills, best-cbd-oil).
        let labels = link.domain.rsplit_once('.').map_or("", |(name, _)| name);
        for word in labels.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() >= 3) {
            self.word(word);
        }
    }
}

/// Hash of a token's canonical text: the feature hash of a single word.
pub fn token_hash(text: &str) -> u64 {
    xxh3_64(text.as_bytes())
}

/// Mixes two token hashes into a bigram hash. Order matters: `you idiot` and
/// `idiot you` differ.
fn bigram_hash(a: u64, b: u64) -> u64 {
    // splitmix64 finalizer over a non-commutative combination.
    let mut z = a.rotate_left(23) ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xB16A_3B5E_D1C7_0001;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// How a group's name is shown in a feature with the group slot.
pub const GROUP_SLOT: &str = "<group>";

/// Hash standing for "any group's name" in a token pair. Not the hash of any
/// token text: the tokenizer never yields a NUL byte.
fn group_slot_hash() -> u64 {
    xxh3_64(b"\0group")
}

/// Hash of the feature "the comment names a group of people" (shown as
/// `<group>`), present when the model has group words and one is named.
pub fn group_mention_hash() -> u64 {
    xxh3_64(b"\0group mention")
}

/// The feature "the reply form's website field is filled".
const WEBSITE_FIELD: &str = "form:website";

/// Hash of [`WEBSITE_FIELD`], which training makes neutral.
pub fn website_field_hash() -> u64 {
    xxh3_64(WEBSITE_FIELD.as_bytes())
}

fn near_slot_hash() -> u64 {
    xxh3_64(b"\0near group")
}

/// Turns reply forms into features. Cheap to clone: the settings and the
/// word-class and group-word indexes are shared.
#[derive(Debug, Clone, Default)]
pub struct Featurizer {
    config: FeatureConfig,
    classes: Arc<WordClassIndex>,
    groups: Arc<IntSet<u64>>,
    group_context: Arc<IntSet<u64>>,
}

impl Featurizer {
    pub fn new(config: FeatureConfig) -> Self {
        let classes = Arc::new(WordClassIndex::new(&config.word_classes));
        let hashed = |words: &[String]| Arc::new(words.iter().map(|w| token_hash(w)).collect::<IntSet<u64>>());
        let groups = hashed(&config.group_words);
        let group_context = hashed(&config.group_context_words);
        Featurizer { config, classes, groups, group_context }
    }

    pub fn config(&self) -> &FeatureConfig {
        &self.config
    }

    /// Whether a token hash is a group's name (one of the model's group
    /// words).
    pub fn names_group(&self, hash: u64) -> bool {
        self.groups.contains(&hash)
    }

    /// Featurizes a comment into a fresh [`Features`].
    pub fn featurize(&self, input: &CommentInput<'_>) -> Features {
        let mut out = Features::default();
        self.featurize_into(input, &mut out);
        out
    }

    /// Featurizes a comment, reusing the buffers of `out`.
    pub fn featurize_into(&self, input: &CommentInput<'_>, out: &mut Features) {
        out.clear();
        let cfg = &self.config;
        normalize_into(input.content, cfg.max_bytes, &mut out.normalized);
        tokenize_into(&out.normalized, cfg.max_tokens, &mut out.tokens);

        for (i, token) in out.tokens.tokens.iter().enumerate() {
            let hash = token_hash(out.tokens.text(token));
            out.token_hashes.push(hash);
            out.items.push(Feature { hash, label: Label::Token(i as u32) });
        }
        if cfg.bigrams {
            for i in 1..out.token_hashes.len() {
                out.items.push(Feature {
                    hash: bigram_hash(out.token_hashes[i - 1], out.token_hashes[i]),
                    label: Label::Bigram(i as u32 - 1),
                });
            }
        }
        if !self.groups.is_empty() {
            let (slot, near) = (group_slot_hash(), near_slot_hash());
            let window = cfg.group_window as usize;
            let hashes = &out.token_hashes;
            let is_context = |i: usize| self.group_context.contains(&hashes[i]);
            let mut named = false;
            for i in (0..hashes.len()).filter(|&i| self.groups.contains(&hashes[i])) {
                if !named {
                    named = true;
                    out.items.push(Feature { hash: group_mention_hash(), label: Label::GroupMention(i as u32) });
                }
                if i + 1 < hashes.len() && is_context(i + 1) {
                    let hash = bigram_hash(slot, hashes[i + 1]);
                    out.items.push(Feature { hash, label: Label::GroupThen(i as u32) });
                }
                if i > 0 && is_context(i - 1) {
                    let hash = bigram_hash(hashes[i - 1], slot);
                    out.items.push(Feature { hash, label: Label::BeforeGroup(i as u32) });
                }
                let start = i.saturating_sub(window);
                let end = (i + window + 1).min(hashes.len());
                for (j, word) in hashes[start..end].iter().enumerate().map(|(k, word)| (start + k, word)) {
                    if !self.groups.contains(word) {
                        out.items.push(Feature { hash: bigram_hash(near, *word), label: Label::NearGroup(j as u32) });
                    }
                }
            }
        }

        let Features { normalized, tokens, items, labels, name_tokens, scratch, token_hashes } = out;
        let mut sink = MetaSink { labels, items, classes: &self.classes };

        if !self.classes.labels.is_empty() {
            for i in 0..token_hashes.len() {
                sink.classes_at(&token_hashes[i..]);
            }
        }

        // Links: how many, and where they go.
        let link_count = match tokens.links.len() {
            0 => None,
            1 => Some("meta:links=1"),
            2 => Some("meta:links=2"),
            _ => Some("meta:links=3+"),
        };
        if let Some(label) = link_count {
            sink.push(&[label]);
        }
        for link in &tokens.links {
            sink.link(link);
        }
        for token in tokens.tokens.iter().filter(|t| t.kind == TokenKind::Email) {
            if let Some(tld) = email_tld(&normalized.text[token.start as usize..token.end as usize]) {
                sink.push(&["email:tld=", tld]);
            }
        }

        // Style.
        let stats = normalized.stats;
        let letters = stats.upper + stats.lower;
        if letters >= 12 {
            let share = stats.upper as f32 / letters as f32;
            if share > 0.6 {
                sink.push(&["meta:caps=high"]);
            } else if share > 0.3 {
                sink.push(&["meta:caps=mid"]);
            }
        }
        if stats.exclaim_runs > 0 {
            sink.push(&["meta:exclaim"]);
        }
        if stats.elongations > 0 {
            sink.push(&["meta:elongated"]);
        }

        // The rest of the reply form.
        if let Some(url) = input.author_url.map(str::trim).filter(|u| !u.is_empty()) {
            sink.push(&[WEBSITE_FIELD]);
            if let Some(link) = link_info(&url.to_lowercase()) {
                sink.link(&link);
            }
        }
        if let Some(email) = input.author_email.map(|e| e.trim().to_lowercase()) {
            // Its own feature: an address in the text ("mail me at ...") is
            // a spam signal the data teaches; the form's e-mail field is
            // filled by everyone, and only feedback can teach what it says.
            if let Some(tld) = email_tld(&email) {
                sink.push(&["form:email_tld=", tld]);
            }
        }
        if let Some(name) = input.author_name.map(str::trim).filter(|n| !n.is_empty()) {
            normalize_into(name, 512, scratch);
            tokenize_into(scratch, 64, name_tokens);
            for token in &name_tokens.tokens {
                sink.push(&["name:", name_tokens.text(token)]);
                // A name made of keywords ("Cheap Viagra", "Best CBD Oil")
                // speaks like the comment itself: its words count as words.
                if token.kind == TokenKind::Word {
                    sink.word(name_tokens.text(token));
                }
            }
        }

        // A set: each feature counts once. Sorting by (hash, label) keeps the
        // first occurrence's label, so the result is deterministic.
        out.items.sort_unstable_by_key(|f| (f.hash, label_order(&f.label)));
        out.items.dedup_by_key(|f| f.hash);
    }
}

fn label_order(label: &Label) -> (u8, u32) {
    match *label {
        Label::Token(i) => (0, i),
        Label::Bigram(i) => (1, i),
        Label::GroupThen(i) => (2, i),
        Label::BeforeGroup(i) => (3, i),
        Label::NearGroup(i) => (4, i),
        Label::GroupMention(i) => (5, i),
        Label::Text(s, _) => (6, s),
    }
}

fn email_tld(email: &str) -> Option<&str> {
    let domain = email.rsplit('@').next()?;
    let tld = domain.rsplit('.').next()?;
    (!tld.is_empty() && tld.len() <= 24 && tld.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(tld)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(input: &CommentInput<'_>) -> Vec<String> {
        let f = Featurizer::default().featurize(input);
        let mut v: Vec<String> = f.items().iter().map(|i| f.display(i).into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn words_bigrams_and_meta_features() {
        let l = labels(&CommentInput::text("You IDIOT!! see http://x.ru"));
        for want in [
            "you",
            "idiot",
            "you idiot",
            "see <url>",
            "<url>",
            "meta:links=1",
            "url:domain=x.ru",
            "url:tld=ru",
            "meta:exclaim",
        ] {
            assert!(l.contains(&want.to_string()), "missing {want} in {l:?}");
        }
    }

    #[test]
    fn features_are_a_set() {
        let f = Featurizer::default().featurize(&CommentInput::text("buy buy buy buy"));
        let shown: Vec<_> = f.items().iter().map(|i| f.display(i).into_owned()).collect();
        assert_eq!(shown.iter().filter(|s| *s == "buy").count(), 1);
        assert_eq!(shown.iter().filter(|s| *s == "buy buy").count(), 1);
    }

    #[test]
    fn the_website_field_feature_has_the_published_hash() {
        // Training makes this feature neutral by its hash; a change to how
        // it is spelt must not leave that rule pointing at nothing.
        let input =
            CommentInput { content: "Nice", author_url: Some("https://example.org/"), ..CommentInput::default() };
        let f = Featurizer::default().featurize(&input);
        let website: Vec<_> = f.items().iter().filter(|i| i.hash == website_field_hash()).collect();
        assert_eq!(website.len(), 1);
        assert_eq!(f.display(website[0]), "form:website");
        let without = Featurizer::default().featurize(&CommentInput { content: "Nice", ..CommentInput::default() });
        assert!(!without.items().iter().any(|i| i.hash == website_field_hash()));
    }

    #[test]
    fn form_fields_add_their_own_features() {
        let l = labels(&CommentInput {
            content: "Great post",
            author_name: Some("Cheap Viagra"),
            author_email: Some("bot@spam.ru"),
            author_url: Some("https://www.cheap-pills.ru/"),
        });
        for want in ["form:website", "url:domain=cheap-pills.ru", "url:tld=ru", "name:viagra", "form:email_tld=ru"] {
            assert!(l.contains(&want.to_string()), "missing {want} in {l:?}");
        }
        assert!(!l.contains(&"meta:links=1".to_string()), "the website field is not a link in the text");
    }

    #[test]
    fn name_words_do_not_outlive_their_form() {
        let featurizer = Featurizer::default();
        let mut f = Features::default();
        featurizer.featurize_into(
            &CommentInput { content: "hi", author_name: Some("Cheap V1agra"), ..Default::default() },
            &mut f,
        );
        assert_eq!(f.name_words(), ["cheap", "viagra"]);
        featurizer.featurize_into(&CommentInput::text("hi"), &mut f);
        assert!(f.name_words().is_empty(), "a reused buffer forgets the last name");
    }

    fn with_classes(classes: &[(&str, &[&str])]) -> FeatureConfig {
        FeatureConfig {
            word_classes: classes
                .iter()
                .map(|(c, ws)| (c.to_string(), ws.iter().map(|w| w.to_string()).collect()))
                .collect(),
            ..FeatureConfig::default()
        }
    }

    #[test]
    fn word_classes_fire_once_wherever_a_member_is_a_word() {
        let featurizer = Featurizer::new(with_classes(&[
            ("pharma", &["xanax", "viagra", "pills"]),
            ("dehumanizing", &["vermin", "cockroaches"]),
        ]));
        let shown = |input: &CommentInput<'_>| {
            let f = featurizer.featurize(input);
            f.items().iter().map(|i| f.display(i).into_owned()).collect::<Vec<_>>()
        };
        let text = shown(&CommentInput::text("they are v3rmin and c0ckroaches"));
        assert_eq!(text.iter().filter(|l| *l == "class:dehumanizing").count(), 1, "{text:?}");
        assert!(!text.contains(&"class:pharma".to_string()));
        let name = shown(&CommentInput { content: "hello", author_name: Some("Xanax Shop"), ..Default::default() });
        assert!(name.contains(&"class:pharma".to_string()), "{name:?}");
        let domain = shown(&CommentInput::text("see https://cheap-pills.com/"));
        assert!(domain.contains(&"class:pharma".to_string()), "{domain:?}");
        assert!(!shown(&CommentInput::text("a civil remark")).iter().any(|l| l.starts_with("class:")));
    }

    #[test]
    fn phrase_classes_need_every_word_in_order() {
        let featurizer = Featurizer::new(with_classes(&[("exclusion", &["send them back", "deport them"])]));
        let count = |text: &str| {
            let f = featurizer.featurize(&CommentInput::text(text));
            f.items().iter().filter(|i| f.display(i) == "class:exclusion").count()
        };
        assert_eq!(count("Send them BACK!"), 1);
        assert_eq!(count("just deport them"), 1);
        assert_eq!(count("send them back, deport them"), 1, "a class is present or not");
        assert_eq!(count("send them"), 0, "a phrase cut short at the end");
        assert_eq!(count("send back them"), 0);
        assert_eq!(count("they send them aid and back them"), 0);
    }

    #[test]
    fn word_classes_must_be_written_as_the_tokenizer_reads_them() {
        assert!(with_classes(&[("pharma", &["xanax"])]).validate().is_ok());
        assert!(with_classes(&[("exclusion", &["send them back"])]).validate().is_ok());
        for bad in [
            with_classes(&[("pharma", &["Xanax"])]),
            with_classes(&[("insult", &["kill  you"])]),
            with_classes(&[("insult", &["don't"])]),
        ] {
            let err = bad.validate().unwrap_err();
            assert!(err.contains("canonical"), "{err}");
        }
        assert!(with_classes(&[("Bad Name", &["x"])]).validate().is_err());
        assert!(with_classes(&[("empty", &[])]).validate().is_err());
    }

    fn with_groups(context: &[&str], window: u32) -> Featurizer {
        Featurizer::new(FeatureConfig {
            group_words: ["immigrants", "muslims", "women"].map(String::from).to_vec(),
            group_context_words: context.iter().map(|w| w.to_string()).collect(),
            group_window: window,
            ..FeatureConfig::default()
        })
    }

    fn shown(featurizer: &Featurizer, text: &str) -> Vec<String> {
        let f = featurizer.featurize(&CommentInput::text(text));
        f.items().iter().map(|i| f.display(i).into_owned()).collect()
    }

    #[test]
    fn group_slot_pairs_only_with_context_words() {
        let featurizer = with_groups(&["are", "all"], 0);
        let l = shown(&featurizer, "All immigrants are invaders");
        for want in ["all <group>", "<group> are", "<group>", "immigrants are"] {
            assert!(l.contains(&want.to_string()), "missing {want} in {l:?}");
        }
        let l = shown(&featurizer, "Muslim women cook");
        assert!(!l.iter().any(|x| x.contains("<group> ") || x.contains(" <group>")), "{l:?}");
        assert_eq!(l.iter().filter(|x| *x == "<group>").count(), 1, "{l:?}");
        assert!(!shown(&featurizer, "they are all here").iter().any(|x| x.contains("<group>")));
    }

    #[test]
    fn near_group_words_within_the_window_and_mention_once() {
        let featurizer = with_groups(&["are"], 2);
        let l = shown(&featurizer, "honestly i think the immigrants are invaders everywhere and muslims too");
        for want in ["near <group>: the", "near <group>: are", "near <group>: invaders", "near <group>: and"] {
            assert!(l.contains(&want.to_string()), "missing {want} in {l:?}");
        }
        assert!(!l.contains(&"near <group>: honestly".to_string()), "outside the window: {l:?}");
        assert!(!l.iter().any(|x| x == "near <group>: immigrants" || x == "near <group>: muslims"));
        assert_eq!(l.iter().filter(|x| *x == "<group>").count(), 1, "{l:?}");
        assert!(!shown(&Featurizer::default(), "the immigrants are here").iter().any(|x| x.contains("<group>")));
    }

    #[test]
    fn group_features_at_the_edges_of_the_text() {
        let featurizer = with_groups(&["all", "are"], 10);
        let f = featurizer.featurize(&CommentInput::text("all immigrants"));
        let before = f.items().iter().find(|i| f.display(i) == "all <group>").expect("pair before the name");
        assert_eq!(f.token_hashes_of(before), [token_hash("all")]);
        assert_eq!(f.normalized_span(before), Some((0, "all immigrants".len())));
        let f = featurizer.featurize(&CommentInput::text("immigrants"));
        let shown: Vec<_> = f.items().iter().map(|i| f.display(i).into_owned()).collect();
        assert_eq!(shown.iter().filter(|s| s.contains("<group>")).count(), 1, "only the mention: {shown:?}");
        assert!(featurizer.featurize(&CommentInput::text("")).items().is_empty());
    }

    #[test]
    fn group_pairs_are_made_of_their_word_alone() {
        let featurizer = with_groups(&["are"], 1);
        let f = featurizer.featurize(&CommentInput::text("immigrants are"));
        let are = token_hash("are");
        for item in f.items() {
            let label = f.display(item);
            let parts = f.token_hashes_of(item);
            match label.as_ref() {
                "<group> are" | "near <group>: are" => {
                    assert!(f.is_group_context(item));
                    assert_eq!(parts, [are], "{label}");
                }
                "<group>" => {
                    assert!(!f.is_group_context(item));
                    assert_eq!(parts, [token_hash("immigrants")], "the mention is the group's name");
                }
                _ => assert!(!f.is_group_context(item), "{label}"),
            }
        }
    }

    #[test]
    fn bigram_hash_depends_on_order() {
        assert_ne!(bigram_hash(1, 2), bigram_hash(2, 1));
    }

    #[test]
    fn caps_share_is_a_feature() {
        assert!(labels(&CommentInput::text("BUY THIS AMAZING PRODUCT NOW")).contains(&"meta:caps=high".to_string()));
        assert!(
            !labels(&CommentInput::text("buy this amazing product now")).iter().any(|l| l.starts_with("meta:caps"))
        );
    }

    #[test]
    fn same_input_same_features() {
        let a = Featurizer::default().featurize(&CommentInput::text("Hello there, friend"));
        let b = Featurizer::default().featurize(&CommentInput::text("Hello there, friend"));
        assert_eq!(a.items(), b.items());
    }
}
