//! Export benchmark: `reports seed DIR LINES` fills a counter database with LINES dispense
//! lines (two per dispense, over 30 days, 8 pharmacists, 40 products); `reports run DIR FORMAT`
//! builds the report of those 30 days and writes it as FORMAT (csv, xlsx or pdf), printing
//! the time taken. Run by `tests/bench/reports.sh`, which measures peak memory per format.
//! With `REPORTS_BENCH_ENCRYPTED=1` the database is encrypted as the app keeps it (SQLCipher, a
//! key file in DIR), to compare both.

use std::path::Path;
use std::time::Instant;

use counter::db_key::{database_key, KeyPlace};
use counter::reports::csv::CsvOptions;
use counter::reports::{self, ExportFormat, Lang, ReportQuery};
use counter::store::cipher::DbKey;
use counter::store::Store;
use time::macros::date;

const PHARMACISTS: [&str; 8] = [
    "Karimova Dilnoza",
    "Шоира Ўткирова",
    "Gʻulomov Rustam",
    "Oʻrinboyeva Nilufar",
    "Иван Петров",
    "Qodirov Jasur",
    "Ҳакимова Гулнора",
    "Toshmatov Aziz",
];

/// The database key when the run is encrypted (`REPORTS_BENCH_ENCRYPTED=1`): a key file in `dir`.
fn key(dir: &Path) -> Result<Option<DbKey>, Box<dyn std::error::Error>> {
    if std::env::var("REPORTS_BENCH_ENCRYPTED").as_deref() != Ok("1") {
        return Ok(None);
    }
    let place = KeyPlace::File(dir.join("bench.key"));
    Ok(Some(database_key(&place, &dir.join(counter::DB_FILE))?))
}

fn open(dir: &Path) -> Result<Store, Box<dyn std::error::Error>> {
    Ok(Store::open_keyed(
        &dir.join(counter::DB_FILE),
        key(dir)?.as_ref(),
    )?)
}

fn seed(dir: &Path, lines: usize) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    drop(open(dir)?);
    let mut conn = rusqlite::Connection::open(dir.join(counter::DB_FILE))?;
    if let Some(key) = key(dir)? {
        counter::store::cipher::key_connection(&conn, &key)?;
    }
    let tx = conn.transaction()?;
    {
        let mut d = tx.prepare(
            "INSERT INTO dispenses(dispense_id, prescription_number, pharmacist_pinfl, pharmacy_id,
                 mode, state, request_json, response_json, created_at, pharmacist_name,
                 pharmacy_name, patient_key)
             VALUES (?1, ?2, ?3, 'PH-0042', ?4, 'delivered', '{}', ?5, ?6, ?7,
                 'Shifo dorixonasi №3', ?8)",
        )?;
        let mut l = tx.prepare(
            "INSERT INTO dispense_lines(dispense_id, line_no, item_id, product_id, inn, quantity,
                 batch, expiry, marking_codes, trade_name, pack_size, unit)
             VALUES (?1, ?2, 'item', ?3, ?4, ?5, 'B-2026-11', '2027-06-30', ?6, ?7, ?8, 'tabletka')",
        )?;
        let dispenses = lines.div_ceil(2);
        let mut written = 0;
        for i in 0..dispenses {
            let id = format!("{:08x}-bench-4000-8000-{:012x}", i, i);
            let day = 1 + (i * 30 / dispenses.max(1)) as u32;
            let at = format!(
                "2026-11-{:02}T{:02}:{:02}:{:02}.000000Z",
                day.min(30),
                3 + (i % 12),
                i % 60,
                (i / 60) % 60
            );
            let mode = ["online", "online", "online", "offline_retry", "paper"][i % 5];
            let pharmacist = PHARMACISTS[i % PHARMACISTS.len()];
            let status = if i % 7 == 0 {
                r#"{"prescription_status":"partially_dispensed"}"#
            } else {
                r#"{"prescription_status":"completed"}"#
            };
            d.execute(rusqlite::params![
                id,
                format!("RX{:010}", i),
                format!("3010185{:07}", i % PHARMACISTS.len()),
                mode,
                status,
                at,
                pharmacist,
                format!("patient-{}", i % 9000),
            ])?;
            for line in 0..2 {
                if written == lines {
                    break;
                }
                let p = (i * 2 + line) % 40;
                let codes = if p % 3 == 0 {
                    format!("[\"0104600000{p:06}21SN{i:08}\"]")
                } else {
                    "[]".to_owned()
                };
                l.execute(rusqlite::params![
                    id,
                    line as i64,
                    format!("prod-{p}"),
                    format!("INN nomi {}", p % 15),
                    10 + (p % 5) * 10,
                    codes,
                    format!("Mahsulot Oʻ{p} Дори"),
                    10,
                ])?;
                written += 1;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

fn run(dir: &Path, format: &str) -> Result<(), Box<dyn std::error::Error>> {
    let format = ExportFormat::parse(format).ok_or("format: csv, xlsx or pdf")?;
    let query = ReportQuery::period(date!(2026 - 11 - 01), date!(2026 - 11 - 30));
    let start = Instant::now();
    let store = open(dir)?;
    let (report, lines) =
        reports::build_with_lines(&store, &query, None, time::OffsetDateTime::now_utc())?;
    let t_report = start.elapsed();
    let bytes = reports::export(&report, lines, format, CsvOptions::default(), Lang::Uz)?;
    let took = start.elapsed();
    eprintln!(
        "  {}: report and lines {:.3} s, render {:.3} s, peak so far {}",
        format.extension(),
        t_report.as_secs_f64(),
        (took - t_report).as_secs_f64(),
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| s
                .lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_owned))
            .unwrap_or_default()
    );
    let out = dir.join(format!("bench.{}", format.extension()));
    std::fs::write(&out, &bytes)?;
    println!(
        "{}: {:.3} s, {} bytes",
        format.extension(),
        took.as_secs_f64(),
        bytes.len()
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["seed", dir, lines] => seed(Path::new(dir), lines.parse()?),
        ["run", dir, format] => run(Path::new(dir), format),
        _ => {
            eprintln!("usage: reports seed DIR LINES | reports run DIR csv|xlsx|pdf");
            Ok(())
        }
    }
}
