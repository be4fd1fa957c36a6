//! Dispense lines: INN match, quantity against what remains, pack codes, and the item and
//! prescription statuses that follow.

use crate::api_error::{ApiError, ApiResult};
use dmed_api::ids::PackCode;
use dmed_api::types::{ItemStatus, PrescriptionStatus};
use dmed_api::ErrorCode;

/// True when a product's INN is the item's INN (case and surrounding space ignored).
pub fn inn_matches(item_inn: &str, product_inn: &str) -> bool {
    item_inn.trim().to_lowercase() == product_inn.trim().to_lowercase()
}

/// `422 PRODUCT_INN_MISMATCH` unless the product's INN is the item's.
pub fn check_inn(item_inn: &str, product_inn: &str) -> ApiResult<()> {
    if inn_matches(item_inn, product_inn) {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::ProductInnMismatch,
        format!("the product contains {product_inn}, the prescription asks for {item_inn}"),
    )
    .with("item_inn", item_inn)
    .with("product_inn", product_inn))
}

/// What may still be dispensed of an item: nothing once cancelled, expired or not dispensed.
pub fn remaining(status: ItemStatus, prescribed: u32, dispensed: u32) -> u32 {
    match status {
        ItemStatus::ToDispense | ItemStatus::Partial => prescribed.saturating_sub(dispensed),
        ItemStatus::Dispensed
        | ItemStatus::NotDispensed
        | ItemStatus::Cancelled
        | ItemStatus::Expired => 0,
    }
}

/// `422 QUANTITY_EXCEEDED` for a zero quantity or one above what remains.
pub fn check_quantity(item_id: &str, quantity: u32, remaining: u32) -> ApiResult<()> {
    if quantity == 0 || quantity > remaining {
        let why = if quantity == 0 {
            "a dispensed quantity must be at least 1".to_owned()
        } else {
            format!("{quantity} asked, only {remaining} remain")
        };
        return Err(ApiError::new(ErrorCode::QuantityExceeded, why)
            .with("item_id", item_id)
            .with("remaining", remaining)
            .with("quantity", quantity));
    }
    Ok(())
}

/// Checks a line that closes its item without handing it over: its reason (one of the
/// contract's codes, words for `other`), nothing handed over and no packs. Returns the reason as
/// it is stored.
pub fn check_not_dispensed(line: &dmed_api::types::DispenseItem, wire: &str) -> ApiResult<String> {
    let reason = dmed_api::handover::NotDispensed::parse(wire).map_err(|e| {
        ApiError::bad_request(format!("not_dispensed_reason: {e}"))
            .with("item_id", line.item_id.clone())
            .with("field", "not_dispensed_reason")
    })?;
    if line.quantity != 0 || !line.marking_codes.is_empty() {
        return Err(ApiError::bad_request(
            "a line closed as not dispensed hands nothing over: quantity 0 and no packs",
        )
        .with("item_id", line.item_id.clone())
        .with("quantity", line.quantity));
    }
    Ok(reason.to_wire())
}

/// Parses a pack code and checks that its GTIN is one of the product's.
pub fn check_pack_code(code: &str, product_id: &str, gtins: &[String]) -> ApiResult<PackCode> {
    let pack = PackCode::parse(code).map_err(|e| {
        let mut err = ApiError::new(
            ErrorCode::MarkingCodeInvalid,
            format!("the marking code is malformed: {e}"),
        )
        .with("code", code);
        for (k, v) in e.details() {
            err = err.with(&k, v);
        }
        err
    })?;
    if !gtins.contains(&pack.gtin) {
        return Err(ApiError::new(
            ErrorCode::MarkingCodeInvalid,
            format!(
                "the pack's GTIN {} is not one of product {product_id}'s",
                pack.gtin
            ),
        )
        .with("code", code)
        .with("gtin", pack.gtin.clone())
        .with("product_id", product_id));
    }
    Ok(pack)
}

/// `409 MARKING_CODE_RETIRED` for a pack already sold.
pub fn retired(code: &str, pack_id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::MarkingCodeRetired,
        "this pack was already sold (its marking code is retired)",
    )
    .with("code", code)
    .with("pack_id", pack_id)
}

/// Item status after `dispensed` of `prescribed` have been handed over.
pub fn item_status(prescribed: u32, dispensed: u32) -> ItemStatus {
    if dispensed == 0 {
        ItemStatus::ToDispense
    } else if dispensed < prescribed {
        ItemStatus::Partial
    } else {
        ItemStatus::Dispensed
    }
}

