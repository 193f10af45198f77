//! `POST /admin/reload`: swap in the model file again (admin key).
//!
//! The same reload runs on SIGHUP. A model that fails validation is refused
//! and the current one keeps serving; requests in flight finish on the
//! model they started with.

use crate::http::errors::{ApiError, cause_chain};
use crate::http::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ReloadResponse {
    pub version: String,
    pub previous: String,
}

/// Reloads the configured model file; returns the new and previous
/// versions. Shared by the endpoint and the SIGHUP handler.
pub fn reload(state: &AppState) -> Result<ReloadResponse, ApiError> {
    let previous = state.moderator.model().version().to_string();
    match state.moderator.reload(None) {
        Ok(model) => {
            state.metrics.model_reloads.with_label_values(&["ok"]).inc();
            state.metrics.set_model(model.version());
            tracing::info!(version = model.version(), previous = %previous, "model reloaded");
            Ok(ReloadResponse { version: model.version().to_string(), previous })
        }
        Err(e) => {
            state.metrics.model_reloads.with_label_values(&["refused"]).inc();
            tracing::error!(error = %cause_chain(&e), version = %previous, "model reload refused; the current model keeps serving");
            Err(ApiError::ModelRefused(e.to_string()))
        }
    }
}

/// Reloads the model from its configured path.
#[utoipa::path(
    post,
    path = "/admin/reload",
    tag = "operations",
    security(("admin_key" = [])),
    responses(
        (status = 200, description = "The new model is serving", body = ReloadResponse),
        (status = 401, description = "Missing or wrong admin key"),
        (status = 409, description = "The model file was refused; the old model keeps serving")
    )
)]
pub async fn reload_model(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state.require_admin(&req)?;
    // Loading a model file reads and checks megabytes: off the worker thread.
    let state_for_reload = state.clone();
    let result = web::block(move || reload(&state_for_reload)).await.map_err(|e| ApiError::Internal(Box::new(e)))??;
    Ok(HttpResponse::Ok().json(result))
}
