//! The audit trail: who signed in (or failed to), looked up which patient (masked), held,
//! dispensed, recorded on paper, overrode, settled a conflict, changed a setting, exported,
//! backed the database up or restored it.
//! Rows are appended to a hash chain in the database ([`chain`]); its length and last hash are
//! kept outside it, beside the database key, so that no edit, deletion, insertion, reordering
//! or cut-off tail goes unnoticed by [`verify`]. Inspectors get it as CSV ([`export_csv`]).

pub mod chain;
mod facade;
mod keeper;

pub use facade::{AuditEntry, AuditQuery, SCREEN_ROWS};

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use time::OffsetDateTime;

use crate::db_key::{self, KeyPlace};
use crate::error::CounterError;
use crate::store::{timestamp, AuditFilter, Store};
use chain::{Anchor, Break, Head, Link, Verifier};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    SignOut,
    SessionEnded,
    Lock,
    Unlock,
    UnlockFailed,
    Lookup,
    Hold,
    Release,
    Dispense,
    Withdraw,
    PaperRecord,
    Override,
    ConflictAcknowledged,
    SettingsChanged,
    Export,
    /// An encrypted backup of the whole database was written (`crate::backup`).
    Backup,
    /// The database was restored from a backup (`crate::backup`).
    Restore,
}

impl AuditAction {
    /// Every action, for filters.
    pub const ALL: [AuditAction; 19] = [
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::SignOut,
        AuditAction::SessionEnded,
        AuditAction::Lock,
        AuditAction::Unlock,
        AuditAction::UnlockFailed,
        AuditAction::Lookup,
        AuditAction::Hold,
        AuditAction::Release,
        AuditAction::Dispense,
        AuditAction::Withdraw,
        AuditAction::PaperRecord,
        AuditAction::Override,
        AuditAction::ConflictAcknowledged,
        AuditAction::SettingsChanged,
        AuditAction::Export,
        AuditAction::Backup,
        AuditAction::Restore,
    ];

    /// The stored name (`sign_in` …).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignOut => "sign_out",
            AuditAction::SessionEnded => "session_ended",
            AuditAction::Lock => "lock",
            AuditAction::Unlock => "unlock",
            AuditAction::UnlockFailed => "unlock_failed",
            AuditAction::Lookup => "lookup",
            AuditAction::Hold => "hold",
            AuditAction::Release => "release",
            AuditAction::Dispense => "dispense",
            AuditAction::Withdraw => "withdraw",
            AuditAction::PaperRecord => "paper_record",
            AuditAction::Override => "override",
            AuditAction::ConflictAcknowledged => "conflict_acknowledged",
            AuditAction::SettingsChanged => "settings_changed",
            AuditAction::Export => "export",
            AuditAction::Backup => "backup",
            AuditAction::Restore => "restore",
        }
    }

    /// The action of a stored name.
    pub fn parse(s: &str) -> Option<AuditAction> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// Where the chain's head is kept: beside the key of database `db`.
#[derive(Debug, Clone)]
pub struct HeadPlace {
    pub place: KeyPlace,
    pub db: PathBuf,
}

const HEAD_KIND: &str = "audit-head";
const ANCHOR_KIND: &str = "audit-anchor";

impl HeadPlace {
    /// Where the kept chain starts, when older rows were archived.
    pub fn anchor(&self) -> Result<Option<Anchor>, CounterError> {
        Ok(db_key::kept(&self.place, ANCHOR_KIND, &self.db)?
            .and_then(|v| Anchor::decode(v.expose())))
    }

    /// Keeps where the chain starts from now on (before the older rows are removed).
    pub fn set_anchor(&self, anchor: &Anchor) -> Result<(), CounterError> {
        db_key::keep(&self.place, ANCHOR_KIND, &self.db, &anchor.encode())
    }

    /// The head kept outside the database, if one was kept.
    pub(crate) fn read(&self) -> Result<Option<Head>, CounterError> {
        Ok(db_key::kept(&self.place, HEAD_KIND, &self.db)?.and_then(|v| Head::decode(v.expose())))
    }

    /// Keeps `head` (at once, not in the background: a restore puts a new chain in place).
    pub(crate) fn write(&self, head: &Head) -> Result<(), CounterError> {
        db_key::keep(&self.place, HEAD_KIND, &self.db, &head.encode())
    }
}

/// The trail of one database: appends one row at a time and keeps the head after each (in the
/// background: [`keeper`]).
#[derive(Debug)]
pub struct AuditTrail {
    pub(crate) head: Option<HeadPlace>,
    keeper: Option<keeper::HeadKeeper>,
    order: Mutex<()>,
}

