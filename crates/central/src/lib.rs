//! The central system behind one seam: [`CentralSystem`] has the operations the counter needs
//! (sign in and health; lookup by number and code, and by PINFL; hold and release; dispense,
//! withdraw and history; paper upload; the pharmacy's dispense list and the catalogue delta),
//! in the terms of contract v1 (`dmed_api::types`), whatever the central system speaks.
//!
//! Adapters:
//! - [`dmed_v1`]: contract v1 over HTTP, the DMED model the sandbox serves and training uses.
//! - [`dhp_fhir`]: FHIR R5 as Uzinfocom's Digital Health Platform guide describes it.
//!
//! An operation an adapter cannot do answers [`CentralError::NotOffered`], which the counter
//! shows as `NOT_OFFERED` with the operation named; nothing is sent. Every exchange reports into
//! the adapter's [`Link`], so the counter knows whether the central system can be reached.

mod bounds;
pub mod dhp_fhir;
pub mod dmed_v1;
pub mod endpoint;
pub mod error;
pub mod link;
pub mod sensitive;
mod transport;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use dmed_api::handover::IdDocumentKind;
use dmed_api::types::{
    CatalogDelta, Dispense, DispenseHistory, DispenseRequest, Health, Hold, HoldRequest,
    PaperRecordsRequest, PaperRecordsResponse, PatientPrescriptions, PharmacyDispenses,
    Prescription, TokenRequest, TokenResponse, WithdrawRequest,
};
use time::OffsetDateTime;
use uuid::Uuid;

pub use error::{CentralError, Operation};
pub use link::{Link, LinkStatus, Ticket};
pub use sensitive::Sensitive;

/// Which protocol an endpoint speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Adapter {
    /// Contract v1 (`/v1/…`): the sandbox, training mode.
    #[default]
    DmedV1,
    /// FHIR R5 as Uzinfocom's Digital Health Platform guide describes it (`/fhir`).
    DhpFhir,
}

impl Adapter {
    /// Every adapter, in the order a chooser lists them.
    pub const ALL: [Adapter; 2] = [Adapter::DmedV1, Adapter::DhpFhir];

    /// The name the endpoint setting uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Adapter::DmedV1 => "dmed-v1",
            Adapter::DhpFhir => "dhp-fhir",
        }
    }
}

impl std::fmt::Display for Adapter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Adapter {
    type Err = CentralError;

    /// The adapter of a setting's name; an unknown name is an invalid endpoint that lists the
    /// known ones.
    fn from_str(name: &str) -> Result<Adapter, CentralError> {
        let name = name.trim();
        Adapter::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| CentralError::InvalidEndpoint {
                reason: format!(
                    "'{name}' is not a known central system; use one of {}",
                    Adapter::ALL.map(Adapter::as_str).join(", ")
                ),
            })
    }
}

/// Where the central system is and which protocol it speaks: what the endpoint setting names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub adapter: Adapter,
    /// The base URL (for `dhp-fhir` the FHIR base, e.g. `https://playground.dhp.uz/fhir`).
    pub url: String,
}

impl Endpoint {
    pub fn new(adapter: Adapter, url: impl Into<String>) -> Endpoint {
        Endpoint {
            adapter,
            url: url.into(),
        }
    }

    /// The same endpoint with its URL checked and normalized ([`endpoint::validate`]).
    pub fn validated(&self) -> Result<Endpoint, CentralError> {
        Ok(Endpoint::new(self.adapter, endpoint::validate(&self.url)?))
    }
}

/// A bare URL is a contract v1 endpoint, as it was before the setting named an adapter.
impl From<&str> for Endpoint {
    fn from(url: &str) -> Endpoint {
        Endpoint::new(Adapter::DmedV1, url)
    }
}

impl From<&String> for Endpoint {
    fn from(url: &String) -> Endpoint {
        Endpoint::from(url.as_str())
    }
}

impl From<String> for Endpoint {
    fn from(url: String) -> Endpoint {
        Endpoint::new(Adapter::DmedV1, url)
    }
}

/// Opens a web page in the system browser (the user signs in to the platform there).
pub type Browser = Arc<dyn Fn(&str) -> Result<(), String> + Send + Sync>;

/// The pharmacy system's OAuth client at the platform: its id, and its secret for a
/// confidential client (kept in the keyring, never in a file).
#[derive(Clone, PartialEq, Eq)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: Option<Sensitive<String>>,
}

