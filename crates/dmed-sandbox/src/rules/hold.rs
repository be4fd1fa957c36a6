//! Holds: the exclusive, time-limited reservation of a prescription by one pharmacy.

use crate::api_error::{ApiError, ApiResult};
use dmed_api::ErrorCode;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

/// Minutes a hold lasts when the request names none.
pub const DEFAULT_MINUTES: u32 = 15;
/// Longest hold a pharmacy may ask for.
pub const MAX_MINUTES: u32 = 60;

/// A hold as stored, with the holder's name for error details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldState {
    pub hold_id: Uuid,
    pub pharmacy_id: String,
    pub pharmacy_name: String,
    pub expires_at: OffsetDateTime,
}

impl HoldState {
    /// True while the hold has not run out.
    pub fn is_live(&self, now: OffsetDateTime) -> bool {
        self.expires_at > now
    }
}

/// The hold, if it is still live at `now`.
pub fn live(hold: Option<HoldState>, now: OffsetDateTime) -> Option<HoldState> {
    hold.filter(|h| h.is_live(now))
}

/// The requested duration: default 15 minutes, 1..=60 allowed.
pub fn minutes(requested: Option<u32>) -> ApiResult<u32> {
    match requested.unwrap_or(DEFAULT_MINUTES) {
        m @ 1..=MAX_MINUTES => Ok(m),
        m => Err(ApiError::bad_request(format!(
            "a hold lasts 1 to {MAX_MINUTES} minutes, not {m}"
        ))
        .with("minutes", m)),
    }
}

/// Refuses when another pharmacy holds the prescription (details name the holder and expiry).
pub fn check_not_held_by_other(live: Option<&HoldState>, pharmacy_id: &str) -> ApiResult<()> {
    match live {
        Some(h) if h.pharmacy_id != pharmacy_id => {
            let expires_at = h.expires_at.format(&Rfc3339).unwrap_or_default();
            Err(ApiError::new(
                ErrorCode::HeldByOtherPharmacy,
                format!("held by {} until {expires_at}", h.pharmacy_name),
            )
            .with(
                "holder",
                serde_json::json!({ "pharmacy_id": h.pharmacy_id, "name": h.pharmacy_name }),
            )
            .with("expires_at", expires_at))
        }
        _ => Ok(()),
    }
}

/// When a dispense names a hold, it must be this pharmacy's live hold.
pub fn check_named_hold(
    live: Option<&HoldState>,
    pharmacy_id: &str,
    named: Option<Uuid>,
) -> ApiResult<()> {
    let Some(named) = named else { return Ok(()) };
    match live {
        Some(h) if h.hold_id == named && h.pharmacy_id == pharmacy_id => Ok(()),
        _ => Err(hold_expired(named)),
    }
}

/// `409 HOLD_EXPIRED` for a hold that is unknown or has run out.
pub fn hold_expired(hold_id: Uuid) -> ApiError {
    ApiError::new(ErrorCode::HoldExpired, "the hold is unknown or has run out")
        .with("hold_id", hold_id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn hold(pharmacy: &str) -> HoldState {
        HoldState {
            hold_id: Uuid::from_u128(7),
            pharmacy_id: pharmacy.into(),
            pharmacy_name: format!("Dorixona {pharmacy}"),
            expires_at: datetime!(2026-03-01 10:15 UTC),
        }
    }

    #[test]
    fn a_hold_runs_out_at_its_expiry() {
        let h = hold("PH-0001");
        assert!(live(Some(h.clone()), datetime!(2026-03-01 10:14:59 UTC)).is_some());
        assert!(live(Some(h), datetime!(2026-03-01 10:15 UTC)).is_none());
    }

    #[test]
    fn minutes_default_and_range() {
        assert_eq!(minutes(None).unwrap(), 15);
        assert_eq!(minutes(Some(60)).unwrap(), 60);
        assert_eq!(minutes(Some(0)).unwrap_err().code, ErrorCode::BadRequest);
        assert_eq!(minutes(Some(61)).unwrap_err().code, ErrorCode::BadRequest);
    }

    #[test]
    fn another_pharmacy_hold_names_holder_and_expiry() {
        let h = hold("PH-0002");
        let err = check_not_held_by_other(Some(&h), "PH-0001").unwrap_err();
        assert_eq!(err.code, ErrorCode::HeldByOtherPharmacy);
        assert_eq!(err.details["holder"]["pharmacy_id"], "PH-0002");
        assert_eq!(err.details["holder"]["name"], "Dorixona PH-0002");
        assert_eq!(err.details["expires_at"], "2026-03-01T10:15:00Z");
        assert!(check_not_held_by_other(Some(&h), "PH-0002").is_ok());
        assert!(check_not_held_by_other(None, "PH-0001").is_ok());
    }

    #[test]
    fn a_named_hold_must_be_our_live_one() {
        let h = hold("PH-0001");
        let ours = Some(h.hold_id);
        assert!(check_named_hold(Some(&h), "PH-0001", ours).is_ok());
        assert!(check_named_hold(Some(&h), "PH-0001", None).is_ok());
        assert!(check_named_hold(None, "PH-0001", None).is_ok());
        for (live, pharmacy, named) in [
            (None, "PH-0001", ours),
            (Some(&h), "PH-0002", ours),
            (Some(&h), "PH-0001", Some(Uuid::from_u128(8))),
        ] {
            let err = check_named_hold(live, pharmacy, named).unwrap_err();
            assert_eq!(err.code, ErrorCode::HoldExpired);
        }
    }
}
