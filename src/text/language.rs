//! The language a comment is written in, for the one decision that needs
//! it.
//!
//! The shipped model was trained on English. In another language its scores
//! rest on false friends rather than on what the comment says: German "die"
//! ("the") carries the abuse weight of the English verb, French "vous" and
//! "téléphone" the spam weight of English text-message spam. So the policy
//! lets a model score hold a comment in another language but not reject it
//! (see [`crate::policy::ModelSignal::untrained_language`]).
//!
//! Detection is whatlang's (trigrams within a script, or the script alone
//! for languages that have their own), on the comment's words without its
//! links, addresses and markup. Two things must agree before a comment
//! counts as written in another language: whatlang calls its detection
//! reliable, and English function words ("the", "you", "are") make up less
//! than a tenth of its words. whatlang alone calls short English insults
//! Italian or French ("YOU ARE ONE SAD LITTLE INDIVIDUAL."), which the
//! second test keeps English; English with hardly a function word (a row
//! of keywords, a headline) can still be misread. A comment that fails
//! either test is taken to be in the model's language, which leaves its
//! decision as it was.

use whatlang::Lang;

/// Bytes of a comment read to tell its language: enough for a reliable
/// detection, and a bound on what a long comment costs.
const SAMPLE_BYTES: usize = 2_000;

/// A language a comment was reliably detected in, or one named in the
/// configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language(Lang);

impl Language {
    /// The language with this ISO 639-3 code (`eng`, `fra`, `deu`), if
    /// whatlang knows it.
    pub fn from_code(code: &str) -> Option<Language> {
        Lang::from_code(code).map(Language)
    }

    /// Its ISO 639-3 code.
    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Its English name ("French").
    pub fn name(self) -> &'static str {
        self.0.eng_name()
    }
}

/// English function words: in any English sentence of some length, and
/// not words of other languages written in Latin letters. Words that are
/// ("a", "in", "no", "do", "as", "am", "an", "was", "so", "me", "he", "is",
/// "on", "will": Portuguese, Spanish, Italian, German, Dutch) are left out,
/// or a Spanish comment would count as a fifth English.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "and", "or", "but", "of", "to", "for", "with", "are", "were", "be", "been", "it", "its", "this", "that",
    "these", "those", "you", "your", "my", "we", "our", "they", "their", "them", "his", "she", "her", "not", "does",
    "did", "have", "had", "would", "can", "could", "should", "what", "who", "which", "there", "here", "at", "by",
    "from", "if", "just", "all", "about", "than", "then", "how", "why", "when",
];

/// Below this share of English function words, a comment whatlang reliably
/// places in another language is taken to be in it.
const MAX_ENGLISH_SHARE: f64 = 0.1;

/// The language of `text`, when it is reliably not English or reliably
/// English; `None` when it cannot be told.
pub fn detect(text: &str) -> Option<Language> {
    let sample = &text[..text.floor_char_boundary(SAMPLE_BYTES)];
    // Links, addresses and markup are no language's words, and whatlang
    // reads "[url=http://...]" or a row of domains as French or Catalan.
    let words: Vec<&str> = sample
        .split_whitespace()
        .filter(|chunk| !chunk.contains(['/', '@', '=', '<', '>', '[', ']']) && !is_domain_like(chunk))
        .collect();
    let info = whatlang::detect(&words.join(" ")).filter(|info| info.is_reliable())?;
    if info.lang() == Lang::Eng {
        return Some(Language(Lang::Eng));
    }
    let mut total = 0usize;
    let mut english = 0usize;
    for word in words.iter().flat_map(|w| w.split(|c: char| !c.is_alphanumeric() && c != '\'')) {
        if word.chars().any(char::is_alphabetic) {
            total += 1;
            english += usize::from(ENGLISH_FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(word)));
        }
    }
    (total > 0 && (english as f64) < MAX_ENGLISH_SHARE * total as f64).then_some(Language(info.lang()))
}

/// `example.com`, `pills24.shop.`: a dot between letters or digits with no
/// space, which prose puts only after a sentence.
fn is_domain_like(chunk: &str) -> bool {
    let trimmed = chunk.trim_end_matches(|c: char| !c.is_alphanumeric());
    trimmed.split('.').count() > 1
        && trimmed.split('.').all(|part| !part.is_empty() && part.chars().all(char::is_alphanumeric))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<&'static str> {
        detect(text).map(Language::code)
    }

    #[test]
    fn comments_in_other_languages_are_told_apart_from_english() {
        assert_eq!(
            code("Merci pour le nouveau site, c'est beaucoup plus lisible sur téléphone. Je vous lis depuis 2011."),
            Some("fra")
        );
        assert_eq!(
            code("Danke für den Artikel. Die Sanktionen gegen Nordkorea funktionieren offensichtlich nicht."),
            Some("deu")
        );
        assert_eq!(code("Купить диплом о высшем образовании с доставкой по Москве."), Some("rus"));
        // Function words these languages share with English ("a", "no",
        // "in") do not make them English.
        assert_eq!(
            code("Gracias por el artículo. No entiendo por qué Rusia necesita munición de Corea del Norte."),
            Some("spa")
        );
        assert_eq!(
            code("Grazie per l'articolo, ma la situazione in Ucraina è molto più complicata di così."),
            Some("ita")
        );
        assert_eq!(
            code("Obrigado pela reportagem. A Rússia está desesperada se precisa de munições da Coreia do Norte."),
            Some("por")
        );
        assert_eq!(
            code("Kim Jong-un arrived in Vladivostok by armoured train on Tuesday, and the talks began at once."),
            Some("eng")
        );
    }

    #[test]
    fn short_english_and_links_are_never_taken_for_another_language() {
        // whatlang alone places these in Italian, French and Catalan.
        for english in [
            "YOU ARE ONE SAD LITTLE INDIVIDUAL.",
            "These idiots endanger our local SAR folks needlessly! Let Darwin rule!",
            "A total pack of lies. What ignorant drivel.",
            "[url=http://uggs-outlet-clearance.net]ugg boots clearance[/url] [url=http://uggs-outlet-clearance.net]cheap uggs[/url]",
        ] {
            assert!(matches!(code(english), None | Some("eng")), "{english}: {:?}", code(english));
        }
        assert!(is_domain_like("pills24.shop."));
        assert!(!is_domain_like("over."));
    }

    #[test]
    fn a_comment_too_short_to_tell_has_no_language() {
        assert_eq!(code("ok"), None);
        assert_eq!(code(""), None);
    }

    #[test]
    fn a_long_comment_is_read_only_in_part_and_never_split_inside_a_character() {
        // Byte SAMPLE_BYTES falls inside an "é": slicing there would panic.
        let long = format!("a{}", "é".repeat(SAMPLE_BYTES));
        let _ = detect(&long);
    }

    #[test]
    fn configured_languages_are_iso_639_3_codes() {
        assert_eq!(Language::from_code("eng").map(Language::name), Some("English"));
        assert_eq!(Language::from_code("xx"), None);
    }
}
