//! Paper dispenses made during an outage, against the real sandbox: stored locally at once,
//! uploaded through `/v1/paper-records` when the central system is back, one accepted and one
//! refused; the refusal lands in the manager's queue with the central system's reason, and the
//! manager notes and acknowledges it. Pharmacists cannot see the queue, and paper mode is closed
//! to them while the central system is reachable.

mod common;

use common::*;
use counter::outage::{PaperDraft, PaperLine};
use counter::Counter;
use dmed_api::ErrorCode;
use dmed_sandbox::DemoPrescription;
use sandbox_process::SandboxProcess;
use serde_json::json;
use std::time::{Duration, Instant};

/// A counter signed in as the first manager of the first demo pharmacy.
async fn manager_counter(sbx: &SandboxProcess) -> TestCounter {
    signed_in_as(sbx, &staff_of(&sbx.demo(), "manager")).await
}

/// The paper form for all that remains of `p`, filled as a pharmacist would.
async fn paper_for(counter: &Counter, p: &DemoPrescription, pinfl: &str) -> PaperDraft {
    let found = counter.lookup(&p.payload, None).await.expect("lookup");
    let rx = &found.prescriptions[0];
    let mut lines = Vec::new();
    for item in &rx.items {
        let product = counter
            .search_products(&item.inn, "")
            .await
            .expect("search")[0]
            .product_id
            .clone();
        lines.push(PaperLine {
            inn: item.inn.clone(),
            product_id: product,
            quantity: item.quantity_prescribed - item.quantity_dispensed,
            batch: Some("B-2024-11".into()),
            marking_codes: vec![],
        });
    }
    PaperDraft {
        prescription_number: Some(p.number.clone()),
        patient_pinfl: pinfl.to_owned(),
        prescriber_name: rx.prescriber.full_name.clone(),
        facility: rx.prescriber.facility.clone(),
        lines,
        id_document_checked: true,
        patient_declaration: true,
        reason: Some("central system unreachable".into()),
        override_reason: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paper_records_upload_when_back_and_a_refusal_lands_in_the_managers_queue() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let manager = manager_counter(&sbx).await;
    let pharmacist = signed_in(&sbx, 0).await;
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let active = rxs(&demo, "active");
    let (accepted_rx, refused_rx) = (active[0], active[1]);
    let accepted_pinfl = fetch(&raw, accepted_rx).await.patient.pinfl;
    let refused_pinfl = fetch(&raw, refused_rx).await.patient.pinfl;

    // While online the forms are filled from the looked-up prescriptions (products, INNs).
    let accepted_draft = paper_for(&manager.counter, accepted_rx, &accepted_pinfl).await;
    let refused_draft = paper_for(&manager.counter, refused_rx, &refused_pinfl).await;

    // Paper mode is for outages: a pharmacist is refused while online, a manager needs a reason.
    let err = pharmacist
        .counter
        .record_paper(accepted_draft.clone())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    let err = manager
        .counter
        .record_paper(accepted_draft.clone())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest, "{err}");
    assert_eq!(err.details()["field"], "override_reason");

    // The outage starts; the counter notices by itself.
    let _tasks = manager.counter.start_background();
    go_offline(&sbx, &manager.counter).await;

    // Both paper dispenses are stored locally at once, no reason needed while offline.
    let started = Instant::now();
    let accepted = manager
        .counter
        .record_paper(accepted_draft)
        .expect("paper while offline");
    let refused = manager
        .counter
        .record_paper(refused_draft)
        .expect("paper while offline");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(accepted.override_by, None);
    let status = manager.counter.outbox_status().unwrap();
    assert_eq!(status.pending, 2);
    let today = time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+5))
        .date();
    let log = manager.counter.paper_log(today).unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|e| e.state == "pending"));
    assert!(log.iter().all(|e| e.patient_pinfl_masked.contains('*')));

    // Meanwhile another pharmacy, still connected, dispenses the second prescription in full.
    sbx.admin("/_sandbox/faults", json!({ "outage": false }));
    let rival_raw = raw_client(&sbx.base_url, &demo.pharmacies[1]).await;
    let current = fetch(&rival_raw, refused_rx).await;
    let mut whole = request(&demo.pharmacies[1].pinfl, &current.number, "", "", 0);
    whole.items = current
        .items
        .iter()
        .map(|item| {
            request(
                &demo.pharmacies[1].pinfl,
                &current.number,
                &item.item_id,
                &product_for(&demo, &item.inn),
                item.quantity_prescribed - item.quantity_dispensed,
            )
            .items
            .remove(0)
        })
        .collect();
    rival_raw
        .dispense(&whole)
        .await
        .expect("the rival dispenses online");

    // The central system is back: the worker uploads both records.
    assert!(
        eventually(Duration::from_secs(15), || manager
            .counter
            .outbox_status()
            .map(|s| s.pending == 0)
            .unwrap_or(false))
        .await,
        "the outbox empties: {:?}",
        manager.counter.outbox_status()
    );
    let log = manager.counter.paper_log(today).unwrap();
    let state_of = |id: &str| {
        log.iter()
            .find(|e| e.record_id == id)
            .map(|e| e.state.clone())
            .unwrap_or_default()
    };
    assert_eq!(state_of(&accepted.record_id), "accepted");
    assert_eq!(state_of(&refused.record_id), "conflict");

    // Recorded once, as a paper dispense, by the central system.
    let history = raw.history(&accepted_rx.number).await.unwrap();
    let paper: Vec<_> = history
        .dispenses
        .iter()
        .filter(|d| d.dispense_id.to_string() == accepted.record_id)
        .collect();
    assert_eq!(paper.len(), 1, "{history:?}");

    // The refusal waits for the manager, with the central system's code and reason.
    let queue = manager.counter.conflicts(false).unwrap();
    assert_eq!(queue.len(), 1, "{queue:?}");
    let c = &queue[0];
    assert_eq!(c.source, "paper");
    assert_eq!(c.record_id.as_deref(), Some(refused.record_id.as_str()));
    assert_eq!(
        c.prescription_number.as_deref(),
        Some(refused_rx.number.as_str())
    );
    assert!(
        ["ALREADY_DISPENSED", "QUANTITY_EXCEEDED"].contains(&c.code.as_str()),
        "{c:?}"
    );
    assert!(!c.reason.is_empty());
    assert_eq!(manager.counter.outbox_status().unwrap().open_conflicts, 1);

    // Pharmacists do not settle conflicts.
    let err = pharmacist.counter.conflicts(false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden);
    let err = pharmacist.counter.acknowledge_conflict(c.id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden);

    // The manager notes what was done and acknowledges it.
    manager
        .counter
        .note_conflict(
            c.id,
            "  patient had it from another pharmacy; pack taken back  ",
        )
        .unwrap();
    manager.counter.acknowledge_conflict(c.id).unwrap();
    assert!(manager.counter.conflicts(false).unwrap().is_empty());
    let all = manager.counter.conflicts(true).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].status, "acknowledged");
    assert_eq!(
        all[0].note.as_deref(),
        Some("patient had it from another pharmacy; pack taken back")
    );
    assert!(all[0].acknowledged_by.is_some() && all[0].acknowledged_at.is_some());
    let again = manager.counter.acknowledge_conflict(c.id).unwrap_err();
    assert_eq!(again.code(), ErrorCode::NotFound);
    assert_eq!(manager.counter.outbox_status().unwrap().open_conflicts, 0);
}

