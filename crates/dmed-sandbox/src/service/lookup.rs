//! Looking prescriptions up by number (with the access code) or by patient PINFL, and
//! presenting them as the counter sees them (lazy expiry, live hold).

use super::Now;
use crate::api_error::{ApiError, ApiResult};
use crate::lockouts::Guard;
use crate::rules::{hold, validity};
use crate::store::{holds, prescriptions, prescriptions::StoredRx, staff};
use dmed_api::types::{HoldInfo, PatientPrescriptions, Prescription};
use dmed_api::{ErrorCode, Pinfl, RxNumber};
use rusqlite::Connection;

/// Parses a number from a path (`422 INVALID_IDENTIFIER` when malformed).
pub fn parse_number(raw: &str) -> ApiResult<RxNumber> {
    RxNumber::parse(raw).map_err(|e| ApiError::invalid_identifier(&e))
}

/// Loads a prescription by number (`404 PRESCRIPTION_NOT_FOUND` when unknown).
pub fn load(conn: &Connection, number: &RxNumber) -> ApiResult<StoredRx> {
    prescriptions::load(conn, number.as_str())?.ok_or_else(|| not_found(number.as_str()))
}

pub fn not_found(number: &str) -> ApiError {
    ApiError::new(
        ErrorCode::PrescriptionNotFound,
        "no prescription has this number",
    )
    .with("number", number)
}

/// `GET /v1/prescriptions/{number}?code=`. Wrong codes count against the prescription in
/// `codes`; while it is locked every lookup by number is `429 TOO_MANY_ATTEMPTS`. A missing
/// code is refused without counting (it guesses nothing).
pub fn by_number(
    conn: &Connection,
    codes: &Guard,
    raw_number: &str,
    code: Option<&str>,
    now: Now,
) -> ApiResult<Prescription> {
    let number = parse_number(raw_number)?;
    codes.attempt(
        number.as_str(),
        now.at.unix_timestamp(),
        || check_code(conn, &number, code, now),
        |e| e.code == ErrorCode::AccessCodeMismatch && code.is_some(),
    )
}

/// A prescription by number without its access code, for the FHIR face: the guide has no
/// access code (the QR identifies the prescription and the caller is a signed-in pharmacy).
/// Contract v1 keeps asking for the code ([`by_number`]).
pub fn by_number_without_code(
    conn: &Connection,
    number: &RxNumber,
    now: Now,
) -> ApiResult<Prescription> {
    wire(conn, load(conn, number)?, now)
}

fn check_code(
    conn: &Connection,
    number: &RxNumber,
    code: Option<&str>,
    now: Now,
) -> ApiResult<Prescription> {
    let rx = load(conn, number)?;
    if code.map(str::trim) != Some(rx.access_code.as_str()) {
        return Err(ApiError::new(
            ErrorCode::AccessCodeMismatch,
            if code.is_none() {
                "the access code is missing"
            } else {
                "the access code does not match"
            },
        ));
    }
    wire(conn, rx, now)
}

/// `GET /v1/patients/{pinfl}/prescriptions`: the dispensable ones.
pub fn by_patient(conn: &Connection, raw_pinfl: &str, now: Now) -> ApiResult<PatientPrescriptions> {
    let pinfl = Pinfl::parse(raw_pinfl).map_err(|e| ApiError::invalid_identifier(&e))?;
    let mut out = Vec::new();
    for number in prescriptions::open_numbers_of_patient(conn, pinfl.as_str())? {
        let Some(rx) = prescriptions::load(conn, &number)? else {
            continue;
        };
        if validity::is_dispensable(rx.status, rx.valid_from, rx.valid_until, now.today) {
            out.push(wire(conn, rx, now)?);
        }
    }
    if out.is_empty() {
        return Err(ApiError::new(
            ErrorCode::PrescriptionNotFound,
            "the patient has no prescription that can be dispensed now",
        ));
    }
    Ok(PatientPrescriptions { prescriptions: out })
}

/// The wire form of a stored prescription at `now`.
pub fn wire(conn: &Connection, rx: StoredRx, now: Now) -> ApiResult<Prescription> {
    let live = hold::live(holds::get(conn, &rx.number)?, now.at);
    let holder_name = match &live {
        Some(h) => staff::pharmacy(conn, &h.pharmacy_id)?
            .map(|p| p.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let status = validity::effective_status(rx.status, rx.valid_until, now.today);
    let items = rx
        .items
        .into_iter()
        .map(|mut it| {
            it.status = validity::effective_item_status(it.status, status);
            it
        })
        .collect();
    Ok(Prescription {
        number: rx.number,
        status,
        kind: rx.kind,
        issued_at: rx.issued_at,
        valid_from: rx.valid_from,
        valid_until: rx.valid_until,
        patient: rx.patient,
        prescriber: rx.prescriber,
        diagnosis_icd10: rx.diagnosis_icd10,
        hold: live.map(|h| HoldInfo {
            pharmacy_id: h.pharmacy_id,
            pharmacy_name: holder_name,
            expires_at: h.expires_at,
        }),
        items,
    })
}
