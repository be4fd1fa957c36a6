//! The dispense service: checks a dispense against the cached prescription before anything is
//! sent, records it durably together with its outbox row, sends it with its idempotency key, and
//! resends what is left in the outbox.
//!
//! Resends and the `mode` field: the request body is serialized once, when the dispense is
//! recorded, and the outbox keeps those exact bytes; every resend sends them unchanged under the
//! same `Idempotency-Key` (the `dispense_id`). The contract answers a reused key with a
//! different body with `409 IDEMPOTENCY_CONFLICT`, and after a timeout the counter cannot know
//! whether the central system already recorded the first attempt, so the body on the wire keeps
//! `mode: online` even when it is delivered by a later resend. The local record is what changes:
//! a dispense delivered after a failed first attempt is stored with mode `offline_retry`, which
//! is what reports use. (See docs/decisions/0003-local-store.md.)

use crate::catalog;
use crate::client::Client;
use crate::error::CounterError;
use crate::store::{LineRow, NewDispense, OutboxRow, Store};
use dmed_api::types::{
    Dispense, DispenseItem, DispenseMode, DispenseRequest, Item, ItemStatus, Prescription,
    PrescriptionStatus, Product,
};
use dmed_api::ErrorCode;
use serde_json::{Map, Value};
use std::collections::HashSet;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Outbox `kind` of a dispense.
pub const OUTBOX_KIND_DISPENSE: &str = "dispense";

/// One line the pharmacist wants to hand over.
#[derive(Debug, Clone, PartialEq)]
pub struct LineInput {
    pub item_id: String,
    pub product_id: String,
    pub quantity: u32,
    pub marking_codes: Vec<String>,
    pub batch: Option<String>,
    pub expiry: Option<Date>,
}

impl LineInput {
    /// A line without marking codes, batch or expiry.
    pub fn new(item_id: &str, product_id: &str, quantity: u32) -> Self {
        LineInput {
            item_id: item_id.to_owned(),
            product_id: product_id.to_owned(),
            quantity,
            marking_codes: Vec::new(),
            batch: None,
            expiry: None,
        }
    }
}

/// Who hands over, and for which pharmacy.
#[derive(Debug, Clone)]
pub struct Actor {
    pub pharmacy_id: String,
    pub pharmacist_pinfl: String,
}

/// What became of a dispense.
#[derive(Debug, Clone)]
pub enum Delivery {
    /// The central system recorded it; the cached prescription was updated from its answer.
    Delivered {
        dispense_id: Uuid,
        dispense: Box<Dispense>,
        prescription: Option<Box<Prescription>>,
    },
    /// Recorded locally and waiting in the outbox.
    Queued { dispense_id: Uuid },
}

// ---------------------------------------------------------------------- rules

