//! Backups and restores through the real parts: SQLCipher databases in temporary data
//! directories, real backup files in a temporary folder, the database's secrets in a key file of
//! each data directory (one test keeps them in the Secret Service instead).
//!
//! Round trip (backup, change, restore, the data back, the audit trail continued and intact);
//! a replacement PC whose keyring is gone (the passphrase and the backup's verifiers are enough);
//! refusals (another pharmacy, a changed byte, a wrong passphrase, Dorixona running, a
//! pharmacist); the unsent outbox carried through a restore; pruning to the newest N; a restore
//! stopped before its audit head was kept, finished by `recover`.

use std::path::{Path, PathBuf};

use counter::audit::{self, AuditAction, AuditTrail, Verdict};
use counter::backup::{self, BackupInfo, BackupOptions, BackupProblem, RestoreReport, TrailKind};
use counter::db_key::KeyPlace;
use counter::reports::Credentials;
use counter::secrets::TokenStore;
use counter::store::{LineRow, NewDispense, Store};
use counter::{Sensitive, Session};
use dmed_api::types::{Pharmacist, PharmacyInfo, StaffRole};

const PASSPHRASE: &str = "qovun pishdi, 2026!";
const MANAGER: (&str, &str) = ("mudira", "manager-secret-1");
const ADMIN: (&str, &str) = ("admin", "admin-secret-1");
const PHARMACIST: (&str, &str) = ("aziza", "pharmacist-secret-1");

fn secret(s: &str) -> Sensitive<String> {
    Sensitive::new(s.to_owned())
}

fn session(pharmacy: &str, role: StaffRole) -> Session {
    Session {
        pharmacy: PharmacyInfo {
            pharmacy_id: pharmacy.into(),
            name: "Dorixona №1".into(),
            address: "Toshkent".into(),
        },
        pharmacist: Pharmacist {
            pinfl: "30211975910033".into(),
            full_name: "Karimova Dilnoza".into(),
            role,
        },
        expires_at: "2030-01-01T00:00:00Z".into(),
    }
}

fn credentials(pharmacy: &str, who: (&str, &str)) -> Credentials {
    Credentials {
        pharmacy_id: pharmacy.into(),
        login: who.0.into(),
        secret: secret(who.1),
    }
}

/// A counter's data directory, its keys and a backup folder.
struct Counter {
    dir: tempfile::TempDir,
    folder: tempfile::TempDir,
    tokens: TokenStore,
}

impl Counter {
    /// A counter of `pharmacy` whose manager, administrator and pharmacist signed in once
    /// (verifiers), with the backup passphrase set. Its secrets in a key file.
    fn of(pharmacy: &str) -> Counter {
        let dir = tempfile::tempdir().unwrap();
        let tokens = TokenStore::new("dorixona-test").with_key_file(dir.path().join("test.key"));
        Self::set_up(dir, tokens, pharmacy)
    }

    fn set_up(dir: tempfile::TempDir, tokens: TokenStore, pharmacy: &str) -> Counter {
        let c = Counter {
            dir,
            folder: tempfile::tempdir().unwrap(),
            tokens,
        };
        let store = c.store();
        store
            .set_settings(&[("session.pharmacy_id", Some(pharmacy))])
            .unwrap();
        for (who, role) in [
            (MANAGER, StaffRole::Manager),
            (ADMIN, StaffRole::Administrator),
            (PHARMACIST, StaffRole::Pharmacist),
        ] {
            counter::verifier::remember(&store, who.0, &secret(who.1), &session(pharmacy, role))
                .unwrap();
        }
        drop(store);
        backup::set_passphrase(
            c.path(),
            &credentials(pharmacy, ADMIN),
            &secret(PASSPHRASE),
            &c.tokens,
        )
        .unwrap();
        c
    }

