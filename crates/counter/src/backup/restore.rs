//! Restoring a backup ([`restore()`], `dorixona restore`). In order:
//!
//! 1. the backup is opened with the passphrase and checked whole ([`super::format::unseal`]):
//!    a wrong passphrase, a damaged or changed file, a newer format are refused;
//! 2. the current database is opened when it can be (a damaged one, or one whose key is gone,
//!    is only kept aside: nothing of it can be read to carry);
//! 3. a backup of another pharmacy is refused, naming both;
//! 4. a manager or an administrator signs in ([`super::who`]): against the current database's
//!    verifiers when it knows the pharmacy's staff, else against the backup's (a replacement PC);
//! 5. the backup's database is exported under this computer's database key into
//!    `counter.sqlite.restoring`;
//! 6. the current database is held alone (Dorixona must be closed: refused otherwise), its
//!    unsent work is carried in ([`super::carry`]), the audit chain is chosen
//!    ([`super::trail`]) and the restore recorded as its last row, and the chain checked;
//! 7. the patient-hash salt of the backup is kept;
//! 8. the restored database takes the current one's place, which is kept as
//!    `counter.sqlite.before-restore-<time>` ([`super::swap`]);
//! 9. the database is opened as the app will open it and its audit chain verified.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;
use time::OffsetDateTime;

use super::carry::{self, Carried};
use super::format;
use super::snapshot::{self, attach, META_AUDIT_ANCHOR, META_PATIENT_SALT, META_TABLE};
use super::swap::{self, Journal};
use super::trail::{self, TrailKind};
use super::{who, BackupProblem};
use crate::access::Permission;
use crate::audit::chain::{Anchor, Head};
use crate::audit::{self, AuditAction, HeadPlace, Verdict};
use crate::db_key::{self, KeyPlace};
use crate::error::{CounterError, StorageProblem};
use crate::reports::Credentials;
use crate::secrets::{Sensitive, TokenStore};
use crate::store::audit::append_link;
use crate::store::cipher::DbKey;
use crate::store::Store;

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RestoreReport {
    /// The pharmacy of the backup.
    pub pharmacy_id: Option<String>,
    /// When the backup was made.
    pub backup_created_at: String,
    /// Where the database that was replaced is kept (`None`: there was none).
    pub before_restore: Option<PathBuf>,
    /// Why the replaced database could not be read, when it could not (its unsent work, if it
    /// had any, could not be carried; it is kept as it was).
    pub current_unreadable: Option<String>,
    /// Dispenses whose current state replaced the backup's.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub carried_dispenses: usize,
    /// Outbox entries of the replaced database carried into the restored one.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub carried_outbox: usize,
    /// Outbox entries waiting to be sent in the restored database.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub outbox_waiting: usize,
    /// Which audit chain the restored database carries.
    pub trail: TrailKind,
    /// The rows of its audit log, verified.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub audit_rows: i64,
}

/// The current database, opened.
struct Current {
    store: Store,
    head: Option<HeadPlace>,
    pharmacy_id: Option<String>,
}

/// What the restored database's chain needs once in place.
struct Chain {
    kind: TrailKind,
    head: Head,
    /// The anchor to keep (`None`: the kept one stays).
    anchor: Option<Anchor>,
}

/// Restores the backup `file` into the data directory `data_dir` (see the module
/// documentation): `passphrase` opens the backup, `credentials` are a manager's or an
/// administrator's, `tokens` the keyring service that keeps the database's secrets.
pub fn restore(
    data_dir: &Path,
    file: &Path,
    passphrase: &Sensitive<String>,
    credentials: &Credentials,
    tokens: &TokenStore,
) -> Result<RestoreReport, CounterError> {
    let _one = super::one_at_a_time();
    swap::recover(data_dir, tokens)?;
    std::fs::create_dir_all(data_dir).map_err(|e| super::io_error("cannot create", data_dir, e))?;
    let result = restore_in(data_dir, file, passphrase, credentials, tokens);
    snapshot::remove_db_files(&swap::payload_path(data_dir));
    if result.is_err() {
        // Undo what a refusal or a failure left: the staged copy, or a swap that never began.
        let _ = swap::recover(data_dir, tokens);
    }
    result
}

