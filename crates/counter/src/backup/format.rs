//! The backup file, byte by byte:
//!
//! ```text
//! "DORIXONA-BACKUP\n"        16 bytes, the magic
//! manifest length            4 bytes, little-endian
//! manifest                   JSON, in the clear: no patient data, no secret
//! copy                       the SQLCipher database, `payload_len` bytes, under the file's key
//! seal                       32 bytes: HMAC-SHA-256 over everything before it
//! ```
//!
//! The manifest can be read without the passphrase (which pharmacy, when, how much). Reading a
//! backup back checks, in this order: the magic (not a backup), the format (made by a newer
//! version), the length (cut short), the passphrase (the manifest's check value), then the
//! copy's SHA-256 and the seal over the whole file (damaged or changed: one byte anywhere is
//! enough). Nothing of the copy is used before the seal holds.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::key::{BackupKey, FileKeys, KdfParams, Seal};
use super::{hex, io_error, unhex, BackupProblem};
use crate::error::CounterError;
use crate::store::cipher::DbKey;

/// The first bytes of every backup.
pub const MAGIC: &[u8; 16] = b"DORIXONA-BACKUP\n";
/// The format this version writes (and the newest it reads).
pub const FORMAT: u32 = 1;
/// The extension of a backup file.
pub const EXTENSION: &str = "dxbak";
/// A manifest is small; a larger length is damage.
const MAX_MANIFEST: u32 = 64 * 1024;
const SEAL_LEN: u64 = 32;
const CHUNK: usize = 64 * 1024;

/// What a backup says about itself, in the clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`] when written.
    pub format: u32,
    /// The pharmacy whose database this is (`None`: nobody had signed in yet).
    pub pharmacy_id: Option<String>,
    /// The counter (PC) that made it: a random id kept in its database.
    pub counter_id: String,
    /// When it was made (RFC 3339, UTC).
    pub created_at: String,
    /// The version of Dorixona that made it.
    pub app_version: String,
    /// The schema version of the copy.
    pub schema_version: u32,
    /// Rows per table of the copy.
    pub rows: BTreeMap<String, i64>,
    /// How the passphrase is stretched.
    pub kdf: KdfParams,
    /// Tells a wrong passphrase from a damaged file ([`BackupKey::check_value`]).
    pub key_check: String,
    /// The file's random nonce (hex): its keys are made from it.
    pub nonce: String,
    /// The length of the copy in bytes.
    pub payload_len: u64,
    /// The SHA-256 of the copy (hex).
    pub payload_sha256: String,
}

fn damaged(what: impl std::fmt::Display) -> CounterError {
    BackupProblem::Damaged.error(format!(
        "the backup is damaged or was changed after it was written ({what})"
    ))
}

