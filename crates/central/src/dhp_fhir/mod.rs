//! The `dhp-fhir` adapter: FHIR R5 as Uzinfocom's Digital Health Platform guide describes it,
//! mapped to and from contract v1 by the `dhp-fhir` crate (decision 0020).
//!
//! - Lookup: `GET MedicationRequest?identifier=<number>` with the Patient, the prescriber and
//!   the dispenses included; by PINFL `GET Patient?identifier=<PINFL>`, then
//!   `GET MedicationRequest?patient=…&status=active`, stating the document checked as v1 does.
//! - Dispense: one transaction `Bundle` of conditional creates (one MedicationDispense per
//!   line, `If-None-Exist` on the line's identifier, so a resend never doubles) that ends with a
//!   search reading the prescription back, so the answer holds what remains.
//! - Withdraw: the dispense's lines `PUT` back as `entered-in-error`, in one transaction.
//! - History: `GET MedicationDispense?prescription=MedicationRequest/<id>,…`.
//! - Sign-in: OAuth 2.0 authorization code with PKCE in the system browser ([`oauth`]).
//! - Catalogue: `GET Medication?_lastUpdated=gt…`, the products as the guide's Medication.
//! - Not in the guide, so not offered (`NOT_OFFERED`, never sent): holds, paper upload and the
//!   pharmacy's dispense list. Decision 0020 says why.
//!
//! A refusal (`OperationOutcome`) keeps its contract code when the server wrote one; another
//! server's is read by issue type and status, its text kept whole.

pub mod oauth;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use async_trait::async_trait;
use dhp_fhir::dispense::{self as fhir_dispense, SendContext};
use dhp_fhir::model::{
    Bundle, BundleEntry, BundleRequest, Extension, MedicationDispense, Reference, Resource,
};
use dhp_fhir::{outcome, prescription as fhir_rx, systems, MappingError};
use dmed_api::handover::IdDocumentKind;
use dmed_api::types::{
    CatalogDelta, Dispense, DispenseHistory, DispenseRequest, Health, Hold, HoldRequest,
    PaperRecordsRequest, PaperRecordsResponse, PatientPrescriptions, Pharmacist, PharmacyDispenses,
    PharmacyInfo, Prescription, PrescriptionStatus, TokenRequest, TokenResponse, WithdrawRequest,
};
use dmed_api::{ErrorCode, HEADER_ID_DOCUMENT_CHECKED, HEADER_ID_DOCUMENT_KIND};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use uuid::Uuid;

use crate::bounds;
use crate::error::Operation;
use crate::transport::{Body, Call, Transport};
use crate::{Adapter, CentralError, CentralSystem, ClientConfig, Link, Sensitive};

/// FHIR's JSON media type.
const FHIR_JSON: &str = "application/fhir+json";

/// What a lookup taught about a prescription, for sending its dispenses: who the patient is at
/// the platform and each item's unit.
#[derive(Debug, Clone)]
struct Known {
    subject: Reference,
    units: HashMap<String, String>,
}

/// How many prescriptions' [`Known`] are kept (the oldest go first).
const KNOWN_MAX: usize = 512;

/// The pharmacy signed in at, as the sign-in said: it is named on every dispense. (A queued
/// dispense may be sent under another member of staff's session, so the pharmacist is named by
/// the dispense itself, by PINFL.)
#[derive(Debug, Clone, Default)]
struct Identity {
    pharmacy_id: String,
    pharmacy_name: String,
}

/// A client of one FHIR endpoint of the platform.
#[derive(Debug)]
pub struct Client {
    transport: Transport,
    smart: tokio::sync::Mutex<Option<oauth::SmartConfiguration>>,
    known: Mutex<(HashMap<String, Known>, std::collections::VecDeque<String>)>,
    identity: RwLock<Identity>,
}

impl Client {
    /// A client of the FHIR base `endpoint` (e.g. `https://playground.dhp.uz/fhir`): `https`,
    /// or plain `http` to this computer; redirects are never followed.
    pub fn new(endpoint: &str, config: ClientConfig) -> Result<Client, CentralError> {
        let base = crate::endpoint::validate(endpoint)?;
        Ok(Client {
            transport: Transport::new(base, config, FHIR_JSON, read_refusal)?,
            smart: tokio::sync::Mutex::new(None),
            known: Mutex::default(),
            identity: RwLock::default(),
        })
    }

