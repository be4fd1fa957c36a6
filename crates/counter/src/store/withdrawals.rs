//! Withdrawals of dispenses in the `dispenses` and `outbox` tables: marking a dispense withdrawn,
//! queueing its withdrawal behind it when it cannot be sent now, and settling the queued one.

use rusqlite::params;

use super::outage::insert_conflict;
use super::{NewConflict, Store};
use crate::error::CounterError;

impl Store {
    /// Marks `dispense_id` withdrawn at `at` for `reason`; false when this counter does not
    /// hold it (it was made at another counter of the pharmacy).
    pub fn mark_withdrawn(
        &self,
        dispense_id: &str,
        at: &str,
        reason: &str,
    ) -> Result<bool, CounterError> {
        let n = self.conn()?.execute(
            "UPDATE dispenses SET withdrawn_at = ?2, withdraw_reason = ?3 WHERE dispense_id = ?1",
            params![dispense_id, at, reason],
        )?;
        Ok(n > 0)
    }

    /// Marks `dispense_id` withdrawn (when held here) and queues its withdrawal (kind
    /// `withdraw`, carrying `payload`) behind it, in one transaction. Returns the outbox id.
    pub fn queue_withdrawal(
        &self,
        dispense_id: &str,
        payload: &str,
        at: &str,
        reason: &str,
    ) -> Result<i64, CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE dispenses SET withdrawn_at = ?2, withdraw_reason = ?3 WHERE dispense_id = ?1",
            params![dispense_id, at, reason],
        )?;
        tx.execute(
            "INSERT INTO outbox(kind, dispense_id, payload, attempts, next_attempt_at, created_at)
             VALUES ('withdraw', ?1, ?2, 0, ?3, ?3)",
            params![dispense_id, payload, at],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    /// A queued withdrawal reached the central system: its outbox row goes.
    pub fn withdrawal_sent(&self, outbox_id: i64) -> Result<(), CounterError> {
        self.conn()?.execute(
            "DELETE FROM outbox WHERE id = ?1 AND kind = 'withdraw'",
            [outbox_id],
        )?;
        Ok(())
    }

    /// A queued withdrawal was refused: its row goes, the dispense counts again, and
    /// `conflict` opens in the manager's queue, in one transaction.
    pub fn withdrawal_refused(
        &self,
        outbox_id: i64,
        dispense_id: &str,
        conflict: &NewConflict,
    ) -> Result<i64, CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "DELETE FROM outbox WHERE id = ?1 AND kind = 'withdraw'",
            [outbox_id],
        )?;
        tx.execute(
            "UPDATE dispenses SET withdrawn_at = NULL, withdraw_reason = NULL
             WHERE dispense_id = ?1",
            [dispense_id],
        )?;
        let id = insert_conflict(&tx, conflict)?;
        tx.commit()?;
        Ok(id)
    }

    /// Whether a withdrawal of `dispense_id` waits in the outbox.
    pub fn withdrawal_queued(&self, dispense_id: &str) -> Result<bool, CounterError> {
        let n: i64 = self.conn()?.query_row(
            "SELECT COUNT(*) FROM outbox WHERE dispense_id = ?1 AND kind = 'withdraw'",
            [dispense_id],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }
}
