//! The pharmacy side of Dorixona, without a window: the facade the desktop shell calls.
//!
//! [`Counter`] ties the parts together:
//! - [`db_key`]: where the database's key and the patient-key salt are kept (keyring or key file);
//! - [`client`]: the central system, behind the `central` crate's trait;
//! - [`store`]: the local SQLite database and its migrations;
//! - [`dispense`]: local checks, durable recording, sending and the outbox;
//! - [`access`]: who may do what (the permission of each capability, checked here);
//! - [`audit`]: the hash-chained audit trail of sign-ins, lookups, dispenses, settings, exports;
//! - [`catalog`]: the local copy of the national drug list;
//! - [`catalog_search`]: product search in Latin or Cyrillic, by GTIN or pack, with sale rules;
//! - [`secrets`]: redacted values and the keyring-backed token store;
//! - [`platform_client`]: the pharmacy's OAuth client at the platform, in the keyring;
//! - [`session_end`]: a session the central system ends (signed out, revoked), and its holds;
//! - [`settings`]: settings rules;
//! - [`user_language`]: each person's own UI language at this counter;
//! - [`verifier`]: local verifiers of staff secrets, for unlocking and headless sign-in offline;
//! - [`lock`]: auto-lock after inactivity, unlocking, and switching user at a shared counter;
//! - [`holds`]: holds that last the dispense (renewed, handed back at lock and at closing);
//! - [`history`]: a prescription's dispenses, central and not yet sent, for the card;
//! - [`withdraw`]: withdrawing a dispense recorded by mistake (at once, or queued behind it);
//! - [`retention`]: a year of dispense and audit records, then an encrypted archive;
//! - [`reprint`]: receipts printed again, also of another counter's dispenses of the pharmacy;
//! - [`reports`]: manager reports, their exports, receipts and the paper log;
//! - [`update_gate`]: when an update of the app may be installed (newer only, never mid-work
//!   without asking, administrators and managers);
//! - [`headless`]: sign-in and audit for the headless commands;
//! - [`error`]: [`CounterError`], every failure with its contract code.
//!
//! Patients' PINFLs never leave this crate whole: everything the facade returns carries them
//! masked (`30**********33`).

pub mod access;
pub mod audit;
pub mod backup;
pub mod catalog;
pub mod catalog_search;
pub mod client;
pub mod db_key;
pub mod dispense;
pub mod error;
pub mod first_run;
pub mod headless;
pub mod history;
pub mod holds;
pub mod lock;
pub mod machine_config;
pub mod outage;
pub mod packs;
pub mod platform_client;
pub mod printing;
mod privacy;
pub mod reports;
pub mod reprint;
pub mod retention;
pub mod secrets;
pub mod session_end;
pub mod settings;
pub mod store;
mod types;
pub mod update_gate;
pub mod user_language;
pub mod verifier;
pub mod withdraw;

pub use error::{CounterError, StorageProblem};
pub use packs::PackMatch;
pub use secrets::Sensitive;
pub use types::{
    DeliveryState, DispenseDraft, DispenseOutcome, DraftLine, LookupResult, LookupVia,
    NotDispensedInput, Session, Settings,
};

use client::{Central, ClientConfig};
use dmed_api::handover::IdDocumentKind;
use dmed_api::types::{HoldInfo, HoldRequest, Prescription, Product, TokenRequest};
use dmed_api::{ErrorCode, LookupKey, RxNumber};
use secrets::{StoredToken, TokenKeeper, TokenStore};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use store::Store;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

/// The database file of real work inside the data directory.
pub const DB_FILE: &str = "counter.sqlite";
/// The database file of training mode: practice never lands in real reports, the real outbox or
/// the real audit trail.
pub const TRAINING_DB_FILE: &str = "training-counter.sqlite";

/// The counter's local day is Tashkent's (UTC+5, no daylight saving), like the central system's.
const LOCAL_OFFSET: time::UtcOffset = time::macros::offset!(+5);

