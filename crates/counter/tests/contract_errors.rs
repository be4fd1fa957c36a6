//! Every error row of the contract, reproduced against the real `dmed-sandbox` process through
//! the counter: the facade where it predicts or surfaces the error, the raw client where the
//! facade by design never sends such a request (malformed numbers, marking codes, reused keys).

mod common;

use common::*;
use counter::{CounterError, DispenseDraft, DraftLine, Sensitive};
use dmed_api::types::{HoldRequest, Prescription};
use dmed_api::{ErrorCode, RxNumber};
use sandbox_process::SandboxProcess;
use serde_json::json;
use uuid::Uuid;

/// The first item of a prescription that still has something to dispense, with a product of its
/// INN from the counter's catalogue.
async fn open_line(tc: &TestCounter, p: &Prescription) -> (String, String, u32) {
    let item = p
        .items
        .iter()
        .find(|i| counter::dispense::remaining(i) > 0)
        .expect("an open item");
    let products = tc
        .counter
        .search_products(&item.inn, "")
        .await
        .expect("search products");
    let product = products.first().expect("a product for the INN");
    (
        item.item_id.clone(),
        product.product_id.clone(),
        counter::dispense::remaining(item),
    )
}

fn draft(number: &str, hold_id: Option<Uuid>, lines: &[(&str, &str, u32)]) -> DispenseDraft {
    DispenseDraft {
        receiver: None,
        prescription_number: number.to_owned(),
        hold_id: hold_id.map(|h| h.to_string()),
        lines: lines
            .iter()
            .map(|(item, product, q)| DraftLine {
                not_dispensed: None,
                item_id: (*item).to_owned(),
                product_id: (*product).to_owned(),
                quantity: *q,
                ..DraftLine::default()
            })
            .collect(),
    }
}

fn code(e: &CounterError) -> ErrorCode {
    e.code()
}

/// A dispense of the first open line of a prescription in `state`, through the facade (local
/// checks) and through the raw client (the server's checks): both must give `expected`.
async fn both_refuse(state: &str, expected: ErrorCode) {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let p = rx(&demo, state);
    let found = tc.counter.lookup(&p.payload, None).await.expect("lookup");
    let wire = &found.prescriptions[0];
    let item = &wire.items[0];
    let product = tc
        .counter
        .search_products(&item.inn, "")
        .await
        .unwrap()
        .first()
        .map(|p| p.product_id.clone())
        .expect("a product");
    let local = tc
        .counter
        .dispense(draft(&p.number, None, &[(&item.item_id, &product, 1)]))
        .await
        .unwrap_err();
    assert_eq!(code(&local), expected, "local: {local}");
    assert_eq!(tc.counter.outbox_len().unwrap(), 0, "nothing is queued");

    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let server = raw
        .dispense(&request(
            &demo.pharmacies[0].pinfl,
            &p.number,
            &item.item_id,
            &product,
            1,
        ))
        .await
        .unwrap_err();
    assert_eq!(server.code(), expected, "server: {server}");
}

#[tokio::test]
async fn prescription_not_found() {
    let sbx = SandboxProcess::start();
    let tc = signed_in(&sbx, 0).await;
    let unknown = RxNumber::from_body("ZZZZZZZZZZZ").unwrap();
    let err = tc
        .counter
        .lookup(&format!("{} 1234", unknown.display()), None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::PrescriptionNotFound, "{err}");
}

#[tokio::test]
async fn invalid_identifier_locally_and_on_the_server() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    // Locally: a mistyped check character never leaves the counter.
    let good = &rx(&demo, "active").number;
    let last = good.chars().last().unwrap();
    let typo = format!(
        "{}{} 1234",
        &good[..11],
        if last == '0' { '1' } else { '0' }
    );
    let err = tc.counter.lookup(&typo, None).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidIdentifier);
    assert_eq!(err.details()["problem"], "check_character");
    // On the server: the raw client sends a malformed number as is.
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let err = raw.prescription("ABC-123", "1234").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidIdentifier, "{err}");
    let err = raw
        .patient_prescriptions(
            "12345678901234",
            Some(dmed_api::handover::IdDocumentKind::IdCard),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidIdentifier, "{err}");
}

