//! The audit trail across a restore. The chain's head (length, last hash) and its anchor are
//! kept outside the database, so the restored database must carry a chain that the kept values
//! describe once the restore is done, and `dorixona audit verify` must pass:
//!
//! - **Continued** — the current chain is intact and goes on from the backup's (the backup's
//!   last row is the current chain's row of that number, or was archived since): the audit
//!   trail is never rolled back by a restore. The restored database takes the current chain
//!   whole; the kept anchor stays.
//! - **From the backup** — there is no current chain to continue (a replacement PC, a database
//!   that cannot be read), it is broken, or it is another chain: the restored database keeps the
//!   backup's chain (sealed in the backup, checked here against its own last row), its anchor is
//!   kept, and the current chain's head is named in the restore's row; the old rows stay in the
//!   database kept aside (`counter.sqlite.before-restore-…`).
//!
//! Either way the restore itself is the last row, and the new head is kept when the restored
//! database is in place ([`super::swap`]).

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::audit::chain::{Anchor, Break, Head, Link, Verifier, GENESIS};
use crate::error::CounterError;

/// Which chain a restored database carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TrailKind {
    /// The current chain, which goes on from the backup's.
    Continued,
    /// The backup's own chain.
    FromBackup,
}

/// The last row (`seq`, `hash`) of the chain of `schema`.
pub fn last_row(conn: &Connection, schema: &str) -> Result<Option<(i64, String)>, CounterError> {
    Ok(conn
        .query_row(
            &format!("SELECT seq, hash FROM {schema}.audit_log ORDER BY seq DESC LIMIT 1"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The hash of row `seq` of the chain of `schema`, when there is one.
pub fn hash_at(conn: &Connection, schema: &str, seq: i64) -> Result<Option<String>, CounterError> {
    Ok(conn
        .query_row(
            &format!("SELECT hash FROM {schema}.audit_log WHERE seq = ?1"),
            [seq],
            |r| r.get(0),
        )
        .optional()?)
}

/// Whether the chain of `main` (intact, starting at `anchor`) goes on from the chain of
/// `restored`.
pub fn continues(conn: &Connection, current_anchor: Option<&Anchor>) -> Result<bool, CounterError> {
    let Some((seq, hash)) = last_row(conn, "restored")? else {
        return Ok(true); // an empty chain is the start of every chain
    };
    if hash_at(conn, "main", seq)?.as_deref() == Some(hash.as_str()) {
        return Ok(true);
    }
    Ok(match current_anchor {
        // The rows up to the backup's last were archived from the current chain since.
        Some(a) if a.seq - 1 > seq => true,
        Some(a) if a.seq - 1 == seq => a.prev_hash == hash,
        _ => false,
    })
}

/// Gives `restored` the current chain of `main`, whole.
pub fn take_current(conn: &Connection) -> Result<(), CounterError> {
    conn.execute_batch(
        "DELETE FROM restored.audit_log;
         INSERT INTO restored.audit_log (seq, at, actor, action, subject, details, prev_hash, hash)
              SELECT seq, at, actor, action, subject, details, prev_hash, hash
                FROM main.audit_log ORDER BY seq;",
    )?;
    Ok(())
}

/// Walks the chain of `schema` against `head` from `anchor`: its row count, or the first break.
pub fn check(
    conn: &Connection,
    schema: &str,
    head: &Head,
    anchor: Option<&Anchor>,
) -> Result<Result<i64, Break>, CounterError> {
    let mut verifier = Verifier::from_anchor(Some(head.clone()), anchor.cloned());
    let mut stmt = conn.prepare(&format!(
        "SELECT seq, at, actor, action, subject, details, prev_hash, hash
           FROM {schema}.audit_log ORDER BY seq"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let link = Link {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            subject: r.get(4)?,
            details: r.get(5)?,
            prev_hash: r.get(6)?,
            hash: r.get(7)?,
        };
        if let Err(b) = verifier.check(&link) {
            return Ok(Err(b));
        }
    }
    Ok(verifier.finish())
}

/// The anchor that describes "no rows archived": the chain starts at row 1.
pub fn no_anchor() -> Anchor {
    Anchor {
        seq: 1,
        prev_hash: GENESIS.to_owned(),
    }
}
