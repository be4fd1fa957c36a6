//! The real `dhp-fhir` adapter against the real sandbox's `/fhir`, opened as the counter opens
//! it (`central::open` with `Endpoint { adapter: DhpFhir, url: "<base>/fhir" }`), and compared
//! with the contract v1 adapter on the same sandbox: sign-in by the authorization code with
//! PKCE through the training page (a "browser" doing by HTTP what a person does), health,
//! lookups by number and by PINFL, dispenses (multi-item, partial, declined, resent), refusals,
//! withdrawal and history, what is not offered, the catalogue delta, and the transactions the
//! adapter sends checked as R5 by the independent validator.
//!
//! What the FHIR mapping knowingly does not carry, and so is not compared:
//! - a prescription's `hold` (the platform's guide has no holds; FHIR answers `None`);
//! - the access code (the guide has none: the QR identifies the prescription, so a lookup with
//!   a wrong code finds it where v1 refuses `ACCESS_CODE_MISMATCH`);
//! - item ids are FHIR ids, a `+` written as `.` ([`common::as_fhir_sees`]);
//! - in the history (and in the answer to a resend), each line's `remaining` and
//!   `item_status` and the dispense's `prescription_status` are the prescription's as it stands
//!   now (FHIR keeps no per-dispense snapshot), where v1 gives them as that dispense left them.
//!   Right after a dispense the two are the same, and are compared whole.

mod common;
#[path = "../../fhir/tests/common/r5.rs"]
mod r5;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use central::{
    Adapter, Browser, CentralError, ClientConfig, Endpoint, OAuthClient, Operation, Sensitive,
};
use common::proxy::Recorder;
use common::{as_fhir_sees, product_for, request_of, Central, Rig};
use dhp_fhir::prescription::fhir_id;
use dmed_api::handover::{IdDocumentKind, Receiver};
use dmed_api::types::{
    Dispense, DispenseItem, DispenseMode, DispenseRequest, DispenseStatus, HoldRequest, ItemStatus,
    PaperRecordsRequest, Prescription, PrescriptionStatus, StaffRole, WithdrawRequest,
};
use dmed_api::{ErrorCode, RxNumber};
use serde_json::Value;
use uuid::Uuid;

// ------------------------------------------------------------------ helpers

/// A dispense request of `lines` (`(item id, product id, quantity)`), handed over now by the
/// member of staff whose PINFL is `pinfl`.
fn request(number: &str, pinfl: &str, lines: &[(&str, &str, u32)]) -> DispenseRequest {
    DispenseRequest {
        dispense_id: Uuid::new_v4(),
        prescription_number: number.to_owned(),
        pharmacist_pinfl: pinfl.to_owned(),
        hold_id: None,
        handed_over_at: time::OffsetDateTime::now_utc(),
        mode: DispenseMode::Online,
        paper_ref: None,
        items: lines
            .iter()
            .map(|(item, product, quantity)| DispenseItem {
                item_id: (*item).to_owned(),
                product_id: (*product).to_owned(),
                quantity: *quantity,
                marking_codes: vec![],
                batch: None,
                expiry: None,
                substituted: false,
                not_dispensed_reason: None,
            })
            .collect(),
        receiver: None,
    }
}

/// The same request in v1's item ids (FHIR writes a `+` as `.`).
fn in_v1_ids(req: &DispenseRequest) -> DispenseRequest {
    let mut req = req.clone();
    req.dispense_id = Uuid::new_v4();
    for i in &mut req.items {
        i.item_id = dhp_fhir::prescription::v1_id(&i.item_id);
    }
    req
}

/// A dispense as both adapters can say it: item ids as FHIR writes them, and without what FHIR
/// gives as the prescription stands now rather than as the dispense left it.
fn comparable(d: &Dispense) -> Dispense {
    let mut d = d.clone();
    d.prescription_status = PrescriptionStatus::Active;
    for i in &mut d.items {
        i.item_id = fhir_id(&i.item_id);
        i.remaining = 0;
        i.item_status = ItemStatus::ToDispense;
    }
    d
}

/// A dispense with its item ids as FHIR writes them (everything else as it is).
fn fhir_ids(d: &Dispense) -> Dispense {
    let mut d = d.clone();
    for i in &mut d.items {
        i.item_id = fhir_id(&i.item_id);
    }
    d
}

