//! What the commands share: the open counter and what start-up decided, or why start-up failed.

use crate::ipc_error::IpcError;
use crate::training::Training;
use counter::access::Permission;
use counter::Counter;

/// The running app, after a successful start-up.
pub struct Started {
    /// The pharmacy-side facade every command goes through.
    pub counter: Counter,
    /// The central API base URL in use.
    pub endpoint: String,
    /// The data directory the counter was opened in.
    pub data_dir: std::path::PathBuf,
    /// The embedded training server, when no central API is configured.
    pub training: Option<Training>,
}

/// Managed Tauri state: either the started app or the start-up error, which every command
/// then returns so the UI can show it instead of a blank window.
pub struct AppState {
    started: Result<Started, IpcError>,
}

impl AppState {
    /// State of an app that started.
    pub fn ready(started: Started) -> Self {
        Self {
            started: Ok(started),
        }
    }

    /// State of an app whose start-up failed with `error`.
    pub fn failed(error: IpcError) -> Self {
        Self {
            started: Err(error),
        }
    }

    /// The started app, or the start-up error.
    pub fn started(&self) -> Result<&Started, IpcError> {
        self.started.as_ref().map_err(Clone::clone)
    }

    /// A handle on the counter (cheap to clone), or the start-up error.
    fn counter(&self) -> Result<Counter, IpcError> {
        self.started().map(|s| s.counter.clone())
    }

    /// The counter, when whoever is signed in holds `permission` (to `what`, for the message);
    /// `NOT_SIGNED_IN` or `FORBIDDEN` otherwise, `LOCKED` while the window is locked (for all but
    /// [`Permission::Anyone`]). Every command starts here (see
    /// [`crate::access`]).
    pub fn counter_for(&self, permission: Permission, what: &str) -> Result<Counter, IpcError> {
        let counter = self.counter()?;
        counter::access::check(counter.session().as_ref(), permission, what)?;
        if permission != Permission::Anyone {
            counter.check_unlocked()?;
        }
        Ok(counter)
    }

    /// [`AppState::counter_for`] for a command that does not need the counter itself.
    pub fn allow(&self, permission: Permission, what: &str) -> Result<(), IpcError> {
        self.counter_for(permission, what).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::ErrorCode;

    #[test]
    fn a_failed_start_up_is_what_every_command_gets() {
        let state = AppState::failed(IpcError::new(ErrorCode::StorageError, "disk full"));
        let err = state.counter_for(Permission::Anyone, "x").err().unwrap();
        assert_eq!(err.code, ErrorCode::StorageError);
        assert_eq!(err.message, "disk full");
        assert_eq!(state.started().err().unwrap().code, ErrorCode::StorageError);
    }
}
