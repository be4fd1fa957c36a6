//! Receipts on a printer: the printer chosen in Settings (one of the system's, through CUPS),
//! how receipts reach it (the PDF, or ESC/POS for thermal printers that take raw jobs), and
//! whether each dispense's receipt prints at once. A printer that cannot print now gives
//! `PRINTER_UNAVAILABLE` saying why; nothing is lost: the receipt prints again from the
//! prescription's history.

pub mod cups;

use serde::{Deserialize, Serialize};

use crate::access::Permission;
use crate::error::CounterError;
use crate::Counter;
use cups::{Cups, PrintProblem, Printer};
use dmed_api::ErrorCode;

/// How a receipt reaches the printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReceiptFormat {
    /// The 80 mm PDF, converted by the printing system (any printer).
    #[default]
    Pdf,
    /// ESC/POS sent raw: thermal receipt printers, Cyrillic in code page 866.
    EscPos,
}

/// The receipt printer settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PrintSettings {
    /// The printer's name in the printing system; `None`: receipts are saved as PDF.
    #[serde(default)]
    pub printer: Option<String>,
    #[serde(default)]
    pub format: ReceiptFormat,
    /// Print each dispense's receipt as soon as it is recorded.
    #[serde(default)]
    pub after_dispense: bool,
    /// The printer of managers' reports (A4, as PDF); `None`: reports are saved as files.
    #[serde(default)]
    pub report_printer: Option<String>,
}

/// A job sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PrintJob {
    pub printer: String,
    /// The printing system's job id.
    pub job: String,
}

/// `PRINTER_UNAVAILABLE` in words, with `reason` (`no_printing_system`, `unknown_printer`,
/// `not_ready`, `refused`) and the printer in the details.
fn unavailable(problem: PrintProblem) -> CounterError {
    let mut details = serde_json::Map::new();
    let (reason, message) = match problem {
        PrintProblem::NoCups => (
            "no_printing_system",
            "This computer has no printing system (CUPS): the receipt was not printed. Save it as PDF instead, or ask the installer to set printing up".to_owned(),
        ),
        PrintProblem::Unknown(printer) => {
            details.insert("printer".into(), printer.clone().into());
            (
                "unknown_printer",
                format!("The printer '{printer}' chosen in Settings is not on this computer any more: choose another in Settings, then print again from the history"),
            )
        }
        PrintProblem::NotReady { printer, why } => {
            details.insert("printer".into(), printer.clone().into());
            let why = if why.is_empty() {
                "it is stopped".to_owned()
            } else {
                why
            };
            (
                "not_ready",
                format!("The printer '{printer}' cannot print now ({why}): check that it is on, has paper and is not jammed, then print again from the history. Nothing was lost"),
            )
        }
        PrintProblem::Refused(why) => (
            "refused",
            format!("The printing system refused the receipt ({why}); print it again from the history"),
        ),
    };
    details.insert("reason".into(), reason.into());
    CounterError::rejected_with(ErrorCode::PrinterUnavailable, message, details)
}

/// The printer a setting names; `INVALID_SETTING` naming `setting` when none is chosen.
fn chosen(printer: Option<String>, setting: &str, what: &str) -> Result<String, CounterError> {
    printer.ok_or_else(|| {
        let mut details = serde_json::Map::new();
        details.insert("setting".into(), setting.into());
        CounterError::rejected_with(
            ErrorCode::InvalidSetting,
            format!("No {what} is chosen: a manager chooses one in Settings"),
            details,
        )
    })
}

/// Sends `bytes` to `printer` as one job (off the async workers: the client waits on CUPS).
async fn send(
    printer: String,
    title: String,
    bytes: Vec<u8>,
    raw: bool,
) -> Result<PrintJob, CounterError> {
    let job = tokio::task::spawn_blocking({
        let printer = printer.clone();
        move || Cups::default().print(&printer, &title, &bytes, raw)
    })
    .await
    .map_err(|e| unavailable(PrintProblem::Refused(e.to_string())))?
    .map_err(unavailable)?;
    Ok(PrintJob { printer, job })
}

impl Counter {
    /// The system's printers, the default first (anyone signed in: the settings screen).
    pub fn printers(&self) -> Result<Vec<Printer>, CounterError> {
        self.require(Permission::SignedIn, "list printers")?;
        Cups::default().printers().map_err(unavailable)
    }

    /// The receipt printer settings.
    pub fn print_settings(&self) -> Result<PrintSettings, CounterError> {
        crate::settings::print_settings(&self.inner.data_dir)
    }

    /// Saves the receipt printer settings (managers).
    pub fn save_print_settings(&self, new: &PrintSettings) -> Result<(), CounterError> {
        self.require(Permission::Manage, "choose the receipt printer")?;
        let name = |p: &Option<String>| {
            p.as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
        };
        let new = PrintSettings {
            printer: name(&new.printer),
            report_printer: name(&new.report_printer),
            ..new.clone()
        };
        crate::settings::save_print_settings(&self.inner.data_dir, &new)?;
        self.audit(
            crate::audit::AuditAction::SettingsChanged,
            "printing",
            serde_json::json!({
                "printer": new.printer,
                "format": new.format,
                "after_dispense": new.after_dispense,
                "report_printer": new.report_printer,
            }),
        );
        Ok(())
    }

    /// Prints the receipt (or, with `slip`, the withdrawal slip) of dispense `dispense_id` of
    /// prescription `number` on the chosen printer (pharmacists and managers): this counter's
    /// own, or one of this pharmacy's from the central history.
    pub async fn print_receipt(
        &self,
        number: &str,
        dispense_id: &str,
        slip: bool,
    ) -> Result<PrintJob, CounterError> {
        self.require(Permission::Dispense, "print receipts")?;
        let settings = self.print_settings()?;
        let printer = chosen(settings.printer, "printer", "receipt printer")?;
        let data = self.receipt_data(number, dispense_id, slip).await?;
        let lang = self.document_lang();
        let (bytes, raw) = match settings.format {
            ReceiptFormat::Pdf => (crate::reports::receipt::render(&data, lang)?, false),
            ReceiptFormat::EscPos => (crate::reports::escpos::render(&data, lang), true),
        };
        let title = format!("Dorixona {}", data.head.dispense_id);
        let PrintJob { printer, job } = send(printer, title, bytes, raw).await?;
        self.audit(
            crate::audit::AuditAction::Export,
            "receipt",
            serde_json::json!({
                "dispense_id": dispense_id,
                "printer": printer,
                "job": job,
                "slip": slip,
            }),
        );
        Ok(PrintJob { printer, job })
    }

    /// Prints the report of `query` (the PDF) on the report printer chosen in Settings
    /// (managers).
    pub async fn print_report(
        &self,
        query: &crate::reports::ReportQuery,
    ) -> Result<PrintJob, CounterError> {
        self.require(Permission::Manage, "print reports")?;
        let printer = chosen(
            self.print_settings()?.report_printer,
            "report_printer",
            "printer for reports",
        )?;
        let pdf = self
            .export_report(
                query,
                crate::reports::ExportFormat::Pdf,
                crate::reports::csv::CsvOptions::default(),
            )
            .await?;
        let title = format!("Dorixona {} {}", query.from, query.to);
        send(printer, title, pdf, false).await
    }
}
