//! The backup passphrase and the keys made from it. An administrator sets the passphrase once
//! ([`set_passphrase`]); it is stretched with Argon2id (its parameters and random salt travel in
//! every backup's manifest) into a 256-bit key that is kept beside the database key (keyring, or
//! `<key file>.backup-key`), so the daily backup runs without anyone typing it. On a
//! replacement PC, whose keyring is gone, the passphrase typed again with the manifest's salt
//! gives the same key back.
//!
//! From that key, HMAC-SHA-256 makes a check value (in the manifest: a wrong passphrase is told
//! apart from a damaged file) and, per file and its random nonce, the SQLCipher key of the copy
//! and the key of the seal over the whole file. The passphrase itself is never kept.

use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{hex, unhex, BackupProblem};
use crate::audit::AuditAction;
use crate::db_key::{self, KeyPlace};
use crate::error::CounterError;
use crate::reports::Credentials;
use crate::secrets::{Sensitive, TokenStore};
use crate::store::cipher::DbKey;

type HmacSha256 = Hmac<Sha256>;

/// The fewest characters a backup passphrase has.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// Where the stretched key is kept, beside the database key.
const KIND: &str = "backup-key";

/// Argon2id's cost for a new passphrase: 64 MiB, 3 passes, one lane.
const MEMORY_KIB: u32 = 64 * 1024;
const ITERATIONS: u32 = 3;
const LANES: u32 = 1;

/// The most a manifest may ask of Argon2id (a changed manifest must not exhaust the machine).
const MAX_MEMORY_KIB: u32 = 1024 * 1024;
const MAX_ITERATIONS: u32 = 64;
const MAX_LANES: u32 = 16;

/// How a passphrase is stretched: Argon2id with these costs and this salt (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub alg: String,
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
    pub salt: String,
}

impl KdfParams {
    /// The parameters of a new passphrase: today's costs and a fresh random salt.
    pub fn fresh() -> KdfParams {
        KdfParams {
            alg: "argon2id".into(),
            memory_kib: MEMORY_KIB,
            iterations: ITERATIONS,
            lanes: LANES,
            salt: hex(&rand::random::<[u8; 16]>()),
        }
    }
}

/// The key stretched from the backup passphrase, with how it was stretched.
pub struct BackupKey {
    params: KdfParams,
    master: Sensitive<[u8; 32]>,
}

impl std::fmt::Debug for BackupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BackupKey(<redacted>)")
    }
}

/// The keys of one backup file.
pub struct FileKeys {
    /// The SQLCipher key of the copy inside the file.
    pub data: DbKey,
    /// The key of the seal over the whole file.
    pub seal: Sensitive<[u8; 32]>,
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fn unusable(reason: impl Into<String>) -> CounterError {
    BackupProblem::Damaged.error(format!(
        "the backup's key parameters cannot be used: {}",
        reason.into()
    ))
}

impl BackupKey {
    /// Stretches `passphrase` as `params` say (Argon2id; a manifest's costs are bounded).
    pub fn from_passphrase(
        passphrase: &Sensitive<String>,
        params: &KdfParams,
    ) -> Result<BackupKey, CounterError> {
        if params.alg != "argon2id" {
            return Err(unusable(format!("unknown algorithm '{}'", params.alg)));
        }
        if params.memory_kib > MAX_MEMORY_KIB
            || params.iterations > MAX_ITERATIONS
            || params.lanes > MAX_LANES
        {
            return Err(unusable("costs beyond what this counter allows"));
        }
        let salt = unhex(&params.salt)
            .filter(|s| (16..=64).contains(&s.len()))
            .ok_or_else(|| unusable("a malformed salt"))?;
        let costs = Params::new(params.memory_kib, params.iterations, params.lanes, Some(32))
            .map_err(|e| unusable(e.to_string()))?;
        let mut master = [0u8; 32];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, costs)
            .hash_password_into(passphrase.expose().as_bytes(), &salt, &mut master)
            .map_err(|e| unusable(e.to_string()))?;
        Ok(BackupKey {
            params: params.clone(),
            master: Sensitive::new(master),
        })
    }

