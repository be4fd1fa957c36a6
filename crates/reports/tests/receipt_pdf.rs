//! The receipt PDF embeds only the glyphs it uses: small enough to send to a printer at once,
//! and still read back whole (Latin, Uzbek ʻ, Cyrillic) with its fonts embedded.

mod common;

use common::poppler;
use reports::model::{LineRow, PharmacyRef, ReportMode};
use reports::receipt::{render, ReceiptData, ReceiptHead};
use reports::Lang;

fn receipt() -> ReceiptData {
    ReceiptData {
        head: ReceiptHead {
            dispense_id: "0f0e0d0c-0000-4000-8000-000000000001".into(),
            prescription_number: "F8GO8Q2ADU21".into(),
            pharmacy: PharmacyRef {
                id: "PH-0001".into(),
                name: "Dorixona №1, Toshkent".into(),
            },
            pharmacist_name: "Шоира Ўткирова".into(),
            mode: ReportMode::Online,
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
            quantity: 20,
            batch: Some("B-1".into()),
            expiry: Some("2027-06-30".into()),
            marking_codes: vec!["0104600000000001215abcdefgh".into()],
            not_dispensed_reason: None,
        }],
        withdrawal: None,
    }
}

#[test]
fn a_receipt_is_under_50_kb_and_reads_back_whole_with_embedded_fonts() {
    let pdf = render(&receipt(), Lang::Uz).unwrap();
    assert!(pdf.len() <= 50 * 1024, "a receipt of {} bytes", pdf.len());
    eprintln!("a receipt of {} bytes", pdf.len());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("receipt.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = poppler("pdftotext", &[], &path);
    for expected in [
        "Dorixona №1, Toshkent",
        "Шоира Ўткирова",
        "Amoksiklav",
        "F8GO8Q2ADU21",
        "Dori berish cheki",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let fonts = poppler("pdffonts", &[], &path);
    let embedded: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!embedded.is_empty(), "{fonts}");
    assert!(
        embedded.iter().all(|l| l.contains(" yes ")),
        "every font embedded: {fonts}"
    );
}
