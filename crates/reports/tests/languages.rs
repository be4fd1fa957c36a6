//! Every document in each of the four languages: the report PDF reads back (through poppler)
//! with that language's words, dates and grouped numbers; the XLSX has valid sheet names in
//! each; the CSV keeps its column codes, ISO dates and plain digits in Russian too; receipts
//! and the paper log speak the language, in PDF and on ESC/POS paper.

mod common;

use common::poppler;
use reports::assemble::{assemble, LineFact, Sections};
use reports::model::{LineRow, PharmacyRef, ReportLine, ReportMode, ReportQuery, ReportScope};
use reports::paper_log::PaperLogRow;
use reports::receipt::{ReceiptData, ReceiptHead};
use reports::{csv, escpos, export, xlsx, ExportFormat, Lang, Report};
use time::macros::{date, datetime};

fn line(i: u32, pharmacist: &str, packs: u32) -> LineFact {
    LineFact {
        line: ReportLine {
            time: format!("2026-11-{:02} 10:{:02}", 20 + i % 2, i % 60),
            dispense_id: format!("d{i}"),
            prescription_number: format!("RX{i}"),
            pharmacist_name: pharmacist.into(),
            mode: ReportMode::Online,
            patient_ref: format!("p{}", i % 3),
            inn: "Metformin".into(),
            trade_name: "Глюкофаж".into(),
            product_id: "p1".into(),
            quantity: packs * 30,
            unit: "tabletka".into(),
            packs,
            batch: Some("B-7".into()),
            expiry: Some("2027-03-31".into()),
            confirmed: i != 0,
        },
        patient_key: format!("key-{}", i % 3),
        pharmacist_pinfl: "30101850010017".into(),
        state: "delivered".into(),
        partial: false,
    }
}

/// A pharmacy-wide report of two days: 1,250 packs in all, one dispense not yet confirmed.
fn report() -> (Report, Vec<ReportLine>) {
    let facts = vec![
        line(0, "Karimova Dilnoza", 1000),
        line(1, "Шоира Ўткирова", 250),
    ];
    assemble(
        &ReportQuery::period(date!(2026 - 11 - 20), date!(2026 - 11 - 21)),
        PharmacyRef {
            id: "PH-7".into(),
            name: "Shifo №3".into(),
        },
        facts,
        Sections {
            scope: ReportScope {
                kind: reports::model::ScopeKind::Pharmacy,
                unconfirmed: 1,
            },
            ..Sections::default()
        },
        datetime!(2026-11-23 08:00 UTC),
    )
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    // Poppler reads the no-break space of grouped numbers back as a plain space.
    poppler("pdftotext", &["-layout"], &path)
}

#[test]
fn the_report_pdf_reads_back_in_each_language() {
    let cases = [
        (
            Lang::Uz,
            &[
                "Dori berish hisoboti",
                "Dorixona: Shifo",
                "20.11.2026 — 21.11.2026",
                "1 250",
                "Sahifa 1 / ",
            ][..],
        ),
        (
            Lang::UzCyrl,
            &[
                "Дори бериш ҳисоботи",
                "Дорихона: Shifo",
                "20.11.2026 — 21.11.2026",
                "1 250",
                "1 та шу касса",
                "Саҳифа 1 / ",
            ][..],
        ),
        (
            Lang::Ru,
            &[
                "Отчёт об отпуске лекарств",
                "Аптека: Shifo",
                "20.11.2026 — 21.11.2026",
                "1 250",
                "1 отпуск этой кассы ещё не подтверждён",
                "31.03.2027",
                "Страница 1 / ",
            ][..],
        ),
        (
            Lang::En,
            &[
                "Dispensing report",
                "Pharmacy: Shifo",
                "2026-11-20 — 2026-11-21",
                "1,250",
                "Page 1 / ",
            ][..],
        ),
    ];
    for (lang, expected) in cases {
        let (r, lines) = report();
        let pdf = export(
            &r,
            lines,
            ExportFormat::Pdf,
            csv::CsvOptions::default(),
            lang,
        )
        .unwrap();
        let text = pdf_text(&pdf);
        for e in expected {
            assert!(text.contains(e), "{}: {e:?} in\n{text}", lang.code());
        }
        assert!(text.contains("Шоира Ўткирова"), "{}", lang.code());
    }
}

#[test]
fn the_csv_is_the_same_for_programs_in_russian() {
    let (r, lines) = report();
    let options = csv::CsvOptions::default();
    let ru = export(&r, lines.clone(), ExportFormat::Csv, options, Lang::Ru).unwrap();
    let uz = export(&r, lines, ExportFormat::Csv, options, Lang::Uz).unwrap();
    assert_eq!(ru, uz, "the CSV does not depend on the document language");
    let text = String::from_utf8(ru).unwrap();
    let mut rows = text.lines();
    assert_eq!(rows.next().unwrap(), csv::HEADER.join(","));
    let first = rows.next().unwrap();
    assert!(first.starts_with("2026-11-20 10:00,d0,"), "{first}");
    assert!(
        first.contains(",30000,tabletka,1000,B-7,2027-03-31,pharmacy,no"),
        "{first}"
    );
    assert!(text.contains("Шоира Ўткирова"));
}

