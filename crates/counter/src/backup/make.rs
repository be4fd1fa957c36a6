//! Making a backup: [`backup_now`] (the daily timer, the updater's `before_update` hook and
//! `dorixona backup` all end here) and the counter's own calls for them.
//!
//! The steps: finish a restore a stop interrupted ([`super::swap::recover`]); check the folder
//! is there and a passphrase was set; copy the live database into the staging file under the
//! file's key ([`super::snapshot`]); write the backup atomically into the folder
//! ([`super::folder`]); keep the newest N; note the time; record it in the audit trail.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use time::OffsetDateTime;

use super::format::{self, Manifest, FORMAT};
use super::{folder, hex, key, schedule, snapshot, BackupProblem, BackupSettings};
use crate::audit::{AuditAction, AuditTrail};
use crate::db_key::KeyPlace;
use crate::error::CounterError;
use crate::secrets::TokenStore;
use crate::Counter;

/// The database setting holding this counter's random id (named in its backups' names).
const KEY_COUNTER_ID: &str = "backup.counter_id";

/// Why a backup is made (recorded in the audit trail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    /// The daily backup.
    Daily,
    /// Before an update is installed.
    BeforeUpdate,
    /// Someone asked for one (`dorixona backup`, a button).
    Manual,
}

/// How a backup is made.
#[derive(Debug, Clone)]
pub struct BackupOptions {
    /// How many backups of this counter the folder keeps (the newest).
    pub keep: usize,
    pub reason: BackupReason,
    /// The keyring service that keeps the database's secrets (and the backup key).
    pub tokens: TokenStore,
}

impl Default for BackupOptions {
    fn default() -> Self {
        BackupOptions {
            keep: usize::from(schedule::DEFAULT_KEEP),
            reason: BackupReason::Manual,
            tokens: TokenStore::default(),
        }
    }
}

/// A backup that was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupInfo {
    /// The backup file.
    pub path: PathBuf,
    /// When it was made (RFC 3339, UTC).
    pub created_at: String,
    /// Its size in bytes.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub bytes: u64,
    pub pharmacy_id: Option<String>,
    /// Rows per table in it.
    #[cfg_attr(feature = "specta", specta(type = std::collections::BTreeMap<String, f64>))]
    pub rows: BTreeMap<String, i64>,
    /// Older backups of this counter removed to keep the newest N.
    pub pruned: Vec<PathBuf>,
}

/// Writes an encrypted backup of the real database of `data_dir` into `folder` now, keeps the
/// newest `options.keep` of this counter's backups there, and records it in the audit trail.
/// Safe while the app runs (the copy is one moment of the database) and against a stop at any
/// point (the previous backups stay; no half file takes a backup's name).
pub fn backup_now(
    data_dir: &Path,
    folder: &Path,
    options: &BackupOptions,
) -> Result<BackupInfo, CounterError> {
    let _one = super::one_at_a_time();
    super::swap::recover(data_dir, &options.tokens)?;
    folder::check_folder(folder)?;
    let db = data_dir.join(crate::DB_FILE);
    let place = KeyPlace::choose(&options.tokens);
    let backup_key = key::kept(&place, &db)?.ok_or_else(|| {
        BackupProblem::NoPassphrase
            .error("no backup passphrase is set on this counter: an administrator sets it first")
    })?;
    let (store, head) = crate::open_data(data_dir, &options.tokens)?;
    let counter_id = match store.setting(KEY_COUNTER_ID)? {
        Some(id) => id,
        None => {
            let id = hex(&rand::random::<[u8; 4]>());
            store.set_settings(&[(KEY_COUNTER_ID, Some(id.as_str()))])?;
            id
        }
    };
    let nonce: [u8; 16] = rand::random();
    let keys = backup_key.file_keys(&nonce);
    let salt = store.patient_salt()?;
    let anchor = match &head {
        Some(h) => h.anchor()?.map(|a| a.encode()),
        None => None,
    };
    let mut meta = vec![(snapshot::META_PATIENT_SALT, salt.as_str())];
    if let Some(a) = &anchor {
        meta.push((snapshot::META_AUDIT_ANCHOR, a.as_str()));
    }
    let staging = snapshot::staging_path(data_dir);
    let facts = snapshot::copy(&store, &staging, &keys.data, &meta)?;
    let written = (|| {
        let prefix = folder::prefix(facts.pharmacy_id.as_deref(), &counter_id);
        folder::clean_partials(folder, &prefix);
        let now = OffsetDateTime::now_utc();
        let mut at = now;
        while folder
            .join(folder::file_name(&prefix, at))
            .try_exists()
            .unwrap_or(false)
        {
            at += time::Duration::milliseconds(1);
        }
        let manifest = Manifest {
            format: FORMAT,
            pharmacy_id: facts.pharmacy_id.clone(),
            counter_id: counter_id.clone(),
            created_at: crate::store::timestamp(now),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            schema_version: facts.schema_version,
            rows: facts.rows.clone(),
            kdf: backup_key.params().clone(),
            key_check: backup_key.check_value(),
            nonce: hex(&nonce),
            payload_len: std::fs::metadata(&staging)
                .map_err(|e| super::io_error("cannot read", &staging, e))?
                .len(),
            payload_sha256: format::sha256_of(&staging)?,
        };
        let path = folder::write_atomically(folder, &folder::file_name(&prefix, at), |f| {
            format::write(f, &manifest, &staging, &keys)
        })?;
        Ok::<_, CounterError>((prefix, manifest, path, now))
    })();
    snapshot::remove_db_files(&staging);
    let (prefix, manifest, path, now) = written?;
    let pruned = folder::prune(folder, &prefix, options.keep, &path)?;
    // The backup is written: what follows is noted, and a failure to note it is logged loudly
    // rather than reported as a failed backup.
    if let Err(e) = schedule::note_backup(&store, now) {
        tracing::error!(code = %e.code(), error = %e, "the time of the backup could not be noted");
    }
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let recorded = AuditTrail::new(head).record(
        &store,
        "-",
        AuditAction::Backup,
        &name,
        serde_json::json!({
            "reason": options.reason,
            "bytes": bytes,
            "dispenses": manifest.rows.get("dispenses"),
            "pruned": pruned.len(),
        }),
    );
    if let Err(e) = recorded {
        tracing::error!(code = %e.code(), error = %e, "the backup could not be recorded in the audit trail");
    }
    Ok(BackupInfo {
        path,
        created_at: manifest.created_at,
        bytes,
        pharmacy_id: manifest.pharmacy_id,
        rows: manifest.rows,
        pruned,
    })
}

