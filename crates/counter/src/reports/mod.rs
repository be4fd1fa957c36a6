//! Manager reports and printed documents on this counter. The documents themselves (report
//! model, CSV, XLSX, PDF, receipts, the paper log) are made by the `reports` crate from facts;
//! here they are gathered:
//! - [`central`]: the whole pharmacy, from the central system's records, with this counter's
//!   unconfirmed dispenses merged in;
//! - [`local`]: from this counter's own store (this counter only; outages, the command line);
//! - [`facade`]: the [`crate::Counter`] methods and the headless export.

pub mod central;
pub(crate) mod facade;
pub mod local;

pub use facade::{
    export_from_data_dir, export_from_data_dir_in, export_from_store, paper_log_from_store,
    receipt_from_store, withdrawal_slip_from_store, Credentials,
};
pub use local::{build_report, build_with_lines, drill, report_lines, sql_totals};
pub use reports::{
    assemble, csv, escpos, export, labels, lang, messages, model, paper_log, pdf, period, receipt,
    xlsx, ExportFormat, Lang, ReportError,
};
pub use reports::{Drill, Report, ReportLine, ReportMode, ReportQuery};

impl From<ReportError> for crate::CounterError {
    fn from(e: ReportError) -> Self {
        let code = e.code();
        match e {
            ReportError::Write { path, reason } => crate::CounterError::Storage {
                problem: crate::StorageProblem::Other,
                reason: format!("{path}: {reason}"),
            },
            other => crate::CounterError::rejected(code, other.to_string()),
        }
    }
}
