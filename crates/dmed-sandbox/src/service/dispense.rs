//! Recording a dispense: idempotent replay, the contract's checks in order, and one
//! transaction that moves quantities, statuses, pack codes and the hold.

use super::{lookup, Now, Session};
use crate::api_error::{ApiError, ApiResult};
use crate::rules::{dispense as rules, hold, validity};
use crate::store::{dispenses, holds, idempotency, prescriptions, products};
use dmed_api::types::{Dispense, DispenseRequest, DispenseStatus, DispensedItem, Item};
use dmed_api::ErrorCode;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

/// HTTP status of a newly recorded dispense.
pub const CREATED: u16 = 201;

/// `POST /v1/dispenses`: checks the idempotency key, replays a stored result for the same
/// body, refuses a different body under the same key, else records the dispense.
pub fn record_idempotent(
    conn: &Connection,
    session: &Session,
    idempotency_key: Option<&str>,
    req: &DispenseRequest,
    now: Now,
) -> ApiResult<(u16, Dispense)> {
    let expected = req.dispense_id.to_string();
    match idempotency_key.map(str::trim) {
        Some(key) if key.eq_ignore_ascii_case(&expected) => {}
        Some(_) => {
            return Err(
                ApiError::bad_request("the Idempotency-Key header must equal dispense_id")
                    .with("dispense_id", expected),
            )
        }
        None => {
            return Err(ApiError::bad_request(
                "the Idempotency-Key header is required (equal to dispense_id)",
            ))
        }
    }
    let canonical = serde_json::to_string(req)?;
    if let Some(stored) = idempotency::get(conn, &expected)? {
        if stored.pharmacy_id == session.pharmacy_id && stored.request == canonical {
            let replay: Dispense = serde_json::from_str(&stored.response)?;
            return Ok((stored.status, replay));
        }
        return Err(ApiError::new(
            ErrorCode::IdempotencyConflict,
            "this idempotency key was used with a different request",
        )
        .with("dispense_id", expected));
    }
    super::auth::check_dispensing_pharmacist(
        conn,
        &session.pharmacy_id,
        &req.pharmacist_pinfl,
        req.handed_over_at,
    )?;
    if dispenses::load(conn, req.dispense_id)?.is_some() {
        return Err(ApiError::new(
            ErrorCode::IdempotencyConflict,
            "a dispense with this id already exists",
        )
        .with("dispense_id", expected));
    }
    let dispense = apply(conn, session, req, now)?;
    idempotency::put(
        conn,
        &expected,
        &idempotency::Stored {
            pharmacy_id: session.pharmacy_id.clone(),
            request: canonical,
            status: CREATED,
            response: serde_json::to_string(&dispense)?,
        },
    )?;
    Ok((CREATED, dispense))
}

