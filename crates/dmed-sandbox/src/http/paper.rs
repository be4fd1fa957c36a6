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
/// Idempotent by `record_id`. The record's `pharmacist_pinfl` must name staff of the session's
/// pharmacy in a dispensing role, not revoked at `dispensed_at`; otherwise the record is a
/// `FORBIDDEN` conflict whose reason ends with `(reason: access_revoked)`,
/// `(reason: not_staff_of_pharmacy)` or `(reason: role_cannot_dispense)`. A record without a
/// prescription number that holds a product sold only on an e-prescription is an
/// `E_RX_REQUIRED` conflict.
#[utoipa::path(
    post, path = "/v1/paper-records", tag = "dispenses",
    request_body = PaperRecordsRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One verdict per record", body = PaperRecordsResponse),
        (status = 400, description = "BAD_REQUEST: malformed body", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED: no bearer token, or an unknown or expired one", body = ErrorBody),
        (status = 403, description = "FORBIDDEN: the session's member of staff was revoked (details.reason: access_revoked)", body = ErrorBody),
        (status = 500, description = "INTERNAL", body = ErrorBody),
        (status = 503, description = "SERVICE_UNAVAILABLE: maintenance or overload (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds to wait"))),
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
