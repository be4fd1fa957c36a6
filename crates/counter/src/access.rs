//! Who may do what at the counter. Every capability of the facade needs one [`Permission`], and
//! [`Permission::allows`] says which staff roles hold it; the facade checks it before acting
//! ([`crate::Counter::require`]), whatever the UI shows. The desktop shell's table of commands
//! (and `docs/roles.md`, rendered from it) names the permission of each command.
//!
//! The rules follow the Ministry's instruction on DMED: pharmacists dispense (a manager is a
//! pharmacist too); nurses and registrars look up and read but do not dispense; managers also
//! see reports, the conflict queue and the offline policy and may override paper mode; the
//! administrator sets up the device (central endpoint, camera) and sees no patient data.

use dmed_api::types::StaffRole;
use dmed_api::ErrorCode;
use serde::Serialize;

use crate::error::CounterError;
use crate::types::Session;

/// A capability of the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Anyone at the machine, signed in or not (the app's state, signing in).
    Anyone,
    /// Any signed-in member of staff (signing out, their own language, the connection).
    SignedIn,
    /// Looking prescriptions up and reading them: every role that serves patients.
    Read,
    /// Dispensing, withdrawing, holds, paper records, receipts: pharmacists and managers.
    Dispense,
    /// Reports, the conflict queue, the offline policy, the paper override: managers.
    Manage,
    /// The central endpoint and the device's settings: administrators.
    Administer,
}

/// Every role, in the order the documentation lists them.
pub const ROLES: [StaffRole; 5] = [
    StaffRole::Pharmacist,
    StaffRole::Manager,
    StaffRole::Nurse,
    StaffRole::Registrar,
    StaffRole::Administrator,
];

impl Permission {
    /// Every permission, weakest first.
    pub const ALL: [Permission; 6] = [
        Permission::Anyone,
        Permission::SignedIn,
        Permission::Read,
        Permission::Dispense,
        Permission::Manage,
        Permission::Administer,
    ];

    /// Whether a signed-in member of staff with `role` holds this permission.
    pub fn allows(self, role: StaffRole) -> bool {
        use StaffRole::*;
        match self {
            Permission::Anyone | Permission::SignedIn => true,
            Permission::Read => matches!(role, Pharmacist | Manager | Nurse | Registrar),
            Permission::Dispense => matches!(role, Pharmacist | Manager),
            Permission::Manage => role == Manager,
            Permission::Administer => role == Administrator,
        }
    }

    /// Whether this permission needs a session at all.
    pub fn needs_session(self) -> bool {
        self != Permission::Anyone
    }

    /// The permission's name as the documentation and error details give it.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Anyone => "anyone",
            Permission::SignedIn => "signed_in",
            Permission::Read => "read",
            Permission::Dispense => "dispense",
            Permission::Manage => "manage",
            Permission::Administer => "administer",
        }
    }

    /// Who holds it, in words (English, for the documentation and error messages).
    pub fn holders(self) -> &'static str {
        match self {
            Permission::Anyone => "anyone at the counter, signed in or not",
            Permission::SignedIn => "any signed-in member of staff",
            Permission::Read => "pharmacists, managers, nurses and registrars",
            Permission::Dispense => "pharmacists and managers",
            Permission::Manage => "managers",
            Permission::Administer => "administrators",
        }
    }
}

/// The wire name of a role (`pharmacist`, `manager` …).
pub fn role_name(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Pharmacist => "pharmacist",
        StaffRole::Manager => "manager",
        StaffRole::Nurse => "nurse",
        StaffRole::Registrar => "registrar",
        StaffRole::Administrator => "administrator",
    }
}

/// Checks `permission` for `session`: `NOT_SIGNED_IN` without one (when it needs one),
/// `FORBIDDEN` naming who may when the role does not hold it.
pub fn check(
    session: Option<&Session>,
    permission: Permission,
    what: &str,
) -> Result<(), CounterError> {
    if !permission.needs_session() {
        return Ok(());
    }
    let session = session.ok_or(CounterError::NotSignedIn)?;
    let role = session.pharmacist.role;
    if permission.allows(role) {
        return Ok(());
    }
    Err(forbidden(permission, role, what))
}

/// The `FORBIDDEN` error of a role that lacks `permission` for `what`.
pub fn forbidden(permission: Permission, role: StaffRole, what: &str) -> CounterError {
    let mut details = serde_json::Map::new();
    details.insert("permission".into(), permission.as_str().into());
    details.insert("role".into(), role_name(role).into());
    CounterError::rejected_with(
        ErrorCode::Forbidden,
        format!(
            "Only {} can {what}; you are signed in as a {}",
            permission.holders(),
            role_name(role)
        ),
        details,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::types::{Pharmacist, PharmacyInfo};
    use StaffRole::*;

    fn session(role: StaffRole) -> Session {
        Session {
            pharmacy: PharmacyInfo {
                pharmacy_id: "PH".into(),
                name: "Dorixona".into(),
                address: String::new(),
            },
            pharmacist: Pharmacist {
                pinfl: "30211975910033".into(),
                full_name: "A".into(),
                role,
            },
            expires_at: String::new(),
        }
    }

    #[test]
    fn nurses_and_registrars_read_but_do_not_dispense() {
        for role in [Nurse, Registrar] {
            assert!(Permission::Read.allows(role));
            assert!(!Permission::Dispense.allows(role));
            assert!(!Permission::Manage.allows(role));
        }
    }

    #[test]
    fn a_manager_is_a_pharmacist_too_but_not_an_administrator() {
        assert!(Permission::Dispense.allows(Manager));
        assert!(Permission::Manage.allows(Manager));
        assert!(!Permission::Manage.allows(Pharmacist));
        assert!(!Permission::Administer.allows(Manager));
    }

    #[test]
    fn the_administrator_sets_up_the_device_and_sees_no_patient() {
        assert!(Permission::Administer.allows(Administrator));
        for p in [Permission::Read, Permission::Dispense, Permission::Manage] {
            assert!(!p.allows(Administrator), "{p:?}");
        }
        assert!(!Permission::Administer.allows(Pharmacist));
    }

    #[test]
    fn without_a_session_only_anyone_passes() {
        assert!(check(None, Permission::Anyone, "x").is_ok());
        for p in &Permission::ALL[1..] {
            let e = check(None, *p, "x").unwrap_err();
            assert_eq!(e.code(), ErrorCode::NotSignedIn);
        }
    }

    #[test]
    fn a_refusal_names_who_may_and_the_role_used() {
        let e = check(Some(&session(Nurse)), Permission::Dispense, "dispense").unwrap_err();
        assert_eq!(e.code(), ErrorCode::Forbidden);
        assert_eq!(e.details()["permission"], "dispense");
        assert_eq!(e.details()["role"], "nurse");
        assert!(e
            .to_string()
            .contains("Only pharmacists and managers can dispense"));
        assert!(check(Some(&session(Pharmacist)), Permission::Dispense, "dispense").is_ok());
    }
}
