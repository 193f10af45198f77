//! API errors and the one place they become status codes.
//!
//! Handlers return [`ApiError`]. Its [`ResponseError`] implementation maps
//! each variant to a status and a JSON body
//! `{"error": {"code": "...", "message": "..."}}` with a message that is
//! safe to show a client; the full cause chain is logged (with the request
//! ID) for operators. Bad input is always a 4xx, never a 500.

use crate::domain::FieldError;
use crate::store::StoreError;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::fmt::Write as _;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("the request body is not a valid form: {0}")]
    MalformedForm(String),
    #[error("{count} field(s) are invalid", count = .0.len())]
    InvalidFields(Vec<FieldError>),
    #[error("the request body is larger than the {limit} bytes accepted")]
    PayloadTooLarge { size: Option<u64>, limit: usize },
    #[error("unsupported content type {given:?}; send {accepted}")]
    UnsupportedMediaType { given: String, accepted: &'static str },
    #[error("the request body did not arrive within {ms} ms")]
    BodyTimeout { ms: u64 },
    #[error("the request body could not be read: {0}")]
    BadBody(String),
    #[error("a batch holds at most {limit} comments")]
    BatchTooLarge { limit: usize },
    #[error("missing or invalid API key")]
    Unauthorized,
    #[error("missing or invalid admin key")]
    AdminUnauthorized,
    #[error("this endpoint is disabled in the configuration")]
    Disabled,
    #[error("too many requests; retry in {retry_after} s")]
    RateLimited { retry_after: u64 },
    #[error("not found")]
    NotFound,
    #[error("method {0} is not allowed here")]
    MethodNotAllowed(String),
    #[error("{0}")]
    BadRequest(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the new model was refused: {0}")]
    ModelRefused(String),
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

impl ApiError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::MalformedForm(_) => "malformed_form",
            ApiError::InvalidFields(_) => "invalid_fields",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::UnsupportedMediaType { .. } => "unsupported_media_type",
            ApiError::BodyTimeout { .. } => "request_timeout",
            ApiError::BadBody(_) => "bad_body",
            ApiError::BatchTooLarge { .. } => "batch_too_large",
            ApiError::Unauthorized => "unauthorized",
            ApiError::AdminUnauthorized => "unauthorized",
            ApiError::Disabled => "disabled",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Store(StoreError::Unavailable(_)) => "store_unavailable",
            ApiError::Store(StoreError::Config(_)) => "store_misconfigured",
            ApiError::ModelRefused(_) => "model_refused",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The message shown to the client: never internals.
    fn public_message(&self) -> String {
        match self {
            ApiError::Store(_) => "the feedback store is unavailable; the label was not stored, retry later".into(),
            ApiError::Internal(_) => "internal error; it has been logged with this request's ID".into(),
            other => other.to_string(),
        }
    }
}

/// Writes an error and its sources on one line.
pub fn cause_chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        let _ = write!(out, ": {s}");
        source = s.source();
    }
    out
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<&'a [FieldError]>,
}

/// A JSON error response with any status (used for errors raised outside
/// handlers too).
pub fn json_error(status: StatusCode, code: &str, message: String) -> HttpResponse {
    HttpResponse::build(status).json(ErrorBody { error: ErrorDetail { code, message, fields: None } })
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson(_)
            | ApiError::MalformedForm(_)
            | ApiError::BadBody(_)
            | ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::InvalidFields(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::PayloadTooLarge { .. } | ApiError::BatchTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::BodyTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            ApiError::Unauthorized | ApiError::AdminUnauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Disabled | ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::ModelRefused(_) => StatusCode::CONFLICT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(error.code = self.code(), error.cause = %cause_chain(self), "request failed");
        } else {
            tracing::info!(error.code = self.code(), error.cause = %cause_chain(self), "request rejected");
        }
        let fields = match self {
            ApiError::InvalidFields(f) => Some(f.as_slice()),
            _ => None,
        };
        let mut response = HttpResponse::build(status)
            .json(ErrorBody { error: ErrorDetail { code: self.code(), message: self.public_message(), fields } });
        match self {
            ApiError::RateLimited { retry_after } => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
            }
            ApiError::Store(_) => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            ApiError::Unauthorized | ApiError::AdminUnauthorized => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

impl From<crate::wire::ParseError> for ApiError {
    fn from(e: crate::wire::ParseError) -> Self {
        match e {
            crate::wire::ParseError::Malformed(m) => ApiError::MalformedJson(m),
            crate::wire::ParseError::InvalidFields(f) => ApiError::InvalidFields(f),
        }
    }
}
