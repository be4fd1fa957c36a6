//! Sandbox-only controls for tests: maintenance mode, moving the clock, revoking staff (stamped
//! with the sandbox clock). Served only when the sandbox is started with `--control-routes`.

use super::extract::ApiJson;
use crate::api_error::ApiResult;
use crate::service::auth;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MaintenanceRequest {
    pub enabled: bool,
    #[serde(default = "default_retry_after")]
    pub retry_after_secs: u32,
}

fn default_retry_after() -> u32 {
    30
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClockRequest {
    pub advance_secs: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RevokeRequest {
    pub pharmacy_id: String,
    pub login: String,
}

pub async fn maintenance(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<MaintenanceRequest>,
) -> Json<Value> {
    state.maintenance.set(req.enabled, req.retry_after_secs);
    tracing::info!(
        enabled = req.enabled,
        retry_after = req.retry_after_secs,
        "maintenance"
    );
    Json(json!({ "enabled": req.enabled, "retry_after_secs": req.retry_after_secs }))
}

pub async fn clock(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ClockRequest>,
) -> Json<Value> {
    let offset = state.clock.advance(req.advance_secs);
    let now = state.clock.now();
    tracing::info!(offset, "clock moved");
    Json(json!({
        "offset_secs": offset,
        "now": rfc3339(now),
    }))
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

pub async fn revoke(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RevokeRequest>,
) -> ApiResult<Json<Value>> {
    let r = req.clone();
    let now = state.clock.now();
    let at = state
        .db
        .write(move |tx| auth::revoke(tx, &r.pharmacy_id, &r.login, now))
        .await?;
    Ok(Json(json!({
        "revoked": { "pharmacy_id": req.pharmacy_id, "login": req.login, "revoked_at": rfc3339(at) }
    })))
}
