//! The Perspective-compatible API (`comments:analyze`,
//! `comments:suggestscore`), served under `/v1alpha1/` and at the root, as
//! Coral Talk builds its URL from a configurable endpoint.
//!
//! Attributes: `TOXICITY` is the abuse score, `SPAM` the spam score. Any
//! other attribute gets Perspective's own 400 error (or is dropped with
//! `dropUnsupportedAttributes`), as does a language other than English.
//! With `spanAnnotations`, `spanScores` point at the comment's strongest
//! evidence, in UTF-16 code units as Perspective counts them, each scored
//! on its own. Errors use Google's shape:
//! `{"error": {"code": 400, "message": "...", "status": "INVALID_ARGUMENT"}}`.

use super::feedback::store_label;
use crate::domain::{CommentDraft, FieldNames};
use crate::http::body;
use crate::http::errors::ApiError;
use crate::http::state::AppState;
use crate::moderator::EvidenceItem;
use crate::store::Label;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Attributes the model scores.
const SUPPORTED: &[&str] = &["TOXICITY", "SPAM"];

/// Perspective attributes that exist but this model does not score.
const KNOWN_UNSUPPORTED: &[&str] = &[
    "SEVERE_TOXICITY",
    "IDENTITY_ATTACK",
    "INSULT",
    "PROFANITY",
    "THREAT",
    "SEXUALLY_EXPLICIT",
    "FLIRTATION",
    "ATTACK_ON_AUTHOR",
    "ATTACK_ON_COMMENTER",
    "INCOHERENT",
    "INFLAMMATORY",
    "LIKELY_TO_REJECT",
    "OBSCENE",
    "UNSUBSTANTIAL",
];

fn google_error(code: u16, status: &str, message: String, details: Option<Value>) -> HttpResponse {
    let mut error = json!({"code": code, "message": message, "status": status});
    if let Some(d) = details {
        error["details"] = d;
    }
    HttpResponse::build(StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST)).json(json!({ "error": error }))
}

