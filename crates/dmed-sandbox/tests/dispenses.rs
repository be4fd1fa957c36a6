//! Dispenses: idempotency, the rule checks in order, the transaction's effects, withdrawal and
//! history.

mod common;

use common::{active_with_codes, dispense_body, other_product, product_for, Api};
use serde_json::{json, Value};

fn item(rx: &Value, i: usize) -> (String, String, u32) {
    let it = &rx["items"][i];
    let remaining =
        it["quantity_prescribed"].as_u64().unwrap() - it["quantity_dispensed"].as_u64().unwrap();
    (
        it["item_id"].as_str().unwrap().to_owned(),
        it["inn"].as_str().unwrap().to_owned(),
        remaining as u32,
    )
}

#[tokio::test]
async fn a_dispense_moves_quantities_statuses_codes_and_releases_the_hold() {
    let api = Api::start();
    let c = api.client(0).await;
    let (rx, product, codes) = active_with_codes(&api);
    let before = c.lookup(&rx).await;
    let (item_id, _, remaining) = item(&before, 0);
    let hold_id = c.hold(&rx.number).await.ok(200)["hold_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = dispense_body(
        &rx.number,
        Some(&hold_id),
        &[(&item_id, &product, 1, vec![codes[0].clone()])],
    );
    let a = c.dispense(body.clone()).await;
    let d = a.ok(201).clone();
    assert_eq!(d["status"], "completed");
    assert_eq!(d["pharmacy_id"], c.pharmacy_id.as_str());
    assert_eq!(d["items"][0]["remaining"], remaining - 1);
    let expected_item = if remaining == 1 {
        "dispensed"
    } else {
        "partial"
    };
    assert_eq!(d["items"][0]["item_status"], expected_item);

    let after = c.lookup(&rx).await;
    assert!(after["hold"].is_null(), "hold released");
    assert_eq!(after["items"][0]["quantity_dispensed"], 1);
    assert_ne!(after["status"], "active");
    assert_eq!(after["status"], d["prescription_status"]);

    // Same key and body: the original answer again.
    let replay = c.dispense(body.clone()).await;
    assert_eq!(replay.ok(201), &d);
    assert_eq!(
        c.lookup(&rx).await["items"][0]["quantity_dispensed"],
        1,
        "not applied twice"
    );

    // Same key, other body.
    let mut changed = body.clone();
    changed["items"][0]["quantity"] = json!(2);
    c.dispense(changed)
        .await
        .expect(409, "IDEMPOTENCY_CONFLICT");

    // The sold pack cannot be sold again.
    let again = dispense_body(
        &rx.number,
        None,
        &[(&item_id, &product, 1, vec![codes[0].clone()])],
    );
    c.dispense(again).await.expect(409, "MARKING_CODE_RETIRED");

    let history = c
        .get(&format!("/v1/prescriptions/{}/dispenses", rx.number))
        .await;
    let list = history.ok(200)["dispenses"].as_array().unwrap().clone();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["dispense_id"], d["dispense_id"]);
}

#[tokio::test]
async fn the_idempotency_key_must_equal_the_dispense_id() {
    let api = Api::start();
    let c = api.client(0).await;
    let (rx, product, _) = active_with_codes(&api);
    let (item_id, _, _) = item(&c.lookup(&rx).await, 0);
    let body = dispense_body(&rx.number, None, &[(&item_id, &product, 1, vec![])]);
    c.call(
        reqwest::Method::POST,
        "/v1/dispenses",
        Some(body.clone()),
        &[("Idempotency-Key", "other")],
    )
    .await
    .expect(400, "BAD_REQUEST");
    c.call(reqwest::Method::POST, "/v1/dispenses", Some(body), &[])
        .await
        .expect(400, "BAD_REQUEST");
}

