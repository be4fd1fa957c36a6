//! Contract v1 values the mapping tests send through FHIR and back.

#![allow(dead_code)]

use dmed_api::handover::{IdDocumentKind, Receiver, ReceiverKind};
use dmed_api::types::{
    Dispense, DispenseItem, DispenseMode, DispenseRequest, DispenseStatus, DispensedItem, Item,
    ItemStatus, Patient, Prescriber, Prescription, PrescriptionKind, PrescriptionStatus,
};
use time::macros::{date, datetime};
use uuid::Uuid;

/// A chronic prescription of two items: the first partly dispensed, the second untouched. Its
/// number ends in `+`, which FHIR ids cannot hold.
pub fn chronic() -> Prescription {
    Prescription {
        number: "F8GO8Q2ADU2+".into(),
        status: PrescriptionStatus::PartiallyDispensed,
        kind: PrescriptionKind::Chronic,
        issued_at: datetime!(2026-11-02 09:15:00 +05:00),
        valid_from: date!(2026 - 11 - 02),
        valid_until: date!(2027 - 01 - 31),
        patient: Patient {
            pinfl: "30211975910033".into(),
            full_name: "Usmonov Salim Saliyevich".into(),
            birth_date: date!(1994 - 01 - 27),
        },
        prescriber: Prescriber {
            full_name: "Karimova Dilnoza".into(),
            facility: "Toshkent shahar 12-oilaviy poliklinika".into(),
        },
        diagnosis_icd10: "I10".into(),
        hold: None,
        items: vec![
            Item {
                item_id: "F8GO8Q2ADU2+-1".into(),
                inn: "Amlodipine".into(),
                form: "tablet".into(),
                strength: "5 mg".into(),
                dosage_text: "1 tablet once a day".into(),
                quantity_prescribed: 90,
                quantity_dispensed: 30,
                unit: "tablet".into(),
                status: ItemStatus::Partial,
            },
            Item {
                item_id: "F8GO8Q2ADU2+-2".into(),
                inn: "Бисопролол".into(),
                form: "tablet".into(),
                strength: "2.5 mg".into(),
                dosage_text: "".into(),
                quantity_prescribed: 60,
                quantity_dispensed: 0,
                unit: "tablet".into(),
                status: ItemStatus::ToDispense,
            },
        ],
    }
}

/// A request handing over two products for the first item (one scanned, with batch and
/// expiry) and closing the second, for the patient's mother.
pub fn request(rx: &Prescription) -> DispenseRequest {
    DispenseRequest {
        dispense_id: Uuid::parse_str("7d0c1a52-4a0e-4b8e-9d7f-2f7f3c1c9a11").unwrap(),
        prescription_number: rx.number.clone(),
        pharmacist_pinfl: "41506881230017".into(),
        hold_id: None,
        handed_over_at: datetime!(2026-12-01 10:30:00 +05:00),
        mode: DispenseMode::OfflineRetry,
        paper_ref: None,
        items: vec![
            DispenseItem {
                item_id: rx.items[0].item_id.replace('+', "."),
                product_id: "P-AML-5-30".into(),
                quantity: 30,
                marking_codes: vec!["0104780000000017215abcDEF\u{1d}93XyZ1".into()],
                batch: Some("LOT20261201".into()),
                expiry: Some(date!(2028 - 12 - 01)),
                substituted: false,
                not_dispensed_reason: None,
            },
            DispenseItem {
                item_id: rx.items[0].item_id.replace('+', "."),
                product_id: "P-AML-5-10".into(),
                quantity: 10,
                marking_codes: vec![],
                batch: None,
                expiry: None,
                substituted: true,
                not_dispensed_reason: None,
            },
            DispenseItem {
                item_id: rx.items[1].item_id.replace('+', "."),
                product_id: String::new(),
                quantity: 0,
                marking_codes: vec![],
                batch: None,
                expiry: None,
                substituted: false,
                not_dispensed_reason: Some("clinical: interaction with warfarin".into()),
            },
        ],
        receiver: Some(Receiver {
            kind: ReceiverKind::Representative,
            document: Some(IdDocumentKind::Passport),
            document_number: Some("AA1234567".into()),
            full_name: Some("Karimova Malika".into()),
            relation: Some("onasi".into()),
        }),
    }
}

/// The dispense the central system recorded for [`request`], as contract v1 answers it, with
/// the prescription as it then stands.
pub fn recorded(rx: &Prescription, withdrawn: bool) -> (Dispense, Prescription) {
    let req = request(rx);
    let mut after = rx.clone();
    after.items[0].quantity_dispensed = 70;
    after.items[1].status = ItemStatus::NotDispensed;
    after.status = PrescriptionStatus::PartiallyDispensed;
    let line = |i: usize, item: usize| {
        let it = &req.items[i];
        DispensedItem {
            item_id: after.items[item].item_id.clone(),
            product_id: it.product_id.clone(),
            quantity: it.quantity,
            remaining: after.items[item].remaining(),
            item_status: after.items[item].status,
            marking_codes: it.marking_codes.clone(),
            batch: it.batch.clone(),
            expiry: it.expiry,
            not_dispensed_reason: it.not_dispensed_reason.clone(),
        }
    };
    let d = Dispense {
        dispense_id: req.dispense_id,
        prescription_number: rx.number.clone(),
        pharmacy_id: "PH-0001".into(),
        pharmacist_pinfl: req.pharmacist_pinfl.clone(),
        status: if withdrawn {
            DispenseStatus::Withdrawn
        } else {
            DispenseStatus::Completed
        },
        mode: req.mode,
        handed_over_at: req.handed_over_at,
        recorded_at: datetime!(2026-12-01 10:30:02 +05:00),
        prescription_status: after.status,
        items: vec![line(0, 0), line(1, 0), line(2, 1)],
        pharmacy_name: "Dorixona №1".into(),
        pharmacist_name: "Rahimov Aziz".into(),
        receiver: req.receiver.clone(),
        withdrawn_at: withdrawn.then_some(datetime!(2026-12-01 11:00:00 +05:00)),
        withdraw_reason: withdrawn.then(|| "wrong patient".into()),
    };
    (d, after)
}
