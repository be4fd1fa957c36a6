//! The outbox drain benchmark: a counter whose outbox holds `OUTBOX_BENCH_N` ordinary dispenses
//! (default 1,000; `tests/bench/outbox-drain.sh` runs 10,000 in release) made while the central
//! system was unreachable drains them through `POST /v1/dispenses` once it is back, and every
//! dispense is recorded by the central system exactly once; on contract v1 and on FHIR (the
//! sandbox's `/fhir`: each dispense a transaction of conditional creates, signed in through the
//! platform's page by a scripted person). Prints the queued count, the queue
//! and drain times, dispenses per second, what is left, doubled and missing; with
//! `OUTBOX_BENCH_MAX_SECS` the drain must also finish within that many seconds.
//!
//! How the outbox is filled, the way a counter fills it during an outage, through its public API
//! only: the sandbox is started with `--extra-prescriptions N` (N active chronic prescriptions,
//! 100 per patient); the pharmacist looks each patient up while the central system answers (so
//! the prescriptions are in the counter's cache); the sandbox's `outage` fault knob is switched
//! on and the counter's own connection monitor takes it offline; then each prescription gets one
//! `Counter::dispense` of one unit, which the counter records offline from its cached copy
//! (dispense, lines and outbox row, with the failed first attempt) and answers `Queued`. The
//! monitor and the worker are then stopped, the outage switched off, and the clock runs while
//! the worker's own send path (`Counter::drain_outbox`, the worker's rounds, 16 prescriptions at
//! a time, each dispense under its idempotency key) empties the outbox.
//!
//! The check is made on the central side, in the sandbox's database: every dispense the counter
//! queued is recorded once (missing: queued but not recorded; doubled: recorded for one of these
//! prescriptions but not queued by the counter, or a prescription with more than one dispense),
//! and each prescription's dispensed quantity is exactly what was handed over.

use counter::client::{Adapter, ClientConfig, Endpoint, OAuthClient};
use counter::secrets::TokenStore;
use counter::{Counter, DeliveryState, DispenseDraft, DraftLine, Sensitive};
use sandbox_process::SandboxProcess;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

/// Units handed over per dispense.
const QUANTITY: u32 = 1;
/// How long the connection monitor may take to notice the outage (it promises 3 s).
const OFFLINE_WITHIN: Duration = Duration::from_secs(10);

