//! When the central system ends a session: a `401` (the token is unknown or ran out) or a `403`
//! that says the access was revoked. This module recognises such an answer, keeps why the
//! session ended for the window to say, tells the shell's listener at once, and keeps the holds
//! the session took so they are handed back: at sign-out with the user's own session, or, when
//! the session was ended for them, under the next valid session of the pharmacy.

use std::sync::{Arc, Mutex, RwLock};

use dmed_api::ErrorCode;
use serde::Serialize;
use uuid::Uuid;

use crate::error::CounterError;

use dmed_api::error::forbidden_reason;

/// `details.reason` of a `403` whose access was revoked.
pub const REASON_ACCESS_REVOKED: &str = forbidden_reason::ACCESS_REVOKED;

/// `details.reason`s of a `403` about the pharmacist a dispense names (not about the session
/// that sends it): the central system's verdict on that dispense.
pub const DISPENSER_REFUSALS: [&str; 3] = [
    forbidden_reason::NOT_STAFF_OF_PHARMACY,
    forbidden_reason::ROLE_CANNOT_DISPENSE,
    forbidden_reason::DISPENSER_REVOKED,
];

/// Whether `e` refuses the dispensing pharmacist a dispense names: a verdict on the dispense,
/// for the manager's conflict queue, not a reason to retry it or to end the session.
pub fn refuses_dispenser(e: &CounterError) -> bool {
    e.code() == ErrorCode::Forbidden
        && e.details()
            .get("reason")
            .and_then(|r| r.as_str())
            .is_some_and(|r| DISPENSER_REFUSALS.contains(&r))
}

/// Why the session ended without its user signing out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SessionEnd {
    /// `UNAUTHENTICATED` (signed out by the central system) or `FORBIDDEN` (access revoked).
    pub code: ErrorCode,
    /// `access_revoked`, `expired` or `unauthenticated`.
    pub reason: String,
    /// What to tell the user, in English (the window words it from `code` and `reason`).
    pub message: String,
    /// Whose session it was.
    pub pharmacist_name: String,
}

/// Whether `e`, answered to a call made under a session, ends that session.
pub fn ends_session(e: &CounterError) -> bool {
    match e.code() {
        ErrorCode::Unauthenticated => true,
        ErrorCode::Forbidden => revoked(e),
        _ => false,
    }
}

fn revoked(e: &CounterError) -> bool {
    e.details()
        .get("reason")
        .and_then(|r| r.as_str())
        .is_some_and(|r| r == REASON_ACCESS_REVOKED)
}

/// The [`SessionEnd`] of an error that [`ends_session`].
pub fn describe(e: &CounterError, pharmacist_name: &str) -> SessionEnd {
    let (reason, message) = if revoked(e) {
        (
            REASON_ACCESS_REVOKED,
            "Your access to DMED was revoked, so you are signed out. Dispenses you made are kept and sent; ask the pharmacy manager about your access.",
        )
    } else {
        (
            "unauthenticated",
            "The central system ended your session (it ran out or was closed), so you are signed out. Sign in again to go on.",
        )
    };
    SessionEnd {
        code: e.code(),
        reason: reason.to_owned(),
        message: message.to_owned(),
        pharmacist_name: pharmacist_name.to_owned(),
    }
}

/// A hold this counter took for an open dispense draft: which prescription, its id, and until
/// when it lives (on the central system's clock); `None` once it was handed back while its draft
/// waits for its pharmacist (the window locked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenHold {
    pub number: String,
    pub hold_id: Uuid,
    pub live_until: Option<time::OffsetDateTime>,
}

/// What the shell is told when a session ends.
pub type Listener = Arc<dyn Fn(&SessionEnd) + Send + Sync>;

/// The counter's memory of session ends and of the holds to hand back.
#[derive(Default)]
pub(crate) struct SessionWatch {
    last: RwLock<Option<SessionEnd>>,
    listener: RwLock<Option<Listener>>,
    /// Holds taken under the current session.
    held: Mutex<Vec<TakenHold>>,
    /// Holds of sessions that ended before they could hand them back.
    left: Mutex<Vec<TakenHold>>,
}

impl SessionWatch {
    pub fn set_listener(&self, listener: Listener) {
        if let Ok(mut slot) = self.listener.write() {
            *slot = Some(listener);
        }
    }

    /// The last session end, if the current state follows one.
    pub fn last(&self) -> Option<SessionEnd> {
        self.last.read().ok().and_then(|l| l.clone())
    }

    /// A new session began: the last end is history.
    pub fn clear(&self) {
        if let Ok(mut slot) = self.last.write() {
            *slot = None;
        }
    }

    /// Records an end, moves the session's holds to those left behind, and tells the listener.
    pub fn ended(&self, end: SessionEnd) {
        let held = self.take_held();
        if let Ok(mut left) = self.left.lock() {
            left.extend(held);
        }
        if let Ok(mut slot) = self.last.write() {
            *slot = Some(end.clone());
        }
        let listener = self.listener.read().ok().and_then(|l| l.clone());
        if let Some(listener) = listener {
            listener(&end);
        }
    }

    pub fn took(&self, hold: TakenHold) {
        if let Ok(mut held) = self.held.lock() {
            held.retain(|h| h.number != hold.number);
            held.push(hold);
        }
    }

