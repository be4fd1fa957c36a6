//! Helpers shared by the integration tests: a sandbox child process, sign-in, and JSON calls
//! that return the status code with the body.
#![allow(dead_code)]

use dmed_sandbox::{DemoInfo, DemoLogin, DemoPrescription};
use reqwest::{Method, StatusCode};
use sandbox_process::SandboxProcess;
use serde_json::{json, Value};

pub struct Api {
    pub sandbox: SandboxProcess,
    pub demo: DemoInfo,
    http: reqwest::Client,
}

/// A signed-in client of one pharmacy.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub token: String,
    pub pharmacy_id: String,
    /// PINFL of the signed-in member of staff.
    pub pinfl: String,
    http: reqwest::Client,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The error code of an error envelope (panics when the body is not one).
    pub fn code(&self) -> &str {
        self.body["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("not an error envelope: {} {}", self.status, self.body))
    }

    #[track_caller]
    pub fn expect(&self, status: u16, code: &str) -> &Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.code(), code, "body: {}", self.body);
        assert!(self.body["error"]["message"].is_string(), "{}", self.body);
        &self.body["error"]["details"]
    }

    #[track_caller]
    pub fn ok(&self, status: u16) -> &Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        &self.body
    }
}

impl Api {
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    pub fn start_with(args: &[&str]) -> Self {
        let sandbox = SandboxProcess::start_with(args);
        let demo = sandbox.demo();
        Self {
            sandbox,
            demo,
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url)
    }

    /// Signs in as the active pharmacist of the `i`-th demo pharmacy.
    pub async fn client(&self, i: usize) -> Client {
        let who = self.demo.pharmacies[i].clone();
        self.sign_in(&who).await
    }

    /// The active member of staff of `pharmacy_id` in `role` (wire name, e.g. `"nurse"`).
    pub fn staff(&self, pharmacy_id: &str, role: &str) -> DemoLogin {
        self.demo
            .staff
            .iter()
            .find(|s| s.pharmacy_id == pharmacy_id && s.role == role)
            .cloned()
            .unwrap_or_else(|| panic!("no active {role} at {pharmacy_id} in the demo"))
    }

    /// The answer to `POST /v1/auth/token` with `who`'s credentials, whatever it is.
    pub async fn token_answer(&self, who: &DemoLogin) -> Answer {
        self.raw(
            Method::POST,
            "/v1/auth/token",
            None,
            Some(json!({"pharmacy_id": who.pharmacy_id, "login": who.login, "secret": who.secret})),
        )
        .await
    }

    /// Signs in as `who`.
    pub async fn sign_in(&self, who: &DemoLogin) -> Client {
        let a = self.token_answer(who).await;
        let body = a.ok(200);
        Client {
            base: self.sandbox.base_url.clone(),
            token: body["access_token"].as_str().unwrap().to_owned(),
            pharmacy_id: who.pharmacy_id.clone(),
            pinfl: body["pharmacist"]["pinfl"].as_str().unwrap().to_owned(),
            http: self.http.clone(),
        }
    }

    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        send(
            &self.http,
            &self.sandbox.base_url,
            method,
            path,
            token,
            body,
            &[],
        )
        .await
    }

    /// Demo prescriptions of one state.
    pub fn state(&self, state: &str) -> Vec<DemoPrescription> {
        let v: Vec<_> = self
            .demo
            .prescriptions
            .iter()
            .filter(|p| p.state == state)
            .cloned()
            .collect();
        assert!(!v.is_empty(), "no demo prescription in state {state}");
        v
    }

    pub fn advance_clock(&self, secs: i64) {
        self.sandbox
            .admin("/_sandbox/clock", json!({ "advance_secs": secs }));
    }
}

pub async fn send(
    http: &reqwest::Client,
    base: &str,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> Answer {
    let mut req = http.request(method, format!("{base}{path}"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.expect("request failed");
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("no body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"))
    };
    Answer {
        status,
        headers,
        body,
    }
}

impl Client {
    pub async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(body), &[]).await
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        send(
            &self.http,
            &self.base,
            method,
            path,
            Some(&self.token),
            body,
            headers,
        )
        .await
    }

    /// Looks a demo prescription up by number and code.
    pub async fn lookup(&self, rx: &DemoPrescription) -> Value {
        self.get(&format!("/v1/prescriptions/{}?code={}", rx.number, rx.code))
            .await
            .ok(200)
            .clone()
    }

    pub async fn hold(&self, number: &str) -> Answer {
        self.call(
            Method::POST,
            &format!("/v1/prescriptions/{number}/hold"),
            None,
            &[],
        )
        .await
    }

    /// Posts a dispense with `Idempotency-Key` = its `dispense_id`, handed over by the signed-in
    /// member of staff unless the body names a `pharmacist_pinfl`.
    pub async fn dispense(&self, mut body: Value) -> Answer {
        if body.get("pharmacist_pinfl").is_none() {
            body["pharmacist_pinfl"] = Value::String(self.pinfl.clone());
        }
        let key = body["dispense_id"].as_str().unwrap().to_owned();
        self.call(
            Method::POST,
            "/v1/dispenses",
            Some(body),
            &[("Idempotency-Key", &key)],
        )
        .await
    }
}

/// A dispense body for the given lines `(item_id, product_id, quantity, codes)`.
pub fn dispense_body(
    number: &str,
    hold_id: Option<&str>,
    lines: &[(&str, &str, u32, Vec<String>)],
) -> Value {
    json!({
        "dispense_id": uuid::Uuid::new_v4().to_string(),
        "prescription_number": number,
        "hold_id": hold_id,
        "handed_over_at": "2026-01-01T10:00:00Z",
        "mode": "online",
        "items": lines.iter().map(|(item, product, q, codes)| json!({
            "item_id": item, "product_id": product, "quantity": q, "marking_codes": codes,
        })).collect::<Vec<_>>(),
    })
}

/// The first active demo prescription whose first item's INN has unsold demo pack codes, with
/// the matching product id and those codes.
pub fn active_with_codes(api: &Api) -> (DemoPrescription, String, Vec<String>) {
    for rx in api.state("active") {
        for inn in &rx.inns {
            for p in api.demo.products.iter().filter(|p| &p.inn == inn) {
                let codes: Vec<String> = api
                    .demo
                    .marking_codes
                    .iter()
                    .filter(|m| m.product_id == p.product_id)
                    .map(|m| m.code.clone())
                    .collect();
                if codes.len() >= 2 && rx.inns.first() == Some(inn) {
                    return (rx.clone(), p.product_id.clone(), codes);
                }
            }
        }
    }
    panic!("no active demo prescription with pack codes for its first item");
}

/// A product of the demo catalogue whose INN is not `inn`.
pub fn other_product(api: &Api, inn: &str) -> String {
    api.demo
        .products
        .iter()
        .find(|p| !p.inn.eq_ignore_ascii_case(inn))
        .map(|p| p.product_id.clone())
        .expect("a product of another INN")
}

/// Any demo product whose INN is `inn`.
pub fn product_for(api: &Api, inn: &str) -> String {
    api.demo
        .products
        .iter()
        .find(|p| p.inn == inn)
        .map(|p| p.product_id.clone())
        .unwrap_or_else(|| panic!("no demo product for {inn}"))
}
