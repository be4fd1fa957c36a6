//! SQL of the outage work: the outbox index the worker schedules from, settling with conflicts,
//! paper records, the conflict queue, and cache upkeep. Rows only; the rules are in
//! `crate::outage`.

use super::{LineRow, NewDispense, Store};
use crate::error::CounterError;
use rusqlite::{params, OptionalExtension, Transaction};

/// One outbox row without its payload, with the key that orders it: rows with the same key are
/// sent one after the other, in id order (dispenses of one prescription); other rows have a key
/// of their own.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub id: i64,
    pub kind: String,
    pub dispense_id: Option<String>,
    pub key: String,
    pub attempts: u32,
    pub next_attempt_at: String,
    pub created_at: String,
}

/// What the outbox holds, for the status panel.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutboxSummary {
    pub pending: u64,
    pub oldest_created_at: Option<String>,
    /// The error of the most recently failed row, as stored (JSON).
    pub last_error: Option<String>,
}

/// What this counter's dispenses not yet shown by a local copy did to one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingItem {
    pub item_id: String,
    /// Handed over, in the item's unit.
    pub quantity: u32,
    /// One of them closed the item as not dispensed.
    pub closed: bool,
}

/// A new entry of the manager's conflict queue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewConflict {
    pub source: String,
    pub dispense_id: Option<String>,
    pub record_id: Option<String>,
    pub code: String,
    pub reason: String,
    pub details_json: String,
    pub created_at: String,
}

/// An entry of the conflict queue.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictRow {
    pub id: i64,
    pub source: String,
    pub dispense_id: Option<String>,
    pub record_id: Option<String>,
    pub prescription_number: Option<String>,
    pub code: String,
    pub reason: String,
    pub details_json: String,
    pub created_at: String,
    pub status: String,
    pub note: Option<String>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<String>,
}

/// The paper-specific part of a paper dispense.
#[derive(Debug, Clone, PartialEq)]
pub struct PaperRow {
    pub record_id: String,
    pub prescription_number: Option<String>,
    pub patient_pinfl: String,
    pub prescriber_name: String,
    pub facility: String,
    pub id_document_checked: bool,
    pub patient_declaration: bool,
    pub reason: Option<String>,
    pub override_by: Option<String>,
    pub override_reason: Option<String>,
}

/// A stored paper record with its dispense's when and who.
#[derive(Debug, Clone, PartialEq)]
pub struct PaperRecordRow {
    pub paper: PaperRow,
    pub dispense_id: String,
    pub state: String,
    pub central_dispense_id: Option<String>,
    pub created_at: String,
    pub uploaded_at: Option<String>,
    pub pharmacist_name: String,
}

/// Within `tx`: marks dispense `dispense_id` rejected with `last_error`, removes its outbox rows
/// and opens `conflict`; returns the conflict's id.
fn reject_into_conflict(
    tx: &Transaction<'_>,
    dispense_id: &str,
    last_error: &str,
    conflict: &NewConflict,
) -> Result<i64, CounterError> {
    tx.execute(
        "UPDATE dispenses SET state = 'rejected', last_error = ?2 WHERE dispense_id = ?1",
        params![dispense_id, last_error],
    )?;
    tx.execute("DELETE FROM outbox WHERE dispense_id = ?1", [dispense_id])?;
    insert_conflict(tx, conflict)
}