/// The error of a call that must fail.
#[track_caller]
fn refused<T: std::fmt::Debug>(r: Result<T, CentralError>, what: &str) -> CentralError {
    match r {
        Ok(v) => panic!("{what} was accepted: {v:?}"),
        Err(e) => e,
    }
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

/// The first demo prescription in `states` (looked up through `client`) for which `fits` says
/// yes.
async fn find_rx(
    rig: &Rig,
    client: &Central,
    states: &[&str],
    fits: impl Fn(&Prescription) -> bool,
) -> Prescription {
    for state in states {
        for demo in rig.state(state) {
            let rx = client
                .prescription(&demo.number, &demo.code)
                .await
                .expect("a demo prescription is found");
            if fits(&rx) {
                return rx;
            }
        }
    }
    panic!("no demo prescription in {states:?} fits");
}

/// A browser that counts how often it was asked to open a page (and opens nothing).
fn counting_browser() -> (Browser, Arc<AtomicUsize>) {
    let opened = Arc::new(AtomicUsize::new(0));
    let counter = opened.clone();
    let browser: Browser = Arc::new(move |_url: &str| {
        counter.fetch_add(1, Ordering::SeqCst);
        Ok(())
    });
    (browser, opened)
}

/// The MedicationDispenses of a dispense as the sandbox holds them (raw FHIR, by the token).
async fn raw_lines(rig: &Rig, token: &str, dispense_id: Uuid) -> Vec<Value> {
    let url = format!(
        "{}/MedicationDispense?identifier={}%7C{dispense_id}",
        rig.fhir_url(),
        dhp_fhir::systems::DISPENSE
    );
    let bundle: Value = reqwest::Client::new()
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .expect("the search is answered")
        .json()
        .await
        .expect("a Bundle");
    bundle["entry"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|e| e["resource"].clone())
        .collect()
}

// ------------------------------------------------------------------ sign-in

#[tokio::test]
async fn sign_in_with_code_and_pkce_gives_a_token_naming_the_pharmacist_and_the_pharmacy() {
    let rig = Rig::start();
    let who = rig.who(0);
    let fhir = rig.fhir(&who).await;

    // What the browser was sent to: the authorization request with PKCE (S256) and the
    // adapter's loopback redirect; the page, the form's 302 and the loopback's answer.
    let visit = &fhir.visit;
    assert_eq!(visit.failure, None, "{visit:?}");
    let url = url::Url::parse(&visit.authorize_url).unwrap();
    assert_eq!(
        url.as_str().split('?').next().unwrap(),
        format!("{}/oauth/authorize", rig.sandbox.base_url),
        "the SMART configuration's authorization endpoint"
    );
    let q: BTreeMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], who.client_id);
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["code_challenge"].len(), 43, "BASE64URL of a SHA-256");
    assert_eq!(q["login_hint"], who.login);
    assert!(!q["state"].is_empty());
    let redirect = url::Url::parse(&q["redirect_uri"]).unwrap();
    assert_eq!(
        (redirect.host_str(), redirect.path()),
        (Some("127.0.0.1"), "/callback")
    );
    assert_eq!(visit.page_status, 200);
    assert_eq!(visit.form_status, 302, "{}", visit.form_text);
    assert!(visit
        .location
        .as_deref()
        .unwrap()
        .starts_with(redirect.as_str()));
    assert_eq!(visit.callback_status, Some(200));

    // Who signed in, as the token answer names them; the same as the v1 sign-in says.
    let t = &fhir.token;
    assert_eq!(t.pharmacist.pinfl, who.pinfl);
    assert_eq!(t.pharmacist.full_name, who.full_name);
    assert_eq!(t.pharmacist.role, StaffRole::Pharmacist);
    assert_eq!(t.pharmacy.pharmacy_id, who.pharmacy_id);
    assert_eq!(t.pharmacy.name, who.pharmacy_name);
    assert!(t.expires_at > time::OffsetDateTime::now_utc());
    assert!(!t.access_token.is_empty());
    let v1 = central::open(
        &Endpoint::new(Adapter::DmedV1, rig.sandbox.base_url.clone()),
        ClientConfig::default(),
    )
    .unwrap();
    let v1_token = v1.sign_in(&request_of(&who)).await.unwrap();
    assert_eq!(t.pharmacist, v1_token.pharmacist);
    assert_eq!(t.pharmacy, v1_token.pharmacy);

    // A confidential client (its secret in the keyring) signs in the same way; with a wrong
    // client secret the code is not exchanged, and it says so.
    let (confidential, visits) = rig.fhir_at(
        &rig.fhir_url(),
        &who,
        &who.secret,
        Duration::from_secs(30),
        Some(&who.client_secret),
    );
    let t2 = confidential
        .sign_in(&request_of(&who))
        .await
        .expect("a confidential client signs in");
    assert_eq!((&t2.pharmacist, &t2.pharmacy), (&t.pharmacist, &t.pharmacy));
    assert_ne!(t2.access_token, t.access_token, "a session of its own");
    assert_eq!(
        visits
            .recv_timeout(Duration::from_secs(5))
            .unwrap()
            .callback_status,
        Some(200)
    );
    let (wrong_client, _visits) = rig.fhir_at(
        &rig.fhir_url(),
        &who,
        &who.secret,
        Duration::from_secs(30),
        Some("not-the-client-secret"),
    );
    let err = refused(
        wrong_client.sign_in(&request_of(&who)).await,
        "a wrong client secret",
    );
    assert_eq!(err.code(), ErrorCode::Unauthenticated, "{err:?}");

    // The token is what opens the platform: with it a lookup is answered, without it refused.
    let demo = &rig.state("active")[0];
    fhir.client
        .prescription(&demo.number, &demo.code)
        .await
        .expect("the token is accepted");
    fhir.client.set_token(None);
    let err = refused(
        fhir.client.prescription(&demo.number, &demo.code).await,
        "a lookup without a token",
    );
    assert_eq!(err.code(), ErrorCode::Unauthenticated, "{err}");
}

#[tokio::test]
async fn a_browser_signed_in_as_another_member_is_refused_and_no_token_is_kept() {
    let rig = Rig::start();
    let asked = rig.who(0);
    let other = rig
        .demo
        .staff
        .iter()
        .find(|m| {
            m.pharmacy_id == asked.pharmacy_id
                && m.login != asked.login
                && !rig.demo.revoked.iter().any(|r| r.login == m.login)
        })
        .cloned()
        .expect("another member of the pharmacy");
    // The browser is the other member's: they sign in there with their own account.
    let mut browser_person = other.clone();
    browser_person.client_id = asked.client_id.clone();
    let (client, visits) = rig.fhir_at(
        &rig.fhir_url(),
        &browser_person,
        &other.secret,
        Duration::from_secs(30),
        None,
    );
    let err = refused(
        client.sign_in(&request_of(&asked)).await,
        "a sign-in finished as someone else",
    );
    assert_eq!(err.code(), ErrorCode::Unauthenticated, "{err:?}");
    assert!(err.to_string().contains(&other.login), "{err}");
    assert!(client.current_token().is_none());
    let visit = visits.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(visit.callback_status, Some(200), "{visit:?}");
}

