//! When backups are made and where they go. The folder and how many backups stay are the
//! device's settings (an administrator's), kept in `settings.json` beside the other device
//! settings (`crate::settings::backup_settings`); the time of the last backup is kept in the
//! database itself. A backup is due once per local (Tashkent) day while a folder is set; the
//! updater makes one before every update whatever the day.

use std::ops::RangeInclusive;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::error::CounterError;
use crate::store::Store;

/// How many backups of a counter a folder keeps when the administrator did not say.
pub const DEFAULT_KEEP: u16 = 14;
/// How many backups a folder may be told to keep.
pub const KEEP_RANGE: RangeInclusive<u16> = 1..=366;

/// The database setting holding when the last backup was made (stored timestamp form).
const KEY_LAST: &str = "backup.last_at";

/// Where this counter's backups go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupSettings {
    /// The folder backups are written to (a USB disk or a share), an absolute path; `None`:
    /// no automatic backups.
    #[serde(default)]
    pub folder: Option<String>,
    /// How many backups of this counter the folder keeps, the newest; `None`: 14.
    #[serde(default)]
    pub keep: Option<u16>,
}

impl BackupSettings {
    /// How many backups are kept.
    pub fn keep(&self) -> usize {
        usize::from(self.keep.unwrap_or(DEFAULT_KEEP))
    }

    /// The folder, when one is set.
    pub fn folder(&self) -> Option<PathBuf> {
        self.folder
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(PathBuf::from)
    }

    /// The settings checked (`INVALID_SETTING`) and tidied (an empty folder is none).
    pub fn validated(&self) -> Result<BackupSettings, CounterError> {
        let folder = self.folder();
        if let Some(f) = &folder {
            if !f.is_absolute() {
                return Err(CounterError::InvalidSetting {
                    setting: "backup.folder".into(),
                    reason: format!("'{}' is not a full path", f.display()),
                });
            }
        }
        if let Some(keep) = self.keep {
            if !KEEP_RANGE.contains(&keep) {
                return Err(CounterError::InvalidSetting {
                    setting: "backup.keep".into(),
                    reason: format!(
                        "{keep} is not between {} and {}",
                        KEEP_RANGE.start(),
                        KEEP_RANGE.end()
                    ),
                });
            }
        }
        Ok(BackupSettings {
            folder: folder.map(|f| f.display().to_string()),
            keep: self.keep,
        })
    }
}

/// Whether the daily backup is due at `now`: a folder is set, and no backup was made yet on
/// this local day (Tashkent's) — or the last one is dated after `now`, the clock having been
/// put back, when it is safer to make one than to wait for the date to catch up.
pub fn backup_due(
    last: Option<OffsetDateTime>,
    now: OffsetDateTime,
    folder_configured: bool,
) -> bool {
    if !folder_configured {
        return false;
    }
    match last {
        None => true,
        Some(last) if last > now => true,
        Some(last) => {
            last.to_offset(crate::LOCAL_OFFSET).date() < now.to_offset(crate::LOCAL_OFFSET).date()
        }
    }
}

/// When the last backup of `store` was made, if ever.
pub fn last_backup(store: &Store) -> Result<Option<OffsetDateTime>, CounterError> {
    Ok(store
        .setting(KEY_LAST)?
        .and_then(|s| OffsetDateTime::parse(&s, &Rfc3339).ok()))
}

/// Notes that a backup of `store` was made at `at`.
pub fn note_backup(store: &Store, at: OffsetDateTime) -> Result<(), CounterError> {
    let at = crate::store::timestamp(at);
    store.set_settings(&[(KEY_LAST, Some(at.as_str()))])
}

/// How often the app looks whether the day's backup is due.
pub const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(30 * 60);

/// Runs for the life of the app: every [`CHECK_EVERY`], makes the day's backup when it is due
/// and a folder is set (off the async threads; a folder that is not there is logged and tried
/// again at the next check).
pub async fn keep_backing_up(counter: crate::Counter) {
    loop {
        let me = counter.clone();
        let made =
            tokio::task::spawn_blocking(move || me.backup_if_due(OffsetDateTime::now_utc())).await;
        match made {
            Ok(Ok(Some(info))) => {
                tracing::info!(path = %info.path.display(), "daily backup written")
            }
            Ok(Ok(None)) => {}
            Ok(Err(e)) => tracing::warn!(code = %e.code(), error = %e, "the daily backup failed"),
            Err(e) => tracing::error!(error = %e, "the daily backup stopped"),
        }
        tokio::time::sleep(CHECK_EVERY).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_backup_is_due_once_per_tashkent_day_with_a_folder() {
        let now = datetime!(2026-12-02 10:00 +5);
        assert!(!backup_due(None, now, false), "no folder, no backup");
        assert!(backup_due(None, now, true), "never backed up");
        assert!(!backup_due(Some(datetime!(2026-12-02 00:10 +5)), now, true));
        assert!(backup_due(Some(datetime!(2026-12-01 23:50 +5)), now, true));
        // 20:00 UTC on the 1st is already the 2nd in Tashkent.
        assert!(!backup_due(
            Some(datetime!(2026-12-01 20:00 UTC)),
            now,
            true
        ));
        assert!(backup_due(Some(datetime!(2026-12-01 18:59 UTC)), now, true));
        assert!(
            backup_due(Some(datetime!(2026-12-03 09:00 +5)), now, true),
            "the clock was put back"
        );
        assert!(!backup_due(
            Some(datetime!(2026-12-01 09:00 +5)),
            now,
            false
        ));
    }

    #[test]
    fn settings_are_checked_and_old_files_without_them_load() {
        let ok = BackupSettings {
            folder: Some(" /media/usb/backups ".into()),
            keep: Some(30),
        }
        .validated()
        .unwrap();
        assert_eq!(ok.folder.as_deref(), Some("/media/usb/backups"));
        assert_eq!(ok.keep(), 30);
        assert_eq!(BackupSettings::default().keep(), 14);
        let relative = BackupSettings {
            folder: Some("backups".into()),
            keep: None,
        };
        assert!(matches!(
            relative.validated(),
            Err(CounterError::InvalidSetting { setting, .. }) if setting == "backup.folder"
        ));
        let none = BackupSettings {
            folder: None,
            keep: Some(0),
        };
        assert!(none.validated().is_err());
        let empty = BackupSettings {
            folder: Some("  ".into()),
            keep: None,
        };
        assert_eq!(empty.validated().unwrap().folder, None);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(crate::settings::SETTINGS_FILE),
            r#"{"endpoint":null,"language":"ru","endpoint_chosen":false}"#,
        )
        .unwrap();
        assert_eq!(
            crate::settings::backup_settings(dir.path()).unwrap(),
            BackupSettings::default()
        );
        crate::settings::save_backup_settings(dir.path(), &ok).unwrap();
        assert_eq!(crate::settings::backup_settings(dir.path()).unwrap(), ok);
        assert_eq!(
            crate::settings::load(dir.path(), None).unwrap().language,
            "ru"
        );
        let s = crate::Settings {
            language: "en".into(),
            ..crate::Settings::default()
        };
        crate::settings::save(dir.path(), &s).unwrap();
        assert_eq!(
            crate::settings::backup_settings(dir.path()).unwrap(),
            ok,
            "saving the other settings keeps the backup's"
        );
    }
}