#[tokio::test]
async fn access_code_mismatch() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let p = rx(&demo, "active");
    let wrong = if p.code == "0000" { "1111" } else { "0000" };
    let err = tc
        .counter
        .lookup(&format!("{} {wrong}", p.number), None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::AccessCodeMismatch, "{err}");
}

#[tokio::test]
async fn not_yet_valid() {
    both_refuse("not_yet_valid", ErrorCode::NotYetValid).await;
}

#[tokio::test]
async fn expired() {
    both_refuse("expired", ErrorCode::Expired).await;
}

#[tokio::test]
async fn cancelled() {
    both_refuse("cancelled", ErrorCode::Cancelled).await;
}

#[tokio::test]
async fn already_dispensed() {
    both_refuse("completed", ErrorCode::AlreadyDispensed).await;
}

#[tokio::test]
async fn held_by_other_pharmacy() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let other = signed_in(&sbx, 1).await;
    other.counter.lookup(&p.payload, None).await.unwrap();
    other
        .counter
        .hold(&p.number)
        .await
        .expect("second pharmacy holds");

    let tc = signed_in(&sbx, 0).await;
    let found = tc.counter.lookup(&p.payload, None).await.unwrap();
    let hold = found.prescriptions[0]
        .hold
        .clone()
        .expect("the hold is shown");
    assert_eq!(hold.pharmacy_id, demo.pharmacies[1].pharmacy_id);

    // The server refuses the hold, naming the holder and the expiry.
    let err = tc.counter.hold(&p.number).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::HeldByOtherPharmacy, "{err}");
    assert_eq!(
        err.details()["holder"]["pharmacy_id"],
        demo.pharmacies[1].pharmacy_id
    );
    assert!(err.details()["expires_at"].is_string());

    // The counter predicts the same for a dispense, and the server agrees.
    let wire = &found.prescriptions[0];
    let (item, product, _) = open_line(&tc, wire).await;
    let local = tc
        .counter
        .dispense(draft(&p.number, None, &[(&item, &product, 1)]))
        .await
        .unwrap_err();
    assert_eq!(local.code(), ErrorCode::HeldByOtherPharmacy, "{local}");
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let server = raw
        .dispense(&request(
            &demo.pharmacies[0].pinfl,
            &p.number,
            &item,
            &product,
            1,
        ))
        .await
        .unwrap_err();
    assert_eq!(server.code(), ErrorCode::HeldByOtherPharmacy, "{server}");
}

#[tokio::test]
async fn hold_expired_after_the_clock_moves_marks_the_dispense_rejected() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let tc = signed_in(&sbx, 0).await;
    let found = tc.counter.lookup(&p.payload, None).await.unwrap();
    let hold = tc.counter.hold(&p.number).await.unwrap();
    let (item, product, _) = open_line(&tc, &found.prescriptions[0]).await;
    sbx.admin("/_sandbox/clock", json!({ "advance_secs": 16 * 60 }));

    let err = tc
        .counter
        .dispense(draft(
            &p.number,
            Some(hold.hold_id),
            &[(&item, &product, 1)],
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::HoldExpired, "{err}");
    assert_eq!(tc.counter.outbox_len().unwrap(), 0);
    // The rejected dispense is kept locally with its error.
    let rows = tc.store().dispenses_of(&p.number).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].state, "rejected");
    assert!(rows[0]
        .last_error
        .as_deref()
        .unwrap_or_default()
        .contains("HOLD_EXPIRED"));

    // Releasing the lapsed hold is refused the same way.
    let err = tc
        .counter
        .release_hold(&p.number, hold.hold_id)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::HoldExpired, "{err}");
}

