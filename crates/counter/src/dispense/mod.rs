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

mod outbox;
pub(crate) use outbox::{error_json, is_verdict};
mod rules;

pub use outbox::{flush, send_row};
pub use rules::{remaining, validate};

use crate::catalog;
use crate::client::CentralSystem;
use crate::error::CounterError;
use crate::store::gate::CommitGate;
use crate::store::{timestamp, LineRow, NewDispense, OutboxRow, Store};
use dmed_api::handover::{NotDispensed, Receiver};
use dmed_api::types::{
    Dispense, DispenseItem, DispenseMode, DispenseRequest, Prescription, Product,
};
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
    /// Set when the line closes what remains of its item without handing it over.
    pub not_dispensed: Option<NotDispensed>,
}

/// What is handed over: the lines, and who received them.
#[derive(Debug, Clone, Copy)]
pub struct Handover<'a> {
    pub lines: &'a [LineInput],
    pub receiver: Option<&'a Receiver>,
}

impl<'a> Handover<'a> {
    /// These lines, with no receiver recorded.
    pub fn lines(lines: &'a [LineInput]) -> Self {
        Handover {
            lines,
            receiver: None,
        }
    }

    /// How many lines hand something over, and how many close an item.
    pub fn counts(&self) -> (usize, usize) {
        let closing = self
            .lines
            .iter()
            .filter(|l| l.not_dispensed.is_some())
            .count();
        (self.lines.len() - closing, closing)
    }
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
            not_dispensed: None,
        }
    }

    /// A line that closes what remains of `item_id` for `reason`.
    pub fn closing(item_id: &str, reason: NotDispensed) -> Self {
        LineInput {
            not_dispensed: Some(reason),
            ..LineInput::new(item_id, "", 0)
        }
    }
}

/// Who hands over, and for which pharmacy.
#[derive(Debug, Clone)]
pub struct Actor {
    pub pharmacy_id: String,
    pub pharmacy_name: String,
    pub pharmacist_pinfl: String,
    pub pharmacist_name: String,
}

/// What became of a dispense.
#[derive(Debug, Clone)]
pub enum Delivery {
    /// The central system recorded it; `prescription` is the cached copy as it now stands
    /// (`outage::cache::as_it_stands`: the copy itself and its fetch time are not changed).
    Delivered {
        dispense_id: Uuid,
        dispense: Box<Dispense>,
        prescription: Option<Box<Prescription>>,
    },
    /// Recorded locally and waiting in the outbox.
    Queued { dispense_id: Uuid },
}

/// Builds the request of a validated dispense (mode `online`, handed over `now` by the
/// pharmacist whose PINFL is `pharmacist_pinfl`).
pub fn build_request(
    prescription: &Prescription,
    pharmacist_pinfl: &str,
    hold_id: Option<Uuid>,
    handover: Handover<'_>,
    now: OffsetDateTime,
) -> DispenseRequest {
    DispenseRequest {
        dispense_id: Uuid::new_v4(),
        prescription_number: prescription.number.clone(),
        pharmacist_pinfl: pharmacist_pinfl.to_owned(),
        hold_id,
        handed_over_at: now,
        mode: DispenseMode::Online,
        paper_ref: None,
        items: handover
            .lines
            .iter()
            .map(|l| DispenseItem {
                item_id: l.item_id.clone(),
                product_id: l.product_id.clone(),
                quantity: l.quantity,
                marking_codes: l.marking_codes.clone(),
                batch: l.batch.clone(),
                expiry: l.expiry,
                substituted: false,
                not_dispensed_reason: l.not_dispensed.as_ref().map(NotDispensed::to_wire),
            })
            .collect(),
        receiver: handover.receiver.cloned(),
    }
}

