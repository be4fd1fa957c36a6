//! Auto-lock and switching user at a shared counter.
//!
//! A counter PC stands in a shop within reach of customers, and several staff share it. After
//! inactivity (default [`DEFAULT_MINUTES`]; managers choose within [`MINUTES`]) the window locks
//! to a screen that names who is signed in and shows nothing about patients. While it is locked
//! the counter refuses everything that needs a session (`LOCKED`); the outbox keeps sending in
//! the background, since queued dispenses carry who handed the medicine over.
//!
//! - The same person unlocks with their secret, checked against the local verifier kept at
//!   their last online sign-in ([`crate::verifier`]), so it works during an outage too. Without
//!   a verifier the central system checks the secret. After [`UNLOCK_ATTEMPTS`] wrong secrets the
//!   session ends (signed out, holds handed back): a full sign-in is needed.
//! - Another person signs in from the lock screen (online, since they need a session of their
//!   own). The locked person's session is parked with its holds: their open dispense draft
//!   stays theirs. Nobody else can hold, hand back or dispense a prescription a parked draft
//!   holds, so it is never sent under someone else's name. When they come back and sign in
//!   from the lock screen (the local verifier; also offline while their token lives) the draft
//!   and its holds are theirs again. A draft parked longer than [`PARK_LIMIT`] (a hold's life)
//!   is abandoned: its holds are handed back and its owner signs in afresh.
//! - A session resumed after a restart starts locked: nobody skips the secret by restarting.
//!
//! The window runs the inactivity timer and reports activity ([`Counter::still_here`]); the
//! counter enforces the limit itself too, one minute later ([`GRACE`]), in case the window's
//! timer failed.

use std::ops::RangeInclusive;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use dmed_api::types::TokenRequest;
use dmed_api::ErrorCode;
use serde::{Deserialize, Serialize};

use crate::access::Permission;
use crate::audit::AuditAction;
use crate::error::CounterError;
use crate::secrets::Sensitive;
use crate::session_end::TakenHold;
use crate::{settings, verifier, ActiveSession, Counter, Session};

/// Minutes of inactivity before the window locks, unless a manager chose otherwise.
pub const DEFAULT_MINUTES: u8 = 5;
/// What a manager may choose.
pub const MINUTES: RangeInclusive<u8> = 1..=30;
/// Wrong secrets at the lock screen before the session ends.
pub const UNLOCK_ATTEMPTS: u32 = 5;
/// How long a parked draft waits for its owner: the life of a hold.
pub const PARK_LIMIT: Duration = Duration::from_secs(15 * 60);
/// How much later than the window the counter itself locks after inactivity (the window
/// reports activity at most every 30 seconds).
pub const GRACE: Duration = Duration::from_secs(60);

/// `details.reason` of a `FORBIDDEN` for a prescription in another person's parked draft.
pub const REASON_PARKED_DRAFT: &str = "draft_of_another";

/// `details.reason` of the `TOO_MANY_ATTEMPTS` that ends a session at the lock screen.
pub const REASON_UNLOCK_ATTEMPTS: &str = "unlock_attempts";

/// Why the window locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    /// Nobody used the window for the chosen minutes.
    Idle,
    /// Its user locked it.
    Manual,
    /// The app started again with a kept session.
    Restart,
}

impl LockReason {
    fn as_str(self) -> &'static str {
        match self {
            LockReason::Idle => "idle",
            LockReason::Manual => "manual",
            LockReason::Restart => "restart",
        }
    }
}

/// A parked draft as the lock screen shows it: whose, and until when (nothing about the
/// patient or the prescription).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ParkedDraft {
    /// The owner's session (the window keeps their screen under this person).
    pub owner: Session,
    /// Seconds until it is abandoned and its holds handed back.
    pub abandoned_in_secs: u32,
}

/// What the window needs to know about the lock.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LockState {
    /// Whether the window is locked now.
    pub locked: bool,
    /// Why, when locked.
    pub reason: Option<LockReason>,
    /// Minutes of inactivity before it locks.
    pub lock_after_minutes: u8,
    /// Wrong secrets left before the session ends.
    pub attempts_left: u32,
    /// Drafts of people who stepped away while someone else signed in.
    pub parked: Vec<ParkedDraft>,
}

/// A session put aside for its owner while someone else works.
struct Parked {
    active: ActiveSession,
    token: Option<Sensitive<String>>,
    holds: Vec<TakenHold>,
    since: Instant,
}

