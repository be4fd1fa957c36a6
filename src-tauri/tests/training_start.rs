//! Start-up against the real embedded sandbox and the real counter: training mode when nothing
//! is configured, a configured endpoint otherwise, and a clear error for a bad one.

use counter::Sensitive;
use dmed_api::ErrorCode;
use dorixona::ipc_error::IpcError;
use dorixona::startup;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_nothing_configured_the_app_starts_the_training_server_and_works_against_it() {
    let dir = tempfile::tempdir().unwrap();
    let started = startup::start(dir.path(), None, None).await.unwrap();

    let training = started.training.as_ref().expect("training mode");
    assert!(
        started.endpoint.starts_with("http://127.0.0.1:"),
        "loopback endpoint, got {}",
        started.endpoint
    );
    assert!(dir.path().join("training-sandbox.sqlite").is_file());

    let demo = training.demo.as_ref().expect("demo info");
    for state in ["active", "cancelled", "expired"] {
        assert!(
            demo.samples.iter().any(|s| s.state == state),
            "a sample in state {state}"
        );
    }

    // The demo credentials sign in, and an active sample's QR payload looks up.
    let session = started
        .counter
        .sign_in(
            &demo.pharmacy_id,
            &demo.login,
            Sensitive::new(demo.secret.clone()),
        )
        .await
        .unwrap();
    assert_eq!(session.pharmacy.pharmacy_id, demo.pharmacy_id);
    let active = demo.samples.iter().find(|s| s.state == "active").unwrap();
    let found = started.counter.lookup(&active.payload, None).await.unwrap();
    assert_eq!(found.prescriptions.len(), 1);
    assert_eq!(found.prescriptions[0].number, active.number);
}

#[tokio::test]
async fn a_configured_endpoint_turns_training_mode_off() {
    let dir = tempfile::tempdir().unwrap();
    let started = startup::start(dir.path(), Some("http://127.0.0.1:9".into()), None)
        .await
        .unwrap();
    assert!(started.training.is_none());
    assert_eq!(started.endpoint.trim_end_matches('/'), "http://127.0.0.1:9");
    assert!(!dir.path().join("training-sandbox.sqlite").exists());
}

#[tokio::test]
async fn a_bad_endpoint_is_a_start_up_error_the_ui_can_show() {
    let dir = tempfile::tempdir().unwrap();
    let err = startup::start(dir.path(), Some("ftp://central.example".into()), None)
        .await
        .err()
        .expect("start-up fails");
    let ipc = IpcError::from(err);
    assert_eq!(ipc.code, ErrorCode::InvalidSetting);
    assert!(!ipc.message.is_empty());
}
