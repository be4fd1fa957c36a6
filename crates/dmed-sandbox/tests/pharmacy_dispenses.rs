//! The pharmacy's dispenses for managers' reports: paged without loss or repeat, managers only,
//! withdrawals counted in the period they happened, a pseudonymous patient reference.

mod common;

use common::{dispense_body, product_for, Api, Client};
use serde_json::Value;
use std::collections::HashSet;

/// `n` one-unit dispenses by `c` of the first items of active demo prescriptions, handed over on
/// 2026-01-01; their ids.
async fn dispenses(api: &Api, c: &Client, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for rx in api.state("active").iter().take(n) {
        let before = c.lookup(rx).await;
        let item_id = before["items"][0]["item_id"].as_str().unwrap().to_owned();
        let product = product_for(api, &rx.inns[0]);
        let body = dispense_body(&rx.number, None, &[(&item_id, &product, 1, vec![])]);
        let d = c.dispense(body).await.ok(201).clone();
        ids.push(d["dispense_id"].as_str().unwrap().to_owned());
    }
    ids
}

fn page_path(from: &str, to: &str, cursor: Option<&str>, limit: u32) -> String {
    let mut path = format!("/v1/pharmacy/dispenses?from={from}&to={to}&limit={limit}");
    if let Some(c) = cursor {
        path.push_str(&format!("&cursor={c}"));
    }
    path
}

const FROM: &str = "2026-01-01T00:00:00Z";
const TO: &str = "2026-01-02T00:00:00Z";

#[tokio::test]
async fn a_manager_reads_every_dispense_of_the_pharmacy_page_by_page_and_nothing_else() {
    let api = Api::start();
    let pharmacist = api.client(0).await;
    let ids = dispenses(&api, &pharmacist, 5).await;
    let pharmacy = pharmacist.pharmacy_id.clone();
    let manager = api.sign_in(&api.staff(&pharmacy, "manager")).await;

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = manager
            .get(&page_path(FROM, TO, cursor.as_deref(), 2))
            .await
            .ok(200)
            .clone();
        pages += 1;
        let rows = page["dispenses"].as_array().unwrap();
        assert!(rows.len() <= 2);
        for row in rows {
            assert_eq!(row["dispense"]["pharmacy_id"], pharmacy.as_str());
            assert!(!row["dispense"]["pharmacist_name"]
                .as_str()
                .unwrap()
                .is_empty());
            let items = row["items"].as_array().unwrap();
            let line_item = row["dispense"]["items"][0]["item_id"].as_str().unwrap();
            assert!(items
                .iter()
                .any(|i| i["item_id"] == line_item && i["inn"].is_string()));
            seen.push(row["dispense"]["dispense_id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3, "5 dispenses in pages of 2");
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no dispense twice");
    let expected: HashSet<&String> = ids.iter().collect();
    assert_eq!(
        unique, expected,
        "every dispense of the pharmacy, and only those"
    );

    // Another pharmacy's manager sees none of them.
    let other = api.client(1).await;
    let other_manager = api.sign_in(&api.staff(&other.pharmacy_id, "manager")).await;
    let page = other_manager.get(&page_path(FROM, TO, None, 100)).await;
    let theirs: Vec<&Value> = page.ok(200)["dispenses"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert!(theirs
        .iter()
        .all(|r| !ids.contains(&r["dispense"]["dispense_id"].as_str().unwrap().to_owned())));
}

#[tokio::test]
async fn only_managers_ask_and_malformed_periods_cursors_and_limits_are_refused() {
    let api = Api::start();
    let pharmacist = api.client(0).await;
    let denied = pharmacist.get(&page_path(FROM, TO, None, 10)).await;
    assert_eq!(
        denied.expect(403, "FORBIDDEN")["reason"],
        "role_cannot_report"
    );
    let manager = api
        .sign_in(&api.staff(&pharmacist.pharmacy_id, "manager"))
        .await;
    let field = |a: &common::Answer| a.expect(400, "BAD_REQUEST")["field"].clone();
    assert_eq!(
        field(&manager.get(&page_path(TO, FROM, None, 10)).await),
        "to"
    );
    assert_eq!(
        field(&manager.get(&page_path("yesterday", TO, None, 10)).await),
        "from"
    );
    assert_eq!(
        field(
            &manager
                .get(&page_path(FROM, TO, Some("not-ours"), 10))
                .await
        ),
        "cursor"
    );
    assert_eq!(
        field(&manager.get(&page_path(FROM, TO, None, 0)).await),
        "limit"
    );
    assert_eq!(
        field(&manager.get(&page_path(FROM, TO, None, 1001)).await),
        "limit"
    );
}

#[tokio::test]
async fn a_withdrawal_counts_in_the_period_it_happened_and_patients_have_one_reference() {
    let api = Api::start();
    let pharmacist = api.client(0).await;
    let ids = dispenses(&api, &pharmacist, 2).await;
    let withdrawn = &ids[1];
    pharmacist
        .post(
            &format!("/v1/dispenses/{withdrawn}/withdraw"),
            serde_json::json!({"reason": "recorded_by_mistake"}),
        )
        .await
        .ok(200);
    let manager = api
        .sign_in(&api.staff(&pharmacist.pharmacy_id, "manager"))
        .await;

    // Today (the withdrawal) but not 2026-01-01 (the handing over): only the withdrawn one.
    let now = time::OffsetDateTime::now_utc();
    let fmt = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let today = page_path(
        &fmt(now - time::Duration::hours(12)),
        &fmt(now + time::Duration::hours(12)),
        None,
        100,
    );
    let page = manager.get(&today).await.ok(200).clone();
    let rows = page["dispenses"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{page}");
    let d = &rows[0]["dispense"];
    assert_eq!(d["dispense_id"], withdrawn.as_str());
    assert_eq!(d["status"], "withdrawn");
    assert!(d["withdrawn_at"].is_string());
    assert_eq!(d["withdraw_reason"], "recorded_by_mistake");

    // The patient reference: the same for the same patient, never the PINFL.
    let jan = manager
        .get(&page_path(FROM, TO, None, 100))
        .await
        .ok(200)
        .clone();
    let refs: Vec<&str> = jan["dispenses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["patient_ref"].as_str().unwrap())
        .collect();
    assert_eq!(refs.len(), 2);
    let pinfls: Vec<String> = api
        .state("active")
        .iter()
        .take(2)
        .map(|p| p.pinfl.clone())
        .collect();
    for (r, pinfl) in refs.iter().zip(&pinfls) {
        assert!(!r.contains(pinfl.as_str()) && r.len() == 24, "{r}");
    }
    assert_eq!(refs[0] == refs[1], pinfls[0] == pinfls[1]);
}
