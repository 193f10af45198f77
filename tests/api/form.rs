//! The WordPress reply form, posted as the browser sends it.

use crate::helpers::{reason_codes, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_wordpress_form_body_is_moderated_like_json() {
    let app = spawn_app().await;
    let body = "comment=Russia+needs+North+Korean+shells%2C+that+says+a+lot+about+the+war.&author=Jan+Nov%C3%A1k&email=jan%40example.com&url=&submit=Post+Comment&comment_post_ID=1234&comment_parent=0&wp-comment-cookies-consent=yes";
    let response = app.post_form("/v1/moderate", body).await;
    assert_eq!(response.status(), 200);
    let d: serde_json::Value = response.json().await.unwrap();
    assert_eq!(d["decision"], "accept", "{d}");
    let spam = "comment=Buy+cheap+viagra+online+without+prescription+http%3A%2F%2Fpills.example&author=Cheap+Pills&email=pills%40example.ru&url=http%3A%2F%2Fpills.example";
    let d: serde_json::Value = app.post_form("/v1/moderate", spam).await.json().await.unwrap();
    assert_ne!(d["decision"], "accept", "{d}");
}

#[tokio::test]
async fn plus_and_percent_twenty_both_decode_to_spaces() {
    let app = spawn_app_with(|s| {
        s.policy.suspect_patterns = vec![r"\bnorth korea\b".into()];
    })
    .await;
    for body in ["comment=North+Korea&author=a&email=a%40b.co", "comment=North%20Korea&author=a&email=a%40b.co"] {
        let d: serde_json::Value = app.post_form("/v1/moderate", body).await.json().await.unwrap();
        assert!(reason_codes(&d).contains(&"suspect_pattern".to_string()), "{body}: {d}");
    }
}

#[tokio::test]
async fn name_and_email_are_required_on_the_form_by_default_not_on_json() {
    let app = spawn_app().await;
    let response = app.post_form("/v1/moderate", "comment=Hello+there&author=&email=").await;
    assert_eq!(response.status(), 422);
    let error: serde_json::Value = response.json().await.unwrap();
    let fields: Vec<&str> =
        error["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["author", "email"]);
    let ok = app.post_json("/v1/moderate", &serde_json::json!({"content": "Hello there"})).await;
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn the_requirement_is_configurable_both_ways() {
    let app = spawn_app_with(|s| {
        s.form.require_name_email_form = false;
        s.form.require_name_email_json = true;
    })
    .await;
    assert_eq!(app.post_form("/v1/moderate", "comment=Hello").await.status(), 200);
    let response = app.post_json("/v1/moderate", &serde_json::json!({"content": "Hello"})).await;
    assert_eq!(response.status(), 422);
    let error: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error["error"]["fields"][0]["field"], "author.name");
    assert_eq!(error["error"]["fields"][1]["field"], "author.email");
}

#[tokio::test]
async fn form_field_errors_use_the_form_names_and_wordpress_limits() {
    let app = spawn_app().await;
    let long_name = "n".repeat(246);
    let long_email = format!("{}@example.com", "e".repeat(90));
    let long_url = format!("http://example.com/{}", "u".repeat(190));
    let body = format!("comment=&author={long_name}&email={long_email}&url={long_url}");
    let response = app.post_form("/v1/moderate", &body).await;
    assert_eq!(response.status(), 422);
    let error: serde_json::Value = response.json().await.unwrap();
    let fields: Vec<(String, String)> = error["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_string(), f["code"].as_str().unwrap().to_string()))
        .collect();
    let expected: Vec<(String, String)> =
        [("comment", "required"), ("author", "too_long"), ("email", "too_long"), ("url", "too_long")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
    assert_eq!(fields, expected);
    let body = "comment=hi&author=a&email=not-an-address&url=ftp%3A%2F%2Fexample.com";
    let error: serde_json::Value = app.post_form("/v1/moderate", body).await.json().await.unwrap();
    let fields: Vec<&str> =
        error["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["email", "url"]);
}

#[tokio::test]
async fn content_at_the_wordpress_limit_passes_and_one_byte_more_is_refused() {
    let app = spawn_app_with(|s| s.server.body_limit_bytes = 1 << 20).await;
    let ok = format!("comment={}&author=a&email=a%40b.co", "x".repeat(65_525));
    assert_eq!(app.post_form("/v1/moderate", &ok).await.status(), 200);
    let too_long = format!("comment={}&author=a&email=a%40b.co", "x".repeat(65_526));
    let response = app.post_form("/v1/moderate", &too_long).await;
    assert_eq!(response.status(), 422);
    let error: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error["error"]["fields"][0]["code"], "too_long");
}

#[tokio::test]
async fn the_longest_comment_wordpress_takes_fits_the_default_body_limit_in_any_script() {
    // 32,762 Cyrillic letters: 65,524 bytes of UTF-8, each byte
    // percent-encoded as three characters.
    let app = spawn_app().await;
    let cyrillic = "Ж".repeat(32_762);
    let encoded: String = form_urlencoded::byte_serialize(cyrillic.as_bytes()).collect();
    assert!(encoded.len() > 3 * 65_000, "a body far over the old 64 KiB limit");
    let response = app.post_form("/v1/moderate", &format!("comment={encoded}&author=a&email=a%40b.co")).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn utf8_and_empty_optional_fields_are_fine() {
    let app = spawn_app().await;
    let body = "comment=%D0%9F%D1%83%D1%82%D0%B8%D0%BD+%D0%B8+%D0%9A%D0%B8%D0%BC+%E2%80%94+a+summit+in+Vladivostok+%F0%9F%9A%80&author=%E6%9D%8E%E6%98%8E&email=li%40example.cn&url=&comment_parent=&comment_post_ID=";
    let response = app.post_form("/v1/moderate", body).await;
    assert_eq!(response.status(), 200);
}
