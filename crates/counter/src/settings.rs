//! Settings rules: which endpoints and languages are acceptable, who may change what, and where
//! they are kept: `settings.json` in the data directory, beside (not inside) the databases, so
//! the real counter and training mode share them and start-up reads them before it opens a
//! database. They hold no patient data and no secret.

use crate::access::Permission;
use crate::error::{CounterError, StorageProblem};
use crate::machine_config::MachineConfig;
use crate::store::Store;
use crate::types::Settings;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The settings file inside the data directory.
pub const SETTINGS_FILE: &str = "settings.json";

/// The setting that holds the central system's base URL.
pub(crate) const KEY_ENDPOINT: &str = "endpoint";
const KEY_ADAPTER: &str = "adapter";
const KEY_LANGUAGE: &str = "language";
const KEY_CAMERA: &str = "camera";
const KEY_TEXT_SIZE: &str = "text_size";

/// Languages the UI speaks: Uzbek in Latin script (the default, `uz` as settings files of
/// earlier versions have it), Uzbek in Cyrillic script, Russian and English.
pub const LANGUAGES: [&str; 4] = ["uz", "uz-Cyrl", "ru", "en"];

/// The sizes of the window's text, in percent of the normal size: normal, large and larger (for
/// small screens of high resolution, where the normal size reads small). The first is the default.
pub const TEXT_SIZES: [u16; 3] = [100, 125, 150];

/// The allowed text size nearest to `percent` (for a hand-edited settings file).
fn nearest_text_size(percent: u16) -> u16 {
    TEXT_SIZES
        .into_iter()
        .min_by_key(|size| size.abs_diff(percent))
        .unwrap_or(TEXT_SIZES[0])
}

/// The `INVALID_SETTING` of a language the UI does not speak.
pub(crate) fn unknown_language(language: &str) -> CounterError {
    CounterError::InvalidSetting {
        setting: KEY_LANGUAGE.to_owned(),
        reason: format!("'{language}' is not one of {}", LANGUAGES.join(", ")),
    }
}

/// Checks a central API base URL ([`central::endpoint::validate`]); a refusal is an invalid
/// `endpoint` setting (the conversion from `CentralError::InvalidEndpoint`).
pub fn validate_endpoint(endpoint: &str) -> Result<String, CounterError> {
    Ok(central::endpoint::validate(endpoint)?)
}

/// Checks a whole settings value; returns it normalized.
pub fn validate(settings: &Settings) -> Result<Settings, CounterError> {
    let endpoint = settings
        .endpoint
        .as_deref()
        .map(validate_endpoint)
        .transpose()?;
    let adapter =
        settings
            .adapter
            .parse::<central::Adapter>()
            .map_err(|e| CounterError::InvalidSetting {
                setting: KEY_ADAPTER.to_owned(),
                reason: match e {
                    central::CentralError::InvalidEndpoint { reason } => reason,
                    other => other.to_string(),
                },
            })?;
    if !LANGUAGES.contains(&settings.language.as_str()) {
        return Err(unknown_language(&settings.language));
    }
    if !TEXT_SIZES.contains(&settings.text_size) {
        return Err(CounterError::InvalidSetting {
            setting: KEY_TEXT_SIZE.to_owned(),
            reason: format!(
                "{} is not one of {}",
                settings.text_size,
                TEXT_SIZES.map(|size| format!("{size}%")).join(", ")
            ),
        });
    }
    Ok(Settings {
        endpoint,
        adapter: adapter.as_str().to_owned(),
        language: settings.language.clone(),
        camera: settings
            .camera
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned),
        text_size: settings.text_size,
        pharmacy_id: settings
            .pharmacy_id
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned),
        fixed: settings.fixed.clone(),
    })
}

