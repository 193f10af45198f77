//! The Perspective-compatible API.

use crate::helpers::{API_KEY, spawn_app};
use serde_json::json;

async fn analyze(app: &crate::helpers::TestApp, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let response = app.client.post(format!("{}{path}?key={API_KEY}", app.address)).json(&body).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn toxicity_and_spam_scores_in_perspective_shape() {
    let app = spawn_app().await;
    let (status, body) = analyze(
        &app,
        "/v1alpha1/comments:analyze",
        json!({"comment": {"text": "You are a stupid idiot."}, "requestedAttributes": {"TOXICITY": {}, "SPAM": {}}, "languages": ["en"], "doNotStore": true, "clientToken": "c-1"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let toxicity = body["attributeScores"]["TOXICITY"]["summaryScore"]["value"].as_f64().unwrap();
    let spam = body["attributeScores"]["SPAM"]["summaryScore"]["value"].as_f64().unwrap();
    assert!(toxicity > 0.5 && spam < 0.5, "{body}");
    assert_eq!(body["attributeScores"]["TOXICITY"]["summaryScore"]["type"], "PROBABILITY");
    assert_eq!(body["languages"], json!(["en"]));
    assert_eq!(body["clientToken"], "c-1");
}

#[tokio::test]
async fn span_annotations_point_at_the_evidence_in_utf16_units() {
    let app = spawn_app().await;
    let text = "😀 Honestly, you are an idiot and a moron.";
    let (status, body) = analyze(
        &app,
        "/v1alpha1/comments:analyze",
        json!({"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}, "spanAnnotations": true}),
    )
    .await;
    assert_eq!(status, 200);
    let spans = body["attributeScores"]["TOXICITY"]["spanScores"].as_array().unwrap();
    assert!(!spans.is_empty(), "{body}");
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let covered: Vec<String> = spans
        .iter()
        .map(|s| {
            String::from_utf16(&utf16[s["begin"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize])
                .unwrap()
        })
        .collect();
    assert!(covered.iter().any(|c| c.contains("idiot")), "{covered:?}");
    assert!(spans.iter().all(|s| s["score"]["value"].as_f64().unwrap() >= 0.0));
}

#[tokio::test]
async fn coral_style_unversioned_path_and_threshold() {
    let app = spawn_app().await;
    let (status, body) = analyze(
        &app,
        "/comments:analyze",
        json!({"comment": {"text": "Nice article"}, "requestedAttributes": {"TOXICITY": {}}, "languages": ["en"], "doNotStore": true}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body["attributeScores"]["TOXICITY"]["summaryScore"]["value"].is_number());
    let (_, body) = analyze(
        &app,
        "/v1alpha1/comments:analyze",
        json!({"comment": {"text": "Nice article"}, "requestedAttributes": {"TOXICITY": {"scoreThreshold": 0.99}}}),
    )
    .await;
    assert!(body["attributeScores"].get("TOXICITY").is_none(), "below the threshold: no score: {body}");
}

#[tokio::test]
async fn unsupported_attributes_languages_and_bad_input_get_perspective_errors() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"comment": {"text": "hi"}, "requestedAttributes": {"INSULT": {}}}),
            "does not support request languages",
        ),
        (
            json!({"comment": {"text": "hi"}, "requestedAttributes": {"NOT_A_THING": {}}}),
            "Unknown requested attribute: NOT_A_THING",
        ),
        (
            json!({"comment": {"text": "hallo"}, "requestedAttributes": {"TOXICITY": {}}, "languages": ["de"]}),
            "does not support request languages: de",
        ),
        (json!({"comment": {"text": ""}, "requestedAttributes": {"TOXICITY": {}}}), "Comment must be non-empty."),
        (json!({"comment": {"text": "hi"}}), "Missing requested_attributes"),
        (
            json!({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreType": "RAW"}}}),
            "Requested score type RAW is not supported",
        ),
    ];
    for (body, message) in cases {
        let (status, error) = analyze(&app, "/v1alpha1/comments:analyze", body.clone()).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(error["error"]["code"], 400);
        assert_eq!(error["error"]["status"], "INVALID_ARGUMENT");
        assert!(error["error"]["message"].as_str().unwrap().contains(message), "{error}");
    }
    let (status, body) = analyze(
        &app,
        "/v1alpha1/comments:analyze",
        json!({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}, "INSULT": {}}, "dropUnsupportedAttributes": true}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body["attributeScores"].get("INSULT").is_none() && body["attributeScores"].get("TOXICITY").is_some());
}

#[tokio::test]
async fn a_wrong_key_is_refused_like_google_does() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}/v1alpha1/comments:analyze?key=not-a-key", app.address))
        .json(&json!({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("API key not valid"));
}

#[tokio::test]
async fn suggestscore_records_feedback() {
    let app = spawn_app().await;
    let (status, body) = analyze(
        &app,
        "/v1alpha1/comments:suggestscore",
        json!({"comment": {"text": "you are scum"}, "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}}, "clientToken": "comment:1", "languages": ["en"]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["clientToken"], "comment:1");
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains(r#"feedback_labels_total{label="abuse",source="perspective"} 1"#), "{metrics}");
}