    /// How this key was stretched (for the manifest).
    pub fn params(&self) -> &KdfParams {
        &self.params
    }

    /// The value that tells whether a passphrase is the one a backup was made with (32 hex
    /// digits; it reveals nothing of the key).
    pub fn check_value(&self) -> String {
        hex(&hmac(self.master.expose(), &[b"dorixona-backup/v1/check"])[..16])
    }

    /// The keys of the file with `nonce`.
    pub fn file_keys(&self, nonce: &[u8]) -> FileKeys {
        let master = self.master.expose();
        FileKeys {
            data: DbKey::from_bytes(hmac(master, &[b"dorixona-backup/v1/data\n", nonce])),
            seal: Sensitive::new(hmac(master, &[b"dorixona-backup/v1/seal\n", nonce])),
        }
    }

    /// As kept: `v1;argon2id;memory;iterations;lanes;salt;key`.
    fn encode(&self) -> Sensitive<String> {
        let p = &self.params;
        Sensitive::new(format!(
            "v1;{};{};{};{};{};{}",
            p.alg,
            p.memory_kib,
            p.iterations,
            p.lanes,
            p.salt,
            hex(self.master.expose())
        ))
    }

    fn decode(s: &str) -> Option<BackupKey> {
        let parts: Vec<&str> = s.trim().split(';').collect();
        let [version, alg, memory, iterations, lanes, salt, key] = parts.as_slice() else {
            return None;
        };
        if *version != "v1" {
            return None;
        }
        let master: [u8; 32] = unhex(key)?.try_into().ok()?;
        Some(BackupKey {
            params: KdfParams {
                alg: (*alg).to_owned(),
                memory_kib: memory.parse().ok()?,
                iterations: iterations.parse().ok()?,
                lanes: lanes.parse().ok()?,
                salt: (*salt).to_owned(),
            },
            master: Sensitive::new(master),
        })
    }
}

/// A streaming seal (HMAC-SHA-256) over a backup file.
pub struct Seal(HmacSha256);

impl Seal {
    /// A seal under `key`.
    pub fn new(key: &Sensitive<[u8; 32]>) -> Seal {
        Seal(<HmacSha256 as Mac>::new_from_slice(key.expose()).expect("any key length"))
    }

    /// Adds `bytes`.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The seal's 32 bytes.
    pub fn finish(self) -> [u8; 32] {
        self.0.finalize().into_bytes().into()
    }

    /// Whether `tag` is this seal (compared in constant time).
    pub fn matches(self, tag: &[u8]) -> bool {
        self.0.verify_slice(tag).is_ok()
    }
}

/// The stretched key kept for the database `db` at `place`, if a passphrase was set.
pub fn kept(place: &KeyPlace, db: &Path) -> Result<Option<BackupKey>, CounterError> {
    match db_key::kept(place, KIND, db)? {
        None => Ok(None),
        Some(v) => BackupKey::decode(v.expose()).map(Some).ok_or_else(|| {
            CounterError::storage(
                crate::StorageProblem::Corrupt,
                "the kept backup key is malformed; an administrator sets the backup passphrase again",
            )
        }),
    }
}

/// Keeps `key` for the database `db` at `place`, and reads it back (a keyring that forgets
/// must not leave the daily backups without a key unnoticed).
pub fn keep(place: &KeyPlace, db: &Path, key: &BackupKey) -> Result<(), CounterError> {
    let encoded = key.encode();
    db_key::keep(place, KIND, db, encoded.expose())?;
    match kept(place, db)? {
        Some(back) if back.encode().expose() == encoded.expose() => Ok(()),
        _ => Err(CounterError::storage(
            crate::StorageProblem::NoKeyring,
            "the keyring did not keep the backup key",
        )),
    }
}