/// What the audit log keeps of a dispense: its id and state, how many lines handed something
/// over, how many closed an item (and why), and who received it (not their name).
pub fn audit_details(id: &str, state: &str, handover: Handover<'_>) -> serde_json::Value {
    let (lines, _) = handover.counts();
    let mut details = serde_json::json!({ "dispense_id": id, "state": state, "lines": lines });
    let reasons: Vec<&str> = handover
        .lines
        .iter()
        .filter_map(|l| l.not_dispensed.as_ref().map(|n| n.reason.code()))
        .collect();
    if !reasons.is_empty() {
        details["not_dispensed"] = serde_json::json!(reasons);
    }
    if let Some(r) = handover.receiver {
        details["receiver"] = serde_json::json!({ "kind": r.kind, "document": r.document });
    }
    details
}

/// `BAD_REQUEST` naming the receiver's field (`receiver.full_name`…) when who received the
/// medicine is not described as the contract asks.
pub fn check_receiver(receiver: &Receiver) -> Result<(), CounterError> {
    receiver.check().map_err(|e| {
        let mut details = serde_json::Map::new();
        details.insert("field".into(), format!("receiver.{}", e.field).into());
        CounterError::rejected_with(
            dmed_api::ErrorCode::BadRequest,
            crate::error::sentence(&e.message),
            details,
        )
    })
}

/// Why a dispense whose gate was closed is not written.
fn called_off() -> CounterError {
    CounterError::DispenseNotRecorded {
        reason:
            "the dispense was called off before it was written, because it did not finish in time"
                .into(),
    }
}

/// Records a validated dispense with its outbox row (one transaction) and returns the outbox id
/// and the exact body to send. With a `gate`, the transaction commits only while the gate is
/// open (`DISPENSE_NOT_RECORDED` and nothing written once it is closed).
pub fn record(
    store: &Store,
    actor: &Actor,
    patient_pinfl: &str,
    request: &DispenseRequest,
    products: &[Product],
    now: OffsetDateTime,
    gate: Option<&CommitGate>,
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
            trade_name: product.trade_name.clone(),
            pack_size: product.pack_size,
            unit: product.unit.clone(),
            quantity: item.quantity,
            batch: item.batch.clone(),
            expiry: item.expiry.map(|d| d.to_string()),
            marking_codes: item.marking_codes.clone(),
            not_dispensed_reason: item.not_dispensed_reason.clone(),
        })
        .collect();
    let row = NewDispense {
        dispense_id: request.dispense_id.to_string(),
        prescription_number: request.prescription_number.clone(),
        pharmacist_pinfl: actor.pharmacist_pinfl.clone(),
        pharmacist_name: actor.pharmacist_name.clone(),
        pharmacy_id: actor.pharmacy_id.clone(),
        pharmacy_name: actor.pharmacy_name.clone(),
        patient_key: crate::privacy::patient_key(&store.patient_salt()?, patient_pinfl),
        mode: "online".to_owned(),
        request_json: body.clone(),
        created_at: timestamp(now),
    };
    let id = store.insert_dispense_gated(&row, &lines, OUTBOX_KIND_DISPENSE, gate, called_off)?;
    Ok((id, body))
}

/// A dispense checked against the local rules and recorded with its outbox row, as both the
/// online flow ([`dispense`]) and an offline dispense start: the request, its outbox id and the
/// exact body to send. Through `gate` as in [`record`].
#[allow(clippy::too_many_arguments)]
pub fn validate_and_record(
    store: &Store,
    actor: &Actor,
    prescription: &Prescription,
    hold_id: Option<Uuid>,
    handover: Handover<'_>,
    today: Date,
    now: OffsetDateTime,
    gate: Option<&CommitGate>,
) -> Result<(DispenseRequest, i64, String), CounterError> {
    if let Some(receiver) = handover.receiver {
        check_receiver(receiver)?;
    }
    let products = validate(
        prescription,
        handover.lines,
        |id| catalog::product(store, id),
        today,
        now,
        &actor.pharmacy_id,
    )?;
    let request = build_request(
        prescription,
        &actor.pharmacist_pinfl,
        hold_id,
        handover,
        now,
    );
    let (outbox_id, body) = record(
        store,
        actor,
        &prescription.patient.pinfl,
        &request,
        &products,
        now,
        gate,
    )?;
    Ok((request, outbox_id, body))
}