fn restore_in(
    data_dir: &Path,
    file: &Path,
    passphrase: &Sensitive<String>,
    credentials: &Credentials,
    tokens: &TokenStore,
) -> Result<RestoreReport, CounterError> {
    let place = KeyPlace::choose(tokens);
    let live = data_dir.join(crate::DB_FILE);
    let payload = swap::payload_path(data_dir);
    let staged = swap::staged_path(data_dir);

    // 1. The backup, checked whole.
    let (manifest, data_key) = format::unseal(file, passphrase, &payload)?;
    let backup = Store::open_keyed(&payload, Some(&data_key))?;
    let (backup_pharmacy, salt, backup_anchor) = {
        let conn = backup.conn()?;
        let salt = snapshot::meta(&conn, "main", META_PATIENT_SALT)?;
        let anchor = snapshot::meta(&conn, "main", META_AUDIT_ANCHOR)?;
        (snapshot::pharmacy_of(&conn, "main")?, salt, anchor)
    };
    let damaged = |what: &str| {
        BackupProblem::Damaged.error(format!("the backup's copy does not match it: {what}"))
    };
    if backup_pharmacy != manifest.pharmacy_id {
        return Err(damaged("another pharmacy inside"));
    }
    let salt = salt.ok_or_else(|| damaged("no patient-key salt"))?;
    let backup_anchor = match backup_anchor {
        Some(a) => Some(Anchor::decode(&a).ok_or_else(|| damaged("its audit anchor"))?),
        None => None,
    };

    // 2. The current database, when it can be read.
    let (current, unreadable) = open_current(data_dir, tokens)?;

    // 3. The same pharmacy.
    let other = |backup: &str, here: &str| {
        BackupProblem::OtherPharmacy {
            backup: backup.to_owned(),
            here: here.to_owned(),
        }
        .error(format!(
            "this backup is of pharmacy {backup}, and this counter is pharmacy {here}'s: it is not restored here"
        ))
    };
    if let Some(b) = &backup_pharmacy {
        if let Some(here) = current.as_ref().and_then(|c| c.pharmacy_id.as_deref()) {
            if here != b {
                return Err(other(b, here));
            }
        }
        if credentials.pharmacy_id.trim() != b {
            return Err(other(b, credentials.pharmacy_id.trim()));
        }
    }

    // 4. Who restores.
    let verifiers = match &current {
        Some(c) if who::knows_staff_of(&c.store, &credentials.pharmacy_id)? => &c.store,
        _ => &backup,
    };
    let signed_in = who::sign_in(
        verifiers,
        credentials,
        &[Permission::Manage, Permission::Administer],
        "restore the database from a backup",
    )?;

    // 5. The backup's database under this computer's key.
    let key = local_key(&place, &live)?;
    snapshot::remove_db_files(&staged);
    {
        let conn = backup.conn()?;
        attach(&conn, &staged, "restored", &key)?;
        let exported = conn.query_row("SELECT sqlcipher_export('restored')", [], |_| Ok(()));
        conn.execute_batch("DETACH DATABASE restored")?;
        exported?;
    }
    drop(backup);
    snapshot::remove_db_files(&payload);

    // 6. The current database held alone; its work carried; the chain chosen and recorded.
    let now = OffsetDateTime::now_utc();
    let before_name = live
        .exists()
        .then(|| swap::before_restore_name(data_dir, now));
    let details = |kind: TrailKind, previous: Option<String>, carried: Carried| {
        serde_json::json!({
            "backup": file.file_name().map(|n| n.to_string_lossy().into_owned()),
            "backup_created_at": manifest.created_at,
            "backup_counter": manifest.counter_id,
            "trail": kind,
            "previous_head": previous,
            "kept_as": before_name,
            "carried_dispenses": carried.dispenses,
            "carried_outbox": carried.outbox,
            "current_unreadable": unreadable.is_some(),
        })
        .to_string()
    };
    let at = crate::store::timestamp(now);
    let record = |conn: &Connection, kind, previous, carried| {
        append_link(
            conn,
            "restored",
            &at,
            &signed_in.actor,
            AuditAction::Restore.as_str(),
            "database",
            &details(kind, previous, carried),
        )
    };
    let (chain, carried) = match &current {
        Some(c) => {
            let intact = matches!(
                audit::verify(&c.store, c.head.as_ref())?,
                Verdict::Intact { .. }
            );
            let current_anchor = match &c.head {
                Some(h) => h.anchor()?,
                None => None,
            };
            let conn = c.store.conn()?;
            hold(&conn)?;
            attach(&conn, &staged, "restored", &key)?;
            conn.query_row("PRAGMA restored.journal_mode = DELETE", [], |_| Ok(()))?;
            let done = in_transaction(&conn, || {
                let carried = carry::carry(&conn)?;
                let continued = intact && trail::continues(&conn, current_anchor.as_ref())?;
                let (kind, previous, anchor, checked_from) = if continued {
                    trail::take_current(&conn)?;
                    (TrailKind::Continued, None, None, current_anchor.clone())
                } else {
                    let previous = trail::last_row(&conn, "main")?
                        .map(|(len, hash)| Head { len, hash }.encode());
                    let anchor = backup_anchor.clone().unwrap_or_else(trail::no_anchor);
                    (
                        TrailKind::FromBackup,
                        previous,
                        Some(anchor),
                        backup_anchor.clone(),
                    )
                };
                conn.execute_batch(&format!("DROP TABLE restored.{META_TABLE};"))?;
                let link = record(&conn, kind, previous, carried)?;
                let chain = Chain {
                    kind,
                    head: Head {
                        len: link.seq,
                        hash: link.hash,
                    },
                    anchor,
                };
                check_chain(&conn, &chain, checked_from.as_ref())?;
                Ok((chain, carried))
            });
            let detached = conn.execute_batch("DETACH DATABASE restored");
            let done = done?;
            detached?;
            done
        }
        None => {
            // Nothing to carry or to continue: the backup's chain, the restore on top.
            let store = Store::open_keyed(&staged, Some(&key))?;
            let previous = match &unreadable {
                Some(_) => HeadPlace {
                    place: place.clone(),
                    db: live.clone(),
                }
                .read()
                .ok()
                .flatten()
                .map(|h| h.encode()),
                None => None,
            };
            let conn = store.conn()?;
            // The staged database is `main` here; name it `restored` for the shared steps.
            conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
            let chain = in_transaction(&conn, || {
                conn.execute_batch(&format!("DROP TABLE main.{META_TABLE};"))?;
                let link = append_link(
                    &conn,
                    "main",
                    &at,
                    &signed_in.actor,
                    AuditAction::Restore.as_str(),
                    "database",
                    &details(TrailKind::FromBackup, previous.clone(), Carried::default()),
                )?;
                let chain = Chain {
                    kind: TrailKind::FromBackup,
                    head: Head {
                        len: link.seq,
                        hash: link.hash,
                    },
                    anchor: Some(backup_anchor.clone().unwrap_or_else(trail::no_anchor)),
                };
                check_chain_in(&conn, "main", &chain, backup_anchor.as_ref())?;
                Ok(chain)
            })?;
            (chain, Carried::default())
        }
    };
    let had_current = current.is_some();
    drop(current); // closes the current database (rollback-journal mode: no log beside it)

    // 7. The salt of the restored patient hashes.
    let kept_salt = db_key::kept(&place, "patient-salt", &live)?;
    let salt_changed = kept_salt.as_ref().map(|s| s.expose().as_str()) != Some(salt.as_str());
    if salt_changed {
        db_key::keep(&place, "patient-salt", &live, &salt)?;
    }

    // 8. In place.
    let journal = Journal {
        before: before_name,
        head: chain.head.encode(),
        anchor: chain.anchor.as_ref().map(Anchor::encode),
    };
    let before = match swap::put_in_place(data_dir, &journal, had_current) {
        Ok(before) => before,
        Err(e) => {
            if let (true, Some(old)) = (salt_changed, &kept_salt) {
                // The current database stays: so does its salt.
                let _ = db_key::keep(&place, "patient-salt", &live, old.expose());
            }
            return Err(e);
        }
    };
    swap::finish(data_dir, &place, &journal)?;
    tracing::info!(
        trail = ?chain.kind,
        carried = carried.outbox,
        had_current,
        "the database was restored from a backup"
    );

    // 9. As the app will find it.
    let (store, head) = crate::open_data(data_dir, tokens)?;
    let audit_rows = match audit::verify(&store, head.as_ref())? {
        Verdict::Intact { rows } => rows,
        Verdict::Broken(b) => {
            return Err(BackupProblem::AuditBroken.error(format!(
                "the database was restored, but its audit log does not verify: {b}"
            )))
        }
    };
    Ok(RestoreReport {
        pharmacy_id: manifest.pharmacy_id,
        backup_created_at: manifest.created_at,
        before_restore: before,
        current_unreadable: unreadable,
        carried_dispenses: carried.dispenses,
        carried_outbox: carried.outbox,
        outbox_waiting: store.outbox_summary()?.pending as usize,
        trail: chain.kind,
        audit_rows,
    })
}

