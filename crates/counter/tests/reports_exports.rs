//! Reports end to end over a real store: the model's totals and breakdowns, drill-down, and
//! every export read back (CSV parsed, XLSX read with calamine, PDF through `pdftotext` and
//! `pdftoppm`), plus the receipt (its QR code decoded with `zbarimg`) and the paper log.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use counter::reports::csv::{CsvOptions, Separator};
use counter::reports::model::{Drill, Report, ReportLine, ReportMode, ReportQuery};
use counter::reports::{self, ExportFormat, Lang};
use counter::store::{LineRow, NewDispense, Store};
use time::macros::{date, datetime};

const PINFL_A: &str = "30211975910033";

struct Fixture {
    dir: tempfile::TempDir,
    store: Store,
}

fn line(inn: &str, trade: &str, qty: u32, pack: u32, codes: &[&str]) -> LineRow {
    LineRow {
        not_dispensed_reason: None,
        item_id: format!("item-{inn}"),
        product_id: format!("prod-{trade}"),
        inn: inn.into(),
        trade_name: trade.into(),
        pack_size: pack,
        unit: "tabletka".into(),
        quantity: qty,
        batch: Some("B-77".into()),
        expiry: Some("2027-03-31".into()),
        marking_codes: codes.iter().map(|c| c.to_string()).collect(),
    }
}

#[allow(clippy::too_many_arguments)]
fn dispense(
    store: &Store,
    id: &str,
    at: &str,
    pharmacist: (&str, &str),
    patient: &str,
    mode: &str,
    lines: &[LineRow],
) {
    store
        .insert_dispense(
            &NewDispense {
                dispense_id: id.into(),
                prescription_number: format!("RX{id}"),
                pharmacist_pinfl: pharmacist.0.into(),
                pharmacist_name: pharmacist.1.into(),
                pharmacy_id: "PH-0042".into(),
                pharmacy_name: "Shifo dorixonasi №3".into(),
                patient_key: patient.into(),
                mode: mode.into(),
                request_json: "{}".into(),
                created_at: at.into(),
            },
            lines,
            "dispense",
        )
        .unwrap();
}

const A: (&str, &str) = ("30101850010017", "Karimova Dilnoza Gʻayratovna");
const B: (&str, &str) = ("40202900020025", "Шоира Ўткирова");

