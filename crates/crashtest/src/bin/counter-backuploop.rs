//! `counter-backuploop DATA_DIR FOLDER KEY_FILE [--once]`: backs the counter's database in
//! DATA_DIR up into FOLDER again and again (keeping the newest 14), printing `BACKUP <path>`
//! after each, while a second thread works on the database as the app would (a dispense and an
//! audit row every few milliseconds), until killed; with `--once`, one backup and exit. The
//! database's secrets (key, salt, audit head, backup key) are in KEY_FILE and beside it.
//!
//! The harness in `tests/backup_kill.rs` kills it with SIGKILL at random points of its backups.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use counter::audit::{AuditAction, AuditTrail};
use counter::backup::{BackupOptions, BackupReason};
use counter::db_key::KeyPlace;
use counter::secrets::TokenStore;
use counter::store::{LineRow, NewDispense};
use crashtest::BACKED_UP;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: counter-backuploop DATA_DIR FOLDER KEY_FILE [--once]");
        return ExitCode::from(2);
    }
    let (dir, folder) = (PathBuf::from(&args[0]), PathBuf::from(&args[1]));
    let tokens = TokenStore::new("dorixona-crashtest").with_key_file(&args[2]);
    let once = args.get(3).is_some_and(|a| a == "--once");
    if !once {
        let (dir, tokens) = (dir.clone(), tokens.clone());
        std::thread::spawn(move || work(&dir, &tokens));
    }
    let options = BackupOptions {
        keep: 14,
        reason: BackupReason::Daily,
        tokens,
    };
    let mut out = std::io::stdout();
    loop {
        match counter::backup::backup_now(&dir, &folder, &options) {
            Ok(info) => {
                let _ = writeln!(out, "{BACKED_UP}{}", info.path.display());
                let _ = out.flush();
            }
            Err(e) => {
                eprintln!("counter-backuploop: {e}");
                return ExitCode::FAILURE;
            }
        }
        if once {
            return ExitCode::SUCCESS;
        }
    }
}

/// The app at work meanwhile: a queued dispense and an audit row every few milliseconds.
fn work(dir: &Path, tokens: &TokenStore) {
    let Ok(store) = counter::open_data_store(dir, tokens) else {
        return;
    };
    let trail = AuditTrail::new(Some(counter::audit::head_place(
        dir,
        KeyPlace::choose(tokens),
    )));
    let run = std::process::id();
    for i in 0u64.. {
        let id = format!("live-{run}-{i}");
        let written = store.insert_dispense(
            &NewDispense {
                dispense_id: id.clone(),
                prescription_number: format!("RX-{id}"),
                pharmacist_pinfl: "30211975910033".into(),
                pharmacist_name: "Karimova Dilnoza".into(),
                pharmacy_id: "PH-1".into(),
                pharmacy_name: "Dorixona".into(),
                patient_key: "k".into(),
                mode: "online".into(),
                request_json: format!("{{\"dispense_id\":\"{id}\"}}"),
                created_at: "2026-12-02T05:00:00.000000Z".into(),
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
        );
        if written.is_err() {
            return;
        }
        let _ = trail.record(
            &store,
            "PH-1/aziza",
            AuditAction::Dispense,
            &format!("RX-{id}"),
            serde_json::json!({ "i": i }),
        );
        std::thread::sleep(Duration::from_millis(15));
    }
}
