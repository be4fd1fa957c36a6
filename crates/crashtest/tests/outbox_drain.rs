//! The outbox drain benchmark: a counter whose outbox holds `OUTBOX_BENCH_N` paper dispenses
//! (default 1,000; `tests/bench/outbox-drain.sh` runs 10,000 in release) drains it against the
//! real sandbox once the central system is back, and every record reaches the central system
//! exactly once. Prints the queued count, the drain time, dispenses per second, doubled and
//! missing; with `OUTBOX_BENCH_MAX_SECS` the drain must also finish within that many seconds.
//!
//! The rows are all older than the worker's grace period when the clock starts (an outage that
//! lasted a while), and the drain uses the worker's own send path (`Counter::drain_outbox`).

use counter::client::{Client, ClientConfig};
use counter::outage::{PaperDraft, PaperLine};
use counter::secrets::TokenStore;
use counter::{Counter, Sensitive};
use dmed_api::types::TokenRequest;
use sandbox_process::SandboxProcess;
use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

fn env_num(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn central_records(db: &Path, pharmacy: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open sandbox db");
    let mut stmt = conn
        .prepare("SELECT record_id FROM paper_records WHERE pharmacy_id = ?1")
        .expect("query");
    stmt.query_map([pharmacy], |r| r.get(0))
        .expect("rows")
        .collect::<Result<Vec<String>, _>>()
        .expect("ids")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_outbox_drains_with_nothing_doubled_or_missing() {
    let n = env_num("OUTBOX_BENCH_N").unwrap_or(1_000) as usize;
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let pharmacy = demo.pharmacies[0].pharmacy_id.clone();
    let manager = demo
        .staff
        .iter()
        .find(|s| s.pharmacy_id == pharmacy && s.role == "manager")
        .expect("the demo pharmacy has a manager")
        .clone();

    // A real patient's PINFL, read unmasked through a plain client.
    let raw = Client::new(&sbx.base_url, ClientConfig::default()).expect("client");
    let token = raw
        .token(&TokenRequest {
            pharmacy_id: manager.pharmacy_id.clone(),
            login: manager.login.clone(),
            secret: manager.secret.clone(),
        })
        .await
        .expect("token");
    raw.set_token(Some(Sensitive::new(token.access_token)));
    let sample = &demo.prescriptions[0];
    let pinfl = raw
        .prescription(&sample.number, &sample.code)
        .await
        .expect("prescription")
        .patient
        .pinfl;
    let product = demo.products[0].clone();

    let dir = tempfile::tempdir().expect("temp dir");
    let counter = Counter::open_with(
        dir.path(),
        &sbx.base_url,
        ClientConfig::default(),
        TokenStore::new("dorixona-bench"),
    )
    .expect("open counter");
    counter
        .sign_in(
            &manager.pharmacy_id,
            &manager.login,
            Sensitive::new(manager.secret.clone()),
        )
        .await
        .expect("sign in");
    counter.sync_catalog().await.expect("catalogue");

    // Fill the outbox (no background worker runs, so nothing leaves yet).
    let queue_start = Instant::now();
    let mut local = HashSet::with_capacity(n);
    for i in 0..n {
        let receipt = counter
            .record_paper(PaperDraft {
                prescription_number: None,
                patient_pinfl: pinfl.clone(),
                prescriber_name: format!("Shifokor {i}"),
                facility: "Poliklinika 1".into(),
                lines: vec![PaperLine {
                    inn: product.inn.clone(),
                    product_id: product.product_id.clone(),
                    quantity: 1,
                    batch: None,
                    marking_codes: vec![],
                }],
                id_document_checked: true,
                patient_declaration: true,
                reason: None,
                override_reason: Some("outbox drain benchmark".into()),
            })
            .expect("record paper");
        local.insert(receipt.record_id);
    }
    let queue_secs = queue_start.elapsed().as_secs_f64();
    assert_eq!(counter.outbox_status().expect("status").pending as usize, n);
    tokio::time::sleep(counter::outage::worker::GRACE + Duration::from_millis(500)).await;

    let started = Instant::now();
    let left = counter
        .drain_outbox(Duration::from_secs(600))
        .await
        .expect("drain");
    let drain_secs = started.elapsed().as_secs_f64();

    let central = central_records(&sbx.db_path, &pharmacy);
    let distinct: HashSet<&String> = central.iter().collect();
    let doubled = central.len() - distinct.len()
        + distinct
            .iter()
            .filter(|id| !local.contains(id.as_str()))
            .count();
    let missing = local.iter().filter(|id| !distinct.contains(id)).count();
    println!("queued            {n}");
    println!("queue_secs        {queue_secs:.2}");
    println!("drain_secs        {drain_secs:.2}");
    println!("dispenses_per_sec {:.0}", n as f64 / drain_secs);
    println!("left              {left}");
    println!("doubled           {doubled}");
    println!("missing           {missing}");
    assert_eq!(left, 0, "the outbox is empty");
    assert_eq!(
        doubled, 0,
        "nothing recorded twice or unknown to the counter"
    );
    assert_eq!(
        missing, 0,
        "every queued dispense reached the central system"
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
