//! Recording and withdrawing dispenses.

use super::extract::{header, ApiJson, ApiPath};
use crate::api_error::{ApiError, ApiResult};
use crate::service::{dispense, withdraw, Session};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use dmed_api::types::{Dispense, DispenseRequest, WithdrawRequest};
#[allow(unused_imports)]
use dmed_api::ErrorBody;
use dmed_api::HEADER_IDEMPOTENCY_KEY;

/// Record a dispense. `Idempotency-Key` must equal `dispense_id`; a retry with the same body
/// answers the original result again.
#[utoipa::path(
    post, path = "/v1/dispenses", tag = "dispenses",
    params(("Idempotency-Key" = String, Header, description = "Equal to dispense_id", format = Uuid)),
    request_body = DispenseRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Recorded (or replayed)", body = Dispense),
        (status = 400, description = "BAD_REQUEST: malformed body, or an Idempotency-Key other than dispense_id", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED: no bearer token, or an unknown or expired one", body = ErrorBody),
        (status = 403, description = "FORBIDDEN (details.reason): access_revoked when the session's member of staff, or the dispensing pharmacist at handed_over_at, was revoked; not_staff_of_pharmacy when pharmacist_pinfl holds no login at the session's pharmacy; role_cannot_dispense when that person is a nurse, registrar or administrator", body = ErrorBody),
        (status = 404, description = "PRESCRIPTION_NOT_FOUND, or NOT_FOUND for an item or product", body = ErrorBody),
        (status = 409, description = "CANCELLED, ALREADY_DISPENSED, EXPIRED, NOT_YET_VALID, HELD_BY_OTHER_PHARMACY, HOLD_EXPIRED, MARKING_CODE_RETIRED or IDEMPOTENCY_CONFLICT", body = ErrorBody),
        (status = 422, description = "INVALID_IDENTIFIER (also for pharmacist_pinfl), PRODUCT_INN_MISMATCH (details: item_inn, product_inn), QUANTITY_EXCEEDED (details: item_id, remaining) or MARKING_CODE_INVALID", body = ErrorBody),
        (status = 500, description = "INTERNAL", body = ErrorBody),
        (status = 503, description = "SERVICE_UNAVAILABLE: maintenance or overload (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    ApiJson(req): ApiJson<DispenseRequest>,
) -> ApiResult<(StatusCode, Json<Dispense>)> {
    let key = header(&headers, HEADER_IDEMPOTENCY_KEY);
    let now = state.now();
    let (status, body) = state
        .db
        .write(move |tx| dispense::record_idempotent(tx, &session, key.as_deref(), &req, now))
        .await?;
    Ok((
        StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED),
        Json(body),
    ))
}

/// Withdraw the newest dispense of a prescription within 24 h of recording.
#[utoipa::path(
    post, path = "/v1/dispenses/{id}/withdraw", tag = "dispenses",
    params(("id" = String, Path, description = "The dispense id", format = Uuid)),
    request_body = WithdrawRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Withdrawn", body = Dispense),
        (status = 400, description = "BAD_REQUEST: malformed body, or the id is not a uuid", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED: no bearer token, or an unknown or expired one", body = ErrorBody),
        (status = 403, description = "FORBIDDEN: the session's member of staff was revoked (details.reason: access_revoked)", body = ErrorBody),
        (status = 404, description = "NOT_FOUND", body = ErrorBody),
        (status = 409, description = "WITHDRAW_NOT_ALLOWED (details.reason: already_withdrawn, other_pharmacy, too_late, not_newest)", body = ErrorBody),
        (status = 500, description = "INTERNAL", body = ErrorBody),
        (status = 503, description = "SERVICE_UNAVAILABLE: maintenance or overload (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    session: Session,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<WithdrawRequest>,
) -> ApiResult<Json<Dispense>> {
    let id = uuid::Uuid::parse_str(id.trim())
        .map_err(|_| ApiError::bad_request("the dispense id is not a uuid"))?;
    let now = state.now();
    state
        .db
        .write(move |tx| withdraw::withdraw(tx, &session, id, &req.reason, now))
        .await
        .map(Json)
}
