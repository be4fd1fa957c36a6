//! Where the keys of the local database come from: the OS keyring (one random key per database
//! file, made on first run), or, on a machine without a Secret Service, a key file the installer
//! names in `DORIXONA_DB_KEY_FILE`. With neither, the real database is not opened at all: patient
//! data is never written in the clear (decision 0012). The salt of the keyed patient hash is kept
//! the same way, apart from the hashes.

use std::path::{Path, PathBuf};

use crate::error::{CounterError, StorageProblem};
use crate::secrets::{KeyringStatus, Sensitive, TokenStore};
use crate::store::cipher::{self, DbKey};

/// Env var naming a key file to use instead of the keyring (64 hex digits; made, readable by
/// its owner only, when missing).
pub const ENV_KEY_FILE: &str = "DORIXONA_DB_KEY_FILE";

/// Where a database's secrets are kept.
#[derive(Debug, Clone)]
pub enum KeyPlace {
    /// The OS keyring, under this store's service name.
    Keyring(TokenStore),
    /// A key file (its salt beside it, `<file>.salt`).
    File(PathBuf),
}

impl KeyPlace {
    /// The key file of `DORIXONA_DB_KEY_FILE` when set, else the key file `tokens` names,
    /// else the keyring of `tokens`.
    pub fn choose(tokens: &TokenStore) -> KeyPlace {
        match std::env::var_os(ENV_KEY_FILE).filter(|v| !v.is_empty()) {
            Some(path) => KeyPlace::File(PathBuf::from(path)),
            None => match tokens.key_file() {
                Some(file) => KeyPlace::File(file.to_owned()),
                None => KeyPlace::Keyring(tokens.clone()),
            },
        }
    }
}

fn no_keyring(reason: &str) -> CounterError {
    CounterError::storage(
        StorageProblem::NoKeyring,
        format!("the system keyring is not available: {reason}"),
    )
}

/// The file that keeps `kind` for database `db` when a key file is used: the key file itself
/// for the real database's key, `<file>.<kind>` for its other values, and
/// `<file>.<database stem>.<kind>` for any other database (training), so two databases never
/// share a key, a salt or an audit head.
fn file_for(file: &Path, kind: &str, db: &Path) -> PathBuf {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let real = stem == crate::DB_FILE.trim_end_matches(".sqlite");
    let mut p = file.as_os_str().to_owned();
    match (real, kind) {
        (true, "db-key") => {}
        (true, _) => p.push(format!(".{kind}")),
        (false, _) => p.push(format!(".{stem}.{kind}")),
    }
    PathBuf::from(p)
}

fn keyring_user(kind: &str, db: &Path) -> String {
    let canonical = db
        .parent()
        .and_then(|d| d.canonicalize().ok())
        .map(|d| d.join(db.file_name().unwrap_or_default()))
        .unwrap_or_else(|| db.to_owned());
    format!("{kind}|{}", canonical.display())
}

