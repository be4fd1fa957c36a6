//! Lookups by number and by patient, and dispense history.

use super::extract::{header, ApiPath, ApiQuery};
use crate::api_error::{ApiError, ApiResult};
use crate::service::{lookup, withdraw, Session};
use crate::state::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
#[allow(unused_imports)]
use dmed_api::types::{DispenseHistory, PatientPrescriptions, Prescription};
#[allow(unused_imports)]
use dmed_api::ErrorBody;
use dmed_api::{ErrorCode, HEADER_ID_DOCUMENT_CHECKED};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct CodeQuery {
    pub code: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct StatusQuery {
    pub status: Option<String>,
}

/// One prescription, by number and the access code from the QR.
#[utoipa::path(
    get, path = "/v1/prescriptions/{number}", tag = "prescriptions",
    params(
        ("number" = String, Path, description = "Prescription number, with or without dashes"),
        ("code" = Option<String>, Query, description = "The 4-digit access code"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The prescription, whatever its status", body = Prescription),
        (status = 401, description = "UNAUTHENTICATED", body = ErrorBody),
        (status = 403, description = "ACCESS_CODE_MISMATCH or FORBIDDEN", body = ErrorBody),
        (status = 404, description = "PRESCRIPTION_NOT_FOUND", body = ErrorBody),
        (status = 422, description = "INVALID_IDENTIFIER (details say what is wrong)", body = ErrorBody),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = ErrorBody),
    )
)]
pub async fn by_number(
    State(state): State<AppState>,
    _session: Session,
    ApiPath(number): ApiPath<String>,
    ApiQuery(query): ApiQuery<CodeQuery>,
) -> ApiResult<Json<Prescription>> {
    let now = state.now();
    state
        .db
        .read(move |conn| lookup::by_number(conn, &number, query.code.as_deref(), now))
        .await
        .map(Json)
}

/// The patient's dispensable prescriptions (needs `X-Id-Document-Checked: true`).
#[utoipa::path(
    get, path = "/v1/patients/{pinfl}/prescriptions", tag = "prescriptions",
    params(
        ("pinfl" = String, Path, description = "The patient's PINFL"),
        ("status" = Option<String>, Query, description = "Only `active` (the default)"),
        ("X-Id-Document-Checked" = String, Header, description = "Must be `true`"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Dispensable prescriptions", body = PatientPrescriptions),
        (status = 400, description = "BAD_REQUEST: unsupported status filter", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED", body = ErrorBody),
        (status = 404, description = "PRESCRIPTION_NOT_FOUND: nothing dispensable", body = ErrorBody),
        (status = 422, description = "INVALID_IDENTIFIER", body = ErrorBody),
        (status = 428, description = "ID_DOCUMENT_NOT_CHECKED", body = ErrorBody),
    )
)]
pub async fn by_patient(
    State(state): State<AppState>,
    _session: Session,
    headers: HeaderMap,
    ApiPath(pinfl): ApiPath<String>,
    ApiQuery(query): ApiQuery<StatusQuery>,
) -> ApiResult<Json<PatientPrescriptions>> {
    let checked = header(&headers, HEADER_ID_DOCUMENT_CHECKED)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if !checked {
        return Err(ApiError::new(
            ErrorCode::IdDocumentNotChecked,
            "a lookup by PINFL needs the header X-Id-Document-Checked: true",
        ));
    }
    if let Some(status) = query.status.as_deref() {
        if status != "active" {
            return Err(
                ApiError::bad_request("only status=active is supported").with("status", status)
            );
        }
    }
    let now = state.now();
    state
        .db
        .read(move |conn| lookup::by_patient(conn, &pinfl, now))
        .await
        .map(Json)
}

/// Every dispense of a prescription, oldest first.
#[utoipa::path(
    get, path = "/v1/prescriptions/{number}/dispenses", tag = "dispenses",
    params(("number" = String, Path, description = "Prescription number")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Dispense history", body = DispenseHistory),
        (status = 401, description = "UNAUTHENTICATED", body = ErrorBody),
        (status = 404, description = "PRESCRIPTION_NOT_FOUND", body = ErrorBody),
        (status = 422, description = "INVALID_IDENTIFIER", body = ErrorBody),
    )
)]
pub async fn history(
    State(state): State<AppState>,
    _session: Session,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<Json<DispenseHistory>> {
    let now = state.now();
    state
        .db
        .read(move |conn| withdraw::history(conn, &number, now))
        .await
        .map(Json)
}
