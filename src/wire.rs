//! The request formats of the moderation API, parsed without any HTTP
//! framework: the JSON contract of `/v1/moderate` and its batch, and
//! urlencoded forms (the WordPress reply form, Akismet).
//!
//! Kept apart from [`crate::http`] so the parsers can be fuzzed and reused
//! on their own; the HTTP layer maps [`ParseError`] to status codes.

use crate::domain::{CommentDraft, FieldError};
use serde::Deserialize;
use utoipa::ToSchema;

/// Why a body could not be read as a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Not JSON at all (syntax, truncation, invalid UTF-8).
    #[error("the request body is not valid JSON: {0}")]
    Malformed(String),
    /// JSON, but a field has the wrong type.
    #[error("{} field(s) are invalid", .0.len())]
    InvalidFields(Vec<FieldError>),
}

/// A text or a number (CMS ids come as either).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum IdValue {
    Text(String),
    Number(i64),
}

impl IdValue {
    pub fn into_string(self) -> String {
        match self {
            IdValue::Text(s) => s,
            IdValue::Number(n) => n.to_string(),
        }
    }
}

/// The commenter.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AuthorFields {
    /// The author's account id in your system (identifies repeat posts;
    /// not used by the model).
    pub id: Option<IdValue>,
    pub name: Option<String>,
    pub email: Option<String>,
    /// Website (http or https).
    pub url: Option<String>,
    /// IPv4 or IPv6 address of the commenter.
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// The article commented on.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ArticleFields {
    pub id: Option<IdValue>,
    pub url: Option<String>,
    pub title: Option<String>,
}

/// Reply-form signals.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct FormFields {
    /// Unix time (seconds) the form was rendered at.
    pub rendered_at: Option<IdValue>,
    /// Value of the hidden honeypot field.
    pub honeypot: Option<String>,
}

/// A comment to moderate. Only `content` is required; unknown fields are
/// ignored.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ModerateRequest {
    /// The comment text.
    pub content: Option<String>,
    pub author: Option<AuthorFields>,
    pub article: Option<ArticleFields>,
    pub parent_id: Option<IdValue>,
    pub form: Option<FormFields>,
}

impl ModerateRequest {
    pub fn into_draft(self) -> CommentDraft {
        let author = self.author.unwrap_or_default();
        let article = self.article.unwrap_or_default();
        let form = self.form.unwrap_or_default();
        CommentDraft {
            content: self.content,
            author_id: author.id.map(IdValue::into_string),
            author_name: author.name,
            author_email: author.email,
            author_url: author.url,
            author_ip: author.ip,
            user_agent: author.user_agent,
            article_id: article.id.map(IdValue::into_string),
            article_url: article.url,
            article_title: article.title,
            parent_id: self.parent_id.map(IdValue::into_string),
            honeypot: form.honeypot,
            rendered_at: form.rendered_at.map(IdValue::into_string),
        }
    }
}

/// Many comments in one request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct BatchRequest {
    pub comments: Vec<ModerateRequest>,
}

/// Parses a JSON body into `T`. Syntax errors are [`ParseError::Malformed`];
/// well-formed JSON of the wrong shape (a number where text belongs) is
/// [`ParseError::InvalidFields`] naming the field.
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ParseError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let value = match result {
        Ok(v) => v,
        Err(e) => {
            let path = e.path().to_string();
            return Err(classify(bytes, path, e.into_inner()));
        }
    };
    de.end().map_err(|e| malformed(&e))?;
    Ok(value)
}

/// Why a batch body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// More comments than allowed; parsing stopped there.
    #[error("a batch holds at most {limit} comments")]
    TooMany { limit: usize },
}

const TOO_MANY: &str = "comment-moderator: batch over the limit";

