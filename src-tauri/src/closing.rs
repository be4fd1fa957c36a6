//! When the window closes: the holds of open dispense drafts are handed back (within a short
//! bound, so closing never hangs on a dead network; a hold not handed back runs out by itself).

use std::time::Duration;

use tauri::{Manager, Window, WindowEvent};

use crate::state::AppState;

/// The longest closing waits for the central system.
const HAND_BACK_WITHIN: Duration = Duration::from_secs(2);

/// The window event hook: on a close request, hands the holds back first.
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    if !matches!(event, WindowEvent::CloseRequested { .. }) {
        return;
    }
    let Some(state) = window.try_state::<AppState>() else {
        return;
    };
    let Ok(started) = state.started() else {
        return;
    };
    let counter = started.counter.clone();
    tauri::async_runtime::block_on(async move {
        if tokio::time::timeout(HAND_BACK_WITHIN, counter.hand_back_holds("closing"))
            .await
            .is_err()
        {
            tracing::info!("holds not handed back in time at closing; they run out by themselves");
        }
    });
}