impl std::fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthClient")
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// Timeouts and retry policy of an adapter's HTTP client, and what signing in through the
/// platform needs.
#[derive(Clone)]
pub struct ClientConfig {
    /// Time allowed to open the connection.
    pub connect_timeout: Duration,
    /// Time allowed for the whole request, answer included.
    pub request_timeout: Duration,
    /// How many times a call is re-sent (same `X-Request-ID`, same idempotency key) after a
    /// refused connection or a 503 whose `Retry-After` is at most `max_retry_wait`.
    pub retries: u32,
    /// The longest `Retry-After` the client waits for by itself before re-sending.
    pub max_retry_wait: Duration,
    /// The pharmacy system's OAuth client (`dhp-fhir`).
    pub oauth: Option<OAuthClient>,
    /// How the sign-in page is opened (`dhp-fhir`; none: signing in is not offered).
    pub browser: Option<Browser>,
    /// How long a sign-in in the browser may take.
    pub sign_in_wait: Duration,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("retries", &self.retries)
            .field("max_retry_wait", &self.max_retry_wait)
            .field("oauth", &self.oauth)
            .field("browser", &self.browser.is_some())
            .field("sign_in_wait", &self.sign_in_wait)
            .finish()
    }
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            connect_timeout: Duration::from_millis(1500),
            request_timeout: Duration::from_millis(2500),
            retries: 1,
            max_retry_wait: Duration::from_secs(1),
            oauth: None,
            browser: None,
            sign_in_wait: Duration::from_secs(300),
        }
    }
}

/// The central system, as the counter uses it. Every method is one exchange (an adapter may
/// make more than one request for it); failures are [`CentralError`]s.
#[async_trait]
pub trait CentralSystem: Send + Sync + std::fmt::Debug {
    /// The protocol this adapter speaks.
    fn adapter(&self) -> Adapter;

    /// The base URL requests go to.
    fn base_url(&self) -> &str;

    /// Sets (or clears) the bearer token sent on authenticated calls.
    fn set_token(&self, token: Option<Sensitive<String>>);

    /// The token requests are sent with, if any.
    fn current_token(&self) -> Option<Sensitive<String>>;

    /// True when a token is set.
    fn has_token(&self) -> bool {
        self.current_token().is_some()
    }

    /// The link state every exchange reports into.
    fn link(&self) -> Arc<Link>;

    /// The central system's time now, as its last health answer showed its clock (this
    /// computer's clock until one came): hold lives are counted on it.
    fn server_now(&self) -> OffsetDateTime;

    /// Signs a member of staff in.
    async fn sign_in(&self, req: &TokenRequest) -> Result<TokenResponse, CentralError>;

    /// Whether the central system is up, and its clock.
    async fn health(&self) -> Result<Health, CentralError>;

    /// One prescription by its number (canonical form) and access code.
    async fn prescription(&self, number: &str, code: &str) -> Result<Prescription, CentralError>;

    /// A patient's active prescriptions by PINFL, stating which identity document the
    /// pharmacist checked (`None`: none was).
    async fn patient_prescriptions(
        &self,
        pinfl: &str,
        document: Option<IdDocumentKind>,
    ) -> Result<PatientPrescriptions, CentralError>;

    /// Holds a prescription for this pharmacy while it is dispensed.
    async fn hold(
        &self,
        number: &str,
        req: &HoldRequest,
        idempotency_key: Uuid,
    ) -> Result<Hold, CentralError>;

    /// Hands a hold back.
    async fn release_hold(&self, number: &str, hold_id: Uuid) -> Result<(), CentralError>;

    /// Records a dispense.
    async fn dispense(&self, req: &DispenseRequest) -> Result<Dispense, CentralError> {
        let body = serde_json::to_vec(req).map_err(|e| CentralError::Protocol {
            reason: format!("request could not be encoded: {e}"),
        })?;
        self.dispense_raw(req.dispense_id, body).await
    }

    /// Records a dispense from the request as serialized when it was queued (a
    /// [`DispenseRequest`] in JSON): every resend is the same request under the same
    /// `dispense_id`, so the central system records it once.
    async fn dispense_raw(
        &self,
        dispense_id: Uuid,
        body: Vec<u8>,
    ) -> Result<Dispense, CentralError>;

    /// Withdraws a dispense recorded by mistake.
    async fn withdraw(
        &self,
        dispense_id: Uuid,
        req: &WithdrawRequest,
        idempotency_key: Uuid,
    ) -> Result<Dispense, CentralError>;

    /// What every pharmacy handed over on a prescription.
    async fn history(&self, number: &str) -> Result<DispenseHistory, CentralError>;

    /// Uploads dispenses made on paper prescriptions during an outage.
    async fn paper_records(
        &self,
        req: &PaperRecordsRequest,
        idempotency_key: Uuid,
    ) -> Result<PaperRecordsResponse, CentralError>;

    /// One page of the pharmacy's dispenses handed over or withdrawn in `[from, to)`
    /// (managers).
    async fn pharmacy_dispenses(
        &self,
        period: (OffsetDateTime, OffsetDateTime),
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<PharmacyDispenses, CentralError>;

    /// The catalogue's changes since `since`.
    async fn catalog(&self, since: u64) -> Result<CatalogDelta, CentralError>;
}

/// The adapter for `endpoint` (its URL checked by [`endpoint::validate`]).
pub fn open(
    endpoint: &Endpoint,
    config: ClientConfig,
) -> Result<Arc<dyn CentralSystem>, CentralError> {
    match endpoint.adapter {
        Adapter::DmedV1 => Ok(Arc::new(dmed_v1::Client::new(&endpoint.url, config)?)),
        Adapter::DhpFhir => Ok(Arc::new(dhp_fhir::Client::new(&endpoint.url, config)?)),
    }
}
