//! `POST /v1/feedback`: a moderator's label for a comment, stored durably
//! for retraining. Requires an API key (`Authorization: Bearer KEY`).
//!
//! The same storage path serves the Akismet `submit-spam` / `submit-ham`
//! and Perspective `suggestscore` endpoints (see [`store_label`]).

use super::moderate::ModerateRequest;
use crate::domain::{Comment, FieldError, FieldNames};
use crate::http::body;
use crate::http::errors::ApiError;
use crate::http::state::AppState;
use crate::privacy::PrivacyHasher;
use crate::store::{Label, NewFeedback};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A label for a comment: the moderation request plus `label`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(from = "FeedbackFields")]
pub struct FeedbackRequest {
    #[serde(flatten)]
    pub comment: ModerateRequest,
    /// `spam`, `ham`, `abuse` or `civil`.
    pub label: Option<String>,
    /// The `decision_id` of the moderation this corrects or confirms.
    pub decision_id: Option<String>,
}

/// [`FeedbackRequest`]'s fields spelt out, which is how it is read: serde's
/// `flatten` buffers the body first, and an error in a nested field
/// ("article.id" too large) could then only be blamed on the whole body.
#[derive(Deserialize)]
struct FeedbackFields {
    content: Option<String>,
    author: Option<crate::wire::AuthorFields>,
    article: Option<crate::wire::ArticleFields>,
    parent_id: Option<crate::wire::IdValue>,
    form: Option<crate::wire::FormFields>,
    label: Option<String>,
    decision_id: Option<String>,
}

impl From<FeedbackFields> for FeedbackRequest {
    fn from(f: FeedbackFields) -> FeedbackRequest {
        FeedbackRequest {
            comment: ModerateRequest {
                content: f.content,
                author: f.author,
                article: f.article,
                parent_id: f.parent_id,
                form: f.form,
            },
            label: f.label,
            decision_id: f.decision_id,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackResponse {
    /// Row id in the feedback store.
    pub id: i64,
    pub label: Label,
    /// Always true: the answer is sent only after the row is committed.
    pub stored: bool,
    /// True when the label repeats the latest for the same comment (a
    /// retry): the first one's id is returned, nothing is added, and the
    /// status is 200 instead of 201.
    pub repeated: bool,
}

/// The row stored for a label: the comment with its e-mail and IP
/// replaced by keyed hashes (and the e-mail's top-level domain, which the
/// featurizer reads). Shared by the HTTP endpoints and
/// `moderator feedback import`, so both store the same thing.
pub fn feedback_row(
    hasher: &PrivacyHasher,
    comment: &Comment,
    label: Label,
    decision_id: Option<String>,
    source: &str,
) -> NewFeedback {
    NewFeedback {
        label,
        content: comment.content.as_str().to_string(),
        author_name: comment.author_name.as_ref().map(|n| n.as_str().to_string()),
        author_email_hash: comment.author_email.as_ref().map(|e| hasher.hash("email", e.as_str())),
        author_email_tld: comment.author_email.as_ref().and_then(|e| e.as_str().rsplit('.').next().map(str::to_string)),
        author_url: comment.author_url.as_ref().map(|u| u.as_str().to_string()),
        author_ip_hash: comment.author_ip.map(|ip| hasher.hash("ip", &ip.to_string())),
        article_id: comment.article_id.clone(),
        article_url: comment.article_url.clone(),
        decision_id,
        source: source.to_string(),
    }
}

/// A feedback request checked field by field: the comment, its label and
/// the decision it refers to, or every field error at once.
pub fn parse_request(request: FeedbackRequest) -> Result<(Comment, Label, Option<String>), Vec<FieldError>> {
    let label = match request.label.as_deref().map(str::trim) {
        None | Some("") => {
            Err(FieldError { field: "label".into(), code: "required", message: "the label is required".into() })
        }
        Some(l) => Label::parse(l).ok_or_else(|| FieldError {
            field: "label".into(),
            code: "invalid",
            message: format!("{l:?} is not one of spam, ham, abuse, civil"),
        }),
    };
    let comment = request.comment.into_draft().validate(FieldNames::JSON, false);
    match (comment, label) {
        (Ok(comment), Ok(label)) => {
            // Kept short: it is an opaque reference, not content.
            let decision_id = request.decision_id.filter(|d| !d.is_empty()).map(|d| d.chars().take(200).collect());
            Ok((comment, label, decision_id))
        }
        (comment, label) => {
            let mut errors = comment.err().unwrap_or_default();
            errors.extend(label.err());
            Err(errors)
        }
    }
}

/// Stores a label (hashing the e-mail and IP first) and updates author
/// trust. Returns the row id once committed.
pub async fn store_label(
    state: &AppState,
    comment: &Comment,
    label: Label,
    decision_id: Option<String>,
    source: &str,
) -> Result<crate::store::Stored, ApiError> {
    let hasher = state.moderator.hasher();
    let stored = state.store.insert(feedback_row(hasher, comment, label, decision_id, source)).await?;
    let id = stored.id;
    if stored.repeated {
        // A client's retry: the label, its count and the author's trust
        // are as they were.
        tracing::info!(feedback_id = id, label = label.as_str(), source, "feedback repeated, already stored");
        return Ok(stored);
    }
    state.metrics.feedback.with_label_values(&[label.as_str(), source]).inc();
    if let Some(author) = comment.author_email.as_ref().map(|e| hasher.hash_u64("email", e.as_str())) {
        if label.approves() {
            state.moderator.memory().record_approval(author);
        } else {
            state.moderator.memory().record_rejection(author);
        }
    }
    tracing::info!(feedback_id = id, label = label.as_str(), source, "feedback stored");
    Ok(stored)
}

/// Records a moderator's label.
#[utoipa::path(
    post,
    path = "/v1/feedback",
    tag = "feedback",
    request_body = FeedbackRequest,
    security(("api_key" = [])),
    responses(
        (status = 201, description = "Stored (committed)", body = FeedbackResponse),
        (status = 200, description = "The latest label for this comment already; nothing added", body = FeedbackResponse),
        (status = 401, description = "Missing or wrong API key"),
        (status = 422, description = "Invalid fields"),
        (status = 503, description = "The store is unavailable; nothing was stored")
    )
)]
pub async fn feedback(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    state.require_api_key(&req)?;
    body::require_json(&req)?;
    let bytes =
        body::read(&req, payload, state.settings.server.body_limit_bytes, state.settings.server.body_timeout_ms)
            .await?;
    let request: FeedbackRequest = body::parse_json(&bytes)?;
    let (comment, label, decision_id) = parse_request(request).map_err(ApiError::InvalidFields)?;
    let stored = store_label(&state, &comment, label, decision_id, "api").await?;
    let body = FeedbackResponse { id: stored.id, label, stored: true, repeated: stored.repeated };
    // A retry gets the first answer's id, with 200: nothing new was made.
    Ok(if stored.repeated { HttpResponse::Ok().json(body) } else { HttpResponse::Created().json(body) })
}
