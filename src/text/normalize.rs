//! Character-level normalization: the first step of the text pipeline.
//!
//! Spammers and trolls disguise words so that exact matching fails: HTML
//! entities (`v&#105;agra`), full-width or mathematical letters (`ｖｉａｇｒａ`,
//! `𝐯𝐢𝐚𝐠𝐫𝐚`), accents and "zalgo" stacks of combining marks, zero-width
//! joiners and bidi overrides hidden inside a word, and elongations
//! (`stuuuupid`). This module undoes the character-level tricks and leaves
//! the word-level ones (leetspeak, masked profanity, spaced letters,
//! homoglyphs mixed into Latin words) to [`crate::text::tokenize`], which can
//! look at whole words.
//!
//! The output is lowercase, single-spaced text plus, for every output byte,
//! the byte offset of the input character that produced it, so evidence can
//! be pointed back at the original comment (Perspective `spanScores`).
//!
//! Two properties are relied upon elsewhere and checked by property tests:
//! normalization is idempotent (`normalize(normalize(x)) == normalize(x)`),
//! and its output is never longer than a fixed multiple of the input it was
//! allowed to read, which is itself capped (`max_bytes`). The cap is what
//! keeps one hostile request from costing more than any other.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Counts gathered while normalizing, for style features that lowercasing
/// would otherwise erase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStats {
    /// Uppercase letters seen before lowercasing.
    pub upper: u32,
    /// Lowercase letters seen.
    pub lower: u32,
    /// Runs of three or more identical letters or symbols that were collapsed.
    pub elongations: u32,
    /// Runs of two or more exclamation marks.
    pub exclaim_runs: u32,
    /// Whether the input was longer than the byte cap and was cut.
    pub truncated: bool,
}

/// Normalized text with a map back to the input.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// Lowercase text, whitespace collapsed to single spaces, no leading or
    /// trailing space, no invisible characters, no combining marks, no `&`.
    pub text: String,
    /// `origin[i]` is the byte offset in the input of the character that
    /// produced output byte `i`.
    pub origin: Vec<u32>,
    /// Byte offsets in `text` of the spaces that stand for two or more
    /// whitespace characters of the input, in increasing order. The
    /// tokenizer reads word gaps in spelled-out text from them
    /// (`y o u   a r e`).
    pub wide_spaces: Vec<u32>,
    /// Byte offsets in `text` of the spaces that stand for whitespace with a
    /// line break in it, in increasing order. A line break ends a title, a
    /// list item or a quoted line, so the rules that read one sentence at a
    /// time read it as a sentence end ("... Jessica Lynch⏎you ..." is not
    /// "lynch you").
    pub line_breaks: Vec<u32>,
    /// Style counts taken on the way.
    pub stats: TextStats,
}

impl Normalized {
    /// Clears the buffers, keeping their capacity for reuse.
    pub fn clear(&mut self) {
        self.text.clear();
        self.origin.clear();
        self.wide_spaces.clear();
        self.line_breaks.clear();
        self.stats = TextStats::default();
    }

    /// Byte range in the original input covered by the normalized byte range
    /// `start..end`. `input` must be the text this was normalized from.
    pub fn original_range(&self, input: &str, start: usize, end: usize) -> (usize, usize) {
        if start >= end || end > self.origin.len() {
            return (0, 0);
        }
        let begin = self.origin[start] as usize;
        let last = self.origin[end - 1] as usize;
        let last_len = input[last..].chars().next().map_or(0, char::len_utf8);
        (begin, last + last_len)
    }
}

/// Normalizes at most `max_bytes` of `input` (cut at a character boundary).
pub fn normalize(input: &str, max_bytes: usize) -> Normalized {
    let mut out = Normalized::default();
    normalize_into(input, max_bytes, &mut out);
    out
}

