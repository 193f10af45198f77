//! Word-level tokenization of normalized text.
//!
//! Input is the output of [`crate::text::normalize`]: lowercase, single
//! spaces, no invisible characters. This module splits it into tokens and
//! undoes the disguises that only make sense at word level:
//!
//! - links and e-mail addresses become one token each, and links remember
//!   their host, so `https://cheap-pills.ru/buy` feeds both "there is a link"
//!   and "the link goes to a `.ru` pharmacy" to the features;
//! - phone numbers and money amounts become one token each;
//! - leetspeak inside a word is mapped back (`v1agra`, `sh!t`, `p0rn`),
//!   but only when a substitute sits *between* letters, so `covid19`, `mp3`
//!   and `2nd` stay as written;
//! - masked profanity is matched against the words it masks (`f*ck`, `f***`,
//!   `b*tch`), since the asterisks are exactly what a filter must see through;
//! - letters spelled out one by one (`i d i o t`, `v-i-a-g-r-a`,
//!   `U.S.A.`) are joined back into a word;
//! - Latin words salted with Cyrillic or Greek look-alikes (`vіagra` with a
//!   Cyrillic `і`) are mapped to Latin; all-Cyrillic words are left alone.
//!
//! Every token keeps its byte span in the normalized text, so evidence can be
//! mapped back to the original comment.

use super::normalize::Normalized;
use linkify::{LinkFinder, LinkKind};
use std::sync::OnceLock;

/// Longest word kept, in bytes; longer runs are cut (a 1 MB "word" is a
/// 40-byte token, not a 1 MB key).
pub const MAX_WORD_BYTES: usize = 40;

/// What a token stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Word,
    Number,
    Url,
    Email,
    Phone,
    Money,
}

impl TokenKind {
    /// The canonical text of non-word tokens: all links look alike to the
    /// word model; their hosts are separate features.
    pub fn placeholder(self) -> Option<&'static str> {
        match self {
            TokenKind::Word => None,
            TokenKind::Number => Some("<num>"),
            TokenKind::Url => Some("<url>"),
            TokenKind::Email => Some("<email>"),
            TokenKind::Phone => Some("<phone>"),
            TokenKind::Money => Some("<money>"),
        }
    }
}

/// One token: its kind, canonical text (in [`Tokens::canon`]) and span in
/// the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    canon_start: u32,
    canon_end: u32,
    /// Byte span in the normalized text.
    pub start: u32,
    pub end: u32,
}

/// What a link points at, for features and rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkInfo {
    /// Registrable part of the host (`cheap-pills.ru`, `bbc.co.uk`), or
    /// `ip` for an address literal.
    pub domain: String,
    /// Last label of the host (`ru`).
    pub tld: String,
    /// A known URL shortener, which hides the real target.
    pub shortener: bool,
    /// The host is an IP address literal.
    pub ip_literal: bool,
}

/// A tokenized text, with reusable buffers.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    canon: String,
    /// One entry per `Url` token, in order.
    pub links: Vec<LinkInfo>,
    /// Whether tokenization stopped at the token cap.
    pub capped: bool,
}

impl Tokens {
    pub fn clear(&mut self) {
        self.tokens.clear();
        self.canon.clear();
        self.links.clear();
        self.capped = false;
    }

    /// Canonical text of a token: the cleaned word, or a placeholder such as
    /// `<url>`.
    pub fn text(&self, token: &Token) -> &str {
        &self.canon[token.canon_start as usize..token.canon_end as usize]
    }

    /// The words of the text joined by single spaces: what word and pattern
    /// rules match against, after all de-obfuscation.
    pub fn canonical_text(&self) -> String {
        let mut out = String::with_capacity(self.canon.len() + self.tokens.len());
        for (i, token) in self.tokens.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(self.text(token));
        }
        out
    }

    fn push(&mut self, kind: TokenKind, canon: &str, start: usize, end: usize) {
        let canon_start = self.canon.len() as u32;
        self.canon.push_str(canon);
        self.tokens.push(Token {
            kind,
            canon_start,
            canon_end: self.canon.len() as u32,
            start: start as u32,
            end: end as u32,
        });
    }
}

/// Tokenizes normalized text, keeping at most `max_tokens` tokens.
pub fn tokenize(normalized: &Normalized, max_tokens: usize) -> Tokens {
    let mut out = Tokens::default();
    tokenize_into(normalized, max_tokens, &mut out);
    out
}

