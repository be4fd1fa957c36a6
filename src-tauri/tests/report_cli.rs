//! `dorixona report` runs headless for real: no display, the same local store, every format.

use std::process::Command;

use counter::store::{LineRow, NewDispense, Store};

fn store_with_two_dispenses(dir: &std::path::Path) {
    let store = Store::open(&dir.join(counter::DB_FILE)).unwrap();
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

fn report(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dorixona"))
        .arg("report")
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DORIXONA_DATA_DIR")
        .output()
        .unwrap()
}

#[test]
fn report_writes_csv_xlsx_and_pdf_from_the_local_store_without_a_display() {
    let data = tempfile::tempdir().unwrap();
    store_with_two_dispenses(data.path());
    let out = tempfile::tempdir().unwrap();
    for format in ["csv", "xlsx", "pdf"] {
        let file = out.path().join(format!("r.{format}"));
        let run = report(&[
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
    assert!(String::from_utf8_lossy(&missing.stderr).contains("STORAGE_ERROR"));
    assert!(!out.exists());
}
