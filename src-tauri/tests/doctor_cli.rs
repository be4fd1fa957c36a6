//! `dorixona doctor` runs headless for real, against the real sandbox process and a counter that
//! has worked (signed in, looked a patient up): it reports the endpoint, the database and the
//! audit chain as sound, exits 0 without failures and 1 with one, and the file `--report`
//! writes for support holds no secret and no personal data.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use counter::client::ClientConfig;
use counter::secrets::TokenStore;
use counter::{Counter, Sensitive};
use sandbox_process::SandboxProcess;

fn doctor(data: &Path, keys: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dorixona"))
        .arg("doctor")
        .args(["--lang", "en", "--data-dir"])
        .arg(data)
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DORIXONA_DATA_DIR")
        .env_remove("DORIXONA_ENDPOINT")
        .env("DORIXONA_DB_KEY_FILE", keys)
        .output()
        .unwrap()
}

/// The line of `check` in the doctor's output.
fn line<'a>(out: &'a str, label: &str) -> &'a str {
    out.lines()
        .find(|l| l.get(6..).is_some_and(|rest| rest.starts_with(label)))
        .unwrap_or_else(|| panic!("no {label} line in\n{out}"))
}

#[tokio::test]
async fn a_used_counter_is_reported_sound_and_the_report_keeps_nothing_private() {
    let sandbox = SandboxProcess::start();
    let demo = sandbox.demo();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let keys = tmp.path().join("db.key");
    let who = &demo.pharmacies[0];
    let rx = &demo.prescriptions[0];
    let patient_name = {
        let config = ClientConfig {
            request_timeout: Duration::from_secs(5),
            ..ClientConfig::default()
        };
        let tokens = TokenStore::new("dorixona-doctor-test").with_key_file(&keys);
        let counter = Counter::open_with(&data, sandbox.base_url.as_str(), config, tokens).unwrap();
        counter
            .sign_in(
                &who.pharmacy_id,
                &who.login,
                Sensitive::new(who.secret.clone()),
            )
            .await
            .unwrap();
        let found = counter.lookup(&rx.payload, None).await.unwrap();
        found.prescriptions[0].patient.full_name.clone()
    };

    let report = tmp.path().join("doctor.txt");
    let url = format!("{}/", sandbox.base_url);
    let run = doctor(
        &data,
        &keys,
        &["--endpoint", &url, "--report", report.to_str().unwrap()],
    );
    let out = String::from_utf8_lossy(&run.stdout).into_owned();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{out}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(line(&out, "central system").starts_with("ok "), "{out}");
    assert!(line(&out, "clock").starts_with("ok "), "{out}");
    assert!(
        line(&out, "database").contains("whole and encrypted"),
        "{out}"
    );
    assert!(line(&out, "audit log").starts_with("ok "), "{out}");
    assert!(line(&out, "outbox").contains("nothing waits"), "{out}");

    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.starts_with("Dorixona doctor\nmade "), "{text}");
    assert!(
        text.contains(&out.trim_end().to_owned()),
        "the report holds the lines shown"
    );
    let key = std::fs::read_to_string(&keys).unwrap();
    for private in [
        rx.pinfl.as_str(),
        patient_name.as_str(),
        rx.number.as_str(),
        rx.code.as_str(),
        who.login.as_str(),
        who.secret.as_str(),
        who.pharmacy_id.as_str(),
        key.trim(),
    ] {
        assert!(
            !text.contains(private),
            "the report shows {private:?}:\n{text}"
        );
    }
}

#[test]
fn a_failing_check_makes_the_exit_code_1_and_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = doctor(
        &tmp.path().join("data"),
        &tmp.path().join("db.key"),
        &["--endpoint", &format!("http://127.0.0.1:{port}")],
    );
    let out = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{out}");
    let endpoint = line(&out, "central system");
    assert!(endpoint.starts_with("FAIL"), "{out}");
    assert!(out.contains("→ check the network"), "{out}");
    assert!(
        out.trim_end().ends_with("warnings") || out.contains("failure"),
        "{out}"
    );
}

#[test]
fn the_machine_configuration_names_the_endpoint_and_a_secret_in_it_is_refused() {
    let sandbox = SandboxProcess::start();
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config.toml");
    let run = |config_text: &str| {
        std::fs::write(&config, config_text).unwrap();
        Command::new(env!("CARGO_BIN_EXE_dorixona"))
            .args(["doctor", "--lang", "en", "--data-dir"])
            .arg(tmp.path().join("data"))
            .env_remove("DORIXONA_ENDPOINT")
            .env_remove("DORIXONA_DATA_DIR")
            .env("DORIXONA_DB_KEY_FILE", tmp.path().join("db.key"))
            .env("DORIXONA_MACHINE_CONFIG", &config)
            .output()
            .unwrap()
    };
    let fixed = run(&format!(
        "[fixed]\nendpoint = \"{}\"\npharmacy_id = \"PH-1\"\n",
        sandbox.base_url
    ));
    let out = String::from_utf8_lossy(&fixed.stdout);
    let endpoint = line(&out, "central system");
    assert!(
        endpoint.starts_with("ok ") && endpoint.contains("http://127.0.0.1"),
        "{out}"
    );

    let secret = run("[fixed]\nclient_secret = \"s3cr3t\"\n");
    let err = String::from_utf8_lossy(&secret.stderr);
    assert_eq!(secret.status.code(), Some(1), "{err}");
    assert!(
        err.contains("[INVALID_SETTING] the machine configuration cannot be used"),
        "{err}"
    );
    assert!(err.contains("secrets never go in this file"), "{err}");
    assert!(!err.contains("s3cr3t"), "{err}");
}
