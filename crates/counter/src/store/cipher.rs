//! Encryption at rest (SQLCipher): keying a connection, and turning a plain database of an
//! earlier version into an encrypted one once, so that a crash at any point loses nothing.
//!
//! The plain file is exported into `<db>.encrypting` under the key, the copy is checked, then
//! the plain file is moved aside to `<db>.plain-old`, the copy takes its name, and the old file
//! is overwritten and removed. [`recover`] runs before every open and finishes or undoes
//! whatever a crash interrupted: a complete, checked copy is put in place; otherwise the plain
//! file is put back and encrypted again.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{CounterError, StorageProblem};
use crate::secrets::Sensitive;

/// A 256-bit database key.
pub struct DbKey(Sensitive<[u8; 32]>);

impl DbKey {
    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        DbKey(Sensitive::new(bytes))
    }

    /// A fresh random key.
    pub fn random() -> Self {
        Self::from_bytes(rand::random())
    }

    /// The key as 64 hex digits (how it is kept in the keyring or a key file).
    pub fn to_hex(&self) -> Sensitive<String> {
        Sensitive::new(self.0.expose().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// A key from 64 hex digits.
    pub fn from_hex(hex: &str) -> Option<Self> {
        let hex = hex.trim();
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Self::from_bytes(bytes))
    }

    /// The SQL literal of the raw key (`"x'…'"`): SQLCipher uses it as is, without a KDF.
    pub(crate) fn sql_literal(&self) -> Sensitive<String> {
        Sensitive::new(format!("\"x'{}'\"", self.to_hex().expose()))
    }
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(<redacted>)")
    }
}

/// The steps of [`encrypt_file`], for tests that stop it midway as a crash would.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Exported,
    MovedAside,
    Replaced,
}

const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

fn temp_path(db: &Path) -> PathBuf {
    suffixed(db, ".encrypting")
}

fn old_path(db: &Path) -> PathBuf {
    suffixed(db, ".plain-old")
}

fn suffixed(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> CounterError {
    let problem = if e.raw_os_error() == Some(28) {
        StorageProblem::DiskFull
    } else {
        StorageProblem::Other
    };
    CounterError::storage(problem, format!("{what} {}: {e}", path.display()))
}

/// Whether `path` is a database in the clear (an SQLite file header).
pub fn is_plaintext(path: &Path) -> Result<bool, CounterError> {
    let mut head = [0u8; 16];
    match File::open(path) {
        Ok(mut f) => Ok(f.read_exact(&mut head).is_ok() && &head == PLAIN_HEADER),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_error("cannot read", path, e)),
    }
}

/// Keys `conn` (before anything else touches the file) and checks the key opens it.
pub fn key_connection(conn: &Connection, key: &DbKey) -> Result<(), CounterError> {
    conn.execute_batch(&format!("PRAGMA key = {};", key.sql_literal().expose()))?;
    check_key(conn)
}

fn check_key(conn: &Connection) -> Result<(), CounterError> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map(drop)
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => CounterError::storage(
                StorageProblem::Corrupt,
                "the local database cannot be opened with this computer's key: it was made on another computer or for another user, or it is damaged",
            ),
            _ => CounterError::from(e),
        })
}

fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

fn sync_file(path: &Path) -> Result<(), CounterError> {
    File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_error("cannot flush", path, e))
}

/// Whether the file at `path` opens with `key` and passes SQLite's integrity check.
fn verified(path: &Path, key: &DbKey) -> bool {
    let Ok(conn) = Connection::open(path) else {
        return false;
    };
    if key_connection(&conn, key).is_err() {
        return false;
    }
    conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .is_ok_and(|s| s == "ok")
}

/// Overwrites a file with zeros, flushes it and removes it, so the plain pages are not left
/// readable in its blocks.
fn shred(path: &Path) -> Result<(), CounterError> {
    let len = std::fs::metadata(path)
        .map_err(|e| io_error("cannot read", path, e))?
        .len();
    let mut f = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| io_error("cannot overwrite", path, e))?;
    let zeros = vec![0u8; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        f.write_all(&zeros[..n])
            .map_err(|e| io_error("cannot overwrite", path, e))?;
        left -= n as u64;
    }
    f.sync_all()
        .map_err(|e| io_error("cannot overwrite", path, e))?;
    drop(f);
    std::fs::remove_file(path).map_err(|e| io_error("cannot remove", path, e))?;
    sync_dir(path);
    Ok(())
}

fn remove_if_there(path: &Path) -> Result<(), CounterError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error("cannot remove", path, e)),
    }
}

/// Finishes or undoes an encryption a crash interrupted (see the module documentation).
pub fn recover(db: &Path, key: &DbKey) -> Result<(), CounterError> {
    let (tmp, old) = (temp_path(db), old_path(db));
    if old.exists() {
        if !db.exists() {
            if tmp.exists() && verified(&tmp, key) {
                std::fs::rename(&tmp, db).map_err(|e| io_error("cannot rename", &tmp, e))?;
            } else {
                std::fs::rename(&old, db).map_err(|e| io_error("cannot rename", &old, e))?;
            }
            sync_dir(db);
        }
        if old.exists() {
            shred(&old)?;
        }
    }
    remove_if_there(&tmp)
}

