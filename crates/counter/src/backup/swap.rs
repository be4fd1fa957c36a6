//! Putting a restored database in place so that a stop at any moment leaves a database that
//! opens and an audit trail that verifies (or is made to verify by [`recover`]):
//!
//! 1. the restored database is complete and closed under `counter.sqlite.restoring`, in the
//!    rollback-journal mode (no write-ahead log beside it to lose or to misapply);
//! 2. a journal, `counter.sqlite.restore-journal`, names the database kept aside and the audit
//!    head and anchor the restored one needs (hashes only: no secret);
//! 3. the current database gets a second name, `counter.sqlite.before-restore-<time>` (a hard
//!    link, else a flushed copy): it is never without its first name in between;
//! 4. the restored database is renamed over `counter.sqlite` (one atomic step), the folder
//!    flushed;
//! 5. the audit head and anchor are kept, and the journal removed.
//!
//! [`recover`] runs first in every backup and restore (and the shell may run it at start): with
//! a journal left, it finishes step 5 when the restored database is in place, and otherwise
//! undoes steps 2–3; leftover staging files are removed.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{folder::sync_dir, io_error, snapshot, trail};
use crate::audit::chain::{Anchor, Head};
use crate::audit::HeadPlace;
use crate::db_key::KeyPlace;
use crate::error::CounterError;
use crate::secrets::TokenStore;

/// The restored database before it is put in place.
pub fn staged_path(data_dir: &Path) -> PathBuf {
    data_dir.join(format!("{}.restoring", crate::DB_FILE))
}

/// The backup's own copy while it is read.
pub fn payload_path(data_dir: &Path) -> PathBuf {
    data_dir.join(format!("{}.restore-payload", crate::DB_FILE))
}

fn journal_path(data_dir: &Path) -> PathBuf {
    data_dir.join(format!("{}.restore-journal", crate::DB_FILE))
}

/// The name the current database of `data_dir` keeps after a restore made at `at` (one no
/// file has yet: `-2`, `-3` … after the time when needed).
pub fn before_restore_name(data_dir: &Path, at: OffsetDateTime) -> String {
    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] =
        time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    let at = at.to_offset(time::UtcOffset::UTC);
    let base = format!(
        "{}.before-restore-{}",
        crate::DB_FILE,
        at.format(FORMAT).unwrap_or_default()
    );
    let mut name = base.clone();
    let mut n = 1;
    while data_dir.join(&name).exists() {
        n += 1;
        name = format!("{base}-{n}");
    }
    name
}

/// What a restore in progress still has to do once its database is in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    /// The name the current database was given (`None`: there was none).
    pub before: Option<String>,
    /// The head of the restored database's chain (`len:hash`).
    pub head: String,
    /// Where its chain starts (`seq:prev_hash`), when it must change.
    pub anchor: Option<String>,
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

fn write_journal(data_dir: &Path, journal: &Journal) -> Result<(), CounterError> {
    let path = journal_path(data_dir);
    let tmp = side(&path, ".tmp");
    let bytes = serde_json::to_vec(journal)?;
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::File::open(&tmp)?.sync_all())
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| io_error("cannot write", &path, e))?;
    sync_dir(data_dir);
    Ok(())
}

