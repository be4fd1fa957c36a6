//! The `dorixona` desktop binary: everything happens in [`dorixona::run`].

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Some(code) = dorixona::cli::headless(std::env::args_os()) {
        std::process::exit(code);
    }
    dorixona::run();
}
