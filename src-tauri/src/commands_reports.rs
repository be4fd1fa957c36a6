//! Commands of the reports screen and of printed documents (receipts, the paper log).
//!
//! Files are saved into `Documents/Dorixona` (or the downloads folder, or the temporary
//! folder when neither exists) under a name saying what they are, and the UI shows where; it
//! can then open a saved file with the system viewer, whose print dialog prints it. This keeps
//! printing and saving to what every desktop already has, without extra plugins.

use counter::access::Permission;
use std::path::{Path, PathBuf};

use counter::reports::csv::CsvOptions;
use counter::reports::model::{DispenseSummary, Drill, Report, ReportQuery};
use counter::reports::ExportFormat;
use counter::Counter;
use dmed_api::ErrorCode;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use crate::documents::WrittenDocuments;
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// The folder inside Documents that saved files go to.
const FOLDER: &str = "Dorixona";

/// A file the app saved.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct SavedDocument {
    /// Where it was saved.
    pub path: String,
}

fn export_dir(app: &AppHandle) -> PathBuf {
    let paths = app.path();
    paths
        .document_dir()
        .or_else(|_| paths.download_dir())
        .unwrap_or_else(|_| std::env::temp_dir())
        .join(FOLDER)
}

/// The app's register of the documents it saved (created on first use).
fn documents(app: &AppHandle) -> State<'_, WrittenDocuments> {
    if app.try_state::<WrittenDocuments>().is_none() {
        app.manage(WrittenDocuments::default());
    }
    app.state::<WrittenDocuments>()
}

/// The file name of a dispense's document: `PREFIX_ID.pdf`, the id kept to letters, digits and
/// dashes.
pub(crate) fn pdf_name(prefix: &str, dispense_id: &str) -> String {
    let safe: String = dispense_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect();
    format!("{prefix}_{safe}.pdf")
}

pub(crate) fn save(app: &AppHandle, name: &str, bytes: &[u8]) -> Result<SavedDocument, IpcError> {
    let dir = export_dir(app);
    documents(app)
        .save(&dir, name, bytes)
        .map(|path| SavedDocument {
            path: path.display().to_string(),
        })
        .map_err(|e| {
            IpcError::new(ErrorCode::StorageError, e.to_string())
                .with("path", dir.display().to_string())
        })
}

async fn blocking<T: Send + 'static>(
    counter: Counter,
    work: impl FnOnce(&Counter) -> Result<T, counter::CounterError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(move || work(&counter))
        .await
        .map_err(|e| IpcError::new(ErrorCode::Internal, format!("the work stopped: {e}")))?
        .map_err(IpcError::from)
}

/// The report of a period (manager only).
#[tauri::command]
#[specta::specta]
pub async fn report(state: State<'_, AppState>, query: ReportQuery) -> Result<Report, IpcError> {
    let counter = state.counter_for(Permission::Manage, "see reports")?;
    Ok(counter.report(&query).await?)
}

/// The dispenses behind one row of a report (manager only).
#[tauri::command]
#[specta::specta]
pub async fn report_drill(
    state: State<'_, AppState>,
    query: ReportQuery,
    row: Drill,
) -> Result<Vec<DispenseSummary>, IpcError> {
    let counter = state.counter_for(Permission::Manage, "see reports")?;
    Ok(counter.report_drill(&query, &row).await?)
}

/// Saves the report of a period as PDF, CSV or XLSX (manager only).
#[tauri::command]
#[specta::specta]
pub async fn export_report(
    app: AppHandle,
    state: State<'_, AppState>,
    query: ReportQuery,
    format: ExportFormat,
    csv: CsvOptions,
) -> Result<SavedDocument, IpcError> {
    let name = format!("hisobot_{}_{}.{}", query.from, query.to, format.extension());
    let counter = state.counter_for(Permission::Manage, "export reports")?;
    let bytes = counter.export_report(&query, format, csv).await?;
    save(&app, &name, &bytes)
}

/// Saves the 80 mm receipt of a dispense as PDF.
#[tauri::command]
#[specta::specta]
pub async fn receipt_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    dispense_id: String,
) -> Result<SavedDocument, IpcError> {
    let counter = state.counter_for(Permission::Dispense, "print receipts")?;
    save_dispense_pdf(&app, counter, "chek", dispense_id, Counter::receipt_pdf).await
}

/// Saves the 80 mm withdrawal slip of a withdrawn dispense as PDF.
#[tauri::command]
#[specta::specta]
pub async fn withdrawal_slip_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    dispense_id: String,
) -> Result<SavedDocument, IpcError> {
    let counter = state.counter_for(Permission::Dispense, "print withdrawal slips")?;
    save_dispense_pdf(
        &app,
        counter,
        "qaytarish",
        dispense_id,
        Counter::withdrawal_slip_pdf,
    )
    .await
}

/// Renders a dispense's document off the async threads and saves it as `PREFIX_ID.pdf`.
async fn save_dispense_pdf(
    app: &AppHandle,
    counter: Counter,
    prefix: &str,
    dispense_id: String,
    render: fn(&Counter, &str) -> Result<Vec<u8>, counter::CounterError>,
) -> Result<SavedDocument, IpcError> {
    let name = pdf_name(prefix, &dispense_id);
    let bytes = blocking(counter, move |c| render(c, &dispense_id)).await?;
    save(app, &name, &bytes)
}

/// Saves the paper log of a local day (`YYYY-MM-DD`) as PDF.
#[tauri::command]
#[specta::specta]
pub async fn print_paper_log(
    app: AppHandle,
    state: State<'_, AppState>,
    date: String,
) -> Result<SavedDocument, IpcError> {
    let day = counter::reports::period::parse_date(&date)
        .map_err(|e| IpcError::new(e.code(), e.to_string()))?;
    let bytes = blocking(
        state.counter_for(Permission::Dispense, "print the paper log")?,
        move |c| c.paper_log_pdf(day),
    )
    .await?;
    save(&app, &format!("qogoz-jurnali_{day}.pdf"), &bytes)
}

/// Opens a file this app saved (unchanged since) with the system viewer, to read or print it.
#[tauri::command]
#[specta::specta]
pub async fn open_document(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), IpcError> {
    state.allow(Permission::SignedIn, "open documents")?;
    let path = documents(&app)
        .openable(&path)
        .map_err(|e| IpcError::new(ErrorCode::BadRequest, e.to_string()))?;
    open_with_system(&path)
        .map_err(|e| IpcError::new(ErrorCode::Internal, format!("no viewer could open it: {e}")))
}

fn open_with_system(path: &Path) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(path).spawn().map(|_| ())
}

/// The audit log for the manager's screen: the rows of `query`, newest first (at most 500).
#[tauri::command]
#[specta::specta]
pub async fn audit_log(
    state: State<'_, AppState>,
    query: counter::audit::AuditQuery,
) -> Result<Vec<counter::audit::AuditEntry>, IpcError> {
    blocking(
        state.counter_for(Permission::Manage, "see the audit log")?,
        move |c| c.audit_log(&query),
    )
    .await
}
