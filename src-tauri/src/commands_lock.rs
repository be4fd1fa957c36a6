//! The commands of the lock screen: the lock's state, locking, unlocking, switching user, the
//! window's reports of activity, and the manager's choice of when the counter locks. They work
//! while the window is locked (all but the manager's choice need no permission beyond a
//! session, which the counter checks).

use counter::access::Permission;
use counter::lock::{LockReason, LockState};
use counter::{Sensitive, Session};
use tauri::{AppHandle, State};

use crate::commands_outage::{answer_within, ANSWER_WITHIN};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Whether the window is locked, why, and whose drafts are parked.
#[tauri::command]
#[specta::specta]
pub async fn lock_state(state: State<'_, AppState>) -> Result<LockState, IpcError> {
    let counter = state.counter_for(Permission::Anyone, "see the lock")?;
    Ok(counter.lock_state().await)
}

/// The window saw its user: the inactivity time starts again. Answers the lock, which the
/// counter may have closed by itself.
#[tauri::command]
#[specta::specta]
pub async fn still_here(state: State<'_, AppState>) -> Result<LockState, IpcError> {
    let counter = state.counter_for(Permission::Anyone, "report activity")?;
    Ok(counter.still_here().await)
}

/// Locks the window (its inactivity timer, or its user); stops the camera.
#[tauri::command]
#[specta::specta]
pub async fn lock_counter(
    app: AppHandle,
    state: State<'_, AppState>,
    reason: LockReason,
) -> Result<LockState, IpcError> {
    let counter = state.counter_for(Permission::Anyone, "lock the counter")?;
    counter.lock(reason).await?;
    let handle = app.clone();
    let _ =
        tauri::async_runtime::spawn_blocking(move || crate::commands_scan::stop_scanning(&handle))
            .await;
    Ok(counter.lock_state().await)
}

/// The signed-in person unlocks with their secret (also offline).
#[tauri::command]
#[specta::specta]
pub async fn unlock(state: State<'_, AppState>, secret: String) -> Result<LockState, IpcError> {
    let counter = state.counter_for(Permission::Anyone, "unlock the counter")?;
    answer_within(ANSWER_WITHIN, "unlocking", async move {
        counter.unlock(Sensitive::new(secret)).await
    })
    .await
}

/// Another person signs in from the lock screen; the locked person's draft is parked for them.
#[tauri::command]
#[specta::specta]
pub async fn switch_user(
    state: State<'_, AppState>,
    login: String,
    secret: String,
) -> Result<Session, IpcError> {
    let counter = state.counter_for(Permission::Anyone, "switch user")?;
    answer_within(ANSWER_WITHIN, "switching user", async move {
        counter.switch_user(&login, Sensitive::new(secret)).await
    })
    .await
}

/// A manager chooses the minutes of inactivity before the window locks (1 to 30).
#[tauri::command]
#[specta::specta]
pub async fn save_lock_after(state: State<'_, AppState>, minutes: u8) -> Result<(), IpcError> {
    let counter = state.counter_for(Permission::Manage, "change when the counter locks")?;
    counter.save_lock_after_minutes(minutes)?;
    Ok(())
}
