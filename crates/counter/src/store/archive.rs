//! Moving old records into an archive database: dispenses (with their lines, paper records and
//! conflicts) and audit rows written before a cutoff are copied into the archive file in one
//! transaction, and removed from the live database in a second one, after the caller has kept
//! whatever must survive the removal (the audit chain's new anchor). A stop between the two
//! leaves the rows in both; the next run copies them again (replacing) and removes them.
//! Dispenses still waiting in the outbox are never archived.

use super::cipher::DbKey;
use super::Store;
use crate::error::CounterError;
use rusqlite::params;
use std::path::Path;

/// What was copied, and how to remove it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArchivePlan {
    /// Dispenses copied (with their lines, paper records and conflicts).
    pub dispenses: usize,
    /// Audit rows copied: every row before `audit_first_kept`.
    pub audit_rows: usize,
    /// The first audit row that stays, and the hash of the row before it, when rows go.
    pub audit_first_kept: Option<(i64, String)>,
}

/// The tables copied, each with the condition that picks its rows (given the temporary
/// `archiving` table of dispense ids).
const COPIES: [(&str, &str); 4] = [
    ("dispenses", "dispense_id IN (SELECT id FROM archiving)"),
    ("dispense_lines", "dispense_id IN (SELECT id FROM archiving)"),
    ("paper_records", "dispense_id IN (SELECT id FROM archiving)"),
    (
        "conflicts",
        "dispense_id IN (SELECT id FROM archiving) OR record_id IN
             (SELECT record_id FROM main.paper_records WHERE dispense_id IN (SELECT id FROM archiving))",
    ),
];

fn column_names(
    conn: &rusqlite::Connection,
    schema: &str,
    table: &str,
) -> rusqlite::Result<Vec<String>> {
    conn.prepare(&format!(
        "SELECT name FROM pragma_table_info('{table}', '{schema}')"
    ))?
    .query_map([], |r| r.get(0))?
    .collect()
}

/// Gives the archive's copy of `table` every column the live one has (an archive file begun
/// before an upgrade that added columns), and returns the live columns as a list for SQL.
fn same_columns(conn: &rusqlite::Connection, table: &str) -> rusqlite::Result<String> {
    let live = column_names(conn, "main", table)?;
    let archived = column_names(conn, "archive", table)?;
    for column in live.iter().filter(|c| !archived.contains(c)) {
        conn.execute_batch(&format!(
            "ALTER TABLE archive.{table} ADD COLUMN \"{column}\";"
        ))?;
    }
    Ok(live
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", "))
}

impl Store {
    /// Copies what was written before `cutoff` (stored form) into the archive database at
    /// `archive` (made with `key` when new). Nothing is removed yet: see
    /// [`Store::remove_archived`].
    pub fn copy_to_archive(
        &self,
        cutoff: &str,
        archive: &Path,
        key: Option<&DbKey>,
    ) -> Result<ArchivePlan, CounterError> {
        let mut conn = self.conn()?;
        let path = archive.to_string_lossy().replace('\'', "''");
        let attach = match key {
            Some(k) => format!(
                "ATTACH DATABASE '{path}' AS archive KEY {}",
                k.sql_literal().expose()
            ),
            None => format!("ATTACH DATABASE '{path}' AS archive"),
        };
        conn.execute_batch(&attach)?;
        let result = (|| -> Result<ArchivePlan, CounterError> {
            let tx = conn.transaction()?;
            tx.execute_batch(
                "DROP TABLE IF EXISTS temp.archiving;
                 CREATE TEMP TABLE archiving (id TEXT PRIMARY KEY);",
            )?;
            let dispenses = tx.execute(
                "INSERT INTO temp.archiving(id)
                 SELECT dispense_id FROM main.dispenses
                  WHERE created_at < ?1 AND state != 'pending'
                    AND dispense_id NOT IN (SELECT dispense_id FROM main.outbox WHERE dispense_id IS NOT NULL)",
                [cutoff],
            )?;
            // The newest audit row always stays: the chain goes on from it.
            let audit = (
                "audit_log",
                "seq IN (SELECT seq FROM main.audit_log WHERE at < ?1
                          AND seq < (SELECT max(seq) FROM main.audit_log))",
            );
            for (table, which) in COPIES.iter().chain(std::iter::once(&audit)) {
                tx.execute_batch(&format!(
                    "CREATE TABLE IF NOT EXISTS archive.{table} AS SELECT * FROM main.{table} WHERE 0;"
                ))?;
                let columns = same_columns(&tx, table)?;
                let args: &[&dyn rusqlite::ToSql] = if which.contains("?1") {
                    &[&cutoff]
                } else {
                    &[]
                };
                // Rows a stopped run copied already are replaced, so the archive holds each once;
                // only rows still in the live database are touched.
                tx.execute(&format!("DELETE FROM archive.{table} WHERE {which}"), args)?;
                tx.execute(
                    &format!(
                        "INSERT INTO archive.{table} ({columns}) SELECT {columns} FROM main.{table} WHERE {which}"
                    ),
                    args,
                )?;
            }
            let audit_rows: i64 = tx.query_row(
                &format!("SELECT count(*) FROM main.audit_log WHERE {}", audit.1),
                [cutoff],
                |r| r.get(0),
            )?;
            let audit_first_kept = if audit_rows > 0 {
                Some(tx.query_row(
                    &format!(
                        "SELECT k.seq, p.hash FROM main.audit_log k JOIN main.audit_log p ON p.seq = k.seq - 1
                          WHERE k.seq NOT IN (SELECT seq FROM main.audit_log WHERE {})
                          ORDER BY k.seq LIMIT 1",
                        audit.1
                    ),
                    [cutoff],
                    |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
                )?)
            } else {
                None
            };
            tx.commit()?;
            Ok(ArchivePlan {
                dispenses,
                audit_rows: audit_rows as usize,
                audit_first_kept,
            })
        })();
        let detached = conn.execute_batch("DETACH DATABASE archive");
        let plan = result?;
        detached?;
        Ok(plan)
    }

    /// Removes from the live database what [`Store::copy_to_archive`] copied, in one
    /// transaction (deleted content is overwritten: `secure_delete`).
    pub fn remove_archived(&self, plan: &ArchivePlan) -> Result<(), CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        for (table, which) in COPIES.iter().rev() {
            tx.execute(&format!("DELETE FROM main.{table} WHERE {which}"), [])?;
        }
        if let Some((first, _)) = &plan.audit_first_kept {
            tx.execute("DELETE FROM main.audit_log WHERE seq < ?1", params![first])?;
        }
        tx.execute_batch("DROP TABLE IF EXISTS temp.archiving;")?;
        tx.commit()?;
        Ok(())
    }
}
