//! Coral Talk's external moderation phase: `POST /v1/coral/moderate`.
//!
//! Coral POSTs each new or edited comment (`action`, `comment.body`,
//! `comment.parentID`, `author.id`, `author.role`, `story.id`, `story.url`,
//! `site.id`, `tenantID`, `tenantDomain`) signed with
//! `X-Coral-Signature: sha256=<hex HMAC-SHA-256 of the raw body>` (several
//! comma-separated signatures while secrets rotate). The signature is checked
//! in constant time against `integrations.coral_webhook_secret`.
//!
//! Answers, within the shape Coral validates:
//!
//! | decision | answer |
//! |---|---|
//! | accept, or a staff author | `204` (no opinion: Coral's pipeline continues) |
//! | hold | `200 {"status": "SYSTEM_WITHHELD", "actions": [FLAG …]}` |
//! | reject | `200 {"status": "REJECTED", "actions": [FLAG …]}` |
//!
//! Flags carry `COMMENT_DETECTED_TOXIC` for abuse and
//! `COMMENT_DETECTED_SPAM` for everything else (Coral accepts no other
//! reasons).

use super::moderate::record;
use crate::domain::{CommentDraft, FieldNames};
use crate::http::body;
use crate::http::errors::ApiError;
use crate::http::state::AppState;
use crate::moderator::ModerateOptions;
use crate::policy::{Decision, ReasonCode};
use actix_web::{HttpRequest, HttpResponse, web};
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use serde_json::json;
use sha2::Sha256;
use subtle::ConstantTimeEq;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct CoralComment {
    body: Option<String>,
    #[serde(rename = "parentID")]
    parent_id: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
struct CoralAuthor {
    id: Option<String>,
    role: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
struct CoralStory {
    id: Option<String>,
    url: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
struct CoralRequest {
    action: Option<String>,
    comment: Option<CoralComment>,
    author: Option<CoralAuthor>,
    story: Option<CoralStory>,
}

/// Whether `header` holds a valid signature of `body` under `secret`.
pub fn signature_valid(secret: &str, body: &[u8], header: Option<&str>) -> bool {
    let Some(header) = header else { return false };
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    let expected = crate::model::format::hex(&mac.finalize().into_bytes());
    let mut valid = subtle::Choice::from(0u8);
    for part in header.split(',') {
        if let Some(hex) = part.trim().strip_prefix("sha256=") {
            valid |= hex.trim().to_ascii_lowercase().as_bytes().ct_eq(expected.as_bytes());
        }
    }
    bool::from(valid)
}

/// Removes HTML tags (Coral may send the HTML body) and decodes entities
/// later in normalization.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// `POST /v1/coral/moderate`.
#[utoipa::path(post, path = "/v1/coral/moderate", tag = "coral",
    request_body(content = Object, description = "Coral external moderation request: action, comment.body, comment.parentID, author.id, author.role, story.id, story.url"),
    params(("X-Coral-Signature" = String, Header, description = "sha256=<hex HMAC-SHA-256 of the body>")),
    responses((status = 200, description = "{status, actions: [{actionType: FLAG, reason}]}"), (status = 204, description = "No opinion"), (status = 401, description = "Bad signature")))]
pub async fn coral_moderate(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let secret = &state.settings.integrations.coral_webhook_secret;
    if secret.is_empty() {
        return Err(ApiError::Disabled);
    }
    let bytes =
        body::read(&req, payload, state.settings.server.body_limit_bytes, state.settings.server.body_timeout_ms)
            .await?;
    let signature = req.headers().get("x-coral-signature").and_then(|v| v.to_str().ok());
    if !signature_valid(secret, &bytes, signature) {
        return Err(ApiError::Unauthorized);
    }
    let request: CoralRequest = body::parse_json(&bytes)?;
    let action = request.action;
    let author = request.author.unwrap_or_default();
    if author.role.as_deref().is_some_and(|r| matches!(r, "STAFF" | "MODERATOR" | "ADMIN")) {
        return Ok(HttpResponse::NoContent().finish());
    }
    let comment = request.comment.unwrap_or_default();
    let story = request.story.unwrap_or_default();
    let draft = CommentDraft {
        content: comment.body.map(|b| strip_tags(&b)),
        author_id: author.id,
        article_id: story.id,
        article_url: story.url,
        parent_id: comment.parent_id,
        ..Default::default()
    };
    let comment = draft.validate(FieldNames::JSON, false).map_err(ApiError::InvalidFields)?;
    // An edit is the same comment again: not a duplicate, not a flood.
    let remember = action.as_deref().is_none_or(|a| a != "EDIT");
    let moderation = state.moderator.moderate(&comment, ModerateOptions { remember });
    record(&state, &moderation);
    let status = match moderation.decision {
        Decision::Accept => return Ok(HttpResponse::NoContent().finish()),
        Decision::Hold => "SYSTEM_WITHHELD",
        Decision::Reject => "REJECTED",
    };
    let mut reasons: Vec<&str> = moderation
        .reasons
        .iter()
        .map(|r| match r.code {
            ReasonCode::AbuseScore
            | ReasonCode::IdentityAttack
            | ReasonCode::Threat
            | ReasonCode::BlockedWord
            | ReasonCode::SuspectWord => "COMMENT_DETECTED_TOXIC",
            _ => "COMMENT_DETECTED_SPAM",
        })
        .collect();
    reasons.dedup();
    reasons.sort_unstable();
    reasons.dedup();
    let actions: Vec<_> = reasons.into_iter().map(|reason| json!({"actionType": "FLAG", "reason": reason})).collect();
    Ok(HttpResponse::Ok().json(json!({"status": status, "actions": actions})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_against_any_listed_secret_hash() {
        let body = b"{\n  \"action\": \"NEW\"\n}";
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(b"empsec_abc").unwrap();
        mac.update(body);
        let good = crate::model::format::hex(&mac.finalize().into_bytes());
        assert!(signature_valid("empsec_abc", body, Some(&format!("sha256={good}"))));
        assert!(signature_valid("empsec_abc", body, Some(&format!("sha256=00ff,sha256={good}"))));
        assert!(!signature_valid("empsec_abc", body, Some("sha256=00ff")));
        assert!(!signature_valid("empsec_other", body, Some(&format!("sha256={good}"))));
        assert!(!signature_valid("empsec_abc", body, None));
    }

    #[test]
    fn tags_are_stripped() {
        assert_eq!(strip_tags("<p>Hello <b>you</b></p>").split_whitespace().collect::<Vec<_>>(), ["Hello", "you"]);
    }
}
