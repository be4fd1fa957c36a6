//! What `dorixona doctor` asks of the database itself: whether SQLite finds it whole, and when
//! the catalogue was last brought up to date.

use super::Store;
use crate::error::CounterError;
use rusqlite::OptionalExtension;

impl Store {
    /// `PRAGMA integrity_check`: `Ok(vec![])` when the database is whole, else the first
    /// problems SQLite names (at most 10).
    pub fn integrity_problems(&self) -> Result<Vec<String>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare("PRAGMA integrity_check(10)")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut problems = Vec::new();
        for row in rows {
            let line = row?;
            if line != "ok" {
                problems.push(line);
            }
        }
        Ok(problems)
    }

    /// When the local catalogue was last synced (RFC 3339), `None` if never.
    pub fn catalog_synced_at(&self) -> Result<Option<String>, CounterError> {
        Ok(self
            .conn()?
            .query_row("SELECT synced_at FROM catalog_meta WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?)
    }
}
