//! Keeps the window's web engine small (decision 0026). On Linux, WebKitGTK composites the page
//! in layers, each with its own backing store; without a GPU, and with the integrated graphics
//! of a counter PC, those stores sit in the web process's memory: about 90 MB for this window,
//! more than the rest of the app. The app's pages are forms and tables without animation, so
//! they are drawn without compositing, in one pass into the window. This is also the known cure
//! for a blank or flickering window on some graphics drivers.

/// The variable WebKitGTK reads at start-up to draw without compositing.
pub const COMPOSITING_VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Asks WebKitGTK (Linux) to draw without compositing, unless the environment already says
/// either way: an installer can set `WEBKIT_DISABLE_COMPOSITING_MODE=0` to turn compositing
/// back on. Call before the window is made and before any other thread starts, as it sets an
/// environment variable the web processes inherit.
pub fn render_in_software() {
    if cfg!(target_os = "linux") && std::env::var_os(COMPOSITING_VAR).is_none() {
        std::env::set_var(COMPOSITING_VAR, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // nextest runs each test in its own process, so the environment is this test's own.
    #[test]
    fn compositing_is_turned_off_unless_the_environment_already_chose() {
        std::env::remove_var(COMPOSITING_VAR);
        render_in_software();
        let want = if cfg!(target_os = "linux") {
            Some("1")
        } else {
            None
        };
        assert_eq!(std::env::var(COMPOSITING_VAR).ok().as_deref(), want);

        std::env::set_var(COMPOSITING_VAR, "0");
        render_in_software();
        assert_eq!(std::env::var(COMPOSITING_VAR).unwrap(), "0");
    }
}
