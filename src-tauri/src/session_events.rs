//! Tells the window at once when the central system ends the session (signed out, or access
//! revoked), whatever the window was doing: an event carrying why, so it can go to the sign-in
//! screen and say so, even when the outbox found out in the background.

use counter::session_end::SessionEnd;
use counter::Counter;
use dmed_api::ErrorCode;
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use tauri_specta::Event;

/// The session ended without its user signing out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct SessionEnded {
    /// `UNAUTHENTICATED` or `FORBIDDEN`.
    pub code: ErrorCode,
    /// `access_revoked` or `unauthenticated`.
    pub reason: String,
    /// In English; the window words it from `code` and `reason`.
    pub message: String,
    /// Whose session it was.
    pub pharmacist_name: String,
}

impl From<&SessionEnd> for SessionEnded {
    fn from(end: &SessionEnd) -> Self {
        SessionEnded {
            code: end.code,
            reason: end.reason.clone(),
            message: end.message.clone(),
            pharmacist_name: end.pharmacist_name.clone(),
        }
    }
}

/// Sends every session end of `counter` to the window.
pub fn forward(counter: &Counter, app: AppHandle) {
    counter.on_session_end(std::sync::Arc::new(move |end| {
        if let Err(e) = SessionEnded::from(end).emit(&app) {
            tracing::warn!(error = %e, "the session end could not be told to the window");
        }
    }));
}