/// Like [`tokenize`], writing into `out` so callers can reuse its buffers.
pub fn tokenize_into(normalized: &Normalized, max_tokens: usize, out: &mut Tokens) {
    let text = normalized.text.as_str();
    out.clear();
    let mut scratch = String::new();
    let mut pos = 0;
    for link in link_finder().links(text) {
        if out.tokens.len() >= max_tokens {
            break;
        }
        scan_segment(text, pos, link.start(), max_tokens, out, &mut scratch);
        pos = link.start();
        let raw = link.as_str();
        match link.kind() {
            LinkKind::Email => {
                if out.tokens.len() < max_tokens {
                    out.push(TokenKind::Email, "<email>", link.start(), link.end());
                }
                pos = link.end();
            }
            _ => {
                if let Some(info) = link_info(raw) {
                    if out.tokens.len() < max_tokens {
                        out.push(TokenKind::Url, "<url>", link.start(), link.end());
                        out.links.push(info);
                    }
                    pos = link.end();
                }
                // Not plausibly a link ("node.js"): scanned as words below.
            }
        }
    }
    if out.tokens.len() < max_tokens {
        scan_segment(text, pos, text.len(), max_tokens, out, &mut scratch);
    }
    out.capped = out.tokens.len() >= max_tokens;
    join_spelled_out_letters(text, &normalized.wide_spaces, out);
}

fn link_finder() -> &'static LinkFinder {
    static FINDER: OnceLock<LinkFinder> = OnceLock::new();
    FINDER.get_or_init(|| {
        let mut finder = LinkFinder::new();
        finder.url_must_have_scheme(false);
        finder.kinds(&[LinkKind::Url, LinkKind::Email]);
        finder
    })
}

