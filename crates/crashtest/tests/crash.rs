//! The crash proof: the client is killed with SIGKILL at random points of dispensing and
//! sending (`CRASH_RUNS` times, default 200), restarted on the same data directory to drain, and
//! the sandbox's record is checked: every dispense the counter confirmed is recorded exactly
//! once, and the central system has no dispense the counter does not know. On both adapters:
//! contract v1, and FHIR (conditional creates on each line's identifier; the sandbox's `/fhir`,
//! signing in through its page each time the loop starts).

use crashtest::CONFIRMED;
use rand::{Rng, SeedableRng};
use sandbox_process::SandboxProcess;
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_counter-crashloop"))
}

/// The crash loop's command for `adapter` (its OAuth client in the environment).
fn command(adapter: &Adapter) -> Command {
    let mut cmd = Command::new(bin());
    cmd.env("DORIXONA_ADAPTER", adapter.name);
    if let Some((id, secret)) = &adapter.client {
        cmd.env("CRASHLOOP_CLIENT_ID", id)
            .env("CRASHLOOP_CLIENT_SECRET", secret);
    }
    cmd
}

/// Which adapter the loop speaks, and the pharmacy's OAuth client for `dhp-fhir`.
struct Adapter {
    name: &'static str,
    client: Option<(String, String)>,
}

/// Runs the loop and kills it after `after`; returns the confirmed ids it printed.
fn run_and_kill(
    adapter: &Adapter,
    base: &[String],
    payloads: &[String],
    after: Duration,
) -> Vec<String> {
    let mut child = command(adapter)
        .args(base)
        .args(payloads)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start counter-crashloop");
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| l.strip_prefix(CONFIRMED).map(str::to_owned))
            .collect::<Vec<String>>()
    });
    std::thread::sleep(after);
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    reader.join().expect("reader")
}

fn drain(adapter: &Adapter, base: &[String]) {
    let out = command(adapter)
        .args(base)
        .arg("--drain")
        .stderr(Stdio::inherit())
        .output()
        .expect("drain");
    assert!(out.status.success(), "drain failed");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "LEFT 0");
}

fn central_ids(db: &Path, pharmacy: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open sandbox db");
    let mut stmt = conn
        .prepare("SELECT dispense_id FROM dispenses WHERE pharmacy_id = ?1")
        .expect("query");
    stmt.query_map([pharmacy], |r| r.get(0))
        .expect("rows")
        .collect::<Result<Vec<String>, _>>()
        .expect("ids")
}

#[test]
fn killed_at_random_points_every_confirmed_dispense_is_recorded_exactly_once() {
    crash_proof(200, |_| Adapter {
        name: "dmed-v1",
        client: None,
    });
}

#[test]
fn on_fhir_killed_at_random_points_every_confirmed_dispense_is_recorded_exactly_once() {
    // Fewer kills by default: each start of the loop signs in through the platform's page,
    // and the suite's time is bounded; CRASH_RUNS sets both.
    crash_proof(100, |login| Adapter {
        name: "dhp-fhir",
        client: Some((login.client_id.clone(), login.client_secret.clone())),
    });
}

/// Kills the loop `CRASH_RUNS` times (default `default_runs`) on the adapter `adapter` makes
/// for the demo pharmacy, then checks the central record against what the counter confirmed.
fn crash_proof(default_runs: usize, adapter: impl Fn(&dmed_sandbox::DemoLogin) -> Adapter) {
    let runs: usize = std::env::var("CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_runs);
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let login = &demo.pharmacies[0];
    let adapter = adapter(login);
    let endpoint = match adapter.client {
        Some(_) => format!("{}/fhir", sbx.base_url),
        None => sbx.base_url.clone(),
    };
    let payloads: Vec<String> = demo
        .prescriptions
        .iter()
        .filter(|p| p.state == "chronic_active" || p.state == "active")
        .map(|p| p.payload.clone())
        .collect();
    assert!(!payloads.is_empty());
    let data = tempfile::tempdir().expect("data dir");
    // The database key comes from a key file rather than the Secret Service here: what is tested
    // is dispensing and sending through kills, and the keyring's own latency (tens of ms a call)
    // would push the first confirmation past most kill times.
    std::env::set_var(KEY_FILE_ENV, key_file(data.path()));
    let base = vec![
        endpoint,
        data.path().display().to_string(),
        login.pharmacy_id.clone(),
        login.login.clone(),
        login.secret.clone(),
    ];
    let mut rng = rand::rngs::StdRng::seed_from_u64(4242);
    let mut confirmed: Vec<String> = Vec::new();
    let started = Instant::now();
    for run in 0..runs {
        // Every fourth run, answers are dropped after being recorded, so kills also land
        // between the central record and the local one.
        let drop = run % 4 == 3;
        sbx.admin(
            "/_sandbox/faults",
            serde_json::json!({ "drop_rate": if drop { 0.5 } else { 0.0 }, "seed": run }),
        );
        let after = Duration::from_millis(rng.gen_range(30..400));
        confirmed.extend(run_and_kill(&adapter, &base, &payloads, after));
        sbx.admin("/_sandbox/faults", serde_json::json!({}));
        if run % 10 == 9 || run + 1 == runs {
            drain(&adapter, &base);
        }
    }
    drain(&adapter, &base);
    let central = central_ids(&sbx.db_path, &login.pharmacy_id);
    let central_set: HashSet<&String> = central.iter().collect();
    assert_eq!(central_set.len(), central.len(), "no id recorded twice");
    let confirmed_set: HashSet<&String> = confirmed.iter().collect();
    assert_eq!(confirmed_set.len(), confirmed.len(), "ids are unique");
    for id in &confirmed {
        if !central_set.contains(id) {
            let local = local_db(data.path());
            let row: Option<(String, String, Option<String>, String)> = local
                .query_row(
                    "SELECT state, mode, last_error, request_json FROM dispenses WHERE dispense_id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .ok();
            panic!("confirmed dispense {id} is missing centrally; local row: {row:?}");
        }
    }
    // Nothing doubled: every central record is one of the counter's own, each once.
    let local = local_db(data.path());
    let local_ids: HashSet<String> = {
        let mut stmt = local
            .prepare("SELECT dispense_id FROM dispenses WHERE state = 'delivered'")
            .expect("query");
        stmt.query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("ids")
    };
    for id in &central {
        assert!(
            local_ids.contains(id),
            "central dispense {id} unknown to the counter"
        );
    }
    let pending: i64 = local
        .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
        .expect("outbox");
    assert_eq!(pending, 0);
    eprintln!(
        "crash proof ({}): {runs} kills, {} confirmed, {} recorded centrally, {:.1} s",
        adapter.name,
        confirmed.len(),
        central.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(!confirmed.is_empty());
}

const KEY_FILE_ENV: &str = counter::db_key::ENV_KEY_FILE;

/// The key file the crash loop's counters share.
fn key_file(data: &std::path::Path) -> std::path::PathBuf {
    data.join("crash.key")
}

/// The counter's encrypted database, opened with the key the crash loop's counter keeps.
fn local_db(dir: &std::path::Path) -> rusqlite::Connection {
    use counter::db_key::{database_key, KeyPlace};
    let path = dir.join(counter::DB_FILE);
    let key = database_key(&KeyPlace::File(key_file(dir)), &path).expect("the local database key");
    let conn = rusqlite::Connection::open(&path).expect("local db");
    counter::store::cipher::key_connection(&conn, &key).expect("keyed");
    conn
}
