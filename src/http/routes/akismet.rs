//! The Akismet-compatible API, so any Akismet client (WordPress's Akismet
//! plugin, the `akismet` Python package, the PHP SDK) can use this service
//! by changing the host it talks to.
//!
//! As in Akismet, answers are `200 text/plain` with exact bodies (`true`,
//! `false`, `valid`, `invalid`, `Thanks for making the web a better place.`)
//! and no trailing newline; a bad key or missing required field is the body
//! `invalid` with an `X-akismet-debug-help` header, not a 4xx.
//!
//! | endpoint | answer |
//! |---|---|
//! | `POST /1.1/verify-key` (`key` or `api_key`, `blog`) | `valid` / `invalid` |
//! | `POST /1.1/comment-check` | `false` (accept), `true` (hold), `true` + `X-akismet-pro-tip: discard` (reject) |
//! | `POST /1.1/submit-spam`, `/1.1/submit-ham` | stores the label; the thanks sentence |
//! | `GET` or `POST /1.2/usage-limit` | `{"limit", "usage", "percentage", "throttled"}` |
//!
//! The key is taken from `api_key`, then `key`, then (as old WordPress
//! plugins send it) the first label of the `Host` header. Akismet's test
//! triggers work: author `akismet-guaranteed-spam` (or e-mail
//! `akismet-guaranteed-spam@example.com`) is spam, `user_role=administrator`
//! is ham.

use super::feedback::store_label;
use super::moderate::request_id;
use crate::domain::{Comment, CommentDraft, FieldNames};
use crate::http::body;
use crate::http::errors::ApiError;
use crate::http::state::AppState;
use crate::moderator::ModerateOptions;
use crate::policy::Decision;
use crate::store::Label;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};

const THANKS: &str = "Thanks for making the web a better place.";

fn text(body: &'static str) -> HttpResponse {
    HttpResponse::Ok().content_type(ContentType::plaintext()).body(body)
}

fn invalid(help: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::plaintext())
        .insert_header(("X-akismet-debug-help", help.to_string()))
        .body("invalid")
}

/// The API key of a request: `api_key`, `key`, or the Host's first label.
fn presented_key(req: &HttpRequest, fields: &[(String, String)]) -> Option<String> {
    body::field(fields, "api_key")
        .filter(|k| !k.is_empty())
        .or_else(|| body::field(fields, "key").filter(|k| !k.is_empty()))
        .or_else(|| {
            let host = req.connection_info().host().to_string();
            let first = host.split('.').next()?.to_string();
            (host.matches('.').count() >= 2).then_some(first)
        })
}

/// Checks the key and the `blog` field; `Some` is the refusal to send.
fn refusal(state: &AppState, req: &HttpRequest, fields: &[(String, String)]) -> Option<HttpResponse> {
    if !state.settings.integrations.akismet {
        return Some(actix_web::ResponseError::error_response(&ApiError::Disabled));
    }
    match presented_key(req, fields) {
        None => return Some(invalid("Empty \"api_key\" value")),
        Some(k) if !state.is_api_key(&k) => return Some(invalid("Invalid API key")),
        Some(_) => {}
    }
    if body::field(fields, "blog").is_none_or(|b| b.trim().is_empty()) {
        return Some(invalid("Empty \"blog\" value"));
    }
    None
}

/// Form fields from the body (POST) and the query string (GET, or both).
async fn fields(req: &HttpRequest, payload: web::Payload, state: &AppState) -> Result<Vec<(String, String)>, ApiError> {
    let mut fields = body::parse_form(req.query_string().as_bytes());
    if req.method() == actix_web::http::Method::POST {
        let bytes =
            body::read(req, payload, state.settings.server.body_limit_bytes, state.settings.server.body_timeout_ms)
                .await?;
        fields.extend(body::parse_form(&bytes));
    }
    Ok(fields)
}

fn truthy(value: Option<String>) -> bool {
    value.is_some_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
}

