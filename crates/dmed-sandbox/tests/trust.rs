//! Who may act and how often: the administrator role, revocation with a time, the dispensing
//! pharmacist named in the body, lockouts after wrong secrets and access codes, and the control
//! routes that exist only when asked for.

mod common;

use common::{dispense_body, product_for, Api, Client};
use reqwest::Method;
use sandbox_process::SandboxProcess;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The sandbox's "now" (it moves with `/_sandbox/clock`).
async fn server_now(api: &Api) -> OffsetDateTime {
    let health = api.raw(Method::GET, "/v1/health", None, None).await;
    OffsetDateTime::parse(health.body["server_time"].as_str().unwrap(), &Rfc3339).unwrap()
}

fn at(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap()
}

/// A one-line dispense of the first item of the `i`-th active demo prescription, handed over
/// by `pharmacist_pinfl` at `handed_over_at`.
async fn one_line(
    api: &Api,
    c: &Client,
    i: usize,
    pharmacist_pinfl: &str,
    handed_over_at: &str,
) -> Value {
    let rx = &api.state("active")[i];
    let found = c.lookup(rx).await;
    let item = &found["items"][0];
    let product = product_for(api, item["inn"].as_str().unwrap());
    let mut body = dispense_body(
        &rx.number,
        None,
        &[(item["item_id"].as_str().unwrap(), &product, 1, vec![])],
    );
    body["pharmacist_pinfl"] = json!(pharmacist_pinfl);
    body["handed_over_at"] = json!(handed_over_at);
    body
}

fn revoke(api: &Api, pharmacy_id: &str, login: &str) {
    api.sandbox.admin(
        "/_sandbox/revoke",
        json!({"pharmacy_id": pharmacy_id, "login": login}),
    );
}

#[tokio::test]
async fn every_demo_pharmacy_has_one_administrator_who_can_sign_in() {
    let api = Api::start();
    let pharmacies: std::collections::BTreeSet<&str> = api
        .demo
        .pharmacies
        .iter()
        .map(|p| p.pharmacy_id.as_str())
        .collect();
    for id in pharmacies {
        let admins: Vec<_> = api
            .demo
            .staff
            .iter()
            .filter(|s| s.pharmacy_id == id && s.role == "administrator")
            .collect();
        assert_eq!(admins.len(), 1, "{id}: {admins:?}");
        let c = api.sign_in(admins[0]).await;
        c.get("/v1/catalog?since=3").await.ok(200);
    }
    let admin = api.staff("PH-0001", "administrator");
    let again = api.token_answer(&admin).await;
    assert_eq!(again.ok(200)["pharmacist"]["role"], "administrator");
}

#[tokio::test]
async fn a_revoked_members_sign_in_and_token_answer_access_revoked() {
    let api = Api::start();
    let who = api.demo.pharmacies[0].clone();
    let c = api.sign_in(&who).await;
    revoke(&api, &who.pharmacy_id, &who.login);
    let details = c
        .get("/v1/catalog?since=3")
        .await
        .expect(403, "FORBIDDEN")
        .clone();
    assert_eq!(details["reason"], "access_revoked");
    let sign_in = api.token_answer(&who).await;
    let details = sign_in.expect(403, "FORBIDDEN");
    assert_eq!(details["reason"], "access_revoked");
    assert!(sign_in.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("revoked"));
    // The seeded revoked members answer the same.
    let seeded = &api.demo.revoked[0];
    let gone = api.token_answer(seeded).await;
    assert_eq!(gone.expect(403, "FORBIDDEN")["reason"], "access_revoked");
}

