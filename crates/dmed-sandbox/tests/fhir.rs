//! The FHIR R5 face over HTTP, as the `dhp-fhir` adapter and a browser use it: the
//! CapabilityStatement and SMART configuration, the OAuth sign-in (client credentials, and the
//! authorization code with PKCE through the training page), lookups by number and by PINFL
//! read back by the `dhp_fhir` mapping and compared to contract v1's answers, dispenses and
//! withdrawals as transactions, history, the catalogue as Medication pages compared to contract
//! v1's deltas, refusals as OperationOutcomes; and everything served checked as R5 by an
//! independent validator.

mod common;
#[path = "../../fhir/tests/common/r5.rs"]
mod r5;

use common::{active_with_codes, Api};
use dhp_fhir::catalogue;
use dhp_fhir::dispense::{self as fhir_dispense, SendContext};
use dhp_fhir::model::{
    Bundle, BundleEntry, BundleRequest, Extension, MedicationDispense, Reference, Resource,
};
use dhp_fhir::outcome::{refusal_of, Refusal};
use dhp_fhir::prescription::{self as fhir_rx, fhir_id};
use dhp_fhir::systems;
use dmed_api::types::{
    CatalogDelta, DispenseItem, DispenseMode, DispenseRequest, PatientPrescriptions, Prescription,
    Product,
};
use dmed_api::{ErrorCode, RxNumber};
use reqwest::{Method, StatusCode};
use sandbox_process::sign_in::hidden_fields;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

const FHIR_JSON: &str = "application/fhir+json";

/// A sandbox and a client that follows no redirect (a 302 is read, as the test of a browser's
/// sign-in needs).
struct Server {
    api: Api,
    http: reqwest::Client,
}

/// An answer: status, headers and the body's text.
struct Reply {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({}): {e}: {}", self.status, self.text))
    }

    /// The body as a FHIR resource, checking the media type.
    #[track_caller]
    fn resource(&self) -> Resource {
        assert_eq!(
            self.headers["content-type"], FHIR_JSON,
            "{} {}",
            self.status, self.text
        );
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }

    /// A Bundle answered `200`.
    #[track_caller]
    fn bundle(&self) -> Bundle {
        assert_eq!(self.status, StatusCode::OK, "{}", self.text);
        match self.resource() {
            Resource::Bundle(b) => *b,
            other => panic!("not a Bundle: {}", other.resource_type()),
        }
    }

    /// The refusal an OperationOutcome says, checking the status.
    #[track_caller]
    fn refusal(&self, status: u16) -> Refusal {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        match self.resource() {
            Resource::OperationOutcome(o) => refusal_of(&o, status),
            other => panic!("not an OperationOutcome: {}", other.resource_type()),
        }
    }

    /// The refusal's contract code, checking the status.
    #[track_caller]
    fn code(&self, status: u16) -> ErrorCode {
        self.refusal(status).code.expect("a contract code")
    }

    fn location(&self) -> Option<&str> {
        self.headers.get("location").and_then(|v| v.to_str().ok())
    }
}