#[test]
fn the_workbook_renders_with_valid_sheet_names_in_each_language() {
    for lang in Lang::ALL {
        let names = xlsx::sheet_names(lang);
        for name in names {
            assert!(name.chars().count() <= 31, "{name}");
            assert!(
                !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
                "{name}"
            );
        }
        let (r, lines) = report();
        let bytes = xlsx::render(&r, &lines, lang).unwrap();
        assert!(bytes.starts_with(b"PK"), "{}", lang.code());
    }
    assert_eq!(xlsx::sheet_names(Lang::Ru)[0], "Сводка");
    assert_eq!(xlsx::sheet_names(Lang::UzCyrl)[1], "Берилган дорилар");
}

fn receipt(withdrawn: bool) -> ReceiptData {
    ReceiptData {
        head: ReceiptHead {
            dispense_id: "0f0e0d0c-0000-4000-8000-000000000001".into(),
            prescription_number: "F8GO8Q2ADU21".into(),
            pharmacy: PharmacyRef {
                id: "PH-0001".into(),
                name: "Dorixona №1".into(),
            },
            pharmacist_name: "Шоира Ўткирова".into(),
            mode: ReportMode::Paper,
            time: "2026-12-02 10:15".into(),
            patient_pinfl: None,
            receiver: None,
        },
        patient_masked: Some("30**********33".into()),
        lines: vec![LineRow {
            item_id: "i1".into(),
            product_id: "p1".into(),
            inn: "Amoxicillin".into(),
            trade_name: "Amoksiklav".into(),
            pack_size: 20,
            unit: "kapsula".into(),
            quantity: 1200,
            batch: Some("B-1".into()),
            expiry: Some("2027-06-30".into()),
            marking_codes: vec![],
            not_dispensed_reason: None,
        }],
        withdrawal: withdrawn.then(|| reports::receipt::Withdrawal {
            at: "2026-12-03 09:00".into(),
            reason: "wrong_quantity".into(),
        }),
    }
}

#[test]
fn receipts_and_slips_speak_the_language_in_pdf_and_on_thermal_paper() {
    let text = pdf_text(&reports::receipt::render(&receipt(false), Lang::Ru).unwrap());
    for e in [
        "Чек отпуска лекарств",
        "Время: 02.12.2026 10:15",
        "Количество: 1 200 kapsula",
        "Годен до: 30.06.2027",
        "Режим: На бумаге",
    ] {
        assert!(text.contains(e), "{e:?} in\n{text}");
    }
    let slip = pdf_text(&reports::receipt::render(&receipt(true), Lang::UzCyrl).unwrap());
    for e in [
        "Беришни қайтариб олиш варақаси",
        "Қайтарилган: 03.12.2026 09:00",
    ] {
        assert!(slip.contains(e), "{e:?} in\n{slip}");
    }
    let job = escpos::render(&receipt(false), Lang::UzCyrl);
    let has = |s: &str| {
        let bytes = escpos::encode(s);
        job.windows(bytes.len()).any(|w| w == bytes.as_slice())
    };
    assert!(has("Дори бериш чеки"));
    assert!(
        has("Миқдор: 1 200 kapsula"),
        "the no-break space prints as a space"
    );
    let en = escpos::render(&receipt(false), Lang::En);
    assert!(en
        .windows(b"Quantity: 1,200 kapsula".len())
        .any(|w| w == b"Quantity: 1,200 kapsula"));
}

#[test]
fn the_paper_log_speaks_the_language() {
    let row = PaperLogRow {
        record_id: "r1".into(),
        dispense_id: "d1".into(),
        prescription_number: Some("RX1".into()),
        patient_pinfl: "30**********33".into(),
        prescriber_name: "Dr. Olimov".into(),
        facility: "Poliklinika 12".into(),
        id_document_checked: true,
        patient_declaration: false,
        reason: None,
        state: "pending".into(),
        pharmacist_name: "Karimova".into(),
        time: "2026-11-21 14:00".into(),
        override_by: None,
        override_reason: None,
        lines: vec![],
    };
    let pharmacy = PharmacyRef {
        id: "PH-1".into(),
        name: "Shifo".into(),
    };
    for (lang, expected) in [
        (
            Lang::Ru,
            [
                "Бумажный журнал — 21.11.2026",
                "Подпись",
                "да",
                "Страница 1 / 1",
            ],
        ),
        (
            Lang::UzCyrl,
            ["Қоғоз журнали — 21.11.2026", "Имзо", "ҳа", "Саҳифа 1 / 1"],
        ),
        (
            Lang::Uz,
            ["Qogʻoz jurnali — 21.11.2026", "Imzo", "ha", "Sahifa 1 / 1"],
        ),
        (
            Lang::En,
            ["Paper log — 2026-11-21", "Signature", "yes", "Page 1 / 1"],
        ),
    ] {
        let pdf = reports::paper_log::render(
            &pharmacy,
            date!(2026 - 11 - 21),
            std::slice::from_ref(&row),
            "2026-11-21 18:00",
            lang,
        )
        .unwrap();
        let text = pdf_text(&pdf);
        for e in expected {
            assert!(text.contains(e), "{}: {e:?} in\n{text}", lang.code());
        }
    }
}
