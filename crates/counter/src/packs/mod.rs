//! Pack marking codes (Asl belgisi) in the dispense step: which product and prescription item a
//! scanned pack is, and the refusals the pharmacist sees (malformed, unknown GTIN, another INN,
//! expired, already scanned in this dispense). The rules here are pure; [`facade`] feeds them
//! the cached prescription and the local catalogue.

pub mod facade;

use crate::catalog::inn_key;
use crate::error::CounterError;
use dmed_api::handover::NotDispensed;
use dmed_api::types::{Item, Product};
use dmed_api::{ErrorCode, PackCode};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::Date;

/// What a scanned pack is, once checked against the prescription and the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PackMatch {
    /// The catalogue product whose GTINs include the pack's.
    pub product_id: String,
    /// Its trade name, for the line.
    pub trade_name: String,
    /// The prescription item the pack is for.
    pub item_id: String,
    pub gtin: String,
    pub serial: String,
    /// AI (10), when the code carries it.
    pub batch: Option<String>,
    /// AI (17) as `YYYY-MM-DD`, when the code carries it.
    pub expiry: Option<String>,
    /// The canonical element string (GS-separated), as it is sent with the dispense.
    pub marking_code: String,
}

/// `details.reason` of a refused pack.
pub mod reason {
    /// The code is not a GS1 pack code.
    pub const MALFORMED: &str = "malformed";
    /// No product of the local catalogue has the pack's GTIN.
    pub const UNKNOWN_GTIN: &str = "unknown_gtin";
    /// The pack's product has another INN than the prescription item.
    pub const INN_MISMATCH: &str = "inn_mismatch";
    /// The pack's expiry date is before today.
    pub const EXPIRED: &str = "expired";
    /// The same pack was already scanned in this dispense.
    pub const DUPLICATE: &str = "duplicate";
}