    /// An empty data directory (a replacement PC: its own key file, nothing kept yet).
    fn fresh() -> Counter {
        let dir = tempfile::tempdir().unwrap();
        let tokens = TokenStore::new("dorixona-test").with_key_file(dir.path().join("test.key"));
        Counter {
            dir,
            folder: tempfile::tempdir().unwrap(),
            tokens,
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn store(&self) -> Store {
        counter::open_data_store(self.path(), &self.tokens).unwrap()
    }

    fn head_place(&self) -> audit::HeadPlace {
        audit::head_place(self.path(), KeyPlace::choose(&self.tokens))
    }

    /// Records `n` lookups in the audit trail, as the app does.
    fn audit(&self, n: usize) {
        let store = self.store();
        let trail = AuditTrail::new(Some(self.head_place()));
        for i in 0..n {
            trail
                .record(
                    &store,
                    "PH-1/aziza",
                    AuditAction::Lookup,
                    "30**********33",
                    serde_json::json!({ "i": i }),
                )
                .unwrap();
        }
    }

    fn verify(&self) -> Verdict {
        audit::verify(&self.store(), Some(&self.head_place())).unwrap()
    }

    fn backup(&self) -> BackupInfo {
        self.backup_keeping(14)
    }

    fn backup_keeping(&self, keep: usize) -> BackupInfo {
        backup::backup_now(
            self.path(),
            self.folder.path(),
            &BackupOptions {
                keep,
                tokens: self.tokens.clone(),
                ..BackupOptions::default()
            },
        )
        .unwrap()
    }

    fn restore(
        &self,
        file: &Path,
        passphrase: &str,
        who: Credentials,
    ) -> Result<RestoreReport, counter::CounterError> {
        backup::restore(self.path(), file, &secret(passphrase), &who, &self.tokens)
    }

    fn count(&self, sql: &str) -> i64 {
        raw_connection(self.path(), &self.tokens)
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    }

    fn files_in_dir(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// A keyed connection to the database of `dir`, for counting rows.
fn raw_connection(dir: &Path, tokens: &TokenStore) -> rusqlite::Connection {
    let path = dir.join(counter::DB_FILE);
    let key = counter::db_key::database_key(&KeyPlace::choose(tokens), &path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    counter::store::cipher::key_connection(&conn, &key).unwrap();
    conn
}

fn dispense(store: &Store, id: &str, pharmacy: &str) {
    let created_at = "2026-12-02T05:00:00.000000Z";
    store
        .insert_dispense(
            &NewDispense {
                dispense_id: id.into(),
                prescription_number: format!("RX-{id}"),
                pharmacist_pinfl: "30211975910033".into(),
                pharmacist_name: "Karimova Dilnoza".into(),
                pharmacy_id: pharmacy.into(),
                pharmacy_name: "Dorixona №1".into(),
                patient_key: "k1".into(),
                mode: "online".into(),
                request_json: format!("{{\"dispense_id\":\"{id}\"}}"),
                created_at: created_at.into(),
            },
            &[LineRow {
                item_id: "i1".into(),
                product_id: "p1".into(),
                inn: "Amoxicillin".into(),
                trade_name: "Amoksiklav".into(),
                pack_size: 20,
                unit: "capsule".into(),
                quantity: 1,
                batch: None,
                expiry: None,
                marking_codes: vec![],
                not_dispensed_reason: None,
            }],
            "dispense",
        )
        .unwrap();
}

fn delivered(store: &Store, id: &str) {
    store
        .mark_delivered(id, "online", "{}", "2026-12-02T05:00:01.000000Z")
        .unwrap();
}

fn problem(e: counter::CounterError) -> BackupProblem {
    backup::problem_of(&e).unwrap_or_else(|| panic!("not a backup refusal: {e}"))
}

#[test]
fn backup_change_restore_brings_the_data_back_and_the_trail_goes_on() {
    let c = Counter::of("PH-1");
    let store = c.store();
    for i in 0..5 {
        dispense(&store, &format!("d{i}"), "PH-1");
        delivered(&store, &format!("d{i}"));
    }
    store
        .set_settings(&[("cache.policy", Some("before"))])
        .unwrap();
    drop(store);
    c.audit(10);
    let info = c.backup();
    assert_eq!(info.pharmacy_id.as_deref(), Some("PH-1"));
    assert_eq!(info.rows["dispenses"], 5);
    assert_eq!(info.rows["staff_verifiers"], 3);
    assert!(info.path.starts_with(c.folder.path()));
    let name = info
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("dorixona_PH-1_") && name.ends_with(".dxbak"),
        "{name}"
    );
    // Never patient data (or any secret) in the clear: the manifest only.
    let bytes = std::fs::read(&info.path).unwrap();
    for needle in [
        &b"30211975910033"[..],
        b"Karimova",
        b"RX-d1",
        b"Amoxicillin",
    ] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    }
    let manifest = backup::read_manifest(&info.path).unwrap();
    assert_eq!(manifest.rows, info.rows);
    assert_eq!(manifest.app_version, env!("CARGO_PKG_VERSION"));

    // Changes after the backup: lost data, a changed setting, more audit rows.
    {
        let conn = raw_connection(c.path(), &c.tokens);
        conn.execute_batch(
            "DELETE FROM dispense_lines; DELETE FROM dispenses;
             UPDATE settings SET value = 'after' WHERE key = 'cache.policy';",
        )
        .unwrap();
    }
    c.audit(3);
    let rows_before = match c.verify() {
        Verdict::Intact { rows } => rows,
        Verdict::Broken(b) => panic!("{b}"),
    };

    let report = c
        .restore(&info.path, PASSPHRASE, credentials("PH-1", MANAGER))
        .unwrap();
    assert_eq!(report.trail, TrailKind::Continued);
    assert_eq!(report.pharmacy_id.as_deref(), Some("PH-1"));
    assert_eq!(
        report.audit_rows,
        rows_before + 1,
        "the restore is the last row"
    );
    assert_eq!(
        c.verify(),
        Verdict::Intact {
            rows: rows_before + 1
        }
    );
    assert_eq!(c.count("SELECT count(*) FROM dispenses"), 5);
    assert_eq!(c.count("SELECT count(*) FROM dispense_lines"), 5);
    let store = c.store();
    assert_eq!(
        store.setting("cache.policy").unwrap().as_deref(),
        Some("before")
    );
    let last = store
        .audit_rows(&Default::default())
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        (last.action.as_str(), last.actor.as_str()),
        ("restore", "PH-1/mudira")
    );
    assert!(
        last.details.contains("\"trail\":\"continued\""),
        "{}",
        last.details
    );
    drop(store);

    // The database it replaced is kept, and opens with this computer's key.
    let kept = report.before_restore.unwrap();
    assert!(kept
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("counter.sqlite.before-restore-"));
    let old = Store::open_keyed(
        &kept,
        Some(
            &counter::db_key::database_key(
                &KeyPlace::choose(&c.tokens),
                &c.path().join(counter::DB_FILE),
            )
            .unwrap(),
        ),
    )
    .unwrap();
    assert_eq!(
        old.setting("cache.policy").unwrap().as_deref(),
        Some("after")
    );
    drop(old);
    // Nothing of the restore's own work is left behind.
    for name in c.files_in_dir() {
        assert!(
            !name.contains("restoring") && !name.contains("payload") && !name.contains("journal"),
            "{name} left in {:?}",
            c.files_in_dir()
        );
    }
    // A backup after the restore works, and is the second in the folder.
    let again = c.backup();
    assert_ne!(again.path, info.path);
}

#[test]
fn a_replacement_pc_restores_with_the_passphrase_and_a_manager_of_the_backup() {
    let old = Counter::of("PH-1");
    let store = old.store();
    dispense(&store, "d1", "PH-1");
    delivered(&store, "d1");
    drop(store);
    old.audit(4);
    let info = old.backup();

    // Nothing kept on the new PC: another key file, no database, nobody signed in here.
    let new = Counter::fresh();
    let wrong_place = new.restore(&info.path, PASSPHRASE, credentials("PH-1", PHARMACIST));
    assert_eq!(
        wrong_place.unwrap_err().code(),
        dmed_api::ErrorCode::Forbidden,
        "a pharmacist does not restore"
    );
    let report = new
        .restore(&info.path, PASSPHRASE, credentials("PH-1", ADMIN))
        .unwrap();
    assert_eq!(report.trail, TrailKind::FromBackup);
    assert_eq!(report.before_restore, None);
    assert_eq!(new.count("SELECT count(*) FROM dispenses"), 1);
    // The old PC's trail as the backup holds it, then the restore.
    assert_eq!(
        new.verify(),
        Verdict::Intact {
            rows: info.rows["audit_log"] + 1
        }
    );
    // The patient-key salt came along: the same patient keys as on the old PC.
    assert_eq!(
        new.store().patient_salt().unwrap(),
        old.store().patient_salt().unwrap()
    );
    // The daily backup needs the passphrase set here too (the key stays with the old PC).
    let e = backup::backup_now(
        new.path(),
        new.folder.path(),
        &BackupOptions {
            tokens: new.tokens.clone(),
            ..BackupOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(problem(e), BackupProblem::NoPassphrase);
}

#[test]
fn a_pc_used_a_little_before_its_restore_keeps_its_rows_aside_and_names_its_head() {
    let old = Counter::of("PH-1");
    old.audit(3);
    let info = old.backup();
    // The replacement PC was used before the restore (someone signed in: its own chain).
    let new = Counter::fresh();
    {
        let store = new.store();
        counter::verifier::remember(
            &store,
            MANAGER.0,
            &secret(MANAGER.1),
            &session("PH-1", StaffRole::Manager),
        )
        .unwrap();
    }
    new.audit(2);
    let report = new
        .restore(&info.path, PASSPHRASE, credentials("PH-1", MANAGER))
        .unwrap();
    assert_eq!(report.trail, TrailKind::FromBackup);
    assert!(report.before_restore.is_some());
    assert!(matches!(new.verify(), Verdict::Intact { .. }));
    let last = new
        .store()
        .audit_rows(&Default::default())
        .unwrap()
        .pop()
        .unwrap();
    assert!(
        last.details.contains("\"previous_head\":\"2:"),
        "{}",
        last.details
    );
}

#[test]
fn a_damaged_database_is_kept_aside_and_the_backup_restored_over_it() {
    let c = Counter::of("PH-1");
    let store = c.store();
    dispense(&store, "d1", "PH-1");
    drop(store);
    c.audit(2);
    let info = c.backup();
    let db = c.path().join(counter::DB_FILE);
    let mut bytes = std::fs::read(&db).unwrap();
    for b in bytes.iter_mut().take(8192) {
        *b = 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();
    assert!(counter::open_data_store(c.path(), &c.tokens).is_err());
    let report = c
        .restore(&info.path, PASSPHRASE, credentials("PH-1", MANAGER))
        .unwrap();
    assert!(report.current_unreadable.is_some());
    assert_eq!(report.trail, TrailKind::FromBackup);
    let kept = report.before_restore.unwrap();
    assert_eq!(std::fs::read(&kept).unwrap(), bytes, "kept as it was");
    assert_eq!(c.count("SELECT count(*) FROM outbox"), 1);
    assert!(matches!(c.verify(), Verdict::Intact { .. }));
}

#[test]
fn a_backup_of_another_pharmacy_is_refused_naming_both() {
    let ph1 = Counter::of("PH-1");
    let info = ph1.backup();
    let ph2 = Counter::of("PH-2");
    let e = ph2
        .restore(&info.path, PASSPHRASE, credentials("PH-2", MANAGER))
        .unwrap_err();
    let text = e.to_string();
    assert_eq!(
        problem(e),
        BackupProblem::OtherPharmacy {
            backup: "PH-1".into(),
            here: "PH-2".into()
        }
    );
    assert!(text.contains("PH-1") && text.contains("PH-2"), "{text}");
    assert_eq!(
        ph2.store()
            .setting("session.pharmacy_id")
            .unwrap()
            .as_deref(),
        Some("PH-2")
    );
}

#[test]
fn a_changed_byte_or_a_wrong_passphrase_is_refused_and_nothing_changes() {
    let c = Counter::of("PH-1");
    let store = c.store();
    dispense(&store, "d1", "PH-1");
    drop(store);
    let info = c.backup();
    let store = c.store();
    dispense(&store, "d2", "PH-1");
    drop(store);
    let files = c.files_in_dir();

    let e = c
        .restore(
            &info.path,
            "not the passphrase",
            credentials("PH-1", MANAGER),
        )
        .unwrap_err();
    assert_eq!(problem(e), BackupProblem::WrongPassphrase);

    let mut bytes = std::fs::read(&info.path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    let tampered = c.folder.path().join("tampered.dxbak");
    std::fs::write(&tampered, &bytes).unwrap();
    let e = c
        .restore(&tampered, PASSPHRASE, credentials("PH-1", MANAGER))
        .unwrap_err();
    assert_eq!(problem(e), BackupProblem::Damaged);

    let cut = c.folder.path().join("cut.dxbak");
    std::fs::write(&cut, &bytes[..middle]).unwrap();
    let e = c
        .restore(&cut, PASSPHRASE, credentials("PH-1", MANAGER))
        .unwrap_err();
    assert_eq!(problem(e), BackupProblem::Damaged);

    let e = c
        .restore(
            &info.path,
            PASSPHRASE,
            credentials("PH-1", ("mudira", "wrong")),
        )
        .unwrap_err();
    assert_eq!(e.code(), dmed_api::ErrorCode::Unauthenticated);

    assert_eq!(
        c.files_in_dir(),
        files,
        "nothing left behind, nothing moved"
    );
    assert_eq!(c.count("SELECT count(*) FROM dispenses"), 2);
    assert!(matches!(c.verify(), Verdict::Intact { .. }));
}

#[test]
fn what_the_outbox_still_has_to_send_survives_a_restore() {
    let c = Counter::of("PH-1");
    let store = c.store();
    dispense(&store, "sent-before", "PH-1");
    delivered(&store, "sent-before");
    dispense(&store, "queued-then-sent", "PH-1");
    dispense(&store, "queued-throughout", "PH-1");
    drop(store);
    let info = c.backup();
    assert_eq!(info.rows["outbox"], 2);
    // After the backup: one queued dispense was sent, a new one queued, and a withdrawal of an
    // old one queued behind it.
    let store = c.store();
    delivered(&store, "queued-then-sent");
    dispense(&store, "queued-after", "PH-1");
    store
        .queue_withdrawal(
            "sent-before",
            "{\"reason\":\"mistake\"}",
            "2026-12-02T06:00:00.000000Z",
            "mistake",
        )
        .unwrap();
    let outbox_before: Vec<(String, Option<String>)> = store
        .outbox()
        .unwrap()
        .into_iter()
        .map(|r| (r.kind, r.dispense_id))
        .collect();
    drop(store);

    let report = c
        .restore(&info.path, PASSPHRASE, credentials("PH-1", MANAGER))
        .unwrap();
    assert_eq!(report.carried_outbox, 3);
    assert_eq!(report.outbox_waiting, 3);
    let store = c.store();
    let outbox_after: Vec<(String, Option<String>)> = store
        .outbox()
        .unwrap()
        .into_iter()
        .map(|r| (r.kind, r.dispense_id))
        .collect();
    assert_eq!(
        outbox_after, outbox_before,
        "the same work, in the same order"
    );
    let state = |id: &str| store.dispense(id).unwrap().map(|d| d.state);
    assert_eq!(state("queued-after").as_deref(), Some("pending"));
    assert_eq!(
        state("queued-then-sent").as_deref(),
        Some("delivered"),
        "sent since the backup: not sent again"
    );
    assert!(store
        .dispense("sent-before")
        .unwrap()
        .unwrap()
        .withdrawn_at
        .is_some());
    assert_eq!(store.dispense_lines("queued-after").unwrap().len(), 1);
    drop(store);
    assert!(matches!(c.verify(), Verdict::Intact { .. }));
}

#[test]
fn only_the_newest_backups_are_kept() {
    let c = Counter::of("PH-1");
    let mut made = Vec::new();
    for _ in 0..5 {
        made.push(c.backup_keeping(3));
    }
    assert_eq!(made[3].pruned, vec![made[0].path.clone()]);
    let mut left: Vec<PathBuf> = std::fs::read_dir(c.folder.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    left.sort();
    assert_eq!(
        left,
        made[2..].iter().map(|b| b.path.clone()).collect::<Vec<_>>()
    );
    // Another counter of the pharmacy backing up into the same folder prunes only its own.
    let other = Counter::of("PH-1");
    for _ in 0..2 {
        backup::backup_now(
            other.path(),
            c.folder.path(),
            &BackupOptions {
                keep: 1,
                tokens: other.tokens.clone(),
                ..BackupOptions::default()
            },
        )
        .unwrap();
    }
    assert_eq!(std::fs::read_dir(c.folder.path()).unwrap().count(), 3 + 1);
}

#[test]
fn a_restore_is_refused_while_dorixona_has_the_database_open() {
    let c = Counter::of("PH-1");
    let info = c.backup();
    let app = counter::Counter::open_with(
        c.path(),
        "http://127.0.0.1:9",
        counter::client::ClientConfig::default(),
        c.tokens.clone(),
    )
    .unwrap();
    let e = c
        .restore(&info.path, PASSPHRASE, credentials("PH-1", MANAGER))
        .unwrap_err();
    assert_eq!(problem(e), BackupProblem::AppRunning);
    drop(app);
    c.restore(&info.path, PASSPHRASE, credentials("PH-1", MANAGER))
        .unwrap();
}

#[test]
fn a_restore_stopped_before_its_audit_head_was_kept_is_finished_by_recover() {
    let old = Counter::of("PH-1");
    old.audit(5);
    let info = old.backup();
    let new = Counter::fresh();
    new.audit(2); // the head kept here is this chain's: (2, …)
    let stale = counter::db_key::kept(
        &KeyPlace::choose(&new.tokens),
        "audit-head",
        &new.path().join(counter::DB_FILE),
    )
    .unwrap()
    .unwrap();
    {
        let store = new.store();
        counter::verifier::remember(
            &store,
            MANAGER.0,
            &secret(MANAGER.1),
            &session("PH-1", StaffRole::Manager),
        )
        .unwrap();
    }
    new.restore(&info.path, PASSPHRASE, credentials("PH-1", MANAGER))
        .unwrap();
    let done = counter::db_key::kept(
        &KeyPlace::choose(&new.tokens),
        "audit-head",
        &new.path().join(counter::DB_FILE),
    )
    .unwrap()
    .unwrap();
    // As if stopped between putting the database in place and keeping its head.
    counter::db_key::keep(
        &KeyPlace::choose(&new.tokens),
        "audit-head",
        &new.path().join(counter::DB_FILE),
        stale.expose(),
    )
    .unwrap();
    let journal = backup::swap::Journal {
        before: None,
        head: done.expose().clone(),
        anchor: Some("1:0000000000000000000000000000000000000000000000000000000000000000".into()),
    };
    std::fs::write(
        new.path().join("counter.sqlite.restore-journal"),
        serde_json::to_vec(&journal).unwrap(),
    )
    .unwrap();
    assert!(matches!(new.verify(), Verdict::Broken(_)));
    assert!(backup::recover(new.path(), &new.tokens).unwrap());
    assert!(matches!(new.verify(), Verdict::Intact { .. }));
    assert!(!new.path().join("counter.sqlite.restore-journal").exists());
    assert!(!backup::recover(new.path(), &new.tokens).unwrap(), "once");
}

/// The backup key in the Secret Service, as on a real counter: the daily backup runs with no
/// one typing the passphrase, and a PC whose keyring never saw it restores with the passphrase.
/// Run under a Secret Service (the suite's command starts one), or set
/// `DORIXONA_SKIP_KEYRING_TEST=1` to skip it.
#[test]
fn the_backup_key_lives_in_the_keyring_and_the_passphrase_replaces_it_elsewhere() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        if std::env::var("DORIXONA_SKIP_KEYRING_TEST").as_deref() == Ok("1") {
            return;
        }
        panic!(
            "this test needs a Secret Service: run it as dbus-run-session -- sh -c 'printf pw | \
             gnome-keyring-daemon --unlock --components=secrets >/dev/null; cargo nextest run -p \
             counter --test backup' (or set DORIXONA_SKIP_KEYRING_TEST=1 to skip it)"
        );
    }
    let tokens = TokenStore::new("dorixona-test");
    let old = Counter::set_up(tempfile::tempdir().unwrap(), tokens.clone(), "PH-1");
    assert!(matches!(KeyPlace::choose(&tokens), KeyPlace::Keyring(_)));
    assert!(!old.files_in_dir().iter().any(|n| n.contains("key")));
    let info = old.backup();
    let new = Counter {
        dir: tempfile::tempdir().unwrap(),
        folder: tempfile::tempdir().unwrap(),
        tokens,
    };
    let report = new
        .restore(&info.path, PASSPHRASE, credentials("PH-1", MANAGER))
        .unwrap();
    assert_eq!(report.trail, TrailKind::FromBackup);
    assert!(matches!(new.verify(), Verdict::Intact { .. }));
}
