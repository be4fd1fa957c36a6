//! The typed IPC surface: the list of commands, and the TypeScript bindings generated from it
//! into `ui/src/lib/backend/bindings.ts` (checked in; a test fails when it is out of date).

use std::path::{Path, PathBuf};

use specta_typescript::Typescript;
use tauri_specta::{collect_commands, collect_events, Builder};

use crate::commands;
use crate::commands_backup;
use crate::commands_catalog;
use crate::commands_doctor;
use crate::commands_history;
use crate::commands_lock;
use crate::commands_outage;
use crate::commands_print;
use crate::commands_reports;
use crate::commands_scan;
use crate::commands_setup;
use crate::update;

/// First lines of the generated file.
const HEADER: &str =
    "// Generated from the Rust commands in src-tauri by tauri-specta: do not edit.\n\
// Regenerate with: DORIXONA_WRITE_BINDINGS=1 cargo test -p dorixona bindings\n\
/* eslint-disable */";

/// The generated bindings' place in the repository.
pub fn bindings_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/backend/bindings.ts")
}

/// Every command, registered for the invoke handler and for the bindings.
pub fn builder() -> Builder<tauri::Wry> {
    // One TypeScript type per Rust type: what the UI receives (the serialize shape).
    Builder::<tauri::Wry>::new()
        .disable_serde_phases()
        .commands(collect_commands![
            commands::app_info,
            commands::sign_in,
            commands::current_session,
            commands::sign_out,
            commands_print::printers,
            commands_print::print_settings,
            commands_print::save_print_settings,
            commands_print::print_receipt,
            commands_print::print_report,
            commands_lock::lock_state,
            commands_lock::still_here,
            commands_lock::lock_counter,
            commands_lock::unlock,
            commands_lock::switch_user,
            commands_lock::save_lock_after,
            commands::lookup,
            commands::hold,
            commands::release_hold,
            commands::search_products,
            commands_catalog::find_products,
            commands::dispense,
            commands_history::prescription_history,
            commands_history::withdraw,
            commands_history::reprint_receipt,
            commands_history::reprint_withdrawal_slip,
            commands::get_settings,
            commands::save_settings,
            commands::user_language,
            commands::save_user_language,
            commands_reports::report,
            commands_reports::report_drill,
            commands_reports::export_report,
            commands_reports::receipt_pdf,
            commands_reports::withdrawal_slip_pdf,
            commands_reports::print_paper_log,
            commands_reports::open_document,
            commands_reports::audit_log,
            commands_outage::connection_status,
            commands_outage::outbox_status,
            commands_outage::send_now,
            commands_outage::get_cache_policy,
            commands_outage::save_cache_policy,
            commands_outage::record_paper,
            commands_outage::paper_log,
            commands_outage::conflicts,
            commands_outage::note_conflict,
            commands_outage::acknowledge_conflict,
            commands_scan::list_cameras,
            commands_scan::start_camera,
            commands_scan::stop_camera,
            commands_scan::camera_status,
            commands_scan::check_pack,
            commands_scan::scan_rendered,
            commands_scan::scan_latency,
            update::check_update,
            update::install_update,
            update::restart_after_update,
            commands_doctor::run_doctor,
            commands_backup::backup_status,
            commands_backup::save_backup_settings,
            commands_backup::set_backup_passphrase,
            commands_backup::backup_now,
            commands_setup::setup_printers,
            commands_setup::test_endpoint,
            commands_setup::finish_setup,
        ])
        .events(collect_events![
            crate::camera::ScanCode,
            crate::camera::CameraStatus,
            crate::camera::CameraPreview,
            crate::session_events::SessionEnded,
        ])
}

/// Why the bindings could not be written.
#[derive(Debug, thiserror::Error)]
#[error("the TypeScript bindings could not be exported to {path}: {source}")]
pub struct ExportError {
    path: PathBuf,
    #[source]
    source: Box<specta_typescript::Error>,
}

/// Writes the TypeScript bindings to `path`.
pub fn export(path: &Path) -> Result<(), ExportError> {
    builder()
        .export(Typescript::default().header(HEADER), path)
        .map_err(|source| ExportError {
            path: path.to_owned(),
            source: Box::new(source),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the bindings into a temporary file and compares them with the checked-in copy.
    #[test]
    fn bindings_are_up_to_date() {
        let tmp = tempfile::tempdir().unwrap();
        let fresh_path = tmp.path().join("bindings.ts");
        export(&fresh_path).unwrap();
        let fresh = std::fs::read_to_string(&fresh_path).unwrap();
        let target = bindings_path();
        if std::env::var_os("DORIXONA_WRITE_BINDINGS").is_some() {
            std::fs::write(&target, &fresh).unwrap();
            return;
        }
        let current = std::fs::read_to_string(&target).unwrap_or_default();
        assert!(
            current == fresh,
            "{} is out of date with the Rust commands.\nRegenerate it with:\n    DORIXONA_WRITE_BINDINGS=1 cargo test -p dorixona bindings\nand commit the result.",
            target.display()
        );
    }

    #[test]
    fn bindings_name_every_command_in_camel_case() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("bindings.ts");
        export(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        for name in [
            "appInfo",
            "signIn",
            "currentSession",
            "signOut",
            "lookup",
            "hold",
            "releaseHold",
            "searchProducts",
            "dispense",
            "getSettings",
            "saveSettings",
        ] {
            assert!(
                text.contains(&format!("\t{name}: (")),
                "missing command {name}"
            );
        }
        assert!(text.starts_with("// Generated from the Rust commands"));
    }
}
