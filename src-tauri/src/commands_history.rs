//! The commands of a prescription's history: the list of its dispenses, and withdrawing the
//! newest one of this pharmacy. Both may wait on the central system and answer within 3 s.

use counter::access::Permission;
use counter::history::PrescriptionHistory;
use counter::withdraw::{WithdrawOutcome, WithdrawReason};
use tauri::{AppHandle, State};

use crate::commands_reports::SavedDocument;

use crate::commands_outage::{answer_within, ANSWER_WITHIN};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Every dispense of a prescription, from the central system and this counter.
#[tauri::command]
#[specta::specta]
pub async fn prescription_history(
    state: State<'_, AppState>,
    number: String,
) -> Result<PrescriptionHistory, IpcError> {
    let counter = state.counter_for(Permission::Read, "see a prescription's history")?;
    answer_within(ANSWER_WITHIN, "the history", async move {
        counter.history(&number).await
    })
    .await
}

/// Saves the receipt of one of this pharmacy's dispenses of a prescription, made at any of its
/// counters, as PDF.
#[tauri::command]
#[specta::specta]
pub async fn reprint_receipt(
    app: AppHandle,
    state: State<'_, AppState>,
    number: String,
    dispense_id: String,
) -> Result<SavedDocument, IpcError> {
    let counter = state.counter_for(Permission::Dispense, "print receipts")?;
    let name = crate::commands_reports::pdf_name("chek", &dispense_id);
    let bytes = answer_within(ANSWER_WITHIN, "the receipt", async move {
        counter.reprint_receipt(&number, &dispense_id).await
    })
    .await?;
    crate::commands_reports::save(&app, &name, &bytes)
}

/// Saves the withdrawal slip of one of this pharmacy's dispenses of a prescription, withdrawn at
/// any of its counters, as PDF.
#[tauri::command]
#[specta::specta]
pub async fn reprint_withdrawal_slip(
    app: AppHandle,
    state: State<'_, AppState>,
    number: String,
    dispense_id: String,
) -> Result<SavedDocument, IpcError> {
    let counter = state.counter_for(Permission::Dispense, "print withdrawal slips")?;
    let name = crate::commands_reports::pdf_name("qaytarish", &dispense_id);
    let bytes = answer_within(ANSWER_WITHIN, "the withdrawal slip", async move {
        counter.reprint_withdrawal_slip(&number, &dispense_id).await
    })
    .await?;
    crate::commands_reports::save(&app, &name, &bytes)
}

/// Withdraws the newest dispense of a prescription (sent at once, or queued behind it).
#[tauri::command]
#[specta::specta]
pub async fn withdraw(
    state: State<'_, AppState>,
    number: String,
    dispense_id: String,
    reason: WithdrawReason,
    text: Option<String>,
) -> Result<WithdrawOutcome, IpcError> {
    let counter = state.counter_for(Permission::Dispense, "withdraw a dispense")?;
    answer_within(ANSWER_WITHIN, "the withdrawal", async move {
        counter.withdraw(&number, &dispense_id, reason, text).await
    })
    .await
}