impl Parked {
    fn owner(&self) -> String {
        owner_of(&self.active)
    }
}

fn owner_of(a: &ActiveSession) -> String {
    format!("{}/{}", a.session.pharmacy.pharmacy_id, a.login)
}

/// The lock's memory: pure state, told the time by its caller.
pub(crate) struct Lock {
    state: Mutex<LockInner>,
}

struct LockInner {
    locked: Option<LockReason>,
    last_activity: Instant,
    limit: Duration,
    failures: u32,
    parked: Vec<Parked>,
}

impl Lock {
    pub fn new(minutes: u8) -> Lock {
        Lock {
            state: Mutex::new(LockInner {
                locked: None,
                last_activity: Instant::now(),
                limit: minutes_to_duration(minutes),
                failures: 0,
                parked: Vec::new(),
            }),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut LockInner) -> T) -> T {
        let mut guard = match self.state.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }

    pub fn set_minutes(&self, minutes: u8) {
        self.with(|s| s.limit = minutes_to_duration(minutes));
    }

    pub fn minutes(&self) -> u8 {
        self.with(|s| (s.limit.as_secs() / 60) as u8)
    }

    /// Activity at `now`: the inactivity time starts again (not while locked).
    pub fn touch(&self, now: Instant) {
        self.with(|s| {
            if s.locked.is_none() {
                s.last_activity = now;
            }
        });
    }

    /// Whether it is locked; locks it first when `now` is `grace` past the inactivity limit.
    /// Returns the lock and whether this call locked it.
    pub fn check(&self, now: Instant, grace: Duration) -> (Option<LockReason>, bool) {
        self.with(|s| {
            if s.locked.is_none()
                && now.saturating_duration_since(s.last_activity) >= s.limit + grace
            {
                s.locked = Some(LockReason::Idle);
                return (s.locked, true);
            }
            (s.locked, false)
        })
    }

    /// Locks it; `true` when it was not locked before.
    pub fn lock(&self, reason: LockReason) -> bool {
        self.with(|s| {
            let newly = s.locked.is_none();
            if newly {
                s.locked = Some(reason);
            }
            newly
        })
    }

    pub fn reason(&self) -> Option<LockReason> {
        self.with(|s| s.locked)
    }

    /// Unlocked at `now`: the attempts start again.
    pub fn unlock(&self, now: Instant) {
        self.with(|s| {
            s.locked = None;
            s.failures = 0;
            s.last_activity = now;
        });
    }

    /// One more wrong secret; returns how many are left.
    pub fn failed(&self) -> u32 {
        self.with(|s| {
            s.failures += 1;
            UNLOCK_ATTEMPTS.saturating_sub(s.failures)
        })
    }

    pub fn attempts_left(&self) -> u32 {
        self.with(|s| UNLOCK_ATTEMPTS.saturating_sub(s.failures))
    }

    /// Nobody is signed in any more: nothing to lock.
    pub fn clear(&self) {
        self.with(|s| {
            s.locked = None;
            s.failures = 0;
        });
    }

    fn park(&self, parked: Parked) {
        self.with(|s| {
            let owner = parked.owner();
            s.parked.retain(|p| p.owner() != owner);
            s.parked.push(parked);
        });
    }

    /// The parked session of `owner` (`pharmacy/login`), taken out.
    fn unpark(&self, owner: &str) -> Option<Parked> {
        self.with(|s| {
            let i = s.parked.iter().position(|p| p.owner() == owner)?;
            Some(s.parked.remove(i))
        })
    }

    /// Parked sessions older than [`PARK_LIMIT`] at `now`, taken out.
    fn abandoned(&self, now: Instant) -> Vec<Parked> {
        self.with(|s| {
            let (old, kept) = std::mem::take(&mut s.parked)
                .into_iter()
                .partition(|p| now.saturating_duration_since(p.since) >= PARK_LIMIT);
            s.parked = kept;
            old
        })
    }

    /// The name of whoever's parked draft holds `number`, when it is not `owner`'s.
    pub fn parked_holder(&self, number: &str, owner: &str) -> Option<String> {
        self.with(|s| {
            s.parked
                .iter()
                .find(|p| p.owner() != owner && p.holds.iter().any(|h| h.number == number))
                .map(|p| p.active.session.pharmacist.full_name.clone())
        })
    }

