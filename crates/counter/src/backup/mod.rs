//! Encrypted backups of the counter's database to a folder (a USB disk or a share), daily and
//! before each update, and restoring one on this counter or on a replacement PC (decision 0024).
//!
//! A backup is one file: a manifest in the clear (format, pharmacy, counter, time, app version,
//! row counts, the checksum of the copy; never patient data), the SQLCipher copy of the
//! database under a key derived from the pharmacy's **backup passphrase**, and a seal
//! (HMAC-SHA-256) over all of it. The passphrase is set once by an administrator; its stretched
//! key is kept beside the database key so daily backups run unattended, and the passphrase
//! itself opens a backup where that keyring is gone.
//!
//! The parts, one job each:
//! - [`key`]: the passphrase stretched with Argon2id, where its key is kept, the keys of a file;
//! - [`format`]: the file layout, writing it sealed and reading it back checked;
//! - [`snapshot`]: a consistent encrypted copy of the live database while the app works on;
//! - [`folder`]: file names, the atomic write (temporary name, fsync, rename), keeping the last N;
//! - [`schedule`]: where backups go, how many stay, and whether one is due;
//! - [`make`]: [`backup_now`], and the counter's own calls for its timer and the updater;
//! - [`who`]: who may set the passphrase and who may restore (a headless sign-in);
//! - [`carry`]: the current database's unsent work, carried into the restored one;
//! - [`trail`]: which audit chain the restored database carries, so it still verifies;
//! - [`swap`]: putting the restored database in place atomically, and finishing a stopped one;
//! - [`restore`]: [`restore()`], tying the restore together.

pub mod carry;
pub mod folder;
pub mod format;
pub mod key;
pub mod make;
pub mod restore;
pub mod schedule;
pub mod snapshot;
pub mod swap;
pub mod trail;
pub mod who;

pub use format::{read_manifest, Manifest};
pub use key::{set_passphrase, MIN_PASSPHRASE_CHARS};
pub use make::{backup_now, BackupInfo, BackupOptions, BackupReason};
pub use restore::{restore, RestoreReport};
pub use schedule::{backup_due, BackupSettings, DEFAULT_KEEP, KEEP_RANGE};
pub use swap::recover;
pub use trail::TrailKind;

use std::sync::{Mutex, MutexGuard};

use dmed_api::ErrorCode;
use serde_json::{Map, Value};

use crate::error::CounterError;

/// Why a backup or a restore was refused, as the `backup` detail of its error names it, so the
/// window and the command line can say it in their own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupProblem {
    /// No backup passphrase was set on this counter yet.
    NoPassphrase,
    /// The new passphrase is too short.
    WeakPassphrase,
    /// No backup folder was given or configured.
    NoFolder,
    /// The folder is not there (the disk is not plugged in, the share not mounted).
    FolderMissing { folder: String },
    /// The file is not a Dorixona backup.
    NotABackup,
    /// The file was written by a newer version of Dorixona.
    TooNew { format: u32 },
    /// The passphrase does not open this backup.
    WrongPassphrase,
    /// The file was damaged or changed after it was written.
    Damaged,
    /// The backup is another pharmacy's.
    OtherPharmacy { backup: String, here: String },
    /// Dorixona (or another program) has the database open.
    AppRunning,
    /// The backup's audit log does not verify; restoring it would break the trail.
    AuditBroken,
}