/// The file as written.
#[derive(Debug, Default, Serialize, Deserialize)]
struct SettingsFile {
    #[serde(default)]
    endpoint: Option<String>,
    /// The protocol of `endpoint` (absent: contract v1, as before the setting existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    adapter: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    camera: Option<String>,
    /// The text size in percent (absent: the normal size, as before the setting existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text_size: Option<u16>,
    /// The pharmacy this counter belongs to (absent: none chosen yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pharmacy_id: Option<String>,
    /// Set once an endpoint was first saved: from then on only an administrator changes it.
    #[serde(default)]
    endpoint_chosen: bool,
    /// Set when the first-run setup was finished: from then on the device's settings are an
    /// administrator's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    setup_done: bool,
    /// Minutes of inactivity before the window locks (a manager's choice; absent: the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lock_after_minutes: Option<u8>,
    /// The receipt printer and how receipts reach it (a manager's choice; absent: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    printing: Option<crate::printing::PrintSettings>,
    /// Where backups go and how many are kept (an administrator's choice; absent: no backups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    backup: Option<crate::backup::BackupSettings>,
}

fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(SETTINGS_FILE)
}

fn storage(reason: String) -> CounterError {
    CounterError::Storage {
        problem: StorageProblem::Other,
        reason,
    }
}

fn read_file(data_dir: &Path) -> Result<Option<SettingsFile>, CounterError> {
    let p = path(data_dir);
    match std::fs::read(&p) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            storage(format!(
                "the settings file {} is damaged ({e}); correct it or delete it to start from the defaults",
                p.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(storage(format!("the settings file {} cannot be read: {e}", p.display()))),
    }
}

/// Writes the file whole (a temporary file renamed over it: a crash leaves the old or the new).
fn write_file(data_dir: &Path, file: &SettingsFile) -> Result<(), CounterError> {
    let p = path(data_dir);
    let tmp = p.with_extension("json.tmp");
    let bytes = serde_json::to_vec_pretty(file)?;
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, &p))
        .map_err(|e| {
            storage(format!(
                "the settings file {} cannot be written: {e}",
                p.display()
            ))
        })
}

/// Settings kept by earlier versions in the database's `settings` table, read once when there
/// is no settings file yet.
fn legacy(store: Option<&Store>) -> Result<SettingsFile, CounterError> {
    let Some(store) = store else {
        return Ok(SettingsFile::default());
    };
    let endpoint = store.setting(KEY_ENDPOINT)?;
    Ok(SettingsFile {
        endpoint_chosen: endpoint.is_some(),
        endpoint,
        adapter: None,
        setup_done: false,
        language: store.setting(KEY_LANGUAGE)?,
        camera: store.setting(KEY_CAMERA)?,
        text_size: None,
        pharmacy_id: None,
        lock_after_minutes: None,
        printing: None,
        backup: None,
    })
}

fn file_or_legacy(data_dir: &Path, store: Option<&Store>) -> Result<SettingsFile, CounterError> {
    match read_file(data_dir)? {
        Some(f) => Ok(f),
        None => {
            let old = legacy(store)?;
            if store.is_some() {
                write_file(data_dir, &old)?;
            }
            Ok(old)
        }
    }
}

/// Reads the settings of `data_dir`, with defaults for what was never saved, under and over the
/// machine configuration ([`MachineConfig`]). `store`: the counter's database, whose old
/// `settings` table is moved into the file the first time.
pub fn load(data_dir: &Path, store: Option<&Store>) -> Result<Settings, CounterError> {
    load_with(data_dir, store, &MachineConfig::load()?)
}