fn invalid_argument(message: String, error_type: Option<&str>, extra: Option<(&str, Value)>) -> HttpResponse {
    let details = error_type.map(|t| {
        let mut d = json!({"@type": "type.googleapis.com/google.commentanalyzer.v1alpha1.Error", "errorType": t});
        if let Some((k, v)) = extra {
            d[k] = v;
        }
        json!([d])
    });
    google_error(400, "INVALID_ARGUMENT", message, details)
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct TextEntry {
    text: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct AttributeParams {
    score_type: Option<String>,
    score_threshold: Option<f64>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct AnalyzeRequest {
    comment: Option<TextEntry>,
    requested_attributes: Option<BTreeMap<String, Option<AttributeParams>>>,
    languages: Option<Vec<String>>,
    #[allow(dead_code)]
    do_not_store: Option<bool>,
    span_annotations: Option<bool>,
    client_token: Option<String>,
    drop_unsupported_attributes: Option<bool>,
}

/// The key: `?key=` as Perspective takes it, or a bearer token.
fn authorized(req: &HttpRequest, state: &AppState) -> bool {
    let query = body::parse_form(req.query_string().as_bytes());
    body::field(&query, "key").is_some_and(|k| state.is_api_key(&k))
        || AppState::bearer(req).is_some_and(|k| state.is_api_key(k))
        || req.headers().get("x-goog-api-key").and_then(|v| v.to_str().ok()).is_some_and(|k| state.is_api_key(k))
}

fn bad_key() -> HttpResponse {
    google_error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.".into(), None)
}

/// Only English is supported; `None` means fine.
fn unsupported_language(languages: &[String]) -> Option<String> {
    let bad: Vec<&str> = languages
        .iter()
        .map(String::as_str)
        .filter(|l| {
            let primary = l.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
            primary != "en"
        })
        .collect();
    (!bad.is_empty()).then(|| bad.join(", "))
}

/// UTF-16 offset of a byte offset in `s`.
fn utf16_offset(s: &str, byte: usize) -> usize {
    s[..byte.min(s.len())].encode_utf16().count()
}

fn attribute_score(
    state: &AppState,
    text: &str,
    probability: f64,
    evidence: &[EvidenceItem],
    head: crate::model::Head,
    spans: bool,
    threshold: Option<f64>,
) -> Option<Value> {
    if threshold.is_some_and(|t| probability < t) {
        return None;
    }
    let mut out = json!({"summaryScore": {"value": probability, "type": "PROBABILITY"}});
    if spans {
        let mut span_scores: Vec<Value> = evidence
            .iter()
            .filter_map(|e| e.span)
            .map(|(b, e)| {
                let (scores, _, _) = state.moderator.score(&text[b..e]);
                json!({
                    "begin": utf16_offset(text, b),
                    "end": utf16_offset(text, e),
                    "score": {"value": scores.get(head), "type": "PROBABILITY"},
                })
            })
            .collect();
        span_scores.sort_by_key(|v| v["begin"].as_u64());
        out["spanScores"] = Value::Array(span_scores);
    }
    Some(out)
}

/// The common start of both endpoints: enabled, key, body, JSON. The inner
/// `Err` is a Perspective-shaped refusal to send as is.
async fn read_request<T: serde::de::DeserializeOwned>(
    req: &HttpRequest,
    payload: web::Payload,
    state: &AppState,
) -> Result<Result<T, HttpResponse>, ApiError> {
    if !state.settings.integrations.perspective {
        return Err(ApiError::Disabled);
    }
    if !authorized(req, state) {
        return Ok(Err(bad_key()));
    }
    let bytes =
        body::read(req, payload, state.settings.server.body_limit_bytes, state.settings.server.body_timeout_ms).await?;
    Ok(serde_json::from_slice(&bytes)
        .map_err(|e| invalid_argument(format!("Invalid JSON payload received. {e}"), None, None)))
}

/// `POST /v1alpha1/comments:analyze`.
#[utoipa::path(post, path = "/v1alpha1/comments:analyze", tag = "perspective",
    params(("key" = String, Query, description = "An API key")),
    request_body(content = Object, description = "Perspective AnalyzeCommentRequest: comment.text, requestedAttributes (TOXICITY, SPAM), languages, doNotStore, spanAnnotations, clientToken"),
    responses((status = 200, description = "AnalyzeCommentResponse: attributeScores.NAME.summaryScore.value, spanScores"), (status = 400, description = "Google-style error")))]
pub async fn analyze(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let request: AnalyzeRequest = match read_request(&req, payload, &state).await? {
        Ok(r) => r,
        Err(refusal) => return Ok(refusal),
    };
    let comment = request.comment.unwrap_or_default();
    if comment.kind.as_deref().is_some_and(|k| k == "HTML") {
        return Ok(invalid_argument("Currently, only 'PLAIN_TEXT' comments are supported".into(), None, None));
    }
    let text = comment.text.unwrap_or_default();
    if text.trim().is_empty() {
        return Ok(invalid_argument("Comment must be non-empty.".into(), Some("COMMENT_EMPTY"), None));
    }
    if text.len() > crate::domain::MAX_CONTENT_BYTES {
        return Ok(invalid_argument("Comment text too long.".into(), Some("COMMENT_TOO_LONG"), None));
    }
    let attributes = request.requested_attributes.unwrap_or_default();
    if attributes.is_empty() {
        return Ok(invalid_argument("Missing requested_attributes".into(), None, None));
    }
    let languages = request.languages.filter(|l| !l.is_empty()).unwrap_or_else(|| vec!["en".into()]);
    let drop_unsupported = request.drop_unsupported_attributes.unwrap_or(false);
    let (scores, evidence, _) = state.moderator.score(&text);
    let spans = request.span_annotations.unwrap_or(false);
    let mut attribute_scores = serde_json::Map::new();
    for (name, params) in &attributes {
        let params = params.as_ref();
        let head = match name.as_str() {
            "TOXICITY" => crate::model::Head::Abuse,
            "SPAM" => crate::model::Head::Spam,
            _ if drop_unsupported => continue,
            known if KNOWN_UNSUPPORTED.contains(&known) => {
                return Ok(invalid_argument(
                    format!("Attribute {name} does not support request languages: {}", languages.join(", ")),
                    Some("LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"),
                    Some((
                        "languageNotSupportedByAttributeError",
                        json!({"detectedLanguages": ["en"], "attribute": name}),
                    )),
                ));
            }
            _ => {
                return Ok(invalid_argument(format!("Unknown requested attribute: {name}"), None, None));
            }
        };
        if let Some(bad) = unsupported_language(&languages) {
            if drop_unsupported {
                continue;
            }
            return Ok(invalid_argument(
                format!("Attribute {name} does not support request languages: {bad}"),
                Some("LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"),
                Some((
                    "languageNotSupportedByAttributeError",
                    json!({"detectedLanguages": languages, "attribute": name}),
                )),
            ));
        }
        if let Some(score_type) = params.and_then(|p| p.score_type.as_deref())
            && !matches!(score_type, "PROBABILITY" | "SCORE_TYPE_UNSPECIFIED")
        {
            return Ok(invalid_argument(
                format!("Requested score type {score_type} is not supported by attribute {name}"),
                None,
                None,
            ));
        }
        let threshold = params.and_then(|p| p.score_threshold);
        if let Some(score) =
            attribute_score(&state, &text, *scores.get(head), evidence.get(head), head, spans, threshold)
        {
            attribute_scores.insert(name.clone(), score);
        }
    }
    debug_assert!(SUPPORTED.contains(&"TOXICITY"));
    let mut response = json!({
        "attributeScores": attribute_scores,
        "languages": languages,
        "detectedLanguages": ["en"],
    });
    if let Some(token) = request.client_token {
        response["clientToken"] = Value::String(token);
    }
    Ok(HttpResponse::Ok().json(response))
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SuggestRequest {
    comment: Option<TextEntry>,
    attribute_scores: Option<BTreeMap<String, SuggestedScores>>,
    languages: Option<Vec<String>>,
    client_token: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SuggestedScores {
    summary_score: Option<ScoreValue>,
}

#[derive(Debug, Deserialize, Default)]
struct ScoreValue {
    value: Option<f64>,
}

/// `POST /v1alpha1/comments:suggestscore`: a moderator's score, stored as
/// feedback (`TOXICITY` ≥ 0.5 is abuse, else civil; `SPAM` ≥ 0.5 is spam,
/// else ham).
#[utoipa::path(post, path = "/v1alpha1/comments:suggestscore", tag = "perspective",
    params(("key" = String, Query, description = "An API key")),
    request_body(content = Object, description = "SuggestCommentScoreRequest: comment.text, attributeScores.NAME.summaryScore.value, clientToken"),
    responses((status = 200, description = "{clientToken, requestedLanguages, detectedLanguages}"), (status = 400, description = "Google-style error"), (status = 503, description = "The store is unavailable")))]
pub async fn suggest_score(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let request: SuggestRequest = match read_request(&req, payload, &state).await? {
        Ok(r) => r,
        Err(refusal) => return Ok(refusal),
    };
    let text = request.comment.and_then(|c| c.text).unwrap_or_default();
    if text.trim().is_empty() {
        return Ok(invalid_argument("Comment must be non-empty.".into(), Some("COMMENT_EMPTY"), None));
    }
    let scores = request.attribute_scores.unwrap_or_default();
    let mut labels = Vec::new();
    for (name, s) in &scores {
        let Some(value) = s.summary_score.as_ref().and_then(|v| v.value) else {
            return Ok(invalid_argument(format!("Attribute {name} has no summaryScore value"), None, None));
        };
        labels.push(match (name.as_str(), value >= 0.5) {
            ("TOXICITY", true) => Label::Abuse,
            ("TOXICITY", false) => Label::Civil,
            ("SPAM", true) => Label::Spam,
            ("SPAM", false) => Label::Ham,
            _ => {
                return Ok(invalid_argument(format!("Unknown requested attribute: {name}"), None, None));
            }
        });
    }
    if labels.is_empty() {
        return Ok(invalid_argument("attributeScores must not be empty".into(), None, None));
    }
    let comment = match (CommentDraft { content: Some(text), ..Default::default() }).validate(FieldNames::JSON, false) {
        Ok(c) => c,
        Err(_) => {
            return Ok(invalid_argument("Comment text too long.".into(), Some("COMMENT_TOO_LONG"), None));
        }
    };
    for label in labels {
        let token = request.client_token.as_ref().map(|t| t.chars().take(200).collect());
        store_label(&state, &comment, label, token, "perspective").await?;
    }
    let languages = request.languages.unwrap_or_else(|| vec!["en".into()]);
    let mut response = json!({"requestedLanguages": languages, "detectedLanguages": ["en"]});
    if let Some(token) = request.client_token {
        response["clientToken"] = Value::String(token);
    }
    Ok(HttpResponse::Ok().json(response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_utf16_code_units() {
        let s = "😀 idiot";
        let byte = s.find("idiot").unwrap();
        assert_eq!(utf16_offset(s, byte), 3);
    }

    #[test]
    fn only_english_is_supported() {
        assert!(unsupported_language(&["en".into(), "en-US".into()]).is_none());
        assert_eq!(unsupported_language(&["en".into(), "de".into()]).as_deref(), Some("de"));
    }
}

/// `POST /comments:analyze`: the same, for a Coral endpoint configured
/// without the version prefix.
#[utoipa::path(post, path = "/comments:analyze", tag = "perspective",
    params(("key" = String, Query, description = "An API key")),
    request_body(content = Object, description = "As /v1alpha1/comments:analyze"),
    responses((status = 200, description = "As /v1alpha1/comments:analyze")))]
pub async fn analyze_unversioned(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    analyze(req, payload, state).await
}

/// `POST /comments:suggestscore`, unversioned.
#[utoipa::path(post, path = "/comments:suggestscore", tag = "perspective",
    params(("key" = String, Query, description = "An API key")),
    request_body(content = Object, description = "As /v1alpha1/comments:suggestscore"),
    responses((status = 200, description = "As /v1alpha1/comments:suggestscore")))]
pub async fn suggest_score_unversioned(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    suggest_score(req, payload, state).await
}
