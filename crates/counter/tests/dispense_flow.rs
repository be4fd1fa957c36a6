//! The dispense flows end to end against the real `dmed-sandbox` process: the happy path, a
//! dispense that completes a prescription, a partial dispense of a chronic one, a dispense while
//! the central system is down (queued, then flushed exactly once), and resends that never double.

mod common;

use common::*;
use counter::{DeliveryState, DispenseDraft, DraftLine, LookupVia};
use dmed_api::types::{ItemStatus, PrescriptionKind, PrescriptionStatus};
use dmed_api::ErrorCode;
use sandbox_process::SandboxProcess;
use uuid::Uuid;

fn line(item_id: &str, product_id: &str, quantity: u32) -> DraftLine {
    DraftLine {
        not_dispensed: None,
        item_id: item_id.to_owned(),
        product_id: product_id.to_owned(),
        quantity,
        ..DraftLine::default()
    }
}

async fn product_of(tc: &TestCounter, inn: &str) -> String {
    tc.counter
        .search_products(inn, "")
        .await
        .expect("search")
        .first()
        .map(|p| p.product_id.clone())
        .unwrap_or_else(|| panic!("no product for {inn}"))
}

#[tokio::test]
async fn happy_path_sign_in_look_up_hold_dispense_delivered_and_refreshed() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let tc = signed_in(&sbx, 0).await;
    let session = tc.counter.session().expect("signed in");
    assert_eq!(session.pharmacy.pharmacy_id, demo.pharmacies[0].pharmacy_id);

    // The bare number asks for the code; the QR payload finds it; the PINFL is masked.
    let err = tc.counter.lookup(&p.number, None).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::AccessCodeRequired);
    let found = tc.counter.lookup(&p.payload, None).await.unwrap();
    assert_eq!(found.via, LookupVia::Number);
    let wire = found.prescriptions[0].clone();
    assert_eq!(wire.number, p.number);
    assert_eq!(
        wire.patient.pinfl,
        dmed_api::Pinfl::parse(&p.pinfl).unwrap().masked()
    );
    assert_ne!(wire.patient.pinfl, p.pinfl);

    let hold = tc.counter.hold(&p.number).await.unwrap();
    let item = &wire.items[0];
    let product = product_of(&tc, &item.inn).await;
    let outcome = tc
        .counter
        .dispense(DispenseDraft {
            receiver: None,
            prescription_number: p.number.clone(),
            hold_id: Some(hold.hold_id.to_string()),
            lines: vec![line(&item.item_id, &product, 1)],
        })
        .await
        .unwrap();
    assert_eq!(outcome.state, DeliveryState::Delivered);
    let dispense = outcome.dispense.expect("the central record");
    assert_eq!(dispense.dispense_id.to_string(), outcome.dispense_id);
    let refreshed = outcome.prescription.expect("refreshed prescription");
    let after = refreshed
        .items
        .iter()
        .find(|i| i.item_id == item.item_id)
        .unwrap();
    assert_eq!(after.quantity_dispensed, item.quantity_dispensed + 1);
    assert_eq!(refreshed.status, dispense.prescription_status);
    assert_eq!(refreshed.patient.pinfl, wire.patient.pinfl, "still masked");

    // The server has it once; the local record is delivered, online, with its line.
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let history = raw.history(&p.number).await.unwrap();
    assert_eq!(
        history
            .dispenses
            .iter()
            .filter(|d| d.dispense_id == dispense.dispense_id)
            .count(),
        1
    );
    let store = tc.store();
    let row = store.dispense(&outcome.dispense_id).unwrap().unwrap();
    assert_eq!(
        (row.state.as_str(), row.mode.as_str()),
        ("delivered", "online")
    );
    assert!(row.response_json.is_some() && row.delivered_at.is_some());
    let lines = store.dispense_lines(&outcome.dispense_id).unwrap();
    assert_eq!(lines.len(), 1);
    assert!(lines[0].inn.eq_ignore_ascii_case(&item.inn));
    assert_eq!(tc.counter.outbox_len().unwrap(), 0);
}

