//! How long records stay on the counter. Cached prescriptions go after the cache policy's
//! retention (`outage::cache`). Dispenses (with their lines, paper records and conflicts) and
//! audit rows stay at least a year ([`KEEP_DAYS`]); then they are moved into an encrypted
//! archive file in `<data dir>/archive/` (the same key as the database) and removed. Dispenses
//! still waiting to be sent are never moved. Before the audit rows go, the chain's new start is
//! kept beside its head, so `dorixona audit verify` checks what stays from there.

use std::path::PathBuf;

use time::OffsetDateTime;

use crate::audit::chain::Anchor;
use crate::audit::AuditAction;
use crate::error::CounterError;
use crate::store::{timestamp, ArchivePlan};
use crate::Counter;

/// Records stay at least this long (a year, and a day for a leap year).
pub const KEEP_DAYS: i64 = 366;

/// What a retention run moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionReport {
    /// The archive file written, when anything was moved.
    pub archive: Option<PathBuf>,
    pub dispenses: usize,
    pub audit_rows: usize,
}

impl Counter {
    /// Moves what is older than [`KEEP_DAYS`] before `now` into the archive. Run daily by the
    /// background tasks; `now` is a parameter so tests can move the clock.
    pub fn apply_retention(&self, now: OffsetDateTime) -> Result<RetentionReport, CounterError> {
        let cutoff_at = now - time::Duration::days(KEEP_DAYS);
        let cutoff = timestamp(cutoff_at);
        let dir = self.inner.data_dir.join("archive");
        std::fs::create_dir_all(&dir).map_err(|e| {
            CounterError::storage(
                crate::StorageProblem::Other,
                format!(
                    "the archive folder {} cannot be created: {e}",
                    dir.display()
                ),
            )
        })?;
        let file = dir.join(format!("archive-before-{}.sqlite", cutoff_at.date()));
        let head = self.inner.audit.head.as_ref();
        let key = match head {
            Some(h) => Some(crate::db_key::database_key(&h.place, &h.db)?),
            None => None,
        };
        let plan: ArchivePlan = self
            .inner
            .store
            .copy_to_archive(&cutoff, &file, key.as_ref())?;
        if plan.dispenses == 0 && plan.audit_rows == 0 {
            let _ = std::fs::remove_file(&file);
            return Ok(RetentionReport {
                archive: None,
                dispenses: 0,
                audit_rows: 0,
            });
        }
        if let (Some(h), Some((seq, prev_hash))) = (head, &plan.audit_first_kept) {
            // Kept first: a stop before the removal leaves rows the verifier skips.
            h.set_anchor(&Anchor {
                seq: *seq,
                prev_hash: prev_hash.clone(),
            })?;
        }
        self.inner.store.remove_archived(&plan)?;
        self.audit(
            AuditAction::Export,
            "archive",
            serde_json::json!({
                "file": file.file_name().map(|f| f.to_string_lossy().into_owned()),
                "dispenses": plan.dispenses,
                "audit_rows": plan.audit_rows,
                "before": cutoff,
            }),
        );
        tracing::info!(
            dispenses = plan.dispenses,
            audit_rows = plan.audit_rows,
            "records older than a year archived"
        );
        Ok(RetentionReport {
            archive: Some(file),
            dispenses: plan.dispenses,
            audit_rows: plan.audit_rows,
        })
    }
}