/// [`load`] with the machine configuration `machine`: its fixed values, then the user's
/// choices, then its defaults, then the built-in ones.
pub fn load_with(
    data_dir: &Path,
    store: Option<&Store>,
    machine: &MachineConfig,
) -> Result<Settings, CounterError> {
    let f = file_or_legacy(data_dir, store)?;
    let builtin = Settings::default();
    let (fixed, defaults) = (&machine.fixed, &machine.defaults);
    let pick = |fixed: &Option<String>, user: Option<String>, default: &Option<String>| {
        fixed.clone().or(user).or_else(|| default.clone())
    };
    Ok(Settings {
        endpoint: pick(&fixed.endpoint, f.endpoint, &defaults.endpoint),
        adapter: pick(&fixed.adapter, f.adapter, &defaults.adapter).unwrap_or(builtin.adapter),
        language: pick(&fixed.language, f.language, &defaults.language).unwrap_or(builtin.language),
        camera: pick(&fixed.camera, f.camera, &defaults.camera),
        text_size: fixed
            .text_size
            .or(f.text_size)
            .or(defaults.text_size)
            .map_or(builtin.text_size, nearest_text_size),
        pharmacy_id: pick(&fixed.pharmacy_id, f.pharmacy_id, &defaults.pharmacy_id),
        fixed: fixed.names().into_iter().map(str::to_owned).collect(),
    })
}

/// `INVALID_SETTING` when `new` changes a value the machine configuration fixes.
fn check_fixed(machine: &MachineConfig, new: &Settings) -> Result<(), CounterError> {
    let fixed = &machine.fixed;
    let differs = |name: &'static str, fixed: Option<String>, new: Option<String>| {
        (fixed.is_some() && fixed != new).then_some(name)
    };
    let changed = [
        differs("endpoint", fixed.endpoint.clone(), new.endpoint.clone()),
        differs("adapter", fixed.adapter.clone(), Some(new.adapter.clone())),
        differs(
            "language",
            fixed.language.clone(),
            Some(new.language.clone()),
        ),
        differs("camera", fixed.camera.clone(), new.camera.clone()),
        differs(
            "text_size",
            fixed.text_size.map(|t| t.to_string()),
            Some(new.text_size.to_string()),
        ),
        differs(
            "pharmacy_id",
            fixed.pharmacy_id.clone(),
            new.pharmacy_id.clone(),
        ),
    ];
    match changed.into_iter().flatten().next() {
        Some(setting) => Err(fixed_by_machine(setting)),
        None => Ok(()),
    }
}

/// The refusal to change `setting`, which the machine configuration fixes.
fn fixed_by_machine(setting: &str) -> CounterError {
    CounterError::InvalidSetting {
        setting: setting.to_owned(),
        reason: format!(
            "it is fixed by the machine configuration ({}); only the installer changes it there",
            crate::machine_config::path().display()
        ),
    }
}

/// Whether an endpoint was ever saved on this counter (the first-run choice is made), or the
/// machine configuration fixes it.
pub fn endpoint_chosen(data_dir: &Path) -> Result<bool, CounterError> {
    if MachineConfig::load()?.fixed.endpoint.is_some() {
        return Ok(true);
    }
    Ok(read_file(data_dir)?.is_some_and(|f| f.endpoint_chosen))
}

/// The permission needed to go from `old` to `new` (both validated): the language is anyone's;
/// the camera is the device's, so an administrator's; the central endpoint too, except for the
/// very first choice on a fresh install (`chosen` false), which whoever sets the counter up
/// makes before anyone can sign in.
pub fn permission_to_change(old: &Settings, new: &Settings, chosen: bool) -> Permission {
    let endpoint_changed = old.endpoint != new.endpoint || old.adapter != new.adapter;
    if old.camera != new.camera || (endpoint_changed && chosen) {
        Permission::Administer
    } else {
        Permission::Anyone
    }
}

/// Validates and saves settings (who may is the caller's check: [`permission_to_change`]); a
/// value the machine configuration fixes cannot change.
pub fn save(data_dir: &Path, settings: &Settings) -> Result<(), CounterError> {
    save_with(data_dir, settings, &MachineConfig::load()?)
}