    async fn get<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, CentralError> {
        let answer = self.transport.send(call).await?;
        decode(&answer.body)
    }

    async fn bundle(&self, call: Call<'_>) -> Result<Bundle, CentralError> {
        match self.get::<Resource>(call).await? {
            Resource::Bundle(b) => Ok(*b),
            other => Err(CentralError::Protocol {
                reason: format!(
                    "a Bundle was expected, not {}",
                    bounds::text(other.resource_type().to_owned())
                ),
            }),
        }
    }

    /// The search for one prescription's requests, with what the mapping needs beside them.
    fn rx_query(number: &str) -> Vec<(&'static str, String)> {
        let mut query = vec![(
            "identifier",
            format!("{}|{number}", systems::PRESCRIPTION_NUMBER),
        )];
        query.extend(Self::rx_includes());
        query
    }

    /// What a search of requests asks for beside them: the patient, the prescriber and the
    /// dispenses.
    fn rx_includes() -> [(&'static str, String); 3] {
        [
            ("_include", "MedicationRequest:subject".to_owned()),
            ("_include", "MedicationRequest:requester".to_owned()),
            ("_revinclude", "MedicationDispense:prescription".to_owned()),
        ]
    }

    /// The same search as a relative URL (a transaction's read-back entry).
    fn rx_search_url(number: &str) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in Self::rx_query(number) {
            q.append_pair(k, &v);
        }
        format!("MedicationRequest?{}", q.finish())
    }

    /// Reads the prescriptions of a search Bundle and remembers what sending needs.
    fn read_prescriptions(&self, bundle: &Bundle) -> Result<Vec<Prescription>, CentralError> {
        let found = fhir_rx::from_bundle(bundle).map_err(mapping)?;
        for rx in &found {
            if let Some(subject) = subject_of(bundle, &rx.number) {
                self.remember(rx, subject);
            }
        }
        Ok(found)
    }

    fn remember(&self, rx: &Prescription, subject: Reference) {
        let known = Known {
            subject,
            units: rx
                .items
                .iter()
                .map(|i| (i.item_id.clone(), i.unit.clone()))
                .collect(),
        };
        if let Ok(mut guard) = self.known.lock() {
            let (map, order) = &mut *guard;
            if map.insert(rx.number.clone(), known).is_none() {
                order.push_back(rx.number.clone());
                while order.len() > KNOWN_MAX {
                    if let Some(old) = order.pop_front() {
                        map.remove(&old);
                    }
                }
            }
        }
    }

    fn known(&self, number: &str) -> Option<Known> {
        self.known.lock().ok()?.0.get(number).cloned()
    }

    /// What a lookup taught about `number`, looking it up when nothing is known yet.
    async fn known_or_lookup(&self, number: &str) -> Result<Known, CentralError> {
        if let Some(k) = self.known(number) {
            return Ok(k);
        }
        self.prescription(number, "").await?;
        self.known(number).ok_or_else(|| CentralError::Protocol {
            reason: "the prescription's requests name no patient".to_owned(),
        })
    }

    async fn smart_configuration(&self) -> Result<oauth::SmartConfiguration, CentralError> {
        let mut slot = self.smart.lock().await;
        if let Some(c) = slot.as_ref() {
            return Ok(c.clone());
        }
        let mut call = Call::new(Method::GET, "/.well-known/smart-configuration");
        call.authenticated = false;
        let config: oauth::SmartConfiguration = self.get(call).await?;
        let config = config.checked()?;
        *slot = Some(config.clone());
        Ok(config)
    }

    /// Sends a transaction and returns the transaction-response.
    async fn transaction(&self, tx: &Bundle, key: &str) -> Result<Bundle, CentralError> {
        let mut call = Call::new(Method::POST, "")
            .json_as(&Resource::Bundle(Box::new(tx.clone())), FHIR_JSON)?
            .idempotent(key.to_owned());
        call.extra_headers
            .push(("Prefer", "return=representation".to_owned()));
        self.bundle(call).await
    }