/// A paper draft of one line: `product` of `inn` for the patient `pinfl`, with or without the
/// e-prescription number, as a manager's override.
fn one_line_paper(number: Option<&str>, pinfl: &str, inn: &str, product: &str) -> PaperDraft {
    PaperDraft {
        prescription_number: number.map(str::to_owned),
        patient_pinfl: pinfl.to_owned(),
        prescriber_name: "Karimova Dilnoza Rustamovna".into(),
        facility: "Toshkent shahar 12-oilaviy poliklinika".into(),
        lines: vec![PaperLine {
            inn: inn.to_owned(),
            product_id: product.to_owned(),
            quantity: 1,
            batch: None,
            marking_codes: vec![],
        }],
        id_document_checked: true,
        patient_declaration: true,
        reason: Some("printer of the prescribing clinic".into()),
        override_reason: Some("test of the e-prescription rule".into()),
    }
}

#[tokio::test]
async fn a_paper_record_of_an_e_prescription_only_product_needs_the_e_prescription_number() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let manager = manager_counter(&sbx).await;
    // An active prescription with an item whose products are sold only on an e-prescription.
    let mut found = None;
    for p in demo.prescriptions.iter().filter(|p| p.state == "active") {
        let rx = manager.counter.lookup(&p.payload, None).await.unwrap();
        for item in &rx.prescriptions[0].items {
            let products = manager
                .counter
                .search_products(&item.inn, "")
                .await
                .unwrap();
            if let Some(listed) = products.into_iter().find(|x| x.e_rx_required) {
                found = Some((p.clone(), item.inn.clone(), listed));
                break;
            }
        }
        if found.is_some() {
            break;
        }
    }
    let (p, inn, product) = found.expect("a demo prescription of an e-prescription-only product");

    let err = manager
        .counter
        .record_paper(one_line_paper(None, &p.pinfl, &inn, &product.product_id))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ERxRequired, "{err}");
    assert_eq!(err.details()["atc"], product.atc.as_str());
    let group = err.details()["group"].as_str().unwrap().to_owned();
    assert!(
        ["antibiotic", "antibacterial", "hormonal", "other"].contains(&group.as_str()),
        "{group}"
    );
    assert!(err.to_string().contains(&product.trade_name), "{err}");
    assert_eq!(
        manager.counter.outbox_status().unwrap().pending,
        0,
        "nothing was stored"
    );

    // With the number of an e-prescription it stays allowed.
    manager
        .counter
        .record_paper(one_line_paper(
            Some(&p.number),
            &p.pinfl,
            &inn,
            &product.product_id,
        ))
        .expect("a paper record carrying the e-prescription number");
    assert_eq!(manager.counter.outbox_status().unwrap().pending, 1);
}
