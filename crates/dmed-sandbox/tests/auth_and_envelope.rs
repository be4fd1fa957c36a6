//! Sign-in, bearer tokens, revocation, request ids, maintenance and the error envelope, over
//! real HTTP against a sandbox process.

mod common;

use common::{send, Api};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn health_needs_no_token_and_reports_the_api_version() {
    let api = Api::start();
    let a = api.raw(Method::GET, "/v1/health", None, None).await;
    let body = a.ok(200);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["api_version"], "1");
    assert!(body["server_time"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn sign_in_returns_token_pharmacist_and_pharmacy() {
    let api = Api::start();
    let who = &api.demo.pharmacies[0];
    let a = api.token_answer(who).await;
    let body = a.ok(200);
    assert!(body["access_token"].as_str().unwrap().len() >= 32);
    assert_eq!(body["pharmacist"]["role"], "pharmacist");
    assert_eq!(body["pharmacy"]["pharmacy_id"], who.pharmacy_id.as_str());
    assert!(body["pharmacy"]["name"]
        .as_str()
        .unwrap()
        .contains("Dorixona"));
    assert!(body["pharmacy"]["address"].is_string());
    assert!(dmed_api::Pinfl::parse(body["pharmacist"]["pinfl"].as_str().unwrap()).is_ok());
}

#[tokio::test]
async fn wrong_credentials_are_unauthenticated_and_revoked_staff_forbidden() {
    let api = Api::start();
    let who = &api.demo.pharmacies[0];
    let wrong = api
        .raw(
            Method::POST,
            "/v1/auth/token",
            None,
            Some(json!({"pharmacy_id": who.pharmacy_id, "login": who.login, "secret": "nope"})),
        )
        .await;
    wrong.expect(401, "UNAUTHENTICATED");
    let unknown = api
        .raw(
            Method::POST,
            "/v1/auth/token",
            None,
            Some(json!({"pharmacy_id": "PH-9999", "login": "x", "secret": "y"})),
        )
        .await;
    unknown.expect(401, "UNAUTHENTICATED");
    let gone = &api.demo.revoked[0];
    let revoked = api.token_answer(gone).await;
    revoked.expect(403, "FORBIDDEN");
}

#[tokio::test]
async fn calls_without_a_valid_bearer_are_unauthenticated() {
    let api = Api::start();
    let rx = &api.state("active")[0];
    let path = format!("/v1/prescriptions/{}?code={}", rx.number, rx.code);
    api.raw(Method::GET, &path, None, None)
        .await
        .expect(401, "UNAUTHENTICATED");
    api.raw(Method::GET, &path, Some("deadbeef"), None)
        .await
        .expect(401, "UNAUTHENTICATED");
    api.raw(Method::GET, "/v1/catalog", None, None)
        .await
        .expect(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_token_expires_after_its_ttl_by_the_server_clock() {
    let api = Api::start_with(&["--token-ttl-secs", "600"]);
    let c = api.client(0).await;
    c.get("/v1/catalog?since=3").await.ok(200);
    api.advance_clock(601);
    c.get("/v1/catalog?since=3")
        .await
        .expect(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn revoking_after_sign_in_makes_the_token_forbidden() {
    let api = Api::start();
    let c = api.client(1).await;
    c.get("/v1/catalog?since=3").await.ok(200);
    let who = &api.demo.pharmacies[1];
    api.sandbox.admin(
        "/_sandbox/revoke",
        json!({"pharmacy_id": who.pharmacy_id, "login": who.login}),
    );
    c.get("/v1/catalog?since=3").await.expect(403, "FORBIDDEN");
    // Other pharmacies are unaffected.
    api.client(0).await.get("/v1/catalog?since=3").await.ok(200);
}

#[tokio::test]
async fn request_id_is_echoed_or_generated() {
    let api = Api::start();
    let http = reqwest::Client::new();
    let given = "3f0c1b7e-8a51-4d1e-9a55-0d3c2a8b9e10";
    let a = send(
        &http,
        &api.sandbox.base_url,
        Method::GET,
        "/v1/health",
        None,
        None,
        &[("X-Request-ID", given)],
    )
    .await;
    assert_eq!(a.headers["x-request-id"], given);
    let b = api.raw(Method::GET, "/v1/health", None, None).await;
    let generated = b.headers["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(generated).is_ok(), "{generated}");
    // Errors carry it too.
    let e = send(
        &http,
        &api.sandbox.base_url,
        Method::GET,
        "/v1/catalog",
        None,
        None,
        &[("X-Request-ID", given)],
    )
    .await;
    assert_eq!(e.status, 401);
    assert_eq!(e.headers["x-request-id"], given);
}

#[tokio::test]
async fn malformed_json_and_unknown_routes_answer_the_envelope() {
    let api = Api::start();
    let http = reqwest::Client::new();
    let resp = http
        .post(api.url("/v1/auth/token"))
        .header("content-type", "application/json")
        .body("{\"pharmacy_id\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["error"]["code"], "BAD_REQUEST");

    let missing_field = api
        .raw(
            Method::POST,
            "/v1/auth/token",
            None,
            Some(json!({"login": "x"})),
        )
        .await;
    missing_field.expect(400, "BAD_REQUEST");

    let c = api.client(0).await;
    c.post("/v1/dispenses", json!([1, 2]))
        .await
        .expect(400, "BAD_REQUEST");
    c.get("/v1/catalog?since=abc")
        .await
        .expect(400, "BAD_REQUEST");
    c.get("/v1/nothing-here").await.expect(404, "NOT_FOUND");
    let put = c.call(Method::PUT, "/v1/health", None, &[]).await;
    put.expect(405, "BAD_REQUEST");
    assert_eq!(put.headers["allow"], "GET,HEAD", "{:?}", put.headers);
}

#[tokio::test]
async fn maintenance_answers_503_with_retry_after_except_health() {
    let api = Api::start();
    let c = api.client(0).await;
    let rx = &api.state("active")[0];
    api.sandbox.admin(
        "/_sandbox/maintenance",
        json!({"enabled": true, "retry_after_secs": 42}),
    );
    let a = c
        .get(&format!("/v1/prescriptions/{}?code={}", rx.number, rx.code))
        .await;
    a.expect(503, "SERVICE_UNAVAILABLE");
    assert_eq!(a.headers["retry-after"], "42");
    let who = &api.demo.pharmacies[0];
    api.token_answer(who)
        .await
        .expect(503, "SERVICE_UNAVAILABLE");
    api.raw(Method::GET, "/v1/health", None, None).await.ok(200);
    api.sandbox.admin(
        "/_sandbox/maintenance",
        json!({"enabled": false, "retry_after_secs": 0}),
    );
    c.lookup(rx).await;
}