fn read_journal(data_dir: &Path) -> Option<Journal> {
    let bytes = std::fs::read(journal_path(data_dir)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn remove_journal(data_dir: &Path) {
    let _ = std::fs::remove_file(journal_path(data_dir));
    let _ = std::fs::remove_file(side(&journal_path(data_dir), ".tmp"));
    sync_dir(data_dir);
}

/// Steps 2–4: the journal, the current database's second name, the restored database in
/// place. `held`: the current database was held and closed cleanly, so a log beside it now
/// means someone opened it since (refused); otherwise (it could not be read) a log left beside
/// it goes aside with it. Returns where the current database is kept.
pub fn put_in_place(
    data_dir: &Path,
    journal: &Journal,
    held: bool,
) -> Result<Option<PathBuf>, CounterError> {
    let live = data_dir.join(crate::DB_FILE);
    let staged = staged_path(data_dir);
    let logs = [side(&live, "-wal"), side(&live, "-journal")];
    if held {
        if let Some(log) = logs.iter().find(|l| l.exists()) {
            // A log of the current database would be applied to the restored one.
            return Err(super::BackupProblem::AppRunning.error(format!(
                "{} is there: the database is in use again; close Dorixona and try again",
                log.display()
            )));
        }
    }
    write_journal(data_dir, journal)?;
    let before = match (&journal.before, live.exists()) {
        (Some(name), true) => {
            let before = data_dir.join(name);
            if before.exists() {
                return Err(CounterError::storage(
                    crate::StorageProblem::Other,
                    format!("{} is there already", before.display()),
                ));
            }
            if std::fs::hard_link(&live, &before).is_err() {
                std::fs::copy(&live, &before)
                    .and_then(|_| std::fs::File::open(&before)?.sync_all())
                    .map_err(|e| io_error("cannot copy", &live, e))?;
            }
            sync_dir(data_dir);
            Some(before)
        }
        _ => None,
    };
    for (log, suffix) in logs.iter().zip(["-wal", "-journal"]) {
        if log.exists() {
            // Never applied to the restored database: kept with the one it belongs to.
            let to = before
                .as_deref()
                .map(|b| side(b, suffix))
                .unwrap_or_else(|| side(log, ".old"));
            std::fs::rename(log, &to).map_err(|e| io_error("cannot rename", log, e))?;
        }
    }
    std::fs::rename(&staged, &live).map_err(|e| io_error("cannot rename", &staged, e))?;
    let _ = std::fs::remove_file(side(&live, "-shm"));
    sync_dir(data_dir);
    Ok(before)
}

/// Step 5: keeps the restored chain's head (and anchor) and removes the journal.
pub fn finish(data_dir: &Path, place: &KeyPlace, journal: &Journal) -> Result<(), CounterError> {
    let head_place = HeadPlace {
        place: place.clone(),
        db: data_dir.join(crate::DB_FILE),
    };
    if let Some(anchor) = journal.anchor.as_deref().and_then(Anchor::decode) {
        head_place.set_anchor(&anchor)?;
    }
    let head = Head::decode(&journal.head).ok_or_else(|| {
        CounterError::storage(
            crate::StorageProblem::Other,
            "the restore journal is damaged",
        )
    })?;
    head_place.write(&head)?;
    remove_journal(data_dir);
    Ok(())
}

/// Finishes or undoes a restore a stop interrupted, and removes what a stopped backup or
/// restore left in `data_dir` (see the module documentation); true when a restore was finished.
pub fn recover(data_dir: &Path, tokens: &TokenStore) -> Result<bool, CounterError> {
    snapshot::remove_db_files(&snapshot::staging_path(data_dir));
    snapshot::remove_db_files(&payload_path(data_dir));
    let journal = read_journal(data_dir);
    let staged = staged_path(data_dir);
    let Some(journal) = journal else {
        if journal_path(data_dir).exists() {
            // Cut short while it was being written: the swap never began.
            remove_journal(data_dir);
        }
        snapshot::remove_db_files(&staged);
        return Ok(false);
    };
    if staged.exists() {
        // The restored database never took its place: undo the second name, keep the current.
        if let Some(name) = &journal.before {
            let _ = std::fs::remove_file(data_dir.join(name));
        }
        snapshot::remove_db_files(&staged);
        remove_journal(data_dir);
        return Ok(false);
    }
    let Some(head) = Head::decode(&journal.head) else {
        remove_journal(data_dir);
        return Ok(false);
    };
    let (store, _) = crate::open_data(data_dir, tokens)?;
    let head_place = HeadPlace {
        place: KeyPlace::choose(tokens),
        db: data_dir.join(crate::DB_FILE),
    };
    let conn = store.conn()?;
    if trail::hash_at(&conn, "main", head.len)?.as_deref() == Some(head.hash.as_str()) {
        // In place. The app may have written rows (and kept their head) since: a kept head on
        // this chain at or after the restore's row stays.
        let kept = head_place.read()?;
        let kept_holds = match &kept {
            Some(k) if k.len >= head.len => {
                trail::hash_at(&conn, "main", k.len)?.as_deref() == Some(k.hash.as_str())
            }
            _ => false,
        };
        drop(conn);
        drop(store);
        if let Some(anchor) = journal.anchor.as_deref().and_then(Anchor::decode) {
            head_place.set_anchor(&anchor)?;
        }
        if !kept_holds {
            head_place.write(&head)?;
        }
        remove_journal(data_dir);
        return Ok(true);
    }
    remove_journal(data_dir);
    Ok(false)
}