/// Checks and records one dispense in the name of `req.pharmacist_pinfl`, whom the caller has
/// checked (no idempotency handling). Nothing is written unless every check passes.
pub fn apply(
    conn: &Connection,
    session: &Session,
    req: &DispenseRequest,
    now: Now,
) -> ApiResult<Dispense> {
    let number = lookup::parse_number(&req.prescription_number)?;
    let rx = lookup::load(conn, &number)?;
    validity::check_dispensable(rx.status, rx.valid_from, rx.valid_until, now.today)?;
    let live = hold::live(holds::get(conn, &rx.number)?, now.at);
    hold::check_not_held_by_other(live.as_ref(), &session.pharmacy_id)?;
    hold::check_named_hold(live.as_ref(), &session.pharmacy_id, req.hold_id)?;
    if req.items.is_empty() {
        return Err(ApiError::bad_request("a dispense needs at least one item"));
    }
    if let Some(receiver) = &req.receiver {
        receiver.check().map_err(|e| {
            ApiError::bad_request(format!("receiver: {}", e.message))
                .with("field", format!("receiver.{}", e.field))
        })?;
    }

    // Check every line before writing anything.
    let items: HashMap<&str, &Item> = rx.items.iter().map(|i| (i.item_id.as_str(), i)).collect();
    let mut taken: HashMap<String, u32> = HashMap::new();
    // Items closed without being handed over, with the reason as it will be stored.
    let mut closing: HashMap<String, String> = HashMap::new();
    let mut packs: Vec<String> = Vec::new();
    let mut seen_packs: HashSet<String> = HashSet::new();
    for line in &req.items {
        let item = items.get(line.item_id.as_str()).ok_or_else(|| {
            ApiError::new(ErrorCode::NotFound, "the prescription has no such item")
                .with("item_id", line.item_id.clone())
        })?;
        if let Some(wire) = &line.not_dispensed_reason {
            let reason = rules::check_not_dispensed(line, wire)?;
            if line.product_id.trim().is_empty() {
                // Closed with no product named: nothing else to check.
            } else {
                let product = products::get(conn, &line.product_id)?.ok_or_else(|| {
                    ApiError::new(ErrorCode::NotFound, "no such product in the catalogue")
                        .with("product_id", line.product_id.clone())
                })?;
                rules::check_inn(&item.inn, &product.inn)?;
            }
            if closing.insert(item.item_id.clone(), reason).is_some() {
                return Err(ApiError::bad_request(
                    "an item can be closed as not dispensed only once in a dispense",
                )
                .with("item_id", item.item_id.clone()));
            }
            continue;
        }
        let product = products::get(conn, &line.product_id)?.ok_or_else(|| {
            ApiError::new(ErrorCode::NotFound, "no such product in the catalogue")
                .with("product_id", line.product_id.clone())
        })?;
        rules::check_inn(&item.inn, &product.inn)?;
        let already = taken.get(&item.item_id).copied().unwrap_or(0);
        let remaining = rules::remaining(
            item.status,
            item.quantity_prescribed,
            item.quantity_dispensed,
        )
        .saturating_sub(already);
        rules::check_quantity(&item.item_id, line.quantity, remaining)?;
        taken.insert(item.item_id.clone(), already + line.quantity);
        for code in &line.marking_codes {
            let pack = rules::check_pack_code(code, &product.product_id, &product.gtins)?;
            let pack_id = pack.pack_id();
            if !seen_packs.insert(pack_id.clone()) {
                return Err(ApiError::new(
                    ErrorCode::MarkingCodeInvalid,
                    "the same pack appears twice in this dispense",
                )
                .with("code", code.clone()));
            }
            if dispenses::is_retired(conn, &pack_id)? {
                return Err(rules::retired(code, &pack_id));
            }
            packs.push(pack_id);
        }
    }
    for item_id in closing.keys() {
        let item = items[item_id.as_str()];
        let left = rules::remaining(
            item.status,
            item.quantity_prescribed,
            item.quantity_dispensed,
        )
        .saturating_sub(taken.get(item_id).copied().unwrap_or(0));
        if left == 0 {
            return Err(ApiError::new(
                ErrorCode::QuantityExceeded,
                "nothing remains of this item to close as not dispensed",
            )
            .with("item_id", item_id.clone())
            .with("remaining", 0));
        }
    }

    // Apply: item quantities and statuses, prescription status, packs, hold.
    let mut after: HashMap<String, (u32, dmed_api::types::ItemStatus)> = HashMap::new();
    let mut statuses = Vec::with_capacity(rx.items.len());
    for item in &rx.items {
        let add = taken.get(&item.item_id).copied().unwrap_or(0);
        let closed = closing.contains_key(&item.item_id);
        let (dispensed, status) = if add > 0 || closed {
            let d = item.quantity_dispensed + add;
            let s = if closed {
                dmed_api::types::ItemStatus::NotDispensed
            } else {
                rules::item_status(item.quantity_prescribed, d)
            };
            prescriptions::set_item(conn, &item.item_id, d, s)?;
            (d, s)
        } else {
            (item.quantity_dispensed, item.status)
        };
        after.insert(
            item.item_id.clone(),
            (
                rules::remaining(status, item.quantity_prescribed, dispensed),
                status,
            ),
        );
        statuses.push((status, dispensed));
    }
    let rx_status = rules::prescription_status(&statuses);
    prescriptions::set_status(conn, &rx.number, rx_status)?;
    for pack_id in &packs {
        dispenses::retire(conn, pack_id, req.dispense_id)?;
    }
    if live.is_some() {
        holds::delete(conn, &rx.number)?;
    }

    let dispense = Dispense {
        dispense_id: req.dispense_id,
        prescription_number: rx.number.clone(),
        pharmacy_id: session.pharmacy_id.clone(),
        pharmacist_pinfl: req.pharmacist_pinfl.trim().to_owned(),
        status: DispenseStatus::Completed,
        mode: req.mode,
        handed_over_at: req.handed_over_at,
        recorded_at: now.at,
        prescription_status: rx_status,
        items: req
            .items
            .iter()
            .map(|line| {
                let (remaining, item_status) = after
                    .get(&line.item_id)
                    .copied()
                    .unwrap_or((0, dmed_api::types::ItemStatus::Dispensed));
                DispensedItem {
                    item_id: line.item_id.clone(),
                    product_id: line.product_id.clone(),
                    quantity: line.quantity,
                    remaining,
                    item_status,
                    marking_codes: line.marking_codes.clone(),
                    batch: line.batch.clone(),
                    expiry: line.expiry,
                    not_dispensed_reason: line
                        .not_dispensed_reason
                        .as_ref()
                        .and(closing.get(&line.item_id).cloned()),
                }
            })
            .collect(),
        pharmacy_name: String::new(),
        pharmacist_name: String::new(),
        receiver: req.receiver.clone(),
        withdrawn_at: None,
        withdraw_reason: None,
    };
    dispenses::insert(conn, &dispense)?;
    // As history shows it: with the names of the pharmacy and of who handed it over.
    Ok(dispenses::load(conn, dispense.dispense_id)?
        .map(|stored| Dispense {
            items: dispense.items.clone(),
            prescription_status: dispense.prescription_status,
            ..stored.dispense
        })
        .unwrap_or(dispense))
}
