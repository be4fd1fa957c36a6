//! Helpers of the adapter tests against the real sandbox process: the sandbox with its demo
//! data, both adapters opened as the counter opens them (`central::open` with an [`Endpoint`]),
//! the "system browser" a person would use to sign in to the platform ([`browser`]), and
//! contract v1's picture of a prescription as FHIR ids write it.

#![allow(dead_code)]

pub mod browser;
pub mod proxy;

use std::sync::mpsc;
use std::time::Duration;

use central::{Adapter, CentralSystem, ClientConfig, Endpoint, OAuthClient, Sensitive};
use dmed_api::types::{Prescription, Product, TokenRequest, TokenResponse};
use dmed_sandbox::{DemoInfo, DemoLogin, DemoPrescription};
use sandbox_process::SandboxProcess;
use std::sync::Arc;

pub use browser::Visit;

/// The central system, as the counter holds it.
pub type Central = Arc<dyn CentralSystem>;

/// A sandbox child process and its demo data.
pub struct Rig {
    pub sandbox: SandboxProcess,
    pub demo: DemoInfo,
}

/// A signed-in `dhp-fhir` adapter, what its sign-in answered, and what the browser did.
pub struct Fhir {
    pub client: Central,
    pub token: TokenResponse,
    pub visit: Visit,
}

impl Rig {
    pub fn start() -> Rig {
        let sandbox = SandboxProcess::start();
        let demo = sandbox.demo();
        Rig { sandbox, demo }
    }

    /// The FHIR base URL, as the endpoint setting names it.
    pub fn fhir_url(&self) -> String {
        format!("{}/fhir", self.sandbox.base_url)
    }

    /// The `i`-th demo pharmacy's pharmacist (with the pharmacy's OAuth client).
    pub fn who(&self, i: usize) -> DemoLogin {
        let who = self.demo.pharmacies[i].clone();
        assert!(
            !who.client_id.is_empty(),
            "the demo pharmacy has an OAuth client"
        );
        who
    }

    /// Demo prescriptions in `state`.
    pub fn state(&self, state: &str) -> Vec<DemoPrescription> {
        let found: Vec<DemoPrescription> = self
            .demo
            .prescriptions
            .iter()
            .filter(|p| p.state == state)
            .cloned()
            .collect();
        assert!(!found.is_empty(), "no demo prescription in state {state}");
        found
    }

    /// The demo prescription `number`.
    pub fn demo_rx(&self, number: &str) -> DemoPrescription {
        self.demo
            .prescriptions
            .iter()
            .find(|p| p.number == number)
            .cloned()
            .unwrap_or_else(|| panic!("{number} is not a demo prescription"))
    }

    /// The contract v1 adapter, signed in as `who` (`POST /v1/auth/token`).
    pub async fn v1(&self, who: &DemoLogin) -> Central {
        let client = central::open(
            &Endpoint::new(Adapter::DmedV1, self.sandbox.base_url.clone()),
            ClientConfig::default(),
        )
        .expect("the v1 adapter opens");
        let token = client.sign_in(&request_of(who)).await.expect("v1 sign-in");
        client.set_token(Some(Sensitive::new(token.access_token)));
        client
    }

    /// The `dhp-fhir` adapter at `url` for `who`'s pharmacy (a public OAuth client, or a
    /// confidential one with `client_secret`), its browser signing in with `secret` (the
    /// browser's reports go to the returned receiver).
    pub fn fhir_at(
        &self,
        url: &str,
        who: &DemoLogin,
        secret: &str,
        sign_in_wait: Duration,
        client_secret: Option<&str>,
    ) -> (Central, mpsc::Receiver<Visit>) {
        let (browser, visits) = browser::person(who, secret);
        let config = ClientConfig {
            oauth: Some(OAuthClient {
                client_id: who.client_id.clone(),
                client_secret: client_secret.map(|s| Sensitive::new(s.to_owned())),
            }),
            browser: Some(browser),
            sign_in_wait,
            ..ClientConfig::default()
        };
        let client = central::open(&Endpoint::new(Adapter::DhpFhir, url), config)
            .expect("the dhp-fhir adapter opens");
        (client, visits)
    }

    /// The `dhp-fhir` adapter at `url`, signed in as `who` through the browser, its token set
    /// as the counter sets it.
    pub async fn fhir_signed_in_at(&self, url: &str, who: &DemoLogin) -> Fhir {
        let (client, visits) = self.fhir_at(url, who, &who.secret, Duration::from_secs(30), None);
        let token = client
            .sign_in(&request_of(who))
            .await
            .expect("signed in through the platform's page");
        client.set_token(Some(Sensitive::new(token.access_token.clone())));
        let visit = visits
            .recv_timeout(Duration::from_secs(5))
            .expect("the browser reported");
        Fhir {
            client,
            token,
            visit,
        }
    }

    /// [`Rig::fhir_signed_in_at`] the sandbox's own `/fhir`.
    pub async fn fhir(&self, who: &DemoLogin) -> Fhir {
        self.fhir_signed_in_at(&self.fhir_url(), who).await
    }

    /// The whole catalogue as contract v1 gives it.
    pub async fn products(&self, v1: &Central) -> Vec<Product> {
        v1.catalog(0).await.expect("the v1 catalogue").products
    }
}

/// What the counter sends to sign `who` in (the secret is not used by `dhp-fhir`: it is typed
/// into the platform's page).
pub fn request_of(who: &DemoLogin) -> TokenRequest {
    TokenRequest {
        pharmacy_id: who.pharmacy_id.clone(),
        login: who.login.clone(),
        secret: who.secret.clone(),
    }
}

/// A product of `inn` (case-insensitive) from the catalogue.
pub fn product_for(products: &[Product], inn: &str) -> Product {
    products
        .iter()
        .find(|p| p.inn.trim().eq_ignore_ascii_case(inn.trim()))
        .cloned()
        .unwrap_or_else(|| panic!("no product of {inn} in the catalogue"))
}

/// A contract v1 prescription as the FHIR mapping carries it: item ids are FHIR ids (a `+`
/// written as `.`), and the hold is not carried (the platform's guide has no holds).
pub fn as_fhir_sees(rx: &Prescription) -> Prescription {
    let mut rx = rx.clone();
    for item in &mut rx.items {
        item.item_id = dhp_fhir::prescription::fhir_id(&item.item_id);
    }
    rx.hold = None;
    rx
}
