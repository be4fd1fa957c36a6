//! Scanned packs against the real `dmed-sandbox` process: a demo pack code selects its product
//! and item, the dispense sends its marking code, a second dispense of the same pack is refused
//! by the central system as `MARKING_CODE_RETIRED`, and the local refusals (duplicate, another
//! INN) come before anything is sent.

mod common;

use common::*;
use counter::{DeliveryState, DispenseDraft, DraftLine};
use dmed_api::{ErrorCode, PackCode};
use dmed_sandbox::{DemoInfo, DemoMarkingCode, DemoPrescription};
use sandbox_process::SandboxProcess;

/// Demo prescriptions that can be dispensed, with a pack code whose product's INN is on them.
fn pairs(demo: &DemoInfo) -> Vec<(&DemoPrescription, &DemoMarkingCode, String)> {
    let mut out = Vec::new();
    for p in rxs(demo, "active")
        .into_iter()
        .chain(rxs(demo, "chronic_active"))
    {
        for m in &demo.marking_codes {
            let Some(inn) = demo
                .products
                .iter()
                .find(|d| d.product_id == m.product_id)
                .map(|d| d.inn.clone())
            else {
                continue;
            };
            if p.inns.contains(&inn) {
                out.push((p, m, inn));
            }
        }
    }
    out
}

#[tokio::test]
async fn a_scanned_pack_is_dispensed_with_its_code_and_a_second_sale_is_retired() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let candidates = pairs(&demo);
    let (p, m, inn) = candidates
        .first()
        .expect("a demo pack for a demo prescription");
    let tc = signed_in(&sbx, 0).await;
    tc.counter.lookup(&p.payload, None).await.unwrap();

    let found = tc
        .counter
        .check_pack(&p.number, None, &m.code, &[])
        .await
        .unwrap();
    assert_eq!(found.product_id, m.product_id);
    assert_eq!(found.marking_code, PackCode::parse(&m.code).unwrap().raw);
    let item_inn = {
        let cached = tc.counter.lookup(&p.payload, None).await.unwrap();
        cached.prescriptions[0]
            .items
            .iter()
            .find(|i| i.item_id == found.item_id)
            .map(|i| i.inn.clone())
            .unwrap()
    };
    assert_eq!(&item_inn, inn);

    // The same pack again in this dispense: refused locally.
    let dup = tc
        .counter
        .check_pack(
            &p.number,
            None,
            &m.code,
            std::slice::from_ref(&found.marking_code),
        )
        .await
        .unwrap_err();
    assert_eq!(dup.code(), ErrorCode::MarkingCodeInvalid);
    assert_eq!(dup.details()["reason"], "duplicate");

    let line = DraftLine {
        not_dispensed: None,
        item_id: found.item_id.clone(),
        product_id: found.product_id.clone(),
        quantity: 1,
        marking_codes: vec![found.marking_code.clone()],
        batch: found.batch.clone(),
        expiry: found.expiry.clone(),
    };
    let outcome = tc
        .counter
        .dispense(DispenseDraft {
            receiver: None,
            prescription_number: p.number.clone(),
            hold_id: None,
            lines: vec![line.clone()],
        })
        .await
        .unwrap();
    assert_eq!(outcome.state, DeliveryState::Delivered);
    let sent = outcome.dispense.expect("the central record");
    let item = sent
        .items
        .iter()
        .find(|i| i.item_id == found.item_id)
        .expect("the line");
    assert_eq!(item.marking_codes, vec![found.marking_code.clone()]);

    // Another prescription (or what is left of this one) with the same pack: the central
    // system knows it was sold.
    let mut retried = false;
    for (q, _, q_inn) in candidates.iter().filter(|(_, c, _)| c.code == m.code) {
        let looked = tc.counter.lookup(&q.payload, None).await.unwrap();
        let Some(open) = looked.prescriptions[0]
            .items
            .iter()
            .find(|i| &i.inn == q_inn && i.remaining() > 0)
        else {
            continue;
        };
        let err = tc
            .counter
            .dispense(DispenseDraft {
                receiver: None,
                prescription_number: q.number.clone(),
                hold_id: None,
                lines: vec![DraftLine {
                    not_dispensed: None,
                    item_id: open.item_id.clone(),
                    ..line.clone()
                }],
            })
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::MarkingCodeRetired, "{err}");
        retried = true;
        break;
    }
    assert!(retried, "no second prescription to sell the pack again");
}

#[tokio::test]
async fn a_pack_of_another_inn_is_refused_before_anything_is_sent() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let other = demo
        .marking_codes
        .iter()
        .find(|m| {
            demo.products
                .iter()
                .find(|d| d.product_id == m.product_id)
                .is_some_and(|d| !p.inns.contains(&d.inn))
        })
        .expect("a pack of an INN not on the prescription");
    let tc = signed_in(&sbx, 0).await;
    tc.counter.lookup(&p.payload, None).await.unwrap();
    let err = tc
        .counter
        .check_pack(&p.number, None, &other.code, &[])
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ProductInnMismatch);
    assert_eq!(err.details()["reason"], "inn_mismatch");
    let err = tc
        .counter
        .check_pack(&p.number, None, "not a pack", &[])
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::MarkingCodeInvalid);
    assert_eq!(err.details()["reason"], "malformed");
}
