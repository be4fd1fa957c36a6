//! Placing and releasing holds.

use super::extract::{ApiPath, OptionalJson};
use crate::api_error::{ApiError, ApiResult};
use crate::service::{holds, Session};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
#[allow(unused_imports)]
use dmed_api::types::{Hold, HoldRequest};
#[allow(unused_imports)]
use dmed_api::ErrorBody;

/// Reserve a prescription for this pharmacy (default 15 minutes); renewing keeps the hold id.
#[utoipa::path(
    post, path = "/v1/prescriptions/{number}/hold", tag = "holds",
    params(("number" = String, Path, description = "Prescription number: 12 characters of 0-9A-Z, the last a MOD 37-2 check character (which may also be +); shown as XXXX-XXXX-XXXX, accepted with or without the dashes and in any case", pattern = r"^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{3}[0-9A-Za-z+]$", min_length = 12, max_length = 14)),
    request_body(content = Option<HoldRequest>, description = "Optional; minutes 1..=60"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Held", body = Hold),
        (status = 400, description = "BAD_REQUEST: malformed body, or minutes out of range", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED: no bearer token, or an unknown or expired one", body = ErrorBody),
        (status = 403, description = "FORBIDDEN: the session's member of staff was revoked (details.reason: access_revoked)", body = ErrorBody),
        (status = 404, description = "PRESCRIPTION_NOT_FOUND", body = ErrorBody),
        (status = 409, description = "CANCELLED, ALREADY_DISPENSED, EXPIRED, NOT_YET_VALID or HELD_BY_OTHER_PHARMACY (details: holder {pharmacy_id, name}, expires_at)", body = ErrorBody),
        (status = 422, description = "INVALID_IDENTIFIER", body = ErrorBody),
        (status = 500, description = "INTERNAL", body = ErrorBody),
        (status = 503, description = "SERVICE_UNAVAILABLE: maintenance or overload (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
pub async fn place(
    State(state): State<AppState>,
    session: Session,
    ApiPath(number): ApiPath<String>,
    OptionalJson(req): OptionalJson<HoldRequest>,
) -> ApiResult<Json<Hold>> {
    let now = state.now();
    state
        .db
        .write(move |tx| holds::place(tx, &session, &number, req.minutes, now))
        .await
        .map(Json)
}

/// Hand a hold back.
#[utoipa::path(
    delete, path = "/v1/prescriptions/{number}/hold/{hold_id}", tag = "holds",
    params(
        ("number" = String, Path, description = "Prescription number: 12 characters of 0-9A-Z, the last a MOD 37-2 check character (which may also be +); shown as XXXX-XXXX-XXXX, accepted with or without the dashes and in any case", pattern = r"^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{3}[0-9A-Za-z+]$", min_length = 12, max_length = 14),
        ("hold_id" = String, Path, description = "The hold id", format = Uuid),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Released"),
        (status = 400, description = "BAD_REQUEST: the hold id is not a uuid", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED: no bearer token, or an unknown or expired one", body = ErrorBody),
        (status = 403, description = "FORBIDDEN: the session's member of staff was revoked (details.reason: access_revoked)", body = ErrorBody),
        (status = 404, description = "PRESCRIPTION_NOT_FOUND", body = ErrorBody),
        (status = 409, description = "HOLD_EXPIRED: unknown or run out", body = ErrorBody),
        (status = 422, description = "INVALID_IDENTIFIER", body = ErrorBody),
        (status = 500, description = "INTERNAL", body = ErrorBody),
        (status = 503, description = "SERVICE_UNAVAILABLE: maintenance or overload (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
pub async fn release(
    State(state): State<AppState>,
    session: Session,
    ApiPath((number, hold_id)): ApiPath<(String, String)>,
) -> ApiResult<StatusCode> {
    let hold_id = uuid::Uuid::parse_str(hold_id.trim())
        .map_err(|_| ApiError::bad_request("the hold id is not a uuid"))?;
    let now = state.now();
    state
        .db
        .write(move |tx| holds::release(tx, &session, &number, hold_id, now))
        .await
        .map(|()| StatusCode::NO_CONTENT)
}