/// Like [`normalize`], writing into `out` so callers can reuse its buffers.
pub fn normalize_into(input: &str, max_bytes: usize, out: &mut Normalized) {
    out.clear();
    let limit = floor_char_boundary(input, max_bytes);
    out.stats.truncated = limit < input.len();
    let input = &input[..limit];
    out.text.reserve(input.len());
    out.origin.reserve(input.len());

    let mut writer = Writer { out, run_char: None, run_len: 0 };
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < input.len() {
        let b = bytes[i];
        if b == b'&'
            && let Some((decoded_end, decoded)) = decode_entity(input, i)
        {
            for c in decoded.chars() {
                writer.feed(c, i as u32);
            }
            i = decoded_end;
            continue;
        }
        if b.is_ascii() {
            writer.feed_ascii(b, i as u32);
            i += 1;
            continue;
        }
        let c = input[i..].chars().next().expect("i is a char boundary");
        writer.feed(c, i as u32);
        i += c.len_utf8();
    }
    // Trailing space is never kept.
    if writer.out.text.ends_with(' ') {
        writer.out.text.pop();
        writer.out.origin.pop();
        if writer.out.wide_spaces.last() == Some(&(writer.out.text.len() as u32)) {
            writer.out.wide_spaces.pop();
        }
        if writer.out.line_breaks.last() == Some(&(writer.out.text.len() as u32)) {
            writer.out.line_breaks.pop();
        }
    }
}

/// The largest char boundary not above `max`.
fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Decodes one HTML entity starting at `start` (which holds `&`), returning
/// the byte just past it and the decoded text. `None` when it is not an
/// entity, in which case the `&` is treated as an ordinary character.
fn decode_entity(input: &str, start: usize) -> Option<(usize, String)> {
    let rest = &input.as_bytes()[start + 1..];
    // The longest named entity is 32 bytes; numeric ones are shorter.
    let semi = rest.iter().take(33).position(|&b| b == b';')?;
    let body = &rest[..semi];
    let plausible = !body.is_empty()
        && (body.iter().all(u8::is_ascii_alphanumeric)
            || (body[0] == b'#' && body.len() > 1 && body[1..].iter().all(u8::is_ascii_alphanumeric)));
    if !plausible {
        return None;
    }
    let end = start + 1 + semi + 1;
    let candidate = &input[start..end];
    let decoded = html_escape::decode_html_entities(candidate);
    if decoded == candidate {
        return None;
    }
    Some((end, decoded.into_owned()))
}

/// Characters that render as nothing (or only steer rendering) and are used
/// to split words invisibly: zero-width spaces and joiners, bidi controls,
/// soft hyphens, variation selectors, tag characters and Hangul fillers.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

struct Writer<'a> {
    out: &'a mut Normalized,
    run_char: Option<char>,
    run_len: u32,
}

