//! Build script: lets tauri-build read `tauri.conf.json`, the capabilities and the icons.

fn main() {
    tauri_build::build();
}
