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
            let inner = e.into_inner();
            // A shape error can hide a syntax error further on ("[1, 2"
            // fails on "[" before reaching the end): malformed input is
            // always reported as such.
            let well_formed = serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
            return Err(match inner.classify() {
                serde_json::error::Category::Data if well_formed => ParseError::InvalidFields(vec![FieldError {
                    field: if path == "." { "body".into() } else { path },
                    code: "invalid",
                    message: inner.to_string(),
                }]),
                _ => ParseError::Malformed(inner.to_string()),
            });
        }
    };
    de.end().map_err(|e| ParseError::Malformed(e.to_string()))?;
    Ok(value)
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
