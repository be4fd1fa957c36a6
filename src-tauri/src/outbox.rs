//! Sends queued dispenses in the background: once right after start-up, then every half
//! minute while a pharmacist is signed in, so work recorded offline reaches the central API
//! as soon as it is reachable again.

use std::time::Duration;

use counter::Counter;

/// Pause between two attempts to empty the outbox.
pub const FLUSH_INTERVAL: Duration = Duration::from_secs(30);

/// Spawns the flusher on Tauri's async runtime. It runs until the app exits.
pub fn spawn_flusher(counter: Counter) {
    tauri::async_runtime::spawn(async move {
        loop {
            flush_once(&counter).await;
            tokio::time::sleep(FLUSH_INTERVAL).await;
        }
    });
}

/// One attempt; failures are logged, never raised (the rows stay in the outbox).
async fn flush_once(counter: &Counter) {
    if counter.session().is_none() {
        return;
    }
    match counter.flush_outbox().await {
        Ok(0) => {}
        Ok(sent) => tracing::info!(sent, "queued dispenses delivered"),
        Err(err) => tracing::debug!(code = %err.code(), error = %err, "outbox not flushed yet"),
    }
}
