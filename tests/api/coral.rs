//! Coral Talk's external moderation webhook.

use crate::helpers::{CORAL_SECRET, spawn_app};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::json;
use sha2::Sha256;

fn sign(body: &[u8], secret: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    format!("sha256={}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

fn coral_body(text: &str, role: &str) -> Vec<u8> {
    // Coral sends pretty-printed JSON; the signature covers these exact bytes.
    serde_json::to_string_pretty(&json!({
        "action": "NEW",
        "comment": {"body": format!("<p>{text}</p>"), "parentID": null},
        "author": {"id": "user-123", "role": role},
        "story": {"id": "story-1", "url": "https://news.example/kim-in-russia"},
        "site": {"id": "site-1"},
        "tenantID": "tenant-1",
        "tenantDomain": "news.example"
    }))
    .unwrap()
    .into_bytes()
}

async fn post(app: &crate::helpers::TestApp, body: Vec<u8>, signature: Option<String>) -> reqwest::Response {
    let mut request =
        app.client.post(format!("{}/v1/coral/moderate", app.address)).header("content-type", "application/json");
    if let Some(s) = signature {
        request = request.header("X-Coral-Signature", s);
    }
    request.body(body).send().await.unwrap()
}

#[tokio::test]
async fn civil_comments_get_no_opinion() {
    let app = spawn_app().await;
    let body = coral_body("The arms deal is a clear breach of UN sanctions.", "COMMENTER");
    let signature = sign(&body, CORAL_SECRET);
    let response = post(&app, body, Some(signature)).await;
    assert_eq!(response.status(), 204);
}

#[tokio::test]
async fn abuse_is_withheld_with_a_toxic_flag() {
    let app = spawn_app().await;
    let body = coral_body("You are a worthless idiot and a moron, shut up.", "COMMENTER");
    let signature = sign(&body, CORAL_SECRET);
    let response = post(&app, body, Some(format!("sha256=deadbeef,{signature}"))).await;
    assert_eq!(response.status(), 200);
    let reply: serde_json::Value = response.json().await.unwrap();
    assert!(matches!(reply["status"].as_str(), Some("SYSTEM_WITHHELD" | "REJECTED")), "{reply}");
    assert_eq!(reply["actions"][0]["actionType"], "FLAG");
    assert_eq!(reply["actions"][0]["reason"], "COMMENT_DETECTED_TOXIC");
    // Only keys Coral's schema accepts.
    for key in reply.as_object().unwrap().keys() {
        assert!(["status", "actions", "tags"].contains(&key.as_str()), "{key}");
    }
}

#[tokio::test]
async fn threats_and_attacks_on_groups_are_flagged_toxic_not_spam() {
    // One author posting twice would be a flood, which is spam's.
    let app = crate::helpers::spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    for text in ["<p>Hang Putin.</p>", "Every Iranian I've met was a liar."] {
        let body = coral_body(text, "COMMENTER");
        let signature = sign(&body, CORAL_SECRET);
        let reply: serde_json::Value = post(&app, body, Some(signature)).await.json().await.unwrap();
        assert_eq!(reply["status"], "SYSTEM_WITHHELD", "{text}: {reply}");
        let reasons: Vec<&str> =
            reply["actions"].as_array().unwrap().iter().map(|a| a["reason"].as_str().unwrap()).collect();
        assert_eq!(reasons, ["COMMENT_DETECTED_TOXIC"], "{text}: {reply}");
    }
}

#[tokio::test]
async fn spam_is_flagged_as_spam() {
    let app = spawn_app().await;
    let body =
        coral_body("Buy cheap viagra online without prescription http://pills.example.ru best price", "COMMENTER");
    let signature = sign(&body, CORAL_SECRET);
    let reply: serde_json::Value = post(&app, body, Some(signature)).await.json().await.unwrap();
    assert_eq!(reply["actions"][0]["reason"], "COMMENT_DETECTED_SPAM", "{reply}");
}

#[tokio::test]
async fn staff_comments_are_left_to_coral() {
    let app = spawn_app().await;
    let body = coral_body("You are an idiot", "STAFF");
    let signature = sign(&body, CORAL_SECRET);
    assert_eq!(post(&app, body, Some(signature)).await.status(), 204);
}

#[tokio::test]
async fn bad_or_missing_signatures_are_refused() {
    let app = spawn_app().await;
    let body = coral_body("hello", "COMMENTER");
    assert_eq!(post(&app, body.clone(), None).await.status(), 401);
    assert_eq!(post(&app, body.clone(), Some(sign(&body, "empsec_wrong"))).await.status(), 401);
    let mut tampered = body.clone();
    tampered.extend_from_slice(b" ");
    assert_eq!(post(&app, tampered, Some(sign(&body, CORAL_SECRET))).await.status(), 401);
}

#[tokio::test]
async fn an_edit_is_not_a_flood_or_a_duplicate() {
    let app = spawn_app().await;
    let body = coral_body("The arms deal breaks the UN sanctions.", "COMMENTER");
    assert_eq!(post(&app, body.clone(), Some(sign(&body, CORAL_SECRET))).await.status(), 204);
    let edit = String::from_utf8(body).unwrap().replace("\"NEW\"", "\"EDIT\"").into_bytes();
    assert_eq!(post(&app, edit.clone(), Some(sign(&edit, CORAL_SECRET))).await.status(), 204);
}
