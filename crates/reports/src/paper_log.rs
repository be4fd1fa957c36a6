//! The printable paper log of one local day: every paper dispense recorded that day, with the
//! patient's PINFL masked, the prescriber, the items, the checks made, its upload state and a
//! blank column for the patient's signature.

use time::Date;

use super::labels::labels;
use super::pdf::canvas::{mm, Canvas, Weight};
use super::pdf::table::{left, table};
use super::{Lang, ReportError};
use crate::model::{LineRow, PharmacyRef};

/// One paper record of the paper log, with its lines.
#[derive(Debug, Clone, PartialEq)]
pub struct PaperLogRow {
    pub record_id: String,
    pub dispense_id: String,
    pub prescription_number: Option<String>,
    /// The patient's PINFL as printed: the caller masks it.
    pub patient_pinfl: String,
    pub prescriber_name: String,
    pub facility: String,
    pub id_document_checked: bool,
    pub patient_declaration: bool,
    pub reason: Option<String>,
    pub state: String,
    pub pharmacist_name: String,
    /// Local time, `YYYY-MM-DD HH:MM`.
    pub time: String,
    pub override_by: Option<String>,
    pub override_reason: Option<String>,
    pub lines: Vec<LineRow>,
}

/// The paper log of `date` for `pharmacy` as PDF bytes (A4 landscape).
pub fn render(
    pharmacy: &PharmacyRef,
    date: Date,
    rows: &[PaperLogRow],
    generated_at: &str,
    lang: Lang,
) -> Result<Vec<u8>, ReportError> {
    let l = labels(lang);
    let day = l.datetime(&date.to_string()).into_owned();
    let mut c = Canvas::new(&l.paper_log_title, mm(297.0), mm(210.0), mm(12.0))?;
    c.set_footer(format!("{} · {} · {day}", pharmacy.name, l.paper_log_title));
    let m = c.margin;
    let mut y = c.y - 16.0;
    c.text(
        m,
        y,
        16.0,
        Weight::Bold,
        &format!("{} — {day}", l.paper_log_title),
    );
    y -= 16.0;
    c.text(
        m,
        y,
        10.0,
        Weight::Regular,
        &format!("{}: {} (ID {})", l.pharmacy, pharmacy.name, pharmacy.id),
    );
    y -= 13.0;
    c.text(
        m,
        y,
        10.0,
        Weight::Regular,
        &format!("{}: {}", l.generated, l.datetime(generated_at)),
    );
    c.y = y - 6.0;
    let yes_no = |b: bool| if b { &l.yes } else { &l.no };
    table(
        &mut c,
        &l.paper_log_title,
        &[
            left(&l.time, 0.9),
            left(&l.prescription, 1.0),
            left(&l.patient, 1.0),
            left(&l.prescriber, 1.7),
            left(&l.product, 2.6),
            left(&l.pharmacist, 1.3),
            left(&l.id_checked, 0.8),
            left(&l.declaration, 0.8),
            left(&l.state, 0.8),
            left(&l.signature, 1.1),
        ],
        rows.iter().map(|r| {
            let items: Vec<String> = r
                .lines
                .iter()
                .map(|line| {
                    let name = if line.trade_name.is_empty() {
                        &line.inn
                    } else {
                        &line.trade_name
                    };
                    format!("{name} × {} {}", l.number(line.quantity), line.unit)
                })
                .collect();
            [
                r.time.get(11..).unwrap_or(&r.time).to_owned(),
                r.prescription_number.clone().unwrap_or_else(|| "—".into()),
                r.patient_pinfl.clone(),
                format!("{}, {}", r.prescriber_name, r.facility),
                items.join("; "),
                r.pharmacist_name.clone(),
                yes_no(r.id_document_checked).clone(),
                yes_no(r.patient_declaration).clone(),
                r.state.clone(),
                String::new(),
            ]
        }),
        &l.none,
    );
    c.finish(|page, pages| l.page_number(page, pages))
}
