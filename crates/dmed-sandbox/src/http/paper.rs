//! Uploading paper records made during an outage.

use super::extract::ApiJson;
use crate::api_error::ApiResult;
use crate::service::{paper, Session};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use dmed_api::types::{PaperRecordsRequest, PaperRecordsResponse};
#[allow(unused_imports)]
use dmed_api::ErrorBody;

/// Per record `accepted` (with the dispense id) or `conflict` (with the code and reason).
/// Idempotent by `record_id`.
#[utoipa::path(
    post, path = "/v1/paper-records", tag = "dispenses",
    request_body = PaperRecordsRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One verdict per record", body = PaperRecordsResponse),
        (status = 400, description = "BAD_REQUEST", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED", body = ErrorBody),
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    ApiJson(req): ApiJson<PaperRecordsRequest>,
) -> ApiResult<Json<PaperRecordsResponse>> {
    let now = state.now();
    state
        .db
        .write(move |tx| paper::upload(tx, &session, &req, now))
        .await
        .map(Json)
}
