//! Request IDs, the per-request log line, and Prometheus metrics.
//!
//! Every request gets an ID: the caller's `X-Request-Id` if it is sane
//! (printable ASCII, at most 128 bytes), otherwise a new UUID. The ID is
//! returned in `X-Request-Id`, attached to every log line of the request
//! (it is a field of the request's span), and used as the decision ID that
//! feedback can refer to.
//!
//! One log line per request records method, route pattern, status and
//! latency. Client addresses appear only as keyed hashes.

use super::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};
use std::time::Instant;
use tracing::Instrument;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The ID of the current request (in request extensions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

fn sane_request_id(value: &HeaderValue) -> Option<String> {
    let s = value.to_str().ok()?;
    (!s.is_empty() && s.len() <= 128 && s.bytes().all(|b| b.is_ascii_graphic())).then(|| s.to_string())
}

/// The service's Prometheus metrics, in their own registry (so several
/// apps in one process, as in tests, do not collide).
pub struct Metrics {
    registry: Registry,
    pub requests: IntCounterVec,
    pub latency: HistogramVec,
    pub decisions: IntCounterVec,
    pub reasons: IntCounterVec,
    pub feedback: IntCounterVec,
    pub feedback_rows: IntGauge,
    pub model_info: IntGaugeVec,
    pub model_reloads: IntCounterVec,
    pub rate_limited: IntCounter,
}

impl Metrics {
    pub fn new() -> Metrics {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by route pattern, method and status"),
            &["route", "method", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency by route pattern and method")
                .buckets(vec![
                    0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                    1.0, 2.5,
                ]),
            &["route", "method"],
        )
        .expect("valid metric");
        let decisions = IntCounterVec::new(
            Opts::new("moderation_decisions_total", "Moderation decisions by outcome"),
            &["decision"],
        )
        .expect("valid metric");
        let reasons = IntCounterVec::new(
            Opts::new("moderation_reasons_total", "Reasons given with decisions, by code"),
            &["reason"],
        )
        .expect("valid metric");
        let feedback = IntCounterVec::new(
            Opts::new("feedback_labels_total", "Feedback labels stored by this process, by label and source API"),
            &["label", "source"],
        )
        .expect("valid metric");
        let feedback_rows =
            IntGauge::new("feedback_rows", "Labels in the feedback store (as of the last scrape that could read it)")
                .expect("valid metric");
        let model_info = IntGaugeVec::new(Opts::new("model_info", "The model being served (value 1)"), &["version"])
            .expect("valid metric");
        let model_reloads =
            IntCounterVec::new(Opts::new("model_reloads_total", "Model reload attempts by result"), &["result"])
                .expect("valid metric");
        let rate_limited =
            IntCounter::new("rate_limited_total", "Requests refused by the per-IP rate limit").expect("valid metric");
        for c in [&requests, &decisions, &reasons, &feedback, &model_reloads] {
            registry.register(Box::new(c.clone())).expect("unique metric");
        }
        registry.register(Box::new(latency.clone())).expect("unique metric");
        registry.register(Box::new(feedback_rows.clone())).expect("unique metric");
        registry.register(Box::new(model_info.clone())).expect("unique metric");
        registry.register(Box::new(rate_limited.clone())).expect("unique metric");
        Metrics {
            registry,
            requests,
            latency,
            decisions,
            reasons,
            feedback,
            feedback_rows,
            model_info,
            model_reloads,
            rate_limited,
        }
    }

    /// Marks `version` as the served model.
    pub fn set_model(&self, version: &str) {
        self.model_info.reset();
        self.model_info.with_label_values(&[version]).set(1);
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut out).expect("text encoding");
        String::from_utf8(out).expect("utf-8 metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

/// Middleware: request ID, span, log line, metrics.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let request_id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(sane_request_id)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let state = req.app_data::<web::Data<AppState>>().cloned();
    // A fixed set: HTTP allows any token as a method, and every label value
    // is a metric series kept forever.
    let method = match req.method().as_str() {
        m @ ("GET" | "POST" | "PUT" | "DELETE" | "HEAD" | "OPTIONS" | "PATCH") => m,
        _ => "OTHER",
    }
    .to_string();
    let route = req.match_pattern().unwrap_or_else(|| "unmatched".into());
    // The keyed hash costs a few hundred nanoseconds: only when it is logged.
    let client = state
        .as_ref()
        .filter(|_| tracing::enabled!(tracing::Level::INFO))
        .map(|s| {
            s.client_ip(req.request()).map(|ip| s.moderator.hasher().hash("ip", &ip.to_string())).unwrap_or_default()
        })
        .unwrap_or_default();
    let span = tracing::info_span!("request", request_id = %request_id, method = %method, route = %route);
    let result = next.call(req).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let mut response = result?;
    let status = response.status().as_u16();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    if let Some(state) = &state {
        let status_label = status.to_string();
        state.metrics.requests.with_label_values(&[&route, &method, &status_label]).inc();
        state.metrics.latency.with_label_values(&[&route, &method]).observe(elapsed.as_secs_f64());
    }
    span.in_scope(|| {
        tracing::info!(
            status,
            latency_us = elapsed.as_micros() as u64,
            client_ip_hash = %client,
            "request finished"
        )
    });
    Ok(response)
}

/// `GET /metrics`: Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text exposition", body = String)))]
pub async fn metrics_handler(state: web::Data<AppState>) -> actix_web::HttpResponse {
    // Refresh the stored-label gauge; a store that cannot answer quickly
    // leaves the last value.
    if let Ok(Ok(rows)) = tokio::time::timeout(std::time::Duration::from_millis(500), state.store.count()).await {
        state.metrics.feedback_rows.set(rows as i64);
    }
    actix_web::HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(state.metrics.render())
}
