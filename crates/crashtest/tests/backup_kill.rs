//! Backups killed midway: `counter-backuploop` backs a database of `BACKUP_CRASH_ROWS`
//! dispenses (default 20,000, with their lines: tens of megabytes, so a backup takes a moment)
//! up again and again while it is worked on, and is killed with SIGKILL at a random point
//! `BACKUP_CRASH_RUNS` times (default 25), anywhere from its start to past the end of a backup.
//! After every kill, every file under a final backup name is whole (its manifest reads and its
//! length is what the manifest says). At the end:
//!
//! - one more backup cleans up what the kills left (partial files, the staging copy);
//! - the live database opens as the app opens it and passes `PRAGMA integrity_check`;
//! - its audit chain verifies against the head kept outside it;
//! - every backup in the folder opens with the passphrase and passes its seal, and the oldest
//!   and the newest restore on a replacement PC with every row their manifest counts.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use counter::audit::{self, Verdict};
use counter::backup::{self, format::EXTENSION, Manifest};
use counter::db_key::KeyPlace;
use counter::reports::Credentials;
use counter::secrets::TokenStore;
use counter::{Sensitive, Session};
use crashtest::BACKED_UP;
use dmed_api::types::{Pharmacist, PharmacyInfo, StaffRole};
use rand::{Rng, SeedableRng};

const PASSPHRASE: &str = "kill-me-softly-2026";

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_counter-backuploop"))
}

fn tokens(key_file: &Path) -> TokenStore {
    TokenStore::new("dorixona-crashtest").with_key_file(key_file)
}

fn session(role: StaffRole) -> Session {
    Session {
        pharmacy: PharmacyInfo {
            pharmacy_id: "PH-1".into(),
            name: "Dorixona".into(),
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

fn credentials(login: &str, secret: &str) -> Credentials {
    Credentials {
        pharmacy_id: "PH-1".into(),
        login: login.into(),
        secret: Sensitive::new(secret.into()),
    }
}

/// A keyed connection to the database of `dir`.
fn raw(dir: &Path, tokens: &TokenStore) -> rusqlite::Connection {
    let path = dir.join(counter::DB_FILE);
    let key = counter::db_key::database_key(&KeyPlace::choose(tokens), &path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    counter::store::cipher::key_connection(&conn, &key).unwrap();
    conn
}

/// A counter of PH-1 with `rows` dispenses, a manager and an administrator who signed in, and
/// the backup passphrase set.
fn set_up(dir: &Path, tokens: &TokenStore, rows: u64) {
    let store = counter::open_data_store(dir, tokens).unwrap();
    store
        .set_settings(&[("session.pharmacy_id", Some("PH-1"))])
        .unwrap();
    counter::verifier::remember(
        &store,
        "mudira",
        &Sensitive::new("manager-secret".into()),
        &session(StaffRole::Manager),
    )
    .unwrap();
    counter::verifier::remember(
        &store,
        "admin",
        &Sensitive::new("admin-secret".into()),
        &session(StaffRole::Administrator),
    )
    .unwrap();
    drop(store);
    let conn = raw(dir, tokens);
    conn.execute_batch(&format!(
        "BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
         INSERT INTO dispenses (dispense_id, prescription_number, pharmacist_pinfl, pharmacy_id,
                                mode, state, request_json, created_at, pharmacist_name,
                                pharmacy_name, patient_key)
              SELECT 'bulk-' || i, 'RX-' || i, '30211975910033', 'PH-1', 'online', 'delivered',
                     '{{\"dispense_id\":\"bulk-' || i || '\",\"note\":\"' || hex(randomblob(400)) || '\"}}',
                     '2026-11-01T05:00:00.000000Z', 'Karimova Dilnoza', 'Dorixona', 'k' || (i % 97)
                FROM n;
         INSERT INTO dispense_lines (dispense_id, line_no, item_id, product_id, inn, quantity,
                                     trade_name, pack_size, unit)
              SELECT dispense_id, 1, 'i1', 'p1', 'Amoxicillin', 1, 'Amoksiklav', 20, 'capsule'
                FROM dispenses;
         COMMIT;"
    ))
    .unwrap();
    drop(conn);
    backup::set_passphrase(
        dir,
        &credentials("admin", "admin-secret"),
        &Sensitive::new(PASSPHRASE.into()),
        tokens,
    )
    .unwrap();
}

fn backup_loop(dir: &Path, folder: &Path, key_file: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.arg(dir).arg(folder).arg(key_file);
    cmd
}

/// The files in `folder` under a final backup name.
fn finals(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == EXTENSION))
        .collect();
    found.sort();
    found
}

fn partials(folder: &Path) -> usize {
    std::fs::read_dir(folder)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".partial")
        })
        .count()
}

/// Every file under a final name is whole: its manifest reads and its length is what it says.
fn assert_whole(folder: &Path, after: &str) {
    for file in finals(folder) {
        if let Err(e) = backup::read_manifest(&file) {
            panic!("{} is not whole {after}: {e}", file.display());
        }
    }
}

