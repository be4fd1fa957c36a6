//! Commands of the scanner: the camera list, starting and stopping the camera (its codes,
//! status and previews arrive as events), the pack check of the dispense step, and the
//! frame-to-screen latency the UI reports back.

use counter::access::Permission;
use std::sync::Arc;

use counter::PackMatch;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use tauri_specta::Event;

use crate::camera::{
    list_cameras as system_cameras, CameraEvent, CameraManager, CameraStatus, LatencySummary, Sink,
    SourceSpec, UiStages, ENV_SOURCE,
};
use crate::ipc_error::IpcError;
use crate::state::AppState;
use dmed_api::ErrorCode;

/// A camera to pick in settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct CameraChoice {
    /// The name it is saved and picked by.
    pub name: String,
    /// The driver's description (e.g. the device path).
    pub description: String,
}

/// The app's camera manager (created on first use).
fn manager(app: &AppHandle) -> State<'_, CameraManager> {
    if app.try_state::<CameraManager>().is_none() {
        app.manage(CameraManager::default());
    }
    app.state::<CameraManager>()
}

/// Stops the camera, if it runs (the window locked).
pub(crate) fn stop_scanning(app: &AppHandle) {
    if let Some(m) = app.try_state::<CameraManager>() {
        m.stop();
    }
}

/// Sends the manager's events to the window.
fn sink(app: AppHandle) -> Sink {
    Arc::new(move |event| {
        let sent = match event {
            CameraEvent::Code(code) => code.emit(&app),
            CameraEvent::Status(status) => status.emit(&app),
            CameraEvent::Preview(preview) => preview.emit(&app),
        };
        if let Err(e) = sent {
            tracing::warn!(error = %e, "a scanner event could not be sent to the window");
        }
    })
}

/// The cameras the system offers (an overriding `DORIXONA_CAMERA_SOURCE` is listed first).
#[tauri::command]
#[specta::specta]
pub async fn list_cameras(state: State<'_, AppState>) -> Result<Vec<CameraChoice>, IpcError> {
    state.allow(Permission::Anyone, "list cameras")?;
    let mut out = Vec::new();
    if let Some(env) = std::env::var(ENV_SOURCE)
        .ok()
        .filter(|e| !e.trim().is_empty())
    {
        out.push(CameraChoice {
            name: env,
            description: ENV_SOURCE.to_owned(),
        });
    }
    let cams = tauri::async_runtime::spawn_blocking(system_cameras)
        .await
        .unwrap_or_default();
    out.extend(cams.into_iter().map(|c| CameraChoice {
        name: c.name,
        description: c.description,
    }));
    Ok(out)
}

/// Starts scanning: `DORIXONA_CAMERA_SOURCE` when set, else the camera `name`, else the one
/// saved in settings, else the first. A camera that cannot be opened gives a status saying why
/// (`no_camera`, `busy`, `permission_denied`), not an error.
#[tauri::command]
#[specta::specta]
pub async fn start_camera(
    app: AppHandle,
    state: State<'_, AppState>,
    name: Option<String>,
) -> Result<CameraStatus, IpcError> {
    let saved = state
        .counter_for(Permission::SignedIn, "use the camera")?
        .settings()
        .ok()
        .and_then(|s| s.camera);
    let env = std::env::var(ENV_SOURCE).ok();
    let spec = SourceSpec::choose(env.as_deref(), name.as_deref(), saved.as_deref())
        .map_err(|e| IpcError::new(ErrorCode::InvalidSetting, e.to_string()))?;
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let events = sink(handle.clone());
        manager(&handle).start(&spec, events)
    })
    .await
    .map_err(|e| {
        IpcError::new(
            ErrorCode::Internal,
            format!("the camera did not start: {e}"),
        )
    })
}

/// Stops scanning.
#[tauri::command]
#[specta::specta]
pub async fn stop_camera(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<CameraStatus, IpcError> {
    state.allow(Permission::Anyone, "stop the camera")?;
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let m = manager(&handle);
        m.stop();
        m.status()
    })
    .await
    .map_err(|e| IpcError::new(ErrorCode::Internal, format!("the camera did not stop: {e}")))
}

/// The camera's current state.
#[tauri::command]
#[specta::specta]
pub async fn camera_status(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<CameraStatus, IpcError> {
    state.allow(Permission::SignedIn, "use the camera")?;
    Ok(manager(&app).status())
}

/// What a scanned pack is for prescription `number`, or why it is refused.
#[tauri::command]
#[specta::specta]
pub async fn check_pack(
    state: State<'_, AppState>,
    number: String,
    item_id: Option<String>,
    code: String,
    already: Vec<String>,
) -> Result<PackMatch, IpcError> {
    let counter = state.counter_for(Permission::Dispense, "check packs")?;
    Ok(counter
        .check_pack(&number, item_id.as_deref(), &code, &already)
        .await?)
}

/// The UI has the result of camera read `id` on screen (`stages`: its own times since the code
/// reached it); returns the read's frame-to-screen latency in ms when the read is known.
#[tauri::command]
#[specta::specta]
pub async fn scan_rendered(
    app: AppHandle,
    state: State<'_, AppState>,
    id: u32,
    stages: Option<UiStages>,
) -> Result<Option<f64>, IpcError> {
    state.allow(Permission::Anyone, "report scan timings")?;
    Ok(manager(&app).rendered(id, stages))
}

/// Frame-to-screen latency figures so far.
#[tauri::command]
#[specta::specta]
pub async fn scan_latency(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<LatencySummary, IpcError> {
    state.allow(Permission::Anyone, "see scan timings")?;
    Ok(manager(&app).latency())
}