    fn parked_view(&self, now: Instant) -> Vec<ParkedDraft> {
        self.with(|s| {
            s.parked
                .iter()
                .map(|p| ParkedDraft {
                    owner: p.active.session.clone(),
                    abandoned_in_secs: PARK_LIMIT
                        .saturating_sub(now.saturating_duration_since(p.since))
                        .as_secs() as u32,
                })
                .collect()
        })
    }
}

fn minutes_to_duration(minutes: u8) -> Duration {
    let m = minutes.clamp(*MINUTES.start(), *MINUTES.end());
    Duration::from_secs(u64::from(m) * 60)
}

/// The refusal of a prescription another person's parked draft holds.
fn parked_refusal(name: &str) -> CounterError {
    let mut details = serde_json::Map::new();
    details.insert("reason".into(), REASON_PARKED_DRAFT.into());
    details.insert("owner".into(), name.into());
    CounterError::rejected_with(
        ErrorCode::Forbidden,
        format!(
            "This prescription is in an unfinished dispense of {name} on this counter. {name} finishes it after signing in again from the lock screen; otherwise it is dropped and its hold handed back {} minutes after they stepped away.",
            PARK_LIMIT.as_secs() / 60
        ),
        details,
    )
}

impl Counter {
    /// The lock as the window shows it. Hands back the holds of drafts parked too long.
    pub async fn lock_state(&self) -> LockState {
        self.abandon_old_drafts().await;
        let lock = &self.inner.lock;
        if self.session().is_some() {
            self.locked_now();
        }
        LockState {
            locked: self.session().is_some() && lock.reason().is_some(),
            reason: lock.reason(),
            lock_after_minutes: lock.minutes(),
            attempts_left: lock.attempts_left(),
            parked: lock.parked_view(Instant::now()),
        }
    }

    /// The window saw its user (a key, the mouse, a touch): the inactivity time starts again.
    /// Returns the lock, which may have closed meanwhile (the counter's own limit).
    pub async fn still_here(&self) -> LockState {
        if self.locked_now().is_none() {
            self.inner.lock.touch(Instant::now());
        }
        self.lock_state().await
    }

    /// Locks the window (`reason`: the window's timer or its user) and hands back the holds of
    /// its open drafts (they take a hold again when their pharmacist comes back). Nothing
    /// without a session.
    pub async fn lock(&self, reason: LockReason) -> Result<(), CounterError> {
        // Not `require`: locking a locked counter is no error.
        crate::access::check(
            self.session().as_ref(),
            Permission::SignedIn,
            "lock the counter",
        )?;
        if self.inner.lock.lock(reason) {
            self.audit(
                AuditAction::Lock,
                "-",
                serde_json::json!({ "reason": reason.as_str() }),
            );
        }
        self.hand_back_holds("lock").await;
        Ok(())
    }

    /// `Ok` when the window is not locked, `LOCKED` when it is (locking it first when the
    /// inactivity limit passed, as a backstop to the window's timer). Every capability that
    /// needs a session passes here ([`Counter::require`]); it counts as activity.
    pub fn check_unlocked(&self) -> Result<(), CounterError> {
        if self.session().is_none() {
            return Ok(());
        }
        if self.locked_now().is_some() {
            return Err(CounterError::Locked);
        }
        self.inner.lock.touch(Instant::now());
        Ok(())
    }

    /// The lock now, closing it when the inactivity limit (and [`GRACE`]) passed.
    fn locked_now(&self) -> Option<LockReason> {
        let (reason, newly) = self.inner.lock.check(Instant::now(), GRACE);
        if newly {
            self.audit(
                AuditAction::Lock,
                "-",
                serde_json::json!({ "reason": LockReason::Idle.as_str() }),
            );
        }
        reason
    }

