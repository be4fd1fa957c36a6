//! Who may act: a revoked member of staff may neither sign in nor use a session, and the person
//! named as having handed medicine over must be staff of the pharmacy, in a dispensing role, and
//! not revoked at the moment of handing over (revoked later is fine: a dispense queued offline
//! before the revocation is still accepted).
//!
//! Every refusal is `403 FORBIDDEN` with `details.reason` (`dmed_api::error::forbidden_reason`):
//! `access_revoked` for the session's own member of staff; `not_staff_of_pharmacy`,
//! `role_cannot_dispense` or `dispenser_revoked` for the person a dispense names, so a client
//! can tell its session ending from a verdict on one dispense.
//!
//! The pharmacy system's own token (the OAuth client credentials grant of the FHIR face, no
//! member of staff behind it) may look prescriptions up, read their history, hold them and send
//! dispenses and paper records, each of which names the person who handed the medicine over
//! (checked as above); it may not withdraw a dispense, a judgement someone answers for by name
//! (`403 FORBIDDEN`, `details.reason` [`NEEDS_MEMBER_OF_STAFF`]), nor read the pharmacy's
//! dispense list, which is a manager's.

use crate::api_error::ApiError;
use dmed_api::types::StaffRole;
use dmed_api::ErrorCode;

pub use dmed_api::error::forbidden_reason::{
    ACCESS_REVOKED, DISPENSER_REVOKED, NOT_STAFF_OF_PHARMACY, ROLE_CANNOT_DISPENSE,
};

/// What the rules need to know about one login of a member of staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Membership {
    pub role: StaffRole,
    /// When access was revoked (unix seconds), if it was.
    pub revoked_at: Option<i64>,
}

/// The refusal of a revoked member's sign-in or session.
pub fn revoked() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "this member of staff's access was revoked; ask the pharmacy's administrator",
    )
    .with("reason", ACCESS_REVOKED)
}

/// `details.reason` of a refusal to the pharmacy system's own token of what a member of staff
/// must do.
pub const NEEDS_MEMBER_OF_STAFF: &str = "needs_member_of_staff";

/// Whether a session may withdraw a dispense: a member of staff's may, the pharmacy system's
/// own (`is_pharmacy_system`) may not.
pub fn check_may_withdraw(is_pharmacy_system: bool) -> Result<(), ApiError> {
    if is_pharmacy_system {
        return Err(refuse(
            "the pharmacy system's own token may not withdraw a dispense; a member of staff \
             signs in to withdraw it",
            NEEDS_MEMBER_OF_STAFF,
        ));
    }
    Ok(())
}

/// Whether a member of staff may sign in or use a session: not once revoked.
pub fn check_active(member: Membership) -> Result<(), ApiError> {
    match member.revoked_at {
        Some(_) => Err(revoked()),
        None => Ok(()),
    }
}

/// Whether the person holding `logins` at the pharmacy (every login found under their PINFL
/// there) may be named as having handed medicine over at `handed_over_at` (unix seconds).
/// One login that passes is enough; otherwise the refusal names the first rule that fails.
pub fn check_dispensing_pharmacist(
    logins: &[Membership],
    handed_over_at: i64,
) -> Result<(), ApiError> {
    if logins.is_empty() {
        return Err(refuse(
            "the dispensing pharmacist (pharmacist_pinfl) is not staff of this pharmacy",
            NOT_STAFF_OF_PHARMACY,
        ));
    }
    let dispensing: Vec<&Membership> = logins.iter().filter(|m| m.role.may_dispense()).collect();
    if dispensing.is_empty() {
        return Err(refuse(
            "the person named as dispensing pharmacist (pharmacist_pinfl) has a role that may \
             not hand medicine over; name a pharmacist or manager",
            ROLE_CANNOT_DISPENSE,
        ));
    }
    let active_then = dispensing
        .iter()
        .any(|m| m.revoked_at.is_none_or(|at| at > handed_over_at));
    if active_then {
        Ok(())
    } else {
        Err(refuse(
            "the dispensing pharmacist's access had been revoked when the medicine was handed \
             over (handed_over_at)",
            DISPENSER_REVOKED,
        ))
    }
}

fn refuse(message: &str, reason: &str) -> ApiError {
    ApiError::new(ErrorCode::Forbidden, message).with("reason", reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(role: StaffRole, revoked_at: Option<i64>) -> Membership {
        Membership { role, revoked_at }
    }

    fn reason(err: ApiError) -> String {
        assert_eq!(err.code, ErrorCode::Forbidden);
        err.details["reason"].as_str().unwrap().to_owned()
    }

    #[test]
    fn pharmacists_and_managers_may_be_named_as_dispensing() {
        for role in [StaffRole::Pharmacist, StaffRole::Manager] {
            assert!(check_dispensing_pharmacist(&[member(role, None)], 1_000).is_ok());
        }
    }

    #[test]
    fn nurses_registrars_and_administrators_may_not_dispense() {
        for role in [
            StaffRole::Nurse,
            StaffRole::Registrar,
            StaffRole::Administrator,
        ] {
            let err = check_dispensing_pharmacist(&[member(role, None)], 1_000).unwrap_err();
            assert_eq!(reason(err), ROLE_CANNOT_DISPENSE, "{role:?}");
        }
    }

    #[test]
    fn a_stranger_is_not_staff_of_the_pharmacy() {
        let err = check_dispensing_pharmacist(&[], 1_000).unwrap_err();
        assert_eq!(reason(err), NOT_STAFF_OF_PHARMACY);
    }

    #[test]
    fn revoked_before_or_at_handing_over_is_refused_and_revoked_later_is_accepted() {
        let at = |t| [member(StaffRole::Pharmacist, Some(t))];
        assert_eq!(
            reason(check_dispensing_pharmacist(&at(999), 1_000).unwrap_err()),
            DISPENSER_REVOKED
        );
        assert_eq!(
            reason(check_dispensing_pharmacist(&at(1_000), 1_000).unwrap_err()),
            DISPENSER_REVOKED
        );
        assert!(check_dispensing_pharmacist(&at(1_001), 1_000).is_ok());
    }

    #[test]
    fn one_login_that_may_dispense_is_enough() {
        let logins = [
            member(StaffRole::Administrator, None),
            member(StaffRole::Pharmacist, None),
        ];
        assert!(check_dispensing_pharmacist(&logins, 1_000).is_ok());
    }

    #[test]
    fn only_a_member_of_staff_may_withdraw() {
        assert!(check_may_withdraw(false).is_ok());
        assert_eq!(
            reason(check_may_withdraw(true).unwrap_err()),
            NEEDS_MEMBER_OF_STAFF
        );
    }

    #[test]
    fn a_revoked_member_may_not_sign_in() {
        assert!(check_active(member(StaffRole::Pharmacist, None)).is_ok());
        let err = check_active(member(StaffRole::Pharmacist, Some(5))).unwrap_err();
        assert_eq!(reason(err), ACCESS_REVOKED);
    }
}