const KEY_LAST_PHARMACY: &str = "session.pharmacy_id";
const KEY_LAST_LOGIN: &str = "session.login";

/// Reads the settings before a [`Counter`] is opened (creating or migrating the database if
/// needed), so the shell can decide which endpoint to use.
pub fn read_settings(data_dir: &Path) -> Result<Settings, CounterError> {
    let legacy = data_dir.join(DB_FILE);
    if !data_dir.join(settings::SETTINGS_FILE).exists() && legacy.is_file() {
        // An earlier version kept the settings in the database: move them into the file.
        let store = open_store(data_dir, DB_FILE, &TokenStore::default())?;
        return settings::load(data_dir, Some(&store));
    }
    settings::load(data_dir, None)
}

/// The real database of `data_dir`, opened as the app opens it (for headless commands and
/// tools; `tokens`: the keyring service that keeps its key).
pub fn open_data_store(data_dir: &Path, tokens: &TokenStore) -> Result<Store, CounterError> {
    open_store(data_dir, DB_FILE, tokens)
}

/// The real database of `data_dir` with where its audit head is kept.
pub(crate) fn open_data(
    data_dir: &Path,
    tokens: &TokenStore,
) -> Result<(Store, Option<audit::HeadPlace>), CounterError> {
    open_store_with_head(data_dir, DB_FILE, tokens)
}

/// Opens the database `db_file` of `data_dir`, encrypted under its key ([`db_key`]), with the
/// patient-key salt kept outside it. The one way the counter opens a database.
fn open_store(data_dir: &Path, db_file: &str, tokens: &TokenStore) -> Result<Store, CounterError> {
    open_store_with_head(data_dir, db_file, tokens).map(|(store, _)| store)
}

/// [`open_store`], with where its audit trail's head is kept (`None` for a training database
/// in the clear).
fn open_store_with_head(
    data_dir: &Path,
    db_file: &str,
    tokens: &TokenStore,
) -> Result<(Store, Option<audit::HeadPlace>), CounterError> {
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
    let path = data_dir.join(db_file);
    let place = db_key::KeyPlace::choose(tokens);
    let key = match db_key::database_key(&place, &path) {
        Ok(key) => key,
        // Training holds demo data only: without a keyring it still runs, in the clear.
        Err(e) if db_file == TRAINING_DB_FILE && e.details()["problem"] == "no_keyring" => {
            tracing::warn!("no keyring: the training database is not encrypted");
            return Ok((Store::open(&path)?, None));
        }
        Err(e) => return Err(e),
    };
    let store = Store::open_keyed(&path, Some(&key))?;
    let legacy = store
        .setting(store::LEGACY_PATIENT_SALT)?
        .map(Sensitive::new);
    let had_legacy = legacy.is_some();
    store.set_patient_salt(db_key::patient_salt(&place, &path, legacy)?);
    if had_legacy {
        // Kept outside now: the salt no longer sits beside the hashes.
        store.set_settings(&[(store::LEGACY_PATIENT_SALT, None)])?;
    }
    Ok((store, Some(audit::HeadPlace { place, db: path })))
}

/// The signed-in session with what is needed to act for it.
#[derive(Debug, Clone)]
struct ActiveSession {
    session: Session,
    keyring_user: String,
    /// The login it was opened with (the session names the person, not the login).
    login: String,
}

struct Inner {
    endpoint: client::Endpoint,
    data_dir: PathBuf,
    store: Store,
    client: Central,
    tokens: TokenKeeper,
    session: RwLock<Option<ActiveSession>>,
    ends: session_end::SessionWatch,
    lock: lock::Lock,
    audit: audit::AuditTrail,
    flush: tokio::sync::Mutex<()>,
    outage: outage::OutageState,
    products: catalog_search::ProductIndex,
    recent_reports: reports::central::Recent,
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
    /// Opens (creating/migrating) `<data_dir>/counter.sqlite`; `endpoint` is the central system:
    /// its adapter and base URL, or a bare base URL of contract v1 (e.g.
    /// "http://127.0.0.1:8787", without the /v1 suffix).
    pub fn open(
        data_dir: &Path,
        endpoint: impl Into<client::Endpoint>,
    ) -> Result<Counter, CounterError> {
        Self::open_with(
            data_dir,
            endpoint,
            ClientConfig::default(),
            TokenStore::default(),
        )
    }