#[tokio::test]
async fn any_session_of_the_pharmacy_may_record_a_dispense_named_for_its_pharmacist() {
    let api = Api::start();
    let pharmacist = api.client(0).await;
    let nurse = api.sign_in(&api.staff("PH-0001", "nurse")).await;
    let now = at(server_now(&api).await);
    let body = one_line(&api, &pharmacist, 0, &pharmacist.pinfl, &now).await;
    let d = nurse.dispense(body.clone()).await.ok(201).clone();
    assert_eq!(d["pharmacist_pinfl"], pharmacist.pinfl.as_str());
    assert_ne!(nurse.pinfl, pharmacist.pinfl);
    let number = body["prescription_number"].as_str().unwrap();
    let history = nurse
        .get(&format!("/v1/prescriptions/{number}/dispenses"))
        .await
        .ok(200)
        .clone();
    let last = history["dispenses"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["pharmacist_pinfl"], pharmacist.pinfl.as_str());
}

#[tokio::test]
async fn the_named_pharmacist_must_be_staff_in_a_dispensing_role() {
    let api = Api::start();
    let own = api.client(0).await;
    let other_pharmacy = api.client(1).await;
    let nurse = api.sign_in(&api.staff("PH-0001", "nurse")).await;
    let admin = api.sign_in(&api.staff("PH-0001", "administrator")).await;
    let manager = api.sign_in(&api.staff("PH-0001", "manager")).await;
    let now = at(server_now(&api).await);

    let stranger = one_line(&api, &own, 0, &other_pharmacy.pinfl, &now).await;
    let d = own.dispense(stranger).await;
    assert_eq!(
        d.expect(403, "FORBIDDEN")["reason"],
        "not_staff_of_pharmacy"
    );

    for who in [&nurse, &admin] {
        let body = one_line(&api, &own, 0, &who.pinfl, &now).await;
        let d = own.dispense(body).await;
        assert_eq!(d.expect(403, "FORBIDDEN")["reason"], "role_cannot_dispense");
    }

    let malformed = one_line(&api, &own, 0, "30211975910034", &now).await;
    own.dispense(malformed)
        .await
        .expect(422, "INVALID_IDENTIFIER");

    let by_manager = one_line(&api, &own, 0, &manager.pinfl, &now).await;
    let d = nurse.dispense(by_manager).await;
    assert_eq!(d.ok(201)["pharmacist_pinfl"], manager.pinfl.as_str());
}

#[tokio::test]
async fn a_dispense_handed_over_before_the_revocation_is_accepted_and_one_after_refused() {
    let api = Api::start();
    let pharmacist = api.client(0).await;
    let manager = api.sign_in(&api.staff("PH-0001", "manager")).await;
    let before = server_now(&api).await - time::Duration::hours(1);
    let queued = one_line(&api, &pharmacist, 0, &pharmacist.pinfl, &at(before)).await;
    let who = api.demo.pharmacies[0].clone();
    revoke(&api, &who.pharmacy_id, &who.login);
    api.advance_clock(60);
    let after = server_now(&api).await;

    // Sent later by the outbox under another member's session.
    let d = manager.dispense(queued).await;
    assert_eq!(d.ok(201)["pharmacist_pinfl"], pharmacist.pinfl.as_str());

    let late = one_line(&api, &manager, 1, &pharmacist.pinfl, &at(after)).await;
    let refused = manager.dispense(late).await;
    let details = refused.expect(403, "FORBIDDEN");
    // A verdict on the dispense, not the end of the manager's session that sent it.
    assert_eq!(details["reason"], "dispenser_revoked");
}

#[tokio::test]
async fn paper_records_name_a_pharmacist_who_may_dispense() {
    let api = Api::start();
    let c = api.client(0).await;
    let nurse = api.sign_in(&api.staff("PH-0001", "nurse")).await;
    let rx = &api.state("active")[0];
    let product = product_for(&api, &rx.inns[0]);
    let record = |by: &str| {
        json!({
            "record_id": uuid::Uuid::new_v4().to_string(),
            "prescription_number": null,
            "patient_pinfl": rx.pinfl,
            "prescriber": {"full_name": "Karimova Dilnoza", "facility": "12-oilaviy poliklinika"},
            "pharmacist_pinfl": by,
            "dispensed_at": "2026-01-01T09:00:00Z",
            "id_document_checked": true,
            "patient_declaration": true,
            "items": [{"inn": rx.inns[0], "product_id": product, "quantity": 1}],
        })
    };
    let body = json!({"records": [record(&c.pinfl), record(&nurse.pinfl)]});
    let answer = nurse.post("/v1/paper-records", body).await;
    let results = answer.ok(200)["results"].as_array().unwrap().clone();
    assert_eq!(results[0]["outcome"], "accepted");
    assert_eq!(results[1]["outcome"], "conflict");
    assert_eq!(results[1]["code"], "FORBIDDEN");
    assert!(
        results[1]["reason"]
            .as_str()
            .unwrap()
            .contains("role_cannot_dispense"),
        "{}",
        results[1]
    );
}