/// Three counted dispenses (7 packs, 4 lines, 2 patients) plus a rejected one, a withdrawn
/// one, one just outside the period, an open and an acknowledged conflict.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join(counter::DB_FILE)).unwrap();
    // 00:00 local on the 20th: the first instant of the period.
    dispense(
        &store,
        "d1",
        "2026-11-19T19:00:00.000000Z",
        A,
        "pk1",
        "online",
        &[
            line(
                "Amoxicillin",
                "Amoksiklav",
                2,
                20,
                &["0104600000000001215ABCDEFGH12345678"],
            ),
            line("Paracetamol", "Paratsetamol", 30, 10, &[]),
        ],
    );
    store
        .mark_delivered(
            "d1",
            "online",
            r#"{"prescription_status":"partially_dispensed"}"#,
            "2026-11-19T19:00:01.000000Z",
        )
        .unwrap();
    // 01:00 local on the 22nd.
    dispense(
        &store,
        "d2",
        "2026-11-21T20:00:00.000000Z",
        B,
        "pk2",
        "online",
        &[line("Metformin", "Глюкофаж", 60, 30, &["CODE-1", "CODE-2"])],
    );
    store
        .mark_delivered(
            "d2",
            "offline_retry",
            r#"{"prescription_status":"completed"}"#,
            "2026-11-21T20:10:00.000000Z",
        )
        .unwrap();
    // Paper, pack size unknown: the quantity counts as packs.
    dispense(
        &store,
        "d3",
        "2026-11-21T09:00:00.000000Z",
        A,
        "pk1",
        "paper",
        &[line("Amoxicillin", "Amoksiklav", 1, 0, &[])],
    );
    dispense(
        &store,
        "d4",
        "2026-11-21T10:00:00.000000Z",
        A,
        "pk3",
        "online",
        &[line("Ibuprofen", "Nurofen", 1, 1, &[])],
    );
    store.mark_rejected("d4", r#"{"code":"EXPIRED"}"#).unwrap();
    dispense(
        &store,
        "d5",
        "2026-11-21T06:00:00.000000Z",
        B,
        "pk4",
        "online",
        &[line("Ibuprofen", "Nurofen", 1, 1, &[])],
    );
    // Exactly the end of the period: not counted.
    dispense(
        &store,
        "d6",
        "2026-11-22T19:00:00.000000Z",
        A,
        "pk5",
        "online",
        &[line("Ibuprofen", "Nurofen", 5, 1, &[])],
    );
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join(counter::DB_FILE)).unwrap();
    conn.execute_batch(
        "UPDATE dispenses SET withdrawn_at = '2026-11-21T07:00:00.000000Z',
                              withdraw_reason = 'Notoʻgʻri dori' WHERE dispense_id = 'd5';
         INSERT INTO paper_records(record_id, dispense_id, prescription_number, patient_pinfl,
              prescriber_name, facility, id_document_checked, patient_declaration, state, created_at)
         VALUES ('rec-1', 'd3', 'RXd3', '30211975910033', 'Dr. Olimov Bekzod',
                 'Chilonzor oilaviy poliklinikasi', 1, 1, 'pending', '2026-11-21T09:00:00.000000Z');
         INSERT INTO conflicts(source, dispense_id, code, reason, created_at)
         VALUES ('dispense', 'd2', 'QUANTITY_EXCEEDED', 'only 30 remained', '2026-11-21T21:00:00.000000Z');
         INSERT INTO conflicts(source, dispense_id, code, reason, created_at, status)
         VALUES ('dispense', 'd1', 'HOLD_EXPIRED', 'hold ran out', '2026-11-20T08:00:00.000000Z', 'acknowledged');",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&dir.path().join(counter::DB_FILE)).unwrap();
    Fixture { dir, store }
}

fn query() -> ReportQuery {
    ReportQuery::period(date!(2026 - 11 - 20), date!(2026 - 11 - 22))
}

