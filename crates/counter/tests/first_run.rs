//! The first-run setup on a real data folder and encrypted database: anyone at the machine
//! chooses the central system, pharmacy, camera, printer and language once, before anyone can
//! sign in; it is recorded in the audit trail; afterwards only an administrator may change the
//! same settings, and a counter set up before the setup existed is not asked again.

mod common;

use common::*;
use counter::printing::PrintSettings;
use counter::Settings;
use dmed_api::ErrorCode;

#[test]
fn the_setup_is_anyones_once_and_an_administrators_afterwards() {
    let tc = open_counter("http://127.0.0.1:9");
    let c = &tc.counter;
    assert!(c.setup_needed().unwrap());
    let chosen = Settings {
        endpoint: Some("https://api.dmed.uz".into()),
        language: "ru".into(),
        camera: Some("HD Webcam".into()),
        pharmacy_id: Some(" PH-0042 ".into()),
        ..Settings::default()
    };
    let printing = PrintSettings {
        printer: Some("Receipts".into()),
        ..PrintSettings::default()
    };
    let done = c.finish_setup(&chosen, Some(&printing)).unwrap();
    assert!(
        done.restart_needed,
        "a new central system starts with the app"
    );
    assert!(!c.setup_needed().unwrap());
    let saved = counter::read_settings(tc.dir.path()).unwrap();
    assert_eq!(saved.endpoint.as_deref(), Some("https://api.dmed.uz"));
    assert_eq!(saved.pharmacy_id.as_deref(), Some("PH-0042"));
    assert_eq!(saved.camera.as_deref(), Some("HD Webcam"));
    assert_eq!(
        c.print_settings().unwrap().printer.as_deref(),
        Some("Receipts")
    );

    let again = c.finish_setup(&Settings::default(), None).unwrap_err();
    assert_eq!(again.code(), ErrorCode::NotSignedIn, "{again:?}");
    assert_eq!(
        counter::read_settings(tc.dir.path())
            .unwrap()
            .endpoint
            .as_deref(),
        Some("https://api.dmed.uz"),
        "nothing changed"
    );
    let rows = raw_connection(tc.dir.path())
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'settings_changed' AND subject = 'setup'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    assert_eq!(rows, 1);
}

#[test]
fn a_bad_choice_is_refused_and_the_setup_stays_to_be_done() {
    let tc = open_counter("http://127.0.0.1:9");
    let bad = Settings {
        endpoint: Some("http://dmed.example.uz".into()),
        ..Settings::default()
    };
    let e = tc.counter.finish_setup(&bad, None).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidSetting);
    assert!(tc.counter.setup_needed().unwrap());
}

#[test]
fn a_counter_whose_endpoint_was_chosen_before_is_not_asked_again() {
    let tc = open_counter("http://127.0.0.1:9");
    tc.counter
        .save_settings(&Settings {
            endpoint: Some("https://api.dmed.uz".into()),
            ..Settings::default()
        })
        .unwrap();
    assert!(!tc.counter.setup_needed().unwrap());
}
