//! Withdrawing a dispense (restoring quantities, statuses and packs) and the dispense history.

use super::{lookup, Now, Session};
use crate::api_error::{ApiError, ApiResult};
use crate::rules::{dispense as dispense_rules, withdraw};
use crate::store::{dispenses, prescriptions};
use dmed_api::types::{Dispense, DispenseHistory, DispenseStatus};
use dmed_api::ErrorCode;
use rusqlite::Connection;
use uuid::Uuid;

/// `POST /v1/dispenses/{id}/withdraw`. A retry with the same reason answers the withdrawn
/// dispense again. Only a member of staff withdraws (not the pharmacy system's own token).
pub fn withdraw(
    conn: &Connection,
    session: &Session,
    id: Uuid,
    reason: &str,
    now: Now,
) -> ApiResult<Dispense> {
    crate::rules::access::check_may_withdraw(session.is_pharmacy_system())?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ApiError::bad_request("a withdrawal needs a reason"));
    }
    let stored = dispenses::load(conn, id)?.ok_or_else(|| {
        ApiError::new(ErrorCode::NotFound, "no such dispense").with("dispense_id", id.to_string())
    })?;
    let number = stored.dispense.prescription_number.clone();
    if stored.dispense.status == DispenseStatus::Withdrawn
        && stored.dispense.pharmacy_id == session.pharmacy_id
        && stored.withdraw_reason.as_deref() == Some(reason)
    {
        return with_current_status(conn, stored.dispense);
    }
    let facts = withdraw::WithdrawFacts {
        status: stored.dispense.status,
        pharmacy_id: stored.dispense.pharmacy_id.clone(),
        recorded_at: stored.dispense.recorded_at,
        is_newest: dispenses::newest_live(conn, &number)? == Some(id),
    };
    withdraw::check(&facts, &session.pharmacy_id, now.at)?;

    let rx = prescriptions::load(conn, &number)?.ok_or_else(|| lookup::not_found(&number))?;
    let mut statuses = Vec::with_capacity(rx.items.len());
    for item in &rx.items {
        let back: u32 = stored
            .dispense
            .items
            .iter()
            .filter(|l| l.item_id == item.item_id)
            .map(|l| l.quantity)
            .sum();
        // An item this dispense closed as not dispensed opens again.
        let closed_here = stored
            .dispense
            .items
            .iter()
            .any(|l| l.item_id == item.item_id && l.not_dispensed_reason.is_some());
        if back > 0 || closed_here {
            let dispensed = item.quantity_dispensed.saturating_sub(back);
            let status = dispense_rules::item_status(item.quantity_prescribed, dispensed);
            prescriptions::set_item(conn, &item.item_id, dispensed, status)?;
            statuses.push((status, dispensed));
        } else {
            statuses.push((item.status, item.quantity_dispensed));
        }
    }
    prescriptions::set_status(
        conn,
        &number,
        dispense_rules::prescription_status(&statuses),
    )?;
    dispenses::unretire(conn, id)?;
    dispenses::mark_withdrawn(conn, id, reason, now.at)?;
    let mut dispense = stored.dispense;
    dispense.status = DispenseStatus::Withdrawn;
    dispense.withdrawn_at = Some(now.at);
    dispense.withdraw_reason = Some(reason.to_owned());
    with_current_status(conn, dispense)
}

/// `GET /v1/prescriptions/{number}/dispenses`.
pub fn history(conn: &Connection, raw_number: &str, now: Now) -> ApiResult<DispenseHistory> {
    let number = lookup::parse_number(raw_number)?;
    let rx = lookup::load(conn, &number)?;
    let status = crate::rules::validity::effective_status(rx.status, rx.valid_until, now.today);
    let dispenses = dispenses::history(conn, &rx.number)?
        .into_iter()
        .map(|mut d| {
            d.dispense.prescription_status = status;
            d.dispense
        })
        .collect();
    Ok(DispenseHistory { dispenses })
}

fn with_current_status(conn: &Connection, mut dispense: Dispense) -> ApiResult<Dispense> {
    if let Some(rx) = prescriptions::load(conn, &dispense.prescription_number)? {
        dispense.prescription_status = rx.status;
    }
    Ok(dispense)
}
