//! The `audit_log` table: appending a row to the hash chain (one transaction that reads the last
//! row and writes the next), walking the chain in order, and reading rows for the manager's
//! screen and the inspector's export.

use super::Store;
use crate::audit::chain::{Link, GENESIS};
use crate::error::CounterError;
use rusqlite::{params, OptionalExtension, TransactionBehavior};

/// What to read from the log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// From this moment (stored form), inclusive.
    pub from: Option<String>,
    /// Before this moment (stored form), exclusive.
    pub to: Option<String>,
    /// Only this action.
    pub action: Option<String>,
    /// Only rows whose actor contains this text.
    pub actor: Option<String>,
    /// At most this many rows, newest first (0: all, oldest first).
    pub limit: u32,
}

fn link_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Link> {
    Ok(Link {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        subject: r.get(4)?,
        details: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}

const COLUMNS: &str = "seq, at, actor, action, subject, details, prev_hash, hash";

/// Appends the next row to the chain of `schema` (`main`, or an attached database such as a
/// backup's) on `conn`, inside the caller's transaction; returns it.
pub(crate) fn append_link(
    conn: &rusqlite::Connection,
    schema: &str,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    details: &str,
) -> Result<Link, CounterError> {
    let (seq, prev) = conn
        .query_row(
            &format!("SELECT seq, hash FROM {schema}.audit_log ORDER BY seq DESC LIMIT 1"),
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
        .unwrap_or((0, GENESIS.to_owned()));
    let link = Link::next(seq, &prev, at, actor, action, subject, details);
    conn.execute(
        &format!(
            "INSERT INTO {schema}.audit_log({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ),
        params![
            link.seq,
            link.at,
            link.actor,
            link.action,
            link.subject,
            link.details,
            link.prev_hash,
            link.hash
        ],
    )?;
    Ok(link)
}

impl Store {
    /// Appends the next row of the chain; returns it.
    pub fn append_audit(
        &self,
        at: &str,
        actor: &str,
        action: &str,
        subject: &str,
        details: &str,
    ) -> Result<Link, CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let link = append_link(&tx, "main", at, actor, action, subject, details)?;
        tx.commit()?;
        Ok(link)
    }

    /// Calls `each` with every row in the order it is stored (by `seq`), stopping at its first
    /// error.
    pub fn walk_audit<E: From<CounterError>>(
        &self,
        mut each: impl FnMut(&Link) -> Result<(), E>,
    ) -> Result<(), E> {
        let conn = self.conn()?;
        let mut stmt = conn
            .prepare(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY seq"))
            .map_err(CounterError::from)?;
        let mut rows = stmt.query([]).map_err(CounterError::from)?;
        while let Some(row) = rows.next().map_err(CounterError::from)? {
            each(&link_of(row).map_err(CounterError::from)?)?;
        }
        Ok(())
    }

    /// Rows matching `filter`.
    pub fn audit_rows(&self, filter: &AuditFilter) -> Result<Vec<Link>, CounterError> {
        let mut sql = format!("SELECT {COLUMNS} FROM audit_log WHERE 1 = 1");
        let mut args: Vec<String> = Vec::new();
        if let Some(from) = &filter.from {
            args.push(from.clone());
            sql.push_str(&format!(" AND at >= ?{}", args.len()));
        }
        if let Some(to) = &filter.to {
            args.push(to.clone());
            sql.push_str(&format!(" AND at < ?{}", args.len()));
        }
        if let Some(action) = &filter.action {
            args.push(action.clone());
            sql.push_str(&format!(" AND action = ?{}", args.len()));
        }
        if let Some(actor) = &filter.actor {
            args.push(format!("%{}%", actor.replace(['%', '_'], "")));
            sql.push_str(&format!(" AND actor LIKE ?{}", args.len()));
        }
        if filter.limit > 0 {
            sql.push_str(&format!(" ORDER BY seq DESC LIMIT {}", filter.limit));
        } else {
            sql.push_str(" ORDER BY seq");
        }
        let conn = self.conn()?;
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), link_of)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// How many rows the log holds.
    pub fn audit_len(&self) -> Result<i64, CounterError> {
        Ok(self
            .conn()?
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
    }
}
