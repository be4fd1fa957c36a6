//! Holds that last the dispense, through a sandbox process: a hold is renewed before it runs out
//! on the central system's clock (moved forward past the first hold's end), and handed back at
//! lock and at closing while the draft stays and takes a hold again.

mod common;

use common::*;
use counter::lock::LockReason;
use counter::{DeliveryState, DispenseDraft, Sensitive};
use sandbox_process::SandboxProcess;
use serde_json::json;
use std::time::Duration;

fn renewals(tc: &TestCounter) -> usize {
    tc.store()
        .audit_rows(&Default::default())
        .unwrap()
        .iter()
        .filter(|r| r.action == "hold" && r.details.contains("\"renewed\":true"))
        .count()
}

#[tokio::test]
async fn a_dispense_outlives_its_first_hold_because_the_hold_is_renewed_on_the_central_clock() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let _tasks = tc.counter.start_background();
    let (rx, item, product) = chronic_with_product(&tc.counter, &demo).await;
    let hold = tc.counter.hold(&rx.number).await.unwrap();

    // 13 minutes pass on the central system: 2 left, inside the renewal margin.
    sbx.admin("/_sandbox/clock", json!({ "advance_secs": 13 * 60 }));
    assert!(
        eventually(Duration::from_secs(20), || renewals(&tc) >= 1).await,
        "the hold was renewed"
    );
    // 13 more: the first hold would have run out 11 minutes ago.
    sbx.admin("/_sandbox/clock", json!({ "advance_secs": 13 * 60 }));
    assert!(eventually(Duration::from_secs(20), || renewals(&tc) >= 2).await);

    let mut draft: DispenseDraft = one_line_draft(&rx.number, &item, &product, 1);
    draft.hold_id = Some(hold.hold_id.to_string());
    let done = tc.counter.dispense(draft).await.unwrap();
    assert_eq!(
        done.state,
        DeliveryState::Delivered,
        "renewing kept the hold id"
    );
}

#[tokio::test]
async fn locking_hands_the_hold_back_and_the_draft_takes_it_again_after_unlocking() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[1]).await;
    let (rx, item, product) = chronic_with_product(&tc.counter, &demo).await;
    tc.counter.hold(&rx.number).await.unwrap();
    assert!(fetch(&raw, rx).await.hold.is_some());

    tc.counter.lock(LockReason::Manual).await.unwrap();
    assert!(fetch(&raw, rx).await.hold.is_none(), "handed back at lock");

    tc.counter
        .unlock(Sensitive::new(demo.pharmacies[0].secret.clone()))
        .await
        .unwrap();
    let again = tc.counter.hold(&rx.number).await.unwrap();
    let held = fetch(&raw, rx).await.hold.expect("held again");
    assert_eq!(held.pharmacy_id, demo.pharmacies[0].pharmacy_id);
    assert!(!held.pharmacy_name.is_empty(), "the holder is named");
    let mut draft = one_line_draft(&rx.number, &item, &product, 1);
    draft.hold_id = Some(again.hold_id.to_string());
    tc.counter.dispense(draft).await.unwrap();
}

#[tokio::test]
async fn closing_hands_the_holds_back() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[1]).await;
    let (rx, _, _) = chronic_with_product(&tc.counter, &demo).await;
    tc.counter.hold(&rx.number).await.unwrap();
    tc.counter.hand_back_holds("closing").await;
    assert!(fetch(&raw, rx).await.hold.is_none());
    let rows = tc.store().audit_rows(&Default::default()).unwrap();
    let last = rows.last().unwrap();
    assert_eq!(last.action, "release");
    assert!(last.details.contains("closing"), "{}", last.details);
}
