//! The JSON contract of `POST /v1/moderate` and the batch endpoint.

use crate::helpers::{reason_codes, spawn_app};
use serde_json::json;

#[tokio::test]
async fn obvious_spam_is_rejected_or_held_with_spam_evidence() {
    let app = spawn_app().await;
    let d = app
        .moderate(&json!({"content": "Buy cheap viagra online without prescription http://cheap-pills.example/buy"}))
        .await;
    assert!(matches!(d["decision"].as_str(), Some("reject" | "hold")), "{d}");
    assert!(reason_codes(&d).contains(&"spam_score".to_string()), "{d}");
    let evidence: Vec<&str> =
        d["evidence"]["spam"].as_array().unwrap().iter().map(|e| e["token"].as_str().unwrap()).collect();
    assert!(evidence.iter().any(|t| t.contains("viagra")), "{evidence:?}");
    assert!(d["evidence"]["spam"][0]["weight"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn an_insult_to_another_commenter_is_held_or_rejected_with_abuse_evidence() {
    let app = spawn_app().await;
    let d = app.moderate(&json!({"content": "You are a pathetic idiot, nobody wants to read your garbage."})).await;
    assert!(matches!(d["decision"].as_str(), Some("reject" | "hold")), "{d}");
    assert!(reason_codes(&d).contains(&"abuse_score".to_string()), "{d}");
    let evidence: Vec<&str> =
        d["evidence"]["abuse"].as_array().unwrap().iter().map(|e| e["token"].as_str().unwrap()).collect();
    assert!(evidence.iter().any(|t| t.contains("idiot")), "{evidence:?}");
}

#[tokio::test]
async fn a_civil_political_comment_on_the_article_is_accepted() {
    let app = spawn_app().await;
    for text in [
        "Kim Jong-un travelling to Russia by armoured train shows how much Moscow needs North Korean artillery shells for the war in Ukraine.",
        "Sanctions on both countries have not stopped this arms deal. The UN should enforce the resolutions it already passed.",
        "Putin meeting Kim at a space centre is a message to Washington: Russia will trade satellite technology for munitions.",
    ] {
        let d = app.moderate(&json!({"content": text})).await;
        assert_eq!(d["decision"], "accept", "{text}: {d}");
        assert!(d["reasons"].as_array().unwrap().is_empty());
    }
}

#[tokio::test]
async fn response_has_the_documented_shape() {
    let app = spawn_app().await;
    let d = app
        .moderate(&json!({
            "content": "Interesting article, thanks.",
            "author": {"name": "Jane", "email": "jane@example.com", "url": "https://jane.example.org", "ip": "203.0.113.7", "user_agent": "Mozilla/5.0"},
            "article": {"id": 42, "url": "https://news.example/kim-russia", "title": "Kim visits Russia"},
            "parent_id": "17",
            "unknown_field": {"is": "ignored"}
        }))
        .await;
    for key in ["decision", "scores", "reasons", "evidence", "model", "decision_id"] {
        assert!(d.get(key).is_some(), "missing {key}: {d}");
    }
    for head in ["spam", "abuse"] {
        let p = d["scores"][head].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
        assert!(d["evidence"][head].is_array());
    }
    assert!(d["model"]["version"].as_str().unwrap().starts_with("nb-"));
}

#[tokio::test]
async fn scores_are_calibrated_not_saturated_and_distinct() {
    let app = spawn_app().await;
    let mut seen = std::collections::HashSet::new();
    for text in [
        "The summit in Vladivostok was mostly symbolic.",
        "I think the sanctions will tighten after this visit.",
        "North Korea needs food and fuel, Russia needs shells.",
        "What a waste of time this whole summit was.",
        "Great article, very informative!",
        "Check out my channel for more videos",
    ] {
        let d = app.moderate(&json!({"content": text})).await;
        for head in ["spam", "abuse"] {
            let p = d["scores"][head].as_f64().unwrap();
            assert!(p > 0.0 && p < 1.0, "{text}: {head} = {p}");
            assert!(seen.insert(p.to_bits()), "two comments share the score {p}");
        }
    }
}

#[tokio::test]
async fn decision_id_is_the_request_id_and_an_incoming_request_id_is_honoured() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}/v1/moderate", app.address))
        .header("x-request-id", "cms-req-123")
        .json(&json!({"content": "hello there"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "cms-req-123");
    let d: serde_json::Value = response.json().await.unwrap();
    assert_eq!(d["decision_id"], "cms-req-123");
    let generated = app.post_json("/v1/moderate", &json!({"content": "hello again"})).await;
    assert!(!generated.headers()["x-request-id"].to_str().unwrap().is_empty());
}

#[tokio::test]
async fn batch_keeps_order_and_reports_invalid_items_in_place() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/v1/moderate/batch",
            &json!({"comments": [
                {"content": "Buy cheap viagra online without prescription http://pills.example"},
                {"content": ""},
                {"content": "A thoughtful remark about the summit."}
            ]}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_ne!(results[0]["decision"], "accept");
    assert_eq!(results[1]["error"]["code"], "invalid_fields");
    assert_eq!(results[1]["error"]["fields"][0]["field"], "content");
    assert_eq!(results[2]["decision"], "accept");
}

#[tokio::test]
async fn batch_refuses_more_than_the_limit() {
    let app = crate::helpers::spawn_app_with(|s| s.server.batch_max = 3).await;
    let comments: Vec<_> = (0..4).map(|i| json!({"content": format!("comment {i}")})).collect();
    let response = app.post_json("/v1/moderate/batch", &json!({ "comments": comments })).await;
    assert_eq!(response.status(), 413);
    assert_eq!(crate::helpers::error_code(response).await, "batch_too_large");
}

#[tokio::test]
async fn batch_of_a_thousand_is_answered_in_order() {
    let app = spawn_app().await;
    let comments: Vec<_> =
        (0..1000).map(|i| json!({"content": format!("comment number {i} about the summit")})).collect();
    let response = app.post_json("/v1/moderate/batch", &json!({ "comments": comments })).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 1000);
    assert!(results[999]["decision_id"].as_str().unwrap().ends_with("/999"));
}

#[tokio::test]
async fn a_huge_batch_of_empty_objects_is_refused_without_being_built() {
    let app = spawn_app().await;
    let body = format!("{{\"comments\": [{}]}}", vec!["{}"; 1_000_000].join(","));
    let started = std::time::Instant::now();
    let response = app.post_raw("/v1/moderate/batch", "application/json", body).await;
    assert_eq!(response.status(), 413);
    assert_eq!(crate::helpers::error_code(response).await, "batch_too_large");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}
