//! Export benchmark over HTTP: `reports_http LINES FORMAT` starts a sandbox process, writes
//! LINES dispense lines of one pharmacy into its database (two per dispense, over 30 days, the
//! demo prescriptions and products), signs a counter in as that pharmacy's manager and exports
//! the 30 days' report of the whole pharmacy as FORMAT (csv, xlsx or pdf): every line comes from
//! `GET /v1/pharmacy/dispenses`, page by page. Prints the time of the export (fetch, assembly and
//! rendering) and this process's peak resident memory (`VmHWM`, read before the sandbox is
//! stopped: a parent's peak as `wait4` reports it includes its reaped children's, and the
//! sandbox is one). Run by `tests/bench/reports-http.sh`.

use std::time::Instant;

use counter::client::ClientConfig;
use counter::reports::csv::CsvOptions;
use counter::reports::model::ScopeKind;
use counter::reports::{ExportFormat, ReportQuery};
use counter::secrets::TokenStore;
use counter::{Counter, Sensitive};
use rusqlite::params;
use sandbox_process::SandboxProcess;
use time::macros::date;

const PHARMACY: &str = "PH-0001";

/// Writes `lines` lines (two per dispense) of pharmacy [`PHARMACY`] into the sandbox database,
/// spread over November 2026 (Tashkent), on the demo prescriptions and products.
fn seed(db: &std::path::Path, lines: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut conn = rusqlite::Connection::open(db)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    let rxs: Vec<(String, Vec<(String, String)>)> = {
        let mut stmt = conn.prepare(
            "SELECT i.number, i.item_id,
                    (SELECT p.product_id FROM products p WHERE lower(p.inn) = lower(i.inn) LIMIT 1)
             FROM items i ORDER BY i.number, i.item_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut by_rx: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for row in rows {
            let (number, item, product) = row?;
            let Some(product) = product else { continue };
            match by_rx.last_mut() {
                Some((n, items)) if *n == number => items.push((item, product)),
                _ => by_rx.push((number, vec![(item, product)])),
            }
        }
        by_rx
    };
    let pharmacist: String = conn.query_row(
        "SELECT pinfl FROM staff WHERE pharmacy_id = ?1 AND role = 'pharmacist' LIMIT 1",
        [PHARMACY],
        |r| r.get(0),
    )?;
    let start = time::macros::datetime!(2026-11-01 03:00 UTC).unix_timestamp();
    let tx = conn.transaction()?;
    {
        let mut d = tx.prepare(
            "INSERT INTO dispenses (dispense_id, number, pharmacy_id, pharmacist_pinfl, status,
                 mode, handed_over_at, recorded_at, seq, status_after)
             VALUES (?1, ?2, ?3, ?4, 'completed', ?5, ?6, ?6, ?7, ?8)",
        )?;
        let mut l = tx.prepare(
            "INSERT INTO dispense_items (dispense_id, position, item_id, product_id, quantity,
                 remaining, item_status, marking_codes, batch, expiry)
             VALUES (?1, ?2, ?3, ?4, ?5, 5, 'partial', '[]', 'B-2026-11', '2027-06-30')",
        )?;
        let dispenses = lines.div_ceil(2);
        for i in 0..dispenses {
            let id = uuid::Uuid::from_u128(0x5eed_0000_0000_4000_8000_0000_0000_0000 + i as u128);
            let (number, items) = &rxs[i % rxs.len()];
            let at = start + (i as i64 * 29 * 86_400 / dispenses as i64);
            let mode = ["online", "online", "online", "offline_retry", "paper"][i % 5];
            d.execute(params![
                id.to_string(),
                number,
                PHARMACY,
                pharmacist,
                mode,
                at,
                1_000_000 + i as i64,
                // As in the local benchmark: one dispense in seven leaves its prescription open.
                if i % 7 == 0 {
                    "partially_dispensed"
                } else {
                    "completed"
                }
            ])?;
            for pos in 0..2 {
                let (item, product) = &items[pos % items.len()];
                l.execute(params![
                    id.to_string(),
                    pos as i64,
                    item,
                    product,
                    1 + (i % 4) as i64
                ])?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench` passes `--bench`; the two values are the last arguments.
    let values: Vec<&String> = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let lines: usize = values.first().map_or(Ok(100_000), |v| v.parse())?;
    let format = values
        .get(1)
        .and_then(|f| ExportFormat::parse(f))
        .unwrap_or(ExportFormat::Csv);

    let sbx = SandboxProcess::start();
    seed(&sbx.db_path, lines)?;
    let demo = sbx.demo();
    let manager = demo
        .staff
        .iter()
        .find(|s| s.pharmacy_id == PHARMACY && s.role == "manager")
        .ok_or("no manager in the demo pharmacy")?;
    let dir = tempfile::tempdir()?;
    // The database key in a key file, as the tests keep it: no Secret Service needed here.
    let tokens = TokenStore::new("dorixona-bench").with_key_file(dir.path().join("bench.key"));
    let counter = Counter::open_with(dir.path(), &sbx.base_url, ClientConfig::default(), tokens)?;
    counter
        .sign_in(
            &manager.pharmacy_id,
            &manager.login,
            Sensitive::new(manager.secret.clone()),
        )
        .await?;
    counter.sync_catalog().await?;
    let query = ReportQuery::period(date!(2026 - 11 - 01), date!(2026 - 11 - 30));

    let started = Instant::now();
    let bytes = counter
        .export_report(&query, format, CsvOptions::default())
        .await?;
    let secs = started.elapsed().as_secs_f64();
    let report = counter.report(&query).await?;
    if report.scope.kind != ScopeKind::Pharmacy || (report.totals.items as usize) < lines {
        return Err(format!(
            "the report did not come from the central system whole: {:?}, {} items",
            report.scope, report.totals.items
        )
        .into());
    }
    let peak_kb = std::fs::read_to_string("/proc/self/status")?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .ok_or("no VmHWM in /proc/self/status")?;
    println!(
        "{}: {secs:.3} s, peak {peak_kb} kB, {} lines over HTTP, {:.1} MB",
        format.extension(),
        report.totals.items,
        bytes.len() as f64 / 1e6
    );
    Ok(())
}