/// Parses the host out of a link found in normalized text. Links without a
/// scheme must start with `www.` or end in a known top-level domain, so
/// that `node.js` or `e.g.` are not links.
pub fn link_info(raw: &str) -> Option<LinkInfo> {
    let (has_scheme, rest) = match raw.find("://") {
        Some(i) => (true, &raw[i + 3..]),
        None => (false, raw),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        // IPv6 literal.
        return Some(LinkInfo { domain: "ip".into(), tld: "ip".into(), shortener: false, ip_literal: true });
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.');
    if host.is_empty() {
        return None;
    }
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() == 4 && labels.iter().all(|l| l.bytes().all(|b| b.is_ascii_digit())) {
        return Some(LinkInfo { domain: "ip".into(), tld: "ip".into(), shortener: false, ip_literal: true });
    }
    let tld = *labels.last()?;
    if !has_scheme && !host.starts_with("www.") && !is_known_tld(tld) {
        return None;
    }
    let host = host.strip_prefix("www.").unwrap_or(host);
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let keep = if labels.len() >= 3
        && tld.len() == 2
        && matches!(labels[labels.len() - 2], "co" | "com" | "net" | "org" | "gov" | "edu" | "ac" | "or" | "ne" | "go")
    {
        3
    } else {
        2
    };
    let domain = labels[labels.len().saturating_sub(keep)..].join(".");
    // Google Maps shares its places through goo.gl: the link hides no
    // target, it is a map.
    let map = matches!(host, "maps.app.goo.gl" | "maps.goo.gl");
    let shortener = SHORTENERS.binary_search(&domain.as_str()).is_ok() && !map;
    Some(LinkInfo { domain, tld: tld.to_string(), shortener, ip_literal: false })
}

fn is_known_tld(tld: &str) -> bool {
    KNOWN_TLDS.binary_search(&tld).is_ok()
}

/// Top-level domains accepted for links written without a scheme. Sorted.
const KNOWN_TLDS: &[&str] = &[
    "ae", "ai", "am", "app", "ar", "asia", "at", "au", "be", "bet", "bg", "bid", "biz", "blog", "br", "buzz", "by",
    "ca", "casino", "cc", "cf", "ch", "cl", "click", "club", "cn", "co", "com", "cx", "cz", "de", "dev", "dk",
    "download", "ee", "es", "eu", "fi", "fm", "fr", "fun", "ga", "gd", "gdn", "gg", "gl", "gq", "gr", "hk", "hr", "hu",
    "icu", "id", "ie", "il", "im", "in", "info", "io", "ir", "is", "it", "jp", "kp", "kr", "kz", "la", "li", "life",
    "link", "live", "loan", "lt", "ltd", "lv", "ly", "md", "me", "ml", "mn", "mx", "my", "net", "news", "ng", "nl",
    "no", "nu", "nz", "online", "org", "ph", "pk", "pl", "porn", "pt", "pw", "ro", "rs", "ru", "sa", "se", "sex", "sg",
    "shop", "si", "site", "sk", "space", "st", "store", "su", "tk", "to", "today", "top", "tr", "tv", "tw", "ua", "uk",
    "us", "vc", "vip", "vn", "website", "win", "work", "world", "ws", "xxx", "xyz", "za",
];

/// Registrable domains of well-known URL shorteners. Sorted.
const SHORTENERS: &[&str] = &[
    "adf.ly",
    "bit.ly",
    "bitly.com",
    "bl.ink",
    "buff.ly",
    "clck.ru",
    "cutt.ly",
    "goo.gl",
    "is.gd",
    "lnkd.in",
    "ouo.io",
    "ow.ly",
    "qps.ru",
    "rb.gy",
    "rebrand.ly",
    "s.id",
    "shorte.st",
    "shorturl.at",
    "soo.gd",
    "t.co",
    "t.ly",
    "tiny.cc",
    "tinyurl.com",
    "tr.im",
    "v.gd",
    "x.co",
];

const CURRENCY_SYMBOLS: &[char] = &['$', '£', '€', '¥', '₹', '₽', '₩', '₿'];
const CURRENCY_WORDS: &[&str] = &["btc", "bucks", "dollar", "dollars", "eur", "euro", "euros", "gbp", "pounds", "usd"];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`')
}

/// Symbols that stand in for letters inside a word.
fn leet_letter(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        _ => return None,
    })
}

fn is_mask(c: char) -> bool {
    matches!(c, '*' | '#')
}

/// Characters that may join a word run when letters follow.
fn is_joiner(c: char) -> bool {
    is_apostrophe(c) || is_mask(c) || matches!(c, '@' | '$' | '!' | '|')
}

/// Scans `text[from..to]` (no links inside) into tokens.
fn scan_segment(text: &str, from: usize, to: usize, max_tokens: usize, out: &mut Tokens, scratch: &mut String) {
    let seg = &text[..to];
    let mut i = from;
    while i < to {
        if out.tokens.len() >= max_tokens {
            return;
        }
        let c = seg[i..].chars().next().expect("char boundary");
        if c == ' ' {
            i += 1;
            continue;
        }
        if CURRENCY_SYMBOLS.contains(&c) {
            let after = i + c.len_utf8();
            let digits_at = if seg[after..].starts_with(' ') { after + 1 } else { after };
            if seg[digits_at..].starts_with(|d: char| d.is_ascii_digit()) {
                let end = scan_number(seg, digits_at);
                out.push(TokenKind::Money, "<money>", i, end);
                i = end;
                continue;
            }
        }
        if (c.is_ascii_digit() || c == '+' || c == '(')
            && let Some(end) = scan_phone(seg, i)
        {
            out.push(TokenKind::Phone, "<phone>", i, end);
            i = end;
            continue;
        }
        if c == '@' && seg[i + 1..].starts_with(|n: char| is_word_char(n) || n == '_') {
            // An @mention names a person, not a topic: skip it entirely.
            i += 1;
            while i < to {
                let n = seg[i..].chars().next().expect("char boundary");
                if !(is_word_char(n) || n == '_') {
                    break;
                }
                i += n.len_utf8();
            }
            continue;
        }
        let leet_lead = c == '$' && seg[i + 1..].starts_with(|n: char| n.is_alphabetic());
        if is_word_char(c) || leet_lead {
            let end = scan_word_run(seg, i);
            let raw = &seg[i..end];
            if raw.bytes().all(|b| b.is_ascii_digit()) || is_decimal(raw) {
                let end = scan_number(seg, i);
                let kind = if followed_by_currency_word(seg, end) { TokenKind::Money } else { TokenKind::Number };
                out.push(kind, kind.placeholder().expect("not a word"), i, end);
                i = end;
                continue;
            }
            scratch.clear();
            canonicalize_word(raw, scratch);
            if !scratch.is_empty() {
                out.push(TokenKind::Word, scratch, i, end);
            }
            i = end;
            continue;
        }
        // Punctuation and symbols are separators.
        i += c.len_utf8();
    }
}

fn is_decimal(raw: &str) -> bool {
    raw.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && raw.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

/// End of a number starting at `i`: digits with `.`/`,` groups.
fn scan_number(s: &str, i: usize) -> usize {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() {
        let group_separator = (b[j] == b'.' || b[j] == b',') && j + 1 < b.len() && b[j + 1].is_ascii_digit();
        if b[j].is_ascii_digit() || group_separator {
            j += 1;
        } else {
            break;
        }
    }
    // A trailing "k" or "m" multiplier belongs to the amount ($500k).
    if j < b.len() && matches!(b[j], b'k' | b'm') && (j + 1 == b.len() || !b[j + 1].is_ascii_alphanumeric()) {
        j += 1;
    }
    j.max(i + 1)
}

fn followed_by_currency_word(s: &str, end: usize) -> bool {
    let rest = s[end..].trim_start_matches(' ');
    if rest.starts_with(CURRENCY_SYMBOLS) {
        return true;
    }
    let word: &str = rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    CURRENCY_WORDS.binary_search(&word).is_ok()
}

/// A phone number: 9 to 15 digits with phone-like grouping, starting at `i`.
fn scan_phone(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut j = i;
    let mut digits = 0;
    let mut last_digit_end = i;
    let mut separators = false;
    let mut groups_start_zero = b[i] == b'0';
    while j < b.len() {
        match b[j] {
            b'0'..=b'9' => {
                digits += 1;
                last_digit_end = j + 1;
            }
            b'-' | b'.' | b'(' | b')' | b'+' => separators = true,
            b' ' => {
                // A space continues the number only if digits follow.
                if !(j + 1 < b.len() && (b[j + 1].is_ascii_digit() || b[j + 1] == b'(')) {
                    break;
                }
            }
            _ => break,
        }
        if digits > 15 {
            return None;
        }
        j += 1;
    }
    if j < b.len() && b[j].is_ascii_alphabetic() && last_digit_end == j {
        // "0845abc" is not a phone number.
        return None;
    }
    groups_start_zero |= b[i] == b'+' || b[i] == b'(';
    if !groups_start_zero && !looks_like_phone_grouping(&s[i..last_digit_end]) {
        return None;
    }
    let single_long_group = !separators && digits >= 10 && !s[i..last_digit_end].contains(' ');
    if (9..=15).contains(&digits) && (separators || groups_start_zero || single_long_group) {
        Some(last_digit_end)
    } else {
        None
    }
}

/// Rules out the digit runs that are grouped like phone numbers but are
/// not: IP addresses (`99.235.43.93`: dotted groups of at most three
/// digits, which Wikipedia talk pages sign with), dates (`2006-01-15`) and
/// ranges (`30000-100000`: two groups joined by one dash).
fn looks_like_phone_grouping(candidate: &str) -> bool {
    let groups: Vec<&str> = candidate.split(|c: char| !c.is_ascii_digit()).filter(|g| !g.is_empty()).collect();
    let only = |sep: char| candidate.chars().all(|c| c.is_ascii_digit() || c == sep);
    let ip_like = only('.') && groups.len() >= 3 && groups.iter().all(|g| g.len() <= 3);
    let date_like = candidate.len() >= 5
        && (candidate.starts_with("19") || candidate.starts_with("20"))
        && candidate.as_bytes()[4] == b'-'
        && groups.first().is_some_and(|g| g.len() == 4);
    let range_like = only('-') && groups.len() == 2;
    !(ip_like || date_like || range_like)
}

/// End of a word run starting at `i`: word characters, plus joiners that
/// sit between word characters, plus trailing masks (`f***`).
fn scan_word_run(s: &str, i: usize) -> usize {
    let mut end = i;
    let mut has_letters = false;
    for (off, c) in s[i..].char_indices() {
        if is_word_char(c) {
            has_letters |= c.is_alphabetic();
            end = i + off + c.len_utf8();
            continue;
        }
        if off == 0 && c == '$' {
            end = i + 1;
            continue;
        }
        if is_joiner(c) {
            // Look ahead past further joiners for a word character.
            let mut look = s[i + off..].chars();
            let mut joined = false;
            let mut run_len = 0;
            for n in look.by_ref() {
                if is_joiner(n) {
                    run_len += n.len_utf8();
                    continue;
                }
                joined = is_word_char(n);
                break;
            }
            if joined {
                continue;
            }
            // Trailing masks after letters belong to the word.
            if has_letters && is_mask(c) {
                let masks = s[i + off..].chars().take_while(|&m| is_mask(m)).count();
                if masks == run_len {
                    end = i + off + masks;
                }
            }
            break;
        }
        break;
    }
    end.max(i + s[i..].chars().next().map_or(1, char::len_utf8))
}

/// Turns a raw word run into its canonical form in `out`.
fn canonicalize_word(raw: &str, out: &mut String) {
    // Most words are plain ASCII letters: nothing to undo.
    if raw.len() <= MAX_WORD_BYTES && raw.bytes().all(|b| b.is_ascii_lowercase()) {
        out.push_str(raw);
        return;
    }
    let has_mask = raw.chars().any(is_mask);
    if has_mask && unmask_profanity(raw, out) {
        return;
    }
    let chars: Vec<char> = raw.chars().filter(|&c| !is_apostrophe(c) && !is_mask(c)).collect();
    let letters = chars.iter().filter(|c| c.is_alphabetic()).count();
    let interior_leet = letters >= 2
        && (1..chars.len().saturating_sub(1)).any(|k| {
            leet_letter(chars[k]).is_some()
                && (chars[k - 1].is_alphabetic() || leet_letter(chars[k - 1]).is_some())
                && (chars[k + 1].is_alphabetic() || leet_letter(chars[k + 1]).is_some())
        });
    let leading_symbol = matches!(chars.first(), Some('$')) && letters >= 2;
    let mixed_script = has_latin(&chars) && chars.iter().any(|&c| confusable_latin(c).is_some());
    for &c in &chars {
        let mapped = if (interior_leet || leading_symbol) && !c.is_alphabetic() {
            leet_letter(c)
        } else if mixed_script {
            Some(confusable_latin(c).unwrap_or(c))
        } else if c.is_alphanumeric() {
            Some(c)
        } else {
            None
        };
        if let Some(m) = mapped {
            if out.len() + m.len_utf8() > MAX_WORD_BYTES {
                break;
            }
            out.push(m);
        }
    }
}

fn has_latin(chars: &[char]) -> bool {
    chars.iter().any(|c| c.is_ascii_alphabetic())
}

/// Cyrillic and Greek letters that look like Latin ones once lowercased.
fn confusable_latin(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ε' => 'e',
        'һ' | 'н' => 'h',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'ӏ' => 'l',
        'м' => 'm',
        'η' => 'n',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'υ' => 'u',
        'ν' => 'v',
        'ԝ' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        _ => return None,
    })
}

/// Words that are commonly written with masks. Matched by shape: same
/// length, masks stand for any letter, shown letters must agree; a shown
/// final `s` may also be the plural of a listed word (`k*kes`).
const MASKED_WORDS: &[&str] = &[
    "fuck",
    "fucking",
    "fucker",
    "fucked",
    "fucks",
    "motherfucker",
    "shit",
    "shitty",
    "bullshit",
    "bitch",
    "bitches",
    "asshole",
    "ass",
    "cunt",
    "dick",
    "dickhead",
    "bastard",
    "whore",
    "slut",
    "faggot",
    "fag",
    "nigger",
    "nigga",
    "retard",
    "retarded",
    "pussy",
    "cock",
    "piss",
    "damn",
    "crap",
    "twat",
    "wanker",
    "idiot",
    "moron",
    "stupid",
    "kill",
    "rape",
    "porn",
    "sex",
    "viagra",
    "cialis",
    "casino",
    // Slurs for groups, masked for the same reasons as profanity. Last, so
    // that a mask that fits a commoner word reads as that word (`p*** off`
    // is `piss`, `k*** you` is `kill`).
    "chink",
    "gook",
    "kike",
    "spic",
    "wetback",
    "beaner",
    "coon",
    "paki",
    "raghead",
    "towelhead",
    "dyke",
    "tranny",
    "trannies",
];

fn unmask_profanity(raw: &str, out: &mut String) -> bool {
    let pattern: Vec<char> = raw
        .chars()
        .filter(|&c| !is_apostrophe(c))
        .map(|c| if is_mask(c) { '*' } else { leet_letter(c).unwrap_or(c) })
        .collect();
    let shown = pattern.iter().filter(|&&c| c != '*').count();
    if shown == 0 {
        return false;
    }
    let fits = |word: &str, pattern: &[char]| {
        word.chars().count() == pattern.len() && word.chars().zip(pattern).all(|(w, &p)| p == '*' || p == w)
    };
    if let Some(word) = MASKED_WORDS.iter().find(|w| fits(w, &pattern)) {
        out.push_str(word);
        return true;
    }
    // The plural: the shown `s` must not be the only letter shown.
    if let [stem @ .., 's'] = pattern.as_slice()
        && stem.iter().any(|&c| c != '*')
        && let Some(word) = MASKED_WORDS.iter().find(|w| !w.ends_with('s') && fits(w, stem))
    {
        out.push_str(word);
        out.push('s');
        return true;
    }
    false
}

/// Joins runs of three or more single letters separated only by short runs
/// of separators (`i d i o t`, `v-i-a-g-r-a`, `u.s.a`) into words.
///
/// A run can spell several words: `y o u   a r e   a n   i d i o t` puts
/// more whitespace between words than between letters. Normalization
/// collapsed it to one space but remembered where (`wide_spaces`); the run
/// is then read both as one word and as the words between its wide gaps
/// (`youareanidiot`, then `you are an idiot`).
fn join_spelled_out_letters(text: &str, wide_spaces: &[u32], out: &mut Tokens) {
    let single = |tokens: &Tokens, t: &Token| -> Option<char> {
        let s = tokens.text(t);
        let mut chars = s.chars();
        let c = chars.next()?;
        if chars.next().is_some() {
            return None;
        }
        match t.kind {
            TokenKind::Word if c.is_alphabetic() => Some(c),
            _ => None,
        }
    };
    let separator_gap = |a: &Token, b: &Token| -> bool {
        let gap = &text[a.end as usize..b.start as usize];
        gap.len() <= 3 && gap.chars().all(|c| matches!(c, ' ' | '.' | '-' | '_' | '*' | '/' | '|' | '+' | '·' | ','))
    };
    let n = out.tokens.len();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < n {
        if single(out, &out.tokens[k]).is_none() {
            k += 1;
            continue;
        }
        let mut e = k + 1;
        while e < n && single(out, &out.tokens[e]).is_some() && separator_gap(&out.tokens[e - 1], &out.tokens[e]) {
            e += 1;
        }
        if e - k >= 3 {
            runs.push((k, e));
        }
        k = e;
    }
    if runs.is_empty() {
        return;
    }
    let old = std::mem::take(&mut out.tokens);
    let old_canon = std::mem::take(&mut out.canon);
    let text_of = |t: &Token| &old_canon[t.canon_start as usize..t.canon_end as usize];
    let mut run_iter = runs.into_iter().peekable();
    let mut k = 0;
    let mut joined = String::new();
    while k < old.len() {
        if let Some(&(s, e)) = run_iter.peek()
            && s == k
        {
            joined.clear();
            for t in &old[s..e] {
                if joined.len() < MAX_WORD_BYTES {
                    joined.push_str(text_of(t));
                }
            }
            out.push(TokenKind::Word, &joined, old[s].start as usize, old[e - 1].end as usize);
            // Word gaps: where the input had a run of whitespace between two
            // letters. The whole run stays a word too, so a stray double
            // space (`i d  i o t`) cannot hide the word it interrupts.
            let wide = |i: usize| {
                let (gap_start, gap_end) = (old[i - 1].end, old[i].start);
                let at = wide_spaces.partition_point(|&p| p < gap_start);
                wide_spaces.get(at).is_some_and(|&p| p < gap_end)
            };
            let cuts: Vec<usize> = (s + 1..e).filter(|&i| wide(i)).collect();
            if !cuts.is_empty() {
                let mut word_start = s;
                for word_end in cuts.into_iter().chain(std::iter::once(e)) {
                    joined.clear();
                    for t in &old[word_start..word_end] {
                        if joined.len() < MAX_WORD_BYTES {
                            joined.push_str(text_of(t));
                        }
                    }
                    let (start, end) = (old[word_start].start as usize, old[word_end - 1].end as usize);
                    out.push(TokenKind::Word, &joined, start, end);
                    word_start = word_end;
                }
            }
            run_iter.next();
            k = e;
            continue;
        }
        let t = old[k];
        out.push(t.kind, text_of(&t), t.start as usize, t.end as usize);
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::normalize;

    fn words(s: &str) -> Vec<String> {
        let n = normalize(s, usize::MAX);
        let t = tokenize(&n, 10_000);
        t.tokens.iter().map(|k| t.text(k).to_string()).collect()
    }

    #[test]
    fn splits_words_and_drops_punctuation() {
        assert_eq!(words("Hello, world! It's fine."), ["hello", "world", "its", "fine"]);
    }

    #[test]
    fn maps_leetspeak_only_between_letters() {
        assert_eq!(words("buy v1agra and c1al1s"), ["buy", "viagra", "and", "cialis"]);
        assert_eq!(words("sh!t p0rn h3ll0"), ["shit", "porn", "hello"]);
        assert_eq!(words("covid19 mp3 2nd"), ["covid19", "mp3", "2nd"]);
        assert_eq!(words("$hit"), ["shit"]);
    }

    #[test]
    fn unmasks_profanity() {
        assert_eq!(words("f*ck you"), ["fuck", "you"]);
        assert_eq!(words("what the f***"), ["what", "the", "fuck"]);
        assert_eq!(words("b*tch"), ["bitch"]);
        assert_eq!(words("a**hole"), ["asshole"]);
        assert_eq!(words("send the ch*nks back"), ["send", "the", "chinks", "back"]);
        assert_eq!(words("k*kes tr*nnies r*tards"), ["kikes", "trannies", "retards"]);
        // A mask that fits a commoner word reads as that word.
        assert_eq!(words("p*** off"), ["piss", "off"]);
        assert_eq!(words("i will k*** you"), ["i", "will", "kill", "you"]);
        assert_eq!(words("co**"), ["cock"]);
        // No word gets a second plural `s`.
        assert_ne!(words("a**s"), ["asss"]);
    }

    #[test]
    fn spelled_out_words_keep_their_gaps() {
        assert_eq!(words("y o u   a r e   a n   i d i o t"), ["youareanidiot", "you", "are", "an", "idiot"]);
        assert_eq!(words("m e e t  l o c a l  g i r l s"), ["meetlocalgirls", "meet", "local", "girls"]);
        assert_eq!(words("f.u.c.k   y.o.u"), ["fuckyou", "fuck", "you"]);
        // Even gaps, however written, are one word; a stray wide gap does not
        // lose the word it interrupts.
        for one_word in ["v i a g r a", "v·i-a·g-r-a", "і d i o t", "í d i o t"] {
            assert_eq!(words(one_word).len(), 1, "{one_word}: {:?}", words(one_word));
        }
        assert!(words("you are an i d  i o t").contains(&"idiot".to_string()));
    }

    #[test]
    fn joins_spelled_out_letters() {
        assert_eq!(words("you are an i d i o t"), ["you", "are", "an", "idiot"]);
        assert_eq!(words("v-i-a-g-r-a now"), ["viagra", "now"]);
        assert_eq!(words("U.S.A. and the U.S."), ["usa", "and", "the", "u", "s"]);
        assert_eq!(words("I am a man"), ["i", "am", "a", "man"]);
    }

    #[test]
    fn maps_homoglyphs_only_in_mixed_script_words() {
        // Cyrillic і inside a Latin word.
        assert_eq!(words("v\u{0456}agra"), ["viagra"]);
        assert_eq!(words("Россия"), ["россия"]);
    }

    #[test]
    fn recognises_links_and_their_hosts() {
        let n = normalize("see https://www.Cheap-Pills.ru/buy?x=1 and bit.ly/3xYz or node.js", usize::MAX);
        let t = tokenize(&n, 100);
        let kinds: Vec<_> = t.tokens.iter().map(|k| k.kind).collect();
        assert_eq!(kinds.iter().filter(|&&k| k == TokenKind::Url).count(), 2);
        assert_eq!(t.links[0].domain, "cheap-pills.ru");
        assert_eq!(t.links[0].tld, "ru");
        assert!(t.links[1].shortener);
        assert!(!link_info("https://maps.app.goo.gl/x7Hq2").unwrap().shortener);
        assert!(link_info("https://goo.gl/x7Hq2").unwrap().shortener);
        assert!(t.canonical_text().ends_with("or node js"));
    }

    #[test]
    fn numbers_grouped_like_phones_but_not_phones() {
        let phones = |text: &str| {
            let t = tokenize(&normalize(text, usize::MAX), 100);
            t.tokens.iter().filter(|k| k.kind == TokenKind::Phone).count()
        };
        for not_phone in ["edited by 99.235.43.93", "on 2006-01-15 13:02", "between 30000-100000 people", "180.159.192"]
        {
            assert_eq!(phones(not_phone), 0, "{not_phone}");
        }
        for phone in ["call 818.956.0536", "WhatsApp +44 7700 900417", "(555) 016-7710", "0845-1234567"] {
            assert_eq!(phones(phone), 1, "{phone}");
        }
    }

    #[test]
    fn registrable_domain_keeps_second_level_country_domains() {
        assert_eq!(link_info("https://news.bbc.co.uk/x").unwrap().domain, "bbc.co.uk");
        assert_eq!(link_info("http://192.168.0.1/x").unwrap().domain, "ip");
        assert!(link_info("e.g").is_none());
    }

    #[test]
    fn recognises_emails_phones_and_money() {
        let n = normalize("mail me@x.com or call +1 (555) 123-4567 for $500 or 300 dollars in 2013 2014", usize::MAX);
        let t = tokenize(&n, 100);
        let kinds: Vec<_> = t.tokens.iter().map(|k| k.kind).collect();
        assert!(kinds.contains(&TokenKind::Email));
        assert!(kinds.contains(&TokenKind::Phone));
        assert_eq!(kinds.iter().filter(|&&k| k == TokenKind::Money).count(), 2);
        assert_eq!(kinds.iter().filter(|&&k| k == TokenKind::Number).count(), 2, "{kinds:?}");
    }

    #[test]
    fn lookup_tables_are_sorted() {
        assert!(KNOWN_TLDS.windows(2).all(|w| w[0] < w[1]));
        assert!(SHORTENERS.windows(2).all(|w| w[0] < w[1]));
        assert!(CURRENCY_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn mentions_are_skipped() {
        assert_eq!(words("@john_doe you are right"), ["you", "are", "right"]);
    }

    #[test]
    fn caps_tokens_and_word_length() {
        let long: String = "abcdefghij".repeat(100);
        let w = words(&long);
        assert_eq!(w.len(), 1);
        assert!(w[0].len() <= MAX_WORD_BYTES);
        let n = normalize(&"word ".repeat(100), usize::MAX);
        let t = tokenize(&n, 10);
        assert_eq!(t.tokens.len(), 10);
        assert!(t.capped);
    }

    #[test]
    fn spans_point_into_normalized_text() {
        let n = normalize("Hello   v1agra", usize::MAX);
        let t = tokenize(&n, 100);
        let tok = t.tokens[1];
        assert_eq!(&n.text[tok.start as usize..tok.end as usize], "v1agra");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::text::normalize::normalize;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn tokenization_never_panics_and_stays_bounded(
            s in "(\\PC|[ .,!?'*#@$:/\\-_0-9a-z]){0,300}", max_tokens in 1usize..50,
        ) {
            let n = normalize(&s, 10_000);
            let t = tokenize(&n, max_tokens);
            prop_assert!(t.tokens.len() <= max_tokens);
            prop_assert!(t.links.len() <= t.tokens.len());
            for token in &t.tokens {
                prop_assert!(t.text(token).len() <= MAX_WORD_BYTES);
                prop_assert!(!t.text(token).is_empty());
                let (start, end) = (token.start as usize, token.end as usize);
                prop_assert!(start < end && end <= n.text.len());
                prop_assert!(n.text.is_char_boundary(start) && n.text.is_char_boundary(end));
            }
        }

        #[test]
        fn links_and_words_survive_any_surroundings(prefix in "[ a-z!?,]{0,10}", suffix in "[ a-z!?,]{0,10}") {
            let text = format!("{prefix} visit https://example.com/x now {suffix}");
            let n = normalize(&text, 10_000);
            let t = tokenize(&n, 100);
            prop_assert_eq!(t.links.len(), 1);
            prop_assert_eq!(t.links[0].domain.as_str(), "example.com");
        }
    }
}