async fn sign_in_with(api: &Api, pharmacy_id: &str, login: &str, secret: &str) -> common::Answer {
    api.raw(
        Method::POST,
        "/v1/auth/token",
        None,
        Some(json!({"pharmacy_id": pharmacy_id, "login": login, "secret": secret})),
    )
    .await
}

#[tokio::test]
async fn five_wrong_secrets_lock_the_login_for_fifteen_minutes_even_for_the_right_secret() {
    let api = Api::start();
    let who = api.demo.pharmacies[0].clone();
    for _ in 0..5 {
        sign_in_with(&api, &who.pharmacy_id, &who.login, "wrong")
            .await
            .expect(401, "UNAUTHENTICATED");
    }
    let locked = sign_in_with(&api, &who.pharmacy_id, &who.login, &who.secret).await;
    let details = locked.expect(429, "TOO_MANY_ATTEMPTS").clone();
    let retry = details["retry_after_secs"].as_u64().unwrap();
    assert!((840..=900).contains(&retry), "{retry}");
    assert_eq!(locked.headers["retry-after"], retry.to_string().as_str());
    // Another login of the same pharmacy is not locked.
    let other = api.staff(&who.pharmacy_id, "manager");
    sign_in_with(&api, &other.pharmacy_id, &other.login, &other.secret)
        .await
        .ok(200);

    api.advance_clock(15 * 60);
    sign_in_with(&api, &who.pharmacy_id, &who.login, &who.secret)
        .await
        .ok(200);
}

#[tokio::test]
async fn five_wrong_access_codes_lock_that_prescriptions_code_for_fifteen_minutes() {
    let api = Api::start();
    let c = api.client(0).await;
    let rx = api.state("active")[0].clone();
    let other = api.state("active")[1].clone();
    let wrong = if rx.code == "0000" { "1111" } else { "0000" };
    let path = |code: &str| format!("/v1/prescriptions/{}?code={code}", rx.number);
    for _ in 0..5 {
        c.get(&path(wrong))
            .await
            .expect(403, "ACCESS_CODE_MISMATCH");
    }
    let locked = c.get(&path(&rx.code)).await;
    let details = locked.expect(429, "TOO_MANY_ATTEMPTS").clone();
    assert!(details["retry_after_secs"].as_u64().unwrap() > 0);
    assert!(locked.headers.contains_key("retry-after"));
    // Other prescriptions are not locked, and from another pharmacy the code is locked too.
    c.lookup(&other).await;
    let b = api.client(1).await;
    b.get(&path(&rx.code))
        .await
        .expect(429, "TOO_MANY_ATTEMPTS");

    api.advance_clock(15 * 60);
    c.lookup(&rx).await;
}

#[tokio::test]
async fn control_routes_are_404_without_the_flag_and_work_with_it() {
    let plain = SandboxProcess::start_without_control_routes(&[]);
    let http = reqwest::Client::new();
    for (method, path) in [
        (Method::POST, "/_sandbox/clock"),
        (Method::POST, "/_sandbox/revoke"),
        (Method::POST, "/_sandbox/maintenance"),
        (Method::GET, "/_sandbox/faults"),
    ] {
        let resp = http
            .request(method, format!("{}{path}", plain.base_url))
            .json(&json!({"advance_secs": 60}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 404, "{path}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["code"], "NOT_FOUND");
    }

    let api = Api::start();
    let resp = http
        .post(api.url("/_sandbox/clock"))
        .json(&json!({"advance_secs": 60}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}