/// Checks one scanned `code` for the prescription with `items`.
///
/// - `item_id`: the item the pharmacist is filling, if one is chosen; otherwise the first item
///   with the pack's INN that still has something to dispense is taken;
/// - `products`: the catalogue products with the pack's GTIN (looked up by the caller);
/// - `already`: the codes already scanned in this dispense (any spelling);
/// - `today`: the counter's local date.
pub fn check(
    code: &str,
    item_id: Option<&str>,
    items: &[Item],
    products: impl FnOnce(&str) -> Result<Vec<Product>, CounterError>,
    already: &[String],
    today: Date,
) -> Result<PackMatch, CounterError> {
    let pack = PackCode::parse(code).map_err(|e| {
        let mut details = e.details();
        details.insert("reason".into(), reason::MALFORMED.into());
        CounterError::rejected_with(
            ErrorCode::MarkingCodeInvalid,
            format!("This is not a pack marking code ({e}); scan the Data Matrix code on the pack"),
            details,
        )
    })?;
    let pack_id = pack.pack_id();
    if already
        .iter()
        .filter_map(|c| PackCode::parse(c).ok())
        .any(|c| c.pack_id() == pack_id)
    {
        return Err(refuse(
            ErrorCode::MarkingCodeInvalid,
            reason::DUPLICATE,
            format!(
                "This pack ({} {}) was already scanned in this dispense",
                pack.gtin,
                pack.tail()
            ),
            &pack,
        ));
    }
    if let Some(expiry) = pack.expiry {
        if expiry < today {
            let mut err = refuse(
                ErrorCode::MarkingCodeInvalid,
                reason::EXPIRED,
                format!("This pack expired on {expiry}; do not hand it over"),
                &pack,
            );
            add_detail(&mut err, "expiry", expiry.to_string().into());
            return Err(err);
        }
    }
    let candidates = products(&pack.gtin)?;
    let Some(first) = candidates.first() else {
        return Err(refuse(
            ErrorCode::MarkingCodeInvalid,
            reason::UNKNOWN_GTIN,
            format!(
                "No product with GTIN {} is in the local catalogue; choose the product by hand",
                pack.gtin
            ),
            &pack,
        ));
    };
    let (item, product) = match item_id {
        Some(id) => {
            let item = items.iter().find(|i| i.item_id == id).ok_or_else(|| {
                let mut d = Map::new();
                d.insert("item_id".into(), id.into());
                CounterError::rejected_with(
                    ErrorCode::NotFound,
                    format!("The prescription has no item {id}"),
                    d,
                )
            })?;
            let product = candidates
                .iter()
                .find(|p| inn_key(&p.inn) == inn_key(&item.inn))
                .ok_or_else(|| mismatch(&pack, first, &item.inn))?;
            (item, product)
        }
        None => {
            let mut found = None;
            for p in &candidates {
                let same_inn = items
                    .iter()
                    .filter(|i| inn_key(&i.inn) == inn_key(&p.inn))
                    .max_by_key(|i| i.remaining() > 0);
                if let Some(i) = same_inn {
                    found = Some((i, p));
                    break;
                }
            }
            let wanted = items
                .iter()
                .map(|i| i.inn.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            found.ok_or_else(|| mismatch(&pack, first, &wanted))?
        }
    };
    Ok(PackMatch {
        product_id: product.product_id.clone(),
        trade_name: product.trade_name.clone(),
        item_id: item.item_id.clone(),
        gtin: pack.gtin.clone(),
        serial: pack.serial.clone(),
        batch: pack.batch.clone(),
        expiry: pack.expiry.map(|d| d.to_string()),
        marking_code: pack.raw.clone(),
    })
}

fn mismatch(pack: &PackCode, product: &Product, wanted: &str) -> CounterError {
    let mut err = refuse(
        ErrorCode::ProductInnMismatch,
        reason::INN_MISMATCH,
        format!(
            "This pack is {} ({}), but the prescription asks for {wanted}",
            product.trade_name, product.inn
        ),
        pack,
    );
    add_detail(&mut err, "product_inn", product.inn.clone().into());
    add_detail(&mut err, "item_inn", wanted.into());
    err
}

fn refuse(code: ErrorCode, why: &str, message: String, pack: &PackCode) -> CounterError {
    let mut d = Map::new();
    d.insert("reason".into(), why.into());
    d.insert("gtin".into(), pack.gtin.clone().into());
    d.insert("serial_tail".into(), pack.tail().into());
    CounterError::rejected_with(code, message, d)
}

fn add_detail(err: &mut CounterError, key: &str, value: Value) {
    if let CounterError::Rejected { details, .. } = err {
        details.insert(key.into(), value);
    }
}

/// A draft line as the dispense service takes it: marking codes, batch and expiry passed
/// through; an expiry that is not `YYYY-MM-DD` is refused with `BAD_REQUEST`.
pub fn line_input(line: &crate::DraftLine) -> Result<crate::dispense::LineInput, CounterError> {
    let mut input = crate::dispense::LineInput::new(&line.item_id, &line.product_id, line.quantity);
    input.marking_codes = line.marking_codes.clone();
    input.batch = line
        .batch
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_owned);
    input.expiry = match line.expiry.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            Date::parse(
                text,
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .map_err(|_| {
                let mut d = Map::new();
                d.insert("expiry".into(), text.into());
                d.insert("item_id".into(), line.item_id.clone().into());
                CounterError::rejected_with(
                    ErrorCode::BadRequest,
                    format!("'{text}' is not an expiry date (YYYY-MM-DD)"),
                    d,
                )
            })?,
        ),
    };
    input.not_dispensed = line
        .not_dispensed
        .as_ref()
        .map(|nd| {
            NotDispensed::new(nd.reason, nd.note.as_deref()).map_err(|e| {
                let mut d = Map::new();
                d.insert("field".into(), "not_dispensed_note".into());
                d.insert("item_id".into(), line.item_id.clone().into());
                CounterError::rejected_with(ErrorCode::BadRequest, crate::error::sentence(&e.0), d)
            })
        })
        .transpose()?;
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::types::ItemStatus;
    use time::macros::date;

    const GTIN_A: &str = "04601234567893";

    fn gtin(body: &str) -> String {
        let d: Vec<u32> = body.chars().filter_map(|c| c.to_digit(10)).collect();
        format!("{body}{}", dmed_api::ids::gtin_check_digit(&d))
    }

    fn item(id: &str, inn: &str, prescribed: u32, dispensed: u32) -> Item {
        Item {
            item_id: id.into(),
            inn: inn.into(),
            form: "tablet".into(),
            strength: "500 mg".into(),
            dosage_text: String::new(),
            quantity_prescribed: prescribed,
            quantity_dispensed: dispensed,
            unit: "pack".into(),
            status: ItemStatus::ToDispense,
        }
    }

    fn product(id: &str, inn: &str, gtins: &[&str]) -> Product {
        Product {
            product_id: id.into(),
            trade_name: format!("{id} trade"),
            inn: inn.into(),
            atc: "X".into(),
            form: "tablet".into(),
            strength: "500 mg".into(),
            pack_size: 20,
            unit: "tablet".into(),
            manufacturer: "M".into(),
            gtins: gtins.iter().map(|s| s.to_string()).collect(),
            rx_only: true,
            e_rx_required: true,
        }
    }

    fn code(gtin: &str, serial: &str, expiry: Option<&str>, batch: Option<&str>) -> String {
        let mut s = format!("01{gtin}21{serial}\u{1d}");
        if let Some(e) = expiry {
            s.push_str(&format!("17{e}"));
        }
        if let Some(b) = batch {
            s.push_str(&format!("10{b}\u{1d}"));
        }
        s.push_str("91EE06\u{1d}92abcdefgh");
        s
    }

    fn catalogue(gtin: &str) -> Result<Vec<Product>, CounterError> {
        Ok(vec![
            product("P-AMOX", "Amoxicillin", &[GTIN_A]),
            product("P-IBU", "Ibuprofen", &["04780000000017"]),
        ]
        .into_iter()
        .filter(|p| p.gtins.iter().any(|g| g == gtin))
        .collect())
    }

    fn reason_of(e: &CounterError) -> String {
        e.details()["reason"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    const TODAY: Date = date!(2025 - 06 - 15);

    #[test]
    fn a_pack_selects_the_product_by_gtin_and_fills_batch_and_expiry() {
        let items = [
            item("I1", "Paracetamol", 1, 0),
            item("I2", "amoxicillin ", 2, 0),
        ];
        let c = code(GTIN_A, "SER123456789A", Some("261231"), Some("B-77"));
        let m = check(&c, None, &items, catalogue, &[], TODAY).unwrap();
        assert_eq!(m.product_id, "P-AMOX");
        assert_eq!(m.item_id, "I2");
        assert_eq!(m.gtin, GTIN_A);
        assert_eq!(m.serial, "SER123456789A");
        assert_eq!(m.batch.as_deref(), Some("B-77"));
        assert_eq!(m.expiry.as_deref(), Some("2026-12-31"));
        assert_eq!(m.marking_code, PackCode::parse(&c).unwrap().raw);
    }

    #[test]
    fn a_chosen_item_with_another_inn_is_refused_as_inn_mismatch() {
        let items = [
            item("I1", "Paracetamol", 1, 0),
            item("I2", "Amoxicillin", 2, 0),
        ];
        let c = code(GTIN_A, "S1", None, None);
        let e = check(&c, Some("I1"), &items, catalogue, &[], TODAY).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ProductInnMismatch);
        assert_eq!(reason_of(&e), reason::INN_MISMATCH);
        assert_eq!(e.details()["product_inn"], "Amoxicillin");
        // With no item chosen and no item of that INN, the same refusal.
        let e = check(&c, None, &items[..1], catalogue, &[], TODAY).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ProductInnMismatch);
    }

    #[test]
    fn an_expired_pack_is_refused_but_one_expiring_today_is_not() {
        let items = [item("I2", "Amoxicillin", 2, 0)];
        let old = code(GTIN_A, "S1", Some("250614"), None);
        let e = check(&old, None, &items, catalogue, &[], TODAY).unwrap_err();
        assert_eq!(e.code(), ErrorCode::MarkingCodeInvalid);
        assert_eq!(reason_of(&e), reason::EXPIRED);
        assert_eq!(e.details()["expiry"], "2025-06-14");
        let today = code(GTIN_A, "S1", Some("250615"), None);
        assert!(check(&today, None, &items, catalogue, &[], TODAY).is_ok());
        // Day 00 means the end of the month.
        let month = code(GTIN_A, "S1", Some("250600"), None);
        let m = check(&month, None, &items, catalogue, &[], TODAY).unwrap();
        assert_eq!(m.expiry.as_deref(), Some("2025-06-30"));
    }

    #[test]
    fn the_same_pack_scanned_twice_is_a_duplicate_whatever_its_spelling() {
        let items = [item("I2", "Amoxicillin", 2, 0)];
        let c = code(GTIN_A, "S1", None, None);
        let first = check(&c, None, &items, catalogue, &[], TODAY).unwrap();
        let parenthesised = format!("(01){GTIN_A}(21)S1(91)EE06(92)abcdefgh");
        let e = check(
            &parenthesised,
            None,
            &items,
            catalogue,
            std::slice::from_ref(&first.marking_code),
            TODAY,
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::MarkingCodeInvalid);
        assert_eq!(reason_of(&e), reason::DUPLICATE);
        // Another serial of the same product is fine.
        let other = code(GTIN_A, "S2", None, None);
        assert!(check(
            &other,
            None,
            &items,
            catalogue,
            &[first.marking_code],
            TODAY
        )
        .is_ok());
    }

    #[test]
    fn an_unknown_gtin_and_a_malformed_code_are_refused_with_their_reasons() {
        let items = [item("I2", "Amoxicillin", 2, 0)];
        let unknown = code(&gtin("0460000000001"), "S1", None, None);
        let e = check(&unknown, None, &items, catalogue, &[], TODAY).unwrap_err();
        assert_eq!(e.code(), ErrorCode::MarkingCodeInvalid);
        assert_eq!(reason_of(&e), reason::UNKNOWN_GTIN);
        for bad in ["", "hello world", "010460123456789021S1"] {
            let e = check(bad, None, &items, catalogue, &[], TODAY).unwrap_err();
            assert_eq!(e.code(), ErrorCode::MarkingCodeInvalid, "{bad:?}");
            assert_eq!(reason_of(&e), reason::MALFORMED, "{bad:?}");
        }
    }

    #[test]
    fn a_draft_line_passes_marking_codes_batch_and_expiry_through() {
        let line = crate::DraftLine {
            not_dispensed: None,
            item_id: "I1".into(),
            product_id: "P1".into(),
            quantity: 2,
            marking_codes: vec!["a".into(), "b".into()],
            batch: Some(" B-1 ".into()),
            expiry: Some("2026-01-31".into()),
        };
        let input = line_input(&line).unwrap();
        assert_eq!(input.marking_codes, ["a", "b"]);
        assert_eq!(input.batch.as_deref(), Some("B-1"));
        assert_eq!(input.expiry, Some(date!(2026 - 01 - 31)));
        let bad = crate::DraftLine {
            not_dispensed: None,
            expiry: Some("31.01.2026".into()),
            ..line
        };
        assert_eq!(line_input(&bad).unwrap_err().code(), ErrorCode::BadRequest);
        let plain = line_input(&crate::DraftLine::default()).unwrap();
        assert!(plain.marking_codes.is_empty() && plain.batch.is_none() && plain.expiry.is_none());
    }

    #[test]
    fn without_a_chosen_item_the_one_still_to_dispense_is_preferred() {
        let items = [
            item("DONE", "Amoxicillin", 1, 1),
            item("OPEN", "Amoxicillin", 2, 0),
        ];
        let c = code(GTIN_A, "S1", None, None);
        assert_eq!(
            check(&c, None, &items, catalogue, &[], TODAY)
                .unwrap()
                .item_id,
            "OPEN"
        );
        let e = check(&c, Some("NOPE"), &items, catalogue, &[], TODAY).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotFound);
    }
}
