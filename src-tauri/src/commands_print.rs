//! The commands of receipt printing: the system's printers, the manager's choice of printer
//! and format, and a receipt (or withdrawal slip) sent to the printer.

use counter::access::Permission;
use counter::printing::cups::Printer;
use counter::printing::{PrintJob, PrintSettings};
use tauri::State;

use crate::commands_outage::{answer_within, ANSWER_WITHIN};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// The system's printers, the default first.
#[tauri::command]
#[specta::specta]
pub async fn printers(state: State<'_, AppState>) -> Result<Vec<Printer>, IpcError> {
    let counter = state.counter_for(Permission::SignedIn, "list printers")?;
    tauri::async_runtime::spawn_blocking(move || counter.printers())
        .await
        .map_err(|e| {
            IpcError::new(
                dmed_api::ErrorCode::Internal,
                format!("listing printers stopped: {e}"),
            )
        })?
        .map_err(IpcError::from)
}

/// The receipt printer settings.
#[tauri::command]
#[specta::specta]
pub async fn print_settings(state: State<'_, AppState>) -> Result<PrintSettings, IpcError> {
    let counter = state.counter_for(Permission::SignedIn, "see the printer settings")?;
    Ok(counter.print_settings()?)
}

/// Saves the receipt printer settings (managers).
#[tauri::command]
#[specta::specta]
pub async fn save_print_settings(
    state: State<'_, AppState>,
    settings: PrintSettings,
) -> Result<(), IpcError> {
    let counter = state.counter_for(Permission::Manage, "choose the receipt printer")?;
    Ok(counter.save_print_settings(&settings)?)
}

/// Prints the receipt (or, with `slip`, the withdrawal slip) of one of this pharmacy's
/// dispenses of a prescription on the chosen printer.
#[tauri::command]
#[specta::specta]
pub async fn print_receipt(
    state: State<'_, AppState>,
    number: String,
    dispense_id: String,
    slip: bool,
) -> Result<PrintJob, IpcError> {
    let counter = state.counter_for(Permission::Dispense, "print receipts")?;
    answer_within(ANSWER_WITHIN, "printing", async move {
        counter.print_receipt(&number, &dispense_id, slip).await
    })
    .await
}

/// Prints the report of a period (PDF) on the report printer chosen in Settings (managers).
#[tauri::command]
#[specta::specta]
pub async fn print_report(
    state: State<'_, AppState>,
    query: counter::reports::ReportQuery,
) -> Result<PrintJob, IpcError> {
    let counter = state.counter_for(Permission::Manage, "print reports")?;
    Ok(counter.print_report(&query).await?)
}
