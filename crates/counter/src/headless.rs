//! Sign-in for the headless commands (`dorixona report`, `dorixona audit export`): opens the real
//! database of a data directory as the app does, checks the person against the verifier of their
//! last online sign-in on this counter and the permission the command needs, and records what
//! they did in the audit trail.

use std::path::Path;

use crate::access::{self, Permission};
use crate::audit::{AuditAction, AuditTrail};
use crate::error::CounterError;
use crate::reports::Credentials;
use crate::secrets::TokenStore;
use crate::store::Store;
use crate::types::Session;

/// A signed-in headless command.
pub struct Headless {
    pub store: Store,
    pub session: Session,
    trail: AuditTrail,
    actor: String,
}

impl Headless {
    /// Opens `data_dir`'s database and signs `credentials` in for `permission` (to `what`).
    pub fn sign_in(
        data_dir: &Path,
        credentials: &Credentials,
        permission: Permission,
        what: &str,
    ) -> Result<Headless, CounterError> {
        let (store, head) = crate::open_data(data_dir, &TokenStore::default())?;
        let session = crate::verifier::check(
            &store,
            &credentials.pharmacy_id,
            &credentials.login,
            &credentials.secret,
        )?;
        access::check(Some(&session), permission, what)?;
        let actor = format!(
            "{}/{}",
            session.pharmacy.pharmacy_id,
            credentials.login.trim()
        );
        Ok(Headless {
            store,
            session,
            trail: AuditTrail::new(head),
            actor,
        })
    }

    /// Records what the signed-in person did.
    pub fn record(
        &self,
        action: AuditAction,
        subject: &str,
        details: serde_json::Value,
    ) -> Result<(), CounterError> {
        self.trail
            .record(&self.store, &self.actor, action, subject, details)
            .map(drop)
    }
}