/// Maps Akismet's fields onto a comment. Akismet does not refuse a comment
/// for a malformed optional field (an odd e-mail, say), so neither do we:
/// fields that fail validation are dropped, and the rest is moderated.
fn akismet_comment(fields: &[(String, String)]) -> Result<Comment, &'static str> {
    let f = |name: &str| body::field(fields, name);
    let honeypot = f("honeypot_field_name").filter(|n| !n.is_empty()).and_then(|name| f(&name));
    let mut draft = CommentDraft {
        content: f("comment_content"),
        author_id: None,
        author_name: f("comment_author"),
        author_email: f("comment_author_email"),
        author_url: f("comment_author_url"),
        author_ip: f("user_ip"),
        user_agent: f("user_agent"),
        article_id: None,
        article_url: f("permalink"),
        article_title: None,
        parent_id: f("comment_parent").filter(|p| p != "0"),
        honeypot,
        rendered_at: None,
    };
    if draft.content.as_deref().is_none_or(|c| c.trim().is_empty()) {
        return Err("Empty \"comment_content\": nothing to check");
    }
    for _ in 0..2 {
        match draft.clone().validate(FieldNames::AKISMET, false) {
            Ok(c) => return Ok(c),
            Err(errors) => {
                for e in errors {
                    match e.field.as_str() {
                        "comment_author" => draft.author_name = None,
                        "comment_author_email" => draft.author_email = None,
                        "comment_author_url" => draft.author_url = None,
                        "user_ip" => draft.author_ip = None,
                        "user_agent" => draft.user_agent = None,
                        "article.url" => draft.article_url = None,
                        "parent_id" => draft.parent_id = None,
                        _ => return Err("comment_content is too long"),
                    }
                }
            }
        }
    }
    Err("the comment could not be read")
}

/// Calls counted for `usage-limit`, per calendar month (UTC).
#[derive(Debug, Default)]
pub struct Usage {
    month: AtomicU64,
    calls: AtomicU64,
}

impl Usage {
    /// The current calendar month (UTC) as `year * 12 + month`.
    fn current_month() -> u64 {
        let (year, month) = civil_month(crate::moderator::unix_now().max(0) / 86_400);
        (year * 12 + month) as u64
    }

    pub fn record(&self) -> u64 {
        let month = Self::current_month();
        if self.month.swap(month, Ordering::Relaxed) != month {
            self.calls.store(0, Ordering::Relaxed);
        }
        self.calls.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub fn calls(&self) -> u64 {
        if self.month.load(Ordering::Relaxed) != Self::current_month() { 0 } else { self.calls.load(Ordering::Relaxed) }
    }
}

/// Year and month (1–12) of a day counted from 1970-01-01 (Howard
/// Hinnant's civil-from-days algorithm).
fn civil_month(days: i64) -> (i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month)
}

/// `POST /1.1/verify-key`.
#[utoipa::path(post, path = "/1.1/verify-key", tag = "akismet",
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "key or api_key, blog"),
    responses((status = 200, description = "`valid` or `invalid` (text/plain)", body = String)))]
pub async fn verify_key(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let fields = fields(&req, payload, &state).await?;
    Ok(refusal(&state, &req, &fields).unwrap_or_else(|| text("valid")))
}

/// `POST /1.1/comment-check`.
#[utoipa::path(post, path = "/1.1/comment-check", tag = "akismet",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "api_key, blog, user_ip (required); user_agent, referrer, permalink, comment_type, comment_author, comment_author_email, comment_author_url, comment_content, comment_parent, honeypot_field_name, is_test, blog_lang"),
    responses((status = 200, description = "`false` (accept), `true` (hold), `true` with X-akismet-pro-tip: discard (reject), or `invalid`", body = String)))]
pub async fn comment_check(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let fields = fields(&req, payload, &state).await?;
    if let Some(response) = refusal(&state, &req, &fields) {
        return Ok(response);
    }
    if body::field(&fields, "user_ip").is_none_or(|ip| ip.trim().is_empty()) {
        return Ok(invalid("Empty \"user_ip\" value"));
    }
    state.usage.record();
    let id = request_id(&req);
    let is_test = truthy(body::field(&fields, "is_test"));
    let author = body::field(&fields, "comment_author").unwrap_or_default();
    let email = body::field(&fields, "comment_author_email").unwrap_or_default();
    if author == "akismet-guaranteed-spam"
        || author == "viagra-test-123"
        || email == "akismet-guaranteed-spam@example.com"
    {
        return Ok(check_answer(Decision::Hold, &id));
    }
    if body::field(&fields, "user_role").is_some_and(|r| r == "administrator") {
        return Ok(check_answer(Decision::Accept, &id));
    }
    let comment = match akismet_comment(&fields) {
        Ok(c) => c,
        Err(help) => {
            // Nothing to check is ham; a comment that cannot be read (over
            // the length limit) goes to a moderator rather than through.
            let verdict = if help.starts_with("Empty") { "false" } else { "true" };
            return Ok(HttpResponse::Ok()
                .content_type(ContentType::plaintext())
                .insert_header(("X-akismet-guid", id))
                .insert_header(("X-akismet-debug-help", help))
                .body(verdict));
        }
    };
    // Rechecks (WordPress's "Check for Spam", edits) and retries of a
    // comment already seen must not trip the duplicate and flood rules.
    let recheck = body::field(&fields, "recheck_reason").is_some_and(|r| !r.is_empty());
    let moderation = state.moderator.moderate(&comment, ModerateOptions { remember: !is_test && !recheck });
    super::moderate::record(&state, &moderation);
    Ok(check_answer(moderation.decision, &id))
}

