//! The `dispenses`, `dispense_lines` and `outbox` tables: what was handed over, and what waits
//! to be sent.

use super::Store;
use crate::error::{CounterError, StorageProblem};
pub use reports::LineRow;
use rusqlite::{params, OptionalExtension};

/// A new dispense row.
#[derive(Debug, Clone)]
pub struct NewDispense {
    pub dispense_id: String,
    pub prescription_number: String,
    pub pharmacist_pinfl: String,
    pub pharmacist_name: String,
    pub pharmacy_id: String,
    pub pharmacy_name: String,
    /// Keyed hash of the patient's PINFL (see `privacy::patient_key`): counts distinct patients
    /// in reports without storing the number.
    pub patient_key: String,
    pub mode: String,
    pub request_json: String,
    pub created_at: String,
}

/// Writes the lines of a dispense (numbered from 1) inside the caller's transaction: the one
/// way lines are written, for dispenses and paper records alike.
pub(super) fn insert_lines(
    tx: &rusqlite::Transaction<'_>,
    dispense_id: &str,
    lines: &[LineRow],
) -> Result<(), CounterError> {
    let mut stmt = tx.prepare(
        "INSERT INTO dispense_lines(dispense_id, line_no, item_id, product_id, inn,
             quantity, batch, expiry, marking_codes, trade_name, pack_size, unit,
             not_dispensed_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for (i, line) in lines.iter().enumerate() {
        stmt.execute(params![
            dispense_id,
            i as i64 + 1,
            line.item_id,
            line.product_id,
            line.inn,
            line.quantity,
            line.batch,
            line.expiry,
            serde_json::to_string(&line.marking_codes)?,
            line.trade_name,
            line.pack_size,
            line.unit,
            line.not_dispensed_reason
        ])?;
    }
    Ok(())
}

/// A stored dispense.
#[derive(Debug, Clone, PartialEq)]
pub struct DispenseRow {
    pub dispense_id: String,
    pub prescription_number: String,
    pub pharmacist_pinfl: String,
    pub pharmacy_id: String,
    pub mode: String,
    pub state: String,
    pub request_json: String,
    pub response_json: Option<String>,
    pub created_at: String,
    pub delivered_at: Option<String>,
    pub last_error: Option<String>,
    pub pharmacist_name: String,
    pub pharmacy_name: String,
    /// When it was withdrawn (a queued withdrawal counts from when it was asked).
    pub withdrawn_at: Option<String>,
    pub withdraw_reason: Option<String>,
}

/// A message waiting to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub dispense_id: Option<String>,
    pub payload: String,
    pub attempts: u32,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub created_at: String,
}

impl Store {
    /// Writes a dispense, its lines and its outbox row in one transaction. Returns the outbox id.
    pub fn insert_dispense(
        &self,
        dispense: &NewDispense,
        lines: &[LineRow],
        outbox_kind: &str,
    ) -> Result<i64, CounterError> {
        self.insert_dispense_gated(dispense, lines, outbox_kind, None, || {
            CounterError::storage(StorageProblem::Other, "the write was called off")
        })
    }

