//! The backups panel's commands (administrators): where backups go and how many stay, the
//! passphrase they are encrypted with, and a backup now. The daily backup runs by itself
//! (`counter::backup::schedule`); restoring is `dorixona restore`, with the app closed.

use counter::access::Permission;
use counter::backup::{BackupReason, BackupSettings};
use counter::Sensitive;
use serde::Serialize;
use tauri::State;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// What the panel shows.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct BackupStatus {
    pub settings: BackupSettings,
    /// A passphrase is set: backups can be made.
    pub passphrase_set: bool,
    /// When the last backup was made (RFC 3339), if ever.
    pub last_backup: Option<String>,
}

/// A backup just written.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct BackupWritten {
    /// The file's name in the folder.
    pub file: String,
}

fn status(counter: &counter::Counter) -> Result<BackupStatus, IpcError> {
    let last = counter.last_backup()?.and_then(|t| {
        t.format(&time::format_description::well_known::Rfc3339)
            .ok()
    });
    Ok(BackupStatus {
        settings: counter.backup_settings()?,
        passphrase_set: counter.backup_passphrase_set()?,
        last_backup: last,
    })
}

/// Where backups go, whether a passphrase is set, and when the last one was made.
#[tauri::command]
#[specta::specta]
pub async fn backup_status(state: State<'_, AppState>) -> Result<BackupStatus, IpcError> {
    let counter = state.counter_for(Permission::Administer, "see the backups")?;
    status(&counter)
}

/// Saves where backups go and how many stay.
#[tauri::command]
#[specta::specta]
pub async fn save_backup_settings(
    state: State<'_, AppState>,
    settings: BackupSettings,
) -> Result<BackupStatus, IpcError> {
    let counter = state.counter_for(Permission::Administer, "choose where backups go")?;
    counter.save_backup_settings(&settings)?;
    status(&counter)
}

/// Sets the backup passphrase; the administrator confirms with their own secret.
#[tauri::command]
#[specta::specta]
pub async fn set_backup_passphrase(
    state: State<'_, AppState>,
    secret: String,
    passphrase: String,
) -> Result<BackupStatus, IpcError> {
    let counter = state.counter_for(Permission::Administer, "set the backup passphrase")?;
    let c = counter.clone();
    tauri::async_runtime::spawn_blocking(move || {
        c.set_backup_passphrase(Sensitive::new(secret), &Sensitive::new(passphrase))
    })
    .await
    .map_err(|e| stopped("setting the passphrase", e))??;
    status(&counter)
}

/// Writes a backup now into the configured folder.
#[tauri::command]
#[specta::specta]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupWritten, IpcError> {
    let counter = state.counter_for(Permission::Administer, "back the counter up")?;
    let made = tauri::async_runtime::spawn_blocking(move || {
        counter.backup_to_configured(BackupReason::Manual)
    })
    .await
    .map_err(|e| stopped("the backup", e))??;
    let info = made.ok_or_else(|| {
        IpcError::from(counter::CounterError::InvalidSetting {
            setting: "backup".to_owned(),
            reason: "no backup folder is chosen".to_owned(),
        })
    })?;
    Ok(BackupWritten {
        file: info
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })
}

fn stopped(what: &str, e: impl std::fmt::Display) -> IpcError {
    IpcError::new(
        dmed_api::ErrorCode::Internal,
        format!("{what} stopped: {e}"),
    )
}
