//! `--extra-prescriptions N` adds N dispensable prescriptions for load tests, listed for tests to
//! find, without changing the default seed; they can be looked up by patient and dispensed.

mod common;

use common::Api;
use dmed_sandbox::EXTRA_PER_PATIENT;
use reqwest::Method;
use rusqlite::Connection;
use sandbox_process::SandboxProcess;
use serde_json::json;
use std::collections::HashSet;

fn count(db: &std::path::Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_default_seed_has_no_extras_and_keeps_its_counts() {
    let plain = SandboxProcess::start();
    let with = SandboxProcess::start_with(&["--extra-prescriptions", "250"]);
    assert!(plain.extra_prescriptions().is_empty());
    assert_eq!(with.extra_prescriptions().len(), 250);
    // The demo data is the same with or without extras.
    assert_eq!(plain.demo(), with.demo());
    let demo_rx = "SELECT COUNT(*) FROM prescriptions WHERE number NOT IN
                   (SELECT number FROM extra_prescriptions)";
    assert_eq!(
        count(&plain.db_path, demo_rx),
        count(&with.db_path, demo_rx)
    );
    assert_eq!(
        count(&with.db_path, "SELECT COUNT(*) FROM prescriptions")
            - count(&plain.db_path, "SELECT COUNT(*) FROM prescriptions"),
        250
    );
}

#[test]
fn the_same_seed_gives_the_same_extras() {
    let a = SandboxProcess::start_with(&["--extra-prescriptions", "120"]);
    let b = SandboxProcess::start_with(&["--extra-prescriptions", "120"]);
    assert_eq!(a.extra_prescriptions(), b.extra_prescriptions());
}

#[test]
fn a_bad_count_is_refused() {
    let out = std::process::Command::new(sandbox_process::sandbox_binary())
        .args(["--extra-prescriptions", "-3"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[tokio::test]
async fn extras_are_found_by_patient_and_dispensed_once_each() {
    let api = Api::start_with(&["--extra-prescriptions", "150"]);
    let extras = api.sandbox.extra_prescriptions();
    assert_eq!(extras.len(), 150);
    let numbers: HashSet<&str> = extras.iter().map(|e| e.number.as_str()).collect();
    assert_eq!(numbers.len(), 150);
    let patients: Vec<&str> = {
        let mut seen = Vec::new();
        for e in &extras {
            if !seen.contains(&e.pinfl.as_str()) {
                seen.push(e.pinfl.as_str());
            }
        }
        seen
    };
    assert_eq!(patients.len(), 2);
    let demo_patients: HashSet<&str> = api
        .demo
        .prescriptions
        .iter()
        .map(|p| p.pinfl.as_str())
        .collect();
    assert!(patients.iter().all(|p| !demo_patients.contains(p)));

    let c = api.client(0).await;
    let list = c
        .call(
            Method::GET,
            &format!("/v1/patients/{}/prescriptions?status=active", patients[0]),
            None,
            &[("X-Id-Document-Checked", "true")],
        )
        .await;
    let body = list.ok(200);
    let listed = body["prescriptions"].as_array().unwrap();
    assert_eq!(listed.len(), EXTRA_PER_PATIENT as usize);
    assert!(listed.iter().all(|p| p["kind"] == "chronic"));

    // By number with its code, then a dispense of one unit.
    let e = &extras[0];
    let one = c
        .get(&format!("/v1/prescriptions/{}?code={}", e.number, e.code))
        .await;
    assert_eq!(one.ok(200)["items"][0]["item_id"], e.item_id.as_str());
    let id = uuid::Uuid::new_v4().to_string();
    let dispensed = c
        .dispense(json!({
            "dispense_id": id,
            "prescription_number": e.number,
            "handed_over_at": "2026-01-01T10:00:00Z",
            "mode": "offline_retry",
            "items": [{
                "item_id": e.item_id,
                "product_id": e.product_id,
                "quantity": 1,
                "marking_codes": [],
                "substituted": false
            }]
        }))
        .await;
    let d = dispensed.ok(201);
    assert_eq!(d["items"][0]["remaining"], e.quantity_prescribed - 1);
    let after = api.sandbox.extra_prescriptions();
    assert_eq!(after[0].quantity_dispensed, 1);
    assert!(after[1..].iter().all(|x| x.quantity_dispensed == 0));
}
