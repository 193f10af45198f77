//! Spawning the real application on a random port, and talking HTTP to it.

use comment_moderator::config::Settings;
use comment_moderator::http::Application;
use std::path::PathBuf;
use std::sync::Once;

pub const API_KEY: &str = "test-api-key-0001";
pub const ADMIN_KEY: &str = "test-admin-key-0001";
pub const CORAL_SECRET: &str = "empsec_test_secret";

static TRACING: Once = Once::new();

/// The shipped model, as the service loads it by default.
pub fn shipped_model() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/moderator.model")
}

pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub client: reqwest::Client,
    pub data_dir: tempfile::TempDir,
}

/// Settings every test starts from: a random port, a fresh data directory,
/// known keys, the shipped model, a generous rate limit.
pub fn test_settings(data_dir: &std::path::Path) -> Settings {
    let mut s = Settings::default();
    s.server.addr = "127.0.0.1:0".parse().unwrap();
    s.server.workers = 2;
    s.model.path = shipped_model();
    s.store.data_dir = data_dir.to_path_buf();
    s.auth.api_keys = vec![API_KEY.into()];
    s.auth.admin_key = ADMIN_KEY.into();
    s.integrations.coral_webhook_secret = CORAL_SECRET.into();
    s.rate_limit.per_minute = 100_000;
    s.rate_limit.burst = 10_000;
    s
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Spawns the app with settings adjusted by `adjust`.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(data_dir.path());
    adjust(&mut settings);
    spawn_with_settings(settings, data_dir).await
}

pub async fn spawn_with_settings(settings: Settings, data_dir: tempfile::TempDir) -> TestApp {
    TRACING.call_once(|| {
        if std::env::var("TEST_LOG").is_ok() {
            comment_moderator::telemetry::init_service(comment_moderator::config::LogFormat::Pretty, "info");
        }
    });
    let app = Application::build(settings).await.expect("the app builds");
    let port = app.port();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
        data_dir,
    }
}

impl TestApp {
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.post_raw(path, "application/json", body.to_string()).await
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, body: impl Into<reqwest::Body>) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post_form(&self, path: &str, body: &str) -> reqwest::Response {
        self.post_raw(path, "application/x-www-form-urlencoded", body.to_string()).await
    }

    pub async fn moderate(&self, body: &serde_json::Value) -> serde_json::Value {
        let response = self.post_json("/v1/moderate", body).await;
        assert_eq!(response.status(), 200, "moderate failed");
        response.json().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("request sent")
    }

    pub async fn post_feedback(&self, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(format!("{}/v1/feedback", self.address))
            .bearer_auth(API_KEY)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }
}

/// The reason codes of a decision.
pub fn reason_codes(decision: &serde_json::Value) -> Vec<String> {
    decision["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_string()).collect()
}

/// Asserts the JSON error shape and returns its code.
pub async fn error_code(response: reqwest::Response) -> String {
    let body: serde_json::Value = response.json().await.expect("errors are JSON");
    let code = body["error"]["code"].as_str().expect("error.code").to_string();
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "error.message: {body}");
    code
}
