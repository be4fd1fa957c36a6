//! The link with the central system: online or not, since when, and the last failure. Every
//! exchange reports into it, and the counter's health probe too.
//!
//! Exchanges overlap (the probe, the outbox, hold renewal, the pharmacist's lookup), so each
//! takes a [`Ticket`] when it starts and the newest-started exchange's outcome wins: an answer to
//! a request sent before the outage began does not bring the banner back online after a later
//! request has already found the central system gone.

use crate::CentralError;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::RwLock;
use time::OffsetDateTime;
use tokio::sync::watch;

/// The link state at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkStatus {
    pub online: bool,
    /// When the current state began.
    pub since: OffsetDateTime,
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

impl Link {
    /// Marks the start of one exchange with the central system.
    pub fn begin(&self) -> Ticket {
        Ticket(self.issued.fetch_add(1, Ordering::SeqCst) + 1)
    }

    /// Reports the outcome of the exchange that took `ticket`. It is ignored when an exchange
    /// that started later has already reported: its news is fresher.
    pub fn report<T>(&self, ticket: Ticket, result: &Result<T, CentralError>) {
        match result {
            Ok(_) => self.set(ticket, true, None),
            Err(e) if e.means_offline() => self.set(ticket, false, Some(e.to_string())),
            // The central system answered (a verdict, an auth failure).
            Err(CentralError::Rejected { .. }) => self.set(ticket, true, None),
            // An unreadable answer, an operation not offered, a bad endpoint: no news.
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

    /// The state now.
    pub fn status(&self) -> LinkStatus {
        match self.state.read() {
            Ok(s) => LinkStatus {
                online: s.online,
                since: s.since,
                last_error: s.last_error.clone(),
            },
            Err(_) => LinkStatus {
                online: true,
                since: OffsetDateTime::now_utc(),
                last_error: None,
            },
        }
    }

    /// Changes of the online flag.
    pub fn subscribe(&self) -> watch::Receiver<bool> {
        self.changed.subscribe()
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
            &Err(CentralError::Timeout {
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
            &Err(CentralError::rejected(ErrorCode::QuantityExceeded, "no")),
        );
        assert!(link.is_online());
        assert_eq!(link.status().last_error, None);
    }

    #[test]
    fn failures_without_news_of_the_link_do_not_change_the_state() {
        let link = Link::default();
        let no_news = CentralError::NotOffered(crate::Operation::Hold);
        link.report::<()>(link.begin(), &Err(no_news.clone()));
        assert!(link.is_online());
        link.report::<()>(
            link.begin(),
            &Err(CentralError::ServiceUnavailable {
                retry_after_secs: Some(5),
                details: Default::default(),
            }),
        );
        assert!(!link.is_online());
        link.report::<()>(link.begin(), &Err(no_news));
        assert!(!link.is_online());
    }

    #[test]
    fn an_answer_to_a_request_sent_before_a_newer_failure_does_not_bring_the_link_back() {
        let link = Link::default();
        let before_outage = link.begin();
        let during_outage = link.begin();
        link.report::<()>(
            during_outage,
            &Err(CentralError::Network {
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