/// Turns the plain database `db` into an encrypted one under `key` (see the module
/// documentation). `stop_after` ends it early, as a crash would, for tests.
pub fn encrypt_file(db: &Path, key: &DbKey, stop_after: Option<Step>) -> Result<(), CounterError> {
    let (tmp, old) = (temp_path(db), old_path(db));
    remove_if_there(&tmp)?;
    {
        let plain = Connection::open(db)?;
        // Everything into the main file, and no write-ahead log left beside it.
        plain.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        plain.pragma_update(None, "journal_mode", "DELETE")?;
        let target = tmp.to_string_lossy().replace('\'', "''");
        plain.execute_batch(&format!(
            "ATTACH DATABASE '{target}' AS encrypted KEY {};
             SELECT sqlcipher_export('encrypted');
             DETACH DATABASE encrypted;",
            key.sql_literal().expose()
        ))?;
    }
    for side in ["-wal", "-shm", "-journal"] {
        remove_if_there(&suffixed(db, side))?;
    }
    sync_file(&tmp)?;
    if !verified(&tmp, key) {
        remove_if_there(&tmp)?;
        return Err(CounterError::storage(
            StorageProblem::Other,
            "the encrypted copy of the local database did not check out; the database was left as it was",
        ));
    }
    if stop_after == Some(Step::Exported) {
        return Ok(());
    }
    std::fs::rename(db, &old).map_err(|e| io_error("cannot rename", db, e))?;
    sync_dir(db);
    if stop_after == Some(Step::MovedAside) {
        return Ok(());
    }
    std::fs::rename(&tmp, db).map_err(|e| io_error("cannot rename", &tmp, e))?;
    sync_dir(db);
    if stop_after == Some(Step::Replaced) {
        return Ok(());
    }
    shred(&old)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain_db(path: &Path, rows: usize) {
        let conn = Connection::open(path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch("CREATE TABLE t (pinfl TEXT NOT NULL);")
            .unwrap();
        for i in 0..rows {
            conn.execute("INSERT INTO t VALUES (?1)", [format!("3021197591{i:04}")])
                .unwrap();
        }
    }

    fn count(path: &Path, key: &DbKey) -> i64 {
        let conn = Connection::open(path).unwrap();
        key_connection(&conn, key).unwrap();
        conn.query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap()
    }

    fn contains(path: &Path, needle: &[u8]) -> bool {
        std::fs::read(path)
            .map(|b| b.windows(needle.len()).any(|w| w == needle))
            .unwrap_or(false)
    }

    #[test]
    fn a_key_round_trips_through_hex_and_never_prints() {
        let key = DbKey::random();
        let back = DbKey::from_hex(key.to_hex().expose()).unwrap();
        assert_eq!(key.to_hex().expose(), back.to_hex().expose());
        assert!(!format!("{key:?}").contains(key.to_hex().expose().as_str()));
        assert!(DbKey::from_hex("zz").is_none());
    }

    #[test]
    fn a_plain_database_is_encrypted_with_every_row_and_no_plain_trace() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.sqlite");
        plain_db(&db, 500);
        assert!(is_plaintext(&db).unwrap());
        let key = DbKey::random();
        encrypt_file(&db, &key, None).unwrap();
        assert!(!is_plaintext(&db).unwrap());
        assert_eq!(count(&db, &key), 500);
        assert!(!contains(&db, b"30211975910001"));
        assert!(!old_path(&db).exists() && !temp_path(&db).exists());
        assert!(!suffixed(&db, "-wal").exists());
    }

    #[test]
    fn a_crash_at_any_step_of_the_encryption_loses_nothing() {
        for step in [Step::Exported, Step::MovedAside, Step::Replaced] {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("c.sqlite");
            plain_db(&db, 50);
            let key = DbKey::random();
            encrypt_file(&db, &key, Some(step)).unwrap();
            // Next start: recover, then encrypt whatever is still plain.
            recover(&db, &key).unwrap();
            if is_plaintext(&db).unwrap() {
                encrypt_file(&db, &key, None).unwrap();
            }
            assert_eq!(count(&db, &key), 50, "after a crash at {step:?}");
            assert!(!old_path(&db).exists(), "{step:?}");
            assert!(!temp_path(&db).exists(), "{step:?}");
        }
    }

    #[test]
    fn the_wrong_key_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.sqlite");
        plain_db(&db, 1);
        encrypt_file(&db, &DbKey::random(), None).unwrap();
        let conn = Connection::open(&db).unwrap();
        let e = key_connection(&conn, &DbKey::random()).unwrap_err();
        assert!(e.to_string().contains("key"), "{e}");
    }
}