    /// A counter for training mode: the same, on its own database ([`TRAINING_DB_FILE`]).
    pub fn open_training(
        data_dir: &Path,
        endpoint: impl Into<client::Endpoint>,
    ) -> Result<Counter, CounterError> {
        Self::open_on(
            data_dir,
            TRAINING_DB_FILE,
            endpoint,
            ClientConfig::default(),
            TokenStore::default(),
        )
    }

    /// [`Counter::open`] with explicit client timeouts and keyring service.
    pub fn open_with(
        data_dir: &Path,
        endpoint: impl Into<client::Endpoint>,
        config: ClientConfig,
        tokens: TokenStore,
    ) -> Result<Counter, CounterError> {
        Self::open_on(data_dir, DB_FILE, endpoint, config, tokens)
    }

    /// Opens the counter on the database `db_file` of `data_dir`.
    pub fn open_on(
        data_dir: &Path,
        db_file: &str,
        endpoint: impl Into<client::Endpoint>,
        config: ClientConfig,
        tokens: TokenStore,
    ) -> Result<Counter, CounterError> {
        let endpoint = endpoint.into().validated()?;
        let (store, audit_head) = open_store_with_head(data_dir, db_file, &tokens)?;
        let client = client::open(endpoint.clone(), config)?;
        let lock_after = settings::lock_after_minutes(data_dir)?;
        Ok(Counter {
            inner: Arc::new(Inner {
                endpoint,
                data_dir: data_dir.to_owned(),
                store,
                client,
                tokens: TokenKeeper::new(tokens),
                session: RwLock::new(None),
                ends: session_end::SessionWatch::default(),
                lock: lock::Lock::new(lock_after),
                audit: audit::AuditTrail::new(audit_head),
                flush: tokio::sync::Mutex::new(()),
                outage: outage::OutageState::default(),
                products: catalog_search::ProductIndex::default(),
                recent_reports: reports::central::Recent::default(),
            }),
        })
    }

    /// The central API base URL in use.
    pub fn endpoint(&self) -> String {
        self.inner.endpoint.url.clone()
    }

    /// The protocol the central system is spoken in.
    pub fn adapter(&self) -> client::Adapter {
        self.inner.endpoint.adapter
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
            .sign_in(&TokenRequest {
                pharmacy_id: pharmacy_id.to_owned(),
                login: login.to_owned(),
                secret: secret.expose().clone(),
            })
            .await
            .map_err(CounterError::from);
        let answer = match answer {
            Ok(a) => a,
            Err(e) => {
                if session_end::ends_session(&e) && e.code() == ErrorCode::Forbidden {
                    // Revoked: this person can no longer unlock this counter offline either.
                    self.inner
                        .store
                        .delete_verifier(pharmacy_id.trim(), login.trim())?;
                }
                self.audit_as(
                    &format!("{}/{}", pharmacy_id.trim(), login.trim()),
                    audit::AuditAction::SignInFailed,
                    "-",
                    serde_json::json!({ "code": e.code() }),
                );
                return Err(e);
            }
        };
        let expires_at = answer.expires_at.format(&Rfc3339).unwrap_or_default();
        let session = Session {
            pharmacy: answer.pharmacy.clone(),
            pharmacist: answer.pharmacist.clone(),
            expires_at: expires_at.clone(),
        };
        let keyring_user = TokenStore::user_key(&self.inner.endpoint.url, pharmacy_id, login);
        let stored = StoredToken {
            access_token: answer.access_token.clone(),
            expires_at,
            pharmacist: answer.pharmacist,
            pharmacy: answer.pharmacy,
        };
        self.activate(
            session.clone(),
            keyring_user.clone(),
            login.trim().to_owned(),
            answer.access_token,
        );
        self.take_back_parked(pharmacy_id.trim(), login.trim());
        self.remember_verifier(login.trim(), secret, &session).await;
        self.audit(
            audit::AuditAction::SignIn,
            "-",
            serde_json::json!({ "role": access::role_name(session.pharmacist.role) }),
        );
        self.hand_back_left_holds().await;
        self.inner.store.set_settings(&[
            (KEY_LAST_PHARMACY, Some(pharmacy_id)),
            (KEY_LAST_LOGIN, Some(login)),
        ])?;
        self.inner.tokens.save(keyring_user, stored).await;
        Ok(session)
    }