fn env_num(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Dispense id → prescription number of every dispense the central system recorded for this
/// pharmacy on the extra prescriptions.
fn central_dispenses(db: &Path, pharmacy: &str) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(db).expect("open sandbox db");
    let mut stmt = conn
        .prepare(
            "SELECT dispense_id, number FROM dispenses
             WHERE pharmacy_id = ?1 AND number IN (SELECT number FROM extra_prescriptions)",
        )
        .expect("query");
    stmt.query_map([pharmacy], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<Vec<_>, _>>()
        .expect("dispenses")
}

async fn wait_until_offline(counter: &Counter) {
    let deadline = Instant::now() + OFFLINE_WITHIN;
    while counter.connection_status().online {
        assert!(
            Instant::now() < deadline,
            "the counter did not notice the outage within {OFFLINE_WITHIN:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_outbox_drains_with_nothing_doubled_or_missing() {
    drain_bench(Adapter::DmedV1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_fhir_a_full_outbox_drains_with_nothing_doubled_or_missing() {
    drain_bench(Adapter::DhpFhir).await;
}

/// The counter's client for `adapter` at the sandbox, signing in as `who` on the platform.
fn client_for(
    adapter: Adapter,
    sbx: &SandboxProcess,
    who: &dmed_sandbox::DemoLogin,
) -> (Endpoint, ClientConfig) {
    if adapter == Adapter::DmedV1 {
        return (Endpoint::from(&sbx.base_url), ClientConfig::default());
    }
    let person = sandbox_process::sign_in::Person {
        pharmacy_id: who.pharmacy_id.clone(),
        login: who.login.clone(),
        secret: who.secret.clone(),
    };
    let config = ClientConfig {
        oauth: Some(OAuthClient {
            client_id: who.client_id.clone(),
            client_secret: Some(Sensitive::new(who.client_secret.clone())),
        }),
        browser: Some(std::sync::Arc::new(move |url: &str| {
            let (url, person) = (url.to_owned(), person.clone());
            std::thread::spawn(move || sandbox_process::sign_in::sign_in(&url, &person));
            Ok(())
        })),
        ..ClientConfig::default()
    };
    let url = format!("{}/fhir", sbx.base_url);
    (Endpoint::new(adapter, url), config)
}

async fn drain_bench(adapter: Adapter) {
    let n = env_num("OUTBOX_BENCH_N").unwrap_or(1_000) as usize;
    let sbx = SandboxProcess::start_with(&["--extra-prescriptions", &n.to_string()]);
    let extras = sbx.extra_prescriptions();
    assert_eq!(
        extras.len(),
        n,
        "the sandbox seeded the prescriptions asked for"
    );
    let demo = sbx.demo();
    let pharmacist = demo.pharmacies[0].clone();

    let dir = tempfile::tempdir().expect("temp dir");
    let (endpoint, config) = client_for(adapter, &sbx, &pharmacist);
    let counter = Counter::open_with(
        dir.path(),
        endpoint,
        config,
        // Encrypted as always; the key in a file of the data directory, so the Secret Service's
        // own speed is not part of what this measures.
        TokenStore::new("dorixona-bench").with_key_file(dir.path().join("bench.key")),
    )
    .expect("open counter");
    counter
        .sign_in(
            &pharmacist.pharmacy_id,
            &pharmacist.login,
            Sensitive::new(pharmacist.secret.clone()),
        )
        .await
        .expect("sign in");
    counter.sync_catalog().await.expect("catalogue");

    // While the central system answers: each patient is looked up (identity document checked),
    // which caches their prescriptions.
    let mut patients: Vec<&str> = Vec::new();
    for e in &extras {
        if patients.last() != Some(&e.pinfl.as_str()) {
            patients.push(&e.pinfl);
        }
    }
    // The item of each prescription as the counter knows it (an adapter may write ids its
    // own way: FHIR ids have no `+`).
    let mut item_of: HashMap<String, String> = HashMap::with_capacity(n);
    for pinfl in &patients {
        let found = counter
            .lookup(pinfl, Some(dmed_api::handover::IdDocumentKind::Passport))
            .await
            .expect("lookup by PINFL");
        assert!(found.cached_at.is_none(), "answered by the central system");
        for rx in &found.prescriptions {
            item_of.insert(rx.number.clone(), rx.items[0].item_id.clone());
        }
    }
    assert_eq!(item_of.len(), n, "every prescription was looked up");

    // The central system goes away; the counter's monitor notices.
    let background = counter.start_background();
    sbx.admin("/_sandbox/faults", json!({ "outage": true }));
    wait_until_offline(&counter).await;

    // Fill the outbox: one ordinary dispense per prescription, recorded offline.
    let queue_start = Instant::now();
    let mut local: HashMap<String, String> = HashMap::with_capacity(n);
    for e in &extras {
        let outcome = counter
            .dispense(DispenseDraft {
                receiver: None,
                prescription_number: e.number.clone(),
                hold_id: None,
                lines: vec![DraftLine {
                    not_dispensed: None,
                    item_id: item_of[&e.number].clone(),
                    product_id: e.product_id.clone(),
                    quantity: QUANTITY,
                    ..DraftLine::default()
                }],
            })
            .await
            .expect("offline dispense");
        assert_eq!(outcome.state, DeliveryState::Queued, "{}", e.number);
        local.insert(outcome.dispense_id, e.number.clone());
    }
    let queue_secs = queue_start.elapsed().as_secs_f64();
    assert_eq!(local.len(), n);
    assert_eq!(counter.outbox_status().expect("status").pending as usize, n);

    // The monitor and the worker stop (the drain below is the only sender), and the central
    // system comes back.
    drop(background);
    sbx.admin("/_sandbox/faults", json!({}));

    let started = Instant::now();
    let left = counter
        .drain_outbox(Duration::from_secs(600))
        .await
        .expect("drain");
    let drain_secs = started.elapsed().as_secs_f64();

    let central = central_dispenses(&sbx.db_path, &pharmacist.pharmacy_id);
    let ids: HashSet<&str> = central.iter().map(|(id, _)| id.as_str()).collect();
    let mut per_rx: HashMap<&str, usize> = HashMap::new();
    for (_, number) in &central {
        *per_rx.entry(number.as_str()).or_default() += 1;
    }
    let unknown = central
        .iter()
        .filter(|(id, _)| !local.contains_key(id))
        .count();
    let doubled = unknown + per_rx.values().map(|c| c.saturating_sub(1)).sum::<usize>();
    let missing = local.keys().filter(|id| !ids.contains(id.as_str())).count();
    let wrong_quantity = sbx
        .extra_prescriptions()
        .iter()
        .filter(|e| e.quantity_dispensed != QUANTITY)
        .count();
    println!("adapter           {adapter}");
    println!("queued            {n}");
    println!("queue_secs        {queue_secs:.2}");
    println!("drain_secs        {drain_secs:.2}");
    println!("dispenses_per_sec {:.0}", n as f64 / drain_secs);
    println!("left              {left}");
    println!("doubled           {doubled}");
    println!("missing           {missing}");
    println!("wrong_quantity    {wrong_quantity}");
    assert_eq!(left, 0, "the outbox is empty");
    assert_eq!(
        doubled, 0,
        "nothing recorded twice or unknown to the counter"
    );
    assert_eq!(
        missing, 0,
        "every queued dispense reached the central system"
    );
    assert_eq!(
        wrong_quantity, 0,
        "each prescription has exactly the handed-over quantity dispensed"
    );
    let status = counter.outbox_status().expect("status");
    assert_eq!(status.pending, 0);
    assert_eq!(status.open_conflicts, 0);
    if let Some(max) = env_num("OUTBOX_BENCH_MAX_SECS") {
        assert!(
            drain_secs <= max as f64,
            "{n} dispenses drained in {drain_secs:.1} s, over the {max} s budget"
        );
    }
}