/// Reads or makes one secret (64 hex digits) kept at `place` for `db`.
fn get_or_make(
    place: &KeyPlace,
    kind: &str,
    db: &Path,
    may_make: bool,
) -> Result<Option<Sensitive<String>>, CounterError> {
    match place {
        KeyPlace::Keyring(tokens) => {
            if let KeyringStatus::Unavailable(reason) = tokens.available() {
                return Err(no_keyring(&reason));
            }
            let user = keyring_user(kind, db);
            if let Some(v) = tokens.secret(&user).map_err(|e| no_keyring(&e))? {
                return Ok(Some(v));
            }
            if !may_make {
                return Ok(None);
            }
            let fresh = DbKey::random().to_hex();
            tokens
                .set_secret(&user, &fresh)
                .map_err(|e| no_keyring(&e))?;
            // Read it back: a keyring that forgets must not leave an unopenable database.
            match tokens.secret(&user).map_err(|e| no_keyring(&e))? {
                Some(v) if v.expose() == fresh.expose() => Ok(Some(v)),
                _ => Err(no_keyring("it did not keep the new key")),
            }
        }
        KeyPlace::File(file) => {
            let path = file_for(file, kind, db);
            match std::fs::read_to_string(&path) {
                Ok(v) => Ok(Some(Sensitive::new(v.trim().to_owned()))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && may_make => {
                    let fresh = DbKey::random().to_hex();
                    write_private(&path, fresh.expose())?;
                    Ok(Some(fresh))
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(CounterError::storage(
                    StorageProblem::NoKeyring,
                    format!("the key file {} cannot be read: {e}", path.display()),
                )),
            }
        }
    }
}

fn write_private(path: &Path, text: &str) -> Result<(), CounterError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .map_err(|e| {
            CounterError::storage(
                StorageProblem::NoKeyring,
                format!("the key file {} cannot be written: {e}", path.display()),
            )
        })
}

/// A value kept beside the database's key (`kind`: e.g. `audit-head`), if one was kept.
pub fn kept(
    place: &KeyPlace,
    kind: &str,
    db: &Path,
) -> Result<Option<Sensitive<String>>, CounterError> {
    get_or_make(place, kind, db, false)
}

/// Keeps (replaces) a value beside the database's key.
pub fn keep(place: &KeyPlace, kind: &str, db: &Path, value: &str) -> Result<(), CounterError> {
    match place {
        KeyPlace::Keyring(tokens) => tokens
            .set_secret(&keyring_user(kind, db), &Sensitive::new(value.to_owned()))
            .map_err(|e| no_keyring(&e)),
        KeyPlace::File(file) => {
            let path = file_for(file, kind, db);
            let mut tmp = path.as_os_str().to_owned();
            tmp.push(".tmp");
            let tmp = PathBuf::from(tmp);
            let _ = std::fs::remove_file(&tmp);
            write_private(&tmp, value)?;
            std::fs::rename(&tmp, &path).map_err(|e| {
                CounterError::storage(
                    StorageProblem::NoKeyring,
                    format!("{} cannot be written: {e}", path.display()),
                )
            })
        }
    }
}

/// The key of the database file `db`: the kept one, or a new one for a database that is new or
/// still plain. An encrypted database whose key is gone is an error, never a new key.
pub fn database_key(place: &KeyPlace, db: &Path) -> Result<DbKey, CounterError> {
    let encrypted_exists = db.is_file()
        && std::fs::metadata(db).map(|m| m.len() > 0).unwrap_or(false)
        && !cipher::is_plaintext(db)?;
    let hex = get_or_make(place, "db-key", db, !encrypted_exists)?.ok_or_else(|| {
        CounterError::storage(
            StorageProblem::Corrupt,
            format!(
                "the key of the encrypted local database {} is missing from this computer's keyring",
                db.display()
            ),
        )
    })?;
    DbKey::from_hex(hex.expose()).ok_or_else(|| {
        CounterError::storage(
            StorageProblem::Corrupt,
            "the kept database key is malformed",
        )
    })
}

/// The salt of the keyed patient hash of database `db`, kept apart from the hashes. `legacy`:
/// the salt an earlier version kept inside the database, adopted when none is kept yet (so
/// patients keep their keys in reports).
pub fn patient_salt(
    place: &KeyPlace,
    db: &Path,
    legacy: Option<Sensitive<String>>,
) -> Result<Sensitive<String>, CounterError> {
    if let Some(kept) = get_or_make(place, "patient-salt", db, false)? {
        return Ok(kept);
    }
    match (legacy, place) {
        (Some(old), KeyPlace::Keyring(tokens)) => {
            tokens
                .set_secret(&keyring_user("patient-salt", db), &old)
                .map_err(|e| no_keyring(&e))?;
            Ok(old)
        }
        (Some(old), KeyPlace::File(file)) => {
            write_private(&file_for(file, "patient-salt", db), old.expose())?;
            Ok(old)
        }
        (None, _) => get_or_make(place, "patient-salt", db, true)?
            .ok_or_else(|| CounterError::storage(StorageProblem::Other, "no patient-key salt")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_made_private_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("db.key");
        let place = KeyPlace::File(file.clone());
        let db = dir.path().join(crate::DB_FILE);
        let a = database_key(&place, &db).unwrap();
        let b = database_key(&place, &db).unwrap();
        assert_eq!(a.to_hex().expose(), b.to_hex().expose());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let salt = patient_salt(&place, &db, None).unwrap();
        assert_ne!(salt.expose(), a.to_hex().expose());
        assert!(dir.path().join("db.key.patient-salt").is_file());
        // Another database (training) keeps its own key and salt beside the same file.
        let training = dir.path().join("training-counter.sqlite");
        let t = database_key(&place, &training).unwrap();
        assert_ne!(t.to_hex().expose(), a.to_hex().expose());
        assert!(dir.path().join("db.key.training-counter.db-key").is_file());
        let again = patient_salt(&place, &db, Some(Sensitive::new("old".into()))).unwrap();
        assert_eq!(
            again.expose(),
            salt.expose(),
            "a kept salt wins over a legacy one"
        );
    }

    #[test]
    fn an_encrypted_database_whose_key_is_gone_gets_no_new_key() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.sqlite");
        let store = crate::store::Store::open_keyed(&db, Some(&DbKey::random())).unwrap();
        drop(store);
        let place = KeyPlace::File(dir.path().join("missing.key"));
        let e = database_key(&place, &db).unwrap_err();
        assert!(e.to_string().contains("missing"), "{e}");
        assert!(!dir.path().join("missing.key").exists());
    }
}

#[cfg(test)]
mod legacy_tests {
    use super::*;

    #[test]
    fn the_salt_an_earlier_version_kept_in_the_database_is_adopted() {
        let dir = tempfile::tempdir().unwrap();
        let place = KeyPlace::File(dir.path().join("k"));
        let db = dir.path().join("c.sqlite");
        let salt = patient_salt(&place, &db, Some(Sensitive::new("abc".into()))).unwrap();
        assert_eq!(salt.expose(), "abc");
        assert_eq!(patient_salt(&place, &db, None).unwrap().expose(), "abc");
    }
}