#[tokio::test]
async fn item_checks_answer_their_codes() {
    let api = Api::start();
    let c = api.client(0).await;
    let (rx, product, codes) = active_with_codes(&api);
    let (item_id, inn, remaining) = item(&c.lookup(&rx).await, 0);
    let send = |lines: Vec<(&str, String, u32, Vec<String>)>| {
        let lines: Vec<(&str, &str, u32, Vec<String>)> = lines
            .iter()
            .map(|(i, p, q, cs)| (*i, p.as_str(), *q, cs.clone()))
            .collect();
        dispense_body(&rx.number, None, &lines)
    };
    let d = c
        .dispense(send(vec![(
            &item_id,
            product.clone(),
            remaining + 1,
            vec![],
        )]))
        .await;
    let det = d.expect(422, "QUANTITY_EXCEEDED");
    assert_eq!(det["remaining"], remaining);
    assert_eq!(det["item_id"], item_id.as_str());
    c.dispense(send(vec![(&item_id, product.clone(), 0, vec![])]))
        .await
        .expect(422, "QUANTITY_EXCEEDED");

    let wrong = other_product(&api, &inn);
    let det = c.dispense(send(vec![(&item_id, wrong, 1, vec![])])).await;
    let det = det.expect(422, "PRODUCT_INN_MISMATCH");
    assert_eq!(det["item_inn"], inn.as_str());
    assert!(det["product_inn"].is_string());

    c.dispense(send(vec![("no-such-item", product.clone(), 1, vec![])]))
        .await
        .expect(404, "NOT_FOUND");
    c.dispense(send(vec![(&item_id, "DRN-99999".into(), 1, vec![])]))
        .await
        .expect(404, "NOT_FOUND");
    c.dispense(send(vec![(
        &item_id,
        product.clone(),
        1,
        vec!["garbage".into()],
    )]))
    .await
    .expect(422, "MARKING_CODE_INVALID");
    // A well-formed code whose GTIN belongs to another product.
    let foreign = api
        .demo
        .marking_codes
        .iter()
        .find(|m| m.product_id != product && !codes.contains(&m.code))
        .map(|m| m.code.clone())
        .expect("a code of another product");
    c.dispense(send(vec![(&item_id, product.clone(), 1, vec![foreign])]))
        .await
        .expect(422, "MARKING_CODE_INVALID");
    // Nothing was applied by the refused requests.
    assert_eq!(c.lookup(&rx).await["items"][0]["quantity_dispensed"], 0);
}

#[tokio::test]
async fn status_validity_and_hold_checks_come_first() {
    let api = Api::start();
    let (a, b) = (api.client(0).await, api.client(1).await);
    for (state, code) in [
        ("cancelled", "CANCELLED"),
        ("completed", "ALREADY_DISPENSED"),
        ("expired", "EXPIRED"),
        ("not_yet_valid", "NOT_YET_VALID"),
    ] {
        let rx = &api.state(state)[0];
        let body = dispense_body(&rx.number, None, &[("x", "y", 1, vec![])]);
        a.dispense(body).await.expect(409, code);
    }
    let unknown = dmed_api::RxNumber::from_body("ZZZZZZZZZZZ").unwrap();
    a.dispense(dispense_body(
        unknown.as_str(),
        None,
        &[("x", "y", 1, vec![])],
    ))
    .await
    .expect(404, "PRESCRIPTION_NOT_FOUND");

    let (rx, product, _) = active_with_codes(&api);
    let (item_id, _, _) = item(&a.lookup(&rx).await, 0);
    let hold_id = b.hold(&rx.number).await.ok(200)["hold_id"]
        .as_str()
        .unwrap()
        .to_owned();
    a.dispense(dispense_body(
        &rx.number,
        None,
        &[(&item_id, &product, 1, vec![])],
    ))
    .await
    .expect(409, "HELD_BY_OTHER_PHARMACY");
    a.dispense(dispense_body(
        &rx.number,
        Some(&hold_id),
        &[(&item_id, &product, 1, vec![])],
    ))
    .await
    .expect(409, "HELD_BY_OTHER_PHARMACY");
    // B's hold runs out: B's dispense naming it is refused, A may now dispense.
    api.advance_clock(15 * 60 + 1);
    b.dispense(dispense_body(
        &rx.number,
        Some(&hold_id),
        &[(&item_id, &product, 1, vec![])],
    ))
    .await
    .expect(409, "HOLD_EXPIRED");
    a.dispense(dispense_body(
        &rx.number,
        None,
        &[(&item_id, &product, 1, vec![])],
    ))
    .await
    .ok(201);
}

