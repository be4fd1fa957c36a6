//! CSV export: UTF-8, one header row, one row per counted dispense line. The separator is a
//! setting (`,` or `;` — Excel in locales with a decimal comma expects `;`), and a byte-order
//! mark can be written so Excel reads the file as UTF-8.
//!
//! The four totals of the report can be recounted from the file: dispenses are distinct
//! `dispense_id`s, items are rows, packs the sum of `packs`, patients distinct `patient_ref`s.
//! Every row says what the report covers (`scope`: `pharmacy` or `this_counter`) and whether
//! the central system has confirmed its dispense (`confirmed`: `yes` or `no`).
//!
//! The file is for programs as much as for people, so it is the same in every document
//! language: the header is these column codes, not words; numbers are plain digits (no
//! thousands separator, whatever the language); times and dates stay `YYYY-MM-DD HH:MM` and
//! `YYYY-MM-DD`; `mode`, `scope` and `confirmed` hold codes. Names (pharmacists, products)
//! are written as recorded, in any script. The XLSX export is the one with headers in words.

use std::io::Write;

use super::model::{Report, ReportLine, ScopeKind};
use super::ReportError;

/// The column names, in order.
pub const HEADER: [&str; 16] = [
    "time",
    "dispense_id",
    "prescription_number",
    "pharmacist",
    "mode",
    "patient_ref",
    "inn",
    "trade_name",
    "product_id",
    "quantity",
    "unit",
    "packs",
    "batch",
    "expiry",
    "scope",
    "confirmed",
];

/// The field separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Separator {
    #[default]
    Comma,
    Semicolon,
}

impl Separator {
    /// The byte written between fields.
    pub fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
        }
    }
}

/// How the CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CsvOptions {
    pub separator: Separator,
    /// Start with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
}

fn failed(e: impl std::fmt::Display) -> ReportError {
    ReportError::Render(format!("CSV: {e}"))
}

/// Writes the lines of `report` as CSV into `out`.
pub fn write(
    report: &Report,
    lines: &[ReportLine],
    options: CsvOptions,
    out: impl Write,
) -> Result<(), ReportError> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    if options.bom {
        out.write_all("\u{feff}".as_bytes()).map_err(failed)?;
    }
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(options.separator.byte())
        .from_writer(out);
    w.write_record(HEADER).map_err(failed)?;
    let scope = match report.scope.kind {
        ScopeKind::Pharmacy => "pharmacy",
        ScopeKind::ThisCounter => "this_counter",
    };
    let mut quantity = itoa_buf();
    let mut packs = itoa_buf();
    for l in lines {
        quantity.clear();
        packs.clear();
        use std::fmt::Write as _;
        let _ = write!(quantity, "{}", l.quantity);
        let _ = write!(packs, "{}", l.packs);
        w.write_record([
            l.time.as_str(),
            l.dispense_id.as_str(),
            l.prescription_number.as_str(),
            l.pharmacist_name.as_str(),
            l.mode.as_str(),
            l.patient_ref.as_str(),
            l.inn.as_str(),
            l.trade_name.as_str(),
            l.product_id.as_str(),
            quantity.as_str(),
            l.unit.as_str(),
            packs.as_str(),
            l.batch.as_deref().unwrap_or(""),
            l.expiry.as_deref().unwrap_or(""),
            scope,
            if l.confirmed { "yes" } else { "no" },
        ])
        .map_err(failed)?;
    }
    w.flush().map_err(failed)?;
    Ok(())
}

fn itoa_buf() -> String {
    String::with_capacity(12)
}
