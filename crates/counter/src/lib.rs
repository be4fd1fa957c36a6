//! The pharmacy side of Dorixona, without a window: the facade the desktop shell calls.
//!
//! [`Counter`] ties the parts together:
//! - [`client`]: the central API client (one method per endpoint);
//! - [`store`]: the local SQLite database and its migrations;
//! - [`dispense`]: local checks, durable recording, sending and the outbox;
//! - [`catalog`]: the local copy of the national drug list;
//! - [`secrets`]: redacted values and the keyring-backed token store;
//! - [`settings`]: settings rules;
//! - [`reports`]: manager reports, their exports, receipts and the paper log;
//! - [`error`]: [`CounterError`], every failure with its contract code.
//!
//! Patients' PINFLs never leave this crate whole: everything the facade returns carries them
//! masked (`30**********33`).

pub mod catalog;
pub mod client;
pub mod dispense;
pub mod error;
pub mod outage;
pub mod packs;
mod privacy;
pub mod reports;
pub mod secrets;
pub mod settings;
pub mod store;
mod types;

pub use error::{CounterError, StorageProblem};
pub use packs::PackMatch;
pub use secrets::Sensitive;
pub use types::{
    DeliveryState, DispenseDraft, DispenseOutcome, DraftLine, LookupResult, LookupVia, Session,
    Settings,
};

use client::{Client, ClientConfig};
use dmed_api::types::{HoldInfo, HoldRequest, Prescription, Product, TokenRequest};
use dmed_api::{ErrorCode, LookupKey, RxNumber};
use secrets::{StoredToken, TokenKeeper, TokenStore};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use store::Store;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

/// The database file inside the data directory.
pub const DB_FILE: &str = "counter.sqlite";

/// The counter's local day is Tashkent's (UTC+5, no daylight saving), like the central system's.
const LOCAL_OFFSET: time::UtcOffset = time::macros::offset!(+5);

const KEY_LAST_PHARMACY: &str = "session.pharmacy_id";
const KEY_LAST_LOGIN: &str = "session.login";

/// Reads the settings before a [`Counter`] is opened (creating or migrating the database if
/// needed), so the shell can decide which endpoint to use.
pub fn read_settings(data_dir: &Path) -> Result<Settings, CounterError> {
    let store = open_store(data_dir)?;
    settings::load(&store)
}

fn open_store(data_dir: &Path) -> Result<Store, CounterError> {
    std::fs::create_dir_all(data_dir).map_err(|e| {
        let problem = if e.raw_os_error() == Some(28) {
            StorageProblem::DiskFull
        } else {
            StorageProblem::Other
        };
        CounterError::Storage {
            problem,
            reason: format!(
                "the data folder {} cannot be created: {e}",
                data_dir.display()
            ),
        }
    })?;
    Store::open(&data_dir.join(DB_FILE))
}

/// The signed-in session with what is needed to act for it.
#[derive(Debug, Clone)]
struct ActiveSession {
    session: Session,
    keyring_user: String,
}

struct Inner {
    endpoint: String,
    data_dir: PathBuf,
    store: Store,
    client: Client,
    tokens: TokenKeeper,
    session: RwLock<Option<ActiveSession>>,
    flush: tokio::sync::Mutex<()>,
    outage: outage::OutageState,
}

/// The pharmacy counter: cheap to clone, safe to share between threads.
#[derive(Clone)]
pub struct Counter {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Counter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Counter")
            .field("endpoint", &self.inner.endpoint)
            .field("data_dir", &self.inner.data_dir)
            .finish_non_exhaustive()
    }
}

impl Counter {
    /// Opens (creating/migrating) `<data_dir>/counter.sqlite`; `endpoint` is the central API base
    /// URL (e.g. "http://127.0.0.1:8787"), without the /v1 suffix.
    pub fn open(data_dir: &Path, endpoint: &str) -> Result<Counter, CounterError> {
        Self::open_with(
            data_dir,
            endpoint,
            ClientConfig::default(),
            TokenStore::default(),
        )
    }

