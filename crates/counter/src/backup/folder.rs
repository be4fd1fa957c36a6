//! The backup folder: how files are named, how one is written so that a stop at any moment
//! leaves no half file under a final name, and how only the newest N are kept.
//!
//! A backup is `dorixona_<pharmacy>_<counter>_<UTC time>.dxbak`: the pharmacy (letters, digits
//! and `-` only), the counter's random id, and the time to the millisecond, so names sort by
//! time and the counters of a pharmacy can share one folder without touching each other's
//! files. It is written as `<name>.partial`, flushed to the disk, renamed to its name, and the
//! folder flushed; a `.partial` of this counter left by a stop is removed by its next backup.

use std::fs::File;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use super::format::EXTENSION;
use super::{io_error, BackupProblem};
use crate::error::CounterError;

/// The suffix of a backup being written.
pub const PARTIAL: &str = ".partial";

/// `s` with only letters, digits and `-` (others become `-`), at most 40 characters.
fn safe(s: &str) -> String {
    let s: String = s
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    if s.is_empty() {
        "unknown".to_owned()
    } else {
        s
    }
}

/// The start of the names of this counter's backups.
pub fn prefix(pharmacy_id: Option<&str>, counter_id: &str) -> String {
    format!(
        "dorixona_{}_{}_",
        safe(pharmacy_id.unwrap_or("unknown")),
        safe(counter_id)
    )
}

/// The name of a backup made at `at`.
pub fn file_name(prefix: &str, at: OffsetDateTime) -> String {
    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] = time::macros::format_description!(
        "[year][month][day]T[hour][minute][second][subsecond digits:3]Z"
    );
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{prefix}{}.{EXTENSION}",
        at.format(FORMAT).unwrap_or_default()
    )
}

/// Flushes the folder `dir` itself, so a rename in it survives a power cut (a no-op where
/// folders cannot be opened).
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Refuses a folder that is not there (a disk not plugged in, a share not mounted): backups
/// never create it, so they do not land on the local disk by mistake.
pub fn check_folder(folder: &Path) -> Result<(), CounterError> {
    if folder.is_dir() {
        return Ok(());
    }
    let shown = folder.display().to_string();
    Err(BackupProblem::FolderMissing {
        folder: shown.clone(),
    }
    .error(format!(
        "the backup folder {shown} is not there: plug the disk in or connect the share"
    )))
}

/// Writes the file `name` in `folder` with `write`, atomically: `<name>.partial` first, flushed,
/// then renamed. A failure removes the partial file and leaves every other file as it was.
pub fn write_atomically(
    folder: &Path,
    name: &str,
    write: impl FnOnce(&mut File) -> Result<(), CounterError>,
) -> Result<PathBuf, CounterError> {
    let done = folder.join(name);
    let partial = folder.join(format!("{name}{PARTIAL}"));
    let _ = std::fs::remove_file(&partial);
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&partial)
            .map_err(|e| io_error("cannot write", &partial, e))?;
        write(&mut f)?;
        f.sync_all()
            .map_err(|e| io_error("cannot flush", &partial, e))?;
        drop(f);
        std::fs::rename(&partial, &done).map_err(|e| io_error("cannot rename", &partial, e))?;
        sync_dir(folder);
        Ok(done)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// The backups of `prefix` in `folder`, oldest first (by name, which is by time).
pub fn backups(folder: &Path, prefix: &str) -> Result<Vec<PathBuf>, CounterError> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| io_error("cannot list", folder, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(&format!(".{EXTENSION}")))
                && p.is_file()
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Removes the partial files of `prefix` a stopped backup left in `folder`; how many.
pub fn clean_partials(folder: &Path, prefix: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(PARTIAL))
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Keeps the newest `keep` backups of `prefix` in `folder` (always `newest`, the one just
/// written, even when the clock went back) and removes the others; the removed ones.
pub fn prune(
    folder: &Path,
    prefix: &str,
    keep: usize,
    newest: &Path,
) -> Result<Vec<PathBuf>, CounterError> {
    let keep = keep.max(1);
    let others: Vec<PathBuf> = backups(folder, prefix)?
        .into_iter()
        .filter(|p| p != newest)
        .collect();
    let excess = (others.len() + 1).saturating_sub(keep);
    let mut removed = Vec::new();
    for old in others.into_iter().take(excess) {
        std::fs::remove_file(&old).map_err(|e| io_error("cannot remove", &old, e))?;
        removed.push(old);
    }
    if !removed.is_empty() {
        sync_dir(folder);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn names_sort_by_time_and_two_pharmacies_never_share_a_prefix() {
        let p = prefix(Some("PH-1"), "ab12cd34");
        assert_eq!(p, "dorixona_PH-1_ab12cd34_");
        let a = file_name(&p, datetime!(2026-12-02 09:05:01.5 UTC));
        let b = file_name(&p, datetime!(2026-12-02 10:00:00 +5));
        assert_eq!(a, "dorixona_PH-1_ab12cd34_20261202T090501500Z.dxbak");
        assert!(b < a, "{b} {a}");
        assert_eq!(prefix(Some("PH 1/../x"), "z"), "dorixona_PH-1----x_z_");
        // "PH_c1" cannot pass for pharmacy "PH", counter "c1".
        let other = file_name(&prefix(Some("PH_c1"), "z"), datetime!(2026-12-02 0:00 UTC));
        assert!(!other.starts_with(&prefix(Some("PH"), "c1")), "{other}");
        assert_eq!(prefix(None, "c"), "dorixona_unknown_c_");
    }

    #[test]
    fn a_failed_write_leaves_no_file_and_pruning_keeps_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let p = prefix(Some("PH"), "c1");
        let err = write_atomically(dir.path(), "x.dxbak", |_| {
            Err(CounterError::storage(crate::StorageProblem::Other, "stop"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let mut written = Vec::new();
        for day in 1..=5u8 {
            let at = OffsetDateTime::new_utc(
                time::Date::from_calendar_date(2026, time::Month::December, day).unwrap(),
                time::Time::MIDNIGHT,
            );
            let path = write_atomically(dir.path(), &file_name(&p, at), |f| {
                use std::io::Write;
                f.write_all(b"x")
                    .map_err(|e| CounterError::storage(crate::StorageProblem::Other, e.to_string()))
            })
            .unwrap();
            written.push(path);
        }
        std::fs::write(
            dir.path()
                .join(format!("{}other.dxbak", prefix(Some("PH"), "c2"))),
            b"",
        )
        .unwrap();
        std::fs::write(dir.path().join(format!("{p}x.dxbak{PARTIAL}")), b"").unwrap();
        // The clock went back: the newest written is the oldest by name, and still stays.
        let removed = prune(dir.path(), &p, 3, &written[0]).unwrap();
        assert_eq!(removed, written[1..3].to_vec());
        let left = backups(dir.path(), &p).unwrap();
        assert_eq!(
            left,
            vec![written[0].clone(), written[3].clone(), written[4].clone()]
        );
        assert_eq!(clean_partials(dir.path(), &p), 1);
        assert_eq!(
            backups(dir.path(), &prefix(Some("PH"), "c2"))
                .unwrap()
                .len(),
            1
        );
    }
}
