//! Shared server state: the database pool, the clock, token lifetime, the lockouts, the OAuth
//! codes waiting and the admin knobs.

use crate::clock::Clock;
use crate::db::Db;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Maintenance mode: while on, every `/v1` route but health answers 503 with `Retry-After`.
#[derive(Debug, Default)]
pub struct Maintenance {
    enabled: AtomicBool,
    retry_after_secs: AtomicU32,
}

impl Maintenance {
    pub fn set(&self, enabled: bool, retry_after_secs: u32) {
        self.retry_after_secs
            .store(retry_after_secs, Ordering::SeqCst);
        self.enabled.store(enabled, Ordering::SeqCst);
    }

    /// `Some(retry_after_secs)` while maintenance is on.
    pub fn active(&self) -> Option<u32> {
        self.enabled
            .load(Ordering::SeqCst)
            .then(|| self.retry_after_secs.load(Ordering::SeqCst))
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Arc<Db>,
    pub clock: Arc<Clock>,
    pub token_ttl: Duration,
    pub maintenance: Arc<Maintenance>,
    pub faults: Arc<crate::fault::Faults>,
    pub lockouts: Arc<crate::lockouts::Lockouts>,
    /// The FHIR face's authorization codes waiting to be exchanged.
    pub oauth_codes: Arc<crate::oauth_codes::Codes>,
}

impl AppState {
    pub fn now(&self) -> crate::service::Now {
        crate::service::Now::of(&self.clock)
    }
}
