//! The dispense rules the central system enforces, checked locally against the cached
//! prescription so the pharmacist is told before anything is sent.

use super::LineInput;
use crate::catalog;
use crate::error::CounterError;
use dmed_api::types::{Item, ItemStatus, Prescription, PrescriptionStatus, Product};
use dmed_api::ErrorCode;
use serde_json::{Map, Value};
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

/// Checks a dispense against the prescription the way the central system would, so the
/// pharmacist is told before anything is sent. Returns each line with its catalogue product (a
/// line closing an item without naming one gets the item's description, no product id).
/// `product_of` looks a product up in the local catalogue.
///
/// An item may have several lines (one per product handed over); together they obey "quantity ≤
/// remaining". One line per item may close what remains of it as not dispensed, when something
/// remains after the others.
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
    let mut taken: HashMap<&str, u32> = HashMap::new();
    let mut closing: Vec<&Item> = Vec::new();
    let mut products = Vec::with_capacity(lines.len());
    for line in lines {
        let item_id = Value::from(line.item_id.clone());
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
        if line.not_dispensed.is_some() {
            if line.quantity != 0 || !line.marking_codes.is_empty() {
                return Err(reject(
                    ErrorCode::BadRequest,
                    format!(
                        "A line that closes {} as not dispensed hands nothing over",
                        item.inn
                    ),
                    [("item_id", item_id)],
                ));
            }
            if closing.iter().any(|c| c.item_id == item.item_id) {
                return Err(reject(
                    ErrorCode::BadRequest,
                    format!("{} is closed as not dispensed twice", item.inn),
                    [("item_id", item_id)],
                ));
            }
            closing.push(item);
            products.push(match line.product_id.trim() {
                "" => unnamed_product(item),
                id => product_of_inn(item, id, &product_of)?,
            });
            continue;
        }
        let product = product_of_inn(item, &line.product_id, &product_of)?;
        let before = taken.get(item.item_id.as_str()).copied().unwrap_or(0);
        let remaining = remaining(item).saturating_sub(before);
        if line.quantity == 0 || line.quantity > remaining {
            let message = if line.quantity == 0 {
                format!("The quantity of {} must be at least 1", item.inn)
            } else if before > 0 {
                format!(
                    "Only {} {} of {} remain to dispense; with the other products of this item {} were asked",
                    remaining + before,
                    item.unit,
                    item.inn,
                    before + line.quantity
                )
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
                    ("remaining", Value::from(remaining + before)),
                    ("quantity", Value::from(before + line.quantity)),
                ],
            ));
        }
        taken.insert(item.item_id.as_str(), before + line.quantity);
        products.push(product);
    }
    for item in closing {
        let handed = taken.get(item.item_id.as_str()).copied().unwrap_or(0);
        if remaining(item).saturating_sub(handed) == 0 {
            return Err(reject(
                ErrorCode::QuantityExceeded,
                format!("Nothing of {} remains to close as not dispensed", item.inn),
                [
                    ("item_id", Value::from(item.item_id.clone())),
                    ("remaining", Value::from(0)),
                ],
            ));
        }
    }
    Ok(products)
}

/// The catalogue product `product_id`, which must contain the item's INN.
fn product_of_inn(
    item: &Item,
    product_id: &str,
    product_of: &impl Fn(&str) -> Result<Option<Product>, CounterError>,
) -> Result<Product, CounterError> {
    let item_id = Value::from(item.item_id.clone());
    let Some(product) = product_of(product_id)? else {
        return Err(reject(
            ErrorCode::NotFound,
            format!("Product {product_id} is not in the local catalogue"),
            [
                ("item_id", item_id),
                ("product_id", Value::from(product_id.to_owned())),
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
    Ok(product)
}

/// What a line that closes an item without naming a product is stored as: the item's INN, form,
/// strength and unit, with no product id or trade name.
fn unnamed_product(item: &Item) -> Product {
    Product {
        product_id: String::new(),
        trade_name: String::new(),
        inn: item.inn.clone(),
        atc: String::new(),
        form: item.form.clone(),
        strength: item.strength.clone(),
        pack_size: 0,
        unit: item.unit.clone(),
        manufacturer: String::new(),
        gtins: Vec::new(),
        rx_only: false,
        e_rx_required: false,
    }
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
                "an item as two lines within what remains",
                prescription(),
                vec![
                    LineInput::new("i1", "amox", 15),
                    LineInput::new("i1", "amox2", 5),
                ],
                None,
            ),
            (
                "two lines of an item above what remains together",
                prescription(),
                vec![
                    LineInput::new("i1", "amox", 15),
                    LineInput::new("i1", "amox2", 6),
                ],
                Some(ErrorCode::QuantityExceeded),
            ),
            (
                "close an item as not dispensed",
                prescription(),
                vec![LineInput::closing("i1", declined())],
                None,
            ),
            (
                "hand some over and close the rest",
                prescription(),
                vec![
                    LineInput::new("i1", "amox", 5),
                    LineInput::closing("i1", declined()),
                ],
                None,
            ),
            (
                "close an item naming a product of its INN",
                prescription(),
                vec![LineInput {
                    product_id: "amox".into(),
                    ..LineInput::closing("i1", declined())
                }],
                None,
            ),
            (
                "close an item naming a product of another INN",
                prescription(),
                vec![LineInput {
                    product_id: "ibu".into(),
                    ..LineInput::closing("i1", declined())
                }],
                Some(ErrorCode::ProductInnMismatch),
            ),
            (
                "a closing line hands nothing over",
                prescription(),
                vec![LineInput {
                    quantity: 1,
                    ..LineInput::closing("i1", declined())
                }],
                Some(ErrorCode::BadRequest),
            ),
            (
                "close an item twice",
                prescription(),
                vec![
                    LineInput::closing("i1", declined()),
                    LineInput::closing("i1", declined()),
                ],
                Some(ErrorCode::BadRequest),
            ),
            (
                "nothing left to close after the other lines",
                prescription(),
                vec![
                    LineInput::new("i2", "para", 4),
                    LineInput::closing("i2", declined()),
                ],
                Some(ErrorCode::QuantityExceeded),
            ),
            (
                "a closed item cannot be closed again",
                with(|p| p.items[0].status = ItemStatus::NotDispensed),
                vec![LineInput::closing("i1", declined())],
                Some(ErrorCode::QuantityExceeded),
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

    fn declined() -> dmed_api::handover::NotDispensed {
        dmed_api::handover::NotDispensed::new(
            dmed_api::handover::NotDispensedReason::PatientDeclined,
            None,
        )
        .unwrap()
    }

    #[test]
    fn two_products_of_one_item_are_counted_together_against_what_remains() {
        let err = check(
            &prescription(),
            &[
                LineInput::new("i2", "para", 3),
                LineInput::new("i2", "para", 2),
            ],
        )
        .unwrap_err();
        assert_eq!(err.details()["remaining"], 4);
        assert_eq!(err.details()["quantity"], 5);
        assert!(err.to_string().contains("other products"), "{err}");
    }

    #[test]
    fn a_closing_line_without_a_product_is_described_by_its_item() {
        let products = check(&prescription(), &[LineInput::closing("i1", declined())]).unwrap();
        assert_eq!(products[0].product_id, "");
        assert_eq!(products[0].inn, "Amoxicillin");
        assert_eq!(products[0].unit, "tablet");
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
