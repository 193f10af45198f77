//! `POST /v1/feedback`: keys, validation, durability across restarts, and
//! a store that cannot take writes.

use crate::helpers::{API_KEY, error_code, spawn_app, spawn_with_settings, test_settings};
use serde_json::json;

#[tokio::test]
async fn feedback_requires_an_api_key() {
    let app = spawn_app().await;
    let body = json!({"content": "spam!", "label": "spam"});
    let response = app.client.post(format!("{}/v1/feedback", app.address)).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(error_code(response).await, "unauthorized");
    let response = app
        .client
        .post(format!("{}/v1/feedback", app.address))
        .bearer_auth("wrong-key-0000")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let response = app.post_feedback(&body).await;
    assert_eq!(response.status(), 201);
    let stored: serde_json::Value = response.json().await.unwrap();
    assert_eq!(stored["label"], "spam");
    assert_eq!(stored["stored"], true);
    assert!(stored["id"].as_i64().unwrap() >= 1);
}

#[tokio::test]
async fn labels_and_content_are_validated() {
    let app = spawn_app().await;
    let response = app.post_feedback(&json!({"content": "x", "label": "maybe"})).await;
    assert_eq!(response.status(), 422);
    let error: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error["error"]["fields"][0]["field"], "label");
    let response = app.post_feedback(&json!({"content": "", "author": {"email": "bad"}})).await;
    let error: serde_json::Value = response.json().await.unwrap();
    let fields: Vec<&str> =
        error["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["content", "author.email", "label"]);
}

#[tokio::test]
async fn feedback_survives_a_restart_and_is_stored_without_addresses_in_clear() {
    let data_dir = tempfile::tempdir().unwrap();
    let dir_path = data_dir.path().to_path_buf();
    let app = spawn_with_settings(test_settings(&dir_path), tempfile::tempdir().unwrap()).await;
    for (i, label) in ["spam", "ham", "abuse", "civil"].iter().enumerate() {
        let response = app
            .post_feedback(&json!({
                "content": format!("comment {i}"),
                "label": label,
                "author": {"email": "private.person@example.com", "ip": "203.0.113.9"},
                "decision_id": format!("d-{i}")
            }))
            .await;
        assert_eq!(response.status(), 201);
    }
    drop(app);
    // A second app on the same data directory sees every label.
    let again = spawn_with_settings(test_settings(&dir_path), tempfile::tempdir().unwrap()).await;
    let metrics = again.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("feedback_rows 4"), "{metrics}");
    let db = std::fs::read(dir_path.join("feedback.sqlite3")).unwrap();
    let wal = std::fs::read(dir_path.join("feedback.sqlite3-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("private.person"), "an e-mail address is stored in clear");
        assert!(!text.contains("203.0.113.9"), "an IP address is stored in clear");
    }
    let _ = API_KEY;
}

#[tokio::test]
async fn an_unusable_store_answers_503_and_moderation_keeps_working() {
    // The data directory is a file: the database can never be created.
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let mut settings = test_settings(blocker.path());
    settings.privacy.hash_key = "fixed-test-hash-key".into();
    let app = spawn_with_settings(settings, tempfile::tempdir().unwrap()).await;
    let response = app.post_feedback(&json!({"content": "label me", "label": "spam"})).await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert_eq!(error_code(response).await, "store_unavailable");
    assert_eq!(app.moderate(&json!({"content": "still moderating"})).await["decision"], "accept");
}

