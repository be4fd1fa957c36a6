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
use dmed_api::{ErrorCode, HEADER_ID_DOCUMENT_CHECKED, HEADER_ID_DOCUMENT_KIND};
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
        ("number" = String, Path, description = "Prescription number: 12 characters of 0-9A-Z, the last a MOD 37-2 check character (which may also be +); shown as XXXX-XXXX-XXXX, accepted with or without the dashes and in any case", pattern = r"^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{3}[0-9A-Za-z+]$", min_length = 12, max_length = 14),
        ("code" = Option<String>, Query, description = "The 4-digit access code the patient holds beside the QR code", pattern = r"^[0-9]{4}$"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The prescription, whatever its status", body = Prescription),
        (status = 400, description = "BAD_REQUEST: malformed query", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED: no bearer token, or an unknown or expired one", body = ErrorBody),
        (status = 403, description = "ACCESS_CODE_MISMATCH: the access code is missing or wrong (a wrong one counts towards the lockout); or FORBIDDEN: the session's member of staff was revoked (details.reason: access_revoked)", body = ErrorBody),
        (status = 404, description = "PRESCRIPTION_NOT_FOUND", body = ErrorBody),
        (status = 422, description = "INVALID_IDENTIFIER (details say what is wrong)", body = ErrorBody),
        (status = 429, description = "TOO_MANY_ATTEMPTS: 5 wrong access codes for this prescription lock its code for 15 minutes, the right code included (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds until the lock ends"))),
        (status = 500, description = "INTERNAL", body = ErrorBody),
        (status = 503, description = "SERVICE_UNAVAILABLE: maintenance or overload (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
pub async fn by_number(
    State(state): State<AppState>,
    _session: Session,
    ApiPath(number): ApiPath<String>,
    ApiQuery(query): ApiQuery<CodeQuery>,
) -> ApiResult<Json<Prescription>> {
    let now = state.now();
    let lockouts = state.lockouts.clone();
    state
        .db
        .read(move |conn| {
            lookup::by_number(conn, &lockouts.codes, &number, query.code.as_deref(), now)
        })
        .await
        .map(Json)
}

/// The patient's dispensable prescriptions (needs `X-Id-Document-Checked: true`).
#[utoipa::path(
    get, path = "/v1/patients/{pinfl}/prescriptions", tag = "prescriptions",
    params(
        ("pinfl" = String, Path, description = "The patient's PINFL: 14 digits, the last a 7-3-1 check digit", pattern = r"^[0-9]{14}$", min_length = 14, max_length = 14),
        ("status" = Option<String>, Query, description = "Only `active` (the default)", pattern = r"^active$"),
        ("X-Id-Document-Checked" = String, Header, description = "Must be `true`: the pharmacist checked the patient's identity document", pattern = r"^[Tt][Rr][Uu][Ee]$"),
        ("X-Id-Document-Kind" = Option<String>, Header, nullable = false, description = "Which document was checked: `passport`, `id_card` or `birth_certificate` (a child's)", pattern = r"^(passport|id_card|birth_certificate)$"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Dispensable prescriptions", body = PatientPrescriptions),
        (status = 400, description = "BAD_REQUEST: unsupported status filter, or an unknown document kind", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED: no bearer token, or an unknown or expired one", body = ErrorBody),
        (status = 403, description = "FORBIDDEN: the session's member of staff was revoked (details.reason: access_revoked)", body = ErrorBody),
        (status = 404, description = "PRESCRIPTION_NOT_FOUND: nothing dispensable", body = ErrorBody),
        (status = 422, description = "INVALID_IDENTIFIER", body = ErrorBody),
        (status = 428, description = "ID_DOCUMENT_NOT_CHECKED: X-Id-Document-Checked is missing or not `true`", body = ErrorBody),
        (status = 500, description = "INTERNAL", body = ErrorBody),
        (status = 503, description = "SERVICE_UNAVAILABLE: maintenance or overload (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
pub async fn by_patient(
    State(state): State<AppState>,
    _session: Session,
    headers: HeaderMap,
    ApiPath(pinfl): ApiPath<String>,
    ApiQuery(query): ApiQuery<StatusQuery>,
) -> ApiResult<Json<PatientPrescriptions>> {
    check_id_document(&headers)?;
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

/// The rule of every lookup by PINFL (v1's and the FHIR face's): the pharmacist states that the
/// patient's identity document was checked (`X-Id-Document-Checked: true`, else `428
/// ID_DOCUMENT_NOT_CHECKED`), and which one, if they say (`X-Id-Document-Kind`: `passport`,
/// `id_card` or `birth_certificate`, else `400`).
pub fn check_id_document(headers: &HeaderMap) -> ApiResult<()> {
    let checked = header(headers, HEADER_ID_DOCUMENT_CHECKED)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if !checked {
        return Err(ApiError::new(
            ErrorCode::IdDocumentNotChecked,
            "a lookup by PINFL needs the header X-Id-Document-Checked: true",
        ));
    }
    if let Some(kind) = header(headers, HEADER_ID_DOCUMENT_KIND) {
        if dmed_api::handover::IdDocumentKind::from_code(&kind).is_none() {
            return Err(ApiError::bad_request(
                "X-Id-Document-Kind is one of passport, id_card, birth_certificate",
            )
            .with("field", HEADER_ID_DOCUMENT_KIND));
        }
    }
    Ok(())
}

/// Every dispense of a prescription, oldest first.
#[utoipa::path(
    get, path = "/v1/prescriptions/{number}/dispenses", tag = "dispenses",
    params(("number" = String, Path, description = "Prescription number: 12 characters of 0-9A-Z, the last a MOD 37-2 check character (which may also be +); shown as XXXX-XXXX-XXXX, accepted with or without the dashes and in any case", pattern = r"^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{3}[0-9A-Za-z+]$", min_length = 12, max_length = 14)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Dispense history", body = DispenseHistory),
        (status = 400, description = "BAD_REQUEST: malformed path", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED: no bearer token, or an unknown or expired one", body = ErrorBody),
        (status = 403, description = "FORBIDDEN: the session's member of staff was revoked (details.reason: access_revoked)", body = ErrorBody),
        (status = 404, description = "PRESCRIPTION_NOT_FOUND", body = ErrorBody),
        (status = 422, description = "INVALID_IDENTIFIER", body = ErrorBody),
        (status = 500, description = "INTERNAL", body = ErrorBody),
        (status = 503, description = "SERVICE_UNAVAILABLE: maintenance or overload (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds to wait"))),
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