/// Opens the current database of `data_dir`: `None` when there is none, and with the reason
/// when it cannot be read (damaged, its key gone, written by a newer version).
fn open_current(
    data_dir: &Path,
    tokens: &TokenStore,
) -> Result<(Option<Current>, Option<String>), CounterError> {
    if !data_dir.join(crate::DB_FILE).is_file() {
        return Ok((None, None));
    }
    match crate::open_data(data_dir, tokens) {
        Ok((store, head)) => {
            let pharmacy_id = snapshot::pharmacy_of(&*store.conn()?, "main")?;
            Ok((
                Some(Current {
                    store,
                    head,
                    pharmacy_id,
                }),
                None,
            ))
        }
        Err(
            e @ CounterError::Storage {
                problem: StorageProblem::Corrupt | StorageProblem::TooNew,
                ..
            },
        ) => Ok((None, Some(e.to_string()))),
        Err(e) => Err(e),
    }
}

/// The key the restored database gets: the one this computer keeps for `live`, else a new one,
/// kept (a database whose key is gone could not be read with it anyway).
fn local_key(place: &KeyPlace, live: &Path) -> Result<DbKey, CounterError> {
    if let Some(hex) = db_key::kept(place, "db-key", live)? {
        return DbKey::from_hex(hex.expose()).ok_or_else(|| {
            CounterError::storage(
                StorageProblem::Corrupt,
                "the kept database key is malformed",
            )
        });
    }
    if !live.exists() {
        return db_key::database_key(place, live);
    }
    let key = DbKey::random();
    db_key::keep(place, "db-key", live, key.to_hex().expose())?;
    match db_key::kept(place, "db-key", live)? {
        Some(back) if back.expose() == key.to_hex().expose() => Ok(key),
        _ => Err(CounterError::storage(
            StorageProblem::NoKeyring,
            "the keyring did not keep the new database key",
        )),
    }
}