    /// The signed-in person unlocks with their secret: checked against their local verifier
    /// (also offline), or by the central system when this counter has none. A wrong secret
    /// answers `UNAUTHENTICATED` with `attempts_left`; the last one ends the session
    /// (`TOO_MANY_ATTEMPTS`: signed out, holds handed back).
    pub async fn unlock(&self, secret: Sensitive<String>) -> Result<LockState, CounterError> {
        let active = self.active().ok_or(CounterError::NotSignedIn)?;
        if self.inner.lock.reason().is_none() {
            return Ok(self.lock_state().await);
        }
        let pharmacy = active.session.pharmacy.pharmacy_id.clone();
        let same = self
            .same_person(&active, &pharmacy, &active.login, secret)
            .await;
        match same {
            Ok(()) => {
                self.inner.lock.unlock(Instant::now());
                self.audit(AuditAction::Unlock, "-", serde_json::json!({}));
                Ok(self.lock_state().await)
            }
            Err(e) if e.code() == ErrorCode::Unauthenticated => {
                let left = self.inner.lock.failed();
                self.audit(
                    AuditAction::UnlockFailed,
                    "-",
                    serde_json::json!({ "attempts_left": left }),
                );
                if left == 0 {
                    self.sign_out().await?;
                    let mut details = serde_json::Map::new();
                    details.insert("reason".into(), REASON_UNLOCK_ATTEMPTS.into());
                    return Err(CounterError::rejected_with(
                        ErrorCode::TooManyAttempts,
                        format!("{UNLOCK_ATTEMPTS} wrong secrets: you are signed out and your holds are handed back. Sign in again to go on."),
                        details,
                    ));
                }
                let mut details = serde_json::Map::new();
                details.insert("attempts_left".into(), left.into());
                Err(CounterError::rejected_with(
                    ErrorCode::Unauthenticated,
                    format!("That is not the secret of {}. {left} tries left before you are signed out.", active.session.pharmacist.full_name),
                    details,
                ))
            }
            Err(e) => Err(e),
        }
    }

    /// Whether `secret` is `login`'s: their local verifier when this counter keeps one, the
    /// central system otherwise (which must name the same person as `active`).
    async fn same_person(
        &self,
        active: &ActiveSession,
        pharmacy: &str,
        login: &str,
        secret: Sensitive<String>,
    ) -> Result<(), CounterError> {
        if self.inner.store.verifier(pharmacy, login)?.is_some() {
            let me = self.clone();
            let (pharmacy, login) = (pharmacy.to_owned(), login.to_owned());
            let session = tokio::task::spawn_blocking(move || {
                verifier::check(&me.inner.store, &pharmacy, &login, &secret)
            })
            .await
            .map_err(|e| {
                CounterError::rejected(
                    ErrorCode::Internal,
                    format!("checking the secret stopped ({e})"),
                )
            })??;
            return match session.pharmacist.pinfl == active.session.pharmacist.pinfl {
                true => Ok(()),
                false => Err(CounterError::rejected(
                    ErrorCode::Unauthenticated,
                    "not the same person",
                )),
            };
        }
        let answer = self
            .inner
            .client
            .sign_in(&TokenRequest {
                pharmacy_id: pharmacy.to_owned(),
                login: login.to_owned(),
                secret: secret.expose().clone(),
            })
            .await?;
        match answer.pharmacist.pinfl == active.session.pharmacist.pinfl {
            true => {
                self.inner
                    .client
                    .set_token(Some(Sensitive::new(answer.access_token)));
                self.remember_verifier(login, secret, &active.session).await;
                Ok(())
            }
            false => Err(CounterError::rejected(
                ErrorCode::Unauthenticated,
                "not the same person",
            )),
        }
    }