pub(super) fn insert_conflict(tx: &Transaction<'_>, c: &NewConflict) -> Result<i64, CounterError> {
    tx.execute(
        "INSERT INTO conflicts(source, dispense_id, record_id, code, reason, details_json,
             created_at, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open')",
        params![
            c.source,
            c.dispense_id,
            c.record_id,
            c.code,
            c.reason,
            c.details_json,
            c.created_at
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// The outbox in id order, without payloads.
    pub fn outbox_index(&self) -> Result<Vec<OutboxEntry>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT o.id, o.kind, o.dispense_id,
                    CASE WHEN o.kind IN ('dispense', 'withdraw') AND d.prescription_number IS NOT NULL
                         THEN 'rx:' || d.prescription_number ELSE 'row:' || o.id END,
                    o.attempts, o.next_attempt_at, o.created_at
             FROM outbox o LEFT JOIN dispenses d ON d.dispense_id = o.dispense_id
             ORDER BY o.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OutboxEntry {
                id: r.get(0)?,
                kind: r.get(1)?,
                dispense_id: r.get(2)?,
                key: r.get(3)?,
                attempts: r.get(4)?,
                next_attempt_at: r.get(5)?,
                created_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The payload of one outbox row (`None` once it was settled).
    pub fn outbox_payload(&self, id: i64) -> Result<Option<String>, CounterError> {
        Ok(self
            .conn()?
            .query_row("SELECT payload FROM outbox WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Count, oldest entry and latest error of the outbox.
    pub fn outbox_summary(&self) -> Result<OutboxSummary, CounterError> {
        let conn = self.conn()?;
        let (pending, oldest): (i64, Option<String>) =
            conn.query_row("SELECT COUNT(*), MIN(created_at) FROM outbox", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let last_error: Option<String> = conn
            .query_row(
                "SELECT last_error FROM outbox WHERE last_error IS NOT NULL
                 ORDER BY attempts DESC, id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(OutboxSummary {
            pending: pending.max(0) as u64,
            oldest_created_at: oldest,
            last_error,
        })
    }

    /// Makes every outbox row due now (after "send now" or when the connection comes back).
    pub fn outbox_make_due(&self, now: &str) -> Result<(), CounterError> {
        self.conn()?.execute(
            "UPDATE outbox SET next_attempt_at = ?1 WHERE next_attempt_at > ?1",
            [now],
        )?;
        Ok(())
    }

    /// Makes due now the rows that wait because the central system could not be reached; rows
    /// waiting for a `Retry-After` of the central system keep their time (when the connection
    /// comes back).
    pub fn outbox_make_due_after_outage(&self, now: &str) -> Result<(), CounterError> {
        self.conn()?.execute(
            "UPDATE outbox SET next_attempt_at = ?1
             WHERE next_attempt_at > ?1
               AND (last_error IS NULL OR last_error NOT LIKE '%\"SERVICE_UNAVAILABLE\"%')",
            [now],
        )?;
        Ok(())
    }

    /// Marks a dispense rejected, removes its outbox rows and opens a conflict, in one
    /// transaction.
    pub fn reject_with_conflict(
        &self,
        dispense_id: &str,
        error_json: &str,
        conflict: &NewConflict,
    ) -> Result<i64, CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let id = reject_into_conflict(&tx, dispense_id, error_json, conflict)?;
        tx.commit()?;
        Ok(id)
    }

    /// Quantities (and closings) of this counter's dispenses of a prescription that a local copy fetched at
    /// `fetched_at` does not show, per item: those the central system has not confirmed yet, and
    /// those confirmed after the copy was fetched (a dispense answer never changes the copy: see
    /// `outage::cache::as_it_stands`). A withdrawn one (also while its withdrawal waits to be
    /// sent) gave its quantity back.
    pub fn pending_quantities(
        &self,
        number: &str,
        fetched_at: &str,
    ) -> Result<Vec<PendingItem>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT l.item_id, SUM(l.quantity), MAX(l.not_dispensed_reason IS NOT NULL)
               FROM dispense_lines l
             JOIN dispenses d ON d.dispense_id = l.dispense_id
             WHERE d.prescription_number = ?1
               AND d.withdrawn_at IS NULL
               AND (d.state = 'pending' OR (d.state = 'delivered' AND d.delivered_at > ?2))
             GROUP BY l.item_id ORDER BY l.item_id",
        )?;
        let rows = stmt.query_map([number, fetched_at], |r| {
            Ok(PendingItem {
                item_id: r.get(0)?,
                quantity: r.get(1)?,
                closed: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The central system's answers (`Dispense` JSON) to this counter's dispenses of a
    /// prescription delivered after `fetched_at`, in the order they were delivered: what a local
    /// copy fetched then cannot show, and what the counter learnt since about the items they
    /// touched.
    pub fn answers_after(
        &self,
        number: &str,
        fetched_at: &str,
    ) -> Result<Vec<String>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT response_json FROM dispenses
             WHERE prescription_number = ?1 AND state = 'delivered' AND delivered_at > ?2
               AND response_json IS NOT NULL
             ORDER BY delivered_at, dispense_id",
        )?;
        let rows = stmt.query_map([number, fetched_at], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Cached prescriptions of one patient (JSON, fetched at), newest first.
    pub fn cached_by_pinfl(&self, pinfl: &str) -> Result<Vec<(String, String)>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT json, fetched_at FROM prescriptions WHERE pinfl = ?1
             ORDER BY fetched_at DESC, number",
        )?;
        let rows = stmt.query_map([pinfl], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Forgets cached prescriptions fetched before `before`; returns how many.
    pub fn purge_cached_prescriptions(&self, before: &str) -> Result<usize, CounterError> {
        Ok(self
            .conn()?
            .execute("DELETE FROM prescriptions WHERE fetched_at < ?1", [before])?)
    }

    // ------------------------------------------------------------------ paper records

    /// Writes a paper dispense (mode `paper`), its lines, its paper record and its outbox row
    /// (kind `paper`, carrying `payload`) in one transaction. Returns the outbox id.
    pub fn insert_paper(
        &self,
        dispense: &NewDispense,
        lines: &[LineRow],
        paper: &PaperRow,
        payload: &str,
    ) -> Result<i64, CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO dispenses(dispense_id, prescription_number, pharmacist_pinfl, pharmacy_id,
                 mode, state, request_json, created_at, pharmacist_name, pharmacy_name, patient_key)
             VALUES (?1, ?2, ?3, ?4, 'paper', 'pending', ?5, ?6, ?7, ?8, ?9)",
            params![
                dispense.dispense_id,
                dispense.prescription_number,
                dispense.pharmacist_pinfl,
                dispense.pharmacy_id,
                payload,
                dispense.created_at,
                dispense.pharmacist_name,
                dispense.pharmacy_name,
                dispense.patient_key
            ],
        )?;
        super::dispenses::insert_lines(&tx, &dispense.dispense_id, lines)?;
        tx.execute(
            "INSERT INTO paper_records(record_id, dispense_id, prescription_number, patient_pinfl,
                 prescriber_name, facility, id_document_checked, patient_declaration, reason,
                 override_by, override_reason, state, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'pending', ?12)",
            params![
                paper.record_id,
                dispense.dispense_id,
                paper.prescription_number,
                paper.patient_pinfl,
                paper.prescriber_name,
                paper.facility,
                paper.id_document_checked,
                paper.patient_declaration,
                paper.reason,
                paper.override_by,
                paper.override_reason,
                dispense.created_at
            ],
        )?;
        tx.execute(
            "INSERT INTO outbox(kind, dispense_id, payload, attempts, next_attempt_at, created_at)
             VALUES ('paper', ?1, ?2, 0, ?3, ?3)",
            params![dispense.dispense_id, payload, dispense.created_at],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    /// The central system accepted a paper record: record, dispense and outbox settle together.
    pub fn paper_accepted(
        &self,
        record_id: &str,
        central_dispense_id: Option<&str>,
        response_json: &str,
        at: &str,
    ) -> Result<(), CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let dispense_id: String = tx.query_row(
            "SELECT dispense_id FROM paper_records WHERE record_id = ?1",
            [record_id],
            |r| r.get(0),
        )?;
        tx.execute(
            "UPDATE paper_records SET state = 'accepted', central_dispense_id = ?2, uploaded_at = ?3
             WHERE record_id = ?1",
            params![record_id, central_dispense_id, at],
        )?;
        tx.execute(
            "UPDATE dispenses SET state = 'delivered', response_json = ?2, delivered_at = ?3,
                 last_error = NULL WHERE dispense_id = ?1",
            params![dispense_id, response_json, at],
        )?;
        tx.execute("DELETE FROM outbox WHERE dispense_id = ?1", [dispense_id])?;
        tx.commit()?;
        Ok(())
    }

    /// The central system answered a paper record with a conflict: the record is marked, its
    /// outbox row removed and the conflict queued for the manager, in one transaction.
    pub fn paper_conflict(
        &self,
        record_id: &str,
        conflict: &NewConflict,
    ) -> Result<i64, CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let dispense_id: String = tx.query_row(
            "SELECT dispense_id FROM paper_records WHERE record_id = ?1",
            [record_id],
            |r| r.get(0),
        )?;
        tx.execute(
            "UPDATE paper_records SET state = 'conflict', uploaded_at = ?2 WHERE record_id = ?1",
            params![record_id, conflict.created_at],
        )?;
        let id = reject_into_conflict(&tx, &dispense_id, &conflict.reason, conflict)?;
        tx.commit()?;
        Ok(id)
    }

    /// Paper records made in `[from, to)` (stored timestamps), oldest first: the day's paper log.
    pub fn paper_records_between(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<PaperRecordRow>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT p.record_id, p.prescription_number, p.patient_pinfl, p.prescriber_name,
                    p.facility, p.id_document_checked, p.patient_declaration, p.reason,
                    p.override_by, p.override_reason, p.dispense_id, p.state,
                    p.central_dispense_id, p.created_at, p.uploaded_at, d.pharmacist_name
             FROM paper_records p JOIN dispenses d ON d.dispense_id = p.dispense_id
             WHERE p.created_at >= ?1 AND p.created_at < ?2
             ORDER BY p.created_at, p.record_id",
        )?;
        let rows = stmt.query_map([from, to], |r| {
            Ok(PaperRecordRow {
                paper: PaperRow {
                    record_id: r.get(0)?,
                    prescription_number: r.get(1)?,
                    patient_pinfl: r.get(2)?,
                    prescriber_name: r.get(3)?,
                    facility: r.get(4)?,
                    id_document_checked: r.get(5)?,
                    patient_declaration: r.get(6)?,
                    reason: r.get(7)?,
                    override_by: r.get(8)?,
                    override_reason: r.get(9)?,
                },
                dispense_id: r.get(10)?,
                state: r.get(11)?,
                central_dispense_id: r.get(12)?,
                created_at: r.get(13)?,
                uploaded_at: r.get(14)?,
                pharmacist_name: r.get(15)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    // ------------------------------------------------------------------ conflicts

    /// Conflicts, newest first; only open ones unless `all`.
    pub fn conflicts(&self, all: bool) -> Result<Vec<ConflictRow>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT c.id, c.source, c.dispense_id, c.record_id, d.prescription_number, c.code,
                    c.reason, c.details_json, c.created_at, c.status, c.note, c.acknowledged_by,
                    c.acknowledged_at
             FROM conflicts c LEFT JOIN dispenses d ON d.dispense_id = c.dispense_id
             WHERE ?1 OR c.status = 'open'
             ORDER BY c.created_at DESC, c.id DESC",
        )?;
        let rows = stmt.query_map([all], |r| {
            Ok(ConflictRow {
                id: r.get(0)?,
                source: r.get(1)?,
                dispense_id: r.get(2)?,
                record_id: r.get(3)?,
                prescription_number: r.get(4)?,
                code: r.get(5)?,
                reason: r.get(6)?,
                details_json: r.get(7)?,
                created_at: r.get(8)?,
                status: r.get(9)?,
                note: r.get(10)?,
                acknowledged_by: r.get(11)?,
                acknowledged_at: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Sets a conflict's note; false when there is no such conflict.
    pub fn note_conflict(&self, id: i64, note: &str) -> Result<bool, CounterError> {
        Ok(self.conn()?.execute(
            "UPDATE conflicts SET note = ?2 WHERE id = ?1",
            params![id, note],
        )? == 1)
    }

    /// Acknowledges an open conflict; false when there is no open conflict with this id.
    pub fn acknowledge_conflict(&self, id: i64, by: &str, at: &str) -> Result<bool, CounterError> {
        Ok(self.conn()?.execute(
            "UPDATE conflicts SET status = 'acknowledged', acknowledged_by = ?2,
                 acknowledged_at = ?3
             WHERE id = ?1 AND status = 'open'",
            params![id, by, at],
        )? == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::ErrorCode;

    fn dispense(id: &str, payload_len: usize) -> NewDispense {
        NewDispense {
            dispense_id: id.into(),
            prescription_number: "7K3M9P2Q4R8X".into(),
            pharmacist_pinfl: "30211975910033".into(),
            pharmacist_name: "Karimova Dilnoza".into(),
            pharmacy_id: "PH-1".into(),
            pharmacy_name: "Dorixona".into(),
            patient_key: "k".into(),
            mode: "online".into(),
            request_json: "x".repeat(payload_len),
            created_at: "2026-11-21T10:00:00.000000Z".into(),
        }
    }

    fn line() -> LineRow {
        LineRow {
            item_id: "i1".into(),
            product_id: "p1".into(),
            inn: "Amoxicillin".into(),
            trade_name: "Amoksiklav".into(),
            pack_size: 20,
            unit: "capsule".into(),
            quantity: 1,
            batch: None,
            expiry: None,
            marking_codes: vec![],
            not_dispensed_reason: None,
        }
    }

    #[test]
    fn a_full_disk_is_a_clear_storage_error_and_leaves_no_half_written_dispense() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        store
            .insert_dispense(&dispense("small", 10), &[line()], "dispense")
            .unwrap();
        {
            let conn = store.conn().unwrap();
            let pages: i64 = conn
                .query_row("PRAGMA page_count", [], |r| r.get(0))
                .unwrap();
            conn.pragma_update(None, "max_page_count", pages).unwrap();
        }
        let err = store
            .insert_dispense(&dispense("big", 64 * 1024), &[line()], "dispense")
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::StorageError);
        assert_eq!(err.details()["problem"], "disk_full");
        assert!(err.to_string().to_lowercase().contains("disk"), "{err}");
        assert!(store.dispense("big").unwrap().is_none());
        assert!(store.dispense_lines("big").unwrap().is_empty());
        assert_eq!(store.outbox().unwrap().len(), 1, "only the earlier row");
    }

    #[test]
    fn a_locked_database_is_a_clear_storage_error_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite");
        let store = Store::open(&path).unwrap();
        store
            .conn()
            .unwrap()
            .busy_timeout(std::time::Duration::from_millis(200))
            .unwrap();
        let other = rusqlite::Connection::open(&path).unwrap();
        other.execute_batch("BEGIN EXCLUSIVE").unwrap();
        let err = store
            .insert_dispense(&dispense("d1", 10), &[line()], "dispense")
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::StorageError);
        assert_eq!(err.details()["problem"], "locked");
        other.execute_batch("ROLLBACK").unwrap();
        assert!(store.dispense("d1").unwrap().is_none());
        assert!(store.outbox().unwrap().is_empty());
        let paper = PaperRow {
            record_id: "r1".into(),
            prescription_number: None,
            patient_pinfl: "30211975910033".into(),
            prescriber_name: "Dr".into(),
            facility: "F".into(),
            id_document_checked: true,
            patient_declaration: true,
            reason: None,
            override_by: None,
            override_reason: None,
        };
        other.execute_batch("BEGIN EXCLUSIVE").unwrap();
        let err = store
            .insert_paper(&dispense("r1", 10), &[line()], &paper, "{}")
            .unwrap_err();
        assert_eq!(err.details()["problem"], "locked");
        other.execute_batch("ROLLBACK").unwrap();
        assert!(store.dispense("r1").unwrap().is_none());
        store
            .insert_paper(&dispense("r1", 10), &[line()], &paper, "{}")
            .unwrap();
        assert_eq!(store.outbox_index().unwrap()[0].kind, "paper");
    }
}
