//! Status and validity window: what the counter is told and whether a dispense may happen.

use crate::api_error::{ApiError, ApiResult};
use dmed_api::types::{ItemStatus, PrescriptionStatus};
use dmed_api::ErrorCode;
use time::Date;

/// The status reported on the wire: a still-dispensable prescription whose `valid_until` has
/// passed is reported `expired` (lazily, without rewriting storage).
pub fn effective_status(
    stored: PrescriptionStatus,
    valid_until: Date,
    today: Date,
) -> PrescriptionStatus {
    match stored {
        PrescriptionStatus::Active | PrescriptionStatus::PartiallyDispensed
            if valid_until < today =>
        {
            PrescriptionStatus::Expired
        }
        other => other,
    }
}

/// The item status reported on the wire: open items of an expired prescription are `expired`.
pub fn effective_item_status(stored: ItemStatus, rx_status: PrescriptionStatus) -> ItemStatus {
    match (stored, rx_status) {
        (ItemStatus::ToDispense | ItemStatus::Partial, PrescriptionStatus::Expired) => {
            ItemStatus::Expired
        }
        (other, _) => other,
    }
}

/// Whether a dispense may be recorded today, or the contract error saying why not.
pub fn check_dispensable(
    stored: PrescriptionStatus,
    valid_from: Date,
    valid_until: Date,
    today: Date,
) -> ApiResult<()> {
    match stored {
        PrescriptionStatus::Cancelled => {
            return Err(ApiError::new(
                ErrorCode::Cancelled,
                "the prescription was cancelled by the prescriber",
            ))
        }
        PrescriptionStatus::Completed => {
            return Err(ApiError::new(
                ErrorCode::AlreadyDispensed,
                "the prescription is already fully dispensed",
            ))
        }
        PrescriptionStatus::Expired => return Err(expired(valid_until)),
        PrescriptionStatus::Active | PrescriptionStatus::PartiallyDispensed => {}
    }
    if valid_until < today {
        return Err(expired(valid_until));
    }
    if today < valid_from {
        return Err(ApiError::new(
            ErrorCode::NotYetValid,
            format!("the prescription is valid from {valid_from}"),
        )
        .with("valid_from", valid_from.to_string()));
    }
    Ok(())
}

/// True when [`check_dispensable`] passes.
pub fn is_dispensable(
    stored: PrescriptionStatus,
    valid_from: Date,
    valid_until: Date,
    today: Date,
) -> bool {
    check_dispensable(stored, valid_from, valid_until, today).is_ok()
}

fn expired(valid_until: Date) -> ApiError {
    ApiError::new(
        ErrorCode::Expired,
        format!("the prescription was valid until {valid_until}"),
    )
    .with("valid_until", valid_until.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use PrescriptionStatus::*;

    const FROM: Date = date!(2026 - 03 - 01);
    const UNTIL: Date = date!(2026 - 03 - 10);

    fn code(stored: PrescriptionStatus, today: Date) -> Option<ErrorCode> {
        check_dispensable(stored, FROM, UNTIL, today)
            .err()
            .map(|e| e.code)
    }

    #[test]
    fn each_status_and_window_maps_to_its_code() {
        assert_eq!(code(Active, date!(2026 - 03 - 05)), None);
        assert_eq!(code(PartiallyDispensed, UNTIL), None);
        assert_eq!(code(Active, FROM), None);
        assert_eq!(code(Cancelled, FROM), Some(ErrorCode::Cancelled));
        assert_eq!(code(Completed, FROM), Some(ErrorCode::AlreadyDispensed));
        assert_eq!(code(Expired, FROM), Some(ErrorCode::Expired));
        assert_eq!(
            code(Active, date!(2026 - 03 - 11)),
            Some(ErrorCode::Expired)
        );
        assert_eq!(
            code(Active, date!(2026 - 02 - 28)),
            Some(ErrorCode::NotYetValid)
        );
    }

    #[test]
    fn cancelled_wins_over_an_expired_window() {
        assert_eq!(
            code(Cancelled, date!(2026 - 04 - 01)),
            Some(ErrorCode::Cancelled)
        );
    }

    #[test]
    fn expiry_is_reported_lazily_only_for_dispensable_ones() {
        let late = date!(2026 - 03 - 11);
        assert_eq!(effective_status(Active, UNTIL, late), Expired);
        assert_eq!(effective_status(PartiallyDispensed, UNTIL, late), Expired);
        assert_eq!(effective_status(Completed, UNTIL, late), Completed);
        assert_eq!(effective_status(Cancelled, UNTIL, late), Cancelled);
        assert_eq!(effective_status(Active, UNTIL, UNTIL), Active);
    }

    #[test]
    fn open_items_of_an_expired_prescription_are_expired() {
        assert_eq!(
            effective_item_status(ItemStatus::Partial, Expired),
            ItemStatus::Expired
        );
        assert_eq!(
            effective_item_status(ItemStatus::Dispensed, Expired),
            ItemStatus::Dispensed
        );
        assert_eq!(
            effective_item_status(ItemStatus::ToDispense, Active),
            ItemStatus::ToDispense
        );
    }
}
