//! The dispense rules the central system enforces, checked locally against the cached
//! prescription so the pharmacist is told before anything is sent.

use super::LineInput;
use crate::catalog;
use crate::error::CounterError;
use dmed_api::types::{Item, ItemStatus, Prescription, PrescriptionStatus, Product};
use dmed_api::ErrorCode;
use serde_json::{Map, Value};
use std::collections::HashSet;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

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

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use dmed_api::types::HoldInfo;
    use time::macros::{date, datetime};

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
                        pharmacy_name: String::new(),
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
                        pharmacy_name: String::new(),
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
                        pharmacy_name: String::new(),
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
            pharmacy_name: String::new(),
            expires_at: datetime!(2026-11-21 10:10 UTC),
        });
        let err = check(&p, &[LineInput::new("i1", "amox", 1)]).unwrap_err();
        assert_eq!(err.details()["holder"]["pharmacy_id"], "PH-2");
    }
}