/// Checks a dispense against the prescription the way the central system would, so the
/// pharmacist is told before anything is sent. Returns each line with its catalogue product.
/// `product_of` looks a product up in the local catalogue.
pub fn validate(
    prescription: &Prescription,
    lines: &[LineInput],
    product_of: impl Fn(&str) -> Result<Option<Product>, CounterError>,
    today: Date,
    now: OffsetDateTime,
    own_pharmacy: &str,
) -> Result<Vec<Product>, CounterError> {
    let number = &prescription.number;
    match prescription.status {
        PrescriptionStatus::Active | PrescriptionStatus::PartiallyDispensed => {}
        PrescriptionStatus::Cancelled => {
            return Err(reject(
                ErrorCode::Cancelled,
                format!("Prescription {number} was cancelled by the prescriber"),
                [],
            ))
        }
        PrescriptionStatus::Completed => {
            return Err(reject(
                ErrorCode::AlreadyDispensed,
                format!("Prescription {number} is already fully dispensed"),
                [],
            ))
        }
        PrescriptionStatus::Expired => return Err(expired(prescription)),
    }
    if today > prescription.valid_until {
        return Err(expired(prescription));
    }
    if today < prescription.valid_from {
        return Err(reject(
            ErrorCode::NotYetValid,
            format!(
                "Prescription {number} is valid from {}",
                prescription.valid_from
            ),
            [(
                "valid_from",
                Value::from(prescription.valid_from.to_string()),
            )],
        ));
    }
    if let Some(hold) = &prescription.hold {
        if hold.pharmacy_id != own_pharmacy && hold.expires_at > now {
            let until = hold.expires_at.format(&Rfc3339).unwrap_or_default();
            return Err(reject(
                ErrorCode::HeldByOtherPharmacy,
                format!("Prescription {number} is reserved by another pharmacy until {until}"),
                [
                    (
                        "holder",
                        serde_json::json!({ "pharmacy_id": hold.pharmacy_id }),
                    ),
                    ("expires_at", Value::from(until)),
                ],
            ));
        }
    }
    if lines.is_empty() {
        return Err(reject(
            ErrorCode::BadRequest,
            "The dispense has no lines".to_owned(),
            [],
        ));
    }
    let mut seen = HashSet::new();
    let mut products = Vec::with_capacity(lines.len());
    for line in lines {
        let item_id = Value::from(line.item_id.clone());
        if !seen.insert(line.item_id.as_str()) {
            return Err(reject(
                ErrorCode::BadRequest,
                format!("Item {} appears twice in the dispense", line.item_id),
                [("item_id", item_id)],
            ));
        }
        let Some(item) = prescription
            .items
            .iter()
            .find(|i| i.item_id == line.item_id)
        else {
            return Err(reject(
                ErrorCode::NotFound,
                format!("Prescription {number} has no item {}", line.item_id),
                [("item_id", item_id)],
            ));
        };
        let Some(product) = product_of(&line.product_id)? else {
            return Err(reject(
                ErrorCode::NotFound,
                format!("Product {} is not in the local catalogue", line.product_id),
                [
                    ("item_id", item_id),
                    ("product_id", Value::from(line.product_id.clone())),
                ],
            ));
        };
        if catalog::inn_key(&product.inn) != catalog::inn_key(&item.inn) {
            return Err(reject(
                ErrorCode::ProductInnMismatch,
                format!(
                    "{} contains {}, but the prescription asks for {}",
                    product.trade_name, product.inn, item.inn
                ),
                [
                    ("item_id", item_id),
                    ("product_id", Value::from(product.product_id.clone())),
                    ("item_inn", Value::from(item.inn.clone())),
                    ("product_inn", Value::from(product.inn.clone())),
                ],
            ));
        }
        let remaining = remaining(item);
        if line.quantity == 0 || line.quantity > remaining {
            let message = if line.quantity == 0 {
                format!("The quantity of {} must be at least 1", item.inn)
            } else {
                format!(
                    "Only {remaining} {} of {} remain to dispense, {} were asked",
                    item.unit, item.inn, line.quantity
                )
            };
            return Err(reject(
                ErrorCode::QuantityExceeded,
                message,
                [
                    ("item_id", item_id),
                    ("remaining", Value::from(remaining)),
                    ("quantity", Value::from(line.quantity)),
                ],
            ));
        }
        products.push(product);
    }
    Ok(products)
}

/// What may still be dispensed of an item: nothing once it is closed (dispensed, not dispensed,
/// cancelled or expired), as the central system counts it.
pub fn remaining(item: &Item) -> u32 {
    match item.status {
        ItemStatus::ToDispense | ItemStatus::Partial => item.remaining(),
        ItemStatus::Dispensed
        | ItemStatus::NotDispensed
        | ItemStatus::Cancelled
        | ItemStatus::Expired => 0,
    }
}

fn expired(p: &Prescription) -> CounterError {
    reject(
        ErrorCode::Expired,
        format!("Prescription {} expired on {}", p.number, p.valid_until),
        [("valid_until", Value::from(p.valid_until.to_string()))],
    )
}

