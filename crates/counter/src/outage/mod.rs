//! Working through outages: the connection monitor, the outbox worker, the cache policy, paper
//! records and the manager's conflict queue.
//!
//! - [`connectivity`]: the link state (online/offline, since when) and the health monitor;
//! - [`backoff`]: when a failed row is tried again;
//! - [`worker`]: the tokio task that drains the outbox;
//! - [`cache`]: retention of looked-up prescriptions and the offline-dispensing rule;
//! - [`paper`]: the rules of a paper record;
//! - [`types`]: what the facade hands to the UI;
//! - `facade`: the `Counter` methods of all of the above.

pub mod backoff;
pub mod cache;
pub mod connectivity;
mod facade;
pub mod paper;
pub mod types;
pub mod worker;

pub use cache::{CachePolicy, OfflineDispense};
pub use central::Link;
pub use connectivity::ConnectionStatus;
pub use facade::BackgroundTasks;
pub use types::{Conflict, OutboxStatus, PaperDraft, PaperLine, PaperLogEntry, PaperReceipt};

use std::sync::Arc;

/// The outage state a counter carries.
#[derive(Debug, Default)]
pub(crate) struct OutageState {
    pub(crate) worker: Arc<worker::WorkerState>,
}
