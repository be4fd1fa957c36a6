//! How an item is handed over: closed as not dispensed with a reason, handed over as packs of
//! more than one product of its INN, and who received the medicine.

mod common;

use common::{dispense_body, Api};
use reqwest::Method;
use serde_json::{json, Value};

/// An active demo prescription whose first item's INN has at least two products, with two of
/// those products' ids.
fn two_products(api: &Api) -> (dmed_sandbox::DemoPrescription, String, String) {
    for rx in api.state("active") {
        let inn = &rx.inns[0];
        let products: Vec<&String> = api
            .demo
            .products
            .iter()
            .filter(|p| &p.inn == inn)
            .map(|p| &p.product_id)
            .collect();
        if products.len() >= 2 {
            return (rx.clone(), products[0].clone(), products[1].clone());
        }
    }
    panic!("no active demo prescription with two products for its first item");
}

fn first_item(rx: &Value) -> (String, u32) {
    let it = &rx["items"][0];
    let left =
        it["quantity_prescribed"].as_u64().unwrap() - it["quantity_dispensed"].as_u64().unwrap();
    (it["item_id"].as_str().unwrap().to_owned(), left as u32)
}

fn closing_line(item_id: &str, reason: &str) -> Value {
    json!({"item_id": item_id, "product_id": "", "quantity": 0, "not_dispensed_reason": reason})
}

#[tokio::test]
async fn an_item_handed_over_as_two_products_obeys_what_remains_together() {
    let api = Api::start();
    let c = api.client(0).await;
    let (rx, a, b) = two_products(&api);
    let (item_id, left) = first_item(&c.lookup(&rx).await);
    assert!(left >= 2, "the demo item leaves at least 2");

    // Together more than remains: refused, nothing recorded.
    let too_much = dispense_body(
        &rx.number,
        None,
        &[(&item_id, &a, left - 1, vec![]), (&item_id, &b, 2, vec![])],
    );
    let err = c.dispense(too_much).await;
    let details = err.expect(422, "QUANTITY_EXCEEDED").clone();
    assert_eq!(details["remaining"], 1, "{details}");
    assert_eq!(first_item(&c.lookup(&rx).await).1, left);

    // Exactly what remains, split across two manufacturers.
    let split = dispense_body(
        &rx.number,
        None,
        &[(&item_id, &a, left - 1, vec![]), (&item_id, &b, 1, vec![])],
    );
    let d = c.dispense(split).await.ok(201).clone();
    let lines = d["items"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["product_id"], a.as_str());
    assert_eq!(lines[1]["product_id"], b.as_str());
    assert!(lines.iter().all(|l| l["remaining"] == 0));
    assert!(lines.iter().all(|l| l["item_status"] == "dispensed"));
    let after = &c.lookup(&rx).await["items"][0];
    assert_eq!(after["quantity_dispensed"], after["quantity_prescribed"]);
    assert_eq!(after["status"], "dispensed");
}

#[tokio::test]
async fn closing_an_item_records_the_reason_leaves_nothing_to_dispense_and_a_withdrawal_reopens_it()
{
    let api = Api::start();
    let c = api.client(0).await;
    let (rx, a, _) = two_products(&api);
    let before = c.lookup(&rx).await;
    let (item_id, left) = first_item(&before);
    let dispensed_before = before["items"][0]["quantity_dispensed"].as_u64().unwrap();

    // Hand over one and close the rest: patient declined.
    let mut body = dispense_body(&rx.number, None, &[(&item_id, &a, 1, vec![])]);
    body["items"]
        .as_array_mut()
        .unwrap()
        .push(closing_line(&item_id, "patient_declined: will buy later"));
    let d = c.dispense(body).await.ok(201).clone();
    let closing = &d["items"][1];
    assert_eq!(closing["quantity"], 0);
    assert_eq!(
        closing["not_dispensed_reason"],
        "patient_declined: will buy later"
    );
    assert_eq!(closing["item_status"], "not_dispensed");
    assert_eq!(closing["remaining"], 0);
    let after = c.lookup(&rx).await;
    assert_eq!(after["items"][0]["status"], "not_dispensed");
    assert_eq!(
        after["items"][0]["quantity_dispensed"].as_u64(),
        Some(dispensed_before + 1)
    );

    // Nothing more of it can be dispensed or closed.
    let again = dispense_body(&rx.number, None, &[(&item_id, &a, 1, vec![])]);
    c.dispense(again).await.expect(422, "QUANTITY_EXCEEDED");

    // The history shows the reason; withdrawing the dispense opens the item again.
    let history = c
        .get(&format!("/v1/prescriptions/{}/dispenses", rx.number))
        .await;
    let newest = history.ok(200)["dispenses"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        newest["items"][1]["not_dispensed_reason"],
        "patient_declined: will buy later"
    );
    let id = newest["dispense_id"].as_str().unwrap();
    c.post(
        &format!("/v1/dispenses/{id}/withdraw"),
        json!({"reason": "entered_in_error: wrong patient"}),
    )
    .await
    .ok(200);
    let reopened = c.lookup(&rx).await;
    assert_eq!(first_item(&reopened).1, left);
    assert_ne!(reopened["items"][0]["status"], "not_dispensed");
}