#[tokio::test]
async fn lookup_by_pinfl_needs_the_document_check_and_masks_the_pinfl() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let tc = signed_in(&sbx, 0).await;
    let err = tc.counter.lookup(&p.pinfl, None).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::IdDocumentCheckRequired);
    let found = tc
        .counter
        .lookup(&p.pinfl, Some(dmed_api::handover::IdDocumentKind::Passport))
        .await
        .unwrap();
    assert_eq!(found.via, LookupVia::Pinfl);
    assert!(found.prescriptions.iter().any(|x| x.number == p.number));
    for x in &found.prescriptions {
        assert!(
            x.patient.pinfl.contains("**********"),
            "{}",
            x.patient.pinfl
        );
    }
}

#[tokio::test]
async fn dispensing_everything_completes_the_prescription() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let tc = signed_in(&sbx, 0).await;
    let wire = tc
        .counter
        .lookup(&p.payload, None)
        .await
        .unwrap()
        .prescriptions[0]
        .clone();
    let mut lines = Vec::new();
    for item in &wire.items {
        let left = counter::dispense::remaining(item);
        if left > 0 {
            lines.push(line(&item.item_id, &product_of(&tc, &item.inn).await, left));
        }
    }
    let outcome = tc
        .counter
        .dispense(DispenseDraft {
            receiver: None,
            prescription_number: p.number.clone(),
            hold_id: None,
            lines: lines.clone(),
        })
        .await
        .unwrap();
    assert_eq!(outcome.state, DeliveryState::Delivered);
    let refreshed = outcome.prescription.unwrap();
    assert_eq!(refreshed.status, PrescriptionStatus::Completed);
    assert!(refreshed
        .items
        .iter()
        .filter(|i| lines.iter().any(|l| l.item_id == i.item_id))
        .all(|i| i.status == ItemStatus::Dispensed && i.remaining() == 0));

    // The counter now refuses another dispense before sending anything.
    let err = tc
        .counter
        .dispense(DispenseDraft {
            receiver: None,
            prescription_number: p.number.clone(),
            hold_id: None,
            lines: vec![lines[0].clone()],
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::AlreadyDispensed);
    let fresh = tc.counter.lookup(&p.payload, None).await.unwrap();
    assert_eq!(fresh.prescriptions[0].status, PrescriptionStatus::Completed);
}

#[tokio::test]
async fn a_chronic_prescription_is_dispensed_in_parts() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "chronic_active");
    let tc = signed_in(&sbx, 0).await;
    let wire = tc
        .counter
        .lookup(&p.payload, None)
        .await
        .unwrap()
        .prescriptions[0]
        .clone();
    assert_eq!(wire.kind, PrescriptionKind::Chronic);
    let item = wire
        .items
        .iter()
        .find(|i| counter::dispense::remaining(i) >= 2)
        .expect("an item with at least 2 left");
    let left = counter::dispense::remaining(item);
    let part = left / 2;
    let product = product_of(&tc, &item.inn).await;
    let outcome = tc
        .counter
        .dispense(DispenseDraft {
            receiver: None,
            prescription_number: p.number.clone(),
            hold_id: None,
            lines: vec![line(&item.item_id, &product, part)],
        })
        .await
        .unwrap();
    let refreshed = outcome.prescription.unwrap();
    assert_eq!(refreshed.status, PrescriptionStatus::PartiallyDispensed);
    let after = refreshed
        .items
        .iter()
        .find(|i| i.item_id == item.item_id)
        .unwrap();
    assert_eq!(after.status, ItemStatus::Partial);
    assert_eq!(after.remaining(), left - part);
    let dispensed = outcome.dispense.unwrap();
    assert_eq!(dispensed.items[0].remaining, left - part);

    // The rest is refused above what remains, and accepted exactly at it.
    let err = tc
        .counter
        .dispense(DispenseDraft {
            receiver: None,
            prescription_number: p.number.clone(),
            hold_id: None,
            lines: vec![line(&item.item_id, &product, left - part + 1)],
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::QuantityExceeded);
    assert_eq!(err.details()["remaining"], left - part);
}