impl Server {
    fn start() -> Server {
        Server {
            api: Api::start(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    fn base(&self) -> &str {
        &self.api.sandbox.base_url
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Reply {
        let resp = req.send().await.expect("request sent");
        Reply {
            status: resp.status(),
            headers: resp.headers().clone(),
            text: resp.text().await.expect("a body"),
        }
    }

    async fn get(&self, path: &str, token: Option<&str>, headers: &[(&str, &str)]) -> Reply {
        let mut req = self.http.get(format!("{}{path}", self.base()));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req).await
    }

    async fn transaction(&self, token: &str, bundle: &Bundle) -> Reply {
        let body = serde_json::to_vec(&Resource::Bundle(Box::new(bundle.clone()))).unwrap();
        self.post_fhir(token, body).await
    }

    async fn post_fhir(&self, token: &str, body: Vec<u8>) -> Reply {
        let req = self
            .http
            .request(Method::POST, format!("{}/fhir", self.base()))
            .bearer_auth(token)
            .header("content-type", FHIR_JSON)
            .body(body);
        self.send(req).await
    }

    async fn token_form(&self, form: &[(&str, &str)], basic: Option<(&str, &str)>) -> Reply {
        let mut req = self
            .http
            .post(format!("{}/oauth/token", self.base()))
            .form(form);
        if let Some((id, secret)) = basic {
            req = req.basic_auth(id, Some(secret));
        }
        self.send(req).await
    }

    /// The pharmacy system's own token of the `i`-th demo pharmacy (client credentials).
    async fn system_token(&self, i: usize) -> String {
        let p = &self.api.demo.pharmacies[i];
        let reply = self
            .token_form(
                &[("grant_type", "client_credentials")],
                Some((&p.client_id, &p.client_secret)),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        reply.json()["access_token"].as_str().unwrap().to_owned()
    }
}

/// `MedicationRequest?identifier=…` with the includes the adapter asks for.
fn rx_search(number: &str) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair(
        "identifier",
        &format!("{}|{number}", systems::PRESCRIPTION_NUMBER),
    )
    .append_pair("_include", "MedicationRequest:subject")
    .append_pair("_include", "MedicationRequest:requester")
    .append_pair("_revinclude", "MedicationDispense:prescription");
    format!("MedicationRequest?{}", q.finish())
}

/// A prescription as FHIR carries it: item ids are FHIR ids.
fn as_fhir_sees(rx: &Prescription) -> Prescription {
    let mut rx = rx.clone();
    for item in &mut rx.items {
        item.item_id = fhir_id(&item.item_id);
    }
    rx
}

fn searchset_modes(bundle: &Bundle) -> Vec<(String, String)> {
    bundle
        .entry
        .iter()
        .map(|e| {
            (
                e.resource.as_ref().unwrap().resource_type().to_owned(),
                e.search.as_ref().unwrap().mode.clone().unwrap(),
            )
        })
        .collect()
}

fn dispenses_in(bundle: &Bundle) -> Vec<&MedicationDispense> {
    bundle
        .entry
        .iter()
        .filter_map(|e| match &e.resource {
            Some(Resource::MedicationDispense(md)) => Some(md.as_ref()),
            _ => None,
        })
        .collect()
}

/// The prescription `number` through FHIR (by `token`): the prescription read back and the
/// patient its requests name.
async fn fhir_lookup(s: &Server, token: &str, number: &str) -> (Prescription, Reference, Bundle) {
    let bundle = s
        .get(&format!("/fhir/{}", rx_search(number)), Some(token), &[])
        .await
        .bundle();
    let rx = fhir_rx::from_bundle(&bundle).unwrap().remove(0);
    let subject = fhir_rx::resources(&bundle)
        .find_map(|r| match r {
            Resource::MedicationRequest(mr) => mr.subject.clone(),
            _ => None,
        })
        .unwrap();
    (rx, subject, bundle)
}

fn context(rx: &Prescription, subject: Reference, pharmacy_id: &str) -> SendContext {
    SendContext {
        subject,
        units: rx
            .items
            .iter()
            .map(|i| (i.item_id.clone(), i.unit.clone()))
            .collect(),
        gtins: Default::default(),
        pharmacy_id: pharmacy_id.to_owned(),
        pharmacy_name: String::new(),
        pharmacist_name: String::new(),
    }
}

/// A dispense of one line: `quantity` of `product` for item `item` (a FHIR id).
fn one_line(
    number: &str,
    pharmacist_pinfl: &str,
    item: &str,
    product: &str,
    quantity: u32,
    codes: Vec<String>,
) -> DispenseRequest {
    DispenseRequest {
        dispense_id: Uuid::new_v4(),
        prescription_number: number.to_owned(),
        pharmacist_pinfl: pharmacist_pinfl.to_owned(),
        hold_id: None,
        handed_over_at: time::OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap(),
        mode: DispenseMode::Online,
        paper_ref: None,
        items: vec![DispenseItem {
            item_id: item.to_owned(),
            product_id: product.to_owned(),
            quantity,
            marking_codes: codes,
            batch: Some("LOT-1".into()),
            expiry: None,
            substituted: false,
            not_dispensed_reason: None,
        }],
        receiver: None,
    }
}

/// The transaction-response's resources as JSON, for the R5 check.
fn json_of(resource: &Resource) -> Value {
    serde_json::to_value(resource).unwrap()
}

/// A number that is well formed but names no prescription.
fn unknown_number(known: &str) -> String {
    let body: String = known[..10].chars().rev().collect();
    ('0'..='9')
        .chain('A'..='Z')
        .flat_map(|a| {
            ('0'..='9')
                .chain('A'..='Z')
                .chain(['+'])
                .map(move |c| (a, c))
        })
        .map(|(a, c)| format!("{body}{a}{c}"))
        .find(|n| RxNumber::parse(n).is_ok() && n != known)
        .unwrap()
}

#[tokio::test]
async fn metadata_smart_configuration_and_refusals_as_operation_outcomes() {
    let s = Server::start();
    let base = s.base().to_owned();
    let mut served: Vec<(String, Value)> = Vec::new();

    let reply = s.get("/fhir/metadata", None, &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply.headers.contains_key("date"),
        "the adapter reads the clock"
    );
    let statement = reply.resource();
    let cs = json_of(&statement);
    assert_eq!(cs["resourceType"], "CapabilityStatement");
    assert_eq!(
        (&cs["status"], &cs["kind"], &cs["fhirVersion"]),
        (&json!("active"), &json!("instance"), &json!("5.0.0"))
    );
    assert_eq!(cs["format"], json!(["json"]));
    assert_eq!(cs["software"]["name"], "dmed-sandbox");
    let rest = &cs["rest"][0];
    assert_eq!(rest["mode"], "server");
    assert_eq!(rest["interaction"], json!([{"code": "transaction"}]));
    assert_eq!(
        rest["security"]["service"][0]["coding"][0]["code"],
        "SMART-on-FHIR"
    );
    let uris = &rest["security"]["extension"][0]["extension"];
    assert_eq!(uris[0]["valueUri"], format!("{base}/oauth/authorize"));
    assert_eq!(uris[1]["valueUri"], format!("{base}/oauth/token"));
    let resource = |kind: &str| -> Value {
        rest["resource"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["type"] == kind)
            .cloned()
            .unwrap_or_else(|| panic!("{kind} is not stated"))
    };
    let params = |r: &Value| -> Vec<String> {
        r["searchParam"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        params(&resource("MedicationRequest")),
        ["identifier", "patient", "status"]
    );
    assert_eq!(params(&resource("Patient")), ["identifier"]);
    let md = resource("MedicationDispense");
    assert_eq!(params(&md), ["prescription", "identifier"]);
    assert_eq!(md["conditionalCreate"], true);
    assert_eq!(
        md["interaction"],
        json!([{"code": "search-type"}, {"code": "create"}, {"code": "update"}])
    );
    served.push(("capability-statement".into(), cs));

    let smart = s
        .get("/fhir/.well-known/smart-configuration", None, &[])
        .await
        .json();
    assert_eq!(
        smart["authorization_endpoint"],
        format!("{base}/oauth/authorize")
    );
    assert_eq!(smart["token_endpoint"], format!("{base}/oauth/token"));
    assert_eq!(
        smart["grant_types_supported"],
        json!(["authorization_code", "client_credentials"])
    );
    assert_eq!(smart["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(
        smart["token_endpoint_auth_methods_supported"],
        json!(["client_secret_basic", "client_secret_post"])
    );
    assert_eq!(
        smart["capabilities"],
        json!([
            "launch-standalone",
            "client-public",
            "client-confidential-symmetric"
        ])
    );

    // Refusals: no token, an unknown path, an unknown parameter, malformed JSON, not a
    // transaction.
    let rx = &s.api.state("active")[0];
    let no_token = s
        .get(&format!("/fhir/{}", rx_search(&rx.number)), None, &[])
        .await;
    assert_eq!(no_token.code(401), ErrorCode::Unauthenticated);
    served.push(("unauthenticated".into(), no_token.json()));
    let token = s.api.client(0).await.token;
    let unknown = s.get("/fhir/Practitioner?name=x", Some(&token), &[]).await;
    assert_eq!(unknown.code(404), ErrorCode::NotFound);
    served.push(("not-found".into(), unknown.json()));
    let strict = s
        .get("/fhir/MedicationRequest?code=abc", Some(&token), &[])
        .await;
    let refusal = strict.refusal(400);
    assert_eq!(refusal.code, Some(ErrorCode::BadRequest));
    assert_eq!(refusal.details["parameter"], "code");
    assert!(refusal.message.contains("'code'"), "{}", refusal.message);
    served.push(("unknown-parameter".into(), strict.json()));
    let malformed = s.post_fhir(&token, b"{\"resourceType\": ".to_vec()).await;
    assert_eq!(malformed.code(400), ErrorCode::BadRequest);
    served.push(("malformed-json".into(), malformed.json()));
    let batch = Bundle {
        type_: "batch".into(),
        ..Bundle::default()
    };
    let refused = s.transaction(&token, &batch).await;
    assert_eq!(refused.code(400), ErrorCode::BadRequest);
    assert!(refused.text.contains("transaction"), "{}", refused.text);
    // Maintenance: the statement still answers (the health check), the rest 503.
    s.api.sandbox.admin(
        "/_sandbox/maintenance",
        json!({"enabled": true, "retry_after_secs": 30}),
    );
    assert_eq!(
        s.get("/fhir/metadata", None, &[]).await.status,
        StatusCode::OK
    );
    let busy = s
        .get(
            &format!("/fhir/{}", rx_search(&rx.number)),
            Some(&token),
            &[],
        )
        .await;
    assert_eq!(busy.code(503), ErrorCode::ServiceUnavailable);
    assert_eq!(busy.headers["retry-after"], "30");
    s.api.sandbox.admin(
        "/_sandbox/maintenance",
        json!({"enabled": false, "retry_after_secs": 0}),
    );
    served.push(("maintenance".into(), busy.json()));

    let other = s
        .get("/fhir/Patient", None, &[])
        .await
        .headers
        .get("www-authenticate")
        .cloned();
    assert!(other.is_some(), "a 401 says how to authenticate");

    r5::assert_valid_r5(&served);
}

#[tokio::test]
async fn client_credentials_give_the_pharmacy_system_a_token_for_the_right_secret_only() {
    let s = Server::start();
    let p = s.api.demo.pharmacies[0].clone();
    assert_eq!(p.client_id, format!("dorixona-{}", p.pharmacy_id));
    assert!(p.client_secret.len() >= 32, "a random secret");

    // HTTP Basic, and the secret in the form.
    let basic = s
        .token_form(
            &[("grant_type", "client_credentials")],
            Some((&p.client_id, &p.client_secret)),
        )
        .await;
    assert_eq!(basic.status, StatusCode::OK, "{}", basic.text);
    assert_eq!(basic.headers["cache-control"], "no-store");
    let body = basic.json();
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["expires_in"].as_i64().unwrap() > 0);
    assert!(body.get("pharmacist").is_none(), "no member of staff");
    let posted = s
        .token_form(
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &p.client_id),
                ("client_secret", &p.client_secret),
            ],
            None,
        )
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.text);

    // The token looks prescriptions up (FHIR, and v1 too: the same sessions).
    let token = body["access_token"].as_str().unwrap();
    let rx = &s.api.state("active")[0];
    let found = s
        .get(
            &format!("/fhir/{}", rx_search(&rx.number)),
            Some(token),
            &[],
        )
        .await
        .bundle();
    assert!(found.total.unwrap() > 0);
    let v1 = s
        .get(
            &format!("/v1/prescriptions/{}?code={}", rx.number, rx.code),
            Some(token),
            &[],
        )
        .await;
    assert_eq!(v1.status, StatusCode::OK, "{}", v1.text);

    // Wrong secret, unknown client, no secret, another grant.
    let wrong = s
        .token_form(
            &[("grant_type", "client_credentials")],
            Some((&p.client_id, "not-the-secret")),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json()["error"], "invalid_client");
    assert!(wrong.headers.contains_key("www-authenticate"));
    let other_pharmacys = &s.api.demo.pharmacies[1].client_secret;
    let crossed = s
        .token_form(
            &[("grant_type", "client_credentials")],
            Some((&p.client_id, other_pharmacys)),
        )
        .await;
    assert_eq!(crossed.json()["error"], "invalid_client");
    let unknown = s
        .token_form(
            &[("grant_type", "client_credentials")],
            Some(("dorixona-PH-9999", &p.client_secret)),
        )
        .await;
    assert_eq!(
        (unknown.status, unknown.json()["error"].clone()),
        (StatusCode::UNAUTHORIZED, json!("invalid_client"))
    );
    let no_secret = s
        .token_form(
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &p.client_id),
            ],
            None,
        )
        .await;
    assert_eq!(no_secret.json()["error"], "invalid_client");
    let password = s
        .token_form(
            &[("grant_type", "password"), ("client_id", &p.client_id)],
            None,
        )
        .await;
    assert_eq!(
        (password.status, password.json()["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("unsupported_grant_type"))
    );
}

/// A PKCE pair, as a native app makes it.
fn pkce() -> (String, String) {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    use sha2::Digest as _;
    let verifier = URL_SAFE_NO_PAD.encode(Uuid::new_v4().as_bytes().repeat(2));
    let challenge = URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

fn authorize_path(client_id: &str, redirect_uri: &str, challenge: &str, state: &str) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("code_challenge", challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("state", state);
    format!("/oauth/authorize?{}", q.finish())
}

/// The browser's part: the page, then its form with the credentials; the redirect's answer.
async fn sign_in_page(
    s: &Server,
    path: &str,
    pharmacy_id: &str,
    login: &str,
    secret: &str,
) -> Reply {
    let page = s.get(path, None, &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let mut form = hidden_fields(&page.text);
    form.extend([
        ("pharmacy_id".to_owned(), pharmacy_id.to_owned()),
        ("login".to_owned(), login.to_owned()),
        ("secret".to_owned(), secret.to_owned()),
    ]);
    s.send(
        s.http
            .post(format!("{}/oauth/authorize", s.base()))
            .form(&form),
    )
    .await
}

/// The code and state of a redirect to `redirect_uri`.
fn code_of(reply: &Reply, redirect_uri: &str) -> (String, String) {
    assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.text);
    let location = url::Url::parse(reply.location().unwrap()).unwrap();
    assert!(
        location.as_str().starts_with(redirect_uri),
        "{location} is the redirect URI"
    );
    let get = |k: &str| {
        location
            .query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("no {k} in {location}"))
    };
    (get("code"), get("state"))
}

/// The app's part: the code exchanged with the verifier (a public client: no secret).
async fn exchange(
    s: &Server,
    client_id: &str,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> Reply {
    s.token_form(
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
            ("client_id", client_id),
        ],
        None,
    )
    .await
}

#[tokio::test]
async fn the_authorization_code_flow_with_pkce_as_a_browser_does_it() {
    let s = Server::start();
    let who = s.api.demo.pharmacies[0].clone();
    let redirect_uri = "http://127.0.0.1:53682/callback";
    let (verifier, challenge) = pkce();

    // The page: plain, Uzbek first, the login hint filled in, the request in hidden fields.
    let path = format!(
        "{}&login_hint={}",
        authorize_path(&who.client_id, redirect_uri, &challenge, "st-1"),
        who.login
    );
    let page = s.get(&path, None, &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = &page.text;
    for words in [
        "Maxfiy so",
        "Secret",
        "Login",
        "Pharmacy id",
        "Dorixona identifikatori",
    ] {
        assert!(html.contains(words), "the page says {words}: {html}");
    }
    assert!(html.find("Maxfiy so").unwrap() < html.find("Secret").unwrap());
    assert!(!html.contains("<script"), "no script");
    assert!(
        !html.contains("src=") && !html.contains("href="),
        "nothing loaded"
    );
    assert!(
        html.contains(&format!("value=\"{}\"", who.login)),
        "login_hint"
    );
    assert!(html.contains(&format!("value=\"{}\"", who.pharmacy_id)));
    let hidden: Vec<String> = hidden_fields(html).into_iter().map(|(n, _)| n).collect();
    for field in ["client_id", "redirect_uri", "code_challenge", "state"] {
        assert!(hidden.iter().any(|h| h == field), "{field} is carried on");
    }

    // Wrong credentials: the page again, nothing redirected.
    let wrong = sign_in_page(&s, &path, &who.pharmacy_id, &who.login, "wrong-secret").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.location().is_none());
    assert!(wrong.text.contains("noto") && wrong.text.contains("Wrong"));
    assert!(wrong.text.contains("<form"), "the form again");

    // Right: a code for the loopback, with the state; a wrong verifier spends it.
    let right = sign_in_page(&s, &path, &who.pharmacy_id, &who.login, &who.secret).await;
    let (code, state) = code_of(&right, redirect_uri);
    assert_eq!(state, "st-1");
    let (other_verifier, _) = pkce();
    let refused = exchange(&s, &who.client_id, &code, redirect_uri, &other_verifier).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.json()["error"], "invalid_grant");
    assert_eq!(
        exchange(&s, &who.client_id, &code, redirect_uri, &verifier)
            .await
            .json()["error"],
        "invalid_grant",
        "a code is spent by its first exchange"
    );

    // Again, exchanged right: the v1 sign-in's token and who signed in.
    let (verifier, challenge) = pkce();
    let path = authorize_path(&who.client_id, redirect_uri, &challenge, "st-2");
    let right = sign_in_page(&s, &path, &who.pharmacy_id, &who.login, &who.secret).await;
    let (code, _) = code_of(&right, redirect_uri);
    let signed_in = exchange(&s, &who.client_id, &code, redirect_uri, &verifier).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    let body = signed_in.json();
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["expires_in"].as_i64().unwrap() > 0);
    assert!(body["expires_at"].is_string());
    assert_eq!(body["pharmacist"]["pinfl"], who.pinfl.as_str());
    assert_eq!(body["pharmacy"]["pharmacy_id"], who.pharmacy_id.as_str());
    assert_eq!(body["preferred_username"], who.login.as_str());
    let token = body["access_token"].as_str().unwrap().to_owned();
    let rx = &s.api.state("active")[0];
    let lookup = format!("/fhir/{}", rx_search(&rx.number));
    assert_eq!(
        s.get(&lookup, Some(&token), &[]).await.status,
        StatusCode::OK
    );
    let history = format!("/v1/prescriptions/{}/dispenses", rx.number);
    assert_eq!(
        s.get(&history, Some(&token), &[]).await.status,
        StatusCode::OK
    );

    // The same code again: refused, and the token it gave is revoked.
    let reused = exchange(&s, &who.client_id, &code, redirect_uri, &verifier).await;
    assert_eq!(reused.json()["error"], "invalid_grant");
    assert_eq!(
        s.get(&lookup, Some(&token), &[]).await.code(401),
        ErrorCode::Unauthenticated
    );

    // A confidential client's wrong secret is refused, as is a redirect URI other than the
    // code's.
    let (verifier, challenge) = pkce();
    let path = authorize_path(&who.client_id, redirect_uri, &challenge, "st-3");
    let right = sign_in_page(&s, &path, &who.pharmacy_id, &who.login, &who.secret).await;
    let (code, _) = code_of(&right, redirect_uri);
    let secret = s
        .token_form(
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", redirect_uri),
                ("code_verifier", &verifier),
            ],
            Some((&who.client_id, "wrong")),
        )
        .await;
    assert_eq!(
        (secret.status, secret.json()["error"].clone()),
        (StatusCode::UNAUTHORIZED, json!("invalid_client"))
    );

    // Not a loopback redirect, an unknown client, no PKCE: a 400 page, never a redirect.
    let (_, challenge) = pkce();
    for path in [
        authorize_path(
            &who.client_id,
            "https://evil.example/callback",
            &challenge,
            "s",
        ),
        authorize_path(
            &who.client_id,
            "http://192.168.1.5:8080/cb",
            &challenge,
            "s",
        ),
        authorize_path("dorixona-PH-9999", redirect_uri, &challenge, "s"),
        authorize_path(&who.client_id, redirect_uri, "", "s"),
    ] {
        let refused = s.get(&path, None, &[]).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(refused.location().is_none());
        assert!(!refused.text.contains("<form"), "{path}");
    }
    // Nor when the form is sent with a redirect URI changed on the way.
    let (_, challenge) = pkce();
    let mut form = vec![
        ("response_type", "code"),
        ("client_id", who.client_id.as_str()),
        ("redirect_uri", "https://evil.example/callback"),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
        ("state", "s"),
    ];
    form.extend([
        ("pharmacy_id", who.pharmacy_id.as_str()),
        ("login", who.login.as_str()),
        ("secret", who.secret.as_str()),
    ]);
    let tampered = s
        .send(
            s.http
                .post(format!("{}/oauth/authorize", s.base()))
                .form(&form),
        )
        .await;
    assert_eq!(tampered.status, StatusCode::BAD_REQUEST);
    assert!(tampered.location().is_none());
}