#[tokio::test]
async fn dispensing_everything_completes_the_prescription() {
    let api = Api::start();
    let c = api.client(0).await;
    let rx = &api.state("active")[1];
    let before = c.lookup(rx).await;
    let n = before["items"].as_array().unwrap().len();
    let lines: Vec<(String, String, u32)> = (0..n)
        .map(|i| {
            let (id, inn, remaining) = item(&before, i);
            (id, product_for(&api, &inn), remaining)
        })
        .collect();
    let lines: Vec<(&str, &str, u32, Vec<String>)> = lines
        .iter()
        .map(|(i, p, q)| (i.as_str(), p.as_str(), *q, vec![]))
        .collect();
    let d = c.dispense(dispense_body(&rx.number, None, &lines)).await;
    assert_eq!(d.ok(201)["prescription_status"], "completed");
    assert!(d.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["remaining"] == 0 && i["item_status"] == "dispensed"));
    assert_eq!(c.lookup(rx).await["status"], "completed");
    let again = dispense_body(&rx.number, None, &[(lines[0].0, lines[0].1, 1, vec![])]);
    c.dispense(again).await.expect(409, "ALREADY_DISPENSED");
}

#[tokio::test]
async fn withdrawing_restores_quantities_and_packs_within_the_rules() {
    let api = Api::start();
    let (a, b) = (api.client(0).await, api.client(1).await);
    let (rx, product, codes) = active_with_codes(&api);
    let (item_id, _, remaining) = item(&a.lookup(&rx).await, 0);
    assert!(remaining >= 2, "needs two units");
    let first = a
        .dispense(dispense_body(
            &rx.number,
            None,
            &[(&item_id, &product, 1, vec![codes[0].clone()])],
        ))
        .await
        .ok(201)
        .clone();
    let second = a
        .dispense(dispense_body(
            &rx.number,
            None,
            &[(&item_id, &product, 1, vec![codes[1].clone()])],
        ))
        .await
        .ok(201)
        .clone();
    let w = |d: &Value| {
        format!(
            "/v1/dispenses/{}/withdraw",
            d["dispense_id"].as_str().unwrap()
        )
    };
    let reason = json!({"reason": "wrong patient"});

    let older = a.post(&w(&first), reason.clone()).await;
    assert_eq!(
        older.expect(409, "WITHDRAW_NOT_ALLOWED")["reason"],
        "not_newest"
    );
    let foreign = b.post(&w(&second), reason.clone()).await;
    assert_eq!(
        foreign.expect(409, "WITHDRAW_NOT_ALLOWED")["reason"],
        "other_pharmacy"
    );
    a.post(
        &format!("/v1/dispenses/{}/withdraw", uuid::Uuid::new_v4()),
        reason.clone(),
    )
    .await
    .expect(404, "NOT_FOUND");

    let done = a.post(&w(&second), reason.clone()).await;
    assert_eq!(done.ok(200)["status"], "withdrawn");
    // A retry of the same withdrawal answers the same.
    assert_eq!(
        a.post(&w(&second), reason.clone()).await.ok(200)["status"],
        "withdrawn"
    );
    let after = a.lookup(&rx).await;
    assert_eq!(after["items"][0]["quantity_dispensed"], 1);
    assert_eq!(after["status"], "partially_dispensed");
    // The pack is back on sale.
    a.dispense(dispense_body(
        &rx.number,
        None,
        &[(&item_id, &product, 1, vec![codes[1].clone()])],
    ))
    .await
    .ok(201);

    let history = a
        .get(&format!("/v1/prescriptions/{}/dispenses", rx.number))
        .await;
    let list = history.ok(200)["dispenses"].as_array().unwrap().clone();
    assert_eq!(list.len(), 3);
    assert_eq!(list[1]["status"], "withdrawn");
}

#[tokio::test]
async fn the_withdraw_window_is_24_hours() {
    let api = Api::start();
    let a = api.client(0).await;
    let (rx, product, _) = active_with_codes(&api);
    let (item_id, _, _) = item(&a.lookup(&rx).await, 0);
    let d = a
        .dispense(dispense_body(
            &rx.number,
            None,
            &[(&item_id, &product, 1, vec![])],
        ))
        .await
        .ok(201)
        .clone();
    api.advance_clock(24 * 3600 + 1);
    // Tokens last 8 hours: sign in again.
    let a = api.client(0).await;
    let late = a
        .post(
            &format!(
                "/v1/dispenses/{}/withdraw",
                d["dispense_id"].as_str().unwrap()
            ),
            json!({"reason": "late"}),
        )
        .await;
    assert_eq!(
        late.expect(409, "WITHDRAW_NOT_ALLOWED")["reason"],
        "too_late"
    );
}
