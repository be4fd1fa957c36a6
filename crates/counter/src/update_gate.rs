//! When an update of the app may be installed at this counter (decision 0023): the rules alone,
//! without the updater, so they are tested as plain functions.
//!
//! - Only a newer version is offered ([`compare`], semantic versions): the same version is "up
//!   to date" and an older one is refused, whatever the feed says.
//! - Only an administrator or a manager installs ([`may_install`]).
//! - Never in the middle of work without asking ([`decide`]): while a dispense is open (its
//!   prescriptions held), someone stepped away from their session at the lock screen, or the
//!   outbox holds dispenses not yet sent, installing is refused with the reasons ([`CounterBusy`]);
//!   the administrator or manager may then choose "install anyway" or "later".
//! - Before anything is installed, [`Counter::before_update`] runs (the backup hook).

use dmed_api::types::StaffRole;
use serde::Serialize;

use crate::error::CounterError;
use crate::Counter;

/// How the version a feed offers compares with the running one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum UpdateOffer {
    /// Newer: an update.
    Newer,
    /// The running version: nothing to do.
    Same,
    /// Older: a downgrade, refused.
    Older,
}

/// `running` and `offered` as semantic versions (a leading `v` allowed, as the updater allows
/// it): a pre-release is older than its release (`0.2.0-rc.1` < `0.2.0`); build metadata
/// (`+…`) does not make a version newer. `None` when either is not a version.
pub fn compare(running: &str, offered: &str) -> Option<UpdateOffer> {
    let parse = |v: &str| semver::Version::parse(v.trim().trim_start_matches('v')).ok();
    let (running, offered) = (parse(running)?, parse(offered)?);
    Some(match offered.cmp_precedence(&running) {
        std::cmp::Ordering::Greater => UpdateOffer::Newer,
        std::cmp::Ordering::Equal => UpdateOffer::Same,
        std::cmp::Ordering::Less => UpdateOffer::Older,
    })
}

/// Whether a member of staff with `role` may check for and install updates: administrators
/// (who set the device up) and managers (who answer for the pharmacy's counter).
pub fn may_install(role: StaffRole) -> bool {
    matches!(role, StaffRole::Administrator | StaffRole::Manager)
}

/// What is going on at the counter that an update would interrupt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CounterBusy {
    /// Prescriptions held by open dispense drafts of the signed-in person.
    pub open_dispenses: u32,
    /// People who stepped away from their session at the lock screen while someone else signed
    /// in: their screen, and any dispense on it, is kept for them.
    pub parked_sessions: u32,
    /// Dispenses and paper records in the outbox, not yet confirmed by the central system.
    pub outbox_pending: u32,
}

impl CounterBusy {
    /// Nothing would be interrupted.
    pub fn is_idle(&self) -> bool {
        self.reasons().is_empty()
    }

    /// The reasons, as `details.reasons` of `UPDATE_BUSY` names them.
    pub fn reasons(&self) -> Vec<&'static str> {
        let mut reasons = Vec::new();
        if self.open_dispenses > 0 {
            reasons.push("open_dispense");
        }
        if self.parked_sessions > 0 {
            reasons.push("parked_session");
        }
        if self.outbox_pending > 0 {
            reasons.push("outbox");
        }
        reasons
    }
}

/// Why an update is not installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The feed offers the running version or an older one.
    NotNewer(UpdateOffer),
    /// Work would be interrupted, and "install anyway" was not chosen.
    Busy(CounterBusy),
}

/// Whether an update may be installed now: only a [`UpdateOffer::Newer`] one, and while the counter
/// is [`CounterBusy`] only with `anyway` (the person was shown why and chose to go on). A downgrade is
/// refused even with `anyway`.
pub fn decide(offer: UpdateOffer, busy: CounterBusy, anyway: bool) -> Result<(), Refusal> {
    if offer != UpdateOffer::Newer {
        return Err(Refusal::NotNewer(offer));
    }
    if !busy.is_idle() && !anyway {
        return Err(Refusal::Busy(busy));
    }
    Ok(())
}

impl Counter {
    /// What an update would interrupt now ([`CounterBusy`]).
    pub async fn update_busy(&self) -> Result<CounterBusy, CounterError> {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let open_dispenses = count(self.inner.ends.held_prescriptions());
        let parked_sessions = count(self.lock_state().await.parked.len());
        let outbox_pending =
            u32::try_from(self.inner.store.outbox_summary()?.pending).unwrap_or(u32::MAX);
        Ok(CounterBusy {
            open_dispenses,
            parked_sessions,
            outbox_pending,
        })
    }