fn reject<const N: usize>(
    code: ErrorCode,
    message: String,
    details: [(&str, Value); N],
) -> CounterError {
    let details: Map<String, Value> = details
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    CounterError::rejected_with(code, message, details)
}

/// Brings a cached prescription up to date with a dispense answer (what remains of each item and
/// the prescription's new status).
pub fn apply_dispense(prescription: &mut Prescription, dispense: &Dispense) {
    if prescription.number != dispense.prescription_number {
        return;
    }
    for line in &dispense.items {
        if let Some(item) = prescription
            .items
            .iter_mut()
            .find(|i| i.item_id == line.item_id)
        {
            item.quantity_dispensed = item.quantity_prescribed.saturating_sub(line.remaining);
            item.status = line.item_status;
        }
    }
    prescription.status = dispense.prescription_status;
}

/// A send failure the central system gave a verdict on: the dispense will never be accepted as
/// it is. Auth failures and transient failures are not verdicts: the row stays in the outbox.
fn is_verdict(e: &CounterError) -> bool {
    match e {
        CounterError::Rejected { code, .. } => !matches!(
            code,
            ErrorCode::Unauthenticated | ErrorCode::Forbidden | ErrorCode::Internal
        ),
        _ => false,
    }
}

fn error_json(e: &CounterError) -> String {
    serde_json::json!({
        "code": e.code(),
        "message": e.to_string(),
        "details": e.details(),
    })
    .to_string()
}

/// The stored form of a timestamp.
fn stamp(t: OffsetDateTime) -> String {
    crate::store::timestamp(t)
}

/// When to try a row again after `attempts` failures: 5 s doubling, at most 5 min.
fn next_attempt(now: OffsetDateTime, attempts: u32) -> OffsetDateTime {
    let secs = 5u64.saturating_mul(1 << attempts.min(6)).min(300);
    now + time::Duration::seconds(secs as i64)
}

// ---------------------------------------------------------------------- service

/// Builds the request of a validated dispense (mode `online`, handed over `now`).
pub fn build_request(
    prescription: &Prescription,
    hold_id: Option<Uuid>,
    lines: &[LineInput],
    now: OffsetDateTime,
) -> DispenseRequest {
    DispenseRequest {
        dispense_id: Uuid::new_v4(),
        prescription_number: prescription.number.clone(),
        hold_id,
        handed_over_at: now,
        mode: DispenseMode::Online,
        paper_ref: None,
        items: lines
            .iter()
            .map(|l| DispenseItem {
                item_id: l.item_id.clone(),
                product_id: l.product_id.clone(),
                quantity: l.quantity,
                marking_codes: l.marking_codes.clone(),
                batch: l.batch.clone(),
                expiry: l.expiry,
                substituted: false,
                not_dispensed_reason: None,
            })
            .collect(),
    }
}

/// Records a validated dispense with its outbox row (one transaction) and returns the outbox id
/// and the exact body to send.
pub fn record(
    store: &Store,
    actor: &Actor,
    request: &DispenseRequest,
    products: &[Product],
    now: OffsetDateTime,
) -> Result<(i64, String), CounterError> {
    let body = serde_json::to_string(request)?;
    let lines: Vec<LineRow> = request
        .items
        .iter()
        .zip(products)
        .map(|(item, product)| LineRow {
            item_id: item.item_id.clone(),
            product_id: item.product_id.clone(),
            inn: product.inn.clone(),
            quantity: item.quantity,
            batch: item.batch.clone(),
            expiry: item.expiry.map(|d| d.to_string()),
            marking_codes: item.marking_codes.clone(),
        })
        .collect();
    let row = NewDispense {
        dispense_id: request.dispense_id.to_string(),
        prescription_number: request.prescription_number.clone(),
        pharmacist_pinfl: actor.pharmacist_pinfl.clone(),
        pharmacy_id: actor.pharmacy_id.clone(),
        mode: "online".to_owned(),
        request_json: body.clone(),
        created_at: stamp(now),
    };
    let id = store.insert_dispense(&row, &lines, OUTBOX_KIND_DISPENSE)?;
    Ok((id, body))
}