/// Runs one backup to its end; how long it took.
fn one_backup(dir: &Path, folder: &Path, key_file: &Path) -> Duration {
    let started = Instant::now();
    let out = backup_loop(dir, folder, key_file)
        .arg("--once")
        .stderr(Stdio::inherit())
        .output()
        .expect("run counter-backuploop");
    assert!(out.status.success(), "the backup failed");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(BACKED_UP));
    started.elapsed()
}

/// Restores `file` on a replacement PC (an empty data directory with its own keys); the rows of
/// its dispenses.
fn restore_elsewhere(file: &Path) -> i64 {
    let pc = tempfile::tempdir().unwrap();
    let t = tokens(&pc.path().join("new.key"));
    let report = backup::restore(
        pc.path(),
        file,
        &Sensitive::new(PASSPHRASE.into()),
        &credentials("mudira", "manager-secret"),
        &t,
    )
    .unwrap_or_else(|e| panic!("{} does not restore: {e}", file.display()));
    let store = counter::open_data_store(pc.path(), &t).unwrap();
    let head = audit::head_place(pc.path(), KeyPlace::choose(&t));
    assert_eq!(
        audit::verify(&store, Some(&head)).unwrap(),
        Verdict::Intact {
            rows: report.audit_rows
        }
    );
    raw(pc.path(), &t)
        .query_row("SELECT count(*) FROM dispenses", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn killed_at_random_points_a_backup_leaves_the_database_its_trail_and_every_backup_whole() {
    let runs = env_num("BACKUP_CRASH_RUNS", 25);
    let rows = env_num("BACKUP_CRASH_ROWS", 20_000);
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let key_file = data.path().join("crash.key");
    let t = tokens(&key_file);
    set_up(data.path(), &t, rows);
    let took = one_backup(data.path(), folder.path(), &key_file);
    let window = (took.as_millis() as u64 * 3 / 2).max(50);
    eprintln!("one backup of {rows} dispenses: {took:?}; kills within {window} ms");

    let mut rng = rand::rngs::StdRng::seed_from_u64(2024);
    let (mut finished, mut killed_with_partial) = (0usize, 0usize);
    let started = Instant::now();
    for run in 0..runs {
        let mut child = backup_loop(data.path(), folder.path(), &key_file)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start counter-backuploop");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter(|l| l.starts_with(BACKED_UP))
                .count()
        });
        std::thread::sleep(Duration::from_millis(rng.gen_range(5..window)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        finished += reader.join().expect("reader");
        if partials(folder.path()) > 0 {
            killed_with_partial += 1;
        }
        assert_whole(folder.path(), &format!("after kill {run}"));
    }
    eprintln!(
        "{runs} kills in {:.1} s: {finished} backups finished meanwhile, {killed_with_partial} kills left a partial file",
        started.elapsed().as_secs_f64()
    );

    assert!(
        runs < 10 || killed_with_partial > 0,
        "no kill landed while a backup was being written into the folder"
    );

    // The next backup cleans up after the kills.
    one_backup(data.path(), folder.path(), &key_file);
    assert_eq!(partials(folder.path()), 0, "partial files are cleaned up");
    let left: Vec<String> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains("restor"))
        .collect();
    assert!(left.is_empty(), "left in the data directory: {left:?}");
    let backups = finals(folder.path());
    assert!(
        backups.len() <= 14 && !backups.is_empty(),
        "{}",
        backups.len()
    );

    // The live database and its trail.
    let integrity: String = raw(data.path(), &t)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let store = counter::open_data_store(data.path(), &t).unwrap();
    let head = audit::head_place(data.path(), KeyPlace::choose(&t));
    match audit::verify(&store, Some(&head)).unwrap() {
        Verdict::Intact { rows } => eprintln!("audit trail intact: {rows} rows"),
        Verdict::Broken(b) => panic!("the audit trail broke: {b}"),
    }
    drop(store);

    // Every backup under a final name is whole and sealed; the oldest and newest restore.
    let scratch = tempfile::tempdir().unwrap();
    let mut manifests: Vec<Manifest> = Vec::new();
    for file in &backups {
        let out = scratch.path().join("copy");
        let (m, _) = backup::format::unseal(file, &Sensitive::new(PASSPHRASE.into()), &out)
            .unwrap_or_else(|e| panic!("{} does not open: {e}", file.display()));
        std::fs::remove_file(&out).unwrap();
        manifests.push(m);
    }
    for (file, manifest) in [
        (&backups[0], &manifests[0]),
        (&backups[backups.len() - 1], &manifests[backups.len() - 1]),
    ] {
        assert_eq!(restore_elsewhere(file), manifest.rows["dispenses"]);
        assert!(manifest.rows["dispenses"] >= rows as i64);
    }
}
