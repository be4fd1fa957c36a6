//! The facade's session, settings and catalogue behaviour against the real `dmed-sandbox`.

mod common;

use common::*;
use counter::{Settings, DB_FILE};
use dmed_api::ErrorCode;
use sandbox_process::SandboxProcess;

#[tokio::test]
async fn commands_need_a_session() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = open_counter(&sbx.base_url);
    assert!(tc.counter.session().is_none());
    let p = rx(&demo, "active");
    assert_eq!(
        tc.counter
            .lookup(&p.payload, None)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::NotSignedIn
    );
    assert_eq!(
        tc.counter.hold(&p.number).await.unwrap_err().code(),
        ErrorCode::NotSignedIn
    );
    assert_eq!(
        tc.counter.sync_catalog().await.unwrap_err().code(),
        ErrorCode::NotSignedIn
    );
    assert_eq!(
        tc.counter.flush_outbox().await.unwrap_err().code(),
        ErrorCode::NotSignedIn
    );
    // Input errors are reported before the session is even needed.
    assert_eq!(
        tc.counter
            .lookup("not a number", None)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::InvalidIdentifier
    );
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let sbx = SandboxProcess::start();
    let tc = signed_in(&sbx, 0).await;
    assert!(tc.counter.session().is_some());
    tc.counter.sign_out().await.unwrap();
    assert!(tc.counter.session().is_none());
    assert!(tc.counter.resume_session().await.is_none());
}

#[tokio::test]
async fn a_session_resumes_after_restart_when_the_keyring_works() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let before = tc.counter.session().unwrap();
    let keyring = tc.counter.secrets_available().await;
    // Sign-in works either way; a missing keyring is a diagnostic, not an error.
    assert_eq!(keyring, tc.counter.secrets_diagnostic().await.is_none());
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        assert!(
            keyring,
            "a session bus is present but the keyring failed: {:?}",
            tc.counter.secrets_diagnostic().await
        );
    }
    let reopened = open_counter_in(tc.dir.path(), &sbx.base_url);
    let resumed = reopened.resume_session().await;
    if keyring {
        let resumed = resumed.expect("resumed from the keyring");
        assert_eq!(resumed, before);
        // It starts locked: its user unlocks it (see lock_switch.rs); then the resumed token
        // really works.
        assert!(reopened.lock_state().await.locked);
        let login = &demo.pharmacies[0];
        reopened
            .unlock(counter::Sensitive::new(login.secret.clone()))
            .await
            .unwrap();
        reopened
            .lookup(&rx(&demo, "active").payload, None)
            .await
            .expect("lookup with the resumed token");
        reopened.sign_out().await.unwrap();
    } else {
        assert!(resumed.is_none());
    }
}

#[tokio::test]
async fn catalogue_sync_and_search() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let inn = demo.products[0].inn.clone();
    let found = tc
        .counter
        .search_products(&inn.to_uppercase(), "")
        .await
        .unwrap();
    assert!(!found.is_empty());
    assert!(found.iter().all(|p| p.inn.eq_ignore_ascii_case(&inn)));
    let names: Vec<String> = found.iter().map(|p| p.trade_name.to_lowercase()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let version = tc.counter.sync_catalog().await.unwrap();
    assert_eq!(
        tc.counter.sync_catalog().await.unwrap(),
        version,
        "no change since"
    );
    let first = &found[0].trade_name;
    let filtered = tc
        .counter
        .search_products(&inn, &first[..first.len().min(3)].to_lowercase())
        .await
        .unwrap();
    assert!(filtered.iter().any(|p| &p.trade_name == first));
}

#[tokio::test]
async fn settings_are_validated_saved_and_readable_before_open() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        counter::read_settings(dir.path()).unwrap(),
        Settings::default()
    );
    let c = open_counter_in(dir.path(), "http://127.0.0.1:9");
    let bad = Settings {
        endpoint: Some("http://dmed.example.uz".into()),
        adapter: "dmed-v1".into(),
        language: "uz".into(),
        camera: None,
        text_size: 100,
        ..Settings::default()
    };
    assert_eq!(
        c.save_settings(&bad).unwrap_err().code(),
        ErrorCode::InvalidSetting
    );
    let good = Settings {
        endpoint: Some("https://dmed.example.uz/".into()),
        adapter: "dmed-v1".into(),
        language: "en".into(),
        camera: None,
        text_size: 100,
        ..Settings::default()
    };
    c.save_settings(&good).unwrap();
    assert_eq!(
        c.settings().unwrap().endpoint.as_deref(),
        Some("https://dmed.example.uz")
    );
    drop(c);
    let read = counter::read_settings(dir.path()).unwrap();
    assert_eq!(read.language, "en");
    assert!(dir.path().join(DB_FILE).is_file());
}

#[tokio::test]
async fn a_bad_endpoint_is_refused_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let err = counter::Counter::open(dir.path(), "http://10.1.2.3:8787").unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidSetting);
}
