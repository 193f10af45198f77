//! The Akismet-compatible API: by hand, and with the real, unmodified
//! `akismet` client library from PyPI.

use crate::helpers::{API_KEY, spawn_app};

fn check_body(extra: &str) -> String {
    format!("api_key={API_KEY}&blog=https%3A%2F%2Fnews.example%2F&user_ip=203.0.113.5{extra}")
}

#[tokio::test]
async fn verify_key_accepts_key_or_api_key() {
    let app = spawn_app().await;
    for body in [
        format!("key={API_KEY}&blog=https%3A%2F%2Fnews.example%2F"),
        format!("api_key={API_KEY}&blog=https%3A%2F%2Fnews.example%2F"),
    ] {
        let response = app.post_form("/1.1/verify-key", &body).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.text().await.unwrap(), "valid");
    }
    let response = app.post_form("/1.1/verify-key", "key=wrong-key-123&blog=https%3A%2F%2Fnews.example%2F").await;
    assert!(response.headers().contains_key("x-akismet-debug-help"));
    assert_eq!(response.text().await.unwrap(), "invalid");
    let response = app.post_form("/1.1/verify-key", &format!("key={API_KEY}")).await;
    assert_eq!(response.text().await.unwrap(), "invalid", "blog is required");
}

#[tokio::test]
async fn comment_check_answers_false_true_and_discard() {
    let app = spawn_app().await;
    let ham = app
        .post_form(
            "/1.1/comment-check",
            &check_body("&comment_type=comment&comment_content=Thoughtful+point+about+the+summit+in+Vladivostok."),
        )
        .await;
    assert!(ham.headers().contains_key("x-akismet-guid"));
    assert!(!ham.headers().contains_key("x-akismet-pro-tip"));
    assert_eq!(ham.text().await.unwrap(), "false");
    let blatant = app
        .post_form(
            "/1.1/comment-check",
            &check_body("&comment_author=Cheap+Pills&comment_content=Buy+cheap+viagra+online+without+prescription+http%3A%2F%2Fpills.example.ru+best+price+cialis+levitra+no+rx"),
        )
        .await;
    assert_eq!(blatant.headers().get("x-akismet-pro-tip").map(|v| v.to_str().unwrap()), Some("discard"));
    assert_eq!(blatant.text().await.unwrap(), "true");
    let test_trigger = app
        .post_form("/1.1/comment-check", &check_body("&comment_author=akismet-guaranteed-spam&comment_content=hello"))
        .await;
    assert_eq!(test_trigger.text().await.unwrap(), "true");
}

#[tokio::test]
async fn comment_check_requires_key_blog_and_ip() {
    let app = spawn_app().await;
    for body in [
        "blog=https%3A%2F%2Fx.example%2F&user_ip=1.2.3.4&comment_content=hi".to_string(),
        format!("api_key={API_KEY}&user_ip=1.2.3.4&comment_content=hi"),
        format!("api_key={API_KEY}&blog=https%3A%2F%2Fx.example%2F&comment_content=hi"),
        "api_key=wrong-key-000&blog=https%3A%2F%2Fx.example%2F&user_ip=1.2.3.4&comment_content=hi".to_string(),
    ] {
        let response = app.post_form("/1.1/comment-check", &body).await;
        assert_eq!(response.status(), 200);
        let help = response.headers().get("x-akismet-debug-help").map(|v| v.to_str().unwrap().to_string());
        assert_eq!(response.text().await.unwrap(), "invalid", "{body}");
        assert!(help.is_some(), "{body}");
    }
}

#[tokio::test]
async fn honeypot_field_name_names_the_field_to_check() {
    let app = spawn_app().await;
    let body = check_body("&comment_content=Nice+article.&honeypot_field_name=hidden_extra&hidden_extra=I+am+a+bot");
    let response = app.post_form("/1.1/comment-check", &body).await;
    assert_eq!(response.headers().get("x-akismet-pro-tip").map(|v| v.to_str().unwrap()), Some("discard"));
    assert_eq!(response.text().await.unwrap(), "true");
}

#[tokio::test]
async fn submissions_are_stored_and_thanked() {
    let app = spawn_app().await;
    for path in ["/1.1/submit-spam", "/1.1/submit-ham"] {
        let response = app
            .post_form(
                path,
                &check_body("&comment_content=labelled+by+a+moderator&comment_author_email=m%40example.com"),
            )
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.text().await.unwrap(), "Thanks for making the web a better place.");
    }
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("feedback_rows 2"), "{metrics}");
    assert!(metrics.contains(r#"feedback_labels_total{label="spam",source="akismet"} 1"#), "{metrics}");
}

#[tokio::test]
async fn usage_limit_has_the_documented_shape() {
    let app = spawn_app().await;
    app.post_form("/1.1/comment-check", &check_body("&comment_content=count+me")).await;
    let response = app.get(&format!("/1.2/usage-limit?api_key={API_KEY}")).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["limit"], "none");
    assert_eq!(body["usage"], 1);
    assert!(body["percentage"].is_string());
    assert_eq!(body["throttled"], false);
    let bad = app.get("/1.2/usage-limit?api_key=nope-nope-nope").await;
    assert_eq!(bad.text().await.unwrap(), "invalid");
}

/// The interpreter that has the `akismet` package, if any.
fn python_with_akismet() -> Option<String> {
    let candidates = std::env::var("MODERATOR_TEST_PYTHON").into_iter().chain(["python3".to_string()]);
    for python in candidates {
        let ok = std::process::Command::new(&python)
            .args(["-c", "import akismet, httpx"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(python);
        }
    }
    None
}

#[tokio::test]
async fn the_real_akismet_client_library_works_against_this_service() {
    let Some(python) = python_with_akismet() else {
        if std::env::var("MODERATOR_TEST_REQUIRE_EXTERNAL").is_ok() {
            panic!(
                "the akismet Python package is required (pip install -r tests/requirements.txt; set MODERATOR_TEST_PYTHON)"
            );
        }
        eprintln!("SKIPPED: the akismet Python package is not installed (see tests/requirements.txt)");
        return;
    };
    let app = spawn_app().await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/akismet_client.py");
    let output = tokio::process::Command::new(python)
        .arg(script)
        .env("MODERATOR_URL", &app.address)
        .env("MODERATOR_API_KEY", API_KEY)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the client script failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("ALL CHECKS PASSED"), "{stdout}\n{stderr}");
}
