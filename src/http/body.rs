//! Reading request bodies with a hard size limit, and telling JSON from
//! form bodies.
//!
//! The limit is checked against `Content-Length` before a single byte of the
//! body is read, and again while streaming (for chunked bodies), so an
//! oversized request costs nothing but its headers.

use super::errors::ApiError;
use actix_web::HttpRequest;
use actix_web::http::header;
use actix_web::web::{self, Bytes, BytesMut};
use futures_util::StreamExt;

/// What a body claims to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Form,
}

/// The body kind from `Content-Type`; anything else is 415.
pub fn kind(req: &HttpRequest) -> Result<BodyKind, ApiError> {
    let value = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Ok(BodyKind::Json),
        "application/x-www-form-urlencoded" => Ok(BodyKind::Form),
        _ if essence.ends_with("+json") => Ok(BodyKind::Json),
        _ => Err(ApiError::UnsupportedMediaType(value.chars().take(100).collect())),
    }
}

/// Reads the whole body, refusing more than `limit` bytes.
pub async fn read(req: &HttpRequest, mut payload: web::Payload, limit: usize) -> Result<Bytes, ApiError> {
    if let Some(length) =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok())
    {
        if length > limit as u64 {
            return Err(ApiError::PayloadTooLarge { size: Some(length), limit });
        }
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadBody(e.to_string()))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge { size: None, limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Parses a JSON body into `T`. Syntax errors are 400; well-formed JSON of
/// the wrong shape (a number where text belongs) is 422 naming the field.
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
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
                serde_json::error::Category::Data if well_formed => {
                    ApiError::InvalidFields(vec![crate::domain::FieldError {
                        field: if path == "." { "body".into() } else { path },
                        code: "invalid",
                        message: inner.to_string(),
                    }])
                }
                _ => ApiError::MalformedJson(inner.to_string()),
            });
        }
    };
    de.end().map_err(|e| ApiError::MalformedJson(e.to_string()))?;
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
