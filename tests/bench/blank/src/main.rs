//! A blank Tauri 2 window (the baseline of tests/bench/package.sh).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running the blank window");
}