/// The SHA-256 of the file at `path`, as hex.
pub fn sha256_of(path: &Path) -> Result<String, CounterError> {
    let mut f = File::open(path).map_err(|e| io_error("cannot read", path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| io_error("cannot read", path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Writes the backup of `manifest` with the copy at `payload` into `out`, sealed with `keys`.
/// The copy must be `manifest.payload_len` bytes long.
pub fn write(
    out: &mut File,
    manifest: &Manifest,
    payload: &Path,
    keys: &FileKeys,
) -> Result<(), CounterError> {
    let json = serde_json::to_vec(manifest)?;
    let len = u32::try_from(json.len())
        .ok()
        .filter(|l| *l <= MAX_MANIFEST)
        .ok_or_else(|| CounterError::storage(crate::StorageProblem::Other, "manifest too large"))?;
    let mut seal = Seal::new(&keys.seal);
    let mut w = BufWriter::with_capacity(CHUNK, out);
    let fail = |e: std::io::Error| io_error("cannot write the backup", payload, e);
    for part in [&MAGIC[..], &len.to_le_bytes(), &json] {
        seal.update(part);
        w.write_all(part).map_err(fail)?;
    }
    let mut copy = File::open(payload).map_err(|e| io_error("cannot read", payload, e))?;
    let mut buf = vec![0u8; CHUNK];
    let mut written = 0u64;
    loop {
        let n = copy
            .read(&mut buf)
            .map_err(|e| io_error("cannot read", payload, e))?;
        if n == 0 {
            break;
        }
        seal.update(&buf[..n]);
        w.write_all(&buf[..n]).map_err(fail)?;
        written += n as u64;
    }
    if written != manifest.payload_len {
        return Err(CounterError::storage(
            crate::StorageProblem::Other,
            "the copy changed while it was being written into the backup",
        ));
    }
    w.write_all(&seal.finish()).map_err(fail)?;
    w.flush().map_err(fail)?;
    Ok(())
}

/// The manifest of an open backup, after the magic; the bytes it was read from.
fn manifest_of(r: &mut impl Read, file_len: u64) -> Result<(Manifest, Vec<u8>), CounterError> {
    let mut magic = [0u8; 16];
    if r.read_exact(&mut magic).is_err() || &magic != MAGIC {
        return Err(BackupProblem::NotABackup.error("the file is not a Dorixona backup"));
    }
    let mut len = [0u8; 4];
    r.read_exact(&mut len)
        .map_err(|_| damaged("it ends inside its manifest"))?;
    let len = u32::from_le_bytes(len);
    if len > MAX_MANIFEST {
        return Err(damaged("its manifest length is impossible"));
    }
    let mut json = vec![0u8; len as usize];
    r.read_exact(&mut json)
        .map_err(|_| damaged("it ends inside its manifest"))?;
    let value: serde_json::Value =
        serde_json::from_slice(&json).map_err(|e| damaged(format!("its manifest: {e}")))?;
    let format = value
        .get("format")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| damaged("its manifest names no format"))?;
    if format > u64::from(FORMAT) {
        let format = u32::try_from(format).unwrap_or(u32::MAX);
        return Err(BackupProblem::TooNew { format }.error(format!(
            "the backup was made by a newer version of Dorixona (format {format}); install that version to restore it"
        )));
    }
    let manifest: Manifest =
        serde_json::from_value(value).map_err(|e| damaged(format!("its manifest: {e}")))?;
    let expected = MAGIC.len() as u64 + 4 + u64::from(len) + manifest.payload_len + SEAL_LEN;
    if expected != file_len {
        return Err(damaged(format!(
            "it is {file_len} bytes long where its manifest says {expected}"
        )));
    }
    Ok((manifest, json))
}

fn open(path: &Path) -> Result<(BufReader<File>, u64), CounterError> {
    let f = File::open(path).map_err(|e| io_error("cannot read", path, e))?;
    let len = f
        .metadata()
        .map_err(|e| io_error("cannot read", path, e))?
        .len();
    Ok((BufReader::with_capacity(CHUNK, f), len))
}

/// The manifest of the backup at `path`, read without the passphrase (refused when the file is
/// not a backup, is of a newer format or is cut short; the rest is checked when it is opened).
pub fn read_manifest(path: &Path) -> Result<Manifest, CounterError> {
    let (mut r, len) = open(path)?;
    manifest_of(&mut r, len).map(|(m, _)| m)
}

/// Opens the backup at `path` with `passphrase`: checks it whole (see the module
/// documentation) while copying its database into `out` (made anew; removed again unless
/// everything holds). Returns the manifest and the copy's key.
pub fn unseal(
    path: &Path,
    passphrase: &crate::Sensitive<String>,
    out: &Path,
) -> Result<(Manifest, DbKey), CounterError> {
    let (mut r, len) = open(path)?;
    let (manifest, json) = manifest_of(&mut r, len)?;
    let key = BackupKey::from_passphrase(passphrase, &manifest.kdf)?;
    if key.check_value() != manifest.key_check {
        return Err(BackupProblem::WrongPassphrase
            .error("the passphrase does not open this backup (or it was made with another one)"));
    }
    let nonce = unhex(&manifest.nonce).ok_or_else(|| damaged("its nonce"))?;
    let keys = key.file_keys(&nonce);
    let result = copy_checked(&mut r, &manifest, &json, &keys, out);
    if result.is_err() {
        let _ = std::fs::remove_file(out);
    }
    result.map(|()| (manifest, keys.data))
}

fn copy_checked(
    r: &mut impl Read,
    manifest: &Manifest,
    json: &[u8],
    keys: &FileKeys,
    out: &Path,
) -> Result<(), CounterError> {
    let mut seal = Seal::new(&keys.seal);
    seal.update(MAGIC);
    seal.update(&(json.len() as u32).to_le_bytes());
    seal.update(json);
    let _ = std::fs::remove_file(out);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .map_err(|e| io_error("cannot write", out, e))?;
    let mut hasher = Sha256::new();
    let mut left = manifest.payload_len;
    let mut buf = vec![0u8; CHUNK];
    while left > 0 {
        let n = left.min(CHUNK as u64) as usize;
        r.read_exact(&mut buf[..n])
            .map_err(|_| damaged("it was cut short"))?;
        seal.update(&buf[..n]);
        hasher.update(&buf[..n]);
        f.write_all(&buf[..n])
            .map_err(|e| io_error("cannot write", out, e))?;
        left -= n as u64;
    }
    let mut tag = [0u8; SEAL_LEN as usize];
    r.read_exact(&mut tag)
        .map_err(|_| damaged("its seal is missing"))?;
    if !seal.matches(&tag) {
        return Err(damaged("its seal does not match"));
    }
    if hex(&hasher.finalize()) != manifest.payload_sha256 {
        return Err(damaged("its checksum does not match"));
    }
    f.sync_all().map_err(|e| io_error("cannot flush", out, e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Sensitive;

    fn cheap() -> KdfParams {
        KdfParams {
            memory_kib: 64,
            iterations: 1,
            ..KdfParams::fresh()
        }
    }

    /// A backup of `payload` bytes under `pass`; its path.
    fn backup(dir: &Path, payload: &[u8], pass: &str) -> std::path::PathBuf {
        let copy = dir.join("copy");
        std::fs::write(&copy, payload).unwrap();
        let key = BackupKey::from_passphrase(&Sensitive::new(pass.into()), &cheap()).unwrap();
        let nonce = [3u8; 16];
        let manifest = Manifest {
            format: FORMAT,
            pharmacy_id: Some("PH-1".into()),
            counter_id: "abcd0123".into(),
            created_at: "2026-12-02T10:00:00.000000Z".into(),
            app_version: "0.1.0".into(),
            schema_version: 6,
            rows: BTreeMap::from([("dispenses".into(), 3)]),
            kdf: key.params().clone(),
            key_check: key.check_value(),
            nonce: hex(&nonce),
            payload_len: payload.len() as u64,
            payload_sha256: sha256_of(&copy).unwrap(),
        };
        let path = dir.join("b.dxbak");
        let mut f = File::create(&path).unwrap();
        write(&mut f, &manifest, &copy, &key.file_keys(&nonce)).unwrap();
        path
    }

    fn problem(e: CounterError) -> BackupProblem {
        super::super::problem_of(&e).unwrap_or_else(|| panic!("not a backup problem: {e}"))
    }

    #[test]
    fn a_backup_reads_back_whole_and_its_manifest_reads_without_the_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let payload: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let path = backup(dir.path(), &payload, "a long passphrase");
        let m = read_manifest(&path).unwrap();
        assert_eq!(m.pharmacy_id.as_deref(), Some("PH-1"));
        let out = dir.path().join("out");
        let pass = Sensitive::new("a long passphrase".to_owned());
        let (back, _) = unseal(&path, &pass, &out).unwrap();
        assert_eq!(back, m);
        assert_eq!(std::fs::read(&out).unwrap(), payload);
    }

    #[test]
    fn any_changed_byte_a_cut_or_a_wrong_passphrase_is_refused_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let payload = vec![42u8; 10_000];
        let path = backup(dir.path(), &payload, "a long passphrase");
        let good = std::fs::read(&path).unwrap();
        let pass = Sensitive::new("a long passphrase".to_owned());
        let out = dir.path().join("out");
        let json_end = 20 + u32::from_le_bytes(good[16..20].try_into().unwrap()) as usize;
        for at in [json_end + 1, json_end + 5_000, good.len() - 1] {
            let mut bad = good.clone();
            bad[at] ^= 0x01;
            std::fs::write(&path, &bad).unwrap();
            let e = unseal(&path, &pass, &out).unwrap_err();
            assert_eq!(problem(e), BackupProblem::Damaged, "byte {at}");
            assert!(!out.exists());
        }
        std::fs::write(&path, &good[..good.len() - 10]).unwrap();
        assert_eq!(
            problem(read_manifest(&path).unwrap_err()),
            BackupProblem::Damaged
        );
        std::fs::write(&path, &good).unwrap();
        let e = unseal(&path, &Sensitive::new("another passphrase".into()), &out).unwrap_err();
        assert_eq!(problem(e), BackupProblem::WrongPassphrase);
        std::fs::write(&path, b"SQLite format 3\0 and more").unwrap();
        assert_eq!(
            problem(read_manifest(&path).unwrap_err()),
            BackupProblem::NotABackup
        );
    }

    #[test]
    fn a_newer_format_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let json = br#"{"format":2}"#;
        let mut bytes = MAGIC.to_vec();
        bytes.extend((json.len() as u32).to_le_bytes());
        bytes.extend(json);
        let path = dir.path().join("n.dxbak");
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(
            problem(read_manifest(&path).unwrap_err()),
            BackupProblem::TooNew { format: 2 }
        );
    }
}
