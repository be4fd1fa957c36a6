//! SQLite access: opening and migrating the database, and a small pool (one writer, a few
//! readers, WAL) whose connections are used from blocking tasks so request handlers never
//! block the async runtime.

mod migrate;

use crate::api_error::{ApiError, ApiResult};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

const SCHEMA: &str = include_str!("schema.sql");
const READERS: usize = 4;

/// Opens (creating if needed) the database at `path` and brings its schema up to date
/// (migrating one written by an earlier sandbox, see [`migrate`]).
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate::run(&mut conn)?;
    conn.execute_batch(SCHEMA)?;
    // The key of the pseudonymous patient references of managers' reports, made once.
    conn.execute_batch(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('patient_ref_key', hex(randomblob(32)));",
    )?;
    // The key of the FHIR face's opaque ids, made once; patients stored before it get theirs.
    crate::store::fhir_ids::ensure_key(&conn)?;
    crate::store::fhir_ids::fill_missing(&conn)?;
    migrate::stamp(&conn)?;
    Ok(conn)
}

/// Opens an existing database without creating it.
pub fn open_existing(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// One writer connection and a few reader connections onto the same WAL database.
pub struct Db {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

impl Db {
    /// Opens the pool on an already migrated database.
    pub fn new(path: &Path, writer: Connection) -> rusqlite::Result<Self> {
        let readers = (0..READERS)
            .map(|_| open_existing(path).map(Mutex::new))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Self {
            writer: Mutex::new(writer),
            readers,
            next: AtomicUsize::new(0),
        })
    }

    /// Runs `f` on a reader connection in a blocking task.
    pub async fn read<R, F>(self: &Arc<Self>, f: F) -> ApiResult<R>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> ApiResult<R> + Send + 'static,
    {
        let db = Arc::clone(self);
        run_blocking(move || {
            let i = db.next.fetch_add(1, Ordering::Relaxed) % db.readers.len().max(1);
            let slot = db.readers.get(i).unwrap_or(&db.writer);
            let conn = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&conn)
        })
        .await
    }

    /// Runs `f` inside one write transaction in a blocking task; commits when it returns `Ok`.
    pub async fn write<R, F>(self: &Arc<Self>, f: F) -> ApiResult<R>
    where
        R: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> ApiResult<R> + Send + 'static,
    {
        let db = Arc::clone(self);
        run_blocking(move || {
            let mut conn = db
                .writer
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })
        .await
    }
}

async fn run_blocking<R, F>(f: F) -> ApiResult<R>
where
    R: Send + 'static,
    F: FnOnce() -> ApiResult<R> + Send + 'static,
{
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|err| {
        tracing::error!(error = %err, "database task failed");
        Err(ApiError::internal("database task failed"))
    })
}

/// Reads one `meta` value.
pub fn meta(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

/// Writes one `meta` value.
pub fn set_meta(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn writes_are_seen_by_readers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite");
        let db = Arc::new(Db::new(&path, open(&path).unwrap()).unwrap());
        db.write(|tx| Ok(set_meta(tx, "k", "v")?)).await.unwrap();
        for _ in 0..READERS + 1 {
            let v = db.read(|c| Ok(meta(c, "k")?)).await.unwrap();
            assert_eq!(v.as_deref(), Some("v"));
        }
    }

    #[tokio::test]
    async fn a_failed_write_is_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite");
        let db = Arc::new(Db::new(&path, open(&path).unwrap()).unwrap());
        let r: ApiResult<()> = db
            .write(|tx| {
                set_meta(tx, "k", "v")?;
                Err(ApiError::bad_request("no"))
            })
            .await;
        assert!(r.is_err());
        let v = db.read(|c| Ok(meta(c, "k")?)).await.unwrap();
        assert_eq!(v, None);
    }
}