/// [`save`] under the machine configuration `machine`.
pub fn save_with(
    data_dir: &Path,
    settings: &Settings,
    machine: &MachineConfig,
) -> Result<(), CounterError> {
    let s = validate(settings)?;
    check_fixed(machine, &s)?;
    let old = read_file(data_dir)?.unwrap_or_default();
    let chosen = old.endpoint_chosen || s.endpoint.is_some();
    write_file(
        data_dir,
        &SettingsFile {
            endpoint: s.endpoint,
            adapter: Some(s.adapter),
            language: Some(s.language),
            camera: s.camera,
            text_size: Some(s.text_size),
            pharmacy_id: s.pharmacy_id,
            endpoint_chosen: chosen,
            setup_done: old.setup_done,
            lock_after_minutes: old.lock_after_minutes,
            printing: old.printing,
            backup: old.backup,
        },
    )
}

/// Whether the first-run setup is still to be done: never finished, and no endpoint was ever
/// chosen here (a counter set up before the setup existed counts as set up).
pub fn setup_needed(data_dir: &Path) -> Result<bool, CounterError> {
    Ok(read_file(data_dir)?.is_none_or(|f| !f.setup_done && !f.endpoint_chosen))
}

/// Records that the first-run setup is finished.
pub fn mark_setup_done(data_dir: &Path) -> Result<(), CounterError> {
    let mut file = read_file(data_dir)?.unwrap_or_default();
    file.setup_done = true;
    write_file(data_dir, &file)
}

/// The minutes of inactivity after which the window locks: the manager's choice, or
/// [`crate::lock::DEFAULT_MINUTES`]. A value out of range in a hand-edited file counts as the
/// nearest allowed one.
pub fn lock_after_minutes(data_dir: &Path) -> Result<u8, CounterError> {
    let machine = MachineConfig::load()?;
    let user = read_file(data_dir)?.and_then(|f| f.lock_after_minutes);
    let chosen = machine
        .fixed
        .lock_after_minutes
        .or(user)
        .or(machine.defaults.lock_after_minutes);
    Ok(chosen.map_or(crate::lock::DEFAULT_MINUTES, |m| {
        m.clamp(*crate::lock::MINUTES.start(), *crate::lock::MINUTES.end())
    }))
}

/// Saves the minutes of inactivity after which the window locks (`INVALID_SETTING` outside
/// [`crate::lock::MINUTES`]; who may is the caller's check).
pub fn save_lock_after_minutes(data_dir: &Path, minutes: u8) -> Result<(), CounterError> {
    let range = crate::lock::MINUTES;
    if !range.contains(&minutes) {
        return Err(CounterError::InvalidSetting {
            setting: "lock_after_minutes".to_owned(),
            reason: format!(
                "{minutes} is not between {} and {} minutes",
                range.start(),
                range.end()
            ),
        });
    }
    if MachineConfig::load()?.fixed.lock_after_minutes.is_some() {
        return Err(fixed_by_machine("lock_after_minutes"));
    }
    let mut file = read_file(data_dir)?.unwrap_or_default();
    file.lock_after_minutes = Some(minutes);
    write_file(data_dir, &file)
}

/// The receipt printer settings (none chosen by default).
pub fn print_settings(data_dir: &Path) -> Result<crate::printing::PrintSettings, CounterError> {
    Ok(read_file(data_dir)?
        .and_then(|f| f.printing)
        .unwrap_or_default())
}

/// Saves the receipt printer settings (who may is the caller's check).
pub fn save_print_settings(
    data_dir: &Path,
    printing: &crate::printing::PrintSettings,
) -> Result<(), CounterError> {
    let mut file = read_file(data_dir)?.unwrap_or_default();
    file.printing = Some(printing.clone());
    write_file(data_dir, &file)
}

/// Where backups go and how many are kept (none configured by default).
pub fn backup_settings(data_dir: &Path) -> Result<crate::backup::BackupSettings, CounterError> {
    Ok(read_file(data_dir)?
        .and_then(|f| f.backup)
        .unwrap_or_default())
}