/// Parses `{"comments": [...]}`, refusing more than `max` comments without
/// building the ones beyond: a body of a million `{}` costs no more memory
/// than `max` comments do.
pub fn parse_batch(bytes: &[u8], max: usize) -> Result<Vec<ModerateRequest>, BatchError> {
    use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    struct Comments(usize);
    impl<'de> DeserializeSeed<'de> for Comments {
        type Value = Vec<ModerateRequest>;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
    }
    impl<'de> Visitor<'de> for Comments {
        type Value = Vec<ModerateRequest>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of comments")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(self.0.min(64));
            while let Some(item) = seq.next_element::<ModerateRequest>()? {
                if out.len() == self.0 {
                    return Err(A::Error::custom(TOO_MANY));
                }
                out.push(item);
            }
            Ok(out)
        }
    }
    struct Batch(usize);
    impl<'de> DeserializeSeed<'de> for Batch {
        type Value = Vec<ModerateRequest>;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Batch {
        type Value = Vec<ModerateRequest>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object with a `comments` array")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut comments = None;
            while let Some(key) = map.next_key::<String>()? {
                if key == "comments" {
                    comments = Some(map.next_value_seed(Comments(self.0))?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            comments.ok_or_else(|| A::Error::missing_field("comments"))
        }
    }

    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let result = Batch(max).deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    match result {
        Ok(v) => {
            de.end().map_err(|e| BatchError::Parse(malformed(&e)))?;
            Ok(v)
        }
        Err(e) if e.to_string().starts_with(TOO_MANY) => Err(BatchError::TooMany { limit: max }),
        Err(e) => Err(BatchError::Parse(classify(bytes, track.path().to_string(), e))),
    }
}

/// A syntax error, described by position only: the message must not quote
/// the input (it is logged, and may hold an e-mail address).
fn malformed(e: &serde_json::Error) -> ParseError {
    let what = match e.classify() {
        serde_json::error::Category::Eof => "the body ends too early",
        serde_json::error::Category::Io => "the body could not be read",
        _ => "invalid JSON",
    };
    ParseError::Malformed(format!("{what} at line {} column {}", e.line(), e.column()))
}

/// A serde error as a [`ParseError`]: a shape error in well-formed JSON
/// names its field; anything else is malformed. (A shape error can hide a
/// syntax error further on: "[1, 2" fails on "[" before reaching the end.)
fn classify(bytes: &[u8], path: String, e: serde_json::Error) -> ParseError {
    let well_formed = serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
    match e.classify() {
        serde_json::error::Category::Data if well_formed => ParseError::InvalidFields(vec![FieldError {
            field: if path == "." { "body".into() } else { path },
            code: "invalid",
            message: e.to_string(),
        }]),
        _ => malformed(&e),
    }
}

/// Parses an urlencoded form into its fields, in order. `+` and `%20`
/// decode to spaces; invalid UTF-8 is replaced, never an error.
pub fn parse_form(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// The last value of a form field.
pub fn field(fields: &[(String, String)], name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    fields.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_stop_at_the_limit() {
        let body = format!("{{\"comments\": [{}]}}", vec!["{}"; 100_000].join(","));
        assert!(matches!(parse_batch(body.as_bytes(), 1000), Err(BatchError::TooMany { limit: 1000 })));
        let ok = parse_batch(br#"{"x": [1, {"y": 2}], "comments": [{"content": "a"}, {}]}"#, 2).unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].content.as_deref(), Some("a"));
        assert!(
            matches!(parse_batch(br#"{"comments": [{"content": 5}]}"#, 2), Err(BatchError::Parse(ParseError::InvalidFields(f))) if f[0].field == "comments[0].content")
        );
        assert!(matches!(parse_batch(br#"{"comments": [{}"#, 2), Err(BatchError::Parse(ParseError::Malformed(_)))));
        assert!(matches!(parse_batch(b"{}", 2), Err(BatchError::Parse(ParseError::InvalidFields(_)))));
    }

    #[test]
    fn malformed_json_is_described_without_quoting_the_input() {
        let err = parse_json::<ModerateRequest>(br#"{"author": "jane@example.com""#).unwrap_err();
        assert!(matches!(&err, ParseError::Malformed(m) if !m.contains("jane")), "{err:?}");
    }
}