fn build(f: &Fixture, q: &ReportQuery) -> (Report, Vec<ReportLine>) {
    let report = reports::build_report(&f.store, q, None, datetime!(2026-11-23 08:00 UTC)).unwrap();
    let lines = reports::report_lines(&f.store, q).unwrap();
    (report, lines)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs one of Debian's poppler-utils or zbar-tools programs by the path `scripts/setup.sh`
/// installs it at, never by a bare name: another `pdftotext` first on `PATH` must not answer.
fn run(cmd: &str, args: &[&str]) -> String {
    let path = Path::new("/usr/bin").join(cmd);
    let out = Command::new(&path).args(args).output().unwrap_or_else(|e| {
        panic!(
            "{} cannot run: {e} (run: sudo bash scripts/setup.sh)",
            path.display()
        )
    });
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn pdf_text(path: &Path) -> String {
    run("pdftotext", &["-layout", path.to_str().unwrap(), "-"])
}

fn pdf_pages(path: &Path) -> usize {
    let info = run("pdfinfo", &[path.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Share of dark pixels of every page, rendered in grey at 30 dpi.
fn dark_share_per_page(path: &Path, dir: &Path) -> Vec<f64> {
    let prefix = dir.join("page");
    run(
        "pdftoppm",
        &[
            "-r",
            "30",
            "-gray",
            path.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            // P5 header: magic, width height, max value, each ended by whitespace.
            let mut fields = 0;
            let mut at = 0;
            while fields < 4 {
                while bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                while !bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                fields += 1;
            }
            let pixels = &bytes[at + 1..];
            pixels.iter().filter(|v| **v < 160).count() as f64 / pixels.len() as f64
        })
        .collect()
}

#[test]
fn totals_count_delivered_pending_and_paper_but_not_rejected_withdrawn_or_outside() {
    let f = fixture();
    let (report, lines) = build(&f, &query());
    let t = report.totals;
    assert_eq!((t.dispenses, t.items, t.packs, t.patients), (3, 4, 7, 2));
    assert_eq!(lines.len(), 4);
    assert_eq!(report.pharmacy.id, "PH-0042");
    assert_eq!(report.generated_at, "2026-11-23 13:00");
}

#[test]
fn totals_summed_from_lines_equal_totals_grouped_by_sql() {
    let f = fixture();
    for q in [query(), {
        let mut q = query();
        q.mode = Some(ReportMode::Paper);
        q
    }] {
        let (report, _) = build(&f, &q);
        assert_eq!(report.totals, reports::sql_totals(&f.store, &q).unwrap());
    }
}

#[test]
fn packs_are_codes_else_whole_packs_else_the_quantity() {
    let f = fixture();
    let (_, lines) = build(&f, &query());
    let packs: Vec<(String, u32)> = lines
        .iter()
        .map(|l| (l.trade_name.clone(), l.packs))
        .collect();
    assert_eq!(
        packs,
        vec![
            ("Amoksiklav".to_owned(), 1),   // one marking code
            ("Paratsetamol".to_owned(), 3), // 30 / 10
            ("Amoksiklav".to_owned(), 1),   // pack size unknown: quantity 1
            ("Глюкофаж".to_owned(), 2),     // two marking codes
        ]
    );
}

#[test]
fn breakdowns_split_the_totals_by_pharmacist_inn_product_mode_and_day() {
    let f = fixture();
    let (r, _) = build(&f, &query());
    let by_pharmacist: Vec<(&str, u32, u32)> = r
        .by_pharmacist
        .iter()
        .map(|p| (p.name.as_str(), p.volume.dispenses, p.volume.packs))
        .collect();
    assert_eq!(by_pharmacist, vec![(A.1, 2, 5), (B.1, 1, 2)]);
    let modes: Vec<(ReportMode, u32)> = r
        .by_mode
        .iter()
        .map(|m| (m.mode, m.volume.dispenses))
        .collect();
    assert_eq!(
        modes,
        vec![
            (ReportMode::Online, 1),
            (ReportMode::OfflineRetry, 1),
            (ReportMode::Paper, 1)
        ]
    );
    let inns: Vec<(&str, u32)> = r
        .by_inn
        .iter()
        .map(|i| (i.inn.as_str(), i.volume.packs))
        .collect();
    assert_eq!(
        inns,
        vec![("Paracetamol", 3), ("Amoxicillin", 2), ("Metformin", 2)]
    );
    assert_eq!(r.top_inns[0].inn, "Paracetamol");
    assert_eq!(r.by_product.len(), 3);
    let daily: Vec<(String, u32)> = r
        .daily
        .iter()
        .map(|d| (d.date.to_string(), d.volume.packs))
        .collect();
    assert_eq!(
        daily,
        vec![
            ("2026-11-20".to_owned(), 4),
            ("2026-11-21".to_owned(), 1),
            ("2026-11-22".to_owned(), 2)
        ]
    );
    for sum in [
        r.by_pharmacist.iter().map(|p| p.volume.packs).sum::<u32>(),
        r.by_mode.iter().map(|p| p.volume.packs).sum(),
        r.by_inn.iter().map(|p| p.volume.packs).sum(),
        r.by_product.iter().map(|p| p.volume.packs).sum(),
        r.daily.iter().map(|p| p.volume.packs).sum(),
    ] {
        assert_eq!(sum, r.totals.packs);
    }
}

#[test]
fn partial_withdrawn_and_open_conflicts_are_listed() {
    let f = fixture();
    let (r, _) = build(&f, &query());
    let partial: Vec<&str> = r.partial.iter().map(|d| d.dispense_id.as_str()).collect();
    assert_eq!(partial, vec!["d1"]);
    assert_eq!(r.withdrawals.len(), 1);
    let w = &r.withdrawals[0];
    assert_eq!(w.dispense_id, "d5");
    assert_eq!(w.withdrawn_at.as_deref(), Some("2026-11-21 12:00"));
    assert_eq!(w.withdraw_reason.as_deref(), Some("Notoʻgʻri dori"));
    assert_eq!(r.open_conflicts.len(), 1);
    assert_eq!(r.open_conflicts[0].code, "QUANTITY_EXCEEDED");
}

#[test]
fn filters_narrow_every_part_of_the_report() {
    let f = fixture();
    let mut q = query();
    q.pharmacist = Some(A.0.into());
    q.inn = Some("Amoxicillin".into());
    let (r, lines) = build(&f, &q);
    assert_eq!(
        (r.totals.dispenses, r.totals.items, r.totals.packs),
        (2, 2, 2)
    );
    assert_eq!(lines.len(), 2);
    let mut q = query();
    q.mode = Some(ReportMode::Paper);
    let (r, _) = build(&f, &q);
    assert_eq!((r.totals.dispenses, r.totals.patients), (1, 1));
}

#[test]
fn drill_down_lists_the_dispenses_behind_a_row() {
    let f = fixture();
    let ids = |row: Drill| -> Vec<String> {
        reports::drill(&f.store, &query(), &row)
            .unwrap()
            .into_iter()
            .map(|d| d.dispense_id)
            .collect()
    };
    assert_eq!(ids(Drill::Pharmacist { pinfl: A.0.into() }), ["d1", "d3"]);
    assert_eq!(
        ids(Drill::Inn {
            inn: "Amoxicillin".into()
        }),
        ["d1", "d3"]
    );
    assert_eq!(
        ids(Drill::Mode {
            mode: ReportMode::OfflineRetry
        }),
        ["d2"]
    );
    assert_eq!(
        ids(Drill::Day {
            date: date!(2026 - 11 - 22)
        }),
        ["d2"]
    );
    assert_eq!(
        ids(Drill::Product {
            product_id: "prod-Paratsetamol".into()
        }),
        ["d1"]
    );
    assert_eq!(ids(Drill::All), ["d1", "d3", "d2"]);
    let d1 = &reports::drill(&f.store, &query(), &Drill::All).unwrap()[0];
    assert_eq!(
        (d1.items, d1.packs, d1.time.as_str()),
        (2, 4, "2026-11-20 00:00")
    );
}

#[test]
fn a_period_that_ends_before_it_starts_is_a_bad_request() {
    let f = fixture();
    let q = ReportQuery::period(date!(2026 - 11 - 22), date!(2026 - 11 - 20));
    let err =
        reports::build_report(&f.store, &q, None, datetime!(2026-11-23 08:00 UTC)).unwrap_err();
    assert_eq!(err.code(), dmed_api::ErrorCode::BadRequest);
}

#[test]
fn csv_parses_back_with_the_same_totals_separator_and_bom() {
    let f = fixture();
    let (r, lines) = build(&f, &query());
    let options = CsvOptions {
        separator: Separator::Semicolon,
        bom: true,
    };
    let bytes = reports::export(&r, lines.clone(), ExportFormat::Csv, options, Lang::Uz).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with("time;dispense_id;"), "{text}");
    let mut rd = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let headers = rd.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    let dispenses: HashSet<&str> = rows.iter().map(|r| &r[col("dispense_id")]).collect();
    let patients: HashSet<&str> = rows.iter().map(|r| &r[col("patient_ref")]).collect();
    let packs: u32 = rows
        .iter()
        .map(|r| r[col("packs")].parse::<u32>().unwrap())
        .sum();
    assert_eq!(
        (
            dispenses.len() as u32,
            rows.len() as u32,
            packs,
            patients.len() as u32
        ),
        (
            r.totals.dispenses,
            r.totals.items,
            r.totals.packs,
            r.totals.patients
        )
    );
    assert!(rows.iter().any(|r| &r[col("pharmacist")] == B.1));
    assert!(rows.iter().any(|r| &r[col("trade_name")] == "Глюкофаж"));

    let plain = reports::export(
        &r,
        lines.clone(),
        ExportFormat::Csv,
        CsvOptions::default(),
        Lang::Uz,
    )
    .unwrap();
    assert!(plain.starts_with(b"time,dispense_id,"));
}

#[test]
fn xlsx_reads_back_with_typed_cells_and_the_same_totals() {
    let f = fixture();
    let (r, lines) = build(&f, &query());
    let bytes = reports::export(
        &r,
        lines.clone(),
        ExportFormat::Xlsx,
        CsvOptions::default(),
        Lang::En,
    )
    .unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names, reports::xlsx::sheet_names(Lang::En).to_vec());
    let summary = book.worksheet_range("Summary").unwrap();
    let value_of = |label: &str| -> f64 {
        summary
            .rows()
            .find(|row| row[0] == Data::String(label.into()))
            .map(|row| match &row[1] {
                Data::Float(v) => *v,
                other => panic!("{label} is not a number: {other:?}"),
            })
            .unwrap()
    };
    assert_eq!(value_of("Dispenses"), f64::from(r.totals.dispenses));
    assert_eq!(value_of("Items"), f64::from(r.totals.items));
    assert_eq!(value_of("Packs"), f64::from(r.totals.packs));
    assert_eq!(value_of("Patients"), f64::from(r.totals.patients));
    assert!(summary
        .rows()
        .any(|row| row[1] == Data::String("Shifo dorixonasi №3".into())));

    let items = book.worksheet_range("Dispensed items").unwrap();
    let rows: Vec<&[Data]> = items.rows().skip(1).collect();
    assert_eq!(rows.len() as u32, r.totals.items);
    assert!(matches!(rows[0][0], Data::DateTime(_)), "{:?}", rows[0][0]);
    let packs: f64 = rows
        .iter()
        .map(|row| match row[11] {
            Data::Float(v) => v,
            ref other => panic!("packs is not a number: {other:?}"),
        })
        .sum();
    assert_eq!(packs, f64::from(r.totals.packs));
    let by_pharmacist = book.worksheet_range("By pharmacist").unwrap();
    assert!(by_pharmacist
        .rows()
        .any(|row| row[0] == Data::String(B.1.into())));
}

#[test]
fn pdf_text_has_the_header_rows_and_latin_and_cyrillic_names() {
    let f = fixture();
    let (r, lines) = build(&f, &query());
    let bytes = reports::export(
        &r,
        lines.clone(),
        ExportFormat::Pdf,
        CsvOptions::default(),
        Lang::Uz,
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let path = write(tmp.path(), "report.pdf", &bytes);
    let text = pdf_text(&path);
    for expected in [
        "Dori berish hisoboti",
        "Shifo dorixonasi №3",
        "PH-0042",
        "faqat shu kassa berishlari",
        "20.11.2026 — 22.11.2026",
        "23.11.2026 13:00",
        A.1,
        B.1,
        "Глюкофаж",
        "Farmatsevtlar boʻyicha",
        "Qogʻozda",
        "Notoʻgʻri dori",
        "QUANTITY_EXCEEDED",
        "Sahifa 1 / ",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // The detail table has one row per counted line.
    let detail = text.split("Berilgan dorilar").nth(1).unwrap();
    let rows = detail
        .lines()
        .filter(|l| {
            l.trim_start()
                .get(2..)
                .is_some_and(|d| d.starts_with(".11.2026"))
        })
        .count();
    assert_eq!(rows as u32, r.totals.items, "{detail}");
    // The totals boxes show the model's numbers.
    let totals_line = text
        .lines()
        .skip_while(|l| !l.contains("Berishlar"))
        .skip(1)
        .find(|l| !l.trim().is_empty())
        .unwrap();
    let numbers: Vec<u32> = totals_line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let t = r.totals;
    assert_eq!(numbers, vec![t.dispenses, t.items, t.packs, t.patients]);
    // The fonts are embedded.
    let fonts = run("pdffonts", &[path.to_str().unwrap()]);
    assert_eq!(fonts.lines().skip(2).count(), 2, "{fonts}");
    assert!(
        fonts
            .lines()
            .skip(2)
            .all(|l| l.split_whitespace().rev().nth(4) == Some("yes")),
        "a font is not embedded:\n{fonts}"
    );
    for share in dark_share_per_page(&path, tmp.path()) {
        assert!(share > 0.002, "a page is blank ({share})");
    }
}

#[test]
fn long_tables_continue_on_new_pages_with_their_header_repeated() {
    let f = fixture();
    for i in 0..260 {
        dispense(
            &f.store,
            &format!("bulk-{i:03}"),
            &format!("2026-11-21T{:02}:{:02}:00.000000Z", 3 + i / 60, i % 60),
            A,
            &format!("key-bulk-{i}"),
            "online",
            &[line("Cetirizine", "Zodak", 10, 10, &[])],
        );
    }
    let (r, lines) = build(&f, &query());
    assert_eq!(r.totals.items, 264);
    let bytes = reports::export(
        &r,
        lines.clone(),
        ExportFormat::Pdf,
        CsvOptions::default(),
        Lang::En,
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let path = write(tmp.path(), "long.pdf", &bytes);
    let pages = pdf_pages(&path);
    assert!(pages >= 6, "only {pages} pages");
    let last = run(
        "pdftotext",
        &[
            "-layout",
            "-f",
            &pages.to_string(),
            "-l",
            &pages.to_string(),
            path.to_str().unwrap(),
            "-",
        ],
    );
    assert!(
        last.contains("Prescription") && last.contains("Expiry"),
        "{last}"
    );
    assert!(last.contains(&format!("Page {pages} / {pages}")), "{last}");
    let text = pdf_text(&path);
    let rows = text
        .split("Dispensed items")
        .nth(1)
        .unwrap()
        .lines()
        .filter(|l| l.trim_start().starts_with("2026-11-"))
        .count();
    assert_eq!(rows, 264);
    for share in dark_share_per_page(&path, tmp.path()) {
        assert!(share > 0.002, "a page is blank ({share})");
    }
}

#[test]
fn receipt_is_80_mm_wide_with_masked_pinfl_code_tails_and_a_qr_of_the_dispense_id() {
    let f = fixture();
    f.store
        .put_prescription("RXd1", PINFL_A, "{}", "2026-11-19T18:00:00.000000Z")
        .unwrap();
    let bytes = reports::receipt_from_store(&f.store, "d1", Lang::Uz).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let path = write(tmp.path(), "receipt.pdf", &bytes);
    let info = run("pdfinfo", &[path.to_str().unwrap()]);
    let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    assert!(size.contains("226.77"), "{size}");
    let text = pdf_text(&path);
    for expected in [
        "Shifo dorixonasi №3",
        A.1,
        "RXd1",
        "30**********33",
        "Amoksiklav (Amoxicillin)",
        "B-77",
        "31.03.2027",
        "…12345678",
        "20.11.2026 00:00",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains(PINFL_A));
    let png = tmp.path().join("receipt");
    run(
        "pdftoppm",
        &[
            "-r",
            "300",
            "-png",
            "-singlefile",
            path.to_str().unwrap(),
            png.to_str().unwrap(),
        ],
    );
    let decoded = run(
        "zbarimg",
        &[
            "--quiet",
            "--raw",
            tmp.path().join("receipt.png").to_str().unwrap(),
        ],
    );
    assert_eq!(decoded.trim(), "d1");
}

#[test]
fn a_withdrawal_slip_says_when_and_why_and_lists_what_went_back() {
    let f = fixture();
    let err = reports::withdrawal_slip_from_store(&f.store, "d1", Lang::En).unwrap_err();
    assert_eq!(
        err.code(),
        dmed_api::ErrorCode::NotFound,
        "not withdrawn: no slip"
    );
    f.store
        .mark_withdrawn(
            "d1",
            "2026-11-20T05:30:00Z",
            "wrong_quantity: one pack, not two",
        )
        .unwrap();
    let bytes = reports::withdrawal_slip_from_store(&f.store, "d1", Lang::En).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let path = write(tmp.path(), "slip.pdf", &bytes);
    let text = pdf_text(&path);
    for expected in [
        "Withdrawal slip",
        "Withdrawn: 2026-11-20 10:30",
        "Reason: wrong_quantity: one pack, not two",
        "Amoksiklav (Amoxicillin)",
        "RXd1",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("Dispense receipt"));
}

#[test]
fn a_receipt_of_an_unknown_dispense_is_not_found() {
    let f = fixture();
    let err = reports::receipt_from_store(&f.store, "nope", Lang::Uz).unwrap_err();
    assert_eq!(err.code(), dmed_api::ErrorCode::NotFound);
}

#[test]
fn paper_log_lists_the_days_paper_dispenses_with_masked_pinfls() {
    let f = fixture();
    let pharmacy = reports::model::PharmacyRef {
        id: "PH-0042".into(),
        name: "Shifo dorixonasi №3".into(),
    };
    let bytes = reports::paper_log_from_store(&f.store, &pharmacy, date!(2026 - 11 - 21), Lang::Uz)
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let path = write(tmp.path(), "paper.pdf", &bytes);
    let text = pdf_text(&path);
    for expected in [
        "Qogʻoz jurnali — 21.11.2026",
        "30**********33",
        "Dr. Olimov Bekzod",
        "RXd3",
        "14:00",
        "Imzo",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains(PINFL_A));
    let other_day =
        reports::paper_log_from_store(&f.store, &pharmacy, date!(2026 - 11 - 20), Lang::Uz)
            .unwrap();
    let path = write(tmp.path(), "empty.pdf", &other_day);
    assert!(!pdf_text(&path).contains("RXd3"));
}

/// A manager who signed in on the fixture's counter before, with their verifier kept.
fn remembered_manager(store: &Store) -> reports::Credentials {
    let secret = counter::Sensitive::new("manager-secret".to_owned());
    let session = counter::Session {
        pharmacy: dmed_api::types::PharmacyInfo {
            pharmacy_id: "PH-0042".into(),
            name: "Dorixona".into(),
            address: String::new(),
        },
        pharmacist: dmed_api::types::Pharmacist {
            pinfl: "30211975910033".into(),
            full_name: "Mudir".into(),
            role: dmed_api::types::StaffRole::Manager,
        },
        expires_at: "2026-11-22T18:00:00Z".into(),
    };
    counter::verifier::remember(store, "mudir", &secret, &session).unwrap();
    reports::Credentials {
        pharmacy_id: "PH-0042".into(),
        login: "mudir".into(),
        secret,
    }
}

#[test]
fn the_headless_export_refuses_a_missing_database_and_reads_an_existing_one() {
    let f = fixture();
    let manager = remembered_manager(&f.store);
    let empty = tempfile::tempdir().unwrap();
    let err = reports::export_from_data_dir(
        empty.path(),
        &manager,
        &query(),
        ExportFormat::Csv,
        CsvOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), dmed_api::ErrorCode::StorageError);
    assert!(!empty.path().join(counter::DB_FILE).exists());
    let dir = f.dir;
    drop(f.store);
    let bytes = reports::export_from_data_dir(
        dir.path(),
        &manager,
        &query(),
        ExportFormat::Csv,
        CsvOptions::default(),
    )
    .unwrap();
    assert_eq!(String::from_utf8(bytes).unwrap().lines().count(), 5);
}