    /// A prescription's requests as they stand now (not from memory).
    async fn fresh(&self, number: &str) -> Result<Option<Prescription>, CentralError> {
        let mut call = Call::new(Method::GET, "/MedicationRequest");
        call.query = Self::rx_query(number);
        let bundle = self.bundle(call).await?;
        Ok(self
            .read_prescriptions(&bundle)?
            .into_iter()
            .find(|rx| rx.number == number))
    }
}

/// The MedicationDispenses among a Bundle's entries (a search's, or a transaction-response's).
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

/// The patient the requests of prescription `number` are for.
fn subject_of(bundle: &Bundle, number: &str) -> Option<Reference> {
    fhir_rx::resources(bundle).find_map(|r| match r {
        Resource::MedicationRequest(mr)
            if mr
                .group_identifier
                .as_ref()
                .and_then(|g| g.value.as_deref())
                == Some(number)
                || mr
                    .identifier
                    .iter()
                    .any(|i| i.value.as_deref() == Some(number)) =>
        {
            mr.subject.clone()
        }
        _ => None,
    })
}

/// Medications asked for per catalogue page, and the most pages followed.
const CATALOGUE_PAGE: u32 = 500;
const CATALOGUE_PAGES_MAX: usize = 400;

/// The `next` link of a search page: only one on the same server as `base` is followed (the
/// token goes with it).
fn next_page(page: &Bundle, base: &str) -> Result<Option<String>, CentralError> {
    let next = page
        .extra
        .get("link")
        .and_then(|l| l.as_array())
        .into_iter()
        .flatten()
        .find(|l| l["relation"] == "next")
        .and_then(|l| l["url"].as_str());
    let Some(next) = next else { return Ok(None) };
    let origin = |u: &str| url::Url::parse(u).ok().map(|u| u.origin());
    if origin(next).is_none() || origin(next) != origin(base) {
        return Err(CentralError::Protocol {
            reason: "a search page links to another server; it is not followed".to_owned(),
        });
    }
    Ok(Some(next.to_owned()))
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, CentralError> {
    serde_json::from_slice(body).map_err(|e| CentralError::Protocol {
        reason: bounds::text(format!("unexpected answer: {e}")),
    })
}

fn mapping(e: MappingError) -> CentralError {
    CentralError::Protocol {
        reason: bounds::text(format!("the platform's answer cannot be read: {e}")),
    }
}

fn not_found(number: &str) -> CentralError {
    CentralError::Rejected {
        code: ErrorCode::PrescriptionNotFound,
        message: format!("no prescription {number} was found"),
        details: serde_json::Map::new(),
    }
}

/// The person who signed in in the browser is the one who asked at the counter: the same
/// pharmacy, and the same login when the platform names it. Anything else is refused, so no
/// one's session (nor the counter's unlock secret) is kept under another person's name.
fn signed_in_as_asked(
    req: &TokenRequest,
    pharmacy: &PharmacyInfo,
    login: Option<&str>,
) -> Result<(), CentralError> {
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    let who = match login {
        Some(l) if !same(l, &req.login) => Some(format!("login {}", l.trim())),
        _ if !same(&pharmacy.pharmacy_id, &req.pharmacy_id) => {
            Some(format!("pharmacy {}", pharmacy.pharmacy_id.trim()))
        }
        _ => None,
    };
    match who {
        None => Ok(()),
        Some(who) => Err(CentralError::Rejected {
            code: ErrorCode::Unauthenticated,
            message: bounds::text(format!(
                "the browser signed in with {who}, not as {} of pharmacy {}; sign in there with your own account",
                req.login.trim(),
                req.pharmacy_id.trim()
            )),
            details: serde_json::Map::new(),
        }),
    }
}

/// An OAuth 2.0 error answer (RFC 6749 §5.2).
#[derive(Deserialize)]
struct OAuthError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// A refusal as the platform writes it: an `OperationOutcome` (its contract code when it has
/// one, else the nearest by issue type and status, the text whole), an OAuth error from the
/// token endpoint, or a 503 with its `Retry-After`.
fn read_refusal(status: StatusCode, retry_after: Option<u64>, body: &[u8]) -> CentralError {
    if status == StatusCode::SERVICE_UNAVAILABLE {
        return CentralError::ServiceUnavailable {
            retry_after_secs: retry_after,
            details: serde_json::Map::new(),
        };
    }
    if let Ok(Resource::OperationOutcome(o)) = serde_json::from_slice::<Resource>(body) {
        let refusal = outcome::refusal_of(&o, status.as_u16());
        let code = refusal.code.unwrap_or(if status.is_server_error() {
            ErrorCode::Internal
        } else {
            ErrorCode::BadRequest
        });
        return CentralError::Rejected {
            code,
            message: bounds::text(refusal.message),
            details: bounds::details(refusal.details),
        };
    }
    if let Ok(e) = serde_json::from_slice::<OAuthError>(body) {
        return CentralError::Rejected {
            code: ErrorCode::Unauthenticated,
            message: bounds::text(e.error_description.unwrap_or(e.error)),
            details: serde_json::Map::new(),
        };
    }
    CentralError::Protocol {
        reason: bounds::text(format!(
            "HTTP {} without an OperationOutcome: {}",
            status.as_u16(),
            String::from_utf8_lossy(&body[..body.len().min(200)])
        )),
    }
}

/// The token endpoint's answer: OAuth's, plus who signed in (the sandbox's stand-in for an ID
/// token; decision 0020).
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    expires_at: Option<time::OffsetDateTime>,
    #[serde(default)]
    pharmacist: Option<Pharmacist>,
    #[serde(default)]
    pharmacy: Option<PharmacyInfo>,
    /// Who signed in: their login (OpenID Connect's claim).
    #[serde(default)]
    preferred_username: Option<String>,
}

