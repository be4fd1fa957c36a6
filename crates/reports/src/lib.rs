//! Manager reports and printed documents, made from facts the caller gathers (this counter's
//! store, or the central system's list of the pharmacy's dispenses): no storage and no network
//! here.
//!
//! - [`model`]: the query and the one report model every view is made from;
//! - [`assemble`]: sums a [`model::Report`] from the counted lines and the other sections;
//! - [`period`]: local days and their bounds;
//! - [`lang`]: the four languages (Uzbek in Latin and Cyrillic script, Russian, English), how
//!   settings and locales name them, how numbers are written in them;
//! - [`messages`]: messages in those languages through Project Fluent (`.ftl` files);
//! - [`labels`]: the words of documents, from `locales/<lang>/reports.ftl`;
//! - [`csv`], [`xlsx`], [`pdf`]: the exports;
//! - [`receipt`]: the 80 mm receipt of a dispense and the withdrawal slip (PDF);
//! - [`escpos`]: the same receipt for thermal printers that take raw ESC/POS jobs;
//! - [`paper_log`]: the printable log of a day's paper dispenses.

pub mod assemble;
pub mod csv;
pub mod escpos;
pub mod labels;
pub mod lang;
pub mod messages;
pub mod model;
pub mod paper_log;
pub mod pdf;
pub mod period;
pub mod receipt;
pub mod xlsx;

pub use assemble::{assemble, drill, summaries, summarize, LineFact, Sections};
pub use lang::Lang;
pub use model::{Drill, LineRow, Report, ReportLine, ReportMode, ReportQuery};

use dmed_api::ErrorCode;

/// Why a report or document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The period is not valid.
    #[error("The report period is not valid: {0}. Choose another period.")]
    BadPeriod(String),
    /// The dispense to print does not exist.
    #[error("Dispense {0} is not in the local records of this counter.")]
    UnknownDispense(String),
    /// The document could not be put together.
    #[error(
        "The document could not be made: {0}. Try again; if it keeps failing, contact support."
    )]
    Render(String),
    /// The file could not be written.
    #[error("The file {path} could not be written: {reason}. Choose another place to save it.")]
    Write { path: String, reason: String },
}

impl ReportError {
    /// The contract code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            ReportError::BadPeriod(_) => ErrorCode::BadRequest,
            ReportError::UnknownDispense(_) => ErrorCode::NotFound,
            ReportError::Render(_) => ErrorCode::Internal,
            ReportError::Write { .. } => ErrorCode::StorageError,
        }
    }
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Pdf,
    Csv,
    Xlsx,
}

impl ExportFormat {
    /// The format named `pdf`, `csv` or `xlsx`.
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pdf" => Some(ExportFormat::Pdf),
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// Renders a report with its lines in `format` (CSV with `csv_options`). The lines are
/// consumed: the PDF moves their text into the pages instead of copying it.
pub fn export(
    report: &Report,
    lines: Vec<ReportLine>,
    format: ExportFormat,
    csv_options: csv::CsvOptions,
    lang: Lang,
) -> Result<Vec<u8>, ReportError> {
    match format {
        ExportFormat::Pdf => pdf::render(report, lines, lang),
        ExportFormat::Csv => {
            let mut out = Vec::new();
            csv::write(report, &lines, csv_options, &mut out)?;
            Ok(out)
        }
        ExportFormat::Xlsx => xlsx::render(report, &lines, lang),
    }
}