/// Checks and saves where backups go (`INVALID_SETTING` for a folder that is not an absolute
/// path, or a count outside [`crate::backup::KEEP_RANGE`]; who may is the caller's check).
pub fn save_backup_settings(
    data_dir: &Path,
    backup: &crate::backup::BackupSettings,
) -> Result<(), CounterError> {
    let valid = backup.validated()?;
    let mut file = read_file(data_dir)?.unwrap_or_default();
    file.backup = Some(valid);
    write_file(data_dir, &file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::ErrorCode;

    #[test]
    fn endpoint_rules() {
        let ok = [
            ("https://api.dmed.uz", "https://api.dmed.uz"),
            ("https://api.dmed.uz/", "https://api.dmed.uz"),
            ("http://127.0.0.1:8787", "http://127.0.0.1:8787"),
            ("http://localhost:8787/", "http://localhost:8787"),
            ("http://[::1]:8787", "http://[::1]:8787"),
            (" https://x.uz/base ", "https://x.uz/base"),
        ];
        for (input, want) in ok {
            assert_eq!(validate_endpoint(input).unwrap(), want, "{input}");
        }
        let bad = [
            "http://api.dmed.uz",
            "http://10.0.0.5:8787",
            "ftp://127.0.0.1",
            "not a url",
            "",
            "https://api.dmed.uz/v1",
            "https://user:pw@api.dmed.uz",
        ];
        for input in bad {
            let err = validate_endpoint(input).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidSetting, "{input}");
            assert_eq!(err.details()["setting"], "endpoint");
        }
    }

    #[test]
    fn the_adapter_is_named_and_checked() {
        let mut s = Settings::default();
        assert_eq!(validate(&s).unwrap().adapter, "dmed-v1");
        s.adapter = " DHP-FHIR ".into();
        assert_eq!(validate(&s).unwrap().adapter, "dhp-fhir");
        s.adapter = "hl7v2".into();
        let err = validate(&s).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidSetting);
        assert_eq!(err.details()["setting"], "adapter");
        assert!(err.to_string().contains("dmed-v1, dhp-fhir"), "{err}");
    }

    #[test]
    fn changing_the_adapter_is_an_administrators_once_chosen() {
        let old = Settings::default();
        let new = Settings {
            adapter: "dhp-fhir".into(),
            ..Settings::default()
        };
        assert_eq!(
            permission_to_change(&old, &new, true),
            Permission::Administer
        );
        assert_eq!(permission_to_change(&old, &new, false), Permission::Anyone);
    }

    #[test]
    fn a_file_without_an_adapter_is_contract_v1_and_a_saved_one_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(SETTINGS_FILE),
            br#"{"endpoint":"https://api.dmed.uz","language":"uz","endpoint_chosen":true}"#,
        )
        .unwrap();
        assert_eq!(load(dir.path(), None).unwrap().adapter, "dmed-v1");
        let fhir = Settings {
            endpoint: Some("https://playground.dhp.uz/fhir".into()),
            adapter: "dhp-fhir".into(),
            ..Settings::default()
        };
        save(dir.path(), &fhir).unwrap();
        assert_eq!(load(dir.path(), None).unwrap(), fhir);
    }

    #[test]
    fn language_must_be_one_of_the_four() {
        let mut s = Settings::default();
        assert!(validate(&s).is_ok());
        for l in ["uz", "uz-Cyrl", "ru", "en"] {
            s.language = l.into();
            assert_eq!(validate(&s).unwrap().language, l);
        }
        for bad in ["fr", "uz-cyrl", "ru-RU", ""] {
            s.language = bad.into();
            let e = validate(&s).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidSetting, "{bad}");
            assert_eq!(e.details()["setting"], "language");
            assert!(e.to_string().contains("uz, uz-Cyrl, ru, en"), "{e}");
        }
    }

    #[test]
    fn the_text_size_is_one_of_three_anyones_and_kept() {
        let mut s = Settings::default();
        assert_eq!(s.text_size, 100);
        for size in TEXT_SIZES {
            s.text_size = size;
            assert_eq!(validate(&s).unwrap().text_size, size);
        }
        for bad in [0, 99, 110, 200, 1000] {
            s.text_size = bad;
            let e = validate(&s).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidSetting, "{bad}");
            assert_eq!(e.details()["setting"], "text_size");
            assert!(e.to_string().contains("100%, 125%, 150%"), "{e}");
        }
        // Anyone may change it: it is neither the address nor the camera.
        let large = Settings {
            text_size: 150,
            ..Settings::default()
        };
        assert_eq!(
            permission_to_change(&Settings::default(), &large, true),
            Permission::Anyone
        );
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), &large).unwrap();
        assert_eq!(load(dir.path(), None).unwrap().text_size, 150);
        // Saving the other settings keeps it, as the dialog sends it back with them.
        save(
            dir.path(),
            &Settings {
                language: "ru".into(),
                ..large.clone()
            },
        )
        .unwrap();
        assert_eq!(load(dir.path(), None).unwrap().text_size, 150);
    }

    #[test]
    fn a_file_without_a_text_size_is_normal_and_a_hand_edited_one_is_the_nearest() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(SETTINGS_FILE);
        std::fs::write(&file, br#"{"endpoint":null,"language":"uz"}"#).unwrap();
        assert_eq!(load(dir.path(), None).unwrap().text_size, 100);
        std::fs::write(
            &file,
            br#"{"endpoint":null,"language":"uz","text_size":140}"#,
        )
        .unwrap();
        assert_eq!(load(dir.path(), None).unwrap().text_size, 150);
        std::fs::write(&file, br#"{"endpoint":null,"language":"uz","text_size":0}"#).unwrap();
        assert_eq!(load(dir.path(), None).unwrap().text_size, 100);
        // The value as the window sends it, without the field (an older window): the normal size.
        let s: Settings = serde_json::from_str(r#"{"endpoint":null,"language":"uz"}"#).unwrap();
        assert_eq!(s.text_size, 100);
    }

    fn with(endpoint: Option<&str>, camera: Option<&str>, language: &str) -> Settings {
        Settings {
            endpoint: endpoint.map(str::to_owned),
            adapter: "dmed-v1".into(),
            language: language.into(),
            camera: camera.map(str::to_owned),
            text_size: 100,
            ..Settings::default()
        }
    }

    #[test]
    fn the_first_endpoint_is_anyones_choice_and_later_ones_an_administrators() {
        let fresh = Settings::default();
        let real = with(Some("https://api.dmed.uz"), None, "uz");
        assert_eq!(
            permission_to_change(&fresh, &real, false),
            Permission::Anyone
        );
        let other = with(Some("https://evil.example"), None, "uz");
        assert_eq!(
            permission_to_change(&real, &other, true),
            Permission::Administer
        );
        // Back to training mode is a change of endpoint too.
        assert_eq!(
            permission_to_change(&real, &fresh, true),
            Permission::Administer
        );
    }

    #[test]
    fn the_camera_is_a_device_setting_and_the_language_anyones() {
        let a = with(None, Some("HD Webcam"), "uz");
        let b = with(None, Some("Other cam"), "uz");
        assert_eq!(permission_to_change(&a, &b, false), Permission::Administer);
        let en = with(None, Some("HD Webcam"), "en");
        assert_eq!(permission_to_change(&a, &en, true), Permission::Anyone);
    }

    #[test]
    fn saving_an_endpoint_marks_the_first_choice_made() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        save(d, &with(None, None, "en")).unwrap();
        assert!(!endpoint_chosen(d).unwrap());
        save(d, &with(Some("https://api.dmed.uz"), None, "en")).unwrap();
        assert!(endpoint_chosen(d).unwrap());
        save(d, &Settings::default()).unwrap();
        assert!(
            endpoint_chosen(d).unwrap(),
            "clearing it does not make the counter fresh"
        );
    }

    #[test]
    fn settings_of_an_earlier_version_move_from_the_database_into_the_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        store
            .set_settings(&[
                (KEY_ENDPOINT, Some("https://api.dmed.uz")),
                (KEY_LANGUAGE, Some("en")),
            ])
            .unwrap();
        let s = load(dir.path(), Some(&store)).unwrap();
        assert_eq!(s.endpoint.as_deref(), Some("https://api.dmed.uz"));
        assert_eq!(s.language, "en");
        assert!(dir.path().join(SETTINGS_FILE).is_file());
        assert!(endpoint_chosen(dir.path()).unwrap());
        // From now on the file is what counts.
        store.set_settings(&[(KEY_LANGUAGE, Some("uz"))]).unwrap();
        assert_eq!(load(dir.path(), Some(&store)).unwrap().language, "en");
    }

    #[test]
    fn a_damaged_settings_file_is_reported_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SETTINGS_FILE), b"{not json").unwrap();
        let e = load(dir.path(), None).unwrap_err();
        assert_eq!(e.code(), ErrorCode::StorageError);
        assert!(e.to_string().contains("damaged"), "{e}");
        assert_eq!(
            std::fs::read(dir.path().join(SETTINGS_FILE)).unwrap(),
            b"{not json"
        );
    }

    #[test]
    fn saved_settings_read_back_and_none_means_training() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path();
        assert_eq!(load(store, None).unwrap(), Settings::default());
        let s = Settings {
            endpoint: Some("https://api.dmed.uz/".into()),
            adapter: "dmed-v1".into(),
            language: "en".into(),
            camera: Some(" HD Webcam ".into()),
            text_size: 125,
            ..Settings::default()
        };
        save(store, &s).unwrap();
        let back = load(store, None).unwrap();
        assert_eq!(back.endpoint.as_deref(), Some("https://api.dmed.uz"));
        assert_eq!(back.language, "en");
        assert_eq!(back.camera.as_deref(), Some("HD Webcam"));
        assert_eq!(back.text_size, 125);
        save(store, &Settings::default()).unwrap();
        assert_eq!(load(store, None).unwrap().endpoint, None);
    }
}

