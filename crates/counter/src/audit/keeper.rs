//! Keeps the chain's head outside the database without holding up the person at the counter:
//! writing to the keyring takes tens of milliseconds (the Secret Service saves its whole file),
//! so each new head is handed to one background thread that writes the newest it has been
//! given, skipping heads a newer one replaced. The verifier accepts a short tail of rows beyond
//! the kept head ([`super::chain::UNCONFIRMED_TAIL`]): the rows of the last moments before the
//! app stopped. Dropping the keeper writes what is still pending first.

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use super::chain::Head;
use super::HeadPlace;

#[derive(Default)]
struct State {
    pending: Option<Head>,
    writing: bool,
    stop: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

/// The background writer of one trail's head.
pub(crate) struct HeadKeeper {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for HeadKeeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeadKeeper").finish_non_exhaustive()
    }
}

impl HeadKeeper {
    /// Starts the writer of heads kept at `place`.
    pub fn start(place: HeadPlace) -> HeadKeeper {
        let shared = Arc::new(Shared::default());
        let s = shared.clone();
        let thread = std::thread::Builder::new()
            .name("audit-head".into())
            .spawn(move || run(&s, &place))
            .ok();
        HeadKeeper { shared, thread }
    }

    /// Hands over a new head (a newer one replaces one not written yet).
    pub fn keep(&self, head: Head) {
        if let Ok(mut st) = self.shared.state.lock() {
            if st.pending.as_ref().is_none_or(|p| p.len <= head.len) {
                st.pending = Some(head);
            }
            self.shared.changed.notify_all();
        }
    }

    /// Waits until every head handed over is written.
    pub fn flush(&self) {
        let Ok(mut st) = self.shared.state.lock() else {
            return;
        };
        while (st.pending.is_some() || st.writing) && self.thread.is_some() {
            st = match self.shared.changed.wait(st) {
                Ok(st) => st,
                Err(_) => return,
            };
        }
    }
}

impl Drop for HeadKeeper {
    fn drop(&mut self) {
        if let Ok(mut st) = self.shared.state.lock() {
            st.stop = true;
            self.shared.changed.notify_all();
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(shared: &Shared, place: &HeadPlace) {
    loop {
        let head = {
            let Ok(mut st) = shared.state.lock() else {
                return;
            };
            while st.pending.is_none() && !st.stop {
                st = match shared.changed.wait(st) {
                    Ok(st) => st,
                    Err(_) => return,
                };
            }
            match st.pending.take() {
                Some(h) => {
                    st.writing = true;
                    h
                }
                None => return, // stopping, nothing left
            }
        };
        if let Err(e) = place.write(&head) {
            tracing::error!(code = %e.code(), error = %e, "the audit trail's head could not be kept outside the database");
        }
        if let Ok(mut st) = shared.state.lock() {
            st.writing = false;
            shared.changed.notify_all();
        }
    }
}