/// The whole flow for one dispense: validate, record (through `gate`, see [`record`]), send,
/// settle. A transport failure, a timeout or a 503 leaves it queued (not an error); a verdict of
/// the central system marks it rejected and is returned as the error.
#[allow(clippy::too_many_arguments)]
pub async fn dispense(
    client: &dyn CentralSystem,
    store: &Store,
    actor: &Actor,
    prescription: &Prescription,
    hold_id: Option<Uuid>,
    handover: Handover<'_>,
    today: Date,
    now: OffsetDateTime,
    gate: Option<&CommitGate>,
) -> Result<Delivery, CounterError> {
    let (request, outbox_id, body) = validate_and_record(
        store,
        actor,
        prescription,
        hold_id,
        handover,
        today,
        now,
        gate,
    )?;
    let row = OutboxRow {
        id: outbox_id,
        kind: OUTBOX_KIND_DISPENSE.to_owned(),
        dispense_id: Some(request.dispense_id.to_string()),
        payload: body,
        attempts: 0,
        next_attempt_at: timestamp(now),
        last_error: None,
        created_at: timestamp(now),
    };
    match send_row(client, store, &row).await {
        Ok(dispense) => {
            let prescription =
                crate::outage::cache::as_it_stands(store, &request.prescription_number)?
                    .map(|(p, _)| p);
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

#[cfg(test)]
pub(crate) mod fixtures {
    //! A hand-built prescription and catalogue for the rule and service tests.
    use super::*;
    use dmed_api::types::{
        Item, ItemStatus, Patient, Prescriber, PrescriptionKind, PrescriptionStatus,
    };
    use time::macros::{date, datetime};

    pub const TODAY: Date = date!(2026 - 11 - 21);
    pub const NOW: OffsetDateTime = datetime!(2026-11-21 10:00 UTC);

    pub fn item(id: &str, inn: &str, prescribed: u32, dispensed: u32) -> Item {
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

    pub fn prescription() -> Prescription {
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

    pub fn product(id: &str, inn: &str) -> Product {
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

    pub fn catalogue(id: &str) -> Result<Option<Product>, CounterError> {
        Ok(match id {
            "amox" => Some(product("amox", "AMOXICILLIN")),
            "amox2" => Some(product("amox2", "Amoxicillin")),
            "para" => Some(product("para", "paracetamol")),
            "ibu" => Some(product("ibu", "Ibuprofen")),
            _ => None,
        })
    }

    pub fn check(p: &Prescription, lines: &[LineInput]) -> Result<Vec<Product>, CounterError> {
        validate(p, lines, catalogue, TODAY, NOW, "PH-1")
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn recording_keeps_the_exact_body_in_the_outbox() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        let p = prescription();
        let lines = [LineInput::new("i1", "amox", 3)];
        let products = check(&p, &lines).unwrap();
        let req = build_request(&p, "30211975910033", None, Handover::lines(&lines), NOW);
        let actor = Actor {
            pharmacy_id: "PH-1".into(),
            pharmacy_name: "Dorixona №1".into(),
            pharmacist_pinfl: "30211975910033".into(),
            pharmacist_name: "Karimova Dilnoza".into(),
        };
        let (id, body) =
            record(&store, &actor, "30211975910033", &req, &products, NOW, None).unwrap();
        let row = store.outbox_row(id).unwrap().unwrap();
        assert_eq!(row.payload, body);
        let back: DispenseRequest = serde_json::from_str(&row.payload).unwrap();
        assert_eq!(back, req);
        assert_eq!(back.mode, DispenseMode::Online);
        let lines = store.dispense_lines(&req.dispense_id.to_string()).unwrap();
        assert_eq!(lines[0].inn, "AMOXICILLIN");
        assert_eq!(lines[0].quantity, 3);
    }
}