#[tokio::test]
async fn quantity_exceeded() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "partially_dispensed");
    let tc = signed_in(&sbx, 0).await;
    let found = tc.counter.lookup(&p.payload, None).await.unwrap();
    let (item, product, remaining) = open_line(&tc, &found.prescriptions[0]).await;
    let local = tc
        .counter
        .dispense(draft(&p.number, None, &[(&item, &product, remaining + 1)]))
        .await
        .unwrap_err();
    assert_eq!(local.code(), ErrorCode::QuantityExceeded, "{local}");
    assert_eq!(local.details()["remaining"], remaining);

    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let server = raw
        .dispense(&request(
            &demo.pharmacies[0].pinfl,
            &p.number,
            &item,
            &product,
            remaining + 1,
        ))
        .await
        .unwrap_err();
    assert_eq!(server.code(), ErrorCode::QuantityExceeded, "{server}");
    assert_eq!(server.details()["remaining"], remaining);
}

#[tokio::test]
async fn product_inn_mismatch() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let tc = signed_in(&sbx, 0).await;
    let found = tc.counter.lookup(&p.payload, None).await.unwrap();
    let item = &found.prescriptions[0].items[0];
    tc.counter.sync_catalog().await.unwrap();
    let wrong = product_not_for(&demo, &item.inn);
    let local = tc
        .counter
        .dispense(draft(&p.number, None, &[(&item.item_id, &wrong, 1)]))
        .await
        .unwrap_err();
    assert_eq!(local.code(), ErrorCode::ProductInnMismatch, "{local}");

    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let server = raw
        .dispense(&request(
            &demo.pharmacies[0].pinfl,
            &p.number,
            &item.item_id,
            &wrong,
            1,
        ))
        .await
        .unwrap_err();
    assert_eq!(server.code(), ErrorCode::ProductInnMismatch, "{server}");
    assert_eq!(server.details()["item_inn"], item.inn.as_str());
}

#[tokio::test]
async fn marking_code_invalid() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let wire = fetch(&raw, p).await;
    let item = &wire.items[0];
    let mut req = request(
        &demo.pharmacies[0].pinfl,
        &p.number,
        &item.item_id,
        &product_for(&demo, &item.inn),
        1,
    );
    req.items[0].marking_codes = vec!["not a marking code".into()];
    let err = raw.dispense(&req).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::MarkingCodeInvalid, "{err}");
}

#[tokio::test]
async fn marking_code_retired() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    // A pack whose product's INN is on a dispensable prescription item with at least 2 left.
    let mut chosen = None;
    'search: for mc in &demo.marking_codes {
        let Some(product) = demo.products.iter().find(|p| p.product_id == mc.product_id) else {
            continue;
        };
        for p in demo.prescriptions.iter().filter(|p| {
            matches!(
                p.state.as_str(),
                "active" | "partially_dispensed" | "chronic_active"
            ) && p.inns.iter().any(|i| i.eq_ignore_ascii_case(&product.inn))
        }) {
            let wire = fetch(&raw, p).await;
            if let Some(item) = wire.items.iter().find(|i| {
                i.inn.eq_ignore_ascii_case(&product.inn) && counter::dispense::remaining(i) >= 2
            }) {
                chosen = Some((p.number.clone(), item.item_id.clone(), mc.clone()));
                break 'search;
            }
        }
    }
    let (number, item_id, mc) = chosen.expect("a demo pack that fits a prescription");
    let mut first = request(
        &demo.pharmacies[0].pinfl,
        &number,
        &item_id,
        &mc.product_id,
        1,
    );
    first.items[0].marking_codes = vec![mc.code.clone()];
    raw.dispense(&first).await.expect("the pack is sold once");
    let mut second = request(
        &demo.pharmacies[0].pinfl,
        &number,
        &item_id,
        &mc.product_id,
        1,
    );
    second.items[0].marking_codes = vec![mc.code.clone()];
    let err = raw.dispense(&second).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::MarkingCodeRetired, "{err}");
}

#[tokio::test]
async fn idempotency_conflict() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let wire = fetch(&raw, p).await;
    let item = &wire.items[0];
    let product = product_for(&demo, &item.inn);
    let first = request(
        &demo.pharmacies[0].pinfl,
        &p.number,
        &item.item_id,
        &product,
        1,
    );
    raw.dispense(&first).await.expect("first dispense");
    let mut other = first.clone();
    other.items[0].quantity = 2;
    let err = raw.dispense(&other).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::IdempotencyConflict, "{err}");
}

