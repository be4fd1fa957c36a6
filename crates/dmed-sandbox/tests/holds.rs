//! Holds: exclusive per pharmacy, renewable, released, expiring by the server clock.

mod common;

use common::Api;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_hold_is_exclusive_and_renewing_keeps_its_id() {
    let api = Api::start();
    let (a, b) = (api.client(0).await, api.client(1).await);
    let rx = &api.state("active")[0];
    let first = a.hold(&rx.number).await.ok(200).clone();
    let hold_id = first["hold_id"].as_str().unwrap().to_owned();
    let again = a.hold(&rx.number).await.ok(200).clone();
    assert_eq!(again["hold_id"], hold_id.as_str());

    let other = b.hold(&rx.number).await;
    let d = other.expect(409, "HELD_BY_OTHER_PHARMACY");
    assert_eq!(d["holder"]["pharmacy_id"], a.pharmacy_id.as_str());
    assert!(d["holder"]["name"].as_str().unwrap().contains("Dorixona"));
    assert_eq!(d["expires_at"], again["expires_at"]);

    let seen = b.lookup(rx).await;
    assert_eq!(seen["hold"]["pharmacy_id"], a.pharmacy_id.as_str());
}

#[tokio::test]
async fn minutes_are_bounded() {
    let api = Api::start();
    let c = api.client(0).await;
    let rx = &api.state("active")[0];
    let path = format!("/v1/prescriptions/{}/hold", rx.number);
    c.post(&path, json!({"minutes": 61}))
        .await
        .expect(400, "BAD_REQUEST");
    c.post(&path, json!({"minutes": 0}))
        .await
        .expect(400, "BAD_REQUEST");
    let ok = c.post(&path, json!({"minutes": 60})).await;
    assert!(ok.ok(200)["expires_at"].is_string());
}

#[tokio::test]
async fn released_and_expired_holds_free_the_prescription() {
    let api = Api::start();
    let (a, b) = (api.client(0).await, api.client(1).await);
    let rx = &api.state("active")[0];
    let hold_id = a.hold(&rx.number).await.ok(200)["hold_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v1/prescriptions/{}/hold/{hold_id}", rx.number);
    // Another pharmacy cannot release it.
    b.call(Method::DELETE, &path, None, &[])
        .await
        .expect(409, "HOLD_EXPIRED");
    let released = a.call(Method::DELETE, &path, None, &[]).await;
    assert_eq!(released.status, 204);
    a.call(Method::DELETE, &path, None, &[])
        .await
        .expect(409, "HOLD_EXPIRED");

    let b_hold = b.hold(&rx.number).await.ok(200)["hold_id"]
        .as_str()
        .unwrap()
        .to_owned();
    a.hold(&rx.number)
        .await
        .expect(409, "HELD_BY_OTHER_PHARMACY");
    api.advance_clock(16 * 60);
    assert!(a.lookup(rx).await["hold"].is_null());
    a.hold(&rx.number).await.ok(200);
    b.call(
        Method::DELETE,
        &format!("/v1/prescriptions/{}/hold/{b_hold}", rx.number),
        None,
        &[],
    )
    .await
    .expect(409, "HOLD_EXPIRED");
}

#[tokio::test]
async fn closed_or_out_of_window_prescriptions_cannot_be_held() {
    let api = Api::start();
    let c = api.client(0).await;
    for (state, code) in [
        ("cancelled", "CANCELLED"),
        ("completed", "ALREADY_DISPENSED"),
        ("expired", "EXPIRED"),
        ("not_yet_valid", "NOT_YET_VALID"),
    ] {
        let rx = &api.state(state)[0];
        c.hold(&rx.number).await.expect(409, code);
    }
    c.hold("ABCD").await.expect(422, "INVALID_IDENTIFIER");
    let unknown = dmed_api::RxNumber::from_body("ZZZZZZZZZZZ").unwrap();
    c.hold(unknown.as_str())
        .await
        .expect(404, "PRESCRIPTION_NOT_FOUND");
}