#[async_trait]
impl CentralSystem for Client {
    fn adapter(&self) -> Adapter {
        Adapter::DhpFhir
    }

    fn base_url(&self) -> &str {
        &self.transport.base
    }

    fn set_token(&self, token: Option<Sensitive<String>>) {
        self.transport.set_token(token);
    }

    fn current_token(&self) -> Option<Sensitive<String>> {
        self.transport.token()
    }

    fn link(&self) -> Arc<Link> {
        self.transport.link.clone()
    }

    fn server_now(&self) -> time::OffsetDateTime {
        self.transport.server_now()
    }

    /// The authorization code grant with PKCE: the platform's sign-in page opens in the
    /// system browser (`login` as the hint); the password never passes through the counter.
    async fn sign_in(&self, req: &TokenRequest) -> Result<TokenResponse, CentralError> {
        let config = &self.transport.config;
        let client = config.oauth.clone().ok_or_else(|| CentralError::InvalidEndpoint {
            reason: "this counter has no OAuth client of the platform: the installer sets the pharmacy's client id and secret with `dorixona platform-client set`".to_owned(),
        })?;
        let browser = config
            .browser
            .clone()
            .ok_or(CentralError::NotOffered(Operation::SignIn))?;
        let smart = self.smart_configuration().await?;
        let loopback = oauth::Loopback::bind().await?;
        let pkce = oauth::Pkce::fresh();
        let state = oauth::new_state();
        let url = oauth::authorize_url(
            &smart,
            &client,
            &loopback.redirect_uri,
            &pkce,
            &state,
            &req.login,
        );
        let redirect_uri = loopback.redirect_uri.clone();
        browser(&url).map_err(|e| CentralError::Protocol {
            reason: bounds::text(format!("the system browser could not be opened: {e}")),
        })?;
        let code = loopback.code(&state, config.sign_in_wait).await?;
        let mut call = Call::new(Method::POST, smart.token_endpoint.clone());
        call.authenticated = false;
        call.body = Body::Bytes(
            oauth::code_exchange_form(&client, &code, &redirect_uri, &pkce.verifier),
            "application/x-www-form-urlencoded",
        );
        let answer: TokenAnswer = self.get(call).await?;
        let (Some(pharmacist), Some(pharmacy)) = (answer.pharmacist, answer.pharmacy) else {
            return Err(CentralError::Protocol {
                reason: "the platform's token does not say who signed in".to_owned(),
            });
        };
        signed_in_as_asked(req, &pharmacy, answer.preferred_username.as_deref())?;
        let expires_at = answer.expires_at.unwrap_or_else(|| {
            time::OffsetDateTime::now_utc()
                + time::Duration::seconds(answer.expires_in.unwrap_or(3600))
        });
        if let Ok(mut id) = self.identity.write() {
            *id = Identity {
                pharmacy_id: pharmacy.pharmacy_id.clone(),
                pharmacy_name: pharmacy.name.clone(),
            };
        }
        Ok(TokenResponse {
            access_token: answer.access_token,
            expires_at,
            pharmacist,
            pharmacy,
        })
    }