    /// Runs right before an update is installed, whether the counter was idle or the person
    /// chose "install anyway": an encrypted backup of the database to the configured folder
    /// (decision 0024), so an update that goes wrong can be rolled back without losing the day's
    /// work. An error (the folder not plugged in, no passphrase set) stops the install; with no
    /// folder set the update goes on, and the log says so.
    pub fn before_update(&self) -> Result<(), CounterError> {
        match self.backup_to_configured(crate::backup::BackupReason::BeforeUpdate)? {
            Some(info) => {
                tracing::info!(path = %info.path.display(), "backed up before the update")
            }
            None => tracing::warn!("no backup folder is set: the update goes on without a backup"),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDLE: CounterBusy = CounterBusy {
        open_dispenses: 0,
        parked_sessions: 0,
        outbox_pending: 0,
    };

    #[test]
    fn only_a_newer_semantic_version_is_an_update() {
        assert_eq!(compare("0.1.0", "0.2.0"), Some(UpdateOffer::Newer));
        assert_eq!(compare("0.1.0", "v0.1.1"), Some(UpdateOffer::Newer));
        assert_eq!(
            compare("0.9.0", "0.10.0"),
            Some(UpdateOffer::Newer),
            "not string order"
        );
        assert_eq!(compare("0.1.0", "0.1.0"), Some(UpdateOffer::Same));
        assert_eq!(compare("0.2.0", "0.1.9"), Some(UpdateOffer::Older));
        assert_eq!(
            compare("0.10.0", "0.9.0"),
            Some(UpdateOffer::Older),
            "not string order"
        );
        assert_eq!(compare("1.0.0", "0.99.99"), Some(UpdateOffer::Older));
    }

    #[test]
    fn a_pre_release_is_older_than_its_release_and_build_metadata_is_not_newer() {
        assert_eq!(compare("0.2.0", "0.2.0-rc.1"), Some(UpdateOffer::Older));
        assert_eq!(compare("0.2.0-rc.1", "0.2.0"), Some(UpdateOffer::Newer));
        assert_eq!(
            compare("0.2.0-rc.1", "0.2.0-rc.2"),
            Some(UpdateOffer::Newer)
        );
        assert_eq!(compare("0.2.0", "0.2.0+build.7"), Some(UpdateOffer::Same));
    }

    #[test]
    fn what_is_not_a_version_is_not_compared() {
        assert_eq!(compare("0.1.0", "latest"), None);
        assert_eq!(compare("0.1", "0.2.0"), None);
        assert_eq!(compare("0.1.0", ""), None);
    }

    #[test]
    fn administrators_and_managers_install_and_nobody_else() {
        assert!(may_install(StaffRole::Administrator));
        assert!(may_install(StaffRole::Manager));
        assert!(!may_install(StaffRole::Pharmacist));
        assert!(!may_install(StaffRole::Nurse));
        assert!(!may_install(StaffRole::Registrar));
    }

    #[test]
    fn a_newer_version_installs_at_once_on_an_idle_counter() {
        assert_eq!(decide(UpdateOffer::Newer, IDLE, false), Ok(()));
        assert_eq!(decide(UpdateOffer::Newer, IDLE, true), Ok(()));
    }

    #[test]
    fn the_same_or_an_older_version_is_refused_even_with_anyway() {
        for anyway in [false, true] {
            assert_eq!(
                decide(UpdateOffer::Same, IDLE, anyway),
                Err(Refusal::NotNewer(UpdateOffer::Same))
            );
            assert_eq!(
                decide(UpdateOffer::Older, IDLE, anyway),
                Err(Refusal::NotNewer(UpdateOffer::Older))
            );
        }
    }

    #[test]
    fn an_open_dispense_refuses_without_anyway_and_says_so() {
        let busy = CounterBusy {
            open_dispenses: 1,
            ..IDLE
        };
        assert_eq!(
            decide(UpdateOffer::Newer, busy, false),
            Err(Refusal::Busy(busy))
        );
        assert_eq!(busy.reasons(), vec!["open_dispense"]);
        assert_eq!(decide(UpdateOffer::Newer, busy, true), Ok(()));
    }

    #[test]
    fn unsent_work_in_the_outbox_refuses_without_anyway() {
        let busy = CounterBusy {
            outbox_pending: 3,
            ..IDLE
        };
        assert_eq!(
            decide(UpdateOffer::Newer, busy, false),
            Err(Refusal::Busy(busy))
        );
        assert_eq!(busy.reasons(), vec!["outbox"]);
        assert_eq!(decide(UpdateOffer::Newer, busy, true), Ok(()));
    }

    #[test]
    fn a_parked_session_refuses_without_anyway_and_every_reason_is_named() {
        let busy = CounterBusy {
            open_dispenses: 2,
            parked_sessions: 1,
            outbox_pending: 5,
        };
        assert!(!busy.is_idle());
        assert_eq!(
            busy.reasons(),
            vec!["open_dispense", "parked_session", "outbox"]
        );
        assert_eq!(
            decide(UpdateOffer::Newer, busy, false),
            Err(Refusal::Busy(busy))
        );
        // A downgrade is named as such first, busy or not.
        assert_eq!(
            decide(UpdateOffer::Older, busy, false),
            Err(Refusal::NotNewer(UpdateOffer::Older))
        );
        assert!(IDLE.is_idle());
        assert!(IDLE.reasons().is_empty());
    }
}
