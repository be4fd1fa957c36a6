//! Whether the central system can be reached, as the window shows it, and the monitor that
//! probes its health (every second while offline, every two seconds while online, each probe
//! bounded to one second) so the counter goes offline within 3 s of the central system becoming
//! unreachable and back online by itself. The link state itself, which every exchange reports
//! into, is [`central::Link`].

use crate::store::timestamp;
use central::{CentralError, Link};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Pause between probes while offline.
pub const PROBE_OFFLINE: Duration = Duration::from_secs(1);
/// Pause between probes while online.
pub const PROBE_ONLINE: Duration = Duration::from_secs(2);
/// The longest a probe may take.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(1);

/// The connection as the UI banner shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConnectionStatus {
    pub online: bool,
    /// RFC 3339: when the current state began.
    pub since: String,
    /// What the last failure was (English), while offline.
    pub last_error: Option<String>,
}

/// Probes the central system's health forever (until the task is aborted).
pub(crate) async fn monitor(inner: std::sync::Arc<crate::Inner>) {
    let link = inner.client.link();
    link.set_monitored(true);
    loop {
        let ticket = link.begin();
        let probe = tokio::time::timeout(PROBE_TIMEOUT, inner.client.health()).await;
        let result = match probe {
            Ok(r) => r.map(|_| ()),
            Err(_) => Err(CentralError::Timeout {
                reason: format!(
                    "the health check took longer than {} ms",
                    PROBE_TIMEOUT.as_millis()
                ),
            }),
        };
        link.report(ticket, &result);
        let pause = if link.is_online() {
            PROBE_ONLINE
        } else {
            PROBE_OFFLINE
        };
        tokio::time::sleep(pause).await;
    }
}

impl ConnectionStatus {
    /// The banner's view of `link`.
    pub fn of(link: &Link) -> Self {
        let s = link.status();
        ConnectionStatus {
            online: s.online,
            since: timestamp(s.since),
            last_error: s.last_error,
        }
    }
}
