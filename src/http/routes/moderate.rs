//! `POST /v1/moderate` (JSON or the WordPress reply form) and
//! `POST /v1/moderate/batch`.
//!
//! The JSON contract:
//!
//! ```json
//! {"content": "...", "author": {"name", "email", "url", "ip", "user_agent"},
//!  "article": {"id", "url", "title"}, "parent_id": "...",
//!  "form": {"rendered_at": 1732700000, "honeypot": ""}}
//! ```
//!
//! The form: exactly what a WordPress reply form posts (`comment`, `author`,
//! `email`, `url`, `comment_post_ID`, `comment_parent`,
//! `wp-comment-cookies-consent`), plus the configured honeypot and
//! render-time fields, and optionally `ip`, `user_agent`, `permalink` added
//! by the forwarding CMS. Both answer with the same JSON decision.

use crate::domain::{CommentDraft, FieldError, FieldNames};
use crate::http::body::{self, BodyKind};
use crate::http::errors::ApiError;
use crate::http::observe::RequestId;
use crate::http::state::AppState;
use crate::moderator::{ModerateOptions, Moderation};
use crate::policy::{Decision, Reason};
pub use crate::wire::{ArticleFields, AuthorFields, BatchRequest, FormFields, IdValue, ModerateRequest};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

/// Calibrated probabilities per head.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScoresOut {
    pub spam: f64,
    pub abuse: f64,
}

/// A feature that pushed a score up.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceOut {
    /// A word, a word pair, or a meta feature such as `url:tld=ru`.
    pub token: String,
    /// Its log-odds weight (nats of evidence).
    pub weight: f32,
}

/// Evidence per head.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceSetOut {
    pub spam: Vec<EvidenceOut>,
    pub abuse: Vec<EvidenceOut>,
}

/// The model that decided.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModelRef {
    pub version: String,
}

/// The decision for one comment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModerateResponse {
    pub decision: Decision,
    pub scores: ScoresOut,
    /// Why, most severe first; every hold or reject has at least one.
    pub reasons: Vec<Reason>,
    pub evidence: EvidenceSetOut,
    pub model: ModelRef,
    /// Identifies this decision in feedback (`decision_id`); equal to the
    /// request ID.
    pub decision_id: String,
    /// Present and true when the comment was longer than what is scored.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

impl ModerateResponse {
    pub fn new(m: Moderation, decision_id: String) -> ModerateResponse {
        let evidence = |items: &[crate::moderator::EvidenceItem]| {
            items.iter().map(|e| EvidenceOut { token: e.token.clone(), weight: e.weight }).collect()
        };
        ModerateResponse {
            decision: m.decision,
            scores: ScoresOut { spam: m.scores.spam, abuse: m.scores.abuse },
            reasons: m.reasons,
            evidence: EvidenceSetOut { spam: evidence(&m.evidence.spam), abuse: evidence(&m.evidence.abuse) },
            model: ModelRef { version: m.model_version },
            decision_id,
            truncated: m.truncated,
        }
    }
}

/// The request ID of a request (set by the `observe` middleware).
pub fn request_id(req: &HttpRequest) -> String {
    req.extensions().get::<RequestId>().map(|r| r.0.clone()).unwrap_or_default()
}

/// Records a decision in metrics and the log (reason codes only; no
/// personal data).
pub fn record(state: &AppState, m: &Moderation) {
    state.metrics.decisions.with_label_values(&[m.decision.as_str()]).inc();
    for r in &m.reasons {
        state.metrics.reasons.with_label_values(&[r.code.as_str()]).inc();
    }
    let codes: Vec<&str> = m.reasons.iter().map(|r| r.code.as_str()).collect();
    tracing::info!(
        decision = m.decision.as_str(),
        spam = m.scores.spam,
        abuse = m.scores.abuse,
        reasons = %codes.join(","),
        "moderated"
    );
}

/// Reads the WordPress reply form into a draft.
fn form_draft(state: &AppState, fields: &[(String, String)]) -> CommentDraft {
    let f = |name: &str| body::field(fields, name);
    let form = &state.settings.form;
    CommentDraft {
        content: f("comment"),
        author_id: None,
        author_name: f("author"),
        author_email: f("email"),
        author_url: f("url"),
        author_ip: f("ip").or_else(|| f("user_ip")),
        user_agent: f("user_agent"),
        article_id: f("comment_post_ID"),
        article_url: f("permalink"),
        article_title: None,
        parent_id: f("comment_parent").filter(|p| p != "0"),
        honeypot: f(&form.honeypot_field),
        rendered_at: f(&form.rendered_at_field),
    }
}