    /// [`Counter::open`] with explicit client timeouts and keyring service.
    pub fn open_with(
        data_dir: &Path,
        endpoint: &str,
        config: ClientConfig,
        tokens: TokenStore,
    ) -> Result<Counter, CounterError> {
        let endpoint = settings::validate_endpoint(endpoint)?;
        let store = open_store(data_dir)?;
        let client = Client::new(&endpoint, config)?;
        Ok(Counter {
            inner: Arc::new(Inner {
                endpoint,
                data_dir: data_dir.to_owned(),
                store,
                client,
                tokens: TokenKeeper::new(tokens),
                session: RwLock::new(None),
                flush: tokio::sync::Mutex::new(()),
                outage: outage::OutageState::default(),
            }),
        })
    }

    /// The central API base URL in use.
    pub fn endpoint(&self) -> String {
        self.inner.endpoint.clone()
    }

    // ------------------------------------------------------------------ session

    /// Signs in at the central API; the token is kept in memory and, when a keyring is
    /// available, in the keyring so the session can be resumed after a restart.
    pub async fn sign_in(
        &self,
        pharmacy_id: &str,
        login: &str,
        secret: Sensitive<String>,
    ) -> Result<Session, CounterError> {
        let answer = self
            .inner
            .client
            .token(&TokenRequest {
                pharmacy_id: pharmacy_id.to_owned(),
                login: login.to_owned(),
                secret: secret.into_inner(),
            })
            .await?;
        let expires_at = answer.expires_at.format(&Rfc3339).unwrap_or_default();
        let session = Session {
            pharmacy: answer.pharmacy.clone(),
            pharmacist: answer.pharmacist.clone(),
            expires_at: expires_at.clone(),
        };
        let keyring_user = TokenStore::user_key(&self.inner.endpoint, pharmacy_id, login);
        let stored = StoredToken {
            access_token: answer.access_token.clone(),
            expires_at,
            pharmacist: answer.pharmacist,
            pharmacy: answer.pharmacy,
        };
        self.activate(session.clone(), keyring_user.clone(), answer.access_token);
        self.inner.store.set_settings(&[
            (KEY_LAST_PHARMACY, Some(pharmacy_id)),
            (KEY_LAST_LOGIN, Some(login)),
        ])?;
        self.inner.tokens.save(keyring_user, stored).await;
        Ok(session)
    }

    /// Resumes a session from the keyring if a live token is stored for the last signed-in user.
    pub async fn resume_session(&self) -> Option<Session> {
        if let Some(active) = self.session() {
            return Some(active);
        }
        let pharmacy_id = self.inner.store.setting(KEY_LAST_PHARMACY).ok()??;
        let login = self.inner.store.setting(KEY_LAST_LOGIN).ok()??;
        let keyring_user = TokenStore::user_key(&self.inner.endpoint, &pharmacy_id, &login);
        let stored = self.inner.tokens.load(keyring_user.clone()).await?;
        let expires = OffsetDateTime::parse(&stored.expires_at, &Rfc3339).ok()?;
        if expires <= OffsetDateTime::now_utc() {
            return None;
        }
        let session = Session {
            pharmacy: stored.pharmacy,
            pharmacist: stored.pharmacist,
            expires_at: stored.expires_at,
        };
        self.activate(session.clone(), keyring_user, stored.access_token);
        Some(session)
    }

    /// The signed-in session, if any.
    pub fn session(&self) -> Option<Session> {
        self.active().map(|a| a.session)
    }

    /// Signs out: forgets the token in memory and in the keyring.
    pub async fn sign_out(&self) -> Result<(), CounterError> {
        let active = self.deactivate();
        self.inner
            .store
            .set_settings(&[(KEY_LAST_PHARMACY, None), (KEY_LAST_LOGIN, None)])?;
        if let Some(active) = active {
            self.forget_token(active.keyring_user).await;
        }
        Ok(())
    }