#[cfg(test)]
mod machine_tests {
    use super::*;
    use crate::machine_config::Layer;

    fn machine() -> MachineConfig {
        MachineConfig {
            defaults: Layer {
                language: Some("ru".into()),
                text_size: Some(125),
                ..Layer::default()
            },
            fixed: Layer {
                endpoint: Some("https://api.dmed.uz".into()),
                pharmacy_id: Some("PH-0042".into()),
                ..Layer::default()
            },
        }
    }

    #[test]
    fn fixed_values_win_user_choices_beat_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let m = machine();
        let fresh = load_with(dir.path(), None, &m).unwrap();
        assert_eq!(fresh.endpoint.as_deref(), Some("https://api.dmed.uz"));
        assert_eq!(fresh.pharmacy_id.as_deref(), Some("PH-0042"));
        assert_eq!((fresh.language.as_str(), fresh.text_size), ("ru", 125));
        assert_eq!(fresh.fixed, ["pharmacy_id", "endpoint"]);

        let mine = Settings {
            language: "uz-Cyrl".into(),
            ..fresh.clone()
        };
        save_with(dir.path(), &mine, &m).unwrap();
        let back = load_with(dir.path(), None, &m).unwrap();
        assert_eq!(
            back.language, "uz-Cyrl",
            "the user's choice beats the default"
        );
        assert_eq!(back.text_size, 125);
    }

    #[test]
    fn a_save_that_changes_a_fixed_value_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let m = machine();
        let fresh = load_with(dir.path(), None, &m).unwrap();
        let moved = Settings {
            endpoint: Some("https://elsewhere.uz".into()),
            ..fresh.clone()
        };
        let e = save_with(dir.path(), &moved, &m).unwrap_err();
        assert!(
            matches!(&e, CounterError::InvalidSetting { setting, reason }
                if setting == "endpoint" && reason.contains("machine configuration")),
            "{e:?}"
        );
        assert!(!dir.path().join(SETTINGS_FILE).exists());
        let other_pharmacy = Settings {
            pharmacy_id: Some("PH-9".into()),
            ..fresh
        };
        assert!(save_with(dir.path(), &other_pharmacy, &m).is_err());
    }
}
