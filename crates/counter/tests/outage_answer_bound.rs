//! A dispense answers within its bound with a definite outcome: recorded (and sent by the
//! outbox) when it was written locally in time, or "not recorded" when it was not, and then it
//! is never written later. Faults come from the sandbox's knobs and a locked database.

mod common;

use common::*;
use counter::DeliveryState;
use dmed_api::ErrorCode;
use sandbox_process::SandboxProcess;
use serde_json::json;
use std::time::{Duration, Instant};
use uuid::Uuid;

const BUDGET: Duration = Duration::from_millis(1200);

/// How many times the central system recorded dispense `id`.
async fn central_count(sbx: &SandboxProcess, number: &str, id: &str) -> usize {
    let demo = sbx.demo();
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let id = Uuid::parse_str(id).unwrap();
    raw.history(number)
        .await
        .unwrap()
        .dispenses
        .iter()
        .filter(|d| d.dispense_id == id)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recorded_before_the_bound_answers_queued_and_is_sent_once() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let (p, item, product) = chronic_with_product(&tc.counter, &demo).await;

    // The send hangs: the dispense is written, then waits on the central system.
    sbx.admin("/_sandbox/faults", json!({ "hang_rate": 1.0 }));
    let started = Instant::now();
    let outcome = tc
        .counter
        .dispense_within(one_line_draft(&p.number, &item, &product, 1), BUDGET)
        .await
        .expect("recorded locally: not an error");
    let took = started.elapsed();
    assert!(
        took < BUDGET + Duration::from_millis(500),
        "answered in {took:?}"
    );
    assert_eq!(outcome.state, DeliveryState::Queued);
    let row = tc.store().dispense(&outcome.dispense_id).unwrap();
    assert!(row.is_some(), "the dispense is in the local store");
    assert_eq!(tc.counter.outbox_len().unwrap(), 1, "and in the outbox");

    // The fault ends; the outbox delivers it, once.
    tokio::time::sleep(Duration::from_secs(3)).await;
    sbx.admin("/_sandbox/faults", json!({}));
    let left = tc
        .counter
        .drain_outbox(Duration::from_secs(20))
        .await
        .unwrap();
    assert_eq!(left, 0);
    let row = tc.store().dispense(&outcome.dispense_id).unwrap().unwrap();
    assert_eq!(row.state, "delivered");
    assert_eq!(
        central_count(&sbx, &p.number, &outcome.dispense_id).await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_recorded_before_the_bound_is_never_recorded_and_a_retry_goes_through() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let p = rx(&demo, "chronic_active");
    let found = tc.counter.lookup(&p.payload, None).await.unwrap();
    let item = found.prescriptions[0].items[0].clone();
    // The local catalogue was never synced: the dispense syncs it first, over a slow link.
    let product = product_for(&demo, &item.inn);
    assert!(tc.store().catalog_version().unwrap().is_none());

    sbx.admin("/_sandbox/faults", json!({ "latency_ms": 1500 }));
    let started = Instant::now();
    let err = tc
        .counter
        .dispense_within(one_line_draft(&p.number, &item, &product, 1), BUDGET)
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        took < BUDGET + Duration::from_millis(500),
        "answered in {took:?}"
    );
    assert_eq!(err.code(), ErrorCode::DispenseNotRecorded, "{err}");
    assert_eq!(err.details()["recorded"], false);
    assert!(err.to_string().contains("safe to dispense again"), "{err}");

    // The late work finishes the catalogue sync and gets as far as writing, which the closed
    // gate refuses: nothing is in the store, the outbox or the central system.
    let caught_up = Instant::now() + Duration::from_secs(15);
    while tc.store().catalog_version().unwrap().is_none() && Instant::now() < caught_up {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        tc.store().catalog_version().unwrap().is_some(),
        "the late work went on past the catalogue"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(tc.store().dispenses_of(&p.number).unwrap().is_empty());
    assert_eq!(tc.counter.outbox_len().unwrap(), 0);
    sbx.admin("/_sandbox/faults", json!({}));
    let demo_raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let before = demo_raw.history(&p.number).await.unwrap().dispenses.len();

    // Trying again is safe: one dispense, delivered.
    let outcome = tc
        .counter
        .dispense_within(
            one_line_draft(&p.number, &item, &product, 1),
            Duration::from_secs(3),
        )
        .await
        .unwrap();
    assert_eq!(outcome.state, DeliveryState::Delivered);
    assert_eq!(tc.store().dispenses_of(&p.number).unwrap().len(), 1);
    let after = demo_raw.history(&p.number).await.unwrap().dispenses.len();
    assert_eq!(after, before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_held_up_by_a_locked_database_is_called_off_and_rolled_back() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let (p, item, product) = chronic_with_product(&tc.counter, &demo).await;

    // Another process holds the database's write lock for 2.5 s.
    let mut conn = tc.raw_connection();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(2500));
        tx.rollback().unwrap();
    });
    locked_rx.recv().unwrap();
    let err = tc
        .counter
        .dispense_within(one_line_draft(&p.number, &item, &product, 1), BUDGET)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::DispenseNotRecorded, "{err}");
    holder.join().unwrap();

    // The lock is gone; the waiting write reached its commit and was rolled back.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(tc.store().dispenses_of(&p.number).unwrap().is_empty());
    assert_eq!(tc.counter.outbox_len().unwrap(), 0);
}