    /// Whether the OS keyring worked the last time it was used (probing it if it never was).
    /// When it is not, sessions work but are not kept across restarts.
    pub async fn secrets_available(&self) -> bool {
        self.secrets_diagnostic().await.is_none()
    }

    /// Why the OS keyring is not available, or `None` when it is.
    pub async fn secrets_diagnostic(&self) -> Option<String> {
        self.inner.tokens.diagnostic().await
    }

    // ------------------------------------------------------------------ prescriptions

    /// `input` is whatever the counter's single input holds (number, "NUMBER CODE", QR payload,
    /// PINFL); parsed with `dmed_api::LookupKey`. A bare number → error ACCESS_CODE_REQUIRED; a
    /// PINFL without `id_document_checked` → error ID_DOCUMENT_CHECK_REQUIRED; bad input →
    /// INVALID_IDENTIFIER with `IdError::details()` and its message. Results are cached locally.
    /// The patient's PINFL is MASKED (`30**********33`) in what is returned: the UI never gets it
    /// whole.
    pub async fn lookup(
        &self,
        input: &str,
        id_document_checked: bool,
    ) -> Result<LookupResult, CounterError> {
        let key = LookupKey::parse(input)?;
        let requested_at;
        let (via, prescriptions) = match key {
            LookupKey::Number { code: None, .. } => return Err(CounterError::AccessCodeRequired),
            LookupKey::Pinfl(_) if !id_document_checked => {
                return Err(CounterError::IdDocumentCheckRequired)
            }
            LookupKey::Number {
                number,
                code: Some(code),
            } => {
                self.require_session()?;
                requested_at = OffsetDateTime::now_utc();
                let fetched = match self.known_offline() {
                    true => Err(self.offline_error()),
                    false => {
                        self.inner
                            .client
                            .prescription(number.as_str(), code.as_str())
                            .await
                    }
                };
                let p = match self.watch(fetched).await {
                    Ok(p) => p,
                    Err(e) if e.is_transient() => {
                        return self.lookup_from_cache(LookupVia::Number, number.as_str(), e)
                    }
                    Err(e) => return Err(e),
                };
                (LookupVia::Number, vec![p])
            }
            LookupKey::Pinfl(pinfl) => {
                self.require_session()?;
                requested_at = OffsetDateTime::now_utc();
                let fetched = match self.known_offline() {
                    true => Err(self.offline_error()),
                    false => {
                        self.inner
                            .client
                            .patient_prescriptions(pinfl.as_str(), true)
                            .await
                    }
                };
                let list = match self.watch(fetched).await {
                    Ok(list) => list,
                    Err(e) if e.is_transient() => {
                        return self.lookup_from_cache(LookupVia::Pinfl, pinfl.as_str(), e)
                    }
                    Err(e) => return Err(e),
                };
                (LookupVia::Pinfl, list.prescriptions)
            }
        };
        for p in &prescriptions {
            self.cache(p, requested_at)?;
        }
        Ok(LookupResult {
            via,
            prescriptions: prescriptions.into_iter().map(privacy::masked).collect(),
            cached_at: None,
        })
    }

    /// Reserves a prescription for this pharmacy (15 minutes by default).
    pub async fn hold(&self, number: &str) -> Result<dmed_api::types::Hold, CounterError> {
        let number = RxNumber::parse(number)?;
        let session = self.require_session()?;
        let hold = self
            .watch(
                self.inner
                    .client
                    .hold(number.as_str(), &HoldRequest::default(), Uuid::new_v4())
                    .await,
            )
            .await?;
        self.update_cached_hold(
            number.as_str(),
            Some(HoldInfo {
                pharmacy_id: session.pharmacy.pharmacy_id,
                expires_at: hold.expires_at,
            }),
        )?;
        Ok(hold)
    }