#[tokio::test]
async fn a_prescription_by_number_is_what_contract_v1_says() {
    let s = Server::start();
    let c = s.api.client(0).await;
    let mut served: Vec<(String, Value)> = Vec::new();
    // A number ending in `+` too, which FHIR ids write as `.`.
    let plus = s
        .api
        .demo
        .prescriptions
        .iter()
        .find(|p| p.number.ends_with('+'))
        .expect("a demo number ending in +")
        .clone();
    let picks = ["partially_dispensed", "active", "completed"]
        .map(|state| (state, s.api.state(state)[0].clone()));
    for (state, demo) in picks.iter().chain([("ends-in-plus", plus)].iter()) {
        let (state, demo) = (*state, demo);
        let v1: Prescription = serde_json::from_value(c.lookup(demo).await).unwrap();
        let (rx, subject, bundle) = fhir_lookup(&s, &c.token, &demo.number).await;
        assert_eq!(rx, as_fhir_sees(&v1), "{state}");
        assert_eq!(bundle.total, Some(v1.items.len() as u64));
        let patient_id = subject.id_of("Patient").unwrap();
        assert!(!patient_id.contains(&v1.patient.pinfl), "{patient_id}");

        // Requests match; the patient, the prescriber and the dispenses' lines are included.
        let history: Value = c
            .get(&format!("/v1/prescriptions/{}/dispenses", demo.number))
            .await
            .ok(200)
            .clone();
        let lines: usize = history["dispenses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["items"].as_array().unwrap().len())
            .sum();
        let modes = searchset_modes(&bundle);
        let count =
            |kind: &str, mode: &str| modes.iter().filter(|(k, m)| k == kind && m == mode).count();
        assert_eq!(count("MedicationRequest", "match"), v1.items.len());
        assert_eq!(count("Patient", "include"), 1);
        assert_eq!(count("PractitionerRole", "include"), 1);
        assert_eq!(count("MedicationDispense", "include"), lines, "{state}");
        if state == "partially_dispensed" {
            assert!(lines > 0, "a partly dispensed prescription has history");
        }
        served.push((
            format!("search-{state}"),
            json_of(&Resource::Bundle(Box::new(bundle))),
        ));
    }

    // Without includes, the requests alone.
    let demo = &s.api.state("active")[0];
    let path = format!(
        "/fhir/MedicationRequest?identifier={}%7C{}",
        systems::PRESCRIPTION_NUMBER,
        demo.number
    );
    let bare = s.get(&path, Some(&c.token), &[]).await.bundle();
    assert!(searchset_modes(&bare)
        .iter()
        .all(|(k, m)| k == "MedicationRequest" && m == "match"));

    // An unknown number: an empty searchset. A malformed one: 400 INVALID_IDENTIFIER.
    let unknown = s
        .get(
            &format!("/fhir/{}", rx_search(&unknown_number(&demo.number))),
            Some(&c.token),
            &[],
        )
        .await
        .bundle();
    assert_eq!((unknown.total, unknown.entry.len()), (Some(0), 0));
    served.push((
        "search-empty".into(),
        json_of(&Resource::Bundle(Box::new(unknown))),
    ));
    let malformed = s
        .get(&format!("/fhir/{}", rx_search("12")), Some(&c.token), &[])
        .await;
    assert_eq!(malformed.code(400), ErrorCode::InvalidIdentifier);
    served.push(("invalid-identifier".into(), malformed.json()));

    // Revocation holds here as in v1: the revoked member's token is refused.
    let me = &s.api.demo.pharmacies[0];
    s.api.sandbox.admin(
        "/_sandbox/revoke",
        json!({"pharmacy_id": me.pharmacy_id, "login": me.login}),
    );
    let revoked = s.get(&path, Some(&c.token), &[]).await;
    let refusal = revoked.refusal(403);
    assert_eq!(refusal.code, Some(ErrorCode::Forbidden));
    assert_eq!(refusal.details["reason"], "access_revoked");

    r5::assert_valid_r5(&served);
}

#[tokio::test]
async fn a_patient_by_pinfl_then_their_active_requests_with_the_document_checked() {
    let s = Server::start();
    let c = s.api.client(0).await;
    let demo = &s.api.state("active")[0];
    let checked = [
        ("X-Id-Document-Checked", "true"),
        ("X-Id-Document-Kind", "passport"),
    ];
    let by_pinfl = format!(
        "/fhir/Patient?identifier={}%7C{}",
        systems::PINFL,
        demo.pinfl
    );

    // Without the document checked: v1's refusal.
    let refused = s.get(&by_pinfl, Some(&c.token), &[]).await;
    assert_eq!(refused.code(428), ErrorCode::IdDocumentNotChecked);
    let bad_kind = s
        .get(
            &by_pinfl,
            Some(&c.token),
            &[
                ("X-Id-Document-Checked", "true"),
                ("X-Id-Document-Kind", "library_card"),
            ],
        )
        .await;
    assert_eq!(bad_kind.code(400), ErrorCode::BadRequest);

    let patients = s.get(&by_pinfl, Some(&c.token), &checked).await.bundle();
    assert_eq!(patients.total, Some(1));
    let Some(Resource::Patient(patient)) = &patients.entry[0].resource else {
        panic!("not a Patient")
    };
    let id = patient.id.clone().unwrap();
    assert!(!id.contains(&demo.pinfl), "the id is opaque: {id}");

    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("patient", &format!("Patient/{id}"))
        .append_pair("status", "active")
        .append_pair("_include", "MedicationRequest:subject")
        .append_pair("_include", "MedicationRequest:requester")
        .append_pair("_revinclude", "MedicationDispense:prescription");
    let requests = format!("/fhir/MedicationRequest?{}", q.finish());
    let refused = s.get(&requests, Some(&c.token), &[]).await;
    assert_eq!(refused.code(428), ErrorCode::IdDocumentNotChecked);
    let bundle = s.get(&requests, Some(&c.token), &checked).await.bundle();
    let fhir = fhir_rx::from_bundle(&bundle).unwrap();
    let v1: PatientPrescriptions = serde_json::from_value(
        c.call(
            Method::GET,
            &format!("/v1/patients/{}/prescriptions", demo.pinfl),
            None,
            &checked,
        )
        .await
        .ok(200)
        .clone(),
    )
    .unwrap();
    assert!(!v1.prescriptions.is_empty());
    assert_eq!(
        fhir,
        v1.prescriptions
            .iter()
            .map(as_fhir_sees)
            .collect::<Vec<_>>()
    );

    // A PINFL with nothing dispensable, an unknown patient id: empty searchsets.
    let nobody = s
        .get(
            &format!(
                "/fhir/Patient?identifier={}%7C{}",
                systems::PINFL,
                "30211975910033"
            ),
            Some(&c.token),
            &checked,
        )
        .await
        .bundle();
    assert_eq!(nobody.total, Some(0));
    let unknown = s
        .get(
            "/fhir/MedicationRequest?patient=Patient/pt-0000&status=active",
            Some(&c.token),
            &checked,
        )
        .await
        .bundle();
    assert_eq!(unknown.total, Some(0));

    r5::assert_valid_r5(&[
        (
            "patient".into(),
            json_of(&Resource::Bundle(Box::new(patients))),
        ),
        (
            "requests".into(),
            json_of(&Resource::Bundle(Box::new(bundle))),
        ),
        ("not-checked".into(), refused.json()),
    ]);
}

#[tokio::test]
async fn a_dispense_transaction_its_resend_and_the_refusals() {
    let s = Server::start();
    let c = s.api.client(0).await;
    let mut served: Vec<(String, Value)> = Vec::new();
    let (demo, product, codes) = active_with_codes(&s.api);
    let (rx, subject, _) = fhir_lookup(&s, &c.token, &demo.number).await;
    let ctx = context(&rx, subject.clone(), &c.pharmacy_id);
    let item = rx.items[0].clone();
    let req = one_line(
        &rx.number,
        &c.pinfl,
        &item.item_id,
        &product,
        1,
        vec![codes[0].clone()],
    );
    let tx = fhir_dispense::transaction(&req, &ctx, Some(rx_search(&rx.number)));

    let answer = s.transaction(&c.token, &tx).await.bundle();
    assert_eq!(answer.type_, "transaction-response");
    assert_eq!(answer.entry.len(), 2, "the line and the read-back");
    let line = &answer.entry[0];
    let response = line.response.as_ref().unwrap();
    assert_eq!(response.status, "201 Created");
    let line_id = fhir_dispense::line_key(req.dispense_id, 0);
    assert_eq!(
        response.location.as_deref(),
        Some(format!("MedicationDispense/{line_id}/_history/1").as_str())
    );
    let Some(Resource::MedicationDispense(md)) = &line.resource else {
        panic!("the stored line")
    };
    assert_eq!(md.id.as_deref(), Some(line_id.as_str()));
    assert_eq!(md.status.as_deref(), Some("completed"));
    let read_back = &answer.entry[1];
    assert_eq!(read_back.response.as_ref().unwrap().status, "200 OK");
    let Some(Resource::Bundle(after)) = &read_back.resource else {
        panic!("the searchset read back")
    };
    let after = fhir_rx::from_bundle(after).unwrap().remove(0);
    assert_eq!(
        after.items[0].quantity_dispensed,
        item.quantity_dispensed + 1
    );
    let recorded = fhir_dispense::dispenses_from(&dispenses_in(&answer), Some(&after)).unwrap();
    assert_eq!(recorded[0].dispense_id, req.dispense_id);
    assert_eq!(recorded[0].pharmacy_id, c.pharmacy_id);
    served.push((
        "dispensed".into(),
        json_of(&Resource::Bundle(Box::new(answer))),
    ));

    // Sent again: nothing new, each create finds its match.
    let again = s.transaction(&c.token, &tx).await.bundle();
    assert_eq!(again.entry[0].response.as_ref().unwrap().status, "200 OK");
    let history: Value = c
        .get(&format!("/v1/prescriptions/{}/dispenses", rx.number))
        .await
        .ok(200)
        .clone();
    let ours: Vec<&Value> = history["dispenses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["dispense_id"] == req.dispense_id.to_string())
        .collect();
    assert_eq!(ours.len(), 1, "recorded once");
    let (now, _, _) = fhir_lookup(&s, &c.token, &rx.number).await;
    assert_eq!(now.items[0].quantity_dispensed, item.quantity_dispensed + 1);

    // More than remains.
    let remaining = now.items[0].remaining();
    let too_much = one_line(
        &rx.number,
        &c.pinfl,
        &item.item_id,
        &product,
        remaining + 1,
        vec![],
    );
    let refused = s
        .transaction(&c.token, &fhir_dispense::transaction(&too_much, &ctx, None))
        .await;
    let refusal = refused.refusal(422);
    assert_eq!(refusal.code, Some(ErrorCode::QuantityExceeded));
    assert_eq!(refusal.details["remaining"], remaining);
    served.push(("quantity-exceeded".into(), refused.json()));

    // A pack already sold.
    let sold = one_line(
        &rx.number,
        &c.pinfl,
        &item.item_id,
        &product,
        1,
        vec![codes[0].clone()],
    );
    let refused = s
        .transaction(&c.token, &fhir_dispense::transaction(&sold, &ctx, None))
        .await;
    assert_eq!(refused.code(409), ErrorCode::MarkingCodeRetired);

    // Expired and cancelled prescriptions.
    for (state, code) in [
        ("expired", ErrorCode::Expired),
        ("cancelled", ErrorCode::Cancelled),
    ] {
        let demo = &s.api.state(state)[0];
        let (rx, subject, _) = fhir_lookup(&s, &c.token, &demo.number).await;
        let req = one_line(
            &rx.number,
            &c.pinfl,
            &rx.items[0].item_id,
            &product,
            1,
            vec![],
        );
        let ctx = context(&rx, subject, &c.pharmacy_id);
        let refused = s
            .transaction(&c.token, &fhir_dispense::transaction(&req, &ctx, None))
            .await;
        assert_eq!(refused.code(409), code, "{state}");
        served.push((format!("refused-{state}"), refused.json()));
    }

    // The pharmacy system's own token dispenses too, naming its pharmacist.
    let system = s.system_token(0).await;
    let by_system = one_line(&rx.number, &c.pinfl, &item.item_id, &product, 1, vec![]);
    let answer = s
        .transaction(&system, &fhir_dispense::transaction(&by_system, &ctx, None))
        .await
        .bundle();
    assert_eq!(
        answer.entry[0].response.as_ref().unwrap().status,
        "201 Created"
    );

    r5::assert_valid_r5(&served);
}

/// The withdrawal the adapter sends: the dispense's lines, read, put back entered-in-error.
async fn withdrawal(s: &Server, token: &str, dispense_id: Uuid, reason: &str) -> Bundle {
    let found = s
        .get(
            &format!(
                "/fhir/MedicationDispense?identifier={}%7C{dispense_id}",
                systems::DISPENSE
            ),
            Some(token),
            &[],
        )
        .await
        .bundle();
    let now = dhp_fhir::when::instant(
        time::OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap(),
    );
    let entry = dispenses_in(&found)
        .into_iter()
        .map(|md| {
            let id = md.id.clone().unwrap();
            let mut md = md.clone();
            md.status = Some("entered-in-error".into());
            md.status_changed = Some(now.clone());
            md.extension
                .retain(|e| e.url != systems::EXT_WITHDRAW_REASON);
            md.extension
                .push(Extension::string(systems::EXT_WITHDRAW_REASON, reason));
            BundleEntry {
                full_url: Some(format!("MedicationDispense/{id}")),
                resource: Some(Resource::MedicationDispense(Box::new(md))),
                request: Some(BundleRequest {
                    method: "PUT".into(),
                    url: format!("MedicationDispense/{id}"),
                    ..BundleRequest::default()
                }),
                ..BundleEntry::default()
            }
        })
        .collect::<Vec<_>>();
    assert!(!entry.is_empty(), "the dispense's lines were found");
    Bundle {
        type_: "transaction".into(),
        entry,
        ..Bundle::default()
    }
}

#[tokio::test]
async fn a_withdrawal_put_back_and_the_history_by_prescription() {
    let s = Server::start();
    let c = s.api.client(0).await;
    let mut served: Vec<(String, Value)> = Vec::new();
    let (demo, product, codes) = active_with_codes(&s.api);
    let (rx, subject, _) = fhir_lookup(&s, &c.token, &demo.number).await;
    let ctx = context(&rx, subject, &c.pharmacy_id);
    let item = rx.items[0].clone();
    let mut req = one_line(
        &rx.number,
        &c.pinfl,
        &item.item_id,
        &product,
        1,
        vec![codes[1].clone()],
    );
    // Two lines, so the withdrawal puts back both.
    let mut second = req.items[0].clone();
    second.marking_codes.clear();
    req.items.push(second);
    let answer = s
        .transaction(&c.token, &fhir_dispense::transaction(&req, &ctx, None))
        .await
        .bundle();
    assert_eq!(answer.entry.len(), 2);

    let withdraw = withdrawal(&s, &c.token, req.dispense_id, "wrong patient").await;

    // Not by the pharmacy system's own token; nor only part of the lines; nor mixed with a
    // dispense.
    let system = s.system_token(0).await;
    let refused = s.transaction(&system, &withdraw).await;
    let refusal = refused.refusal(403);
    assert_eq!(refusal.code, Some(ErrorCode::Forbidden));
    assert_eq!(refusal.details["reason"], "needs_member_of_staff");
    served.push(("withdraw-forbidden".into(), refused.json()));
    let mut partial = withdraw.clone();
    partial.entry.truncate(1);
    assert_eq!(
        s.transaction(&c.token, &partial).await.code(400),
        ErrorCode::BadRequest
    );
    let mut mixed = withdraw.clone();
    mixed.entry.extend(
        fhir_dispense::transaction(
            &one_line(&rx.number, &c.pinfl, &item.item_id, &product, 1, vec![]),
            &ctx,
            None,
        )
        .entry,
    );
    let refused = s.transaction(&c.token, &mixed).await;
    assert_eq!(refused.code(400), ErrorCode::BadRequest);
    served.push(("mixed".into(), refused.json()));

    // Withdrawn; and the same again answers the same.
    let done = s.transaction(&c.token, &withdraw).await.bundle();
    assert_eq!(done.type_, "transaction-response");
    assert_eq!(done.entry.len(), 2);
    for (n, e) in done.entry.iter().enumerate() {
        assert_eq!(e.response.as_ref().unwrap().status, "200 OK");
        let Some(Resource::MedicationDispense(md)) = &e.resource else {
            panic!("the withdrawn line")
        };
        assert_eq!(md.status.as_deref(), Some("entered-in-error"));
        assert_eq!(
            md.id.as_deref(),
            Some(fhir_dispense::line_key(req.dispense_id, n).as_str())
        );
    }
    let again = s.transaction(&c.token, &withdraw).await.bundle();
    assert_eq!(
        json_of(&Resource::Bundle(Box::new(again))),
        json_of(&Resource::Bundle(Box::new(done.clone())))
    );
    served.push((
        "withdrawn".into(),
        json_of(&Resource::Bundle(Box::new(done))),
    ));

    // v1 sees it withdrawn; the history by prescription holds the lines entered-in-error.
    let history: Value = c
        .get(&format!("/v1/prescriptions/{}/dispenses", rx.number))
        .await
        .ok(200)
        .clone();
    let v1 = history["dispenses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dispense_id"] == req.dispense_id.to_string())
        .unwrap();
    assert_eq!(v1["status"], "withdrawn");
    assert_eq!(v1["withdraw_reason"], "wrong patient");
    let ids: Vec<String> = rx
        .items
        .iter()
        .map(|i| format!("MedicationRequest/{}", i.item_id))
        .collect();
    let by_rx = s
        .get(
            &format!("/fhir/MedicationDispense?prescription={}", ids.join(",")),
            Some(&c.token),
            &[],
        )
        .await
        .bundle();
    let (now, _, _) = fhir_lookup(&s, &c.token, &rx.number).await;
    let dispenses = fhir_dispense::dispenses_from(&dispenses_in(&by_rx), Some(&now)).unwrap();
    let ours = dispenses
        .iter()
        .find(|d| d.dispense_id == req.dispense_id)
        .unwrap();
    assert_eq!(ours.status, dmed_api::types::DispenseStatus::Withdrawn);
    assert_eq!(ours.withdraw_reason.as_deref(), Some("wrong patient"));
    assert_eq!(ours.items.len(), 2);
    assert_eq!(
        dispenses.len(),
        history["dispenses"].as_array().unwrap().len(),
        "every dispense of the prescription"
    );
    assert_eq!(now.items[0].quantity_dispensed, item.quantity_dispensed);
    served.push((
        "history".into(),
        json_of(&Resource::Bundle(Box::new(by_rx))),
    ));

    r5::assert_valid_r5(&served);
}

/// The catalogue as the `dhp-fhir` adapter reads it from `Medication` pages.
#[derive(Default)]
struct Catalogue {
    /// Listed products, in the order served.
    products: Vec<Product>,
    /// Ids of products taken off the list, in the order served.
    removed: Vec<String>,
    /// Each product's `meta.lastUpdated`, as served, by product id.
    last_updated: BTreeMap<String, String>,
    /// Every page, as served.
    pages: Vec<Bundle>,
}

impl Catalogue {
    fn listed_ids(&self) -> Vec<String> {
        sorted(self.products.iter().map(|p| p.product_id.clone()))
    }
}

fn sorted(ids: impl Iterator<Item = String>) -> Vec<String> {
    let mut ids: Vec<String> = ids.collect();
    ids.sort();
    ids
}

/// The URL of `page`'s link of `relation`.
fn link(page: &Bundle, relation: &str) -> Option<String> {
    page.extra
        .get("link")?
        .as_array()?
        .iter()
        .find(|l| l["relation"] == relation)
        .map(|l| l["url"].as_str().expect("a link's url").to_owned())
}

/// `GET /fhir/Medication?<query>` and every page its next links lead to, each read back with
/// `dhp_fhir::catalogue::entry`; checks each page links to itself and each next link is an
/// absolute URL on this sandbox.
async fn medications(s: &Server, token: &str, query: &str) -> Catalogue {
    let mut all = Catalogue::default();
    let mut url = format!("{}/fhir/Medication?{query}", s.base());
    for _ in 0..1_000 {
        let path = url
            .strip_prefix(s.base())
            .unwrap_or_else(|| panic!("{url} is not on {}", s.base()));
        let page = s.get(path, Some(token), &[]).await.bundle();
        assert_eq!(page.type_, "searchset");
        let this = link(&page, "self").expect("a self link");
        if all.pages.is_empty() {
            // The search as run (parameters in its own order, `_count` when left out).
            assert!(
                this.starts_with(&format!("{}/fhir/Medication?", s.base())),
                "{this}"
            );
        } else {
            assert_eq!(this, url, "a next page's self link is where it was reached");
        }
        for r in fhir_rx::resources(&page) {
            let Resource::Medication(m) = r else {
                panic!("not a Medication: {}", r.resource_type())
            };
            let at = m.meta.as_ref().and_then(|m| m.last_updated.clone());
            let at = at.expect("every Medication says when it was last updated");
            let id = match catalogue::entry(m).unwrap() {
                catalogue::Entry::Listed(p) => {
                    assert_eq!(m.status.as_deref(), Some("active"));
                    let id = p.product_id.clone();
                    all.products.push(p);
                    id
                }
                catalogue::Entry::Removed(id) => {
                    assert_eq!(m.status.as_deref(), Some("inactive"));
                    all.removed.push(id.clone());
                    id
                }
            };
            assert!(
                all.last_updated.insert(id.clone(), at).is_none(),
                "{id} is served once"
            );
        }
        let next = link(&page, "next");
        all.pages.push(page);
        match next {
            Some(next) => url = next,
            None => return all,
        }
    }
    panic!("the pages never end")
}

fn millis(instant: &str) -> i128 {
    let t = dhp_fhir::when::parse_instant(Some(instant), "meta.lastUpdated").unwrap();
    t.unix_timestamp_nanos() / 1_000_000
}

#[tokio::test]
async fn the_whole_catalogue_through_fhir_pages_is_what_contract_v1_lists() {
    let s = Server::start();
    let c = s.api.client(0).await;
    // The pharmacy system's own token searches it too.
    let token = s.system_token(0).await;
    let v1: CatalogDelta =
        serde_json::from_value(c.get("/v1/catalog?since=0").await.ok(200).clone()).unwrap();
    let served = medications(&s, &token, "_count=50").await;

    let expected = v1.products.len() + v1.removed.len();
    assert!(v1.products.len() > 100 && !v1.removed.is_empty());
    assert_eq!(served.pages.len(), expected.div_ceil(50), "pages of 50");
    for (n, page) in served.pages.iter().enumerate() {
        let last = n + 1 == served.pages.len();
        assert_eq!(page.total, Some(expected as u64), "total: every match");
        assert_eq!(page.entry.len(), if last { expected - 50 * n } else { 50 });
        assert_eq!(link(page, "next").is_some(), !last, "page {n}");
    }

    // The same products, field for field, and the same ids taken off the list.
    assert_eq!(
        served.listed_ids(),
        sorted(v1.products.iter().map(|p| p.product_id.clone()))
    );
    let mut ours = served.products.clone();
    ours.sort_by(|a, b| a.product_id.cmp(&b.product_id));
    let mut theirs = v1.products.clone();
    theirs.sort_by(|a, b| a.product_id.cmp(&b.product_id));
    assert_eq!(ours, theirs);
    assert_eq!(
        sorted(served.removed.iter().cloned()),
        sorted(v1.removed.iter().cloned())
    );

    // In order of lastUpdated, none after now.
    let stamps: Vec<i128> = served
        .pages
        .iter()
        .flat_map(fhir_rx::resources)
        .map(|r| match r {
            Resource::Medication(m) => {
                millis(m.meta.as_ref().unwrap().last_updated.as_ref().unwrap())
            }
            _ => unreachable!(),
        })
        .collect();
    assert!(
        stamps.windows(2).all(|w| w[0] <= w[1]),
        "served oldest first"
    );
    let now = time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
    assert!(stamps.iter().all(|t| *t <= now), "none in the future");

    // One page whole, and the last, checked as R5.
    let json = |b: &Bundle| json_of(&Resource::Bundle(Box::new(b.clone())));
    r5::assert_valid_r5(&[
        ("medication-page-first".into(), json(&served.pages[0])),
        (
            "medication-page-last".into(),
            json(served.pages.last().unwrap()),
        ),
    ]);
}

#[tokio::test]
async fn a_catalogue_delta_after_a_versions_instant_is_what_contract_v1_gives_after_it() {
    let s = Server::start();
    let c = s.api.client(0).await;
    let v1 = |since: u64| {
        let c = c.clone();
        async move {
            let body = c
                .get(&format!("/v1/catalog?since={since}"))
                .await
                .ok(200)
                .clone();
            serde_json::from_value::<CatalogDelta>(body).unwrap()
        }
    };
    let whole = medications(&s, &c.token, "").await;
    assert_eq!(
        link(&whole.pages[0], "self"),
        Some(format!("{}/fhir/Medication?_count=100", s.base())),
        "100 a page when _count is left out"
    );
    let newest = v1(0).await.version;
    assert!(
        newest >= 3,
        "the demo catalogue has versions to be behind by"
    );
    let mut previous_at: Option<i128> = None;
    for version in 1..=newest {
        // The products of this version: in the delta after the one before, not after it.
        let (before, after) = (v1(version - 1).await, v1(version).await);
        let ids = |d: &CatalogDelta| -> Vec<String> {
            sorted(
                d.products
                    .iter()
                    .map(|p| p.product_id.clone())
                    .chain(d.removed.iter().cloned()),
            )
        };
        let (before_ids, after_ids) = (ids(&before), ids(&after));
        let of_version: Vec<&String> = before_ids
            .iter()
            .filter(|id| !after_ids.contains(id))
            .collect();
        assert!(
            !of_version.is_empty(),
            "version {version} changed something"
        );
        let stamps: BTreeSet<&str> = of_version
            .iter()
            .map(|id| whole.last_updated[*id].as_str())
            .collect();
        assert_eq!(
            stamps.len(),
            1,
            "one instant for version {version}: {stamps:?}"
        );
        let at = stamps.into_iter().next().unwrap().to_owned();
        assert!(
            previous_at.is_none_or(|p| p < millis(&at)),
            "later versions were published later"
        );
        previous_at = Some(millis(&at));

        // The delta after that instant, in pages of 7: what v1 gives after that version.
        let query = format!("_count=7&_lastUpdated=gt{}", at.replace('+', "%2B"));
        let delta = medications(&s, &c.token, &query).await;
        assert_eq!(
            delta.listed_ids(),
            sorted(after.products.iter().map(|p| p.product_id.clone()))
        );
        let mut ours = delta.products.clone();
        ours.sort_by(|a, b| a.product_id.cmp(&b.product_id));
        let mut theirs = after.products.clone();
        theirs.sort_by(|a, b| a.product_id.cmp(&b.product_id));
        assert_eq!(ours, theirs, "after version {version}");
        assert_eq!(
            sorted(delta.removed.iter().cloned()),
            sorted(after.removed.iter().cloned()),
            "after version {version}"
        );
        if version == newest {
            // After the newest: one empty searchset, no next page.
            assert_eq!(delta.pages.len(), 1);
            let page = &delta.pages[0];
            assert_eq!((page.total, page.entry.len()), (Some(0), 0));
            assert_eq!(link(page, "next"), None);
            r5::assert_valid_r5(&[(
                "medication-page-empty".into(),
                json_of(&Resource::Bundle(Box::new(page.clone()))),
            )]);
        }
    }
}

#[tokio::test]
async fn a_catalogue_search_refuses_a_malformed_parameter_by_name() {
    let s = Server::start();
    let token = s.system_token(0).await;
    for (query, parameter) in [
        ("_lastUpdated=2026-03-01T10:00:00Z", "_lastUpdated"),
        ("_lastUpdated=ge2026-03-01T10:00:00Z", "_lastUpdated"),
        ("_lastUpdated=gt2026-03-01", "_lastUpdated"),
        ("_lastUpdated=gtyesterday", "_lastUpdated"),
        ("_count=0", "_count"),
        ("_count=1001", "_count"),
        ("code=J01CA04", "code"),
        ("_cursor=nope", "_cursor"),
        ("_count=5&_cursor=12.", "_cursor"),
    ] {
        let reply = s
            .get(&format!("/fhir/Medication?{query}"), Some(&token), &[])
            .await;
        let refusal = reply.refusal(400);
        assert_eq!(refusal.code, Some(ErrorCode::BadRequest), "{query}");
        assert_eq!(refusal.details["parameter"], parameter, "{query}");
        assert!(
            refusal.message.contains(parameter),
            "{query}: {}",
            refusal.message
        );
    }
    let unsigned = s.get("/fhir/Medication", None, &[]).await;
    assert_eq!(unsigned.code(401), ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn the_fault_knobs_apply_to_the_fhir_face_and_a_dropped_answer_still_records() {
    let s = Server::start();
    let c = s.api.client(0).await;
    let (demo, product, codes) = active_with_codes(&s.api);
    let (rx, subject, _) = fhir_lookup(&s, &c.token, &demo.number).await;
    let search = format!("/fhir/{}", rx_search(&rx.number));

    // An injected error is a 503 OperationOutcome with its Retry-After.
    s.api.sandbox.admin(
        "/_sandbox/faults",
        json!({"error_rate": 1.0, "retry_after_secs": 7}),
    );
    let busy = s.get(&search, Some(&c.token), &[]).await;
    assert_eq!(busy.code(503), ErrorCode::ServiceUnavailable);
    assert_eq!(busy.headers["retry-after"], "7");
    assert_eq!(busy.json()["resourceType"], "OperationOutcome");

    // A dropped answer: the connection closes without one, yet the dispense is recorded.
    s.api
        .sandbox
        .admin("/_sandbox/faults", json!({"drop_rate": 1.0}));
    let item = rx.items[0].clone();
    let req = one_line(
        &rx.number,
        &c.pinfl,
        &item.item_id,
        &product,
        1,
        vec![codes[0].clone()],
    );
    let tx = fhir_dispense::transaction(
        &req,
        &context(&rx, subject, &c.pharmacy_id),
        Some(rx_search(&rx.number)),
    );
    let body = serde_json::to_vec(&Resource::Bundle(Box::new(tx.clone()))).unwrap();
    let sent = s
        .http
        .post(format!("{}/fhir", s.base()))
        .bearer_auth(&c.token)
        .header("content-type", FHIR_JSON)
        .body(body)
        .send()
        .await;
    let no_answer = match sent {
        Err(_) => true,
        Ok(resp) => resp.bytes().await.is_err(),
    };
    assert!(no_answer, "the answer is dropped");
    s.api.sandbox.admin("/_sandbox/faults", json!({}));
    let (after, _, _) = fhir_lookup(&s, &c.token, &rx.number).await;
    assert_eq!(
        after.items[0].quantity_dispensed,
        item.quantity_dispensed + 1,
        "recorded before the answer was dropped"
    );
    // The resend finds its match: nothing doubled.
    let again = s.transaction(&c.token, &tx).await.bundle();
    assert_eq!(again.entry[0].response.as_ref().unwrap().status, "200 OK");
    let (after, _, _) = fhir_lookup(&s, &c.token, &rx.number).await;
    assert_eq!(
        after.items[0].quantity_dispensed,
        item.quantity_dispensed + 1
    );
}
