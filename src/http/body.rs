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
        _ => Err(ApiError::UnsupportedMediaType {
            given: value.chars().take(100).collect(),
            accepted: "application/json or application/x-www-form-urlencoded",
        }),
    }
}

/// Requires a JSON body: for the routes that take no form.
pub fn require_json(req: &HttpRequest) -> Result<(), ApiError> {
    match kind(req)? {
        BodyKind::Json => Ok(()),
        BodyKind::Form => Err(ApiError::UnsupportedMediaType {
            given: "application/x-www-form-urlencoded".into(),
            accepted: "application/json",
        }),
    }
}

/// Reads the whole body, refusing more than `limit` bytes and a body that
/// takes longer than `timeout_ms` to arrive (the head's timeout,
/// `server.client_request_timeout_ms`, stops at the head: a client that
/// sends a `Content-Length` and then stalls would hold its connection and
/// a worker's buffer for ever).
pub async fn read(req: &HttpRequest, payload: web::Payload, limit: usize, timeout_ms: u64) -> Result<Bytes, ApiError> {
    actix_web::rt::time::timeout(std::time::Duration::from_millis(timeout_ms), read_within(req, payload, limit))
        .await
        .map_err(|_| ApiError::BodyTimeout { ms: timeout_ms })?
}

async fn read_within(req: &HttpRequest, mut payload: web::Payload, limit: usize) -> Result<Bytes, ApiError> {
    if let Some(length) =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok())
        && length > limit as u64
    {
        return Err(ApiError::PayloadTooLarge { size: Some(length), limit });
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

/// Parses a JSON body into `T` (see [`crate::wire::parse_json`]).
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    crate::wire::parse_json(bytes).map_err(ApiError::from)
}

pub use crate::wire::{field, parse_form};