    /// Hands a reservation back.
    pub async fn release_hold(&self, number: &str, hold_id: Uuid) -> Result<(), CounterError> {
        let number = RxNumber::parse(number)?;
        self.require_session()?;
        self.watch(
            self.inner
                .client
                .release_hold(number.as_str(), hold_id)
                .await,
        )
        .await?;
        self.update_cached_hold(number.as_str(), None)
    }

    // ------------------------------------------------------------------ catalogue

    /// Products of the local catalogue with this INN (after syncing the catalogue if it was
    /// never synced).
    pub async fn search_products(
        &self,
        inn: &str,
        query: &str,
    ) -> Result<Vec<Product>, CounterError> {
        if self.inner.store.catalog_version()?.is_none() {
            self.sync_catalog().await?;
        }
        catalog::search(&self.inner.store, inn, query)
    }

    /// Brings the local catalogue up to date; returns its version.
    pub async fn sync_catalog(&self) -> Result<u64, CounterError> {
        self.require_session()?;
        let result = catalog::sync(&self.inner.client, &self.inner.store).await;
        self.watch(result).await
    }

    // ------------------------------------------------------------------ dispenses

    /// Checks the dispense against the cached prescription (looked up before), records it with
    /// its outbox row and sends it. `Queued` when the central system cannot be reached: the
    /// dispense is kept and sent by [`Counter::flush_outbox`].
    pub async fn dispense(&self, draft: DispenseDraft) -> Result<DispenseOutcome, CounterError> {
        self.dispense_gated(draft, None).await
    }

    /// [`Counter::dispense`] with a definite answer within `budget`, whatever the central system
    /// or the local disk do:
    /// - finished in time: its own answer;
    /// - recorded locally (dispense and outbox row committed) but not yet answered centrally:
    ///   `Queued`; the outbox sends it, and the receipt can be printed;
    /// - not recorded by then: `DISPENSE_NOT_RECORDED`, and it never will be: the commit and
    ///   this answer take the same lock ([`store::gate::CommitGate`]), so the late work finds the
    ///   gate closed, rolls back and sends nothing. It is safe to dispense again. (The dispense
    ///   takes no hold of its own; the pharmacist's hold stays for the next try.)
    pub async fn dispense_within(
        &self,
        draft: DispenseDraft,
        budget: std::time::Duration,
    ) -> Result<DispenseOutcome, CounterError> {
        let gate = Arc::new(store::gate::CommitGate::default());
        let me = self.clone();
        let g = gate.clone();
        let mut work = tokio::spawn(async move { me.dispense_gated(draft, Some(&g)).await });
        let stopped = |e: tokio::task::JoinError| CounterError::DispenseNotRecorded {
            reason: format!("the dispense stopped before it was written ({e})"),
        };
        if let Ok(done) = tokio::time::timeout(budget, &mut work).await {
            return done.map_err(|e| match gate.state() {
                store::gate::GateState::Committed(id) => CounterError::rejected(
                    ErrorCode::Internal,
                    format!("dispense {id} was recorded and will be sent, but its answer was lost ({e})"),
                ),
                _ => stopped(e),
            })?;
        }
        let state = gate.close();
        if work.is_finished() {
            // It ended in the same instant: its own answer is the most precise.
            if let Ok(done) = (&mut work).await {
                return done;
            }
        }
        match state {
            store::gate::GateState::Committed(dispense_id) => {
                tracing::info!(%dispense_id, "dispense recorded, still being sent when the answer was due");
                Ok(DispenseOutcome {
                    dispense_id,
                    state: DeliveryState::Queued,
                    prescription: None,
                    dispense: None,
                })
            }
            _ => {
                tracing::warn!("dispense called off: not recorded within the answer bound");
                Err(CounterError::DispenseNotRecorded {
                    reason: format!(
                        "the dispense did not finish within {:.1} s and was called off before it was written",
                        budget.as_secs_f64()
                    ),
                })
            }
        }
    }

