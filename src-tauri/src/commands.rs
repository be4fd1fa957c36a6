//! The commands the UI calls. Each one is thin: take the counter from the app state, call it,
//! and translate errors into [`IpcError`]. Calls that may wait on the central system answer
//! within 3 s ([`answer_within`]; the dispense through `Counter::dispense_within`, which also says
//! whether it was recorded).

use counter::access::Permission;
use counter::{DispenseDraft, DispenseOutcome, LookupResult, Sensitive, Session, Settings};
use dmed_api::handover::IdDocumentKind;
use dmed_api::types::{Hold, Product};
use dmed_api::ErrorCode;
use serde::Serialize;
use tauri::State;

use crate::commands_outage::{answer_within, ANSWER_WITHIN};
use crate::ipc_error::IpcError;
use crate::state::AppState;
use crate::training::TrainingDemo;

/// What the UI needs to know about the running app.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct AppInfo {
    /// The app version.
    pub version: String,
    /// True when talking to the embedded training server (not real prescriptions).
    pub training: bool,
    /// The central API base URL in use.
    pub endpoint: String,
    /// The protocol it is spoken in (`dmed-v1`, `dhp-fhir`): on the platform, staff sign in
    /// through the system browser.
    pub adapter: String,
    /// The UI language from the settings (`uz`, `uz-Cyrl`, `ru` or `en`): the sign-in screen's.
    pub language: String,
    /// An endpoint was chosen on this counter before: only an administrator changes it now.
    pub endpoint_locked: bool,
    /// The first-run setup is still to be done: the window shows it before the sign-in.
    pub setup_needed: bool,
    /// Demo credentials and sample prescriptions, in training mode.
    pub training_demo: Option<TrainingDemo>,
}

/// The app version, mode and endpoint; the start-up error if the app could not start.
#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    state.allow(Permission::Anyone, "see the app state")?;
    let started = state.started()?;
    let settings = started.counter.settings()?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        training: started.training.is_some(),
        endpoint: started.endpoint.clone(),
        adapter: started.counter.adapter().to_string(),
        language: settings.language,
        endpoint_locked: started.counter.endpoint_chosen()?,
        setup_needed: started.counter.setup_needed()?,
        training_demo: started.training.as_ref().and_then(|t| t.demo.clone()),
    })
}

/// Signs a pharmacist in with the central API.
#[tauri::command]
#[specta::specta]
pub async fn sign_in(
    state: State<'_, AppState>,
    pharmacy_id: String,
    login: String,
    secret: String,
) -> Result<Session, IpcError> {
    let counter = state.counter_for(Permission::Anyone, "sign in")?;
    answer_within(ANSWER_WITHIN, "signing in", async move {
        counter
            .sign_in(&pharmacy_id, &login, Sensitive::new(secret))
            .await
    })
    .await
}

/// The signed-in pharmacist, if any.
#[tauri::command]
#[specta::specta]
pub async fn current_session(state: State<'_, AppState>) -> Result<Option<Session>, IpcError> {
    Ok(state
        .counter_for(Permission::Anyone, "see who is signed in")?
        .session())
}

/// Signs out and forgets the stored token.
#[tauri::command]
#[specta::specta]
pub async fn sign_out(state: State<'_, AppState>) -> Result<(), IpcError> {
    let counter = state.counter_for(Permission::Anyone, "sign out")?;
    answer_within(ANSWER_WITHIN, "signing out", async move {
        counter.sign_out().await
    })
    .await
}

/// Looks up what the counter's input holds: a number with its code, a QR payload or a PINFL.
#[tauri::command]
#[specta::specta]
pub async fn lookup(
    state: State<'_, AppState>,
    input: String,
    document: Option<IdDocumentKind>,
) -> Result<LookupResult, IpcError> {
    let counter = state.counter_for(Permission::Read, "look prescriptions up")?;
    answer_within(ANSWER_WITHIN, "the lookup", async move {
        counter.lookup(&input, document).await
    })
    .await
}

