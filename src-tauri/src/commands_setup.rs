//! The first-run setup's commands: the printers to choose from, a connection test of the
//! central system being chosen, and saving the choice. Anyone at the machine may use them while
//! the counter is not set up yet (nobody can sign in before); an administrator afterwards (the
//! counter checks: [`counter::Counter::setup_permission`]). Cameras come from `list_cameras`.

use counter::access::Permission;
use counter::client::Adapter;
use counter::first_run::SetupFinished;
use counter::printing::cups::Printer;
use counter::printing::PrintSettings;
use counter::Settings;
use doctor::Finding;
use tauri::{AppHandle, State};

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// After anyone reached `counter`: checks that whoever calls may set the counter up now, as
/// the counter's setup needs at this point.
fn may_set_up(
    state: &AppState,
    counter: counter::Counter,
    what: &str,
) -> Result<counter::Counter, IpcError> {
    match counter.setup_permission()? {
        Permission::Anyone => Ok(counter),
        needed => state.counter_for(needed, what),
    }
}

/// The system's printers, for the setup's printer step.
#[tauri::command]
#[specta::specta]
pub async fn setup_printers(state: State<'_, AppState>) -> Result<Vec<Printer>, IpcError> {
    may_set_up(
        &state,
        state.counter_for(Permission::Anyone, "list printers for the setup")?,
        "list printers for the setup",
    )?;
    tauri::async_runtime::spawn_blocking(|| {
        counter::printing::cups::Cups::default()
            .printers()
            .unwrap_or_default()
    })
    .await
    .map_err(|e| {
        IpcError::new(
            dmed_api::ErrorCode::Internal,
            format!("listing printers stopped: {e}"),
        )
    })
}

/// Tests the central system being chosen (`url` none: training mode): reachable, its TLS and
/// its clock, as `dorixona doctor` checks them.
#[tauri::command]
#[specta::specta]
pub async fn test_endpoint(
    state: State<'_, AppState>,
    adapter: String,
    url: Option<String>,
) -> Result<Vec<Finding>, IpcError> {
    may_set_up(
        &state,
        state.counter_for(Permission::Anyone, "test the central system")?,
        "test the central system",
    )?;
    let adapter: Adapter = adapter.parse().map_err(counter::CounterError::from)?;
    let target = match url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()) {
        Some(u) => Some(doctor::endpoint::Target {
            adapter,
            url: counter::settings::validate_endpoint(&u)?,
        }),
        None => None,
    };
    Ok(doctor::endpoint::check(target.as_ref()).await)
}

/// Saves the setup's choices and marks the counter set up; when the central system changed,
/// the app starts again a moment later to use it.
#[tauri::command]
#[specta::specta]
pub async fn finish_setup(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: Settings,
    printing: Option<PrintSettings>,
) -> Result<SetupFinished, IpcError> {
    let counter = may_set_up(
        &state,
        state.counter_for(Permission::Anyone, "set the counter up")?,
        "set the counter up",
    )?;
    let finished = counter.finish_setup(&settings, printing.as_ref())?;
    if finished.restart_needed {
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            app.restart();
        });
    }
    Ok(finished)
}