/// Sends one outbox row and settles it: delivered, rejected (verdict) or left for later.
/// Returns the central answer on delivery.
pub async fn send_row(
    client: &Client,
    store: &Store,
    row: &OutboxRow,
) -> Result<Dispense, CounterError> {
    let dispense_id = row
        .dispense_id
        .as_deref()
        .and_then(|d| Uuid::parse_str(d).ok())
        .ok_or_else(|| CounterError::Protocol {
            reason: format!("outbox row {} has no valid dispense id", row.id),
        })?;
    match client
        .dispense_raw(dispense_id, row.payload.as_bytes().to_vec())
        .await
    {
        Ok(dispense) => {
            let mode = if row.attempts == 0 {
                "online"
            } else {
                "offline_retry"
            };
            let response = serde_json::to_string(&dispense)?;
            store.mark_delivered(
                &dispense_id.to_string(),
                mode,
                &response,
                &stamp(OffsetDateTime::now_utc()),
            )?;
            Ok(dispense)
        }
        Err(e) if is_verdict(&e) => {
            store.mark_rejected(&dispense_id.to_string(), &error_json(&e))?;
            Err(e)
        }
        Err(e) => {
            let now = OffsetDateTime::now_utc();
            store.record_attempt_failure(
                row.id,
                &error_json(&e),
                &stamp(next_attempt(now, row.attempts + 1)),
            )?;
            Err(e)
        }
    }
}

/// Refreshes the cached prescription from a dispense answer; returns the refreshed copy.
pub fn refresh_cached(
    store: &Store,
    dispense: &Dispense,
) -> Result<Option<Prescription>, CounterError> {
    let Some((json, _)) = store.prescription(&dispense.prescription_number)? else {
        return Ok(None);
    };
    let mut prescription: Prescription = serde_json::from_str(&json)?;
    apply_dispense(&mut prescription, dispense);
    store.put_prescription(
        &prescription.number,
        &prescription.patient.pinfl,
        &serde_json::to_string(&prescription)?,
        &stamp(OffsetDateTime::now_utc()),
    )?;
    Ok(Some(prescription))
}

/// The whole flow for one dispense: validate, record, send, settle. A transport failure, a
/// timeout or a 503 leaves it queued (not an error); a verdict of the central system marks it
/// rejected and is returned as the error.
#[allow(clippy::too_many_arguments)]
pub async fn dispense(
    client: &Client,
    store: &Store,
    actor: &Actor,
    prescription: &Prescription,
    hold_id: Option<Uuid>,
    lines: &[LineInput],
    today: Date,
    now: OffsetDateTime,
) -> Result<Delivery, CounterError> {
    let products = validate(
        prescription,
        lines,
        |id| catalog::product(store, id),
        today,
        now,
        &actor.pharmacy_id,
    )?;
    let request = build_request(prescription, hold_id, lines, now);
    let (outbox_id, body) = record(store, actor, &request, &products, now)?;
    let row = OutboxRow {
        id: outbox_id,
        kind: OUTBOX_KIND_DISPENSE.to_owned(),
        dispense_id: Some(request.dispense_id.to_string()),
        payload: body,
        attempts: 0,
        next_attempt_at: stamp(now),
        last_error: None,
        created_at: stamp(now),
    };
    match send_row(client, store, &row).await {
        Ok(dispense) => {
            let prescription = refresh_cached(store, &dispense)?;
            Ok(Delivery::Delivered {
                dispense_id: request.dispense_id,
                dispense: Box::new(dispense),
                prescription: prescription.map(Box::new),
            })
        }
        Err(e) if e.is_transient() => Ok(Delivery::Queued {
            dispense_id: request.dispense_id,
        }),
        Err(e) => Err(e),
    }
}

