//! Whether the central system can be reached: the link state every request and the health probe
//! report into, and the monitor that probes `/v1/health` (every second while offline, every two
//! seconds while online, each probe bounded to one second) so the counter goes offline within
//! 3 s of the central system becoming unreachable and back online by itself.
//!
//! Exchanges overlap (the probe, the outbox, hold renewal, the pharmacist's lookup), so each
//! takes a [`Ticket`] when it starts and the newest-started exchange's outcome wins: an answer to
//! a request sent before the outage began does not bring the banner back online after a later
//! request has already found the central system gone.

use crate::error::CounterError;
use crate::store::timestamp;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::watch;

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

#[derive(Debug, Clone)]
struct LinkState {
    online: bool,
    since: OffsetDateTime,
    last_error: Option<String>,
    /// The ticket of the newest-started exchange whose outcome was applied.
    applied: u64,
}

/// The place of one exchange in the order exchanges started; taken by [`Link::begin`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ticket(u64);

/// The shared link state. Starts online (the first probe or request corrects it).
#[derive(Debug)]
pub struct Link {
    state: RwLock<LinkState>,
    changed: watch::Sender<bool>,
    monitored: AtomicBool,
    issued: AtomicU64,
}

impl Default for Link {
    fn default() -> Self {
        Link {
            state: RwLock::new(LinkState {
                online: true,
                since: OffsetDateTime::now_utc(),
                last_error: None,
                applied: 0,
            }),
            changed: watch::Sender::new(true),
            monitored: AtomicBool::new(false),
            issued: AtomicU64::new(0),
        }
    }
}

/// True for failures that mean the central system cannot be used now: nothing answered, no
/// answer in time, or it said it is unavailable.
pub fn means_offline(e: &CounterError) -> bool {
    matches!(
        e,
        CounterError::Network { .. }
            | CounterError::Timeout { .. }
            | CounterError::ServiceUnavailable { .. }
    )
}

impl Link {
    /// Marks the start of one exchange with the central system.
    pub fn begin(&self) -> Ticket {
        Ticket(self.issued.fetch_add(1, Ordering::SeqCst) + 1)
    }

    /// Reports the outcome of the exchange that took `ticket`. It is ignored when an exchange
    /// that started later has already reported: its news is fresher.
    pub fn report<T>(&self, ticket: Ticket, result: &Result<T, CounterError>) {
        match result {
            Ok(_) => self.set(ticket, true, None),
            Err(e) if means_offline(e) => self.set(ticket, false, Some(e.to_string())),
            // The central system answered (a verdict, an auth failure, a garbled answer).
            Err(CounterError::Rejected { .. }) => self.set(ticket, true, None),
            Err(_) => {}
        }
    }

    fn set(&self, ticket: Ticket, online: bool, error: Option<String>) {
        let Ok(mut s) = self.state.write() else {
            return;
        };
        if ticket.0 < s.applied {
            return;
        }
        s.applied = ticket.0;
        if s.online != online {
            s.online = online;
            s.since = OffsetDateTime::now_utc();
            tracing::info!(online, "connection to the central system changed");
            self.changed.send_replace(online);
        }
        if !online {
            s.last_error = error;
        } else {
            s.last_error = None;
        }
    }

    /// True unless the last exchange or probe failed.
    pub fn is_online(&self) -> bool {
        self.state.read().map(|s| s.online).unwrap_or(true)
    }

    /// True when the counter should not wait for the central system: offline while the monitor
    /// runs (without the monitor nobody would notice it coming back, so every call still tries).
    pub fn known_offline(&self) -> bool {
        self.monitored.load(Ordering::SeqCst) && !self.is_online()
    }

    /// Marks that a monitor keeps the state fresh.
    pub fn set_monitored(&self, on: bool) {
        self.monitored.store(on, Ordering::SeqCst);
    }

    /// The state for the banner.
    pub fn status(&self) -> ConnectionStatus {
        match self.state.read() {
            Ok(s) => ConnectionStatus {
                online: s.online,
                since: timestamp(s.since),
                last_error: s.last_error.clone(),
            },
            Err(_) => ConnectionStatus {
                online: true,
                since: timestamp(OffsetDateTime::now_utc()),
                last_error: None,
            },
        }
    }

    /// Changes of the online flag.
    pub fn subscribe(&self) -> watch::Receiver<bool> {
        self.changed.subscribe()
    }
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
            Err(_) => Err(CounterError::Timeout {
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

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::ErrorCode;

    #[test]
    fn transport_failures_flip_offline_and_any_answer_flips_back() {
        let link = Link::default();
        let mut rx = link.subscribe();
        assert!(link.is_online());
        link.report::<()>(
            link.begin(),
            &Err(CounterError::Timeout {
                reason: "slow".into(),
            }),
        );
        assert!(!link.is_online());
        assert!(rx.has_changed().unwrap());
        assert!(!*rx.borrow_and_update());
        let status = link.status();
        assert!(!status.online);
        assert!(status.last_error.unwrap().contains("slow"));
        // Not monitored: callers still try the network.
        assert!(!link.known_offline());
        link.set_monitored(true);
        assert!(link.known_offline());
        link.report::<()>(
            link.begin(),
            &Err(CounterError::rejected(ErrorCode::QuantityExceeded, "no")),
        );
        assert!(link.is_online());
        assert_eq!(link.status().last_error, None);
    }

    #[test]
    fn local_failures_do_not_change_the_state() {
        let link = Link::default();
        link.report::<()>(link.begin(), &Err(CounterError::NotSignedIn));
        assert!(link.is_online());
        link.report::<()>(
            link.begin(),
            &Err(CounterError::ServiceUnavailable {
                retry_after_secs: Some(5),
                details: Default::default(),
            }),
        );
        assert!(!link.is_online());
        link.report::<()>(link.begin(), &Err(CounterError::NotSignedIn));
        assert!(!link.is_online());
    }

    #[test]
    fn an_answer_to_a_request_sent_before_a_newer_failure_does_not_bring_the_link_back() {
        let link = Link::default();
        let before_outage = link.begin();
        let during_outage = link.begin();
        link.report::<()>(
            during_outage,
            &Err(CounterError::Network {
                reason: "connection closed".into(),
            }),
        );
        assert!(!link.is_online());
        link.report(before_outage, &Ok(()));
        assert!(!link.is_online(), "a stale success is ignored");
        link.report(link.begin(), &Ok(()));
        assert!(link.is_online(), "a fresh success brings it back");
    }
}