/// Holds the current database alone: everything written into its main file, the
/// rollback-journal mode, and an exclusive lock until it is closed. Refused while another
/// connection (Dorixona running) has it open.
fn hold(conn: &Connection) -> Result<(), CounterError> {
    let running = || {
        BackupProblem::AppRunning
            .error("Dorixona has the database open: close it (every window) and restore again")
    };
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(|_| running())?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(|_| running())?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(running());
    }
    conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")
        .map_err(|_| running())?;
    Ok(())
}

/// Runs `work` in one transaction of `conn` (rolled back when it fails).
fn in_transaction<T>(
    conn: &Connection,
    work: impl FnOnce() -> Result<T, CounterError>,
) -> Result<T, CounterError> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    match work() {
        Ok(v) => {
            conn.execute_batch("COMMIT")?;
            Ok(v)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn check_chain(
    conn: &Connection,
    chain: &Chain,
    from: Option<&Anchor>,
) -> Result<(), CounterError> {
    check_chain_in(conn, "restored", chain, from)
}

/// Refuses a chain in `schema` that does not verify against its new head.
fn check_chain_in(
    conn: &Connection,
    schema: &str,
    chain: &Chain,
    from: Option<&Anchor>,
) -> Result<(), CounterError> {
    trail::check(conn, schema, &chain.head, from)?
        .map(drop)
        .map_err(|b| {
            BackupProblem::AuditBroken.error(format!(
                "the backup's audit log does not verify ({b}); restoring it would break the trail"
            ))
        })
}