fn check_answer(decision: Decision, guid: &str) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response.content_type(ContentType::plaintext()).insert_header(("X-akismet-guid", guid.to_string()));
    match decision {
        Decision::Accept => response.body("false"),
        Decision::Hold => response.body("true"),
        Decision::Reject => response.insert_header(("X-akismet-pro-tip", "discard")).body("true"),
    }
}

async fn submit(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    label: Label,
) -> Result<HttpResponse, ApiError> {
    let fields = fields(&req, payload, &state).await?;
    if let Some(response) = refusal(&state, &req, &fields) {
        return Ok(response);
    }
    let comment = match akismet_comment(&fields) {
        Ok(c) => c,
        Err(help) => return Ok(invalid(help)),
    };
    if truthy(body::field(&fields, "is_test")) {
        return Ok(text(THANKS));
    }
    store_label(&state, &comment, label, None, "akismet").await?;
    Ok(text(THANKS))
}

/// `POST /1.1/submit-spam`.
#[utoipa::path(post, path = "/1.1/submit-spam", tag = "akismet",
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "as comment-check"),
    responses((status = 200, description = "`Thanks for making the web a better place.`", body = String), (status = 503, description = "The store is unavailable")))]
pub async fn submit_spam(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    submit(req, payload, state, Label::Spam).await
}

/// `POST /1.1/submit-ham`.
#[utoipa::path(post, path = "/1.1/submit-ham", tag = "akismet",
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "as comment-check"),
    responses((status = 200, description = "`Thanks for making the web a better place.`", body = String), (status = 503, description = "The store is unavailable")))]
pub async fn submit_ham(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    submit(req, payload, state, Label::Ham).await
}

#[derive(Serialize)]
struct UsageLimit {
    limit: serde_json::Value,
    usage: u64,
    percentage: String,
    throttled: bool,
}

/// `GET /1.2/usage-limit` (also POST).
#[utoipa::path(get, path = "/1.2/usage-limit", tag = "akismet",
    params(("api_key" = String, Query, description = "An API key")),
    responses((status = 200, description = "{\"limit\", \"usage\", \"percentage\", \"throttled\"}")))]
pub async fn usage_limit(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let fields = fields(&req, payload, &state).await?;
    if !state.settings.integrations.akismet {
        return Err(ApiError::Disabled);
    }
    match presented_key(&req, &fields) {
        Some(k) if state.is_api_key(&k) => {}
        _ => return Ok(invalid("Invalid API key")),
    }
    let usage = state.usage.calls();
    let limit = state.settings.integrations.akismet_usage_limit;
    let (limit_value, percentage) = if limit == 0 {
        (serde_json::Value::from("none"), "0.00".to_string())
    } else {
        (serde_json::Value::from(limit), format!("{:.2}", usage as f64 * 100.0 / limit as f64))
    };
    Ok(HttpResponse::Ok().json(UsageLimit { limit: limit_value, usage, percentage, throttled: false }))
}

/// `POST /1.2/usage-limit`: the same as GET, with the key in the body.
#[utoipa::path(post, path = "/1.2/usage-limit", tag = "akismet",
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "api_key"),
    responses((status = 200, description = "{\"limit\", \"usage\", \"percentage\", \"throttled\"}")))]
pub async fn usage_limit_post(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    usage_limit(req, payload, state).await
}

#[cfg(test)]
mod tests {
    use super::civil_month;

    #[test]
    fn calendar_months() {
        assert_eq!(civil_month(0), (1970, 1));
        assert_eq!(civil_month(31), (1970, 2));
        assert_eq!(civil_month(20_785), (2026, 11)); // 2026-11-28
        assert_eq!(civil_month(20_789), (2026, 12)); // 2026-12-02
        assert_eq!(civil_month(11_016), (2000, 2)); // 2000-02-29
    }
}