    async fn dispense_gated(
        &self,
        draft: DispenseDraft,
        gate: Option<&store::gate::CommitGate>,
    ) -> Result<DispenseOutcome, CounterError> {
        let number = RxNumber::parse(&draft.prescription_number)?;
        let hold_id = draft
            .hold_id
            .as_deref()
            .map(|h| {
                Uuid::parse_str(h.trim()).map_err(|_| {
                    let mut details = serde_json::Map::new();
                    details.insert("hold_id".into(), h.into());
                    CounterError::rejected_with(
                        ErrorCode::BadRequest,
                        format!("'{h}' is not a hold id"),
                        details,
                    )
                })
            })
            .transpose()?;
        let session = self.require_session()?;
        let offline = self.known_offline();
        let prescription = self
            .prepare_for_dispense(number.as_str(), offline)?
            .ok_or_else(|| CounterError::not_looked_up(&number))?;
        if !offline && self.inner.store.catalog_version()?.is_none() {
            if let Err(e) = self.sync_catalog().await {
                tracing::warn!(code = %e.code(), "catalogue sync before dispense failed");
            }
        }
        let lines: Vec<dispense::LineInput> = draft
            .lines
            .iter()
            .map(packs::line_input)
            .collect::<Result<_, _>>()?;
        let actor = dispense::Actor {
            pharmacy_id: session.pharmacy.pharmacy_id.clone(),
            pharmacy_name: session.pharmacy.name.clone(),
            pharmacist_pinfl: session.pharmacist.pinfl.clone(),
            pharmacist_name: session.pharmacist.full_name.clone(),
        };
        let now = OffsetDateTime::now_utc();
        let today = now.to_offset(LOCAL_OFFSET).date();
        if offline {
            return self.dispense_offline(&actor, &prescription, hold_id, &lines, today, now, gate);
        }
        let result = dispense::dispense(
            &self.inner.client,
            &self.inner.store,
            &actor,
            &prescription,
            hold_id,
            &lines,
            today,
            now,
            gate,
        )
        .await;
        Ok(match self.watch(result).await? {
            dispense::Delivery::Delivered {
                dispense_id,
                dispense,
                prescription,
            } => DispenseOutcome {
                dispense_id: dispense_id.to_string(),
                state: DeliveryState::Delivered,
                prescription: prescription.map(|p| privacy::masked(*p)),
                dispense: Some(*dispense),
            },
            dispense::Delivery::Queued { dispense_id } => DispenseOutcome {
                dispense_id: dispense_id.to_string(),
                state: DeliveryState::Queued,
                prescription: None,
                dispense: None,
            },
        })
    }

    /// Resends what waits in the outbox, oldest first; returns how many were delivered.
    pub async fn flush_outbox(&self) -> Result<usize, CounterError> {
        self.require_session()?;
        let _one_at_a_time = self.inner.flush.lock().await;
        let result = dispense::flush(&self.inner.client, &self.inner.store).await;
        self.watch(result).await
    }

    /// How many entries (dispenses and paper records) wait in the outbox.
    pub fn outbox_len(&self) -> Result<usize, CounterError> {
        Ok(self.inner.store.outbox_summary()?.pending as usize)
    }

    // ------------------------------------------------------------------ settings

    /// The saved settings.
    pub fn settings(&self) -> Result<Settings, CounterError> {
        settings::load(&self.inner.store)
    }

    /// Validates and saves settings (`INVALID_SETTING` for a bad endpoint or language). A new
    /// endpoint takes effect when the counter is opened again.
    pub fn save_settings(&self, settings: &Settings) -> Result<(), CounterError> {
        settings::save(&self.inner.store, settings)
    }

    // ------------------------------------------------------------------ internals

    fn active(&self) -> Option<ActiveSession> {
        self.inner.session.read().ok().and_then(|s| s.clone())
    }

    fn require_session(&self) -> Result<Session, CounterError> {
        self.session().ok_or(CounterError::NotSignedIn)
    }