    /// Resumes a session from the keyring if a live token is stored for the last signed-in user.
    /// It starts locked: its user unlocks it with their secret ([`lock`]).
    pub async fn resume_session(&self) -> Option<Session> {
        if let Some(active) = self.session() {
            return Some(active);
        }
        let pharmacy_id = self.inner.store.setting(KEY_LAST_PHARMACY).ok()??;
        let login = self.inner.store.setting(KEY_LAST_LOGIN).ok()??;
        let keyring_user = TokenStore::user_key(&self.inner.endpoint.url, &pharmacy_id, &login);
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
        self.activate(session.clone(), keyring_user, login, stored.access_token);
        // Nobody skips the secret by restarting the app.
        self.inner.lock.lock(lock::LockReason::Restart);
        Some(session)
    }

    /// The signed-in session, if any.
    pub fn session(&self) -> Option<Session> {
        self.active().map(|a| a.session)
    }

    /// Signs out: hands back the holds this session took, then forgets the token in memory and
    /// in the keyring.
    pub async fn sign_out(&self) -> Result<(), CounterError> {
        for hold in self.inner.ends.take_held() {
            if let Err(e) = self
                .inner
                .client
                .release_hold(&hold.number, hold.hold_id)
                .await
            {
                tracing::info!(code = %e.code(), "a hold was not handed back at sign-out; it runs out by itself");
            }
        }
        self.audit(audit::AuditAction::SignOut, "-", serde_json::json!({}));
        let active = self.deactivate();
        self.inner
            .store
            .set_settings(&[(KEY_LAST_PHARMACY, None), (KEY_LAST_LOGIN, None)])?;
        if let Some(active) = active {
            self.forget_token(active.keyring_user).await;
        }
        Ok(())
    }

    /// Tells `listener` (the shell) at once whenever the central system ends the session.
    pub fn on_session_end(&self, listener: session_end::Listener) {
        self.inner.ends.set_listener(listener);
    }

    /// Why the last session ended without its user signing out, until someone signs in again.
    pub fn last_session_end(&self) -> Option<session_end::SessionEnd> {
        self.inner.ends.last()
    }

    /// Keeps the local verifier of this sign-in's secret (off the async threads: Argon2 is slow
    /// on purpose). A failure is logged: signing in still worked, only offline unlocking won't.
    async fn remember_verifier(&self, login: &str, secret: Sensitive<String>, session: &Session) {
        let me = self.clone();
        let (login, session) = (login.to_owned(), session.clone());
        let done = tokio::task::spawn_blocking(move || {
            verifier::remember(&me.inner.store, &login, &secret, &session)
        })
        .await;
        match done {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(code = %e.code(), "the local verifier could not be kept"),
            Err(e) => tracing::error!(error = %e, "making the local verifier stopped"),
        }
    }