#[tokio::test]
async fn a_not_dispensed_line_needs_a_known_reason_words_for_other_and_nothing_handed_over() {
    let api = Api::start();
    let c = api.client(0).await;
    let (rx, a, _) = two_products(&api);
    let (item_id, _) = first_item(&c.lookup(&rx).await);
    let with = |line: Value| {
        let mut body = dispense_body(&rx.number, None, &[]);
        body["items"] = json!([line]);
        body
    };

    let unknown = c.dispense(with(closing_line(&item_id, "lost_it"))).await;
    unknown.expect(400, "BAD_REQUEST");
    let msg = unknown.body["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(msg.contains("out_of_stock"), "{msg}");
    c.dispense(with(closing_line(&item_id, "other")))
        .await
        .expect(400, "BAD_REQUEST");
    let mut handing = closing_line(&item_id, "out_of_stock");
    handing["quantity"] = json!(1);
    handing["product_id"] = json!(a);
    c.dispense(with(handing)).await.expect(400, "BAD_REQUEST");
    let twice = {
        let mut body = with(closing_line(&item_id, "out_of_stock"));
        body["items"]
            .as_array_mut()
            .unwrap()
            .push(closing_line(&item_id, "clinical"));
        body
    };
    c.dispense(twice).await.expect(400, "BAD_REQUEST");
    // A zero quantity without a reason is still refused as before.
    let zero = dispense_body(&rx.number, None, &[(&item_id, &a, 0, vec![])]);
    c.dispense(zero).await.expect(422, "QUANTITY_EXCEEDED");

    // Closing only, naming no product: accepted, and the prescription has nothing left when it
    // was its only open item.
    let d = c
        .dispense(with(closing_line(&item_id, "out_of_stock")))
        .await
        .ok(201)
        .clone();
    assert_eq!(d["items"][0]["not_dispensed_reason"], "out_of_stock");
}

#[tokio::test]
async fn who_received_the_medicine_is_checked_kept_and_shown_in_the_history() {
    let api = Api::start();
    let c = api.client(0).await;
    let (rx, a, _) = two_products(&api);
    let (item_id, _) = first_item(&c.lookup(&rx).await);
    let body_with = |receiver: Value| {
        let mut body = dispense_body(&rx.number, None, &[(&item_id, &a, 1, vec![])]);
        body["receiver"] = receiver;
        body
    };

    let child_document = json!({"kind": "representative", "full_name": "Karimova Malika",
        "relation": "mother", "document": "birth_certificate", "document_number": "I-TN 123456"});
    let err = c.dispense(body_with(child_document)).await;
    assert_eq!(err.expect(400, "BAD_REQUEST")["field"], "receiver.document");
    let nameless = json!({"kind": "representative", "relation": "mother",
        "document": "passport", "document_number": "AA1234567"});
    let err = c.dispense(body_with(nameless)).await;
    assert_eq!(
        err.expect(400, "BAD_REQUEST")["field"],
        "receiver.full_name"
    );

    let mother = json!({"kind": "representative", "full_name": "Karimova Malika",
        "relation": "mother", "document": "passport", "document_number": "AA1234567"});
    let d = c.dispense(body_with(mother.clone())).await.ok(201).clone();
    assert_eq!(d["receiver"], mother);
    let history = c
        .get(&format!("/v1/prescriptions/{}/dispenses", rx.number))
        .await;
    let newest = history.ok(200)["dispenses"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(newest["receiver"], mother);
}

#[tokio::test]
async fn a_pinfl_lookup_names_a_known_document_kind_or_none() {
    let api = Api::start();
    let c = api.client(0).await;
    let rx = &api.state("active")[0];
    let path = format!("/v1/patients/{}/prescriptions?status=active", rx.pinfl);
    let ask = |kind: Option<&'static str>| {
        let mut headers = vec![("X-Id-Document-Checked", "true")];
        if let Some(k) = kind {
            headers.push(("X-Id-Document-Kind", k));
        }
        let (c, path) = (&c, path.clone());
        async move { c.call(Method::GET, &path, None, &headers).await }
    };
    ask(Some("birth_certificate")).await.ok(200);
    ask(Some("id_card")).await.ok(200);
    ask(None).await.ok(200);
    let bad = ask(Some("library_card")).await;
    assert_eq!(
        bad.expect(400, "BAD_REQUEST")["field"],
        "X-Id-Document-Kind"
    );
}