    /// Another person (or the parked owner coming back) signs in from the lock screen. The
    /// locked person's session is parked with its holds for them; a parked owner gets theirs
    /// back, checked by the local verifier while their token lives (so also offline); anyone
    /// else signs in at the central system.
    pub async fn switch_user(
        &self,
        login: &str,
        secret: Sensitive<String>,
    ) -> Result<Session, CounterError> {
        let current = self.active().ok_or(CounterError::NotSignedIn)?;
        if self.inner.lock.reason().is_none() {
            return Err(CounterError::rejected(
                ErrorCode::BadRequest,
                "Switching user is done from the lock screen: lock the counter first.",
            ));
        }
        let pharmacy = current.session.pharmacy.pharmacy_id.clone();
        let login = login.trim();
        if login == current.login {
            self.unlock(secret).await?;
            return Ok(current.session);
        }
        self.abandon_old_drafts().await;
        let owner = format!("{pharmacy}/{login}");
        let held = self.inner.ends.take_held();
        let token = self.inner.client.current_token();
        let back = self.inner.lock.unpark(&owner);
        // A parked owner whose token lives comes back on their local verifier (also offline);
        // anyone else signs in at the central system.
        let resumed = match &back {
            Some(p) => p.token.is_some() && self.inner.store.verifier(&pharmacy, login)?.is_some(),
            None => false,
        };
        let signed = match (&back, resumed) {
            (Some(p), true) => self
                .same_person(&p.active, &pharmacy, login, secret)
                .await
                .map(|()| p.active.session.clone()),
            _ => self.sign_in(&pharmacy, login, secret).await,
        };
        let session = match signed {
            Ok(s) => s,
            Err(e) => {
                // Nothing changes: the locked person keeps their session and holds.
                if let Some(p) = back {
                    self.inner.lock.park(p);
                }
                self.restore(&current, token, held);
                if resumed {
                    // (A refused sign-in at the central system is in the trail already.)
                    self.audit_as(
                        &owner,
                        AuditAction::SignInFailed,
                        "-",
                        serde_json::json!({ "code": e.code(), "from_lock": true }),
                    );
                }
                return Err(e);
            }
        };
        self.inner.lock.park(Parked {
            active: current.clone(),
            token,
            holds: held,
            since: Instant::now(),
        });
        if let Some(p) = back {
            if resumed {
                // Their own session, token and holds again.
                self.restore(&p.active, p.token, p.holds);
            } else {
                // Signed in afresh: the session is made; their holds are theirs again.
                for h in p.holds {
                    self.inner.ends.took(h);
                }
            }
        }
        self.audit(
            AuditAction::Unlock,
            "-",
            serde_json::json!({ "switched_from": owner_of(&current), "signed_in": !resumed }),
        );
        self.inner.lock.unlock(Instant::now());
        Ok(session)
    }

    /// Makes `active` the session again with `token` and `holds`.
    fn restore(
        &self,
        active: &ActiveSession,
        token: Option<Sensitive<String>>,
        holds: Vec<TakenHold>,
    ) {
        self.inner.client.set_token(token);
        if let Ok(mut slot) = self.inner.session.write() {
            *slot = Some(active.clone());
        }
        for h in holds {
            self.inner.ends.took(h);
        }
    }

    /// A person signed in at the central system: their parked draft (if any) is theirs again.
    pub(crate) fn take_back_parked(&self, pharmacy: &str, login: &str) {
        if let Some(p) = self.inner.lock.unpark(&format!("{pharmacy}/{login}")) {
            for h in p.holds {
                self.inner.ends.took(h);
            }
        }
    }

    /// Hands back the holds of drafts parked longer than [`PARK_LIMIT`], under the current
    /// session (or, without one, under the next).
    async fn abandon_old_drafts(&self) {
        let old = self.inner.lock.abandoned(Instant::now());
        for p in old {
            tracing::info!(holds = p.holds.len(), "a parked draft was abandoned");
            self.audit_as(
                &p.owner(),
                AuditAction::SignOut,
                "-",
                serde_json::json!({ "reason": "parked_draft_abandoned", "holds": p.holds.len() }),
            );
            self.inner.ends.still_left(p.holds);
        }
        if self.session().is_some() {
            self.hand_back_left_holds().await;
        }
    }

    /// `FORBIDDEN` when a parked draft of someone else holds `number`.
    pub(crate) fn not_parked_by_another(&self, number: &str) -> Result<(), CounterError> {
        let me = self.active().map(|a| owner_of(&a)).unwrap_or_default();
        match self.inner.lock.parked_holder(number, &me) {
            Some(name) => Err(parked_refusal(&name)),
            None => Ok(()),
        }
    }

    /// The minutes of inactivity before the window locks.
    pub fn lock_after_minutes(&self) -> u8 {
        self.inner.lock.minutes()
    }

