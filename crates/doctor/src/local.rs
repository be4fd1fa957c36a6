//! The checks of this machine and its data: the keyring that keeps the database key, the
//! database (whole, encrypted), the audit chain, the outbox (work not yet sent: the Ministry's
//! instruction asks for records in real time), the catalogue's last sync and the free disk.
//! Nothing is created: on a counter never used, the database check says so and the checks that
//! need it are skipped.

use std::path::Path;

use counter::db_key::KeyPlace;
use counter::secrets::{KeyringStatus, TokenStore};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::{Finding, Status};

/// Free disk under this is a warning, under [`DISK_FAIL_MB`] a failure.
const DISK_WARN_MB: i64 = 1024;
const DISK_FAIL_MB: i64 = 200;
/// Unsent work older than this is a warning, older than [`OUTBOX_FAIL_HOURS`] a failure.
const OUTBOX_WARN_HOURS: i64 = 1;
const OUTBOX_FAIL_HOURS: i64 = 24;
/// A catalogue older than this is a warning.
const CATALOG_WARN_DAYS: i64 = 7;

/// The local findings for `data_dir`, in report order.
pub fn check(data_dir: &Path, tokens: &TokenStore) -> Vec<Finding> {
    let now = OffsetDateTime::now_utc();
    let db = data_dir.join(counter::DB_FILE);
    let mut findings = vec![keyring(tokens, db.is_file())];
    if !db.is_file() {
        findings.push(Finding::new("database", Status::Warn, "not_created"));
        findings.push(Finding::new("audit", Status::Skip, "no_database"));
        findings.push(disk(data_dir));
        findings.push(Finding::new("outbox", Status::Skip, "no_database"));
        findings.push(Finding::new("catalog", Status::Skip, "no_database"));
        return findings;
    }
    let encrypted = !counter::store::cipher::is_plaintext(&db).unwrap_or(false);
    let store = counter::open_data_store(data_dir, tokens);
    let store = match store {
        Ok(s) => s,
        Err(e) => {
            let problem = e
                .details()
                .get("problem")
                .and_then(|p| p.as_str())
                .unwrap_or("other")
                .to_owned();
            findings.push(
                Finding::new("database", Status::Fail, "cannot_open").text("problem", problem),
            );
            findings.push(Finding::new("audit", Status::Skip, "no_database"));
            findings.push(disk(data_dir));
            findings.push(Finding::new("outbox", Status::Skip, "no_database"));
            findings.push(Finding::new("catalog", Status::Skip, "no_database"));
            return findings;
        }
    };
    let size_mb = std::fs::metadata(&db)
        .map(|m| (m.len() / (1024 * 1024)) as i64)
        .unwrap_or(0);
    findings.push(database(store.integrity_problems(), encrypted, size_mb));
    findings.push(audit(counter::audit::verify_data_dir(data_dir)));
    findings.push(disk(data_dir));
    findings.push(outbox(
        store
            .outbox_summary()
            .map(|s| (s.pending, s.oldest_created_at)),
        now,
    ));
    findings.push(catalog(store.catalog_synced_at(), now));
    findings
}

/// Where the database key is kept, and whether that place answers (a key file is made with the
/// database, so before it only the keyring can be missing).
fn keyring(tokens: &TokenStore, db_exists: bool) -> Finding {
    match KeyPlace::choose(tokens) {
        KeyPlace::File(file) => {
            if file.is_file() || !db_exists {
                Finding::new("keyring", Status::Ok, "key_file")
            } else {
                Finding::new("keyring", Status::Warn, "key_file_missing")
            }
        }
        KeyPlace::Keyring(tokens) => match tokens.available() {
            KeyringStatus::Available => Finding::new("keyring", Status::Ok, "available"),
            KeyringStatus::Unavailable(why) => {
                Finding::new("keyring", Status::Fail, "unavailable").text("reason", why)
            }
        },
    }
}

/// The database: whole, encrypted, and its size.
fn database(
    problems: Result<Vec<String>, counter::CounterError>,
    encrypted: bool,
    size_mb: i64,
) -> Finding {
    match problems {
        Err(_) => Finding::new("database", Status::Fail, "damaged").number("problems", 1),
        Ok(p) if !p.is_empty() => {
            Finding::new("database", Status::Fail, "damaged").number("problems", p.len() as i64)
        }
        Ok(_) if !encrypted => Finding::new("database", Status::Fail, "plain"),
        Ok(_) => Finding::new("database", Status::Ok, "sound").number("mb", size_mb),
    }
}

/// The audit chain against the head kept outside the database.
fn audit(verdict: Result<counter::audit::Verdict, counter::CounterError>) -> Finding {
    match verdict {
        Ok(counter::audit::Verdict::Intact { rows }) => {
            Finding::new("audit", Status::Ok, "intact").number("rows", rows)
        }
        Ok(counter::audit::Verdict::Broken(b)) => {
            Finding::new("audit", Status::Fail, "broken").number("row", first_row(&b))
        }
        Err(_) => Finding::new("audit", Status::Fail, "unreadable"),
    }
}

/// The row a break is found at.
fn first_row(b: &counter::audit::chain::Break) -> i64 {
    use counter::audit::chain::Break;
    match *b {
        Break::Edited { seq }
        | Break::Unlinked { seq }
        | Break::HeadMismatch { seq }
        | Break::Unrecorded { seq } => seq,
        Break::OutOfOrder { found, .. } => found,
        Break::Truncated { len, .. } => len,
    }
}