impl BackupProblem {
    /// The problem's name, as the `backup` detail gives it.
    pub fn as_str(&self) -> &'static str {
        match self {
            BackupProblem::NoPassphrase => "no_passphrase",
            BackupProblem::WeakPassphrase => "weak_passphrase",
            BackupProblem::NoFolder => "no_folder",
            BackupProblem::FolderMissing { .. } => "folder_missing",
            BackupProblem::NotABackup => "not_a_backup",
            BackupProblem::TooNew { .. } => "too_new",
            BackupProblem::WrongPassphrase => "wrong_passphrase",
            BackupProblem::Damaged => "damaged",
            BackupProblem::OtherPharmacy { .. } => "other_pharmacy",
            BackupProblem::AppRunning => "app_running",
            BackupProblem::AuditBroken => "audit_broken",
        }
    }

    /// The refusal, as an error with this problem in its details (and English words for logs).
    pub(crate) fn error(self, message: impl Into<String>) -> CounterError {
        let mut details = Map::new();
        details.insert("backup".into(), self.as_str().into());
        let code = match &self {
            BackupProblem::AppRunning => {
                details.insert("problem".into(), "locked".into());
                ErrorCode::StorageError
            }
            _ => ErrorCode::BadRequest,
        };
        match self {
            BackupProblem::FolderMissing { folder } => {
                details.insert("folder".into(), folder.into());
            }
            BackupProblem::TooNew { format } => {
                details.insert("format".into(), format.into());
            }
            BackupProblem::OtherPharmacy { backup, here } => {
                details.insert("backup_pharmacy".into(), backup.into());
                details.insert("pharmacy".into(), here.into());
            }
            _ => {}
        }
        CounterError::rejected_with(code, message, details)
    }
}

/// The backup problem behind `e`, when it is one.
pub fn problem_of(e: &CounterError) -> Option<BackupProblem> {
    let details = e.details();
    let text = |k: &str| {
        details
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Some(match details.get("backup")?.as_str()? {
        "no_passphrase" => BackupProblem::NoPassphrase,
        "weak_passphrase" => BackupProblem::WeakPassphrase,
        "no_folder" => BackupProblem::NoFolder,
        "folder_missing" => BackupProblem::FolderMissing {
            folder: text("folder"),
        },
        "not_a_backup" => BackupProblem::NotABackup,
        "too_new" => BackupProblem::TooNew {
            format: details
                .get("format")
                .and_then(Value::as_u64)
                .and_then(|f| u32::try_from(f).ok())
                .unwrap_or_default(),
        },
        "wrong_passphrase" => BackupProblem::WrongPassphrase,
        "damaged" => BackupProblem::Damaged,
        "other_pharmacy" => BackupProblem::OtherPharmacy {
            backup: text("backup_pharmacy"),
            here: text("pharmacy"),
        },
        "app_running" => BackupProblem::AppRunning,
        "audit_broken" => BackupProblem::AuditBroken,
        _ => return None,
    })
}

/// One backup or restore at a time in this process (the daily timer, the updater's hook and a
/// manual backup may meet).
pub(crate) fn one_at_a_time() -> MutexGuard<'static, ()> {
    static ONE: Mutex<()> = Mutex::new(());
    ONE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `bytes` as lower-case hex digits.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of hex digits `s` (`None` when it is not an even run of hex digits).
pub(crate) fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if s.len() % 2 != 0 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

/// An I/O failure on `path` as a storage error (a full disk named as such).
pub(crate) fn io_error(what: &str, path: &std::path::Path, e: std::io::Error) -> CounterError {
    let problem = if e.raw_os_error() == Some(28) {
        crate::StorageProblem::DiskFull
    } else {
        crate::StorageProblem::Other
    };
    CounterError::storage(problem, format!("{what} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_survives_the_trip_through_an_error() {
        for p in [
            BackupProblem::NoPassphrase,
            BackupProblem::WeakPassphrase,
            BackupProblem::NoFolder,
            BackupProblem::FolderMissing {
                folder: "/media/usb".into(),
            },
            BackupProblem::NotABackup,
            BackupProblem::TooNew { format: 7 },
            BackupProblem::WrongPassphrase,
            BackupProblem::Damaged,
            BackupProblem::OtherPharmacy {
                backup: "PH-2".into(),
                here: "PH-1".into(),
            },
            BackupProblem::AppRunning,
            BackupProblem::AuditBroken,
        ] {
            let e = p.clone().error("words");
            assert_eq!(problem_of(&e), Some(p));
        }
        assert_eq!(
            problem_of(&BackupProblem::AppRunning.error("x")).map(|_| ()),
            Some(())
        );
        assert_eq!(
            BackupProblem::AppRunning.error("x").details()["problem"],
            "locked"
        );
        assert_eq!(problem_of(&CounterError::NotSignedIn), None);
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(hex(&[0, 1, 0xab]), "0001ab");
        assert_eq!(unhex("0001ab"), Some(vec![0, 1, 0xab]));
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("abc"), None);
    }
}