/// Reserves a prescription for this pharmacy while it is being dispensed.
#[tauri::command]
#[specta::specta]
pub async fn hold(state: State<'_, AppState>, number: String) -> Result<Hold, IpcError> {
    let counter = state.counter_for(Permission::Dispense, "hold a prescription")?;
    answer_within(ANSWER_WITHIN, "the hold", async move {
        counter.hold(&number).await
    })
    .await
}

/// Hands a hold back.
#[tauri::command]
#[specta::specta]
pub async fn release_hold(
    state: State<'_, AppState>,
    number: String,
    hold_id: String,
) -> Result<(), IpcError> {
    let hold_id = parse_hold_id(&hold_id)?;
    let counter = state.counter_for(Permission::Dispense, "hand a hold back")?;
    answer_within(ANSWER_WITHIN, "releasing the hold", async move {
        counter.release_hold(&number, hold_id).await
    })
    .await
}

/// Catalogue products with this INN, optionally filtered by trade name.
#[tauri::command]
#[specta::specta]
pub async fn search_products(
    state: State<'_, AppState>,
    inn: String,
    query: String,
) -> Result<Vec<Product>, IpcError> {
    let counter = state.counter_for(Permission::Read, "search the catalogue")?;
    answer_within(ANSWER_WITHIN, "the product search", async move {
        counter.search_products(&inn, &query).await
    })
    .await
}

/// Records a dispense (sent now, or queued when the central API is unreachable), with a
/// definite answer within [`ANSWER_WITHIN`]: delivered, `queued` once it is recorded locally
/// (the outbox sends it), or `DISPENSE_NOT_RECORDED` when it was called off before it was
/// written (nothing recorded, nothing sent: safe to try again). See
/// `counter::Counter::dispense_within`.
#[tauri::command]
#[specta::specta]
pub async fn dispense(
    state: State<'_, AppState>,
    draft: DispenseDraft,
) -> Result<DispenseOutcome, IpcError> {
    let counter = state.counter_for(Permission::Dispense, "dispense")?;
    Ok(counter.dispense_within(draft, ANSWER_WITHIN).await?)
}

/// The saved settings.
#[tauri::command]
#[specta::specta]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, IpcError> {
    Ok(state
        .counter_for(Permission::Anyone, "see the settings")?
        .settings()?)
}

/// Validates and saves the settings; a new endpoint applies after a restart.
#[tauri::command]
#[specta::specta]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, IpcError> {
    let counter = state.counter_for(Permission::Anyone, "change settings")?;
    counter.save_settings(&settings)?;
    Ok(counter.settings()?)
}

/// The language the signed-in person chose last at this counter (`None`: never chose one here).
#[tauri::command]
#[specta::specta]
pub async fn user_language(state: State<'_, AppState>) -> Result<Option<String>, IpcError> {
    Ok(state
        .counter_for(Permission::SignedIn, "see their own language")?
        .user_language()?)
}

/// Remembers the signed-in person's own language (`uz`, `uz-Cyrl`, `ru` or `en`).
#[tauri::command]
#[specta::specta]
pub async fn save_user_language(
    state: State<'_, AppState>,
    language: String,
) -> Result<(), IpcError> {
    Ok(state
        .counter_for(Permission::SignedIn, "choose their own language")?
        .save_user_language(&language)?)
}

/// A hold id from the UI; anything but a UUID is a bad request.
fn parse_hold_id(raw: &str) -> Result<uuid::Uuid, IpcError> {
    uuid::Uuid::parse_str(raw.trim()).map_err(|_| {
        IpcError::new(
            ErrorCode::BadRequest,
            format!("the hold id {raw:?} is not a valid id; start the dispense again"),
        )
        .with("field", "hold_id")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_hold_id_parses() {
        let id = uuid::Uuid::new_v4();
        assert_eq!(parse_hold_id(&format!(" {id} ")).unwrap(), id);
    }

    #[test]
    fn a_malformed_hold_id_is_a_bad_request_naming_the_field() {
        let err = parse_hold_id("not-a-uuid").unwrap_err();
        assert_eq!(err.code, ErrorCode::BadRequest);
        assert_eq!(err.details["field"], "hold_id");
    }
}