#[tokio::test]
async fn a_wrong_secret_on_the_sign_in_page_ends_in_a_clear_error_not_a_hang() {
    let rig = Rig::start();
    let who = rig.who(0);
    let wait = Duration::from_secs(2);
    let (client, visits) = rig.fhir_at(&rig.fhir_url(), &who, "not-the-secret", wait, None);
    let started = Instant::now();
    let err = refused(
        client.sign_in(&request_of(&who)).await,
        "a sign-in with a wrong secret",
    );
    let took = started.elapsed();
    assert!(
        took >= wait && took < wait + Duration::from_secs(5),
        "ended after the sign-in wait, not before and not much later: {took:?}"
    );
    assert!(
        matches!(
            &err,
            CentralError::Rejected {
                code: ErrorCode::Unauthenticated,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("not finished in time"), "{err}");
    assert!(client.current_token().is_none());

    // The person saw the page again saying why, and nothing came back to the counter.
    let visit = visits.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(visit.failure, None, "{visit:?}");
    assert_eq!(visit.form_status, 401, "{}", visit.form_text);
    assert_eq!(visit.location, None);
    assert!(
        visit
            .form_text
            .contains("Wrong pharmacy id, login or secret"),
        "{}",
        visit.form_text
    );
    assert_eq!(visit.callback_status, None);
}

#[tokio::test]
async fn no_oauth_client_is_an_invalid_setting_and_no_browser_is_not_offered_sign_in() {
    let rig = Rig::start();
    let proxy = Recorder::start(&rig.sandbox.base_url).await;
    let who = rig.who(0);
    let url = format!("{}/fhir", proxy.url);

    // No OAuth client: the typed error, the browser never opened.
    let (browser, opened) = counting_browser();
    let config = ClientConfig {
        oauth: None,
        browser: Some(browser),
        ..ClientConfig::default()
    };
    let client = central::open(&Endpoint::new(Adapter::DhpFhir, url.as_str()), config).unwrap();
    let err = refused(client.sign_in(&request_of(&who)).await, "no OAuth client");
    assert!(
        matches!(err, CentralError::InvalidEndpoint { .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), ErrorCode::InvalidSetting);
    assert!(err.to_string().contains("OAuth client"), "{err}");
    assert_eq!(opened.load(Ordering::SeqCst), 0);

    // An OAuth client but no browser: signing in is not offered.
    let config = ClientConfig {
        oauth: Some(OAuthClient {
            client_id: who.client_id.clone(),
            client_secret: Some(Sensitive::new(who.client_secret.clone())),
        }),
        browser: None,
        ..ClientConfig::default()
    };
    let client = central::open(&Endpoint::new(Adapter::DhpFhir, url.as_str()), config).unwrap();
    let err = refused(client.sign_in(&request_of(&who)).await, "no browser");
    assert_eq!(err, CentralError::NotOffered(Operation::SignIn));
    assert_eq!(err.details()["operation"], "sign_in");

    // Neither sent anything; the proxy does see what is sent.
    assert!(proxy.seen().is_empty(), "{:?}", proxy.seen());
    client.health().await.unwrap();
    assert_eq!(proxy.seen().len(), 1);
}

// ------------------------------------------------------------------ health

#[tokio::test]
async fn health_reads_the_capability_statement() {
    let rig = Rig::start();
    let client = central::open(
        &Endpoint::new(Adapter::DhpFhir, rig.fhir_url()),
        ClientConfig::default(),
    )
    .unwrap();
    let before = time::OffsetDateTime::now_utc();
    let health = client.health().await.expect("the statement is read");
    let statement: Value = reqwest::get(format!("{}/metadata", rig.fhir_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(statement["resourceType"], "CapabilityStatement");
    assert_eq!(
        health.api_version,
        format!("FHIR {}", statement["fhirVersion"].as_str().unwrap())
    );
    assert_eq!(health.status, "ok");
    // The clock by the answer's Date header (whole seconds).
    let after = time::OffsetDateTime::now_utc();
    assert!(
        health.server_time >= before - time::Duration::seconds(2)
            && health.server_time <= after + time::Duration::seconds(2),
        "{} not within [{before}, {after}]",
        health.server_time
    );
    assert!(client.link().status().online);

    // A server that is not FHIR R5 (the sandbox's root, where contract v1 lives) is not taken
    // for one.
    let v1_root = central::open(
        &Endpoint::new(Adapter::DhpFhir, rig.sandbox.base_url.clone()),
        ClientConfig::default(),
    )
    .unwrap();
    let err = refused(
        v1_root.health().await,
        "health of a server that is not FHIR",
    );
    assert_eq!(err.code(), ErrorCode::ProtocolError, "{err:?}");
}

#[tokio::test]
async fn maintenance_and_a_revoked_member_are_refused_as_the_v1_adapter_is() {
    let rig = Rig::start();
    let who = rig.who(0);
    let fhir = rig.fhir(&who).await;
    let v1 = rig.v1(&who).await;
    let demo = &rig.state("active")[0];

    // Maintenance: unavailable with its wait (too long to wait for by itself), offline; the
    // health check still reads the statement.
    rig.sandbox.admin(
        "/_sandbox/maintenance",
        serde_json::json!({"enabled": true, "retry_after_secs": 30}),
    );
    let e1 = refused(
        fhir.client.prescription(&demo.number, &demo.code).await,
        "under maintenance",
    );
    let e2 = refused(v1.prescription(&demo.number, &demo.code).await, "v1");
    assert_eq!(
        e1,
        CentralError::ServiceUnavailable {
            retry_after_secs: Some(30),
            details: serde_json::Map::new(),
        }
    );
    assert!(e1.means_offline());
    assert_eq!(e1.code(), e2.code());
    assert_eq!(
        e1.details()["retry_after_secs"],
        e2.details()["retry_after_secs"]
    );
    assert!(!fhir.client.link().status().online);
    fhir.client.health().await.expect("the statement answers");
    rig.sandbox.admin(
        "/_sandbox/maintenance",
        serde_json::json!({"enabled": false, "retry_after_secs": 0}),
    );
    fhir.client
        .prescription(&demo.number, &demo.code)
        .await
        .expect("back");

    // The member's access revoked: their session is refused, by both.
    rig.sandbox.admin(
        "/_sandbox/revoke",
        serde_json::json!({"pharmacy_id": who.pharmacy_id, "login": who.login}),
    );
    let e1 = refused(
        fhir.client.prescription(&demo.number, &demo.code).await,
        "revoked",
    );
    let e2 = refused(v1.prescription(&demo.number, &demo.code).await, "v1");
    assert_eq!(e1.code(), ErrorCode::Forbidden, "{e1:?}");
    assert_eq!(e1.code(), e2.code());
    assert_eq!(e1.details()["reason"], "access_revoked");
    assert_eq!(e1.details()["reason"], e2.details()["reason"]);
}

// ------------------------------------------------------------------ lookups

#[tokio::test]
async fn lookup_by_number_returns_the_prescription_the_v1_adapter_reads() {
    let rig = Rig::start();
    let who = rig.who(0);
    let fhir = rig.fhir(&who).await;
    let v1 = rig.v1(&who).await;

    let plus = rig
        .demo
        .prescriptions
        .iter()
        .find(|p| p.number.ends_with('+'))
        .expect("a demo number ending in +")
        .clone();
    let mut picks: Vec<(String, dmed_sandbox::DemoPrescription)> = dmed_sandbox::STATES
        .iter()
        .map(|s| (s.to_string(), rig.state(s)[0].clone()))
        .collect();
    picks.push(("ends-in-plus".into(), plus));
    for (state, demo) in &picks {
        let by_v1 = v1.prescription(&demo.number, &demo.code).await.unwrap();
        let by_fhir = fhir
            .client
            .prescription(&demo.number, &demo.code)
            .await
            .unwrap_or_else(|e| panic!("{state}: {e:?}"));
        assert_eq!(by_fhir, as_fhir_sees(&by_v1), "{state}");
        assert_eq!(by_fhir.number, demo.number, "{state}");
    }

    // Not carried, by design: the access code (a wrong one finds the prescription over FHIR,
    // v1 refuses it) and the hold (v1 shows it, FHIR does not).
    let demo = &rig.state("active")[0];
    let wrong = if demo.code == "0000" { "1111" } else { "0000" };
    let err = refused(v1.prescription(&demo.number, wrong).await, "a wrong code");
    assert_eq!(err.code(), ErrorCode::AccessCodeMismatch);
    let by_fhir = fhir.client.prescription(&demo.number, wrong).await.unwrap();
    v1.hold(&demo.number, &HoldRequest::default(), Uuid::new_v4())
        .await
        .expect("v1 holds it");
    let held = v1.prescription(&demo.number, &demo.code).await.unwrap();
    assert!(held.hold.is_some(), "v1 shows the hold");
    let by_fhir_held = fhir
        .client
        .prescription(&demo.number, &demo.code)
        .await
        .unwrap();
    assert_eq!(by_fhir_held.hold, None);
    assert_eq!(by_fhir_held, as_fhir_sees(&held));
    assert_eq!(by_fhir, by_fhir_held);

    // An unknown number: both say not found.
    let unknown = unknown_number(&demo.number);
    let a = refused(fhir.client.prescription(&unknown, "0000").await, "unknown");
    let b = refused(v1.prescription(&unknown, "0000").await, "unknown");
    assert_eq!(a.code(), ErrorCode::PrescriptionNotFound, "{a:?}");
    assert_eq!(a.code(), b.code());
}

#[tokio::test]
async fn lookup_by_pinfl_with_the_document_checked_gives_the_patients_active_prescriptions() {
    let rig = Rig::start();
    let who = rig.who(0);
    let fhir = rig.fhir(&who).await;
    let v1 = rig.v1(&who).await;

    let mut seen_any = false;
    for state in ["active", "partially_dispensed"] {
        let demo = &rig.state(state)[0];
        let found = fhir
            .client
            .patient_prescriptions(&demo.pinfl, Some(IdDocumentKind::Passport))
            .await
            .unwrap_or_else(|e| panic!("{state}: {e:?}"));
        assert!(!found.prescriptions.is_empty());
        assert!(
            found.prescriptions.iter().any(|p| p.number == demo.number),
            "{state}: {} is among them",
            demo.number
        );
        for p in &found.prescriptions {
            assert_eq!(p.patient.pinfl, demo.pinfl);
            assert!(
                matches!(
                    p.status,
                    PrescriptionStatus::Active | PrescriptionStatus::PartiallyDispensed
                ),
                "{}: {:?}",
                p.number,
                p.status
            );
        }
        let by_v1 = v1
            .patient_prescriptions(&demo.pinfl, Some(IdDocumentKind::Passport))
            .await
            .unwrap();
        assert_eq!(
            found.prescriptions,
            by_v1
                .prescriptions
                .iter()
                .map(as_fhir_sees)
                .collect::<Vec<_>>(),
            "{state}"
        );
        seen_any = true;
    }
    assert!(seen_any);

    // Without the document checked: v1's refusal, from both.
    let demo = &rig.state("active")[0];
    let a = refused(
        fhir.client.patient_prescriptions(&demo.pinfl, None).await,
        "no document",
    );
    let b = refused(v1.patient_prescriptions(&demo.pinfl, None).await, "v1");
    assert_eq!(a.code(), ErrorCode::IdDocumentNotChecked, "{a:?}");
    assert_eq!(a.code(), b.code());

    // A patient with nothing to dispense: not found, from both. (The patient of a completed
    // prescription, unless they also have an open one.)
    let open: Vec<String> = ["active", "partially_dispensed", "chronic_active"]
        .iter()
        .flat_map(|s| rig.state(s))
        .map(|p| p.pinfl)
        .collect();
    if let Some(done) = rig
        .state("completed")
        .into_iter()
        .find(|p| !open.contains(&p.pinfl))
    {
        let a = refused(
            fhir.client
                .patient_prescriptions(&done.pinfl, Some(IdDocumentKind::IdCard))
                .await,
            "nothing open",
        );
        let b = refused(
            v1.patient_prescriptions(&done.pinfl, Some(IdDocumentKind::IdCard))
                .await,
            "nothing open (v1)",
        );
        assert_eq!(a.code(), ErrorCode::PrescriptionNotFound, "{a:?}");
        assert_eq!(a.code(), b.code());
    }
}

// ------------------------------------------------------------------ dispenses

#[tokio::test]
async fn a_multi_item_dispense_leaves_a_partial_item_open_and_its_resend_is_not_doubled() {
    let rig = Rig::start();
    let who = rig.who(0);
    let fhir = rig.fhir(&who).await;
    let v1 = rig.v1(&who).await;
    let products = rig.products(&v1).await;
    let client = &fhir.client;

    let rx = find_rx(&rig, client, &["active", "chronic_active"], |rx| {
        rx.items.len() >= 2 && rx.items[0].remaining() >= 2 && rx.items[1].remaining() >= 1
    })
    .await;
    let (a, b) = (rx.items[0].clone(), rx.items[1].clone());
    let (pa, pb) = (
        product_for(&products, &a.inn),
        product_for(&products, &b.inn),
    );
    let before_history = client.history(&rx.number).await.unwrap().dispenses.len();
    let req = request(
        &rx.number,
        &fhir.token.pharmacist.pinfl,
        &[
            (&a.item_id, &pa.product_id, a.remaining() - 1),
            (&b.item_id, &pb.product_id, b.remaining()),
        ],
    );

    let d = client
        .dispense(&req)
        .await
        .expect("the dispense is recorded");
    assert_eq!(d.dispense_id, req.dispense_id);
    assert_eq!(d.prescription_number, rx.number);
    assert_eq!(d.status, DispenseStatus::Completed);
    assert_eq!(d.pharmacy_id, who.pharmacy_id);
    assert_eq!(d.pharmacist_pinfl, who.pinfl);
    assert_eq!(d.items.len(), 2);
    assert_eq!(
        (
            d.items[0].quantity,
            d.items[0].remaining,
            d.items[0].item_status
        ),
        (a.remaining() - 1, 1, ItemStatus::Partial),
        "the partial item stays open"
    );
    assert_eq!(
        (
            d.items[1].quantity,
            d.items[1].remaining,
            d.items[1].item_status
        ),
        (b.remaining(), 0, ItemStatus::Dispensed)
    );
    assert_eq!(
        d.prescription_status,
        PrescriptionStatus::PartiallyDispensed
    );

    // The prescription now, by both adapters; what v1 recorded is what FHIR answered.
    let demo = rig.demo_rx(&rx.number);
    let after = client.prescription(&rx.number, "").await.unwrap();
    let after_v1 = v1.prescription(&rx.number, &demo.code).await.unwrap();
    assert_eq!(after, as_fhir_sees(&after_v1));
    assert_eq!(after.status, PrescriptionStatus::PartiallyDispensed);
    assert_eq!(after.items[0].remaining(), 1);
    assert_eq!(
        after.items[0].quantity_dispensed,
        a.quantity_dispensed + a.remaining() - 1
    );
    assert_eq!(after.items[1].remaining(), 0);
    let v1_history = v1.history(&rx.number).await.unwrap();
    let recorded = v1_history
        .dispenses
        .iter()
        .find(|x| x.dispense_id == req.dispense_id)
        .expect("v1 sees the dispense");
    assert_eq!(d, fhir_ids(recorded));

    // Sent again (as the outbox does: the same bytes under the same dispense id): the same
    // dispense, nothing doubled.
    let again = client
        .dispense_raw(req.dispense_id, serde_json::to_vec(&req).unwrap())
        .await
        .expect("the resend is answered");
    assert_eq!(again.dispense_id, req.dispense_id);
    assert_eq!(again.items, d.items);
    let again2 = client.dispense(&req).await.expect("and again");
    assert_eq!(again2.items, d.items);
    let now = client.prescription(&rx.number, "").await.unwrap();
    assert_eq!(now, after, "remaining quantities unchanged");
    let history = client.history(&rx.number).await.unwrap();
    assert_eq!(history.dispenses.len(), before_history + 1);
    assert_eq!(
        history
            .dispenses
            .iter()
            .filter(|x| x.dispense_id == req.dispense_id)
            .count(),
        1,
        "one dispense in the history"
    );
    let v1_history = v1.history(&rx.number).await.unwrap();
    assert_eq!(
        v1_history
            .dispenses
            .iter()
            .filter(|x| x.dispense_id == req.dispense_id)
            .count(),
        1
    );
}

#[tokio::test]
async fn a_queued_dispense_is_sent_by_a_restarted_client_that_never_looked_the_prescription_up() {
    // Extra prescriptions: some of the first 400 end in `+` (the 299th is the first), which
    // FHIR ids write as `.`.
    let sandbox = sandbox_process::SandboxProcess::start_with(&["--extra-prescriptions", "400"]);
    let demo = sandbox.demo();
    let rig = Rig { sandbox, demo };
    let extra = rig
        .sandbox
        .extra_prescriptions()
        .into_iter()
        .find(|x| x.number.ends_with('+') && x.quantity_prescribed > x.quantity_dispensed)
        .expect("an open extra prescription whose number ends in +");
    let who = rig.who(0);
    let signed_in = rig.fhir(&who).await;
    let v1 = rig.v1(&who).await;

    // The counter restarted: a new client resumes the session by its token (no sign-in on
    // it, no lookup) and sends the dispense queued before, as the outbox keeps it.
    let resumed = central::open(
        &Endpoint::new(Adapter::DhpFhir, rig.fhir_url()),
        ClientConfig::default(),
    )
    .unwrap();
    resumed.set_token(Some(Sensitive::new(signed_in.token.access_token.clone())));
    let item_id = fhir_id(&extra.item_id);
    assert_ne!(item_id, extra.item_id, "the item id has a + in it");
    let req = request(
        &extra.number,
        &who.pinfl,
        &[(&item_id, &extra.product_id, 1)],
    );
    let queued = serde_json::to_vec(&req).unwrap();
    let d = resumed
        .dispense_raw(req.dispense_id, queued.clone())
        .await
        .expect("the queued dispense is recorded");
    assert_eq!(d.dispense_id, req.dispense_id);
    assert_eq!(d.prescription_number, extra.number);
    assert_eq!(d.pharmacy_id, who.pharmacy_id, "the session's pharmacy");
    assert_eq!(d.items[0].item_id, item_id);
    assert_eq!(
        d.items[0].remaining,
        extra.quantity_prescribed - extra.quantity_dispensed - 1
    );

    // Recorded once, as v1 sees it; sent again, not doubled.
    let v1_rx = v1.prescription(&extra.number, &extra.code).await.unwrap();
    assert_eq!(
        v1_rx.items[0].quantity_dispensed,
        extra.quantity_dispensed + 1
    );
    let recorded = v1.history(&extra.number).await.unwrap().dispenses;
    let ours = recorded
        .iter()
        .find(|x| x.dispense_id == req.dispense_id)
        .expect("v1 sees the dispense");
    assert_eq!(d, fhir_ids(ours));
    resumed
        .dispense_raw(req.dispense_id, queued)
        .await
        .expect("the resend is answered");
    let v1_rx = v1.prescription(&extra.number, &extra.code).await.unwrap();
    assert_eq!(
        v1_rx.items[0].quantity_dispensed,
        extra.quantity_dispensed + 1
    );
    assert_eq!(
        resumed.prescription(&extra.number, "").await.unwrap(),
        as_fhir_sees(&v1_rx)
    );
}

#[tokio::test]
async fn a_declined_line_closes_what_remains_of_its_item_without_handing_it_over() {
    let rig = Rig::start();
    let who = rig.who(0);
    let fhir = rig.fhir(&who).await;
    let v1 = rig.v1(&who).await;
    let products = rig.products(&v1).await;
    let client = &fhir.client;

    let rx = find_rx(&rig, client, &["active", "chronic_active"], |rx| {
        rx.items.len() >= 2 && rx.items.iter().all(|i| i.remaining() >= 1)
    })
    .await;
    let (a, b) = (rx.items[0].clone(), rx.items[1].clone());
    let pb = product_for(&products, &b.inn);
    let mut req = request(
        &rx.number,
        &who.pinfl,
        &[(&a.item_id, "", 0), (&b.item_id, &pb.product_id, 1)],
    );
    req.items[0].not_dispensed_reason = Some("patient_declined: will buy later".into());

    let d = client.dispense(&req).await.expect("recorded");
    assert_eq!(
        d.items[0].not_dispensed_reason.as_deref(),
        Some("patient_declined: will buy later")
    );
    assert_eq!(d.items[0].quantity, 0);
    assert_eq!(d.items[0].item_status, ItemStatus::NotDispensed);
    assert_eq!(d.items[1].quantity, 1);

    let demo = rig.demo_rx(&rx.number);
    let after = client.prescription(&rx.number, "").await.unwrap();
    assert_eq!(
        after,
        as_fhir_sees(&v1.prescription(&rx.number, &demo.code).await.unwrap())
    );
    assert_eq!(after.items[0].status, ItemStatus::NotDispensed);
    assert_eq!(
        after.items[0].quantity_dispensed, a.quantity_dispensed,
        "nothing handed over"
    );

    // The closed item takes nothing more, by either adapter.
    let pa = product_for(&products, &a.inn);
    let more = request(&rx.number, &who.pinfl, &[(&a.item_id, &pa.product_id, 1)]);
    let e1 = refused(client.dispense(&more).await, "a closed item");
    let e2 = refused(v1.dispense(&in_v1_ids(&more)).await, "a closed item (v1)");
    assert_eq!(e1.code(), ErrorCode::QuantityExceeded, "{e1:?}");
    assert_eq!(e1.code(), e2.code());

    // The history keeps the declined line and its reason.
    let history = client.history(&rx.number).await.unwrap();
    let ours = history
        .dispenses
        .iter()
        .find(|x| x.dispense_id == req.dispense_id)
        .unwrap();
    assert_eq!(ours.items.len(), 2);
    assert_eq!(
        ours.items[0].not_dispensed_reason.as_deref(),
        Some("patient_declined: will buy later")
    );
}

#[tokio::test]
async fn refusals_expired_cancelled_quantity_and_a_retired_marking_code_are_the_v1_adapters_codes()
{
    let rig = Rig::start();
    let who = rig.who(0);
    let fhir = rig.fhir(&who).await;
    let v1 = rig.v1(&who).await;
    let products = rig.products(&v1).await;
    let client = &fhir.client;

    // A prescription that may no longer (or not yet) be dispensed.
    for (state, expected) in [
        ("expired", ErrorCode::Expired),
        ("cancelled", ErrorCode::Cancelled),
        ("not_yet_valid", ErrorCode::NotYetValid),
        ("completed", ErrorCode::AlreadyDispensed),
    ] {
        let demo = &rig.state(state)[0];
        let rx = client.prescription(&demo.number, &demo.code).await.unwrap();
        let item = &rx.items[0];
        let product = product_for(&products, &item.inn);
        let req = request(
            &rx.number,
            &who.pinfl,
            &[(&item.item_id, &product.product_id, 1)],
        );
        let e1 = refused(client.dispense(&req).await, state);
        let e2 = refused(v1.dispense(&in_v1_ids(&req)).await, state);
        assert_eq!(e1.code(), expected, "{state}: {e1:?}");
        assert_eq!(e1.code(), e2.code(), "{state}: {e2:?}");
        assert_eq!(
            client.prescription(&rx.number, "").await.unwrap(),
            rx,
            "{state}: nothing recorded"
        );
    }

    // More than remains.
    let rx = find_rx(&rig, client, &["partially_dispensed", "active"], |rx| {
        rx.items.iter().any(|i| i.remaining() >= 1)
    })
    .await;
    let item = rx.items.iter().find(|i| i.remaining() >= 1).unwrap();
    let product = product_for(&products, &item.inn);
    let too_much = request(
        &rx.number,
        &who.pinfl,
        &[(&item.item_id, &product.product_id, item.remaining() + 1)],
    );
    let e1 = refused(client.dispense(&too_much).await, "too much");
    let e2 = refused(v1.dispense(&in_v1_ids(&too_much)).await, "too much (v1)");
    assert_eq!(e1.code(), ErrorCode::QuantityExceeded, "{e1:?}");
    assert_eq!(e1.code(), e2.code());
    assert_eq!(e1.details()["remaining"], item.remaining());
    assert_eq!(e1.details()["remaining"], e2.details()["remaining"]);
    assert_eq!(client.prescription(&rx.number, "").await.unwrap(), rx);

    // A pack already sold: its marking code is retired.
    let mut chosen = None;
    'search: for mc in &rig.demo.marking_codes {
        let Some(product) = products.iter().find(|p| p.product_id == mc.product_id) else {
            continue;
        };
        for state in ["active", "partially_dispensed", "chronic_active"] {
            for demo in rig.state(state) {
                if !demo
                    .inns
                    .iter()
                    .any(|i| i.eq_ignore_ascii_case(&product.inn))
                {
                    continue;
                }
                let rx = client.prescription(&demo.number, "").await.unwrap();
                if let Some(item) = rx
                    .items
                    .iter()
                    .find(|i| i.inn.eq_ignore_ascii_case(&product.inn) && i.remaining() >= 3)
                {
                    chosen = Some((rx.number.clone(), item.item_id.clone(), mc.clone()));
                    break 'search;
                }
            }
        }
    }
    let (number, item_id, mc) = chosen.expect("a demo pack that fits an open prescription");
    let mut first = request(&number, &who.pinfl, &[(&item_id, &mc.product_id, 1)]);
    first.items[0].marking_codes = vec![mc.code.clone()];
    client
        .dispense(&first)
        .await
        .expect("the pack is sold once");
    let before = client.prescription(&number, "").await.unwrap();
    let mut second = request(&number, &who.pinfl, &[(&item_id, &mc.product_id, 1)]);
    second.items[0].marking_codes = vec![mc.code.clone()];
    let e1 = refused(client.dispense(&second).await, "a retired pack");
    let e2 = refused(
        v1.dispense(&in_v1_ids(&second)).await,
        "a retired pack (v1)",
    );
    assert_eq!(e1.code(), ErrorCode::MarkingCodeRetired, "{e1:?}");
    assert_eq!(e1.code(), e2.code());
    assert_eq!(client.prescription(&number, "").await.unwrap(), before);
}

// ------------------------------------------------------------------ withdraw and history

#[tokio::test]
async fn withdraw_sets_the_dispense_entered_in_error_and_the_quantities_come_back() {
    let rig = Rig::start();
    let who = rig.who(0);
    let fhir = rig.fhir(&who).await;
    let v1 = rig.v1(&who).await;
    let products = rig.products(&v1).await;
    let client = &fhir.client;

    let rx = find_rx(&rig, client, &["active", "chronic_active"], |rx| {
        rx.items.len() >= 2 && rx.items.iter().all(|i| i.remaining() >= 1)
    })
    .await;
    let (a, b) = (&rx.items[0], &rx.items[1]);
    let req = request(
        &rx.number,
        &who.pinfl,
        &[
            (&a.item_id, &product_for(&products, &a.inn).product_id, 1),
            (&b.item_id, &product_for(&products, &b.inn).product_id, 1),
        ],
    );
    client.dispense(&req).await.expect("recorded");
    assert_ne!(client.prescription(&rx.number, "").await.unwrap(), rx);

    let key = Uuid::new_v4();
    let reason = WithdrawRequest {
        reason: "wrong patient".into(),
    };
    let w = client
        .withdraw(req.dispense_id, &reason, key)
        .await
        .expect("withdrawn");
    assert_eq!(w.dispense_id, req.dispense_id);
    assert_eq!(w.status, DispenseStatus::Withdrawn);
    assert_eq!(w.withdraw_reason.as_deref(), Some("wrong patient"));
    assert!(w.withdrawn_at.is_some());
    assert_eq!(w.items.len(), 2);

    // Every line is entered-in-error at the platform, with the reason.
    let lines = raw_lines(&rig, &fhir.token.access_token, req.dispense_id).await;
    assert_eq!(lines.len(), 2);
    for line in &lines {
        assert_eq!(line["status"], "entered-in-error", "{line}");
        assert!(line["statusChanged"].is_string(), "{line}");
        assert!(line.to_string().contains("wrong patient"), "{line}");
    }

    // The quantities are back; v1 agrees and sees the dispense withdrawn.
    let now = client.prescription(&rx.number, "").await.unwrap();
    assert_eq!(now, rx, "as before the dispense");
    let demo = rig.demo_rx(&rx.number);
    assert_eq!(
        now,
        as_fhir_sees(&v1.prescription(&rx.number, &demo.code).await.unwrap())
    );
    let v1_history = v1.history(&rx.number).await.unwrap();
    let by_v1 = v1_history
        .dispenses
        .iter()
        .find(|d| d.dispense_id == req.dispense_id)
        .unwrap();
    assert_eq!(by_v1.status, DispenseStatus::Withdrawn);
    assert_eq!(by_v1.withdraw_reason.as_deref(), Some("wrong patient"));
    assert_eq!(comparable(&w), comparable(by_v1));

    // The same withdrawal again answers the same and changes nothing.
    let again = client
        .withdraw(req.dispense_id, &reason, key)
        .await
        .expect("the resend is answered");
    assert_eq!(again, w);
    assert_eq!(client.prescription(&rx.number, "").await.unwrap(), rx);

    // A dispense that does not exist is not found.
    let err = refused(
        client
            .withdraw(Uuid::new_v4(), &reason, Uuid::new_v4())
            .await,
        "an unknown dispense",
    );
    assert_eq!(err.code(), ErrorCode::NotFound, "{err:?}");
}

#[tokio::test]
async fn history_lists_the_dispenses_of_the_prescription_as_v1_does() {
    let rig = Rig::start();
    let who = rig.who(0);
    let fhir = rig.fhir(&who).await;
    let v1 = rig.v1(&who).await;
    let products = rig.products(&v1).await;
    let client = &fhir.client;

    // A prescription with seeded history, then one dispense more and one withdrawn.
    let rx = find_rx(&rig, client, &["partially_dispensed"], |rx| {
        rx.items.iter().filter(|i| i.remaining() >= 1).count() >= 1
            && rx.items.iter().map(|i| i.remaining()).sum::<u32>() >= 2
    })
    .await;
    let seeded = client.history(&rx.number).await.unwrap();
    assert!(!seeded.dispenses.is_empty(), "seeded history");
    let open: Vec<_> = rx
        .items
        .iter()
        .filter(|i| i.remaining() >= 1)
        .cloned()
        .collect();
    let line =
        |i: &dmed_api::types::Item| (i.item_id.clone(), product_for(&products, &i.inn).product_id);
    let (ia, pa) = line(&open[0]);
    let (ib, pb) = line(open.get(1).unwrap_or(&open[0]));
    let kept = request(&rx.number, &who.pinfl, &[(&ia, &pa, 1)]);
    client.dispense(&kept).await.unwrap();
    let gone = request(&rx.number, &who.pinfl, &[(&ib, &pb, 1)]);
    client.dispense(&gone).await.unwrap();
    client
        .withdraw(
            gone.dispense_id,
            &WithdrawRequest {
                reason: "typo".into(),
            },
            Uuid::new_v4(),
        )
        .await
        .unwrap();

    let by_fhir = client.history(&rx.number).await.unwrap().dispenses;
    let by_v1 = v1.history(&rx.number).await.unwrap().dispenses;
    assert_eq!(by_fhir.len(), seeded.dispenses.len() + 2);
    let ids = |ds: &[Dispense]| {
        let mut v: Vec<Uuid> = ds.iter().map(|d| d.dispense_id).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&by_fhir), ids(&by_v1), "the same dispenses");
    assert_eq!(
        by_fhir.iter().map(|d| d.dispense_id).collect::<Vec<_>>(),
        by_v1.iter().map(|d| d.dispense_id).collect::<Vec<_>>(),
        "in the same order"
    );
    for d in &by_fhir {
        let twin = by_v1
            .iter()
            .find(|x| x.dispense_id == d.dispense_id)
            .unwrap();
        assert_eq!(comparable(d), comparable(twin), "{}", d.dispense_id);
        assert_eq!(d.prescription_number, rx.number);
    }
    let status = |id: Uuid| {
        by_fhir
            .iter()
            .find(|d| d.dispense_id == id)
            .map(|d| d.status)
    };
    assert_eq!(status(kept.dispense_id), Some(DispenseStatus::Completed));
    assert_eq!(status(gone.dispense_id), Some(DispenseStatus::Withdrawn));

    // Unknown number: not found.
    let err = refused(
        client.history(&unknown_number(&rx.number)).await,
        "an unknown number",
    );
    assert_eq!(err.code(), ErrorCode::PrescriptionNotFound);
}

// ------------------------------------------------------------------ not offered

#[tokio::test]
async fn holds_paper_upload_and_the_pharmacy_list_are_not_offered_and_nothing_is_sent() {
    let rig = Rig::start();
    let proxy = Recorder::start(&rig.sandbox.base_url).await;
    let who = rig.who(0);
    let fhir = rig
        .fhir_signed_in_at(&format!("{}/fhir", proxy.url), &who)
        .await;
    let client = &fhir.client;
    let number = rig.state("active")[0].number.clone();
    proxy.clear();

    let key = Uuid::new_v4();
    let now = time::OffsetDateTime::now_utc();
    let checks: Vec<(CentralError, Operation)> = vec![
        (
            refused(
                client.hold(&number, &HoldRequest::default(), key).await,
                "hold",
            ),
            Operation::Hold,
        ),
        (
            refused(client.release_hold(&number, key).await, "release"),
            Operation::ReleaseHold,
        ),
        (
            refused(
                client
                    .paper_records(&PaperRecordsRequest { records: vec![] }, key)
                    .await,
                "paper",
            ),
            Operation::PaperRecords,
        ),
        (
            refused(
                client
                    .pharmacy_dispenses((now - time::Duration::days(1), now), None, 50)
                    .await,
                "pharmacy list",
            ),
            Operation::PharmacyDispenses,
        ),
    ];
    for (err, op) in checks {
        assert_eq!(err, CentralError::NotOffered(op));
        assert_eq!(err.code(), ErrorCode::NotOffered);
        assert_eq!(err.details()["operation"], op.as_str());
    }
    assert!(proxy.seen().is_empty(), "sent: {:?}", proxy.seen());

    // The same client does send through the proxy.
    client.prescription(&number, "").await.unwrap();
    assert_eq!(proxy.seen().len(), 1);
    assert!(proxy.seen()[0]
        .target
        .starts_with("/fhir/MedicationRequest?"));
}

// ------------------------------------------------------------------ catalogue

#[tokio::test]
async fn catalogue_delta_from_zero_is_the_v1_catalogue_and_from_its_version_is_empty() {
    let rig = Rig::start();
    let who = rig.who(0);
    let fhir = rig.fhir(&who).await;
    let v1 = rig.v1(&who).await;

    let by_v1 = v1.catalog(0).await.unwrap();
    assert!(!by_v1.products.is_empty());
    let whole = fhir
        .client
        .catalog(0)
        .await
        .expect("the catalogue over FHIR (GET /fhir/Medication)");
    let sorted = |mut ps: Vec<dmed_api::types::Product>| {
        ps.sort_by(|a, b| a.product_id.cmp(&b.product_id));
        ps
    };
    let fhir_products = sorted(whole.products.clone());
    let v1_products = sorted(by_v1.products.clone());
    assert_eq!(
        fhir_products
            .iter()
            .map(|p| &p.product_id)
            .collect::<Vec<_>>(),
        v1_products
            .iter()
            .map(|p| &p.product_id)
            .collect::<Vec<_>>(),
        "the same products"
    );
    assert_eq!(fhir_products, v1_products, "with the same values");
    let mut removed = (whole.removed.clone(), by_v1.removed.clone());
    removed.0.sort();
    removed.1.sort();
    assert_eq!(removed.0, removed.1);
    assert!(whole.version > 0, "a version to ask from");

    let nothing_new = fhir.client.catalog(whole.version).await.unwrap();
    assert!(
        nothing_new.products.is_empty() && nothing_new.removed.is_empty(),
        "nothing changed since {}: {} products, {:?} removed",
        whole.version,
        nothing_new.products.len(),
        nothing_new.removed
    );
    assert_eq!(nothing_new.version, whole.version);
}

// ------------------------------------------------------------------ R5

#[tokio::test]
async fn the_transactions_the_adapter_posts_are_valid_r5() {
    let rig = Rig::start();
    let proxy = Recorder::start(&rig.sandbox.base_url).await;
    let who = rig.who(0);
    let fhir = rig
        .fhir_signed_in_at(&format!("{}/fhir", proxy.url), &who)
        .await;
    let v1 = rig.v1(&who).await;
    let products = rig.products(&v1).await;
    let client = &fhir.client;

    // A dispense with everything a line can carry: a pack code, batch and expiry, a declined
    // line, the receiver with the document checked.
    let (number, item_id, mc) = {
        let mut found = None;
        'search: for mc in &rig.demo.marking_codes {
            let Some(p) = products.iter().find(|p| p.product_id == mc.product_id) else {
                continue;
            };
            for demo in rig.state("active") {
                let rx = client.prescription(&demo.number, "").await.unwrap();
                if rx.items.len() >= 2
                    && rx.items[0].inn.eq_ignore_ascii_case(&p.inn)
                    && rx.items[0].remaining() >= 1
                {
                    found = Some((rx.number.clone(), rx.items[0].item_id.clone(), mc.clone()));
                    break 'search;
                }
            }
        }
        found.expect("an active two-item prescription with a demo pack for its first item")
    };
    let rx = client.prescription(&number, "").await.unwrap();
    let mut req = request(
        &number,
        &who.pinfl,
        &[(&item_id, &mc.product_id, 1), (&rx.items[1].item_id, "", 0)],
    );
    req.items[0].marking_codes = vec![mc.code.clone()];
    req.items[0].batch = Some("LOT-42".into());
    req.items[0].expiry = Some(time::macros::date!(2028 - 01 - 31));
    req.items[1].not_dispensed_reason = Some("out_of_stock".into());
    req.receiver = Some(Receiver::patient(Some(IdDocumentKind::Passport)));
    proxy.clear();
    client.dispense(&req).await.expect("recorded");
    client.dispense(&req).await.expect("resent");
    client
        .withdraw(
            req.dispense_id,
            &WithdrawRequest {
                reason: "wrong pack".into(),
            },
            Uuid::new_v4(),
        )
        .await
        .expect("withdrawn");

    let posted: Vec<_> = proxy
        .seen()
        .into_iter()
        .filter(|s| s.method == "POST")
        .collect();
    assert_eq!(posted.len(), 3, "dispense, its resend, the withdrawal");
    for s in &posted {
        assert_eq!(s.target, "/fhir");
        assert_eq!(s.header("content-type"), Some("application/fhir+json"));
        assert_eq!(s.header("accept"), Some("application/fhir+json"));
        assert_eq!(
            s.header("authorization"),
            Some(format!("Bearer {}", fhir.token.access_token).as_str())
        );
        assert_eq!(s.header("prefer"), Some("return=representation"));
        assert_eq!(s.json()["resourceType"], "Bundle");
        assert_eq!(s.json()["type"], "transaction");
    }
    // The dispense and its resend: the same bytes under the dispense id as idempotency key.
    let key = req.dispense_id.to_string();
    assert_eq!(posted[0].header("idempotency-key"), Some(key.as_str()));
    assert_eq!(posted[1].header("idempotency-key"), Some(key.as_str()));
    assert_eq!(posted[0].body, posted[1].body);
    let dispense = posted[0].json();
    let methods: Vec<&str> = dispense["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["request"]["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["POST", "POST", "GET"], "two lines, the read-back");
    assert_eq!(dispense["entry"][1]["resource"]["status"], "declined");
    let withdrawal = posted[2].json();
    for e in withdrawal["entry"].as_array().unwrap() {
        assert_eq!(e["request"]["method"], "PUT");
        assert_eq!(e["resource"]["status"], "entered-in-error");
    }

    r5::assert_valid_r5(&[
        ("dispense".into(), dispense),
        ("withdrawal".into(), withdrawal),
    ]);
}