/// Prescription status from its items' statuses: `completed` when nothing is left to dispense
/// (every item that is not cancelled or closed as not dispensed is fully dispensed, and at least
/// one item was dispensed or closed by a pharmacy), `partially_dispensed` when something was
/// handed over, else `active`.
pub fn prescription_status(items: &[(ItemStatus, u32)]) -> PrescriptionStatus {
    let open: Vec<&(ItemStatus, u32)> = items
        .iter()
        .filter(|(s, _)| !matches!(s, ItemStatus::Cancelled | ItemStatus::NotDispensed))
        .collect();
    let any_dispensed = items.iter().any(|(_, dispensed)| *dispensed > 0);
    let any_closed = items.iter().any(|(s, _)| *s == ItemStatus::NotDispensed);
    let all_done = open.iter().all(|(s, _)| *s == ItemStatus::Dispensed);
    if all_done && (!open.is_empty() || any_closed) {
        PrescriptionStatus::Completed
    } else if any_dispensed {
        PrescriptionStatus::PartiallyDispensed
    } else {
        PrescriptionStatus::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inn_comparison_ignores_case_and_space() {
        assert!(inn_matches("Amoxicillin", " AMOXICILLIN "));
        assert!(!inn_matches("Amoxicillin", "Ampicillin"));
        let err = check_inn("Amoxicillin", "Ampicillin").unwrap_err();
        assert_eq!(err.code, ErrorCode::ProductInnMismatch);
        assert_eq!(err.details["item_inn"], "Amoxicillin");
        assert_eq!(err.details["product_inn"], "Ampicillin");
    }

    #[test]
    fn quantity_must_be_positive_and_within_what_remains() {
        assert!(check_quantity("i1", 5, 5).is_ok());
        for q in [0, 6] {
            let err = check_quantity("i1", q, 5).unwrap_err();
            assert_eq!(err.code, ErrorCode::QuantityExceeded);
            assert_eq!(err.details["remaining"], 5);
            assert_eq!(err.details["item_id"], "i1");
        }
    }

    #[test]
    fn closed_items_have_nothing_left() {
        assert_eq!(remaining(ItemStatus::Partial, 30, 10), 20);
        assert_eq!(remaining(ItemStatus::Cancelled, 30, 0), 0);
        assert_eq!(remaining(ItemStatus::Expired, 30, 0), 0);
    }

    #[test]
    fn pack_codes_must_parse_and_belong_to_the_product() {
        let gtin = format!("0478211{:06}", 1234);
        let digits: Vec<u32> = gtin.chars().filter_map(|c| c.to_digit(10)).collect();
        let gtin = format!("{gtin}{}", dmed_api::ids::gtin_check_digit(&digits));
        let code = PackCode::compose(&gtin, "5TYK3A8Q0LHX7", Some("EE10"), Some("dGVzdA=="))
            .unwrap()
            .to_element_string();
        let pack = check_pack_code(&code, "DRN-1", std::slice::from_ref(&gtin)).unwrap();
        assert_eq!(pack.serial, "5TYK3A8Q0LHX7");

        let other = check_pack_code(&code, "DRN-2", &["04006083000016".into()]).unwrap_err();
        assert_eq!(other.code, ErrorCode::MarkingCodeInvalid);
        assert_eq!(other.details["gtin"], gtin);

        let bad = check_pack_code("not a code", "DRN-1", &[gtin]).unwrap_err();
        assert_eq!(bad.code, ErrorCode::MarkingCodeInvalid);
    }

    #[test]
    fn item_and_prescription_statuses_follow_quantities() {
        assert_eq!(item_status(10, 0), ItemStatus::ToDispense);
        assert_eq!(item_status(10, 4), ItemStatus::Partial);
        assert_eq!(item_status(10, 10), ItemStatus::Dispensed);
        use ItemStatus::*;
        assert_eq!(
            prescription_status(&[(ToDispense, 0), (ToDispense, 0)]),
            PrescriptionStatus::Active
        );
        assert_eq!(
            prescription_status(&[(Dispensed, 10), (ToDispense, 0)]),
            PrescriptionStatus::PartiallyDispensed
        );
        assert_eq!(
            prescription_status(&[(Dispensed, 10), (Cancelled, 0)]),
            PrescriptionStatus::Completed
        );
        assert_eq!(
            prescription_status(&[(Dispensed, 10), (Dispensed, 3)]),
            PrescriptionStatus::Completed
        );
    }

    #[test]
    fn items_closed_as_not_dispensed_leave_nothing_to_dispense() {
        use ItemStatus::*;
        assert_eq!(
            prescription_status(&[(NotDispensed, 0)]),
            PrescriptionStatus::Completed,
            "the only item closed"
        );
        assert_eq!(
            prescription_status(&[(NotDispensed, 4), (Dispensed, 10)]),
            PrescriptionStatus::Completed
        );
        assert_eq!(
            prescription_status(&[(NotDispensed, 0), (ToDispense, 0)]),
            PrescriptionStatus::Active,
            "another item is still open"
        );
        assert_eq!(
            prescription_status(&[(Cancelled, 0)]),
            PrescriptionStatus::Active,
            "cancelled by the prescriber is not closed by a pharmacy"
        );
        assert_eq!(remaining(NotDispensed, 10, 4), 0);
    }
}