    /// Hands back the holds of sessions that ended before they could (under this session).
    async fn hand_back_left_holds(&self) {
        let mut still = Vec::new();
        for hold in self.inner.ends.take_left() {
            match self
                .inner
                .client
                .release_hold(&hold.number, hold.hold_id)
                .await
                .map_err(CounterError::from)
            {
                Ok(()) => {}
                Err(e) if e.is_transient() => still.push(hold),
                Err(e) => {
                    tracing::info!(code = %e.code(), "a hold left by an ended session is gone already")
                }
            }
        }
        self.inner.ends.still_left(still);
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
    /// PINFL without the `document` that was checked → error ID_DOCUMENT_CHECK_REQUIRED; bad input →
    /// INVALID_IDENTIFIER with `IdError::details()` and its message. Results are cached locally.
    /// The patient's PINFL is MASKED (`30**********33`) in what is returned: the UI never gets it
    /// whole.
    pub async fn lookup(
        &self,
        input: &str,
        document: Option<IdDocumentKind>,
    ) -> Result<LookupResult, CounterError> {
        let result = self.lookup_unrecorded(input, document).await;
        if let Ok(key) = LookupKey::parse(input) {
            let (kind, subject) = match &key {
                LookupKey::Pinfl(p) => ("pinfl", p.masked()),
                LookupKey::Number { number, .. } => ("number", number.as_str().to_owned()),
            };
            let mut details = match &result {
                Ok(r) => serde_json::json!({
                    "kind": kind,
                    "found": r.prescriptions.len(),
                    "cached": r.cached_at.is_some(),
                }),
                Err(e) => serde_json::json!({ "kind": kind, "code": e.code() }),
            };
            if let (LookupKey::Pinfl(_), Some(doc)) = (&key, document) {
                details["document"] = serde_json::Value::from(doc.code());
            }
            if self.session().is_some() || result.is_ok() {
                self.audit(audit::AuditAction::Lookup, &subject, details);
            }
        }
        result
    }

    async fn lookup_unrecorded(
        &self,
        input: &str,
        document: Option<IdDocumentKind>,
    ) -> Result<LookupResult, CounterError> {
        let key = LookupKey::parse(input)?;
        let requested_at;
        let (via, prescriptions) = match key {
            LookupKey::Number { code: None, .. } => return Err(CounterError::AccessCodeRequired),
            LookupKey::Pinfl(_) if document.is_none() => {
                return Err(CounterError::IdDocumentCheckRequired)
            }
            LookupKey::Number {
                number,
                code: Some(code),
            } => {
                self.require(access::Permission::Read, "look prescriptions up")?;
                requested_at = OffsetDateTime::now_utc();
                let fetched = match self.known_offline() {
                    true => Err(self.offline_error()),
                    false => self
                        .inner
                        .client
                        .prescription(number.as_str(), code.as_str())
                        .await
                        .map_err(CounterError::from),
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
                self.require(access::Permission::Read, "look prescriptions up")?;
                requested_at = OffsetDateTime::now_utc();
                let fetched = match self.known_offline() {
                    true => Err(self.offline_error()),
                    false => self
                        .inner
                        .client
                        .patient_prescriptions(pinfl.as_str(), document)
                        .await
                        .map_err(CounterError::from),
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
        let session = self.require(access::Permission::Dispense, "hold a prescription")?;
        self.not_parked_by_another(number.as_str())?;
        let hold = self
            .watch(
                self.inner
                    .client
                    .hold(number.as_str(), &HoldRequest::default(), Uuid::new_v4())
                    .await,
            )
            .await?;
        self.inner.ends.took(session_end::TakenHold {
            number: number.as_str().to_owned(),
            hold_id: hold.hold_id,
            live_until: Some(hold.expires_at),
        });
        self.audit(
            audit::AuditAction::Hold,
            number.as_str(),
            serde_json::json!({ "hold_id": hold.hold_id }),
        );
        self.update_cached_hold(
            number.as_str(),
            Some(HoldInfo {
                pharmacy_id: session.pharmacy.pharmacy_id,
                pharmacy_name: session.pharmacy.name,
                expires_at: hold.expires_at,
            }),
        )?;
        Ok(hold)
    }

    /// Hands a reservation back.
    pub async fn release_hold(&self, number: &str, hold_id: Uuid) -> Result<(), CounterError> {
        let number = RxNumber::parse(number)?;
        self.require(access::Permission::Dispense, "hand a hold back")?;
        self.not_parked_by_another(number.as_str())?;
        self.watch(
            self.inner
                .client
                .release_hold(number.as_str(), hold_id)
                .await,
        )
        .await?;
        self.inner.ends.gave_back(number.as_str());
        self.audit(
            audit::AuditAction::Release,
            number.as_str(),
            serde_json::json!({ "hold_id": hold_id }),
        );
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
        self.require(access::Permission::Read, "search the catalogue")?;
        if self.inner.store.catalog_version()?.is_none() {
            self.sync_catalog().await?;
        }
        self.search_within_inn(inn, query)
    }

    /// Brings the local catalogue up to date; returns its version.
    pub async fn sync_catalog(&self) -> Result<u64, CounterError> {
        self.require(
            access::Permission::SignedIn,
            "bring the catalogue up to date",
        )?;
        let result = catalog::sync(&*self.inner.client, &self.inner.store).await;
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
        let session = self.require(access::Permission::Dispense, "dispense")?;
        self.not_parked_by_another(number.as_str())?;
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
        let handover = dispense::Handover {
            lines: &lines,
            receiver: draft.receiver.as_ref(),
        };
        if offline {
            return self.dispense_offline(
                &actor,
                &prescription,
                hold_id,
                handover,
                today,
                now,
                gate,
            );
        }
        let result = dispense::dispense(
            &*self.inner.client,
            &self.inner.store,
            &actor,
            &prescription,
            hold_id,
            handover,
            today,
            now,
            gate,
        )
        .await;
        let delivery = self.watch(result).await?;
        // The recorded dispense uses its hold up: it is no longer one to hand back.
        self.inner.ends.gave_back(number.as_str());
        let (id, state) = match &delivery {
            dispense::Delivery::Delivered { dispense_id, .. } => {
                (dispense_id.to_string(), "delivered")
            }
            dispense::Delivery::Queued { dispense_id } => (dispense_id.to_string(), "queued"),
        };
        self.audit(
            audit::AuditAction::Dispense,
            number.as_str(),
            dispense::audit_details(&id, state, handover),
        );
        Ok(match delivery {
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
        self.require(access::Permission::SignedIn, "send the outbox")?;
        let _one_at_a_time = self.inner.flush.lock().await;
        let result = dispense::flush(&*self.inner.client, &self.inner.store).await;
        self.watch(result).await
    }

    /// How many entries (dispenses and paper records) wait in the outbox.
    pub fn outbox_len(&self) -> Result<usize, CounterError> {
        Ok(self.inner.store.outbox_summary()?.pending as usize)
    }

    // ------------------------------------------------------------------ settings

    /// Whether an endpoint was ever chosen on this counter: from then on only an administrator
    /// changes it.
    pub fn endpoint_chosen(&self) -> Result<bool, CounterError> {
        settings::endpoint_chosen(&self.inner.data_dir)
    }

    /// The saved settings (shared by real work and training mode).
    pub fn settings(&self) -> Result<Settings, CounterError> {
        settings::load(&self.inner.data_dir, None)
    }

    /// Validates and saves settings (`INVALID_SETTING` for a bad endpoint or language). The
    /// language is anyone's; the camera and the central endpoint are an administrator's, but for
    /// the first choice of an endpoint on a fresh install ([`settings::permission_to_change`]).
    /// A new endpoint takes effect when the counter is opened again.
    pub fn save_settings(&self, new: &Settings) -> Result<(), CounterError> {
        let dir = &self.inner.data_dir;
        let valid = settings::validate(new)?;
        let needed = settings::permission_to_change(
            &self.settings()?,
            &valid,
            settings::endpoint_chosen(dir)?,
        );
        access::check(
            self.session().as_ref(),
            needed,
            "change the central endpoint or the camera",
        )?;
        let before = self.settings()?;
        let endpoint_changed = before.endpoint != valid.endpoint || before.adapter != valid.adapter;
        settings::save(dir, &valid)?;
        self.audit(
            audit::AuditAction::SettingsChanged,
            "settings",
            serde_json::json!({
                "endpoint": endpoint_changed,
                "camera": before.camera != valid.camera,
                "language": valid.language,
            }),
        );
        if endpoint_changed {
            // Verifiers were made by the other central system's sign-ins.
            self.inner.store.clear_verifiers()?;
        }
        Ok(())
    }

    // ------------------------------------------------------------------ internals

    fn active(&self) -> Option<ActiveSession> {
        self.inner.session.read().ok().and_then(|s| s.clone())
    }

    /// The signed-in session when its role holds `permission` (to `what`, for the message):
    /// `NOT_SIGNED_IN` or `FORBIDDEN` otherwise; always `NOT_SIGNED_IN` without a session, even
    /// for [`access::Permission::Anyone`]; `LOCKED` while the window is locked, for all but
    /// [`access::Permission::Anyone`]. Every capability that needs a session starts here.
    pub fn require(
        &self,
        permission: access::Permission,
        what: &str,
    ) -> Result<Session, CounterError> {
        let session = self.session();
        access::check(session.as_ref(), permission, what)?;
        if permission != access::Permission::Anyone {
            self.check_unlocked()?;
        }
        session.ok_or(CounterError::NotSignedIn)
    }

    fn activate(&self, session: Session, keyring_user: String, login: String, token: String) {
        self.inner.ends.clear();
        self.inner.lock.clear();
        self.inner.client.set_token(Some(Sensitive::new(token)));
        if let Ok(mut slot) = self.inner.session.write() {
            *slot = Some(ActiveSession {
                session,
                keyring_user,
                login,
            });
        }
    }

    fn deactivate(&self) -> Option<ActiveSession> {
        self.inner.client.set_token(None);
        self.inner.lock.clear();
        self.inner.recent_reports.clear();
        self.inner.session.write().ok().and_then(|mut s| s.take())
    }

    async fn forget_token(&self, keyring_user: String) {
        self.inner.tokens.delete(keyring_user).await;
    }

    /// Passes a result through; an answer that ends the session (a 401, or a 403 saying the
    /// access was revoked) signs its user out at once ([`Counter::end_session_on`]).
    async fn watch<T, E: Into<CounterError>>(
        &self,
        result: Result<T, E>,
    ) -> Result<T, CounterError> {
        let result = result.map_err(Into::into);
        if let Err(e) = &result {
            self.end_session_on(e).await;
        }
        result
    }

    /// When `e` ends the session ([`session_end::ends_session`]): signs its user out, forgets
    /// their token, keeps why (for the window, told through the listener at once) and leaves
    /// their holds to be handed back under the next session. Queued work stays queued.
    pub(crate) async fn end_session_on(&self, e: &CounterError) {
        if !session_end::ends_session(e) {
            return;
        }
        if let Some(active) = self.deactivate() {
            tracing::warn!(code = %e.code(), "the central system ended the session; signed out");
            let end = session_end::describe(e, &active.session.pharmacist.full_name);
            self.audit_as(
                &format!("{}/{}", active.session.pharmacy.pharmacy_id, active.login),
                audit::AuditAction::SessionEnded,
                "-",
                serde_json::json!({ "code": e.code(), "reason": end.reason }),
            );
            if e.code() == ErrorCode::Forbidden {
                // Revoked: no unlocking this counter offline with the old secret either.
                let pharmacy = &active.session.pharmacy.pharmacy_id;
                if let Err(err) = self.inner.store.delete_verifier(pharmacy, &active.login) {
                    tracing::error!(code = %err.code(), "the revoked user's verifier could not be forgotten");
                }
            }
            self.inner.ends.ended(end);
            self.forget_token(active.keyring_user).await;
        }
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
        send(&c.lookup("x", None));
        send(&c.hold("x"));
        send(&c.release_hold("x", Uuid::nil()));
        send(&c.search_products("x", ""));
        send(&c.sync_catalog());
        send(&c.dispense(DispenseDraft {
            receiver: None,
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
            serde_json::json!({ "endpoint": null, "adapter": "dmed-v1", "language": "uz", "camera": null, "text_size": 100, "pharmacy_id": null, "fixed": [] })
        );
    }
}