/// Resends every outbox row, oldest first. Stops at the first transport or auth failure (the
/// central system is unreachable or the session is gone: later rows would fail the same way and
/// order is kept). A verdict marks that row rejected and the flush goes on. Returns how many were
/// delivered.
pub async fn flush(client: &Client, store: &Store) -> Result<usize, CounterError> {
    let mut sent = 0;
    for row in store.outbox()? {
        if row.kind != OUTBOX_KIND_DISPENSE {
            continue;
        }
        match send_row(client, store, &row).await {
            Ok(dispense) => {
                refresh_cached(store, &dispense)?;
                sent += 1;
            }
            Err(e) if is_verdict(&e) => {
                tracing::warn!(outbox_id = row.id, code = %e.code(), "dispense rejected on resend");
            }
            Err(e) if e.is_transient() => {
                tracing::info!(outbox_id = row.id, code = %e.code(), "outbox flush paused");
                break;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::types::{
        DispenseStatus, DispensedItem, HoldInfo, Patient, Prescriber, PrescriptionKind,
    };
    use time::macros::{date, datetime};

    const TODAY: Date = date!(2026 - 11 - 21);
    const NOW: OffsetDateTime = datetime!(2026-11-21 10:00 UTC);

    fn item(id: &str, inn: &str, prescribed: u32, dispensed: u32) -> Item {
        Item {
            item_id: id.into(),
            inn: inn.into(),
            form: "tablet".into(),
            strength: "500 mg".into(),
            dosage_text: "1 x 3".into(),
            quantity_prescribed: prescribed,
            quantity_dispensed: dispensed,
            unit: "tablet".into(),
            status: ItemStatus::ToDispense,
        }
    }

    fn prescription() -> Prescription {
        Prescription {
            number: "7K3M9P2Q4R8X".into(),
            status: PrescriptionStatus::Active,
            kind: PrescriptionKind::Acute,
            issued_at: datetime!(2026-11-20 09:00 UTC),
            valid_from: date!(2026 - 11 - 20),
            valid_until: date!(2026 - 11 - 30),
            patient: Patient {
                pinfl: "30211975910033".into(),
                full_name: "Aziz Karimov".into(),
                birth_date: date!(1997 - 11 - 02),
            },
            prescriber: Prescriber {
                full_name: "Dr. Nodira Yusupova".into(),
                facility: "Polyclinic 12".into(),
            },
            diagnosis_icd10: "J02.9".into(),
            hold: None,
            items: vec![
                item("i1", "Amoxicillin", 20, 0),
                item("i2", "Paracetamol", 10, 6),
            ],
        }
    }

    fn product(id: &str, inn: &str) -> Product {
        Product {
            product_id: id.into(),
            trade_name: format!("Trade {id}"),
            inn: inn.into(),
            atc: "X".into(),
            form: "tablet".into(),
            strength: "500 mg".into(),
            pack_size: 10,
            unit: "tablet".into(),
            manufacturer: "M".into(),
            gtins: vec![],
            rx_only: true,
            e_rx_required: false,
        }
    }

    fn catalogue(id: &str) -> Result<Option<Product>, CounterError> {
        Ok(match id {
            "amox" => Some(product("amox", "AMOXICILLIN")),
            "para" => Some(product("para", "paracetamol")),
            "ibu" => Some(product("ibu", "Ibuprofen")),
            _ => None,
        })
    }

    fn check(p: &Prescription, lines: &[LineInput]) -> Result<Vec<Product>, CounterError> {
        validate(p, lines, catalogue, TODAY, NOW, "PH-1")
    }

    #[test]
    fn rule_table() {
        let with = |f: fn(&mut Prescription)| {
            let mut p = prescription();
            f(&mut p);
            p
        };
        let ok_line = || vec![LineInput::new("i1", "amox", 10)];
        let cases: Vec<(&str, Prescription, Vec<LineInput>, Option<ErrorCode>)> = vec![
            ("valid dispense", prescription(), ok_line(), None),
            (
                "partially dispensed is dispensable",
                with(|p| p.status = PrescriptionStatus::PartiallyDispensed),
                ok_line(),
                None,
            ),
            (
                "cancelled",
                with(|p| p.status = PrescriptionStatus::Cancelled),
                ok_line(),
                Some(ErrorCode::Cancelled),
            ),
            (
                "completed",
                with(|p| p.status = PrescriptionStatus::Completed),
                ok_line(),
                Some(ErrorCode::AlreadyDispensed),
            ),
            (
                "status expired",
                with(|p| p.status = PrescriptionStatus::Expired),
                ok_line(),
                Some(ErrorCode::Expired),
            ),
            (
                "before valid_from",
                with(|p| p.valid_from = date!(2026 - 11 - 22)),
                ok_line(),
                Some(ErrorCode::NotYetValid),
            ),
            (
                "after valid_until",
                with(|p| p.valid_until = date!(2026 - 11 - 20)),
                ok_line(),
                Some(ErrorCode::Expired),
            ),
            (
                "last valid day is fine",
                with(|p| p.valid_until = TODAY),
                ok_line(),
                None,
            ),
            (
                "held by another pharmacy",
                with(|p| {
                    p.hold = Some(HoldInfo {
                        pharmacy_id: "PH-2".into(),
                        expires_at: datetime!(2026-11-21 10:10 UTC),
                    })
                }),
                ok_line(),
                Some(ErrorCode::HeldByOtherPharmacy),
            ),
            (
                "own hold is fine",
                with(|p| {
                    p.hold = Some(HoldInfo {
                        pharmacy_id: "PH-1".into(),
                        expires_at: datetime!(2026-11-21 10:10 UTC),
                    })
                }),
                ok_line(),
                None,
            ),
            (
                "another pharmacy's lapsed hold is fine",
                with(|p| {
                    p.hold = Some(HoldInfo {
                        pharmacy_id: "PH-2".into(),
                        expires_at: datetime!(2026-11-21 09:59 UTC),
                    })
                }),
                ok_line(),
                None,
            ),
            (
                "no lines",
                prescription(),
                vec![],
                Some(ErrorCode::BadRequest),
            ),
            (
                "quantity zero",
                prescription(),
                vec![LineInput::new("i1", "amox", 0)],
                Some(ErrorCode::QuantityExceeded),
            ),
            (
                "a closed item has nothing left",
                with(|p| p.items[0].status = ItemStatus::Cancelled),
                vec![LineInput::new("i1", "amox", 1)],
                Some(ErrorCode::QuantityExceeded),
            ),
            (
                "expiry is reported before the start date",
                with(|p| {
                    p.valid_from = date!(2026 - 11 - 25);
                    p.valid_until = date!(2026 - 11 - 20);
                }),
                ok_line(),
                Some(ErrorCode::Expired),
            ),
            (
                "quantity equal to remaining",
                prescription(),
                vec![LineInput::new("i2", "para", 4)],
                None,
            ),
            (
                "quantity above remaining",
                prescription(),
                vec![LineInput::new("i2", "para", 5)],
                Some(ErrorCode::QuantityExceeded),
            ),
            (
                "INN differs",
                prescription(),
                vec![LineInput::new("i1", "ibu", 1)],
                Some(ErrorCode::ProductInnMismatch),
            ),
            (
                "INN compared case-insensitively",
                prescription(),
                vec![LineInput::new("i2", "para", 1)],
                None,
            ),
            (
                "product not in catalogue",
                prescription(),
                vec![LineInput::new("i1", "ghost", 1)],
                Some(ErrorCode::NotFound),
            ),
            (
                "unknown item",
                prescription(),
                vec![LineInput::new("i9", "amox", 1)],
                Some(ErrorCode::NotFound),
            ),
            (
                "same item twice",
                prescription(),
                vec![
                    LineInput::new("i1", "amox", 1),
                    LineInput::new("i1", "amox", 1),
                ],
                Some(ErrorCode::BadRequest),
            ),
            (
                "two items at once",
                prescription(),
                vec![
                    LineInput::new("i1", "amox", 20),
                    LineInput::new("i2", "para", 4),
                ],
                None,
            ),
        ];
        for (name, p, lines, expected) in cases {
            let got = check(&p, &lines).err().map(|e| e.code());
            assert_eq!(got, expected, "case: {name}");
        }
    }

    #[test]
    fn quantity_exceeded_names_what_remains() {
        let err = check(&prescription(), &[LineInput::new("i2", "para", 5)]).unwrap_err();
        assert_eq!(err.details()["remaining"], 4);
        assert_eq!(err.details()["item_id"], "i2");
        assert!(err.to_string().contains("Only 4"), "{err}");
    }

    #[test]
    fn inn_mismatch_names_both_inns() {
        let err = check(&prescription(), &[LineInput::new("i1", "ibu", 1)]).unwrap_err();
        assert_eq!(err.details()["item_inn"], "Amoxicillin");
        assert_eq!(err.details()["product_inn"], "Ibuprofen");
    }

    #[test]
    fn held_by_other_names_the_holder() {
        let mut p = prescription();
        p.hold = Some(HoldInfo {
            pharmacy_id: "PH-2".into(),
            expires_at: datetime!(2026-11-21 10:10 UTC),
        });
        let err = check(&p, &[LineInput::new("i1", "amox", 1)]).unwrap_err();
        assert_eq!(err.details()["holder"]["pharmacy_id"], "PH-2");
    }

    #[test]
    fn a_dispense_answer_updates_the_cached_prescription() {
        let mut p = prescription();
        let d = Dispense {
            dispense_id: Uuid::new_v4(),
            prescription_number: p.number.clone(),
            pharmacy_id: "PH-1".into(),
            pharmacist_pinfl: "30211975910033".into(),
            status: DispenseStatus::Completed,
            mode: DispenseMode::Online,
            handed_over_at: NOW,
            recorded_at: NOW,
            prescription_status: PrescriptionStatus::PartiallyDispensed,
            items: vec![DispensedItem {
                item_id: "i1".into(),
                product_id: "amox".into(),
                quantity: 5,
                remaining: 15,
                item_status: ItemStatus::Partial,
                marking_codes: vec![],
                batch: None,
                expiry: None,
            }],
        };
        apply_dispense(&mut p, &d);
        assert_eq!(p.status, PrescriptionStatus::PartiallyDispensed);
        assert_eq!(p.items[0].quantity_dispensed, 5);
        assert_eq!(p.items[0].status, ItemStatus::Partial);
        assert_eq!(p.items[1].quantity_dispensed, 6);
    }

    #[test]
    fn recording_keeps_the_exact_body_in_the_outbox() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        let p = prescription();
        let lines = [LineInput::new("i1", "amox", 3)];
        let products = check(&p, &lines).unwrap();
        let req = build_request(&p, None, &lines, NOW);
        let actor = Actor {
            pharmacy_id: "PH-1".into(),
            pharmacist_pinfl: "30211975910033".into(),
        };
        let (id, body) = record(&store, &actor, &req, &products, NOW).unwrap();
        let row = store.outbox_row(id).unwrap().unwrap();
        assert_eq!(row.payload, body);
        let back: DispenseRequest = serde_json::from_str(&row.payload).unwrap();
        assert_eq!(back, req);
        assert_eq!(back.mode, DispenseMode::Online);
        let lines = store.dispense_lines(&req.dispense_id.to_string()).unwrap();
        assert_eq!(lines[0].inn, "AMOXICILLIN");
        assert_eq!(lines[0].quantity, 3);
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(next_attempt(NOW, 1) - NOW, time::Duration::seconds(10));
        assert_eq!(next_attempt(NOW, 2) - NOW, time::Duration::seconds(20));
        assert_eq!(next_attempt(NOW, 30) - NOW, time::Duration::seconds(300));
    }
}
