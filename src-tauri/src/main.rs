//! The `dorixona` desktop binary: a headless command ([`dorixona::cli`]), else the window
//! ([`dorixona::run`]) when there is a display to open it on ([`dorixona::display`]).

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Some(code) = dorixona::cli::headless(std::env::args_os()) {
        std::process::exit(code);
    }
    // Before GTK, WebKit or any thread starts: the web processes inherit it.
    dorixona::webview_memory::render_in_software();
    if let Err(code) = dorixona::display::ensure() {
        std::process::exit(code);
    }
    dorixona::display::explain_start_failure();
    dorixona::run();
}
