//! Bad and hostile input: always a clear JSON 4xx, never a 500 or a hang.

use crate::helpers::{error_code, spawn_app, spawn_app_with};
use serde_json::json;

#[tokio::test]
async fn malformed_and_truncated_json_is_400() {
    let app = spawn_app().await;
    for body in
        ["{", "{\"content\": \"hi\"", "not json", "{\"content\": \"a\",}", "[1, 2", "{\"content\": \"x\"} trailing"]
    {
        let response = app.post_raw("/v1/moderate", "application/json", body).await;
        assert_eq!(response.status(), 400, "{body}");
        assert_eq!(error_code(response).await, "malformed_json");
    }
}

#[tokio::test]
async fn missing_empty_or_blank_content_is_422() {
    let app = spawn_app().await;
    for body in [
        json!({}),
        json!({"content": ""}),
        json!({"content": "   \n\t"}),
        // Nothing a reader would see: zero-width, bidi controls, a lone
        // combining mark.
        json!({"content": "\u{200B}"}),
        json!({"content": "\u{202E}\u{202C}"}),
        json!({"content": "\u{0301}"}),
        json!({"content": null}),
        json!({"author": {"name": "x"}}),
    ] {
        let response = app.post_json("/v1/moderate", &body).await;
        assert_eq!(response.status(), 422, "{body}");
        let error: serde_json::Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], "invalid_fields");
        assert_eq!(error["error"]["fields"][0]["field"], "content");
    }
}

#[tokio::test]
async fn wrong_types_are_422_naming_the_field() {
    let app = spawn_app().await;
    for (body, field) in [
        (json!({"content": 123}), "content"),
        (json!({"content": ["a"]}), "content"),
        (json!({"content": "ok", "author": {"email": 5}}), "author.email"),
        (json!({"content": "ok", "author": "jane"}), "author"),
        (json!("just a string"), "body"),
    ] {
        let response = app.post_json("/v1/moderate", &body).await;
        assert_eq!(response.status(), 422, "{body}");
        let error: serde_json::Value = response.json().await.unwrap();
        assert_eq!(error["error"]["fields"][0]["field"], field, "{error}");
    }
}

#[tokio::test]
async fn every_invalid_field_is_listed() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/v1/moderate",
            &json!({"content": "", "author": {"email": "not-an-email", "url": "javascript:alert(1)", "ip": "1.2.3", "name": "x".repeat(300)}}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let error: serde_json::Value = response.json().await.unwrap();
    let fields: Vec<&str> =
        error["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["content", "author.name", "author.email", "author.url", "author.ip"]);
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_before_being_read() {
    let app = spawn_app_with(|s| s.server.body_limit_bytes = 4096).await;
    let big = json!({"content": "a".repeat(10_000)});
    let response = app.post_json("/v1/moderate", &big).await;
    assert_eq!(response.status(), 413);
    assert_eq!(error_code(response).await, "payload_too_large");
    // A client that announces a huge body is refused on its headers alone:
    // the answer arrives although not one byte of the body is ever sent.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    stream
        .write_all(b"POST /v1/moderate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut buf))
        .await
        .expect("answered")
        .unwrap();
    let head = String::from_utf8_lossy(&buf[..n]);
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let app = spawn_app().await;
    for ct in ["text/plain", "application/xml", "multipart/form-data; boundary=x"] {
        let response = app.post_raw("/v1/moderate", ct, "content=hello").await;
        assert_eq!(response.status(), 415, "{ct}");
        assert_eq!(error_code(response).await, "unsupported_media_type");
    }
    let response = app.client.post(format!("{}/v1/moderate", app.address)).body("{}").send().await.unwrap();
    assert_eq!(response.status(), 415, "no content type at all");
    // The routes that take no form say so, and only so.
    for path in ["/v1/moderate/batch", "/v1/feedback"] {
        let response = app.post_raw(path, "application/x-www-form-urlencoded", "content=hello").await;
        let status = response.status();
        let error: serde_json::Value = response.json().await.unwrap();
        if path == "/v1/feedback" && status == 401 {
            continue;
        }
        assert_eq!(status, 415, "{path}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(message.ends_with("send application/json"), "{path}: {message}");
    }
}

#[tokio::test]
async fn a_body_that_stalls_is_408() {
    let app = spawn_app_with(|s| s.server.body_timeout_ms = 300).await;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    stream
        .write_all(b"POST /v1/moderate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"content\":")
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf))
        .await
        .expect("answered, not left waiting")
        .unwrap();
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"request_timeout\""), "{answer}");
}

