//! The copy inside a backup: the live database exported (`sqlcipher_export`) under the file's
//! key into a staging file beside it, inside one read transaction, so the copy is one moment of
//! the database while the app keeps working (WAL: its writes go on meanwhile and are simply not
//! in this copy). The copy also gets a `backup_meta` table with what lives outside the database
//! and a restore needs: the salt of the keyed patient hash and where the audit chain starts.
//! The staging file is encrypted like the copy; it is removed once the backup is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::CounterError;
use crate::store::cipher::DbKey;
use crate::store::Store;

/// The table of the copy that holds what a restore needs from outside the database.
pub const META_TABLE: &str = "backup_meta";
/// `backup_meta` key: the salt of the keyed patient hash.
pub const META_PATIENT_SALT: &str = "patient_salt";
/// `backup_meta` key: where the kept audit chain starts (`seq:prev_hash`), when rows were
/// archived.
pub const META_AUDIT_ANCHOR: &str = "audit_anchor";

/// The tables whose rows the manifest counts.
pub const COUNTED: [&str; 9] = [
    "dispenses",
    "dispense_lines",
    "paper_records",
    "conflicts",
    "outbox",
    "audit_log",
    "staff_verifiers",
    "prescriptions",
    "catalog_products",
];

/// What the copy holds, for the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub pharmacy_id: Option<String>,
    pub schema_version: u32,
    pub rows: BTreeMap<String, i64>,
}

/// The staging file of `data_dir`'s backups.
pub fn staging_path(data_dir: &Path) -> PathBuf {
    data_dir.join(format!("{}.backup-staging", crate::DB_FILE))
}

/// Removes a database file and its side files, if there.
pub fn remove_db_files(path: &Path) {
    for side in ["", "-journal", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(side);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// `s` as an SQL string literal.
pub(crate) fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Attaches the database at `path` to `conn` as `schema`, keyed with `key`.
pub(crate) fn attach(
    conn: &Connection,
    path: &Path,
    schema: &str,
    key: &DbKey,
) -> Result<(), CounterError> {
    conn.execute_batch(&format!(
        "ATTACH DATABASE {} AS {schema} KEY {};",
        quoted(&path.to_string_lossy()),
        key.sql_literal().expose()
    ))?;
    Ok(())
}

/// The pharmacy of the database `schema` of `conn`: the last one signed in there, else the
/// newest verifier's, else the newest dispense's (`None` for a counter nobody used yet).
pub fn pharmacy_of(conn: &Connection, schema: &str) -> Result<Option<String>, CounterError> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT v FROM (
                   SELECT value AS v, 0 AS o FROM {schema}.settings WHERE key = ?1
                   UNION ALL SELECT * FROM (SELECT pharmacy_id, 1 FROM {schema}.staff_verifiers
                                             ORDER BY made_at DESC LIMIT 1)
                   UNION ALL SELECT * FROM (SELECT pharmacy_id, 2 FROM {schema}.dispenses
                                             ORDER BY created_at DESC LIMIT 1))
                 WHERE v != '' ORDER BY o LIMIT 1"
            ),
            [crate::KEY_LAST_PHARMACY],
            |r| r.get(0),
        )
        .optional()?)
}

/// Rows per counted table of the database `schema` of `conn`.
pub fn row_counts(conn: &Connection, schema: &str) -> Result<BTreeMap<String, i64>, CounterError> {
    let mut rows = BTreeMap::new();
    for table in COUNTED {
        let n: i64 =
            conn.query_row(&format!("SELECT count(*) FROM {schema}.{table}"), [], |r| {
                r.get(0)
            })?;
        rows.insert(table.to_owned(), n);
    }
    Ok(rows)
}

/// A value of the `backup_meta` table of the database `schema` of `conn`.
pub fn meta(conn: &Connection, schema: &str, key: &str) -> Result<Option<String>, CounterError> {
    Ok(conn
        .query_row(
            &format!("SELECT value FROM {schema}.{META_TABLE} WHERE key = ?1"),
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

/// Copies the live `store` into `staging` (made anew) under `key`, with `meta` in its
/// `backup_meta` table; returns what the copy holds. One read transaction: one moment.
pub fn copy(
    store: &Store,
    staging: &Path,
    key: &DbKey,
    meta: &[(&str, &str)],
) -> Result<Facts, CounterError> {
    remove_db_files(staging);
    let conn = store.conn()?;
    attach(&conn, staging, "backup", key)?;
    let copied = (|| -> Result<Facts, CounterError> {
        conn.execute_batch("BEGIN")?;
        // The first read fixes the moment every table is copied at.
        conn.query_row("SELECT count(*) FROM main.sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        conn.query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))?;
        conn.execute_batch(&format!(
            "CREATE TABLE backup.{META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        ))?;
        for (k, v) in meta {
            conn.execute(
                &format!("INSERT INTO backup.{META_TABLE}(key, value) VALUES (?1, ?2)"),
                params![k, v],
            )?;
        }
        let facts = Facts {
            pharmacy_id: pharmacy_of(&conn, "backup")?,
            schema_version: conn.query_row(
                "SELECT COALESCE(MAX(version), 0) FROM backup.schema_version",
                [],
                |r| r.get(0),
            )?,
            rows: row_counts(&conn, "backup")?,
        };
        conn.execute_batch("COMMIT")?;
        Ok(facts)
    })();
    if copied.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    let detached = conn.execute_batch("DETACH DATABASE backup");
    drop(conn);
    let facts = match (copied, detached) {
        (Ok(f), Ok(())) => f,
        (Err(e), _) => {
            remove_db_files(staging);
            return Err(e);
        }
        (Ok(_), Err(e)) => {
            remove_db_files(staging);
            return Err(e.into());
        }
    };
    std::fs::File::open(staging)
        .and_then(|f| f.sync_all())
        .map_err(|e| super::io_error("cannot flush", staging, e))?;
    Ok(facts)
}