/// Refuses a passphrase shorter than [`MIN_PASSPHRASE_CHARS`].
pub fn check_rules(passphrase: &Sensitive<String>) -> Result<(), CounterError> {
    if passphrase.expose().trim().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(BackupProblem::WeakPassphrase.error(format!(
            "a backup passphrase has at least {MIN_PASSPHRASE_CHARS} characters"
        )));
    }
    Ok(())
}

/// Sets (or changes) the backup passphrase of the counter in `data_dir`: an administrator
/// signs in with `credentials` (checked against their verifier on this counter); the new key is
/// kept and the change recorded in the audit trail. Backups made before a change still open
/// with the passphrase they were made with.
pub fn set_passphrase(
    data_dir: &Path,
    credentials: &Credentials,
    passphrase: &Sensitive<String>,
    tokens: &TokenStore,
) -> Result<(), CounterError> {
    check_rules(passphrase)?;
    let _one = super::one_at_a_time();
    let (store, head) = crate::open_data(data_dir, tokens)?;
    let signed_in = super::who::sign_in(
        &store,
        credentials,
        &[crate::access::Permission::Administer],
        "set the backup passphrase",
    )?;
    let db = data_dir.join(crate::DB_FILE);
    let place = KeyPlace::choose(tokens);
    let had = kept(&place, &db).ok().flatten().is_some();
    let key = BackupKey::from_passphrase(passphrase, &KdfParams::fresh())?;
    keep(&place, &db, &key)?;
    crate::audit::AuditTrail::new(head).record(
        &store,
        &signed_in.actor,
        AuditAction::SettingsChanged,
        "backup_passphrase",
        serde_json::json!({ "changed": had }),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> KdfParams {
        KdfParams {
            memory_kib: 64,
            iterations: 1,
            ..KdfParams::fresh()
        }
    }

    #[test]
    fn the_same_passphrase_and_salt_give_the_same_keys_and_others_do_not() {
        let params = cheap();
        let p = Sensitive::new("correct horse battery".to_owned());
        let a = BackupKey::from_passphrase(&p, &params).unwrap();
        let b = BackupKey::from_passphrase(&p, &params).unwrap();
        assert_eq!(a.check_value(), b.check_value());
        let nonce = [7u8; 16];
        assert_eq!(
            a.file_keys(&nonce).data.to_hex().expose(),
            b.file_keys(&nonce).data.to_hex().expose()
        );
        assert_ne!(
            a.file_keys(&nonce).data.to_hex().expose(),
            a.file_keys(&[8u8; 16]).data.to_hex().expose(),
            "each file has its own key"
        );
        let wrong =
            BackupKey::from_passphrase(&Sensitive::new("correct horse batterY".into()), &params)
                .unwrap();
        assert_ne!(a.check_value(), wrong.check_value());
        let other_salt = BackupKey::from_passphrase(&p, &cheap()).unwrap();
        assert_ne!(a.check_value(), other_salt.check_value());
        assert!(!format!("{a:?}").contains(&hex(a.master.expose())));
    }

    #[test]
    fn a_kept_key_round_trips_and_a_manifest_cannot_ask_for_the_moon() {
        let key = BackupKey::from_passphrase(&Sensitive::new("x".repeat(12)), &cheap()).unwrap();
        let back = BackupKey::decode(key.encode().expose()).unwrap();
        assert_eq!(back.check_value(), key.check_value());
        assert_eq!(back.params(), key.params());
        assert!(BackupKey::decode("v2;argon2id;1;1;1;00;00").is_none());
        let greedy = KdfParams {
            memory_kib: 64 * 1024 * 1024,
            ..cheap()
        };
        let e = BackupKey::from_passphrase(&Sensitive::new("x".into()), &greedy).unwrap_err();
        assert_eq!(super::super::problem_of(&e), Some(BackupProblem::Damaged));
    }

    #[test]
    fn a_short_passphrase_is_refused() {
        let e = check_rules(&Sensitive::new("short one".into())).unwrap_err();
        assert_eq!(
            super::super::problem_of(&e),
            Some(BackupProblem::WeakPassphrase)
        );
        check_rules(&Sensitive::new("long enough now".into())).unwrap();
    }
}
