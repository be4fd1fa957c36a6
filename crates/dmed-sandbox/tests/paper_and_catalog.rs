//! Paper-record uploads and catalogue deltas.

mod common;

use common::{product_for, Api};
use serde_json::{json, Value};

/// A paper record handed over by the member of staff whose PINFL is `by`.
fn record(
    by: &str,
    number: Option<&str>,
    pinfl: &str,
    inn: &str,
    product: &str,
    quantity: u32,
) -> Value {
    json!({
        "record_id": uuid::Uuid::new_v4().to_string(),
        "prescription_number": number,
        "patient_pinfl": pinfl,
        "prescriber": {"full_name": "Karimova Dilnoza Rustamovna", "facility": "Toshkent shahar 12-oilaviy poliklinika"},
        "pharmacist_pinfl": by,
        "dispensed_at": "2026-01-01T09:00:00Z",
        "id_document_checked": true,
        "patient_declaration": true,
        "items": [{"inn": inn, "product_id": product, "quantity": quantity}],
    })
}

#[tokio::test]
async fn paper_records_are_accepted_or_conflict_each_on_its_own() {
    let api = Api::start();
    let c = api.client(0).await;
    let active = &api.state("active")[0];
    let inn = &active.inns[0];
    let product = product_for(&api, inn);
    let completed = &api.state("completed")[0];
    let cancelled = &api.state("cancelled")[0];

    let ok = record(
        &c.pinfl,
        Some(&active.number),
        &active.pinfl,
        inn,
        &product,
        1,
    );
    let too_many = record(
        &c.pinfl,
        Some(&active.number),
        &active.pinfl,
        inn,
        &product,
        100_000,
    );
    let done = record(
        &c.pinfl,
        Some(&completed.number),
        &completed.pinfl,
        &completed.inns[0],
        &product,
        1,
    );
    let gone = record(
        &c.pinfl,
        Some(&cancelled.number),
        &cancelled.pinfl,
        &cancelled.inns[0],
        &product,
        1,
    );
    let paper_only = record(&c.pinfl, None, &active.pinfl, inn, &product, 2);
    let bad_pinfl = record(&c.pinfl, None, "30211975910034", inn, &product, 1);
    let body = json!({"records": [ok, too_many, done, gone, paper_only, bad_pinfl]});

    let a = c.post("/v1/paper-records", body.clone()).await;
    let results = a.ok(200)["results"].as_array().unwrap().clone();
    let outcome = |i: usize| {
        (
            results[i]["outcome"].as_str().unwrap().to_owned(),
            results[i]["code"].as_str().map(str::to_owned),
        )
    };
    assert_eq!(outcome(0), ("accepted".into(), None));
    assert_eq!(results[0]["dispense_id"], body["records"][0]["record_id"]);
    assert_eq!(
        outcome(1),
        ("conflict".into(), Some("QUANTITY_EXCEEDED".into()))
    );
    assert!(results[1]["reason"].as_str().unwrap().contains("remain"));
    assert_eq!(
        outcome(2),
        ("conflict".into(), Some("ALREADY_DISPENSED".into()))
    );
    assert_eq!(outcome(3), ("conflict".into(), Some("CANCELLED".into())));
    assert_eq!(outcome(4), ("accepted".into(), None));
    assert_eq!(
        outcome(5),
        ("conflict".into(), Some("INVALID_IDENTIFIER".into()))
    );

    // The accepted record was applied as a paper dispense.
    let history = c
        .get(&format!("/v1/prescriptions/{}/dispenses", active.number))
        .await;
    let list = history.ok(200)["dispenses"].as_array().unwrap().clone();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["mode"], "paper");
    assert_eq!(c.lookup(active).await["items"][0]["quantity_dispensed"], 1);

    // Uploading again gives the same verdicts and applies nothing twice.
    let again = c.post("/v1/paper-records", body).await;
    assert_eq!(again.ok(200)["results"].as_array().unwrap(), &results);
    assert_eq!(c.lookup(active).await["items"][0]["quantity_dispensed"], 1);
}

#[tokio::test]
async fn a_paper_only_record_of_an_e_prescription_only_product_is_refused_and_one_with_the_number_is_not(
) {
    let api = Api::start();
    let c = api.client(0).await;
    let catalog = c.get("/v1/catalog?since=0").await.ok(200).clone();
    let listed: Vec<&Value> = catalog["products"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["e_rx_required"] == true)
        .collect();
    // An active prescription of such a product's INN.
    let (rx, product) = api
        .state("active")
        .into_iter()
        .find_map(|rx| {
            let p = listed
                .iter()
                .find(|p| rx.inns.iter().any(|i| p["inn"] == i.as_str()))?;
            Some((rx.clone(), (*p).clone()))
        })
        .expect("an active demo prescription of an e-prescription-only product");
    let inn = product["inn"].as_str().unwrap();
    let id = product["product_id"].as_str().unwrap();

    let paper_only = record(&c.pinfl, None, &rx.pinfl, inn, id, 1);
    let with_number = record(&c.pinfl, Some(&rx.number), &rx.pinfl, inn, id, 1);
    let a = c
        .post(
            "/v1/paper-records",
            json!({"records": [paper_only, with_number]}),
        )
        .await;
    let results = a.ok(200)["results"].as_array().unwrap().clone();
    assert_eq!(results[0]["outcome"], "conflict");
    assert_eq!(results[0]["code"], "E_RX_REQUIRED");
    let reason = results[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains(product["atc"].as_str().unwrap()),
        "{reason}"
    );
    assert_eq!(results[1]["outcome"], "accepted", "{:?}", results[1]);
}

#[tokio::test]
async fn the_catalogue_comes_whole_then_as_deltas() {
    let api = Api::start();
    let c = api.client(0).await;
    let all = c.get("/v1/catalog").await.ok(200).clone();
    let version = all["version"].as_u64().unwrap();
    assert!(version >= 2);
    let products = all["products"].as_array().unwrap();
    assert!(products.len() >= 300, "{}", products.len());
    let p = &products[0];
    for key in [
        "product_id",
        "trade_name",
        "inn",
        "atc",
        "form",
        "strength",
        "pack_size",
        "unit",
        "manufacturer",
        "gtins",
        "rx_only",
        "e_rx_required",
    ] {
        assert!(!p[key].is_null(), "{key} missing in {p}");
    }
    let antibiotic = products
        .iter()
        .find(|p| p["atc"].as_str().unwrap().starts_with("J01"))
        .unwrap();
    assert_eq!(antibiotic["e_rx_required"], true);
    let removed = all["removed"].as_array().unwrap();
    assert!(!removed.is_empty());
    for id in removed {
        assert!(products.iter().all(|p| &p["product_id"] != id));
    }

    let delta = c.get("/v1/catalog?since=1").await.ok(200).clone();
    assert!(delta["products"].as_array().unwrap().len() < products.len());
    assert!(!delta["products"].as_array().unwrap().is_empty());
    let none = c
        .get(&format!("/v1/catalog?since={version}"))
        .await
        .ok(200)
        .clone();
    assert!(none["products"].as_array().unwrap().is_empty());
    assert!(none["removed"].as_array().unwrap().is_empty());
    assert_eq!(none["version"], version);
}