impl AuditTrail {
    /// A trail whose head is kept at `head` (`None`: in the database only, for tools and tests).
    pub fn new(head: Option<HeadPlace>) -> Self {
        AuditTrail {
            keeper: head.clone().map(keeper::HeadKeeper::start),
            head,
            order: Mutex::new(()),
        }
    }

    /// Waits until the newest head is kept outside the database.
    pub fn flush(&self) {
        if let Some(k) = &self.keeper {
            k.flush();
        }
    }

    /// Appends one row (now) and keeps the new head.
    pub fn record(
        &self,
        store: &Store,
        actor: &str,
        action: AuditAction,
        subject: &str,
        details: serde_json::Value,
    ) -> Result<Link, CounterError> {
        let _in_order = self.order.lock().map_err(|_| {
            CounterError::storage(
                crate::StorageProblem::Other,
                "an earlier audit write failed midway",
            )
        })?;
        let at = timestamp(OffsetDateTime::now_utc());
        let link =
            store.append_audit(&at, actor, action.as_str(), subject, &details.to_string())?;
        if let Some(keeper) = &self.keeper {
            keeper.keep(Head {
                len: link.seq,
                hash: link.hash.clone(),
            });
        }
        Ok(link)
    }
}

/// How a verification ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The chain holds, with this many rows.
    Intact { rows: i64 },
    /// The first broken link.
    Broken(Break),
}

/// Walks the whole chain of `store` against the head kept at `head`.
pub fn verify(store: &Store, head: Option<&HeadPlace>) -> Result<Verdict, CounterError> {
    let (kept, anchor) = match head {
        Some(place) => (
            Some(place.read()?.unwrap_or_else(Head::empty)),
            place.anchor()?,
        ),
        None => (None, None),
    };
    let mut verifier = Verifier::from_anchor(kept, anchor);
    let mut broken = None;
    store.walk_audit(|row| -> Result<(), CounterError> {
        if broken.is_none() {
            if let Err(b) = verifier.check(row) {
                broken = Some(b);
            }
        }
        Ok(())
    })?;
    if let Some(b) = broken {
        return Ok(Verdict::Broken(b));
    }
    Ok(match verifier.finish() {
        Ok(rows) => Verdict::Intact { rows },
        Err(b) => Verdict::Broken(b),
    })
}

/// The head place of the real database of `data_dir` (as the app keeps it).
pub fn head_place(data_dir: &Path, place: KeyPlace) -> HeadPlace {
    HeadPlace {
        place,
        db: data_dir.join(crate::DB_FILE),
    }
}

/// The rows of `filter` as CSV for an inspector: `seq,at,actor,action,subject,details,hash`.
pub fn export_csv(store: &Store, filter: &AuditFilter) -> Result<Vec<u8>, CounterError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| CounterError::storage(crate::StorageProblem::Other, e.to_string());
    out.write_record(["seq", "at", "actor", "action", "subject", "details", "hash"])
        .map_err(fail)?;
    for row in store.audit_rows(filter)? {
        out.write_record([
            row.seq.to_string(),
            row.at,
            row.actor,
            row.action,
            row.subject,
            row.details,
            row.hash,
        ])
        .map_err(fail)?;
    }
    out.into_inner()
        .map_err(|e| CounterError::storage(crate::StorageProblem::Other, e.to_string()))
}

/// `dorixona audit verify`: opens (so creates, when there is none yet) the real database of
/// `data_dir` as the app does, and checks its whole chain.
pub fn verify_data_dir(data_dir: &Path) -> Result<Verdict, CounterError> {
    let (store, head) = crate::open_data(data_dir, &crate::secrets::TokenStore::default())?;
    verify(&store, head.as_ref())
}

/// `dorixona audit export`: the manager signs in with `credentials` (as for reports) and gets
/// the rows of `query` as CSV; the export itself is recorded.
pub fn export_data_dir(
    data_dir: &Path,
    credentials: &crate::reports::Credentials,
    query: &facade::AuditQuery,
) -> Result<Vec<u8>, CounterError> {
    let signed_in = crate::headless::Headless::sign_in(
        data_dir,
        credentials,
        crate::access::Permission::Manage,
        "export the audit log",
    )?;
    let bytes = export_csv(&signed_in.store, &facade::filter_of(query, 0)?)?;
    let rows = bytes
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        .saturating_sub(1);
    signed_in.record(
        AuditAction::Export,
        "audit_log",
        serde_json::json!({ "from": query.from, "to": query.to, "rows": rows }),
    )?;
    Ok(bytes)
}