    /// [`Store::insert_dispense`] whose commit goes through `gate`: once the gate is closed the
    /// transaction is rolled back and `called_off()` returned, so nothing is written.
    pub fn insert_dispense_gated(
        &self,
        dispense: &NewDispense,
        lines: &[LineRow],
        outbox_kind: &str,
        gate: Option<&super::gate::CommitGate>,
        called_off: impl FnOnce() -> CounterError,
    ) -> Result<i64, CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO dispenses(dispense_id, prescription_number, pharmacist_pinfl, pharmacy_id,
                 mode, state, request_json, created_at, pharmacist_name, pharmacy_name, patient_key)
             VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7, ?8, ?9, ?10)",
            params![
                dispense.dispense_id,
                dispense.prescription_number,
                dispense.pharmacist_pinfl,
                dispense.pharmacy_id,
                dispense.mode,
                dispense.request_json,
                dispense.created_at,
                dispense.pharmacist_name,
                dispense.pharmacy_name,
                dispense.patient_key
            ],
        )?;
        insert_lines(&tx, &dispense.dispense_id, lines)?;
        tx.execute(
            "INSERT INTO outbox(kind, dispense_id, payload, attempts, next_attempt_at, created_at)
             VALUES (?1, ?2, ?3, 0, ?4, ?4)",
            params![
                outbox_kind,
                dispense.dispense_id,
                dispense.request_json,
                dispense.created_at
            ],
        )?;
        let id = tx.last_insert_rowid();
        match gate {
            None => tx.commit()?,
            Some(gate) => {
                gate.commit_with(&dispense.dispense_id, || Ok(tx.commit()?), called_off)?
            }
        }
        Ok(id)
    }

    /// Marks a dispense delivered (with the central answer and the mode it reached the central
    /// system in) and removes its outbox rows, in one transaction.
    pub fn mark_delivered(
        &self,
        dispense_id: &str,
        mode: &str,
        response_json: &str,
        delivered_at: &str,
    ) -> Result<(), CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE dispenses SET state = 'delivered', mode = ?2, response_json = ?3,
                 delivered_at = ?4, last_error = NULL
             WHERE dispense_id = ?1",
            params![dispense_id, mode, response_json, delivered_at],
        )?;
        // Its withdrawal, if one was asked meanwhile, stays queued behind it.
        tx.execute(
            "DELETE FROM outbox WHERE dispense_id = ?1 AND kind != 'withdraw'",
            [dispense_id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a dispense rejected with the error and removes its outbox rows, in one transaction.
    pub fn mark_rejected(&self, dispense_id: &str, error_json: &str) -> Result<(), CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE dispenses SET state = 'rejected', last_error = ?2 WHERE dispense_id = ?1",
            params![dispense_id, error_json],
        )?;
        tx.execute("DELETE FROM outbox WHERE dispense_id = ?1", [dispense_id])?;
        tx.commit()?;
        Ok(())
    }

    /// Records a failed send attempt of an outbox row (and the error on its dispense).
    pub fn record_attempt_failure(
        &self,
        outbox_id: i64,
        error: &str,
        next_attempt_at: &str,
    ) -> Result<(), CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3
             WHERE id = ?1",
            params![outbox_id, error, next_attempt_at],
        )?;
        tx.execute(
            "UPDATE dispenses SET last_error = ?2
             WHERE dispense_id = (SELECT dispense_id FROM outbox WHERE id = ?1)",
            params![outbox_id, error],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every outbox row, in the order they were written.
    pub fn outbox(&self) -> Result<Vec<OutboxRow>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(&format!("{OUTBOX_SELECT} ORDER BY id"))?;
        let rows = stmt.query_map([], outbox_row_of)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// One outbox row.
    pub fn outbox_row(&self, id: i64) -> Result<Option<OutboxRow>, CounterError> {
        Ok(self
            .conn()?
            .query_row(
                &format!("{OUTBOX_SELECT} WHERE id = ?1"),
                [id],
                outbox_row_of,
            )
            .optional()?)
    }

    /// One dispense.
    pub fn dispense(&self, dispense_id: &str) -> Result<Option<DispenseRow>, CounterError> {
        Ok(self
            .conn()?
            .query_row(
                &format!("{DISPENSE_COLUMNS} WHERE dispense_id = ?1"),
                [dispense_id],
                dispense_row,
            )
            .optional()?)
    }

    /// The dispenses of one prescription, oldest first.
    pub fn dispenses_of(
        &self,
        prescription_number: &str,
    ) -> Result<Vec<DispenseRow>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(&format!(
            "{DISPENSE_COLUMNS} WHERE prescription_number = ?1 ORDER BY created_at, rowid"
        ))?;
        let rows = stmt.query_map([prescription_number], dispense_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The lines of one dispense, in order.
    pub fn dispense_lines(&self, dispense_id: &str) -> Result<Vec<LineRow>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT item_id, product_id, inn, quantity, batch, expiry, marking_codes,
                    trade_name, pack_size, unit, not_dispensed_reason
             FROM dispense_lines WHERE dispense_id = ?1 ORDER BY line_no",
        )?;
        let rows = stmt.query_map([dispense_id], |r| {
            Ok((
                LineRow {
                    item_id: r.get(0)?,
                    product_id: r.get(1)?,
                    inn: r.get(2)?,
                    trade_name: r.get(7)?,
                    pack_size: r.get(8)?,
                    unit: r.get(9)?,
                    quantity: r.get(3)?,
                    batch: r.get(4)?,
                    expiry: r.get(5)?,
                    marking_codes: Vec::new(),
                    not_dispensed_reason: r.get(10)?,
                },
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut line, codes) = row?;
            line.marking_codes = serde_json::from_str(&codes)?;
            out.push(line);
        }
        Ok(out)
    }
}

const DISPENSE_COLUMNS: &str = "SELECT dispense_id, prescription_number, pharmacist_pinfl,
    pharmacy_id, mode, state, request_json, response_json, created_at, delivered_at, last_error,
    pharmacist_name, pharmacy_name, withdrawn_at, withdraw_reason
    FROM dispenses";

fn dispense_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DispenseRow> {
    Ok(DispenseRow {
        dispense_id: r.get(0)?,
        prescription_number: r.get(1)?,
        pharmacist_pinfl: r.get(2)?,
        pharmacy_id: r.get(3)?,
        mode: r.get(4)?,
        state: r.get(5)?,
        request_json: r.get(6)?,
        response_json: r.get(7)?,
        created_at: r.get(8)?,
        delivered_at: r.get(9)?,
        last_error: r.get(10)?,
        pharmacist_name: r.get(11)?,
        pharmacy_name: r.get(12)?,
        withdrawn_at: r.get(13)?,
        withdraw_reason: r.get(14)?,
    })
}

const OUTBOX_SELECT: &str = "SELECT id, kind, dispense_id, payload, attempts, next_attempt_at,
    last_error, created_at FROM outbox";

fn outbox_row_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        dispense_id: r.get(2)?,
        payload: r.get(3)?,
        attempts: r.get(4)?,
        next_attempt_at: r.get(5)?,
        last_error: r.get(6)?,
        created_at: r.get(7)?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::*;

    fn new_dispense(id: &str, created_at: &str) -> NewDispense {
        NewDispense {
            dispense_id: id.into(),
            prescription_number: "7K3M9P2Q4R8X".into(),
            pharmacist_pinfl: "30211975910033".into(),
            pharmacist_name: "Karimova Dilnoza".into(),
            pharmacy_id: "PH-1".into(),
            pharmacy_name: "Dorixona №1".into(),
            patient_key: "k1".into(),
            mode: "online".into(),
            request_json: format!("{{\"dispense_id\":\"{id}\"}}"),
            created_at: created_at.into(),
        }
    }

    fn line() -> LineRow {
        LineRow {
            not_dispensed_reason: None,
            item_id: "i1".into(),
            product_id: "p1".into(),
            inn: "Amoxicillin".into(),
            trade_name: "Amoksiklav".into(),
            pack_size: 20,
            unit: "capsule".into(),
            quantity: 2,
            batch: Some("B1".into()),
            expiry: Some("2027-03-31".into()),
            marking_codes: vec!["0104600000000001215abc".into()],
        }
    }

    #[test]
    fn a_dispense_its_lines_and_its_outbox_row_are_written_together() {
        let (_dir, store) = temp_store();
        let id = store
            .insert_dispense(
                &new_dispense("d1", "2026-11-21T10:00:00Z"),
                &[line()],
                "dispense",
            )
            .unwrap();
        let row = store.dispense("d1").unwrap().unwrap();
        assert_eq!(row.state, "pending");
        assert_eq!(store.dispense_lines("d1").unwrap(), vec![line()]);
        let outbox = store.outbox().unwrap();
        assert_eq!(outbox.len(), 1);
        assert_eq!(outbox[0].id, id);
        assert_eq!(outbox[0].payload, row.request_json);
        assert_eq!(outbox[0].dispense_id.as_deref(), Some("d1"));
    }

    #[test]
    fn a_failed_insert_leaves_nothing_behind() {
        let (_dir, store) = temp_store();
        let mut bad = line();
        bad.quantity = 0; // violates the CHECK constraint after the dispense row was written
        assert!(store
            .insert_dispense(
                &new_dispense("d1", "2026-11-21T10:00:00Z"),
                &[bad],
                "dispense"
            )
            .is_err());
        assert!(store.dispense("d1").unwrap().is_none());
        assert!(store.outbox().unwrap().is_empty());
    }

    #[test]
    fn outbox_is_returned_in_creation_order() {
        let (_dir, store) = temp_store();
        // Written in this order, even though the wall clock went back in between.
        for (id, at) in [
            ("first", "2026-11-21T10:05:00.000000Z"),
            ("second", "2026-11-21T10:00:00.000000Z"),
            ("third", "2026-11-21T10:07:00.000000Z"),
            ("fourth", "2026-11-21T10:07:00.000000Z"),
        ] {
            store
                .insert_dispense(&new_dispense(id, at), &[line()], "dispense")
                .unwrap();
        }
        let order: Vec<String> = store
            .outbox()
            .unwrap()
            .into_iter()
            .filter_map(|r| r.dispense_id)
            .collect();
        assert_eq!(order, ["first", "second", "third", "fourth"]);
    }

    #[test]
    fn timestamps_have_a_fixed_width_so_text_order_is_time_order() {
        use time::macros::datetime;
        let whole = timestamp(datetime!(2026-11-21 10:00:00 UTC));
        let later = timestamp(datetime!(2026-11-21 10:00:00.1 UTC));
        let tashkent = timestamp(datetime!(2026-11-21 15:00:00.2 +5));
        assert_eq!(whole, "2026-11-21T10:00:00.000000Z");
        assert!(
            whole < later && later < tashkent,
            "{whole} {later} {tashkent}"
        );
    }

    #[test]
    fn delivery_and_rejection_remove_the_outbox_row() {
        let (_dir, store) = temp_store();
        let a = store
            .insert_dispense(
                &new_dispense("a", "2026-11-21T10:00:00Z"),
                &[line()],
                "dispense",
            )
            .unwrap();
        store
            .insert_dispense(
                &new_dispense("b", "2026-11-21T10:01:00Z"),
                &[line()],
                "dispense",
            )
            .unwrap();
        store
            .record_attempt_failure(a, "NETWORK_UNAVAILABLE", "2026-11-21T10:00:30Z")
            .unwrap();
        let row = store.outbox_row(a).unwrap().unwrap();
        assert_eq!(row.attempts, 1);
        assert_eq!(row.last_error.as_deref(), Some("NETWORK_UNAVAILABLE"));
        store
            .mark_delivered("a", "offline_retry", "{}", "2026-11-21T10:02:00Z")
            .unwrap();
        store.mark_rejected("b", "{\"code\":\"EXPIRED\"}").unwrap();
        assert!(store.outbox().unwrap().is_empty());
        let a = store.dispense("a").unwrap().unwrap();
        assert_eq!(
            (a.state.as_str(), a.mode.as_str()),
            ("delivered", "offline_retry")
        );
        assert_eq!(a.last_error, None);
        let b = store.dispense("b").unwrap().unwrap();
        assert_eq!(b.state, "rejected");
        assert!(b.last_error.unwrap().contains("EXPIRED"));
    }

    #[test]
    fn bodies_queued_before_name_their_dispensing_pharmacist_after_the_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("counter.sqlite");
        {
            let store = Store::open(&path).unwrap();
            store
                .insert_dispense(
                    &new_dispense("d-old", "2026-11-20T05:00:00.000000Z"),
                    &[line()],
                    "dispense",
                )
                .unwrap();
            let conn = store.conn().unwrap();
            conn.execute_batch(
                "UPDATE schema_version SET version = 3;
                 DROP TABLE audit_log;
                 UPDATE dispenses SET request_json = '{\"dispense_id\":\"d-old\"}';
                 UPDATE outbox SET payload = '{\"dispense_id\":\"d-old\"}';",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let row = store.outbox().unwrap().pop().unwrap();
        let body: serde_json::Value = serde_json::from_str(&row.payload).unwrap();
        assert_eq!(body["pharmacist_pinfl"], "30211975910033");
        assert_eq!(body["dispense_id"], "d-old");
        let d = store.dispense("d-old").unwrap().unwrap();
        let req: serde_json::Value = serde_json::from_str(&d.request_json).unwrap();
        assert_eq!(req["pharmacist_pinfl"], "30211975910033");
    }
}
