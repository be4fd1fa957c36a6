//! `dorixona report` runs headless for real: no display, the same local store, every format, and
//! only for a manager who signs in with their own secret (checked against the verifier of their
//! last online sign-in on this counter).

use std::io::Write;
use std::process::{Command, Stdio};

use counter::store::{LineRow, NewDispense, Store};
use counter::{Sensitive, Session};
use dmed_api::types::{Pharmacist, PharmacyInfo, StaffRole};

const SECRET: &str = "manager-secret";

/// Staff who signed in on this counter before: `manager` (a manager) and `dilnoza` (a
/// pharmacist), both with [`SECRET`].
fn remember_staff(store: &Store) {
    for (login, role) in [
        ("manager", StaffRole::Manager),
        ("dilnoza", StaffRole::Pharmacist),
    ] {
        let session = Session {
            pharmacy: PharmacyInfo {
                pharmacy_id: "PH-7".into(),
                name: "Dorixona Oʻzbekiston".into(),
                address: String::new(),
            },
            pharmacist: Pharmacist {
                pinfl: "30101850010017".into(),
                full_name: login.into(),
                role,
            },
            expires_at: "2026-11-21T18:00:00Z".into(),
        };
        counter::verifier::remember(store, login, &Sensitive::new(SECRET.to_owned()), &session)
            .unwrap();
    }
}

fn store_with_two_dispenses(dir: &std::path::Path) {
    let store = Store::open(&dir.join(counter::DB_FILE)).unwrap();
    remember_staff(&store);
    for (id, at, name) in [
        ("c1", "2026-11-20T05:00:00.000000Z", "Karimova Dilnoza"),
        ("c2", "2026-11-21T05:00:00.000000Z", "Шоира Ўткирова"),
    ] {
        store
            .insert_dispense(
                &NewDispense {
                    dispense_id: id.into(),
                    prescription_number: format!("RX-{id}"),
                    pharmacist_pinfl: "30101850010017".into(),
                    pharmacist_name: name.into(),
                    pharmacy_id: "PH-7".into(),
                    pharmacy_name: "Dorixona Oʻzbekiston".into(),
                    patient_key: format!("patient-{id}"),
                    mode: "online".into(),
                    request_json: "{}".into(),
                    created_at: at.into(),
                },
                &[LineRow {
                    not_dispensed_reason: None,
                    item_id: "i".into(),
                    product_id: "p".into(),
                    inn: "Metformin".into(),
                    trade_name: "Глюкофаж".into(),
                    pack_size: 30,
                    unit: "tabletka".into(),
                    quantity: 60,
                    batch: None,
                    expiry: None,
                    marking_codes: vec![],
                }],
                "dispense",
            )
            .unwrap();
    }
}

/// Runs `dorixona report ARGS` with `secret` as the first line of standard input.
fn report_as(args: &[&str], secret: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dorixona"))
        .arg("report")
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DORIXONA_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = writeln!(child.stdin.take().unwrap(), "{secret}");
    child.wait_with_output().unwrap()
}

fn report(args: &[&str]) -> std::process::Output {
    report_as(args, SECRET)
}

fn csv_args<'a>(login: &'a str, out: &'a str, data: &'a str) -> Vec<&'a str> {
    vec![
        "--pharmacy",
        "PH-7",
        "--login",
        login,
        "--from",
        "2026-11-20",
        "--to",
        "2026-11-21",
        "--format",
        "csv",
        "--out",
        out,
        "--data-dir",
        data,
    ]
}

#[test]
fn report_writes_csv_xlsx_and_pdf_from_the_local_store_without_a_display() {
    let data = tempfile::tempdir().unwrap();
    store_with_two_dispenses(data.path());
    let out = tempfile::tempdir().unwrap();
    for format in ["csv", "xlsx", "pdf"] {
        let file = out.path().join(format!("r.{format}"));
        let run = report(&[
            "--pharmacy",
            "PH-7",
            "--login",
            "manager",
            "--from",
            "2026-11-20",
            "--to",
            "2026-11-21",
            "--format",
            format,
            "--out",
            file.to_str().unwrap(),
            "--data-dir",
            data.path().to_str().unwrap(),
        ]);
        assert!(
            run.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let bytes = std::fs::read(&file).unwrap();
        let magic: &[u8] = match format {
            "csv" => b"time,dispense_id",
            "xlsx" => b"PK",
            _ => b"%PDF",
        };
        assert!(bytes.starts_with(magic), "{format} starts wrong");
        if format == "csv" {
            let text = String::from_utf8(bytes).unwrap();
            assert_eq!(text.lines().count(), 3, "{text}");
            assert!(text.contains("Шоира Ўткирова"));
        }
    }
}

#[test]
fn report_explains_bad_arguments_and_a_missing_store() {
    let bad = report(&["--from", "20.11.2026"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("usage: dorixona report"));
    let empty = tempfile::tempdir().unwrap();
    let out = empty.path().join("r.csv");
    let missing = report(&[
        "--pharmacy",
        "PH-7",
        "--login",
        "manager",
        "--from",
        "2026-11-20",
        "--to",
        "2026-11-21",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
        "--data-dir",
        empty.path().join("nothing").to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(1));
    let said = String::from_utf8_lossy(&missing.stderr);
    assert!(said.contains("there is no counter database at"), "{said}");
    assert!(!out.exists());
}

#[test]
fn report_needs_the_managers_own_secret_and_refuses_other_roles() {
    let data = tempfile::tempdir().unwrap();
    store_with_two_dispenses(data.path());
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("r.csv");
    let (f, d) = (file.to_str().unwrap(), data.path().to_str().unwrap());

    let wrong = report_as(&csv_args("manager", f, d), "not-the-secret");
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("UNAUTHENTICATED"));
    assert!(!file.exists());

    let stranger = report(&csv_args("nobody", f, d));
    assert_eq!(stranger.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stranger.stderr).contains("UNAUTHENTICATED"));

    let pharmacist = report(&csv_args("dilnoza", f, d));
    assert_eq!(pharmacist.status.code(), Some(1));
    let err = String::from_utf8_lossy(&pharmacist.stderr);
    assert!(
        err.contains("[FORBIDDEN] only a manager may do this; you are signed in as a pharmacist"),
        "{err}"
    );
    assert!(!file.exists());

    let empty = report_as(&csv_args("manager", f, d), "");
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("no secret"));

    let ok = report(&csv_args("manager", f, d));
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(file.is_file());
}