#[tokio::test]
async fn unauthenticated_wrong_secret_and_expired_token() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let login = &demo.pharmacies[0];
    let tc = open_counter(&sbx.base_url);
    let err = tc
        .counter
        .sign_in(
            &login.pharmacy_id,
            &login.login,
            Sensitive::new("wrong".into()),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unauthenticated, "{err}");
    assert!(tc.counter.session().is_none());

    let tc = signed_in(&sbx, 0).await;
    assert!(tc.counter.session().is_some());
    // Nine hours later the token has run out: the 401 ends the session.
    sbx.admin("/_sandbox/clock", json!({ "advance_secs": 9 * 3600 }));
    let p = rx(&demo, "active");
    let err = tc.counter.lookup(&p.payload, None).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unauthenticated, "{err}");
    assert!(tc.counter.session().is_none());
    let err = tc.counter.lookup(&p.payload, None).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotSignedIn);
}

#[tokio::test]
async fn forbidden_after_revocation() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let login = &demo.pharmacies[0];
    let tc = signed_in(&sbx, 0).await;
    sbx.admin(
        "/_sandbox/revoke",
        json!({ "pharmacy_id": login.pharmacy_id, "login": login.login }),
    );
    let err = tc
        .counter
        .lookup(&rx(&demo, "active").payload, None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");

    // A revoked member of staff cannot sign in either.
    let revoked = &demo.revoked[0];
    let tc = open_counter(&sbx.base_url);
    let err = tc
        .counter
        .sign_in(
            &revoked.pharmacy_id,
            &revoked.login,
            Sensitive::new(revoked.secret.clone()),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
}

#[tokio::test]
async fn maintenance_is_503_with_retry_after_and_dispenses_are_queued() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let tc = signed_in(&sbx, 0).await;
    let found = tc.counter.lookup(&p.payload, None).await.unwrap();
    let (item, product, _) = open_line(&tc, &found.prescriptions[0]).await;

    sbx.admin(
        "/_sandbox/maintenance",
        json!({ "enabled": true, "retry_after_secs": 30 }),
    );
    // A prescription never looked up here cannot be shown: the 503 reaches the pharmacist.
    let unseen = rxs(&demo, "active")
        .into_iter()
        .find(|o| o.number != p.number)
        .expect("a second active demo prescription");
    let err = tc.counter.lookup(&unseen.payload, None).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ServiceUnavailable, "{err}");
    assert_eq!(err.details()["retry_after_secs"], 30);
    // The one looked up before the outage is shown from the local copy, marked as such.
    let cached = tc.counter.lookup(&p.payload, None).await.unwrap();
    assert!(
        cached.cached_at.is_some(),
        "served from the cache: {cached:?}"
    );

    let outcome = tc
        .counter
        .dispense(draft(&p.number, None, &[(&item, &product, 1)]))
        .await
        .expect("a 503 queues the dispense");
    assert_eq!(outcome.state, counter::DeliveryState::Queued);
    assert_eq!(tc.counter.outbox_len().unwrap(), 1);

    sbx.admin("/_sandbox/maintenance", json!({ "enabled": false }));
    assert_eq!(tc.counter.flush_outbox().await.unwrap(), 1);
    assert_eq!(tc.counter.outbox_len().unwrap(), 0);
    let row = tc.store().dispense(&outcome.dispense_id).unwrap().unwrap();
    assert_eq!(row.state, "delivered");
    assert_eq!(row.mode, "offline_retry");
}

#[tokio::test]
async fn raw_hold_and_release_round_trip() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let hold = raw
        .hold(&p.number, &HoldRequest { minutes: Some(5) }, Uuid::new_v4())
        .await
        .unwrap();
    raw.release_hold(&p.number, hold.hold_id).await.unwrap();
    assert!(fetch(&raw, p).await.hold.is_none());
}
