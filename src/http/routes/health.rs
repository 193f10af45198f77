//! Liveness, readiness, and what model is serving.

use crate::http::state::AppState;
use crate::model::{Head, PerHead, Thresholds};
use actix_web::{HttpResponse, web};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

/// 200 while the process is up (HEAD too: load balancers probe with it).
#[utoipa::path(method(get, head), path = "/healthz", tag = "operations", responses((status = 200, body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

#[derive(Serialize, ToSchema)]
pub struct Ready {
    pub status: &'static str,
    pub model: String,
}

/// 200 once a model is loaded and can score.
#[utoipa::path(method(get, head), path = "/readyz", tag = "operations", responses((status = 200, body = Ready), (status = 503)))]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let model = state.moderator.model();
    if model.is_empty() {
        return crate::http::errors::json_error(
            actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
            "not_ready",
            "no model is loaded".into(),
        );
    }
    HttpResponse::Ok().json(Ready { status: "ready", model: model.version().to_string() })
}

/// Per-head figures of the served model.
#[derive(Serialize, ToSchema)]
pub struct HeadInfo {
    /// Thresholds in effect (configuration overrides the model's).
    pub thresholds: ThresholdsOut,
    /// Thresholds stored in the model.
    pub model_thresholds: ThresholdsOut,
    pub vocabulary: u64,
    /// ROC-AUC on the training run's held-out test split.
    pub test_roc_auc: Option<f64>,
    /// What the model's hold threshold was chosen on: `validation split`
    /// (the training run's, mostly public data) or `moderator labels`
    /// (`[site_thresholds]` of the training recipe, with
    /// `train --with-feedback`).
    pub hold_chosen_on: &'static str,
    /// When chosen on moderator labels: on how many, and what they showed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hold_from_labels: Option<HoldFromLabels>,
}

/// A hold threshold chosen on moderator labels (the model's record of it).
#[derive(Serialize, ToSchema)]
pub struct HoldFromLabels {
    pub positives: u64,
    pub negatives: u64,
    /// Whether a threshold met the hold targets on the labels; if not, the
    /// hold threshold is the reject threshold.
    pub targets_met: bool,
    /// Out of fold, on the labels: share of positives and of negatives at
    /// or above the hold threshold.
    pub recall: f64,
    pub negatives_held: f64,
    /// The hold threshold the validation split would have given.
    pub validation_hold: f64,
}

#[derive(Serialize, ToSchema)]
pub struct ThresholdsOut {
    pub hold: f64,
    pub reject: f64,
}

impl From<Thresholds> for ThresholdsOut {
    fn from(t: Thresholds) -> Self {
        ThresholdsOut { hold: t.hold, reject: t.reject }
    }
}

/// The served model and a summary of its card.
#[derive(Serialize, ToSchema)]
pub struct ModelInfo {
    pub version: String,
    pub path: String,
    pub pipeline_version: u32,
    pub features: u64,
    pub heads: BTreeMap<String, HeadInfo>,
    /// Training examples per source.
    pub examples: BTreeMap<String, u64>,
    pub feedback_labels: u64,
    pub recipe_sha256: String,
}

/// The loaded model's version and card summary.
#[utoipa::path(get, path = "/v1/model", tag = "operations", responses((status = 200, body = ModelInfo)))]
pub async fn model_info(state: web::Data<AppState>) -> HttpResponse {
    let model = state.moderator.model();
    let header = model.header();
    let effective: PerHead<Thresholds> = state.moderator.thresholds(&model);
    let heads = Head::ALL
        .into_iter()
        .map(|head| {
            let params = header.heads.get(head);
            let from_labels = header.training.site_holds.iter().find(|h| h.head == head).map(|h| HoldFromLabels {
                positives: h.positives,
                negatives: h.negatives,
                targets_met: h.met,
                recall: h.recall,
                negatives_held: h.negatives_held,
                validation_hold: h.validation_hold,
            });
            (
                head.as_str().to_string(),
                HeadInfo {
                    thresholds: (*effective.get(head)).into(),
                    model_thresholds: params.thresholds.into(),
                    vocabulary: params.vocabulary,
                    test_roc_auc: *header.training.test_roc_auc.get(head),
                    hold_chosen_on: if from_labels.is_some() { "moderator labels" } else { "validation split" },
                    hold_from_labels: from_labels,
                },
            )
        })
        .collect();
    HttpResponse::Ok().json(ModelInfo {
        version: model.version().to_string(),
        path: state.moderator.model_path().display().to_string(),
        pipeline_version: header.pipeline_version,
        features: model.len() as u64,
        heads,
        examples: header.training.examples.clone(),
        feedback_labels: header.training.feedback_labels,
        recipe_sha256: header.training.recipe_sha256.clone(),
    })
}
