//! Whether there is a display to open the window on. Without one (a remote shell, a service,
//! an install script), GTK cannot start and would panic with a backtrace; instead the app says
//! so in the user's language, points at the commands that need no display, and exits 1.

use crate::cli::text::{self, Msg};

/// The message and exit code when the window cannot be opened for want of a display.
fn refuse() -> i32 {
    let lang = text::language(&[]);
    eprintln!("dorixona: {}", Msg::new("no-display").text(lang));
    1
}

/// `Err(exit code)` when no display is named at all (on the systems where the window needs
/// X11 or Wayland), after saying so.
pub fn ensure() -> Result<(), i32> {
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return Ok(());
    }
    let named = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if named("DISPLAY") || named("WAYLAND_DISPLAY") {
        Ok(())
    } else {
        Err(refuse())
    }
}

/// Turns the GUI toolkit's panic at start-up (a display named but not reachable) into the same
/// message and exit code; any other panic goes to the default hook.
pub fn explain_start_failure() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if payload.contains("Failed to initialize gtk") || payload.contains("cannot open display") {
            std::process::exit(refuse());
        }
        default(info);
    }));
}