    /// `GET metadata`: the CapabilityStatement of an R5 server; the clock from its `Date`.
    async fn health(&self) -> Result<Health, CentralError> {
        let mut call = Call::new(Method::GET, "/metadata");
        call.authenticated = false;
        let answer = self.transport.send(call).await?;
        let statement: serde_json::Map<String, serde_json::Value> = decode(&answer.body)?;
        let version = statement
            .get("fhirVersion")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        if statement.get("resourceType").and_then(|v| v.as_str()) != Some("CapabilityStatement")
            || !version.starts_with("5.")
        {
            return Err(CentralError::Protocol {
                reason: bounds::text(format!(
                    "the endpoint is not a FHIR R5 server (fhirVersion '{version}')"
                )),
            });
        }
        let server_time = answer.date.unwrap_or_else(time::OffsetDateTime::now_utc);
        self.transport.set_server_time(server_time);
        Ok(Health {
            status: "ok".to_owned(),
            server_time,
            api_version: format!("FHIR {version}"),
        })
    }

    /// The requests of prescription `number`. The guide has no access code: the QR identifies
    /// the prescription, and the caller is a signed-in pharmacy, so `code` is not sent.
    async fn prescription(&self, number: &str, _code: &str) -> Result<Prescription, CentralError> {
        self.fresh(number).await?.ok_or_else(|| not_found(number))
    }