/// The public moderation path's gate: the per-IP rate limit, and the API
/// key when moderation requires one.
fn admit(state: &AppState, req: &HttpRequest) -> Result<(), ApiError> {
    state.check_rate(req)?;
    if state.settings.auth.require_key_for_moderation {
        state.require_api_key(req)?;
    }
    Ok(())
}

/// Moderates one comment, sent as JSON or as the WordPress reply form
/// (`comment`, `author`, `email`, `url`, `comment_post_ID`,
/// `comment_parent`, plus the configured honeypot and render-time fields).
#[utoipa::path(
    post,
    path = "/v1/moderate",
    tag = "moderation",
    request_body(
        content(
            (ModerateRequest = "application/json"),
            (String = "application/x-www-form-urlencoded")
        )
    ),
    responses(
        (status = 200, description = "The decision", body = ModerateResponse),
        (status = 400, description = "Malformed JSON"),
        (status = 413, description = "Body over the limit"),
        (status = 415, description = "Neither JSON nor a form"),
        (status = 422, description = "Invalid fields, all listed"),
        (status = 429, description = "Rate limited (Retry-After)")
    )
)]
pub async fn moderate(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    admit(&state, &req)?;
    let kind = body::kind(&req)?;
    let bytes =
        body::read(&req, payload, state.settings.server.body_limit_bytes, state.settings.server.body_timeout_ms)
            .await?;
    let (draft, names, require) = match kind {
        BodyKind::Json => {
            let request: ModerateRequest = body::parse_json(&bytes)?;
            (request.into_draft(), FieldNames::JSON, state.settings.form.require_name_email_json)
        }
        BodyKind::Form => {
            let fields = body::parse_form(&bytes);
            (form_draft(&state, &fields), FieldNames::FORM, state.settings.form.require_name_email_form)
        }
    };
    let mut draft = draft;
    if draft.author_ip.is_none() && kind == BodyKind::Form {
        // Behind a proxy we trust, its X-Forwarded-For names the commenter.
        // The bare peer address is not used: a forwarding CMS would make all
        // its commenters one IP, and every second comment a flood.
        draft.author_ip = state.forwarded_ip(&req).map(|ip| ip.to_string());
    }
    let comment = draft.validate(names, require).map_err(ApiError::InvalidFields)?;
    let moderation = state.moderator.moderate(&comment, ModerateOptions::default());
    record(&state, &moderation);
    Ok(HttpResponse::Ok().json(ModerateResponse::new(moderation, request_id(&req))))
}

/// One result of a batch: a decision, or the errors of that comment.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum BatchItem {
    Decision(Box<ModerateResponse>),
    Error { error: BatchItemError },
}

/// Why one comment of a batch was not moderated.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchItemError {
    pub code: &'static str,
    pub fields: Vec<FieldError>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResponse {
    /// One entry per comment, in request order.
    pub results: Vec<BatchItem>,
}

/// Moderates up to `server.batch_max` comments; results keep request
/// order. Batches are for back-filling and re-checking, so the duplicate
/// and flood memory is neither consulted nor updated.
#[utoipa::path(
    post,
    path = "/v1/moderate/batch",
    tag = "moderation",
    request_body = BatchRequest,
    responses(
        (status = 200, description = "One result per comment, in order", body = BatchResponse),
        (status = 400, description = "Malformed JSON"),
        (status = 413, description = "Too many comments or body over the limit"),
        (status = 415, description = "Not JSON")
    )
)]
pub async fn moderate_batch(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    admit(&state, &req)?;
    body::require_json(&req)?;
    let bytes =
        body::read(&req, payload, state.settings.server.batch_body_limit_bytes, state.settings.server.body_timeout_ms)
            .await?;
    let limit = state.settings.server.batch_max;
    let comments = crate::wire::parse_batch(&bytes, limit).map_err(|e| match e {
        crate::wire::BatchError::Parse(p) => ApiError::from(p),
        crate::wire::BatchError::TooMany { limit } => ApiError::BatchTooLarge { limit },
    })?;
    let base_id = request_id(&req);
    let require = state.settings.form.require_name_email_json;
    let results = comments
        .into_iter()
        .enumerate()
        .map(|(i, item)| match item.into_draft().validate(FieldNames::JSON, require) {
            Ok(comment) => {
                let m = state.moderator.moderate(&comment, ModerateOptions { remember: false });
                record(&state, &m);
                BatchItem::Decision(Box::new(ModerateResponse::new(m, format!("{base_id}/{i}"))))
            }
            Err(fields) => BatchItem::Error { error: BatchItemError { code: "invalid_fields", fields } },
        })
        .collect();
    Ok(HttpResponse::Ok().json(BatchResponse { results }))
}