#[tokio::test]
async fn a_dispense_while_the_server_is_down_is_queued_then_flushed_exactly_once() {
    let mut sbx = RestartableSandbox::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let login = demo.pharmacies[0].clone();
    let tc = open_counter(&sbx.base_url());
    tc.counter
        .sign_in(
            &login.pharmacy_id,
            &login.login,
            counter::Sensitive::new(login.secret.clone()),
        )
        .await
        .unwrap();
    let wire = tc
        .counter
        .lookup(&p.payload, None)
        .await
        .unwrap()
        .prescriptions[0]
        .clone();
    let item = &wire.items[0];
    let product = product_of(&tc, &item.inn).await;

    sbx.down();
    let draft = DispenseDraft {
        receiver: None,
        prescription_number: p.number.clone(),
        hold_id: None,
        lines: vec![line(&item.item_id, &product, 1)],
    };
    let outcome = tc.counter.dispense(draft.clone()).await.unwrap();
    assert_eq!(outcome.state, DeliveryState::Queued);
    assert!(outcome.dispense.is_none());
    assert_eq!(tc.counter.outbox_len().unwrap(), 1);
    let store = tc.store();
    let row = store.dispense(&outcome.dispense_id).unwrap().unwrap();
    assert_eq!(row.state, "pending");
    assert!(row.last_error.unwrap().contains("NETWORK_UNAVAILABLE"));
    let queued = store.outbox().unwrap();
    assert_eq!(queued[0].attempts, 1);
    // Flushing while still down delivers nothing and keeps the row.
    let err_or_zero = tc.counter.flush_outbox().await.unwrap();
    assert_eq!(err_or_zero, 0);
    assert_eq!(store.outbox().unwrap()[0].attempts, 2);

    sbx.up();
    assert_eq!(tc.counter.flush_outbox().await.unwrap(), 1);
    assert_eq!(tc.counter.flush_outbox().await.unwrap(), 0, "nothing left");
    let row = store.dispense(&outcome.dispense_id).unwrap().unwrap();
    assert_eq!(
        (row.state.as_str(), row.mode.as_str()),
        ("delivered", "offline_retry")
    );

    // The central history has it exactly once.
    let raw = raw_client(&sbx.base_url(), &login).await;
    let id = Uuid::parse_str(&outcome.dispense_id).unwrap();
    let count = |h: &dmed_api::types::DispenseHistory| {
        h.dispenses.iter().filter(|d| d.dispense_id == id).count()
    };
    assert_eq!(count(&raw.history(&p.number).await.unwrap()), 1);

    // Resending the same stored body twice gives the original record back, never a second one.
    let body = row.request_json.clone();
    let again = raw
        .dispense_raw(id, body.clone().into_bytes())
        .await
        .unwrap();
    let third = raw.dispense_raw(id, body.into_bytes()).await.unwrap();
    assert_eq!(again.dispense_id, id);
    assert_eq!(again, third);
    let history = raw.history(&p.number).await.unwrap();
    assert_eq!(count(&history), 1);
    let item_after = fetch(&raw, p).await;
    let item_after = item_after
        .items
        .iter()
        .find(|i| i.item_id == item.item_id)
        .unwrap();
    assert_eq!(item_after.quantity_dispensed, item.quantity_dispensed + 1);
}

#[tokio::test]
async fn the_outbox_is_flushed_in_creation_order() {
    let mut sbx = RestartableSandbox::start();
    let demo = sbx.demo();
    let login = demo.pharmacies[0].clone();
    let tc = open_counter(&sbx.base_url());
    tc.counter
        .sign_in(
            &login.pharmacy_id,
            &login.login,
            counter::Sensitive::new(login.secret.clone()),
        )
        .await
        .unwrap();
    let mut drafts = Vec::new();
    for p in rxs(&demo, "active").into_iter().take(3) {
        let wire = tc
            .counter
            .lookup(&p.payload, None)
            .await
            .unwrap()
            .prescriptions[0]
            .clone();
        let item = &wire.items[0];
        let product = product_of(&tc, &item.inn).await;
        drafts.push(DispenseDraft {
            receiver: None,
            prescription_number: p.number.clone(),
            hold_id: None,
            lines: vec![line(&item.item_id, &product, 1)],
        });
    }
    sbx.down();
    let mut ids = Vec::new();
    for d in drafts {
        let o = tc.counter.dispense(d).await.unwrap();
        assert_eq!(o.state, DeliveryState::Queued);
        ids.push(o.dispense_id);
    }
    sbx.up();
    assert_eq!(tc.counter.flush_outbox().await.unwrap(), 3);
    let store = tc.store();
    let delivered: Vec<String> = ids
        .iter()
        .map(|id| store.dispense(id).unwrap().unwrap().delivered_at.unwrap())
        .collect();
    let mut sorted = delivered.clone();
    sorted.sort();
    assert_eq!(delivered, sorted, "delivered in the order they were made");
}
