//! The diagnostics screen's command: the same self-check as `dorixona doctor`, for
//! administrators, on the data directory and endpoint the app runs with.

use counter::access::Permission;
use doctor::Finding;
use tauri::State;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Runs every check of [`doctor`] and returns the findings (the screen words them).
#[tauri::command]
#[specta::specta]
pub async fn run_doctor(state: State<'_, AppState>) -> Result<Vec<Finding>, IpcError> {
    state.allow(Permission::Administer, "run the diagnostics")?;
    let data_dir = state.started()?.data_dir.clone();
    let ctx =
        tauri::async_runtime::spawn_blocking(move || crate::cli_doctor::context(&data_dir, None))
            .await
            .map_err(|e| {
                IpcError::new(
                    dmed_api::ErrorCode::Internal,
                    format!("the diagnostics stopped: {e}"),
                )
            })??;
    Ok(doctor::run(&ctx).await)
}
