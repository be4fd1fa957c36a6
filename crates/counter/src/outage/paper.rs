//! The rules of a paper dispense: when paper mode is allowed, and what a complete paper record
//! holds. Turning a checked draft into the record that is uploaded through `/v1/paper-records`.

use super::types::PaperDraft;
use crate::catalog;
use crate::error::CounterError;
use dmed_api::types::{PaperItem, PaperRecord, Prescriber, Product, StaffRole};
use dmed_api::{ErrorCode, Pinfl, RxNumber};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use uuid::Uuid;

fn bad(field: &str, message: String) -> CounterError {
    let mut d = Map::new();
    d.insert("field".into(), Value::from(field));
    CounterError::rejected_with(ErrorCode::BadRequest, message, d)
}

/// Who may use paper mode now: anyone while the central system is unreachable; while it is
/// reachable, only a signed-in manager who gives a reason (the override is recorded with their
/// name). Returns the override's author, if one was needed.
pub fn check_allowed(
    online: bool,
    role: StaffRole,
    name: &str,
    override_reason: Option<&str>,
) -> Result<Option<String>, CounterError> {
    if !online {
        return Ok(None);
    }
    if role != StaffRole::Manager {
        return Err(CounterError::rejected(
            ErrorCode::Forbidden,
            "Paper mode is for outages: the central system is reachable, so dispense online. A manager can override with a reason",
        ));
    }
    match override_reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(_) => Ok(Some(name.to_owned())),
        None => Err(bad(
            "override_reason",
            "The central system is reachable: a manager's override needs a reason".into(),
        )),
    }
}

/// Checks a draft against the local catalogue; returns the product of each line and the
/// canonical prescription number.
pub fn validate(
    draft: &PaperDraft,
    product_of: impl Fn(&str) -> Result<Option<Product>, CounterError>,
) -> Result<(Option<String>, Vec<Product>), CounterError> {
    Pinfl::parse(&draft.patient_pinfl)?;
    let number = draft
        .prescription_number
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| RxNumber::parse(n).map(|n| n.as_str().to_owned()))
        .transpose()?;
    if draft.prescriber_name.trim().is_empty() {
        return Err(bad("prescriber_name", "Enter the prescriber's name".into()));
    }
    if draft.facility.trim().is_empty() {
        return Err(bad("facility", "Enter the prescriber's facility".into()));
    }
    if !draft.id_document_checked {
        return Err(CounterError::IdDocumentCheckRequired);
    }
    if !draft.patient_declaration {
        return Err(bad(
            "patient_declaration",
            "The patient must declare that this prescription was not dispensed elsewhere".into(),
        ));
    }
    if draft.lines.is_empty() {
        return Err(bad(
            "lines",
            "A paper dispense needs at least one line".into(),
        ));
    }
    let mut products = Vec::with_capacity(draft.lines.len());
    for line in &draft.lines {
        if line.quantity == 0 {
            return Err(bad(
                "quantity",
                format!("The quantity of {} must be at least 1", line.inn),
            ));
        }
        let Some(product) = product_of(&line.product_id)? else {
            return Err(CounterError::rejected(
                ErrorCode::NotFound,
                format!("Product {} is not in the local catalogue", line.product_id),
            ));
        };
        if catalog::inn_key(&product.inn) != catalog::inn_key(&line.inn) {
            return Err(CounterError::rejected(
                ErrorCode::ProductInnMismatch,
                format!(
                    "{} contains {}, but the paper prescription asks for {}",
                    product.trade_name, product.inn, line.inn
                ),
            ));
        }
        if number.is_none() && product.e_rx_required {
            return Err(e_rx_required(&product));
        }
        products.push(product);
    }
    Ok((number, products))
}

/// The refusal of a product sold only on an e-prescription, naming its group and ATC code.
pub fn e_rx_required(product: &Product) -> CounterError {
    let group = crate::catalog::e_rx_group(&product.atc);
    let mut d = Map::new();
    d.insert("product_id".into(), Value::from(product.product_id.clone()));
    d.insert("trade_name".into(), Value::from(product.trade_name.clone()));
    d.insert("atc".into(), Value::from(product.atc.clone()));
    d.insert("group".into(), Value::from(group.as_str()));
    CounterError::rejected_with(
        ErrorCode::ERxRequired,
        format!(
            "{} ({}, {}, ATC {}) is sold only on an e-prescription. A paper prescription can cover it only when it carries the number of an e-prescription (printed or shown during an outage)",
            product.trade_name,
            product.inn,
            group.as_str(),
            product.atc
        ),
        d,
    )
}