impl Writer<'_> {
    /// Takes one input character (after entity decoding).
    fn feed(&mut self, c: char, origin: u32) {
        if c.is_ascii() {
            self.feed_decomposed(c, origin);
            return;
        }
        if is_invisible(c) {
            return;
        }
        if is_hangul_syllable(c) {
            // NFKD would split syllables into jamo, which helps nobody.
            self.feed_decomposed(c, origin);
            return;
        }
        // NFKD folds compatibility forms (full-width, mathematical, circled,
        // ligatures) onto plain letters and splits accents off so they can be
        // dropped with the other combining marks.
        for d in std::iter::once(c).nfkd() {
            self.feed_decomposed(d, origin);
        }
    }

    /// The common case, without Unicode tables: an ASCII byte.
    #[inline]
    fn feed_ascii(&mut self, b: u8, origin: u32) {
        if b == b'&' || b.is_ascii_whitespace() || b.is_ascii_control() {
            self.push_space(origin, matches!(b, b'\n' | b'\r' | 0x0B | 0x0C));
            return;
        }
        if b.is_ascii_uppercase() {
            self.out.stats.upper += 1;
        } else if b.is_ascii_lowercase() {
            self.out.stats.lower += 1;
        }
        let c = b.to_ascii_lowercase() as char;
        if self.run_char != Some(c) {
            // Not a repeat: no elongation bookkeeping beyond the run start.
            self.run_char = Some(c);
            self.run_len = 1;
            self.out.text.push(c);
            self.out.origin.push(origin);
            return;
        }
        self.push_char(c, origin);
    }

    fn feed_decomposed(&mut self, c: char, origin: u32) {
        if c == '&' || c.is_whitespace() || c.is_control() {
            self.push_space(
                origin,
                matches!(c, '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'),
            );
            return;
        }
        if is_invisible(c) || is_combining_mark(c) {
            return;
        }
        if c.is_uppercase() {
            self.out.stats.upper += 1;
        } else if c.is_lowercase() {
            self.out.stats.lower += 1;
        }
        if c.is_ascii() {
            self.push_char(c.to_ascii_lowercase(), origin);
        } else {
            for l in c.to_lowercase() {
                // Lowercasing can itself produce a combining mark (İ -> i̇).
                if !is_combining_mark(l) {
                    self.push_char(l, origin);
                }
            }
        }
    }

    fn push_space(&mut self, origin: u32, line_break: bool) {
        self.run_char = None;
        self.run_len = 0;
        if self.out.text.is_empty() {
            return;
        }
        if self.out.text.ends_with(' ') {
            let at = self.out.text.len() as u32 - 1;
            if self.out.wide_spaces.last() != Some(&at) {
                self.out.wide_spaces.push(at);
            }
            if line_break && self.out.line_breaks.last() != Some(&at) {
                self.out.line_breaks.push(at);
            }
            return;
        }
        if line_break {
            self.out.line_breaks.push(self.out.text.len() as u32);
        }
        self.out.text.push(' ');
        self.out.origin.push(origin);
    }

    fn push_char(&mut self, c: char, origin: u32) {
        // Digits are never collapsed (1000000 is not 10), nor are the masks
        // of masked words (f*** must keep its length to be recognised).
        if self.run_char == Some(c) && !c.is_numeric() && c != '*' && c != '#' {
            self.run_len += 1;
            if c == '!' && self.run_len == 2 {
                self.out.stats.exclaim_runs += 1;
            }
            if self.run_len == 3 {
                // "stuuupid" -> "stupid": drop the second copy already written.
                let removed = self.out.text.pop().map_or(0, char::len_utf8);
                let keep = self.out.origin.len() - removed;
                self.out.origin.truncate(keep);
                self.out.stats.elongations += 1;
            }
            if self.run_len >= 3 {
                return;
            }
        } else {
            self.run_char = Some(c);
            self.run_len = 1;
        }
        self.out.text.push(c);
        for _ in 0..c.len_utf8() {
            self.out.origin.push(origin);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s, usize::MAX).text
    }

    #[test]
    fn remembers_which_spaces_were_wide() {
        let n = normalize("a b  c\n\td   ", usize::MAX);
        assert_eq!(n.text, "a b c d");
        assert_eq!(n.wide_spaces, [3, 5]);
    }

    #[test]
    fn remembers_where_line_breaks_were() {
        let n = normalize("Jessica Lynch\r\nyou were  right\u{2028}ok \n", 1000);
        assert_eq!(n.text, "jessica lynch you were right ok");
        let at: Vec<&str> = n.line_breaks.iter().map(|&p| &n.text[p as usize..p as usize + 1]).collect();
        assert_eq!(at, [" ", " "]);
        assert_eq!(n.line_breaks, [13, 28]);
        assert!(normalize("\nleading", 100).line_breaks.is_empty());
    }

    #[test]
    fn lowercases_and_collapses_whitespace() {
        assert_eq!(norm("  Hello \t\n  World  "), "hello world");
    }

    #[test]
    fn decodes_html_entities_once_and_drops_ampersands() {
        assert_eq!(norm("v&#105;agra &amp; cialis"), "viagra cialis");
        assert_eq!(norm("&lt;b&gt;"), "<b>");
        // Double-encoded text decodes one level; the '&' never survives, so a
        // second pass cannot decode further (idempotence).
        assert_eq!(norm("&amp;lt;"), "lt;");
        assert_eq!(norm("AT&T"), "at t");
        assert_eq!(norm("fish &chips; ok"), "fish chips; ok");
    }

    #[test]
    fn folds_compatibility_forms_and_accents() {
        assert_eq!(norm("ｖｉａｇｒａ"), "viagra");
        assert_eq!(norm("𝐯𝐢𝐚𝐠𝐫𝐚"), "viagra");
        assert_eq!(norm("Café naïve"), "cafe naive");
        assert_eq!(norm("ⓒⓐⓢⓘⓝⓞ"), "casino");
    }

    #[test]
    fn removes_invisible_and_bidi_characters_and_zalgo() {
        assert_eq!(norm("vi\u{200B}ag\u{200D}ra"), "viagra");
        assert_eq!(norm("\u{202E}arga\u{202C}iv"), "argaiv");
        assert_eq!(norm("i\u{0336}d\u{0301}\u{0302}\u{0303}i\u{0489}ot"), "idiot");
        assert_eq!(norm("x\u{FEFF}"), "x");
    }

    #[test]
    fn collapses_elongations_but_not_digits() {
        let n = normalize("stuuuupid!!!! sooo 1000000 cool", usize::MAX);
        assert_eq!(n.text, "stupid! so 1000000 cool");
        assert_eq!(n.stats.elongations, 3);
        assert_eq!(n.stats.exclaim_runs, 1);
        assert_eq!(norm("good book"), "good book");
    }

    #[test]
    fn counts_case_before_lowercasing() {
        let n = normalize("BUY NOW cheap", usize::MAX);
        assert_eq!(n.stats.upper, 6);
        assert_eq!(n.stats.lower, 5);
    }

    #[test]
    fn respects_the_byte_cap_at_a_char_boundary() {
        let n = normalize("ééééé", 3);
        assert_eq!(n.text, "e");
        assert!(n.stats.truncated);
    }

    #[test]
    fn maps_output_back_to_input() {
        let input = "Hé  you IDIOT";
        let n = normalize(input, usize::MAX);
        let start = n.text.find("idiot").unwrap();
        let (b, e) = n.original_range(input, start, start + 5);
        assert_eq!(&input[b..e], "IDIOT");
    }

    #[test]
    fn keeps_hangul_syllables_whole() {
        assert_eq!(norm("김정은"), "김정은");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text mixing the characters attackers use: ASCII, Latin with accents,
    /// Cyrillic and Greek look-alikes, combining marks, invisible and bidi
    /// controls, full-width and mathematical letters, entities, emoji,
    /// expansions (ligatures, U+FDFA) and anything else.
    fn hostile_text() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            "[a-zA-Z0-9 .,!?'*@$-]{0,12}",
            "[àéîõüÀÉÎÕÜçñß]{0,4}",
            "[асеорхіѕАВЕКМНОРСТХ]{0,4}",
            "[\u{0300}-\u{036F}\u{0489}]{0,6}",
            "[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2060}-\u{2064}\u{FEFF}\u{00AD}]{0,3}",
            "[ｖｉａｇｒ𝐯𝐢𝐚𝐠𝐫ⓒⓐⓢ]{0,4}",
            "&(amp|lt|gt|#105|#x69|nbsp);",
            "[ﷺﬀﬃ㌀]{0,2}",
            "[\u{1F600}-\u{1F64F}]{0,2}",
            "[\t\n\r ]{0,3}",
            any::<String>(),
        ];
        proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn normalization_is_idempotent(s in hostile_text()) {
            let once = normalize(&s, usize::MAX);
            let twice = normalize(&once.text, usize::MAX);
            prop_assert_eq!(&twice.text, &once.text);
        }

        #[test]
        fn output_is_bounded_and_mapped_back(s in hostile_text(), limit in 0usize..400) {
            let n = normalize(&s, limit);
            let read = s.len().min(limit);
            // Compatibility decomposition expands at most about twelvefold
            // (U+FDFA); twenty is a safe bound on what one request can cost.
            prop_assert!(n.text.len() <= 20 * read + 4, "{} bytes from {read}", n.text.len());
            prop_assert_eq!(n.origin.len(), n.text.len());
            prop_assert!(n.origin.iter().all(|&o| (o as usize) < s.len().max(1)));
            prop_assert!(!n.text.starts_with(' ') && !n.text.ends_with(' ') && !n.text.contains("  "));
            prop_assert!(!n.text.contains('&'));
        }
    }
}