    fn activate(&self, session: Session, keyring_user: String, token: String) {
        self.inner.client.set_token(Some(Sensitive::new(token)));
        if let Ok(mut slot) = self.inner.session.write() {
            *slot = Some(ActiveSession {
                session,
                keyring_user,
            });
        }
    }

    fn deactivate(&self) -> Option<ActiveSession> {
        self.inner.client.set_token(None);
        self.inner.session.write().ok().and_then(|mut s| s.take())
    }

    async fn forget_token(&self, keyring_user: String) {
        self.inner.tokens.delete(keyring_user).await;
    }

    /// Passes a result through; a 401 from the central API ends the session.
    async fn watch<T>(&self, result: Result<T, CounterError>) -> Result<T, CounterError> {
        if let Err(e) = &result {
            if e.code() == ErrorCode::Unauthenticated {
                if let Some(active) = self.deactivate() {
                    self.forget_token(active.keyring_user).await;
                }
            }
        }
        result
    }

    /// Keeps a copy of a prescription as the central system answered a request sent at
    /// `requested_at`. The copy is stamped with the moment the request was SENT, not answered:
    /// a dispense the outbox delivers while the lookup is in flight may be missing from the
    /// answer, and must still count as "delivered after the copy" so an offline dispense from this
    /// copy cannot exceed what remains (counting it twice only makes the counter more careful).
    fn cache(&self, p: &Prescription, requested_at: OffsetDateTime) -> Result<(), CounterError> {
        self.inner.store.put_prescription(
            &p.number,
            &p.patient.pinfl,
            &serde_json::to_string(p)?,
            &store::timestamp(requested_at),
        )
    }

    fn cached(&self, number: &str) -> Result<Option<Prescription>, CounterError> {
        Ok(match self.inner.store.prescription(number)? {
            Some((json, _)) => Some(serde_json::from_str(&json)?),
            None => None,
        })
    }

    /// Records a hold on the cached copy. The copy's quantities are not refreshed, so it keeps
    /// the moment it was fetched.
    fn update_cached_hold(&self, number: &str, hold: Option<HoldInfo>) -> Result<(), CounterError> {
        if let Some((json, fetched_at)) = self.inner.store.prescription(number)? {
            let mut p: Prescription = serde_json::from_str(&json)?;
            p.hold = hold;
            self.inner.store.put_prescription(
                &p.number,
                &p.patient.pinfl,
                &serde_json::to_string(&p)?,
                &fetched_at,
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send_sync_clone<T: Send + Sync + Clone>() {}
    fn send<T: Send>(_: &T) {}

    /// The desktop shell keeps a `Counter` in its state and awaits these futures in async
    /// commands, which need `Send`.
    #[test]
    fn the_facade_and_its_futures_can_cross_threads() {
        send_sync_clone::<Counter>();
        let dir = tempfile::tempdir().unwrap();
        let c = Counter::open(dir.path(), "http://127.0.0.1:9").unwrap();
        send(&c.sign_in("PH", "login", Sensitive::new(String::new())));
        send(&c.resume_session());
        send(&c.sign_out());
        send(&c.lookup("x", false));
        send(&c.hold("x"));
        send(&c.release_hold("x", Uuid::nil()));
        send(&c.search_products("x", ""));
        send(&c.sync_catalog());
        send(&c.dispense(DispenseDraft {
            prescription_number: String::new(),
            hold_id: None,
            lines: vec![],
        }));
        send(&c.flush_outbox());
        send(&c.secrets_available());
    }

    #[test]
    fn facade_types_use_the_agreed_wire_names() {
        assert_eq!(serde_json::to_value(LookupVia::Pinfl).unwrap(), "pinfl");
        assert_eq!(
            serde_json::to_value(DeliveryState::Queued).unwrap(),
            "queued"
        );
        let s = serde_json::to_value(Settings::default()).unwrap();
        assert_eq!(
            s,
            serde_json::json!({ "endpoint": null, "language": "uz", "camera": null })
        );
    }
}