/// The keyring service equivalent to where `place` keeps the database's secrets.
fn tokens_of(place: &KeyPlace) -> TokenStore {
    match place {
        KeyPlace::Keyring(tokens) => tokens.clone(),
        KeyPlace::File(file) => TokenStore::default().with_key_file(file),
    }
}

impl Counter {
    /// Where backups go and how many stay (the device's settings).
    pub fn backup_settings(&self) -> Result<BackupSettings, CounterError> {
        crate::settings::backup_settings(&self.inner.data_dir)
    }

    /// Saves where backups go and how many stay: an administrator's (`FORBIDDEN` otherwise).
    pub fn save_backup_settings(&self, new: &BackupSettings) -> Result<(), CounterError> {
        self.require(
            crate::access::Permission::Administer,
            "choose where backups go",
        )?;
        let valid = new.validated()?;
        crate::settings::save_backup_settings(&self.inner.data_dir, &valid)?;
        self.audit(
            AuditAction::SettingsChanged,
            "backup",
            serde_json::json!({ "folder": valid.folder.is_some(), "keep": valid.keep() }),
        );
        Ok(())
    }

    /// Whether a backup passphrase is set on this counter (its key is kept); false for training.
    pub fn backup_passphrase_set(&self) -> Result<bool, CounterError> {
        let Some(head) = self.inner.audit.head.as_ref() else {
            return Ok(false);
        };
        Ok(super::key::kept(&head.place, &head.db)?.is_some())
    }

    /// Sets the backup passphrase: the signed-in administrator confirms with their own
    /// `secret` (checked against their verifier here), as `dorixona backup-passphrase` does.
    pub fn set_backup_passphrase(
        &self,
        secret: crate::Sensitive<String>,
        passphrase: &crate::Sensitive<String>,
    ) -> Result<(), CounterError> {
        let session = self.require(
            crate::access::Permission::Administer,
            "set the backup passphrase",
        )?;
        let Some(head) = self.inner.audit.head.as_ref() else {
            return Err(CounterError::InvalidSetting {
                setting: "backup".to_owned(),
                reason: "training mode is never backed up".to_owned(),
            });
        };
        let login = self.active().map(|a| a.login).unwrap_or_default();
        let credentials = crate::reports::Credentials {
            pharmacy_id: session.pharmacy.pharmacy_id.clone(),
            login,
            secret,
        };
        super::key::set_passphrase(
            &self.inner.data_dir,
            &credentials,
            passphrase,
            &tokens_of(&head.place),
        )
    }

    /// When this counter's database was last backed up, if ever.
    pub fn last_backup(&self) -> Result<Option<OffsetDateTime>, CounterError> {
        schedule::last_backup(&self.inner.store)
    }

    /// A backup now into the configured folder (the updater's `before_update` hook, a button):
    /// `None` when no folder is set, or for the training database (never backed up).
    pub fn backup_to_configured(
        &self,
        reason: BackupReason,
    ) -> Result<Option<BackupInfo>, CounterError> {
        let Some(head) = self.inner.audit.head.as_ref() else {
            return Ok(None);
        };
        if head.db.file_name() != Some(std::ffi::OsStr::new(crate::DB_FILE)) {
            return Ok(None);
        }
        let settings = self.backup_settings()?;
        let Some(folder) = settings.folder() else {
            return Ok(None);
        };
        let options = BackupOptions {
            keep: settings.keep(),
            reason,
            tokens: tokens_of(&head.place),
        };
        backup_now(&self.inner.data_dir, &folder, &options).map(Some)
    }

    /// The daily backup when it is due at `now` ([`super::backup_due`]); `None` when it is not
    /// (or no folder is set). For the app's timer; blocking, so run it off the async threads.
    pub fn backup_if_due(&self, now: OffsetDateTime) -> Result<Option<BackupInfo>, CounterError> {
        let folder_set = self.backup_settings()?.folder().is_some();
        if !super::backup_due(self.last_backup()?, now, folder_set) {
            return Ok(None);
        }
        self.backup_to_configured(BackupReason::Daily)
    }
}
