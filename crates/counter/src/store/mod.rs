//! The local SQLite database: opening it, its versioned migrations, and (one file per group of
//! tables) the SQL for every table. No rules live here: callers decide what to write and when;
//! these modules only read and write rows.
//!
//! The database runs in WAL mode with a busy timeout. Migrations are an ordered list; each one
//! runs in its own transaction together with the bump of `schema_version`, so a crash leaves the
//! database at a known version. A database written by a newer version of the app is refused.

mod archive;
pub(crate) mod audit;
mod catalog;
mod checks;
pub mod cipher;
mod dispenses;
pub mod gate;
mod kv;
mod outage;
mod packs;
mod prescriptions;
pub mod reports;
mod schema;
mod verifiers;
mod withdrawals;

pub use archive::ArchivePlan;
pub use audit::AuditFilter;
pub use catalog::CatalogRow;
pub use dispenses::{DispenseRow, LineRow, NewDispense, OutboxRow};
pub use kv::LEGACY_PATIENT_SALT;
pub use outage::{
    ConflictRow, NewConflict, OutboxEntry, OutboxSummary, PaperRecordRow, PaperRow, PendingItem,
};
use schema::MIGRATIONS;
pub use verifiers::VerifierRow;

use crate::error::{CounterError, StorageProblem};
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How long a write waits for another writer before failing as "locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The stored form of a timestamp: RFC 3339 in UTC with exactly six fraction digits, so that
/// text order is time order.
pub fn timestamp(t: time::OffsetDateTime) -> String {
    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(FORMAT)
        .unwrap_or_default()
}

/// The schema version this build knows.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The local database.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    /// The salt of the keyed patient hash, when the owner keeps it outside the database.
    patient_salt: std::sync::OnceLock<crate::secrets::Sensitive<String>>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, CounterError> {
        Self::open_keyed(path, None)
    }

    /// Opens the database at `path` encrypted under `key` (the app always gives one; `None`
    /// only for tools and tests): a plain database of an earlier version is encrypted first,
    /// once ([`cipher`]). Deleted content is overwritten (`secure_delete`) and temporary tables
    /// stay in memory, so no patient data reaches the disk in the clear.
    pub fn open_keyed(path: &Path, key: Option<&cipher::DbKey>) -> Result<Store, CounterError> {
        if let Some(key) = key {
            cipher::recover(path, key)?;
            if cipher::is_plaintext(path)? {
                tracing::info!("encrypting the local database of an earlier version");
                cipher::encrypt_file(path, key, None)?;
            }
        }
        let mut conn = Connection::open(path)?;
        if let Some(key) = key {
            cipher::key_connection(&conn, key)?;
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
            patient_salt: std::sync::OnceLock::new(),
        })
    }

    /// The connection, for the crate's own whole-database work (backups and restores copy and
    /// merge databases in SQL, `crate::backup`).
    pub(crate) fn conn(&self) -> Result<MutexGuard<'_, Connection>, CounterError> {
        self.conn.lock().map_err(|_| {
            CounterError::storage(
                StorageProblem::Other,
                "an earlier database operation failed midway",
            )
        })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32, CounterError> {
        let conn = self.conn()?;
        current_version(&conn)
    }

    /// Re-runs the migrations (a no-op when the schema is current).
    pub fn migrate(&self) -> Result<u32, CounterError> {
        let mut conn = self.conn()?;
        migrate(&mut conn)
    }
}

fn current_version(conn: &Connection) -> Result<u32, CounterError> {
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
        [],
    )?;
    let v: Option<i64> = conn
        .query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(v.unwrap_or(0).max(0) as u32)
}

/// Brings the schema to [`SCHEMA_VERSION`]; refuses a database from a newer app.
fn migrate(conn: &mut Connection) -> Result<u32, CounterError> {
    let mut version = current_version(conn)?;
    if version > SCHEMA_VERSION {
        return Err(CounterError::storage(
            StorageProblem::TooNew,
            format!(
                "the database has schema version {version}; this version of Dorixona knows up to {SCHEMA_VERSION}"
            ),
        ));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let target = i as u32 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute("DELETE FROM schema_version", [])?;
        tx.execute("INSERT INTO schema_version(version) VALUES (?1)", [target])?;
        tx.commit()?;
        version = target;
    }
    Ok(version)
}

/// A fresh store in a temporary folder, for the tests of the store's modules.
#[cfg(test)]
pub(crate) fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("counter.sqlite")).unwrap();
    (dir, store)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::ErrorCode;

    #[test]
    fn a_new_database_is_at_the_latest_version_and_in_wal_mode() {
        let (_dir, store) = temp_store();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let mode: String = store
            .conn()
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("counter.sqlite");
        let store = Store::open(&path).unwrap();
        store.set_settings(&[("language", Some("en"))]).unwrap();
        assert_eq!(store.migrate().unwrap(), SCHEMA_VERSION);
        drop(store);
        let again = Store::open(&path).unwrap();
        assert_eq!(again.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(again.setting("language").unwrap().as_deref(), Some("en"));
        let rows: i64 = again
            .conn()
            .unwrap()
            .query_row("SELECT COUNT(*) FROM schema_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[test]
    fn a_newer_database_is_refused_with_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("counter.sqlite");
        drop(Store::open(&path).unwrap());
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute(
                "UPDATE schema_version SET version = ?1",
                [SCHEMA_VERSION + 1],
            )
            .unwrap();
        }
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.code(), ErrorCode::StorageError);
        assert_eq!(err.details()["problem"], "too_new");
        assert!(
            err.to_string().contains("newer version of Dorixona"),
            "{err}"
        );
    }
}
