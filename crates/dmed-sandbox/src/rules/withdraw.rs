//! Withdrawing a recorded dispense: only the newest live dispense of a prescription, by the
//! pharmacy that recorded it, within 24 hours of recording.

use crate::api_error::{ApiError, ApiResult};
use dmed_api::types::DispenseStatus;
use dmed_api::ErrorCode;
use time::{Duration, OffsetDateTime};

/// How long after recording a dispense may be withdrawn.
pub const WINDOW: Duration = Duration::hours(24);

/// What the rule needs to know about the dispense to withdraw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawFacts {
    pub status: DispenseStatus,
    pub pharmacy_id: String,
    pub recorded_at: OffsetDateTime,
    /// True when no later non-withdrawn dispense of the same prescription exists.
    pub is_newest: bool,
}

/// Whether `pharmacy_id` may withdraw the dispense at `now`.
pub fn check(facts: &WithdrawFacts, pharmacy_id: &str, now: OffsetDateTime) -> ApiResult<()> {
    let refuse = |why: &str, reason: &str| {
        Err(ApiError::new(ErrorCode::WithdrawNotAllowed, why).with("reason", reason))
    };
    if facts.status == DispenseStatus::Withdrawn {
        return refuse("the dispense is already withdrawn", "already_withdrawn");
    }
    if facts.pharmacy_id != pharmacy_id {
        return refuse(
            "only the pharmacy that recorded the dispense may withdraw it",
            "other_pharmacy",
        );
    }
    if now - facts.recorded_at > WINDOW {
        return refuse(
            "a dispense may be withdrawn only within 24 hours of recording",
            "too_late",
        );
    }
    if !facts.is_newest {
        return refuse(
            "only the newest dispense of a prescription may be withdrawn",
            "not_newest",
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn facts() -> WithdrawFacts {
        WithdrawFacts {
            status: DispenseStatus::Completed,
            pharmacy_id: "PH-0001".into(),
            recorded_at: datetime!(2026-03-01 10:00 UTC),
            is_newest: true,
        }
    }

    fn reason(f: &WithdrawFacts, pharmacy: &str, now: OffsetDateTime) -> Option<String> {
        check(f, pharmacy, now)
            .err()
            .map(|e| e.details["reason"].as_str().unwrap_or_default().to_owned())
    }

    #[test]
    fn the_newest_own_dispense_within_a_day_may_be_withdrawn() {
        assert_eq!(
            reason(&facts(), "PH-0001", datetime!(2026-03-02 10:00 UTC)),
            None
        );
    }

    #[test]
    fn the_window_closes_after_24_hours() {
        assert_eq!(
            reason(&facts(), "PH-0001", datetime!(2026-03-02 10:00:01 UTC)).as_deref(),
            Some("too_late")
        );
    }

    #[test]
    fn other_pharmacy_older_dispense_and_withdrawn_ones_are_refused() {
        let now = datetime!(2026-03-01 11:00 UTC);
        assert_eq!(
            reason(&facts(), "PH-0002", now).as_deref(),
            Some("other_pharmacy")
        );
        let older = WithdrawFacts {
            is_newest: false,
            ..facts()
        };
        assert_eq!(
            reason(&older, "PH-0001", now).as_deref(),
            Some("not_newest")
        );
        let gone = WithdrawFacts {
            status: DispenseStatus::Withdrawn,
            ..facts()
        };
        assert_eq!(
            reason(&gone, "PH-0001", now).as_deref(),
            Some("already_withdrawn")
        );
        let err = check(&gone, "PH-0001", now).unwrap_err();
        assert_eq!(err.code, ErrorCode::WithdrawNotAllowed);
    }
}