    /// How many prescriptions the open dispense drafts of the current session hold (also those
    /// handed back while the window is locked, whose drafts wait): the update gate's count.
    pub fn held_prescriptions(&self) -> usize {
        self.held.lock().map(|h| h.len()).unwrap_or(0)
    }

    /// The prescription's hold is no longer this session's (handed back or used).
    pub fn gave_back(&self, number: &str) {
        if let Ok(mut held) = self.held.lock() {
            held.retain(|h| h.number != number);
        }
    }

    /// The live holds that run out by `before`.
    pub fn renewal_due(&self, before: time::OffsetDateTime) -> Vec<TakenHold> {
        self.held
            .lock()
            .map(|h| {
                h.iter()
                    .filter(|t| t.live_until.is_some_and(|u| u <= before))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The hold of `number` was renewed: its id (kept by the central system) and new end.
    pub fn renewed(&self, number: &str, hold_id: Uuid, until: time::OffsetDateTime) {
        if let Ok(mut held) = self.held.lock() {
            for h in held.iter_mut().filter(|h| h.number == number) {
                h.hold_id = hold_id;
                h.live_until = Some(until);
            }
        }
    }

    /// The live holds, marked handed back: their drafts stay (and take a hold again later).
    pub fn hand_back_live(&self) -> Vec<TakenHold> {
        self.held
            .lock()
            .map(|mut held| {
                let live: Vec<TakenHold> = held
                    .iter()
                    .filter(|h| h.live_until.is_some())
                    .cloned()
                    .collect();
                for h in held.iter_mut() {
                    h.live_until = None;
                }
                live
            })
            .unwrap_or_default()
    }

    pub fn take_held(&self) -> Vec<TakenHold> {
        self.held
            .lock()
            .map(|mut h| std::mem::take(&mut *h))
            .unwrap_or_default()
    }

    pub fn take_left(&self) -> Vec<TakenHold> {
        self.left
            .lock()
            .map(|mut h| std::mem::take(&mut *h))
            .unwrap_or_default()
    }

    /// Puts back holds that could not be handed back yet.
    pub fn still_left(&self, holds: Vec<TakenHold>) {
        if let Ok(mut left) = self.left.lock() {
            left.extend(holds);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn rejected(code: ErrorCode, reason: Option<&str>) -> CounterError {
        let mut details = serde_json::Map::new();
        if let Some(r) = reason {
            details.insert("reason".into(), r.into());
        }
        CounterError::rejected_with(code, "x", details)
    }

    #[test]
    fn a_401_and_a_revoking_403_end_the_session_and_other_403s_do_not() {
        assert!(ends_session(&rejected(ErrorCode::Unauthenticated, None)));
        assert!(ends_session(&rejected(
            ErrorCode::Forbidden,
            Some(REASON_ACCESS_REVOKED)
        )));
        assert!(!ends_session(&rejected(ErrorCode::Forbidden, None)));
        assert!(!ends_session(&rejected(
            ErrorCode::Forbidden,
            Some("role_cannot_dispense")
        )));
        assert!(!ends_session(&rejected(ErrorCode::QuantityExceeded, None)));
        assert!(!ends_session(&CounterError::Network {
            reason: "down".into()
        }));
    }

    #[test]
    fn a_refusal_of_the_dispensing_pharmacist_is_a_verdict_not_a_session_end() {
        for reason in DISPENSER_REFUSALS {
            let e = rejected(ErrorCode::Forbidden, Some(reason));
            assert!(refuses_dispenser(&e), "{reason}");
            assert!(!ends_session(&e), "{reason}");
        }
        assert!(!refuses_dispenser(&rejected(
            ErrorCode::Forbidden,
            Some(REASON_ACCESS_REVOKED)
        )));
    }

    #[test]
    fn a_revocation_is_described_as_such() {
        let end = describe(
            &rejected(ErrorCode::Forbidden, Some(REASON_ACCESS_REVOKED)),
            "Aziza",
        );
        assert_eq!(end.reason, REASON_ACCESS_REVOKED);
        assert!(end.message.contains("revoked"));
        assert_eq!(end.pharmacist_name, "Aziza");
        let end = describe(&rejected(ErrorCode::Unauthenticated, None), "Aziza");
        assert_eq!(end.reason, "unauthenticated");
    }

    #[test]
    fn an_end_leaves_the_sessions_holds_for_the_next_session_and_tells_the_listener() {
        let watch = SessionWatch::default();
        let told = Arc::new(AtomicUsize::new(0));
        let t = told.clone();
        watch.set_listener(Arc::new(move |_| {
            t.fetch_add(1, Ordering::SeqCst);
        }));
        let hold = |n: &str| TakenHold {
            live_until: None,
            number: n.into(),
            hold_id: Uuid::new_v4(),
        };
        watch.took(hold("A"));
        watch.took(hold("B"));
        watch.gave_back("B");
        watch.ended(describe(&rejected(ErrorCode::Unauthenticated, None), "x"));
        assert_eq!(told.load(Ordering::SeqCst), 1);
        assert!(watch.take_held().is_empty());
        let left = watch.take_left();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].number, "A");
        assert!(watch.last().is_some());
        watch.clear();
        assert!(watch.last().is_none());
    }
}
