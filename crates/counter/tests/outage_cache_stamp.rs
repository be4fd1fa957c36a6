//! A delivered dispense does not make the local copy of its prescription look fresher than it
//! is: the other items are still judged by the moment the copy was fetched, and the dispensed
//! item counts the dispense exactly once (docs/decisions/0007-outbox.md, "When a local copy was
//! fetched").

mod common;

use common::*;
use counter::outage::{CachePolicy, OfflineDispense};
use counter::store::timestamp;
use counter::DeliveryState;
use dmed_api::types::{Item, Prescription};
use dmed_api::ErrorCode;
use sandbox_process::SandboxProcess;
use serde_json::json;
use std::time::Duration;
use time::OffsetDateTime;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivered_dispense_keeps_the_copy_as_old_as_it_is_and_counts_once() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let _tasks = tc.counter.start_background();
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;

    // A chronic prescription with two items that both have at least two units left.
    let mut chosen = None;
    for p in rxs(&demo, "chronic_active") {
        let wire = fetch(&raw, p).await;
        let open: Vec<Item> = wire
            .items
            .iter()
            .filter(|i| counter::dispense::remaining(i) >= 2)
            .cloned()
            .collect();
        if open.len() >= 2 {
            chosen = Some((p, open));
            break;
        }
    }
    let (p, open) = chosen.expect("a chronic demo prescription with two open items");
    let (a, b) = (open[0].clone(), open[1].clone());
    let left_a = counter::dispense::remaining(&a);
    tc.counter.lookup(&p.payload, None).await.unwrap();
    let product_a = tc.counter.search_products(&a.inn, "").await.unwrap()[0]
        .product_id
        .clone();
    let product_b = tc.counter.search_products(&b.inn, "").await.unwrap()[0]
        .product_id
        .clone();

    // The copy was fetched two hours ago; offline dispensing allows copies up to one hour old.
    let store = tc.store();
    let (json, _) = store.prescription(&p.number).unwrap().unwrap();
    let copy: Prescription = serde_json::from_str(&json).unwrap();
    let fetched_at = timestamp(OffsetDateTime::now_utc() - time::Duration::hours(2));
    store
        .put_prescription(&p.number, &copy.patient.pinfl, &json, &fetched_at)
        .unwrap();
    let strict = CachePolicy {
        retention_days: 7,
        offline_dispense: OfflineDispense::Chronic,
        offline_max_age_hours: 1,
    };
    // Written as a manager would save it (the role check is tested with the policy command).
    counter::outage::cache::save(&store, &strict).unwrap();

    // One unit of A, delivered online.
    let outcome = tc
        .counter
        .dispense(one_line_draft(&p.number, &a, &product_a, 1))
        .await
        .unwrap();
    assert_eq!(outcome.state, DeliveryState::Delivered);
    let shown = outcome.prescription.expect("the copy as it stands");
    let shown_a = shown.items.iter().find(|i| i.item_id == a.item_id).unwrap();
    assert_eq!(counter::dispense::remaining(shown_a), left_a - 1);
    let (json_after, stamp_after) = store.prescription(&p.number).unwrap().unwrap();
    assert_eq!(stamp_after, fetched_at, "the copy keeps its fetch time");
    assert_eq!(
        json_after, json,
        "the copy itself is as the lookup answered"
    );

    // The central system goes away.
    go_offline(&sbx, &tc.counter).await;

    // B was not touched by the answer: its copy is two hours old, past the one-hour limit.
    let err = tc
        .counter
        .dispense(one_line_draft(&p.number, &b, &product_b, 1))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NetworkUnavailable, "{err}");
    assert_eq!(err.details()["reason"], "offline_dispense_not_allowed");
    let age = err.details()["age_secs"].as_u64().unwrap();
    assert!(age >= 2 * 3600, "judged by the original stamp: {age} s");

    // With a policy that accepts the age, A's remaining counts the delivered unit once.
    let lenient = CachePolicy {
        offline_max_age_hours: 72,
        ..strict
    };
    counter::outage::cache::save(&store, &lenient).unwrap();
    let err = tc
        .counter
        .dispense(one_line_draft(&p.number, &a, &product_a, left_a))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::QuantityExceeded, "{err}");
    assert_eq!(err.details()["remaining"], left_a - 1);
    let cached = tc.counter.lookup(&p.payload, None).await.unwrap();
    assert!(cached.cached_at.is_some());
    let cached_a = cached.prescriptions[0]
        .items
        .iter()
        .find(|i| i.item_id == a.item_id)
        .unwrap()
        .clone();
    assert_eq!(counter::dispense::remaining(&cached_a), left_a - 1);
    let queued = tc
        .counter
        .dispense(one_line_draft(&p.number, &a, &product_a, left_a - 1))
        .await
        .unwrap();
    assert_eq!(queued.state, DeliveryState::Queued);

    // Back online: the queued rest is accepted centrally (nothing was handed over twice).
    sbx.admin("/_sandbox/faults", json!({}));
    assert!(
        eventually(Duration::from_secs(15), || {
            tc.counter.outbox_status().map(|s| s.pending).unwrap_or(1) == 0
        })
        .await,
        "the outbox drained: {:?}",
        tc.counter.outbox_status()
    );
    let row = tc.store().dispense(&queued.dispense_id).unwrap().unwrap();
    assert_eq!(row.state, "delivered");
    let central = fetch(&raw, p).await;
    let central_a = central
        .items
        .iter()
        .find(|i| i.item_id == a.item_id)
        .unwrap();
    assert_eq!(counter::dispense::remaining(central_a), 0);
    assert_eq!(tc.counter.outbox_status().unwrap().open_conflicts, 0);
}

#[tokio::test]
async fn only_a_manager_changes_the_cache_policy() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let changed = CachePolicy {
        retention_days: 3,
        offline_dispense: OfflineDispense::Never,
        offline_max_age_hours: 12,
    };

    let signed_out = open_counter(&sbx.base_url);
    let err = signed_out.counter.save_cache_policy(&changed).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotSignedIn);

    let pharmacist = staff_of(&demo, "pharmacist");
    let manager = staff_of(&demo, "manager");
    let as_pharmacist = open_counter(&sbx.base_url);
    as_pharmacist
        .counter
        .sign_in(
            &pharmacist.pharmacy_id,
            &pharmacist.login,
            counter::Sensitive::new(pharmacist.secret.clone()),
        )
        .await
        .unwrap();
    let err = as_pharmacist
        .counter
        .save_cache_policy(&changed)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden);
    assert_eq!(
        as_pharmacist.counter.cache_policy().unwrap(),
        CachePolicy::default(),
        "nothing saved"
    );

    let as_manager = open_counter(&sbx.base_url);
    as_manager
        .counter
        .sign_in(
            &manager.pharmacy_id,
            &manager.login,
            counter::Sensitive::new(manager.secret.clone()),
        )
        .await
        .unwrap();
    let bad = CachePolicy {
        retention_days: 91,
        ..changed
    };
    let err = as_manager.counter.save_cache_policy(&bad).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidSetting);
    as_manager.counter.save_cache_policy(&changed).unwrap();
    assert_eq!(as_manager.counter.cache_policy().unwrap(), changed);
}