#[tokio::test]
async fn a_full_database_answers_503() {
    let app = crate::helpers::spawn_app_with(|s| s.store.max_db_mb = 1).await;
    let big = "lorem ipsum dolor sit amet ".repeat(2_000);
    let mut saw_503 = false;
    for i in 0..200 {
        // Each a different comment: a repeat would not be stored again.
        let response = app.post_feedback(&json!({"content": format!("{big} {i}"), "label": "ham"})).await;
        match response.status().as_u16() {
            201 => continue,
            503 => {
                saw_503 = true;
                break;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(saw_503, "a 1 MiB database should fill up");
    assert_eq!(app.moderate(&json!({"content": "moderation is unaffected"})).await["decision"], "accept");
}

#[tokio::test]
async fn a_database_removed_while_running_is_not_written_into_the_void() {
    let app = spawn_app().await;
    assert_eq!(app.post_feedback(&json!({"content": "first", "label": "ham"})).await.status(), 201);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(app.data_dir.path().join(format!("feedback.sqlite3{suffix}")));
    }
    let response = app.post_feedback(&json!({"content": "second", "label": "ham"})).await;
    assert_eq!(response.status(), 503, "a write to a deleted database must not be acknowledged");
    // The next write starts a fresh database in the same place.
    assert_eq!(app.post_feedback(&json!({"content": "third", "label": "ham"})).await.status(), 201);
}

#[tokio::test]
async fn trust_after_a_restart_is_what_it_was_before() {
    let data_dir = tempfile::tempdir().unwrap();
    let dir_path = data_dir.path().to_path_buf();
    let settings = || {
        let mut s = test_settings(&dir_path);
        s.policy.flood_window_seconds = 0;
        s
    };
    let two_links =
        "Sources: https://en.wikipedia.org/wiki/Kim_Jong_Un and https://www.reuters.com/world/asia-pacific/";
    let forgiven = json!({"name": "Forgiven", "email": "forgiven@example.com"});
    let relapsed = json!({"name": "Relapsed", "email": "relapsed@example.com"});
    let app = spawn_with_settings(settings(), tempfile::tempdir().unwrap()).await;
    // Rejected, then approved: trusted again. Approved, then rejected: not.
    for (author, labels) in [(&forgiven, ["spam", "spam", "ham"]), (&relapsed, ["ham", "ham", "abuse"])] {
        for (i, label) in labels.iter().enumerate() {
            let body = json!({"content": format!("comment {i}"), "author": author, "label": label});
            assert_eq!(app.post_feedback(&body).await.status(), 201);
        }
    }
    let before = [
        decision(&app, format!("{two_links} (1)"), &forgiven).await,
        decision(&app, format!("{two_links} (1)"), &relapsed).await,
    ];
    assert_eq!(before, ["accept", "hold"]);
    drop(app);
    let again = spawn_with_settings(settings(), tempfile::tempdir().unwrap()).await;
    let after = [
        decision(&again, format!("{two_links} (2)"), &forgiven).await,
        decision(&again, format!("{two_links} (2)"), &relapsed).await,
    ];
    assert_eq!(after, before, "trust changed across a restart");
}

async fn decision(app: &crate::helpers::TestApp, content: String, author: &serde_json::Value) -> String {
    app.moderate(&json!({"content": content, "author": author})).await["decision"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_retried_label_is_stored_once_and_a_changed_mind_is_stored() {
    let app = spawn_app().await;
    let body = json!({
        "content": "Great post! Visit my site.",
        "label": "spam",
        "author": {"email": "someone@example.com"},
        "decision_id": "d-42"
    });
    let first = app.post_feedback(&body).await;
    assert_eq!(first.status(), 201);
    let first: serde_json::Value = first.json().await.unwrap();
    assert_eq!(first["repeated"], false);
    for _ in 0..2 {
        let retry = app.post_feedback(&body).await;
        assert_eq!(retry.status(), 200);
        let retry: serde_json::Value = retry.json().await.unwrap();
        assert_eq!((&retry["id"], &retry["repeated"], &retry["stored"]), (&first["id"], &json!(true), &json!(true)));
    }
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("feedback_rows 1"), "{metrics}");
    // The moderator changes their mind, and back: each is a new label.
    let mut changed = body.clone();
    changed["label"] = json!("ham");
    assert_eq!(app.post_feedback(&changed).await.status(), 201);
    assert_eq!(app.post_feedback(&body).await.status(), 201);
    // Another comment of the same text (another decision) is its own label.
    let mut other = body.clone();
    other["decision_id"] = json!("d-43");
    assert_eq!(app.post_feedback(&other).await.status(), 201);
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("feedback_rows 4"), "{metrics}");
}

#[tokio::test]
async fn a_wrong_nested_field_is_named_as_on_moderation() {
    let app = spawn_app().await;
    for (body, field) in [
        (json!({"content": "x", "label": "ham", "article": {"id": 9_223_372_036_854_775_808u64}}), "article.id"),
        (json!({"content": "x", "label": "ham", "author": {"email": 5}}), "author.email"),
        (json!({"content": "x", "label": 5}), "label"),
    ] {
        let response = app.post_feedback(&body).await;
        assert_eq!(response.status(), 422, "{body}");
        let error: serde_json::Value = response.json().await.unwrap();
        assert_eq!(error["error"]["fields"][0]["field"], field, "{error}");
    }
}
