//! The feedback store on a real PostgreSQL server, shared by replicas.
//!
//! Needs `MODERATOR_TEST_POSTGRES_URL` (see scripts/test-postgres.sh); each
//! test creates its own database on that server.

use crate::helpers::{API_KEY, error_code, spawn_with_settings, test_settings};
use serde_json::json;

/// A fresh database on the test server, or `None` (skip) without one.
async fn fresh_database() -> Option<String> {
    let Ok(admin_url) = std::env::var("MODERATOR_TEST_POSTGRES_URL") else {
        if std::env::var("MODERATOR_TEST_REQUIRE_EXTERNAL").is_ok() {
            panic!("MODERATOR_TEST_POSTGRES_URL is required (eval \"$(scripts/test-postgres.sh)\")");
        }
        eprintln!("SKIPPED: MODERATOR_TEST_POSTGRES_URL is not set (see scripts/test-postgres.sh)");
        return None;
    };
    let (client, connection) =
        tokio_postgres::connect(&admin_url, tokio_postgres::NoTls).await.expect("connect to the test server");
    tokio::spawn(connection);
    let name = format!("moderator_test_{}", uuid::Uuid::new_v4().simple());
    client.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
    Some(format!("{base}/{name}"))
}

async fn replica(url: &str) -> crate::helpers::TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(dir.path());
    settings.store.database_url = url.to_string();
    // Replicas share the hashing key so they recognise the same authors.
    settings.privacy.hash_key = "shared-replica-hash-key".into();
    settings.policy.flood_window_seconds = 0;
    spawn_with_settings(settings, dir).await
}

#[tokio::test]
async fn replicas_share_one_postgres_store() {
    let Some(url) = fresh_database().await else { return };
    let a = replica(&url).await;
    let b = replica(&url).await;
    for i in 0..5 {
        let response = a
            .post_feedback(
                &json!({"content": format!("label {i}"), "label": "spam", "author": {"email": "x@example.com"}}),
            )
            .await;
        assert_eq!(response.status(), 201);
    }
    let response = b.post_feedback(&json!({"content": "from b", "label": "civil"})).await;
    assert_eq!(response.status(), 201);
    for app in [&a, &b] {
        let metrics = app.get("/metrics").await.text().await.unwrap();
        assert!(metrics.contains("feedback_rows 6"), "{metrics}");
    }
    // Nothing personal in clear.
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    let rows =
        client.query("SELECT author_email_hash FROM feedback WHERE author_email_hash IS NOT NULL", &[]).await.unwrap();
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| !r.get::<_, String>(0).contains('@')));
}

#[tokio::test]
async fn an_author_approved_through_one_replica_is_trusted_by_a_new_one() {
    let Some(url) = fresh_database().await else { return };
    let a = replica(&url).await;
    let author = json!({"name": "Regular", "email": "regular@example.com"});
    assert_eq!(a.post_feedback(&json!({"content": "earlier", "label": "ham", "author": author})).await.status(), 201);
    // A replica started later loads trusted authors from the shared store.
    let c = replica(&url).await;
    let two_links = "Sources: https://en.wikipedia.org/wiki/Kim_Jong_Un and https://www.reuters.com/world/";
    let d = c.moderate(&json!({"content": two_links, "author": author})).await;
    assert_eq!(d["decision"], "accept", "{d}");
    assert_eq!(d["reasons"][0]["code"], "trusted_author");
}

#[tokio::test]
async fn a_label_retried_through_two_replicas_is_stored_once_and_trust_follows_the_latest() {
    let Some(url) = fresh_database().await else { return };
    let a = replica(&url).await;
    let b = replica(&url).await;
    let author = json!({"name": "Forgiven", "email": "forgiven@example.com"});
    let spam = json!({"content": "first", "label": "spam", "author": author, "decision_id": "d-1"});
    assert_eq!(a.post_feedback(&spam).await.status(), 201);
    assert_eq!(b.post_feedback(&spam).await.status(), 200, "the retry is the same label");
    let ham = json!({"content": "second", "label": "ham", "author": author});
    assert_eq!(b.post_feedback(&ham).await.status(), 201);
    let metrics = a.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("feedback_rows 2"), "{metrics}");
    // Approved after the rejection: trusted by a replica started later too.
    let c = replica(&url).await;
    let two_links = "Sources: https://en.wikipedia.org/wiki/Kim_Jong_Un and https://www.reuters.com/world/";
    let d = c.moderate(&json!({"content": two_links, "author": author})).await;
    assert_eq!(d["decision"], "accept", "{d}");
}

#[tokio::test]
async fn labels_survive_a_restart_and_export_from_the_command_line() {
    let Some(url) = fresh_database().await else { return };
    {
        let a = replica(&url).await;
        for label in ["spam", "ham", "abuse", "civil"] {
            assert_eq!(
                a.post_feedback(&json!({"content": format!("a {label} comment"), "label": label})).await.status(),
                201
            );
        }
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_moderator"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["feedback", "export", "--format", "jsonl"])
        .env("MODERATOR_DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let labels: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["label"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(labels, ["spam", "ham", "abuse", "civil"]);
}

#[tokio::test]
async fn an_imported_history_lands_in_postgres_in_one_piece() {
    let Some(url) = fresh_database().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.jsonl");
    let lines: String = (0..2500)
        .map(|i| format!("{{\"content\": \"comment {i}\", \"label\": \"{}\"}}\n", ["spam", "ham"][i % 2]))
        .collect();
    std::fs::write(&file, lines).unwrap();
    let run = |args: &[&str], key: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_moderator"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("MODERATOR_DATABASE_URL", &url)
            .env("MODERATOR_PRIVACY__HASH_KEY", key)
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .output()
            .unwrap()
    };
    // A shared store's hashes must match its services': without their key
    // the import refuses rather than inventing one.
    let out = run(&["feedback", "import", file.to_str().unwrap()], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no privacy key"));
    // More rows than one transaction holds, so several chunks commit.
    let out = run(&["feedback", "import", file.to_str().unwrap()], "shared-replica-hash-key");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&["feedback", "export", "--format", "jsonl"], "shared-replica-hash-key");
    let rows: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2500);
    assert_eq!(rows[2499]["content"], "comment 2499");
    assert!(rows.iter().all(|r| r["source"] == "import"));
}

#[tokio::test]
async fn an_unreachable_postgres_answers_503_and_moderation_keeps_working() {
    if fresh_database().await.is_none() {
        return;
    }
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(dir.path());
    settings.store.database_url = format!("postgres://postgres@127.0.0.1:{port}/nowhere");
    settings.store.timeout_ms = 1_000;
    let app = spawn_with_settings(settings, dir).await;
    let response = app.post_feedback(&json!({"content": "label", "label": "spam"})).await;
    assert_eq!(response.status(), 503);
    assert_eq!(error_code(response).await, "store_unavailable");
    assert_eq!(app.moderate(&json!({"content": "still moderating"})).await["decision"], "accept");
    let _ = API_KEY;
}