#[tokio::test]
async fn health_checks_answer_head() {
    let app = spawn_app().await;
    for path in ["/healthz", "/readyz"] {
        let response = app.client.head(format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn wrong_method_is_405_and_unknown_route_is_404_both_json() {
    let app = spawn_app().await;
    let response = app.get("/v1/moderate").await;
    assert_eq!(response.status(), 405);
    assert_eq!(error_code(response).await, "method_not_allowed");
    let response = app.client.delete(format!("{}/healthz", app.address)).send().await.unwrap();
    assert_eq!(response.status(), 405);
    let response = app.get("/no/such/route").await;
    assert_eq!(response.status(), 404);
    assert_eq!(error_code(response).await, "not_found");
}

#[tokio::test]
async fn invalid_utf8_is_400_in_json_and_replaced_in_forms() {
    let app = spawn_app().await;
    let mut body = b"{\"content\": \"bad ".to_vec();
    body.extend_from_slice(&[0xff, 0xfe, 0xfd]);
    body.extend_from_slice(b"\"}");
    let response = app.post_raw("/v1/moderate", "application/json", body).await;
    assert_eq!(response.status(), 400);
    let response = app
        .post_raw(
            "/v1/moderate",
            "application/x-www-form-urlencoded",
            b"comment=bad%FF%FEtext&author=a&email=a%40b.co".to_vec(),
        )
        .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn hostile_text_never_fails() {
    let app = spawn_app().await;
    let zalgo: String = "idiot"
        .chars()
        .flat_map(|c| std::iter::once(c).chain("\u{0301}\u{0302}\u{0303}\u{0304}\u{0305}\u{0306}\u{0307}".chars()))
        .collect();
    let many_urls: String = (0..10_000).map(|i| format!("http://s{i}.ex ")).collect();
    let cases: Vec<String> = vec![
        "nul \u{0000} byte \u{0000} inside".into(),
        "a".repeat(60_000),
        "x".repeat(65_525),
        zalgo,
        "\u{202E}txet desrever\u{202C} and \u{200B}zero\u{200D}width\u{FEFF}".into(),
        "&amp;amp;amp;lt;script&gt;alert(1)&lt;/script&gt;".into(),
        "😀".repeat(10_000),
        "\u{FFFF}\u{10FFFF}\u{E000} private and non-characters".into(),
    ];
    let limited = spawn_app_with(|s| s.server.body_limit_bytes = 1 << 20).await;
    for text in cases.iter().chain(std::iter::once(&many_urls)) {
        let target = if text.len() > 60_000 { &limited } else { &app };
        let response = target.post_json("/v1/moderate", &json!({"content": text})).await;
        let status = response.status();
        assert!(status == 200 || status == 422, "{status} for {}", &text.chars().take(40).collect::<String>());
    }
    // One megabyte without a space (over the content limit: 422, not 500).
    let token = "a".repeat(1 << 20);
    let response = limited.post_json("/v1/moderate", &json!({ "content": token })).await;
    assert!(response.status() == 413 || response.status() == 422, "{}", response.status());
}

#[tokio::test]
async fn deeply_nested_json_is_refused_cleanly() {
    let app = spawn_app().await;
    let depth = 5_000;
    let body = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let response = app.post_raw("/v1/moderate", "application/json", body).await;
    assert!(response.status() == 400 || response.status() == 422, "{}", response.status());
    // Deep nesting in an ignored field is skipped without recursion trouble.
    let nested_object = format!(
        "{{\"content\": \"x\", \"extra\": {}{}}}",
        "{\"a\":".repeat(depth),
        "1".to_string() + &"}".repeat(depth)
    );
    let response = app.post_raw("/v1/moderate", "application/json", nested_object).await;
    assert!(response.status() == 200 || response.status().is_client_error(), "{}", response.status());
    // The server is still fine.
    assert_eq!(app.get("/healthz").await.status(), 200);
}