/// Free space on the disk of the data directory.
fn disk(data_dir: &Path) -> Finding {
    match free_mb(data_dir) {
        Some(mb) if mb < DISK_FAIL_MB => Finding::new("disk", Status::Fail, "low").number("mb", mb),
        Some(mb) if mb < DISK_WARN_MB => Finding::new("disk", Status::Warn, "low").number("mb", mb),
        Some(mb) => Finding::new("disk", Status::Ok, "free").number("mb", mb),
        None => Finding::new("disk", Status::Warn, "unknown"),
    }
}

/// Megabytes free to this user on the file system of `path` (or its nearest existing parent).
fn free_mb(path: &Path) -> Option<i64> {
    let existing = path.ancestors().find(|p| p.exists())?;
    free_mb_at(existing)
}

#[cfg(unix)]
fn free_mb_at(path: &Path) -> Option<i64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `s` a writable statvfs.
    let rc = unsafe { libc::statvfs(c.as_ptr(), &mut s) };
    (rc == 0).then(|| (s.f_bavail as u128 * s.f_frsize as u128 / (1024 * 1024)) as i64)
}

#[cfg(not(unix))]
fn free_mb_at(_path: &Path) -> Option<i64> {
    None
}

/// Work waiting to be sent, and how long the oldest has waited.
fn outbox(
    summary: Result<(u64, Option<String>), counter::CounterError>,
    now: OffsetDateTime,
) -> Finding {
    let (pending, oldest) = match summary {
        Ok(s) => s,
        Err(_) => return Finding::new("outbox", Status::Fail, "unreadable"),
    };
    if pending == 0 {
        return Finding::new("outbox", Status::Ok, "empty");
    }
    let hours = oldest
        .and_then(|t| OffsetDateTime::parse(&t, &Rfc3339).ok())
        .map(|t| (now - t).whole_hours())
        .unwrap_or(0);
    let status = if hours >= OUTBOX_FAIL_HOURS {
        Status::Fail
    } else if hours >= OUTBOX_WARN_HOURS {
        Status::Warn
    } else {
        Status::Ok
    };
    Finding::new("outbox", status, "pending")
        .number("count", pending as i64)
        .number("hours", hours)
}

/// When the catalogue was last brought up to date.
fn catalog(synced: Result<Option<String>, counter::CounterError>, now: OffsetDateTime) -> Finding {
    match synced {
        Err(_) => Finding::new("catalog", Status::Fail, "unreadable"),
        Ok(None) => Finding::new("catalog", Status::Warn, "never"),
        Ok(Some(at)) => {
            let days = OffsetDateTime::parse(&at, &Rfc3339)
                .map(|t| (now - t).whole_days())
                .unwrap_or(i64::MAX);
            let date = at.get(..10).unwrap_or(&at).to_owned();
            let status = if days > CATALOG_WARN_DAYS {
                Status::Warn
            } else {
                Status::Ok
            };
            let outcome = if days > CATALOG_WARN_DAYS {
                "stale"
            } else {
                "fresh"
            };
            Finding::new("catalog", status, outcome)
                .number("days", days.min(99_999))
                .text("date", date)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fact;
    use time::macros::datetime;

    #[test]
    fn the_outbox_is_graded_by_the_age_of_its_oldest_work() {
        let now = datetime!(2026-12-03 10:00:00 UTC);
        let at = |n, t: &str| outbox(Ok((n, Some(t.to_owned()))), now);
        assert_eq!(outbox(Ok((0, None)), now).outcome, "empty");
        assert_eq!(at(3, "2026-12-03T09:50:00Z").status, Status::Ok);
        let warn = at(3, "2026-12-03T07:00:00Z");
        assert_eq!(
            (warn.status, warn.fact("hours")),
            (Status::Warn, Some(&Fact::Number(3)))
        );
        assert_eq!(at(1, "2026-12-01T07:00:00Z").status, Status::Fail);
    }

    #[test]
    fn the_catalogue_is_stale_after_a_week() {
        let now = datetime!(2026-12-03 10:00:00 UTC);
        let at = |t: &str| catalog(Ok(Some(t.to_owned())), now);
        assert_eq!(at("2026-12-01T10:00:00Z").status, Status::Ok);
        let stale = at("2026-11-01T10:00:00Z");
        assert_eq!(
            (stale.status, stale.outcome.as_str()),
            (Status::Warn, "stale")
        );
        assert_eq!(stale.fact("date"), Some(&Fact::Text("2026-11-01".into())));
        assert_eq!(catalog(Ok(None), now).outcome, "never");
    }

    #[test]
    fn a_plain_or_damaged_database_fails() {
        assert_eq!(database(Ok(vec![]), true, 3).status, Status::Ok);
        assert_eq!(database(Ok(vec![]), false, 3).outcome, "plain");
        assert_eq!(
            database(Ok(vec!["page 3 is never used".into()]), true, 3).outcome,
            "damaged"
        );
    }

    #[test]
    fn free_disk_is_read_from_the_file_system() {
        let dir = tempfile::tempdir().unwrap();
        let f = disk(&dir.path().join("not/yet/made"));
        assert!(
            matches!(f.fact("mb"), Some(Fact::Number(mb)) if *mb > 0),
            "{f:?}"
        );
    }

    #[test]
    fn a_counter_never_used_is_told_so_and_nothing_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let tokens = TokenStore::default().with_key_file(dir.path().join("key"));
        let f = check(dir.path(), &tokens);
        let db = f.iter().find(|f| f.check == "database").unwrap();
        assert_eq!(db.outcome, "not_created");
        assert!(!dir.path().join(counter::DB_FILE).exists());
        assert!(f
            .iter()
            .any(|f| f.check == "outbox" && f.status == Status::Skip));
    }
}
