//! Uploads of dispenses made on paper during an outage: each record is judged on its own
//! (accepted, or a conflict with the reason) and remembered by `record_id`.

use super::{dispense, lookup, Now, Session};
use crate::api_error::{ApiError, ApiResult};
use crate::rules::dispense::inn_matches;
use crate::store::{paper, prescriptions, products};
use dmed_api::types::{
    DispenseItem, DispenseMode, DispenseRequest, PaperOutcome, PaperRecord, PaperRecordResult,
    PaperRecordsRequest, PaperRecordsResponse,
};
use dmed_api::{ErrorCode, Pinfl};
use rusqlite::Connection;

/// `POST /v1/paper-records`.
pub fn upload(
    conn: &Connection,
    session: &Session,
    req: &PaperRecordsRequest,
    now: Now,
) -> ApiResult<PaperRecordsResponse> {
    let mut results = Vec::with_capacity(req.records.len());
    for record in &req.records {
        if let Some(earlier) = paper::result(conn, record.record_id)? {
            results.push(earlier);
            continue;
        }
        conn.execute_batch("SAVEPOINT paper_record")?;
        let result = match judge(conn, session, record, now) {
            Ok(result) => {
                conn.execute_batch("RELEASE paper_record")?;
                result
            }
            Err(err) if err.code == ErrorCode::Internal => {
                conn.execute_batch("ROLLBACK TO paper_record; RELEASE paper_record")?;
                return Err(err);
            }
            Err(err) => {
                conn.execute_batch("ROLLBACK TO paper_record; RELEASE paper_record")?;
                PaperRecordResult {
                    record_id: record.record_id,
                    outcome: PaperOutcome::Conflict,
                    code: Some(err.code),
                    reason: Some(err.message),
                    dispense_id: None,
                }
            }
        };
        paper::put(
            conn,
            record.record_id,
            &session.pharmacy_id,
            &serde_json::to_string(record)?,
            &result,
            now.at.unix_timestamp(),
        )?;
        results.push(result);
    }
    Ok(PaperRecordsResponse { results })
}

/// Accepts one record or says why not (as an error whose code and message become the conflict).
fn judge(
    conn: &Connection,
    session: &Session,
    record: &PaperRecord,
    now: Now,
) -> ApiResult<PaperRecordResult> {
    Pinfl::parse(&record.patient_pinfl).map_err(|e| ApiError::invalid_identifier(&e))?;
    super::auth::check_dispensing_pharmacist(
        conn,
        &session.pharmacy_id,
        &record.pharmacist_pinfl,
        record.dispensed_at,
    )
    .map_err(with_reason_in_message)?;
    let accepted = PaperRecordResult {
        record_id: record.record_id,
        outcome: PaperOutcome::Accepted,
        code: None,
        reason: None,
        dispense_id: Some(record.record_id),
    };
    let Some(raw_number) = record
        .prescription_number
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    else {
        // A paper-only prescription: recorded as it is, unless it holds a product that is sold
        // only on an e-prescription.
        e_prescription_only(conn, record)?;
        return Ok(accepted);
    };
    let number = lookup::parse_number(raw_number)?;
    let rx = lookup::load(conn, &number)?;
    if rx.patient.pinfl != record.patient_pinfl.trim() {
        return Err(ApiError::new(
            ErrorCode::PrescriptionNotFound,
            "the prescription belongs to another patient",
        ));
    }
    let mut items = Vec::with_capacity(record.items.len());
    for line in &record.items {
        let item = prescriptions_item_for(&rx, &line.inn).ok_or_else(|| {
            ApiError::new(
                ErrorCode::ProductInnMismatch,
                format!("the prescription has no item with INN {}", line.inn),
            )
            .with("item_inn", line.inn.clone())
        })?;
        items.push(DispenseItem {
            item_id: item,
            product_id: line.product_id.clone(),
            quantity: line.quantity,
            marking_codes: line.marking_codes.clone(),
            batch: line.batch.clone(),
            expiry: None,
            substituted: false,
            not_dispensed_reason: None,
        });
    }
    let req = DispenseRequest {
        dispense_id: record.record_id,
        prescription_number: rx.number.clone(),
        pharmacist_pinfl: record.pharmacist_pinfl.clone(),
        hold_id: None,
        handed_over_at: record.dispensed_at,
        mode: DispenseMode::Paper,
        paper_ref: None,
        items,
        receiver: None,
    };
    let d = dispense::apply(conn, session, &req, now)?;
    Ok(PaperRecordResult {
        dispense_id: Some(d.dispense_id),
        ..accepted
    })
}

/// `E_RX_REQUIRED` when a line of a record without an e-prescription number is a product sold
/// only on an e-prescription (antibiotics, antibacterial and hormonal medicines).
fn e_prescription_only(conn: &Connection, record: &PaperRecord) -> ApiResult<()> {
    for line in &record.items {
        if let Some(product) = products::get(conn, &line.product_id)? {
            if product.e_rx_required {
                return Err(ApiError::new(
                    ErrorCode::ERxRequired,
                    format!(
                        "{} ({}, ATC {}) is sold only on an e-prescription; a paper prescription without an e-prescription number cannot cover it",
                        product.trade_name, product.inn, product.atc
                    ),
                )
                .with("product_id", product.product_id.clone()));
            }
        }
    }
    Ok(())
}

/// A verdict carries a code and a message but no details, so a refusal's `details.reason`
/// (e.g. `access_revoked`) is appended to the message, where the counter shows it.
fn with_reason_in_message(mut err: ApiError) -> ApiError {
    if let Some(reason) = err.details.get("reason").and_then(|r| r.as_str()) {
        err.message = format!("{} (reason: {reason})", err.message);
    }
    err
}

fn prescriptions_item_for(rx: &prescriptions::StoredRx, inn: &str) -> Option<String> {
    rx.items
        .iter()
        .find(|i| inn_matches(&i.inn, inn))
        .map(|i| i.item_id.clone())
}
