//! Lookups by number and access code, and by patient PINFL.

mod common;

use common::Api;
use reqwest::Method;

#[tokio::test]
async fn a_number_is_found_with_or_without_dashes_in_any_case() {
    let api = Api::start();
    let c = api.client(0).await;
    let rx = &api.state("active")[0];
    let plain = c.lookup(rx).await;
    assert_eq!(plain["number"], rx.number.as_str());
    assert_eq!(plain["status"], "active");
    assert_eq!(plain["patient"]["pinfl"], rx.pinfl.as_str());
    assert!(plain["hold"].is_null());
    assert!(!plain["items"].as_array().unwrap().is_empty());
    let shown = dmed_api::RxNumber::parse(&rx.number)
        .unwrap()
        .display()
        .to_lowercase();
    let dashed = c
        .get(&format!(
            "/v1/prescriptions/{}?code={}",
            shown.replace('+', "%2B"),
            rx.code
        ))
        .await;
    assert_eq!(dashed.ok(200)["number"], rx.number.as_str());
}

#[tokio::test]
async fn malformed_numbers_are_invalid_identifiers_with_details() {
    let api = Api::start();
    let c = api.client(0).await;
    let short = c.get("/v1/prescriptions/ABCD-1234?code=1234").await;
    let d = short.expect(422, "INVALID_IDENTIFIER");
    assert_eq!(d["problem"], "length");
    assert_eq!(d["field"], "prescription_number");
    let rx = &api.state("active")[0];
    let last = rx.number.chars().last().unwrap();
    let wrong = format!(
        "{}{}",
        &rx.number[..11],
        if last == '0' { '1' } else { '0' }
    );
    let bad_check = c
        .get(&format!("/v1/prescriptions/{wrong}?code={}", rx.code))
        .await;
    assert_eq!(
        bad_check.expect(422, "INVALID_IDENTIFIER")["problem"],
        "check_character"
    );
}

#[tokio::test]
async fn unknown_numbers_are_not_found() {
    let api = Api::start();
    let c = api.client(0).await;
    let unknown = dmed_api::RxNumber::from_body("ZZZZZZZZZZZ").unwrap();
    c.get(&format!("/v1/prescriptions/{}?code=1234", unknown.as_str()))
        .await
        .expect(404, "PRESCRIPTION_NOT_FOUND");
}

#[tokio::test]
async fn a_wrong_or_missing_access_code_is_refused() {
    let api = Api::start();
    let c = api.client(0).await;
    let rx = &api.state("active")[0];
    let other = if rx.code == "0000" { "1111" } else { "0000" };
    c.get(&format!("/v1/prescriptions/{}?code={other}", rx.number))
        .await
        .expect(403, "ACCESS_CODE_MISMATCH");
    c.get(&format!("/v1/prescriptions/{}", rx.number))
        .await
        .expect(403, "ACCESS_CODE_MISMATCH");
}

#[tokio::test]
async fn prescriptions_in_every_state_are_returned_with_their_status() {
    let api = Api::start();
    let c = api.client(0).await;
    for (state, status) in [
        ("partially_dispensed", "partially_dispensed"),
        ("completed", "completed"),
        ("cancelled", "cancelled"),
        ("expired", "expired"),
        ("not_yet_valid", "active"),
        ("chronic_active", "active"),
    ] {
        for rx in api.state(state) {
            let body = c.lookup(&rx).await;
            assert_eq!(body["status"], status, "{state}: {body}");
        }
    }
    let chronic = c.lookup(&api.state("chronic_active")[0]).await;
    assert_eq!(chronic["kind"], "chronic");
}

#[tokio::test]
async fn expiry_is_reported_lazily_when_the_window_passes() {
    let api = Api::start();
    let c = api.client(0).await;
    let rx = &api.state("active")[0];
    let before = c.lookup(rx).await;
    assert_eq!(before["status"], "active");
    api.advance_clock(120 * 86_400);
    let c = api.client(0).await;
    let after = c.lookup(rx).await;
    assert_eq!(after["status"], "expired");
    assert_eq!(after["items"][0]["status"], "expired");
}

#[tokio::test]
async fn patient_lookup_needs_the_id_document_header() {
    let api = Api::start();
    let c = api.client(0).await;
    let rx = &api.state("active")[0];
    let path = format!("/v1/patients/{}/prescriptions?status=active", rx.pinfl);
    c.get(&path).await.expect(428, "ID_DOCUMENT_NOT_CHECKED");
    c.call(
        Method::GET,
        &path,
        None,
        &[("X-Id-Document-Checked", "false")],
    )
    .await
    .expect(428, "ID_DOCUMENT_NOT_CHECKED");
    let ok = c
        .call(
            Method::GET,
            &path,
            None,
            &[("X-Id-Document-Checked", "true")],
        )
        .await;
    let list = ok.ok(200)["prescriptions"].as_array().unwrap().clone();
    assert!(list.iter().any(|p| p["number"] == rx.number.as_str()));
    for p in &list {
        assert!(
            p["status"] == "active" || p["status"] == "partially_dispensed",
            "{p}"
        );
        assert_eq!(p["patient"]["pinfl"], rx.pinfl.as_str());
    }
}

#[tokio::test]
async fn patient_lookup_rejects_bad_pinfls_and_reports_nothing_dispensable() {
    let api = Api::start();
    let c = api.client(0).await;
    let h = [("X-Id-Document-Checked", "true")];
    let bad = c
        .call(
            Method::GET,
            "/v1/patients/30211975910034/prescriptions",
            None,
            &h,
        )
        .await;
    assert_eq!(
        bad.expect(422, "INVALID_IDENTIFIER")["problem"],
        "check_character"
    );
    // A valid PINFL with no prescriptions at all.
    c.call(
        Method::GET,
        "/v1/patients/30211975910033/prescriptions",
        None,
        &h,
    )
    .await
    .expect(404, "PRESCRIPTION_NOT_FOUND");
}