    async fn patient_prescriptions(
        &self,
        pinfl: &str,
        document: Option<IdDocumentKind>,
    ) -> Result<PatientPrescriptions, CentralError> {
        let stated = |call: &mut Call<'_>| {
            call.extra_headers
                .push((HEADER_ID_DOCUMENT_CHECKED, document.is_some().to_string()));
            if let Some(kind) = document {
                call.extra_headers
                    .push((HEADER_ID_DOCUMENT_KIND, kind.code().to_owned()));
            }
        };
        let mut call = Call::new(Method::GET, "/Patient");
        call.query
            .push(("identifier", format!("{}|{pinfl}", systems::PINFL)));
        stated(&mut call);
        let patients = self.bundle(call).await?;
        let none = || CentralError::Rejected {
            code: ErrorCode::PrescriptionNotFound,
            message: "the patient has no active prescription".to_owned(),
            details: serde_json::Map::new(),
        };
        let patient = fhir_rx::resources(&patients)
            .find_map(|r| match r {
                Resource::Patient(_) => r.local_reference(),
                _ => None,
            })
            .ok_or_else(none)?;
        let mut call = Call::new(Method::GET, "/MedicationRequest");
        call.query.push(("patient", patient));
        call.query.push(("status", "active".to_owned()));
        call.query.extend(Self::rx_includes());
        stated(&mut call);
        let bundle = self.bundle(call).await?;
        let prescriptions: Vec<Prescription> = self
            .read_prescriptions(&bundle)?
            .into_iter()
            .filter(|rx| {
                matches!(
                    rx.status,
                    PrescriptionStatus::Active | PrescriptionStatus::PartiallyDispensed
                )
            })
            .collect();
        if prescriptions.is_empty() {
            return Err(none());
        }
        Ok(PatientPrescriptions { prescriptions })
    }

    async fn hold(
        &self,
        _number: &str,
        _req: &HoldRequest,
        _idempotency_key: Uuid,
    ) -> Result<Hold, CentralError> {
        Err(CentralError::NotOffered(Operation::Hold))
    }

    async fn release_hold(&self, _number: &str, _hold_id: Uuid) -> Result<(), CentralError> {
        Err(CentralError::NotOffered(Operation::ReleaseHold))
    }

    /// One transaction: a conditional create per line, then the prescription read back.
    async fn dispense_raw(
        &self,
        dispense_id: Uuid,
        body: Vec<u8>,
    ) -> Result<Dispense, CentralError> {
        let req: DispenseRequest = decode(&body)?;
        let known = self.known_or_lookup(&req.prescription_number).await?;
        let identity = self.identity.read().map(|i| i.clone()).unwrap_or_default();
        let ctx = SendContext {
            subject: known.subject,
            units: known.units,
            gtins: HashMap::new(),
            pharmacy_id: identity.pharmacy_id,
            pharmacy_name: identity.pharmacy_name,
            pharmacist_name: String::new(),
        };
        let tx = fhir_dispense::transaction(
            &req,
            &ctx,
            Some(Self::rx_search_url(&req.prescription_number)),
        );
        let answer = self.transaction(&tx, &dispense_id.to_string()).await?;
        let after = answer.entry.iter().find_map(|e| match &e.resource {
            Some(Resource::Bundle(b)) => Some(b.as_ref()),
            _ => None,
        });
        let rx = match after {
            Some(b) => self
                .read_prescriptions(b)?
                .into_iter()
                .find(|rx| rx.number == req.prescription_number),
            None => None,
        };
        fhir_dispense::dispenses_from(&dispenses_in(&answer), rx.as_ref())
            .map_err(mapping)?
            .into_iter()
            .find(|d| d.dispense_id == dispense_id)
            .ok_or_else(|| CentralError::Protocol {
                reason: "the transaction's answer does not hold the dispense".to_owned(),
            })
    }

    /// The dispense's lines, `PUT` back as `entered-in-error` with the reason, in one
    /// transaction.
    async fn withdraw(
        &self,
        dispense_id: Uuid,
        req: &WithdrawRequest,
        idempotency_key: Uuid,
    ) -> Result<Dispense, CentralError> {
        let mut call = Call::new(Method::GET, "/MedicationDispense");
        call.query
            .push(("identifier", format!("{}|{dispense_id}", systems::DISPENSE)));
        let found = self.bundle(call).await?;
        let now = dhp_fhir::when::instant(self.server_now());
        let entry: Vec<BundleEntry> = dispenses_in(&found)
            .into_iter()
            .filter_map(|md| {
                let id = md.id.clone()?;
                let mut md = md.clone();
                md.status = Some("entered-in-error".to_owned());
                md.status_changed = Some(now.clone());
                md.extension
                    .retain(|e| e.url != systems::EXT_WITHDRAW_REASON);
                md.extension
                    .push(Extension::string(systems::EXT_WITHDRAW_REASON, &req.reason));
                Some(BundleEntry {
                    full_url: Some(format!("MedicationDispense/{id}")),
                    resource: Some(Resource::MedicationDispense(Box::new(md))),
                    request: Some(BundleRequest {
                        method: "PUT".to_owned(),
                        url: format!("MedicationDispense/{id}"),
                        ..BundleRequest::default()
                    }),
                    ..BundleEntry::default()
                })
            })
            .collect();
        if entry.is_empty() {
            return Err(CentralError::Rejected {
                code: ErrorCode::NotFound,
                message: format!("no dispense {dispense_id} was found"),
                details: serde_json::Map::new(),
            });
        }
        let tx = Bundle {
            type_: "transaction".to_owned(),
            entry,
            ..Bundle::default()
        };
        let answer = self.transaction(&tx, &idempotency_key.to_string()).await?;
        let withdrawn = dispenses_in(&answer);
        let number = withdrawn
            .first()
            .map(|md| fhir_dispense::parts_of(md).map(|(h, _)| h.prescription_number))
            .transpose()
            .map_err(mapping)?;
        let rx = match number {
            Some(n) => self.fresh(&n).await?,
            None => None,
        };
        fhir_dispense::dispenses_from(&withdrawn, rx.as_ref())
            .map_err(mapping)?
            .into_iter()
            .find(|d| d.dispense_id == dispense_id)
            .ok_or_else(|| CentralError::Protocol {
                reason: "the transaction's answer does not hold the withdrawn dispense".to_owned(),
            })
    }

    /// `GET MedicationDispense?prescription=MedicationRequest/<id>,…`, in the server's order.
    async fn history(&self, number: &str) -> Result<DispenseHistory, CentralError> {
        let rx = self.fresh(number).await?.ok_or_else(|| not_found(number))?;
        let ids: Vec<String> = rx
            .items
            .iter()
            .map(|i| format!("MedicationRequest/{}", i.item_id))
            .collect();
        let mut call = Call::new(Method::GET, "/MedicationDispense");
        call.query.push(("prescription", ids.join(",")));
        let bundle = self.bundle(call).await?;
        let dispenses =
            fhir_dispense::dispenses_from(&dispenses_in(&bundle), Some(&rx)).map_err(mapping)?;
        Ok(DispenseHistory { dispenses })
    }

    async fn paper_records(
        &self,
        _req: &PaperRecordsRequest,
        _idempotency_key: Uuid,
    ) -> Result<PaperRecordsResponse, CentralError> {
        Err(CentralError::NotOffered(Operation::PaperRecords))
    }

    async fn pharmacy_dispenses(
        &self,
        _period: (time::OffsetDateTime, time::OffsetDateTime),
        _cursor: Option<&str>,
        _limit: u32,
    ) -> Result<PharmacyDispenses, CentralError> {
        Err(CentralError::NotOffered(Operation::PharmacyDispenses))
    }

    /// `GET Medication?_lastUpdated=gt<since>`, page after page: `since` and the version
    /// answered are the newest `lastUpdated` seen, in Unix milliseconds (0: the whole list).
    async fn catalog(&self, since: u64) -> Result<CatalogDelta, CentralError> {
        let mut call = Call::new(Method::GET, "/Medication");
        call.query.push(("_count", CATALOGUE_PAGE.to_string()));
        if since > 0 {
            let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(since) * 1_000_000)
                .map_err(|e| CentralError::Protocol {
                    reason: format!("catalogue version {since} is not a time: {e}"),
                })?;
            call.query
                .push(("_lastUpdated", format!("gt{}", dhp_fhir::when::instant(at))));
        }
        let mut delta = CatalogDelta {
            version: since,
            products: Vec::new(),
            removed: Vec::new(),
        };
        for _ in 0..CATALOGUE_PAGES_MAX {
            let page = self.bundle(call).await?;
            for r in fhir_rx::resources(&page) {
                let Resource::Medication(m) = r else { continue };
                if let Some(t) = m.meta.as_ref().and_then(|m| m.last_updated.as_deref()) {
                    let t = dhp_fhir::when::parse_instant(Some(t), "Medication.meta.lastUpdated")
                        .map_err(mapping)?;
                    let ms = u64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
                    delta.version = delta.version.max(ms);
                }
                match dhp_fhir::catalogue::entry(m).map_err(mapping)? {
                    dhp_fhir::catalogue::Entry::Listed(p) => delta.products.push(p),
                    dhp_fhir::catalogue::Entry::Removed(id) => delta.removed.push(id),
                }
            }
            match next_page(&page, &self.transport.base)? {
                Some(url) => call = Call::new(Method::GET, url),
                None => return Ok(delta),
            }
        }
        Err(CentralError::Protocol {
            reason: format!("the catalogue has more than {CATALOGUE_PAGES_MAX} pages"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_sign_in_as_someone_else_is_refused() {
        let req = TokenRequest {
            pharmacy_id: "PH-0001".into(),
            login: "farmatsevt1".into(),
            secret: String::new(),
        };
        let pharmacy = |id: &str| PharmacyInfo {
            pharmacy_id: id.into(),
            name: String::new(),
            address: String::new(),
        };
        assert!(signed_in_as_asked(&req, &pharmacy("ph-0001"), Some(" Farmatsevt1")).is_ok());
        assert!(signed_in_as_asked(&req, &pharmacy("PH-0001"), None).is_ok());
        let other =
            signed_in_as_asked(&req, &pharmacy("PH-0001"), Some("farmatsevt2")).unwrap_err();
        assert_eq!(other.code(), ErrorCode::Unauthenticated);
        assert!(other.to_string().contains("farmatsevt2"), "{other}");
        let elsewhere = signed_in_as_asked(&req, &pharmacy("PH-0002"), None).unwrap_err();
        assert!(elsewhere.to_string().contains("PH-0002"), "{elsewhere}");
    }

    #[test]
    fn an_outcome_with_our_code_keeps_it_and_another_keeps_its_words() {
        let ours = dhp_fhir::outcome::outcome_of(
            &dmed_api::ErrorBody::new(ErrorCode::Expired, "expired on 2026-11-30")
                .with("valid_until", "2026-11-30"),
        );
        let body = serde_json::to_vec(&Resource::OperationOutcome(Box::new(ours))).unwrap();
        let err = read_refusal(StatusCode::CONFLICT, None, &body);
        assert_eq!(err.code(), ErrorCode::Expired);
        assert_eq!(err.details()["valid_until"], "2026-11-30");

        let theirs = br#"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","diagnostics":"Retsept topilmadi yoki yopilgan"}]}"#;
        let err = read_refusal(StatusCode::UNPROCESSABLE_ENTITY, None, theirs);
        assert_eq!(err.code(), ErrorCode::BadRequest);
        assert_eq!(err.to_string(), "Retsept topilmadi yoki yopilgan");
    }

    #[test]
    fn an_oauth_error_is_a_failed_sign_in_and_a_503_keeps_its_wait() {
        let err = read_refusal(
            StatusCode::BAD_REQUEST,
            None,
            br#"{"error":"invalid_grant","error_description":"the code was used"}"#,
        );
        assert_eq!(err.code(), ErrorCode::Unauthenticated);
        assert_eq!(err.to_string(), "the code was used");
        let err = read_refusal(StatusCode::SERVICE_UNAVAILABLE, Some(30), b"");
        assert_eq!(err.code(), ErrorCode::ServiceUnavailable);
        assert_eq!(err.details()["retry_after_secs"], 30);
        let err = read_refusal(StatusCode::BAD_GATEWAY, None, b"<html>proxy</html>");
        assert_eq!(err.code(), ErrorCode::ProtocolError);
    }

    #[tokio::test]
    async fn what_the_guide_lacks_is_not_offered_and_nothing_is_sent() {
        // Port 9 (discard) on loopback: anything sent would fail as a network error instead.
        let client = Client::new("http://127.0.0.1:9/fhir", ClientConfig::default()).unwrap();
        let key = Uuid::new_v4();
        let checks = [
            (
                client
                    .hold("X", &HoldRequest::default(), key)
                    .await
                    .map(|_| ())
                    .unwrap_err(),
                "hold",
            ),
            (
                client.release_hold("X", key).await.unwrap_err(),
                "release_hold",
            ),
            (
                client
                    .paper_records(&PaperRecordsRequest { records: vec![] }, key)
                    .await
                    .map(|_| ())
                    .unwrap_err(),
                "paper_records",
            ),
        ];
        for (err, operation) in checks {
            assert_eq!(err.code(), ErrorCode::NotOffered, "{operation}");
            assert_eq!(err.details()["operation"], operation);
        }
        // Nothing was sent: no failure reached the link.
        let status = client.link().status();
        assert!(status.online && status.last_error.is_none(), "{status:?}");
    }

    #[test]
    fn only_a_next_page_on_the_same_server_is_followed() {
        let page = |url: &str| -> Bundle {
            serde_json::from_value(serde_json::json!({
                "type": "searchset",
                "link": [{"relation": "self", "url": "x"}, {"relation": "next", "url": url}]
            }))
            .unwrap()
        };
        let base = "https://fhir.dhp.uz/fhir";
        let same = "https://fhir.dhp.uz/fhir/Medication?_page=2";
        assert_eq!(next_page(&page(same), base).unwrap().as_deref(), Some(same));
        let other = next_page(&page("https://evil.example/fhir?p=2"), base).unwrap_err();
        assert_eq!(other.code(), ErrorCode::ProtocolError);
        let last: Bundle =
            serde_json::from_value(serde_json::json!({"type": "searchset"})).unwrap();
        assert_eq!(next_page(&last, base).unwrap(), None);
    }

    #[tokio::test]
    async fn signing_in_needs_the_pharmacys_client_and_a_browser() {
        let client = Client::new("http://127.0.0.1:9/fhir", ClientConfig::default()).unwrap();
        let req = TokenRequest {
            pharmacy_id: "PH".into(),
            login: "ali".into(),
            secret: String::new(),
        };
        assert_eq!(
            client.sign_in(&req).await.unwrap_err().code(),
            ErrorCode::InvalidSetting
        );
        let config = ClientConfig {
            oauth: Some(crate::OAuthClient {
                client_id: "dorixona-PH".into(),
                client_secret: None,
            }),
            ..ClientConfig::default()
        };
        let client = Client::new("http://127.0.0.1:9/fhir", config).unwrap();
        assert_eq!(
            client.sign_in(&req).await.unwrap_err().code(),
            ErrorCode::NotOffered
        );
    }
}