    /// A manager chooses the minutes of inactivity before the window locks ([`MINUTES`]).
    pub fn save_lock_after_minutes(&self, minutes: u8) -> Result<(), CounterError> {
        self.require(Permission::Manage, "change when the counter locks")?;
        settings::save_lock_after_minutes(&self.inner.data_dir, minutes)?;
        self.inner.lock.set_minutes(minutes);
        self.audit(
            AuditAction::SettingsChanged,
            "lock_after_minutes",
            serde_json::json!({ "minutes": minutes }),
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_locks_only_after_the_limit_and_grace_of_inactivity_and_activity_restarts_the_time() {
        let lock = Lock::new(5);
        let t0 = Instant::now();
        lock.touch(t0);
        let limit = Duration::from_secs(5 * 60);
        assert_eq!(lock.check(t0 + limit, GRACE), (None, false));
        lock.touch(t0 + limit);
        assert_eq!(lock.check(t0 + limit + limit, GRACE), (None, false));
        let late = t0 + limit + limit + GRACE;
        assert_eq!(lock.check(late, GRACE), (Some(LockReason::Idle), true));
        assert_eq!(
            lock.check(late, GRACE),
            (Some(LockReason::Idle), false),
            "locked once, not twice"
        );
        lock.touch(late + limit * 3);
        assert_eq!(
            lock.reason(),
            Some(LockReason::Idle),
            "activity does not unlock"
        );
        lock.unlock(late);
        assert_eq!(lock.reason(), None);
    }

    #[test]
    fn the_limit_is_kept_within_the_allowed_minutes() {
        let lock = Lock::new(0);
        assert_eq!(lock.minutes(), 1);
        lock.set_minutes(45);
        assert_eq!(lock.minutes(), 30);
        lock.set_minutes(12);
        assert_eq!(lock.minutes(), 12);
    }

    #[test]
    fn wrong_secrets_count_down_and_unlocking_starts_them_again() {
        let lock = Lock::new(5);
        lock.lock(LockReason::Manual);
        for left in (0..UNLOCK_ATTEMPTS).rev() {
            assert_eq!(lock.failed(), left);
        }
        assert_eq!(lock.failed(), 0, "never below zero");
        lock.unlock(Instant::now());
        assert_eq!(lock.attempts_left(), UNLOCK_ATTEMPTS);
        assert!(lock.lock(LockReason::Manual));
        assert!(!lock.lock(LockReason::Idle), "already locked");
        assert_eq!(lock.reason(), Some(LockReason::Manual));
    }

    fn active(login: &str, name: &str) -> ActiveSession {
        use dmed_api::types::{Pharmacist, PharmacyInfo, StaffRole};
        ActiveSession {
            session: Session {
                pharmacy: PharmacyInfo {
                    pharmacy_id: "PH-1".into(),
                    name: "Dorixona".into(),
                    address: String::new(),
                },
                pharmacist: Pharmacist {
                    pinfl: "30211975910033".into(),
                    full_name: name.into(),
                    role: StaffRole::Pharmacist,
                },
                expires_at: String::new(),
            },
            keyring_user: String::new(),
            login: login.into(),
        }
    }

    #[test]
    fn a_parked_draft_holds_its_prescriptions_against_others_until_it_is_too_old() {
        let lock = Lock::new(5);
        let t0 = Instant::now();
        lock.park(Parked {
            active: active("aziza", "Aziza"),
            token: None,
            holds: vec![TakenHold {
                live_until: None,
                number: "RX-1".into(),
                hold_id: uuid::Uuid::nil(),
            }],
            since: t0,
        });
        assert_eq!(
            lock.parked_holder("RX-1", "PH-1/bobur").as_deref(),
            Some("Aziza")
        );
        assert_eq!(
            lock.parked_holder("RX-1", "PH-1/aziza"),
            None,
            "not against its owner"
        );
        assert_eq!(lock.parked_holder("RX-2", "PH-1/bobur"), None);
        let view = lock.parked_view(t0 + Duration::from_secs(60));
        assert_eq!(view.len(), 1);
        assert_eq!(view[0].abandoned_in_secs, 14 * 60);
        assert!(lock
            .abandoned(t0 + PARK_LIMIT - Duration::from_secs(1))
            .is_empty());
        let old = lock.abandoned(t0 + PARK_LIMIT);
        assert_eq!(old.len(), 1);
        assert_eq!(old[0].holds.len(), 1);
        assert_eq!(lock.parked_holder("RX-1", "PH-1/bobur"), None);
    }

    #[test]
    fn unparking_gives_the_owner_their_draft_once() {
        let lock = Lock::new(5);
        lock.park(Parked {
            active: active("aziza", "Aziza"),
            token: Some(Sensitive::new("t".into())),
            holds: vec![],
            since: Instant::now(),
        });
        assert!(lock.unpark("PH-1/bobur").is_none());
        let p = lock.unpark("PH-1/aziza").unwrap();
        assert_eq!(p.active.login, "aziza");
        assert!(lock.unpark("PH-1/aziza").is_none());
    }
}
