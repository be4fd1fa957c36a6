//! Dorixona's desktop shell: builds the Tauri app and wires it to the `counter` crate.
//!
//! The shell only wires and translates. Start-up ([`startup`]) picks the data directory and the
//! central API (or starts the embedded training server, [`training`]), opens the counter and
//! keeps it in the app state ([`state`]); thin commands ([`commands`]) call it and turn errors
//! into `{code, message, details}` ([`ipc_error`]); [`bindings`] lists the commands and
//! generates their TypeScript bindings; [`outbox`] sends queued dispenses in the background.
//! [`cli`] runs the headless `dorixona report` command ([`cli_audit`] `audit`,
//! [`cli_platform`] `platform-client`: the pharmacy's OAuth client at the platform);
//! [`browser`] opens the platform's sign-in page; [`commands_reports`] serves reports and
//! printed documents; [`commands_outage`] serves the connection banner, the outbox, paper mode
//! and the conflict queue, and bounds every network command to an answer within 3 s.
//! [`access`] says who may call each command; [`session_events`] tells the window when the
//! central system ends a session; [`documents`] remembers the files the app saved, the only
//! ones it opens. [`update`] checks the signed update feed and installs through the update gate.
//! [`webview_memory`] has the web engine draw without compositing, which keeps it small.

pub mod access;
pub mod bindings;
pub mod browser;
pub mod camera;
pub mod cli;
pub mod cli_audit;
pub mod cli_backup;
pub mod cli_doctor;
pub mod cli_platform;
pub mod cli_report;
pub mod closing;
pub mod commands;
pub mod commands_backup;
pub mod commands_catalog;
pub mod commands_doctor;
pub mod commands_history;
pub mod commands_lock;
pub mod commands_outage;
pub mod commands_print;
pub mod commands_reports;
pub mod commands_scan;
pub mod commands_setup;
pub mod display;
pub mod documents;
pub mod ipc_error;
pub mod outbox;
pub mod session_events;
pub mod startup;
pub mod state;
pub mod training;
pub mod update;
pub mod webview_memory;

use tauri::Manager;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Runs the app until its window closes. Never panics on a failed start-up: the error is kept
/// in the app state and shown by the UI.
pub fn run() {
    init_tracing();
    let commands = bindings::builder();
    let result = tauri::Builder::default()
        .plugin(update::plugin())
        .manage(update::Pending::default())
        .invoke_handler(commands.invoke_handler())
        .on_window_event(closing::on_window_event)
        .setup(move |app| {
            commands.mount_events(app);
            let os_default = app.path().app_data_dir().ok();
            let state = tauri::async_runtime::block_on(launch(os_default));
            if let Ok(started) = state.started() {
                session_events::forward(&started.counter, app.handle().clone());
                outbox::spawn_flusher(started.counter.clone());
            }
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(err) = result {
        tracing::error!(error = %err, "the app stopped with an error");
        eprintln!("dorixona: {err}");
        std::process::exit(1);
    }
}

/// Start-up as app state: the started app, or the error the UI will show.
async fn launch(os_default: Option<std::path::PathBuf>) -> AppState {
    let started = async {
        let data_dir = startup::data_dir(startup::env_value(startup::ENV_DATA_DIR), os_default)?;
        startup::start(
            &data_dir,
            startup::env_value(startup::ENV_ENDPOINT),
            startup::env_value(startup::ENV_ADAPTER),
        )
        .await
    };
    match started.await {
        Ok(started) => AppState::ready(started),
        Err(err) => {
            tracing::error!(error = %err, "start-up failed");
            AppState::failed(IpcError::from(err))
        }
    }
}

/// Logs to stderr; the filter comes from `RUST_LOG` (default `info`).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
