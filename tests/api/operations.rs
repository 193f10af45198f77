//! Health, readiness, model info, metrics, OpenAPI, reload, rate limiting.

use crate::helpers::{ADMIN_KEY, error_code, shipped_model, spawn_app, spawn_app_with};
use serde_json::json;

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let ready: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
    assert_eq!(ready["status"], "ready");
    assert!(ready["model"].as_str().unwrap().starts_with("nb-"));
}

#[tokio::test]
async fn model_endpoint_reports_version_and_card_summary() {
    let app = spawn_app_with(|s| {
        s.model.thresholds.spam = Some(comment_moderator::model::Thresholds { hold: 0.4, reject: 0.95 })
    })
    .await;
    let info: serde_json::Value = app.get("/v1/model").await.json().await.unwrap();
    assert!(info["version"].as_str().unwrap().starts_with("nb-"));
    assert_eq!(info["heads"]["spam"]["thresholds"]["hold"], 0.4, "configuration overrides the model");
    assert_ne!(info["heads"]["spam"]["model_thresholds"]["hold"], 0.4);
    assert!(info["heads"]["abuse"]["test_roc_auc"].as_f64().unwrap() > 0.9);
    // The shipped model is trained on public data only.
    assert_eq!(info["heads"]["abuse"]["hold_chosen_on"], "validation split");
    assert!(info["heads"]["abuse"].get("hold_from_labels").is_none());
    assert!(info["examples"].as_object().unwrap().len() >= 8);
}

#[tokio::test]
async fn metrics_count_requests_decisions_and_reasons() {
    let app = spawn_app().await;
    app.moderate(&json!({"content": "Buy cheap viagra online without prescription http://pills.example"})).await;
    app.moderate(&json!({"content": "A calm remark."})).await;
    let _ = app.get("/nope").await;
    let response = app.get("/metrics").await;
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let metrics = response.text().await.unwrap();
    for needle in [
        r#"http_requests_total{method="POST",route="/v1/moderate",status="200"} 2"#,
        r#"http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
        "http_request_duration_seconds_bucket{method=\"POST\",route=\"/v1/moderate\"",
        r#"moderation_decisions_total{decision="accept"} 1"#,
        r#"moderation_reasons_total{reason="spam_score"} 1"#,
        "model_info{version=\"nb-",
        "feedback_rows 0",
    ] {
        assert!(metrics.contains(needle), "missing {needle} in\n{metrics}");
    }
}

#[tokio::test]
async fn every_route_is_in_the_openapi_document_and_the_docs_page_serves() {
    let app = spawn_app().await;
    let doc: serde_json::Value = app.get("/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for (method, path) in comment_moderator::http::routes::ROUTES {
        assert!(doc["paths"][path][method].is_object(), "{method} {path} is not in /openapi.json");
    }
    assert!(doc["paths"][comment_moderator::http::routes::BENCH_ECHO]["post"].is_object());
    let docs = app.get("/docs/").await;
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"), "interactive docs page");
}

#[tokio::test]
async fn admin_reload_needs_the_admin_key_and_refuses_a_corrupt_model() {
    let dir = tempfile::tempdir().unwrap();
    let model_path = dir.path().join("model.bin");
    std::fs::copy(shipped_model(), &model_path).unwrap();
    let path_for_app = model_path.clone();
    let app = spawn_app_with(move |s| s.model.path = path_for_app).await;
    let url = format!("{}/admin/reload", app.address);
    assert_eq!(app.client.post(&url).send().await.unwrap().status(), 401);
    assert_eq!(app.client.post(&url).bearer_auth("wrong-admin-key").send().await.unwrap().status(), 401);
    let ok = app.client.post(&url).bearer_auth(ADMIN_KEY).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    let before: serde_json::Value = ok.json().await.unwrap();
    // Corrupt the file on disk: the reload is refused, the old model serves.
    let mut bytes = std::fs::read(&model_path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&model_path, bytes).unwrap();
    let refused = app.client.post(&url).bearer_auth(ADMIN_KEY).send().await.unwrap();
    assert_eq!(refused.status(), 409);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "model_refused");
    assert!(body["error"]["message"].as_str().unwrap().contains("checksum"), "{body}");
    let ready: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
    assert_eq!(ready["model"], before["version"]);
    assert_eq!(app.moderate(&json!({"content": "still serving"})).await["decision"], "accept");
}

#[tokio::test]
async fn reloading_under_load_loses_no_request() {
    let app = spawn_app().await;
    let client = app.client.clone();
    let url = format!("{}/v1/moderate", app.address);
    let load = tokio::spawn(async move {
        let mut ok = 0;
        for i in 0..400 {
            let response = client
                .post(&url)
                .json(&json!({"content": format!("comment {i} about sanctions")}))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            ok += 1;
        }
        ok
    });
    for _ in 0..20 {
        let response =
            app.client.post(format!("{}/admin/reload", app.address)).bearer_auth(ADMIN_KEY).send().await.unwrap();
        assert_eq!(response.status(), 200);
    }
    assert_eq!(load.await.unwrap(), 400);
}

#[tokio::test]
async fn the_public_path_is_rate_limited_per_ip_with_retry_after() {
    let app = spawn_app_with(|s| {
        s.rate_limit.per_minute = 60;
        s.rate_limit.burst = 5;
    })
    .await;
    let mut limited = None;
    for _ in 0..20 {
        let response = app.post_json("/v1/moderate", &json!({"content": "hello"})).await;
        if response.status() == 429 {
            limited = Some(response);
            break;
        }
    }
    let response = limited.expect("the limit was reached");
    assert!(response.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(error_code(response).await, "rate_limited");
    assert_eq!(app.get("/healthz").await.status(), 200, "health checks are never limited");
}

#[tokio::test]
async fn moderation_can_require_a_key() {
    let app = spawn_app_with(|s| s.auth.require_key_for_moderation = true).await;
    assert_eq!(app.post_json("/v1/moderate", &json!({"content": "hi"})).await.status(), 401);
    let ok = app
        .client
        .post(format!("{}/v1/moderate", app.address))
        .bearer_auth(crate::helpers::API_KEY)
        .json(&json!({"content": "hi"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn arbitrary_methods_share_one_metrics_label() {
    let app = spawn_app().await;
    for method in ["FOO", "BAR", "BAZ"] {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = app.client.request(m, format!("{}/healthz", app.address)).send().await.unwrap();
        assert_eq!(response.status(), 405);
    }
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains(r#"method="OTHER""#), "{metrics}");
    assert!(!metrics.contains("FOO"));
}