/// The record uploaded later (its JSON is frozen in the outbox).
pub fn record(
    draft: &PaperDraft,
    number: Option<String>,
    pharmacist_pinfl: &str,
    now: OffsetDateTime,
) -> PaperRecord {
    PaperRecord {
        record_id: Uuid::new_v4(),
        prescription_number: number,
        patient_pinfl: draft.patient_pinfl.trim().to_owned(),
        prescriber: Prescriber {
            full_name: draft.prescriber_name.trim().to_owned(),
            facility: draft.facility.trim().to_owned(),
        },
        pharmacist_pinfl: pharmacist_pinfl.to_owned(),
        dispensed_at: now,
        id_document_checked: draft.id_document_checked,
        patient_declaration: draft.patient_declaration,
        reason: draft.reason.clone().filter(|r| !r.trim().is_empty()),
        items: draft
            .lines
            .iter()
            .map(|l| PaperItem {
                inn: l.inn.trim().to_owned(),
                product_id: l.product_id.clone(),
                quantity: l.quantity,
                marking_codes: l.marking_codes.clone(),
                batch: l.batch.clone().filter(|b| !b.trim().is_empty()),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispense::fixtures::catalogue;
    use crate::outage::types::PaperLine;

    fn draft() -> PaperDraft {
        PaperDraft {
            prescription_number: None,
            patient_pinfl: "30211975910033".into(),
            prescriber_name: "Dr. Yusupova".into(),
            facility: "Polyclinic 12".into(),
            lines: vec![PaperLine {
                inn: "Amoxicillin".into(),
                product_id: "amox".into(),
                quantity: 2,
                batch: Some("B1".into()),
                marking_codes: vec![],
            }],
            id_document_checked: true,
            patient_declaration: true,
            reason: Some("central system down".into()),
            override_reason: None,
        }
    }

    #[test]
    fn paper_is_for_outages_or_a_managers_override_with_a_reason() {
        assert_eq!(
            check_allowed(false, StaffRole::Pharmacist, "A", None).unwrap(),
            None
        );
        let e = check_allowed(true, StaffRole::Pharmacist, "A", Some("x")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Forbidden);
        let e = check_allowed(true, StaffRole::Manager, "M", Some("  ")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::BadRequest);
        assert_eq!(
            check_allowed(true, StaffRole::Manager, "M", Some("printer of QR broken")).unwrap(),
            Some("M".into())
        );
    }

    #[test]
    fn a_complete_draft_passes_and_each_missing_piece_is_named() {
        let (n, products) = validate(&draft(), catalogue).unwrap();
        assert_eq!(n, None);
        assert_eq!(products[0].product_id, "amox");
        let mut d = draft();
        d.patient_pinfl = "123".into();
        assert_eq!(
            validate(&d, catalogue).unwrap_err().code(),
            ErrorCode::InvalidIdentifier
        );
        let mut d = draft();
        d.id_document_checked = false;
        assert_eq!(
            validate(&d, catalogue).unwrap_err().code(),
            ErrorCode::IdDocumentCheckRequired
        );
        let mut d = draft();
        d.patient_declaration = false;
        assert_eq!(
            validate(&d, catalogue).unwrap_err().details()["field"],
            "patient_declaration"
        );
        let mut d = draft();
        d.lines[0].product_id = "para".into();
        assert_eq!(
            validate(&d, catalogue).unwrap_err().code(),
            ErrorCode::ProductInnMismatch
        );
        let mut d = draft();
        d.prescriber_name = " ".into();
        assert_eq!(
            validate(&d, catalogue).unwrap_err().details()["field"],
            "prescriber_name"
        );
    }

    #[test]
    fn the_record_carries_the_form() {
        let r = record(
            &draft(),
            None,
            "31111111111111",
            crate::dispense::fixtures::NOW,
        );
        assert_eq!(r.items[0].inn, "Amoxicillin");
        assert_eq!(r.items[0].batch.as_deref(), Some("B1"));
        assert!(r.id_document_checked && r.patient_declaration);
        assert_eq!(r.prescriber.facility, "Polyclinic 12");
    }
}
