//! A commit that can be called off: the writer commits only while the gate is open, and whoever
//! closes it learns for certain whether the write happened. The dispense uses it to answer the
//! UI within its bound with either "recorded" or "not recorded, and never will be".

use crate::error::CounterError;
use std::sync::Mutex;

/// Where a gated write stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GateState {
    /// Nothing committed yet; the write may still happen.
    Open,
    /// The write committed; the label says what was written (e.g. the dispense id).
    Committed(String),
    /// Called off: the write did not happen and will not.
    Closed,
}

/// The gate between a transaction and its commit. The commit and [`CommitGate::close`] take
/// the same lock, so they cannot interleave.
#[derive(Debug)]
pub struct CommitGate {
    state: Mutex<GateState>,
}

impl Default for CommitGate {
    fn default() -> Self {
        CommitGate {
            state: Mutex::new(GateState::Open),
        }
    }
}

impl CommitGate {
    fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        // A panic while holding the lock cannot leave the state half-changed (it is one
        // assignment after the commit), so a poisoned lock is still right.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `commit` while the gate is open and marks it committed with `label` if `commit`
    /// succeeds. `called_off` is returned, without running `commit`, once the gate is closed.
    pub fn commit_with<T>(
        &self,
        label: &str,
        commit: impl FnOnce() -> Result<T, CounterError>,
        called_off: impl FnOnce() -> CounterError,
    ) -> Result<T, CounterError> {
        let mut state = self.lock();
        if *state != GateState::Open {
            return Err(called_off());
        }
        let done = commit()?;
        *state = GateState::Committed(label.to_owned());
        Ok(done)
    }

    /// Closes the gate unless the write already committed; returns where it stands now
    /// (`Committed` or `Closed`).
    pub fn close(&self) -> GateState {
        let mut state = self.lock();
        if *state == GateState::Open {
            *state = GateState::Closed;
        }
        state.clone()
    }

    /// Where the write stands, without changing anything.
    pub fn state(&self) -> GateState {
        self.lock().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn off() -> CounterError {
        CounterError::DispenseNotRecorded {
            reason: "test".into(),
        }
    }

    #[test]
    fn a_commit_before_closing_is_reported_as_committed() {
        let gate = CommitGate::default();
        assert_eq!(gate.commit_with("d1", || Ok(7), off).unwrap(), 7);
        assert_eq!(gate.close(), GateState::Committed("d1".into()));
        assert_eq!(gate.state(), GateState::Committed("d1".into()));
    }

    #[test]
    fn once_closed_the_commit_does_not_run() {
        let gate = CommitGate::default();
        assert_eq!(gate.close(), GateState::Closed);
        let mut ran = false;
        let err = gate
            .commit_with(
                "d1",
                || {
                    ran = true;
                    Ok(())
                },
                off,
            )
            .unwrap_err();
        assert!(!ran);
        assert_eq!(err.code(), dmed_api::ErrorCode::DispenseNotRecorded);
        assert_eq!(gate.state(), GateState::Closed);
    }

    #[test]
    fn a_failed_commit_leaves_the_gate_open() {
        let gate = CommitGate::default();
        let err = gate
            .commit_with("d1", || Err::<(), _>(CounterError::NotSignedIn), off)
            .unwrap_err();
        assert_eq!(err.code(), dmed_api::ErrorCode::NotSignedIn);
        assert_eq!(gate.close(), GateState::Closed);
    }

    #[test]
    fn closing_waits_for_a_commit_in_progress() {
        use std::sync::{mpsc, Arc};
        use std::time::Duration;
        let gate = Arc::new(CommitGate::default());
        let g = gate.clone();
        let (entered, wait_entered) = mpsc::channel();
        let writer = std::thread::spawn(move || {
            g.commit_with(
                "d1",
                || {
                    entered.send(()).ok();
                    std::thread::sleep(Duration::from_millis(200));
                    Ok(())
                },
                off,
            )
        });
        wait_entered.recv().unwrap();
        assert_eq!(gate.close(), GateState::Committed("d1".into()));
        writer.join().unwrap().unwrap();
    }
}
