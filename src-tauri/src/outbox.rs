//! Starts the counter's background work on Tauri's async runtime: the connection monitor, the
//! outbox worker (sends queued dispenses and paper records as soon as the central system is
//! reachable, with backoff) and the daily purge of cached prescriptions. They run until the app
//! exits.

use counter::Counter;

/// Spawns the background tasks of `counter`.
pub fn spawn_flusher(counter: Counter) {
    tauri::async_runtime::spawn(async move {
        counter.start_background().detach();
    });
}
