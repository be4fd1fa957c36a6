//! Network faults of every kind, injected by the sandbox in the middle of a dispense: the
//! counter answers within 3 s, keeps the dispense, and the outbox worker delivers it exactly
//! once when the fault is gone.

mod common;

use common::*;
use counter::{DeliveryState, DispenseDraft, DraftLine};
use sandbox_process::SandboxProcess;
use serde_json::json;
use std::time::{Duration, Instant};
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_fault_mid_request_ends_with_the_dispense_recorded_exactly_once() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let _tasks = tc.counter.start_background();
    let (p, item, product) = chronic_with_product(&tc.counter, &demo).await;
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;

    let knobs = [
        ("latency", json!({ "latency_ms": 400 })),
        ("5xx", json!({ "error_rate": 1.0, "retry_after_secs": 1 })),
        ("dropped answer", json!({ "drop_rate": 1.0 })),
        ("hang", json!({ "hang_rate": 1.0 })),
        ("outage", json!({ "outage": true })),
    ];
    for (name, knob) in knobs {
        assert!(
            eventually(Duration::from_secs(6), || tc
                .counter
                .connection_status()
                .online)
            .await,
            "{name}: online before the fault"
        );
        sbx.admin("/_sandbox/faults", knob);
        let started = Instant::now();
        let outcome = tc
            .counter
            .dispense(DispenseDraft {
                receiver: None,
                prescription_number: p.number.clone(),
                hold_id: None,
                lines: vec![DraftLine {
                    not_dispensed: None,
                    item_id: item.item_id.clone(),
                    product_id: product.clone(),
                    quantity: 1,
                    ..DraftLine::default()
                }],
            })
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let took = started.elapsed();
        assert!(
            took < Duration::from_secs(3),
            "{name}: answered in {took:?}"
        );
        if name == "latency" {
            assert_eq!(outcome.state, DeliveryState::Delivered, "{name}");
        } else {
            assert_eq!(outcome.state, DeliveryState::Queued, "{name}");
            assert!(
                !tc.counter.connection_status().online,
                "{name}: the failure switched the counter offline"
            );
        }
        sbx.admin("/_sandbox/faults", json!({}));
        assert!(
            eventually(Duration::from_secs(15), || {
                tc.counter.outbox_status().map(|s| s.pending).unwrap_or(1) == 0
            })
            .await,
            "{name}: the outbox drained by itself: {:?}",
            tc.counter.outbox_status()
        );
        let id = Uuid::parse_str(&outcome.dispense_id).unwrap();
        let history = raw.history(&p.number).await.unwrap();
        let times = history
            .dispenses
            .iter()
            .filter(|d| d.dispense_id == id)
            .count();
        assert_eq!(times, 1, "{name}: recorded exactly once");
        let row = tc.store().dispense(&outcome.dispense_id).unwrap().unwrap();
        assert_eq!(row.state, "delivered", "{name}");
    }
    // Five dispenses of one unit, each recorded once: the item moved by exactly five.
    let after = fetch(&raw, p).await;
    let moved = after
        .items
        .iter()
        .find(|i| i.item_id == item.item_id)
        .unwrap()
        .quantity_dispensed
        - item.quantity_dispensed;
    assert_eq!(moved, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_503_with_retry_after_is_honoured_before_the_next_attempt() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let _tasks = tc.counter.start_background();
    let (p, item, product) = chronic_with_product(&tc.counter, &demo).await;
    sbx.admin("/_sandbox/faults", json!({ "outage": true }));
    assert!(
        eventually(Duration::from_secs(4), || !tc
            .counter
            .connection_status()
            .online)
        .await
    );
    let outcome = tc
        .counter
        .dispense(DispenseDraft {
            receiver: None,
            prescription_number: p.number.clone(),
            hold_id: None,
            lines: vec![DraftLine {
                not_dispensed: None,
                item_id: item.item_id.clone(),
                product_id: product,
                quantity: 1,
                ..DraftLine::default()
            }],
        })
        .await
        .unwrap();
    assert_eq!(outcome.state, DeliveryState::Queued);
    sbx.admin(
        "/_sandbox/faults",
        json!({ "error_rate": 1.0, "retry_after_secs": 30 }),
    );
    tc.counter.send_now();
    let store = tc.store();
    assert!(
        eventually(Duration::from_secs(5), || {
            store.outbox().unwrap()[0]
                .last_error
                .as_deref()
                .unwrap_or("")
                .contains("SERVICE_UNAVAILABLE")
        })
        .await
    );
    let row = store.outbox().unwrap().remove(0);
    let due = time::OffsetDateTime::parse(
        &row.next_attempt_at,
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let wait = due - time::OffsetDateTime::now_utc();
    assert!(wait > time::Duration::seconds(25), "next attempt in {wait}");
    // The central system is back, but asked for 30 s: nothing is resent before that.
    sbx.admin("/_sandbox/faults", json!({}));
    assert!(
        eventually(Duration::from_secs(4), || tc
            .counter
            .connection_status()
            .online)
        .await
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        tc.counter.outbox_status().unwrap().pending,
        1,
        "not resent before Retry-After"
    );
    // "Send now" overrides the wait.
    tc.counter.send_now();
    assert!(
        eventually(Duration::from_secs(10), || {
            tc.counter.outbox_status().map(|s| s.pending).unwrap_or(1) == 0
        })
        .await,
        "{:?}",
        tc.store().outbox()
    );
}
