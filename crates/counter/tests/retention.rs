//! Retention through the real encrypted database, with the clock moved: dispenses and audit rows
//! older than a year go into an encrypted archive file and leave the live database; a dispense
//! still waiting to be sent stays; the audit chain still verifies afterwards, and goes on.

mod common;

use common::*;
use counter::audit::{self, HeadPlace, Verdict};
use counter::db_key::database_key;
use counter::store::{LineRow, NewDispense, Store};
use counter::Settings;
use time::OffsetDateTime;

fn dispense(store: &Store, id: &str, created_at: &str) {
    store
        .insert_dispense(
            &NewDispense {
                dispense_id: id.into(),
                prescription_number: format!("RX{id}"),
                pharmacist_pinfl: "30211975910033".into(),
                pharmacist_name: "Karimova Dilnoza".into(),
                pharmacy_id: "PH-1".into(),
                pharmacy_name: "Dorixona".into(),
                patient_key: "k".into(),
                mode: "online".into(),
                request_json: "{}".into(),
                created_at: created_at.into(),
            },
            &[LineRow {
                not_dispensed_reason: None,
                item_id: "i".into(),
                product_id: "p".into(),
                inn: "Metformin".into(),
                trade_name: "Glucophage".into(),
                pack_size: 30,
                unit: "tabletka".into(),
                quantity: 30,
                batch: None,
                expiry: None,
                marking_codes: vec![],
            }],
            "dispense",
        )
        .unwrap();
}

fn delivered(store: &Store, id: &str) {
    store
        .mark_delivered(id, "online", "{}", "2025-01-01T10:00:00.000000Z")
        .unwrap();
}

#[test]
fn records_older_than_a_year_move_to_an_encrypted_archive_and_the_chain_goes_on() {
    let tc = open_counter("http://127.0.0.1:9");
    let now = OffsetDateTime::now_utc();
    let lang = |l: &str| Settings {
        endpoint: None,
        adapter: "dmed-v1".into(),
        language: l.into(),
        camera: None,
        text_size: 100,
        ..Settings::default()
    };
    for l in ["en", "uz", "en"] {
        tc.counter.save_settings(&lang(l)).unwrap();
    }
    let store = tc.store();
    dispense(&store, "old-1", "2025-01-01T09:00:00.000000Z");
    delivered(&store, "old-1");
    dispense(&store, "old-pending", "2025-01-01T09:30:00.000000Z");
    let recent = counter::store::timestamp(now);
    dispense(&store, "new-1", &recent);
    delivered(&store, "new-1");

    // Today: only what is older than a year goes.
    let report = tc.counter.apply_retention(now).unwrap();
    assert_eq!(report.dispenses, 1);
    assert_eq!(report.audit_rows, 0);
    assert!(store.dispense("old-1").unwrap().is_none());
    assert!(
        store.dispense("old-pending").unwrap().is_some(),
        "waiting to be sent: kept"
    );
    assert!(store.dispense("new-1").unwrap().is_some());
    let archive = report.archive.expect("an archive file");
    assert!(
        !counter::store::cipher::is_plaintext(&archive).unwrap(),
        "the archive is encrypted"
    );
    let place = test_key_place(tc.dir.path());
    let db = tc.dir.path().join(counter::DB_FILE);
    let key = database_key(&place, &db).unwrap();
    let conn = rusqlite::Connection::open(&archive).unwrap();
    counter::store::cipher::key_connection(&conn, &key).unwrap();
    let archived: Vec<String> = conn
        .prepare("SELECT dispense_id FROM dispenses")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(archived, ["old-1"]);
    let lines: i64 = conn
        .query_row("SELECT count(*) FROM dispense_lines", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lines, 1);

    // 400 days on: the rest of the dispenses and every audit row written today go too.
    let later = tc
        .counter
        .apply_retention(now + time::Duration::days(400))
        .unwrap();
    assert_eq!(later.dispenses, 1, "new-1");
    assert_eq!(
        later.audit_rows, 3,
        "the three settings changes; the newest row stays"
    );
    assert!(store.dispense("old-pending").unwrap().is_some());
    assert_eq!(
        store.audit_len().unwrap(),
        2,
        "the newest row before, and the record of this archiving"
    );
    let head = HeadPlace { place, db };
    assert_eq!(
        audit::verify(&store, Some(&head)).unwrap(),
        Verdict::Intact { rows: 2 }
    );
    tc.counter.save_settings(&lang("uz")).unwrap();
    assert_eq!(
        audit::verify(&store, Some(&head)).unwrap(),
        Verdict::Intact { rows: 3 }
    );
    // Taking a kept row away is still caught.
    let raw = tc.raw_connection();
    raw.execute(
        "DELETE FROM audit_log WHERE seq = (SELECT min(seq) FROM audit_log)",
        [],
    )
    .unwrap();
    assert!(matches!(
        audit::verify(&store, Some(&head)).unwrap(),
        Verdict::Broken(_)
    ));
}

#[test]
fn nothing_younger_than_a_year_is_moved() {
    let tc = open_counter("http://127.0.0.1:9");
    let store = tc.store();
    let now = OffsetDateTime::now_utc();
    dispense(
        &store,
        "d",
        &counter::store::timestamp(now - time::Duration::days(300)),
    );
    delivered(&store, "d");
    let report = tc.counter.apply_retention(now).unwrap();
    assert_eq!(
        (report.dispenses, report.audit_rows, report.archive),
        (0, 0, None)
    );
    assert!(store.dispense("d").unwrap().is_some());
}
