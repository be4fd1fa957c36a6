//! Withdrawing a dispense recorded by mistake: the newest dispense of a prescription, by this
//! pharmacy, within 24 hours, with a reason from a list and free text. It is sent at once when
//! the central system answers; otherwise it waits in the outbox behind the dispense it
//! withdraws (same queue, later row), never before it. Reports count a withdrawn dispense from
//! the moment it was asked; a queued withdrawal the central system refuses makes the dispense
//! count again and opens a conflict for the manager.

use dmed_api::types::WithdrawRequest;
use dmed_api::{ErrorCode, RxNumber};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::Permission;
use crate::audit::AuditAction;
use crate::error::CounterError;
use crate::store::{timestamp, DispenseRow};
use crate::types::DeliveryState;
use crate::Counter;

/// How long after it was recorded a dispense may be withdrawn.
pub const WITHDRAW_WITHIN: time::Duration = time::Duration::hours(24);
/// The longest free text of a reason.
pub const REASON_TEXT_MAX: usize = 500;

/// Why a dispense is withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum WithdrawReason {
    /// Recorded by mistake: nothing was handed over.
    RecordedByMistake,
    /// Another product was handed over than the one recorded.
    WrongProduct,
    /// Another quantity was handed over than the one recorded.
    WrongQuantity,
    /// Recorded on the wrong patient's prescription.
    WrongPrescription,
    /// The patient gave the medicine back at once, unopened.
    ReturnedAtOnce,
    /// Something else, said in the text.
    Other,
}

impl WithdrawReason {
    /// The wire name (`recorded_by_mistake` …).
    pub fn as_str(self) -> &'static str {
        match self {
            WithdrawReason::RecordedByMistake => "recorded_by_mistake",
            WithdrawReason::WrongProduct => "wrong_product",
            WithdrawReason::WrongQuantity => "wrong_quantity",
            WithdrawReason::WrongPrescription => "wrong_prescription",
            WithdrawReason::ReturnedAtOnce => "returned_at_once",
            WithdrawReason::Other => "other",
        }
    }
}

/// What became of a withdrawal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WithdrawOutcome {
    pub dispense_id: String,
    /// `delivered`: the central system recorded it; `queued`: it waits behind the dispense.
    pub state: DeliveryState,
}

/// The queued message of a withdrawal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct QueuedWithdrawal {
    pub request: WithdrawRequest,
    pub idempotency_key: Uuid,
}

fn not_allowed(why: &str, message: String) -> CounterError {
    let mut details = serde_json::Map::new();
    details.insert("reason".into(), why.into());
    CounterError::rejected_with(ErrorCode::WithdrawNotAllowed, message, details)
}

/// The reason as sent: its code, and the text after it.
pub fn wire_reason(reason: WithdrawReason, text: Option<&str>) -> Result<String, CounterError> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    let bad = |m: &str| {
        let mut d = serde_json::Map::new();
        d.insert("field".into(), "text".into());
        CounterError::rejected_with(ErrorCode::BadRequest, m, d)
    };
    match text {
        None if reason == WithdrawReason::Other => Err(bad("Say why the dispense is withdrawn")),
        Some(t) if t.chars().count() > REASON_TEXT_MAX => Err(bad(&format!(
            "The reason may be at most {REASON_TEXT_MAX} characters"
        ))),
        Some(t) => Ok(format!("{}: {t}", reason.as_str())),
        None => Ok(reason.as_str().to_owned()),
    }
}

/// The local checks of a withdrawal of `row` among `all` the dispenses of its prescription
/// held here, at `now`, by pharmacy `pharmacy_id`.
pub fn check_local(
    row: &DispenseRow,
    all: &[DispenseRow],
    pharmacy_id: &str,
    now: OffsetDateTime,
) -> Result<(), CounterError> {
    if row.pharmacy_id != pharmacy_id {
        return Err(not_allowed(
            "other_pharmacy",
            "Only the pharmacy that made a dispense can withdraw it".into(),
        ));
    }
    if row.state == "rejected" {
        return Err(not_allowed(
            "rejected",
            "This dispense was refused by the central system: there is nothing to withdraw".into(),
        ));
    }
    if row.withdrawn_at.is_some() {
        return Err(not_allowed(
            "already_withdrawn",
            "This dispense is withdrawn already".into(),
        ));
    }
    let newer = all.iter().any(|d| {
        d.dispense_id != row.dispense_id
            && d.state != "rejected"
            && d.withdrawn_at.is_none()
            && (d.created_at.as_str(), d.dispense_id.as_str())
                > (row.created_at.as_str(), row.dispense_id.as_str())
    });
    if newer {
        return Err(not_allowed(
            "not_newest",
            "Only the newest dispense of a prescription can be withdrawn; withdraw the newer one first".into(),
        ));
    }
    let made = OffsetDateTime::parse(
        &row.created_at,
        &time::format_description::well_known::Rfc3339,
    )
    .map_err(|e| CounterError::Protocol {
        reason: format!("dispense {} has a bad time ({e})", row.dispense_id),
    })?;
    if now - made > WITHDRAW_WITHIN {
        return Err(not_allowed(
            "too_late",
            "A dispense can be withdrawn only within 24 hours of recording it".into(),
        ));
    }
    Ok(())
}

impl Counter {
    /// Withdraws dispense `dispense_id` of prescription `number` (pharmacists and managers):
    /// sent at once, or queued behind the dispense when it is not sent yet or the central
    /// system cannot be reached. Refusals are `WITHDRAW_NOT_ALLOWED` with `details.reason`
    /// (`too_late`, `not_newest`, `already_withdrawn`, `other_pharmacy`, `rejected`), or the
    /// central system's own.
    pub async fn withdraw(
        &self,
        number: &str,
        dispense_id: &str,
        reason: WithdrawReason,
        text: Option<String>,
    ) -> Result<WithdrawOutcome, CounterError> {
        let number = RxNumber::parse(number)?;
        let session = self.require(Permission::Dispense, "withdraw a dispense")?;
        self.not_parked_by_another(number.as_str())?;
        let id = Uuid::parse_str(dispense_id.trim()).map_err(|_| {
            CounterError::rejected(
                ErrorCode::BadRequest,
                format!("'{dispense_id}' is not a dispense id"),
            )
        })?;
        let wire = wire_reason(reason, text.as_deref())?;
        let store = &self.inner.store;
        let now = OffsetDateTime::now_utc();
        let local = store.dispense(&id.to_string())?;
        if let Some(row) = &local {
            let all = store.dispenses_of(number.as_str())?;
            check_local(row, &all, &session.pharmacy.pharmacy_id, now)?;
        }
        let request = WithdrawRequest {
            reason: wire.clone(),
        };
        let key = Uuid::new_v4();
        let unsent = local.as_ref().is_some_and(|r| r.state == "pending");
        let state = if unsent || self.known_offline() {
            self.queue_withdrawal(id, request, key, now)?;
            DeliveryState::Queued
        } else {
            let answer = self.inner.client.withdraw(id, &request, key).await;
            match self.watch(answer).await {
                Ok(_) => {
                    store.mark_withdrawn(&id.to_string(), &timestamp(now), &wire)?;
                    DeliveryState::Delivered
                }
                Err(e) if e.is_transient() => {
                    self.queue_withdrawal(id, request, key, now)?;
                    DeliveryState::Queued
                }
                Err(e) => return Err(e),
            }
        };
        self.audit(
            AuditAction::Withdraw,
            number.as_str(),
            serde_json::json!({
                "dispense_id": id,
                "state": if state == DeliveryState::Queued { "queued" } else { "delivered" },
                "reason": reason.as_str(),
            }),
        );
        Ok(WithdrawOutcome {
            dispense_id: id.to_string(),
            state,
        })
    }

    fn queue_withdrawal(
        &self,
        id: Uuid,
        request: WithdrawRequest,
        key: Uuid,
        now: OffsetDateTime,
    ) -> Result<(), CounterError> {
        let reason = request.reason.clone();
        let payload = serde_json::to_string(&QueuedWithdrawal {
            request,
            idempotency_key: key,
        })?;
        self.inner
            .store
            .queue_withdrawal(&id.to_string(), &payload, &timestamp(now), &reason)?;
        self.inner.outage.worker.wake();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, created_at: &str) -> DispenseRow {
        DispenseRow {
            dispense_id: id.into(),
            prescription_number: "RX".into(),
            pharmacist_pinfl: String::new(),
            pharmacy_id: "PH-1".into(),
            mode: "online".into(),
            state: "delivered".into(),
            request_json: String::new(),
            response_json: None,
            created_at: created_at.into(),
            delivered_at: None,
            last_error: None,
            pharmacist_name: String::new(),
            pharmacy_name: String::new(),
            withdrawn_at: None,
            withdraw_reason: None,
        }
    }

    fn why(e: CounterError) -> String {
        assert_eq!(e.code(), ErrorCode::WithdrawNotAllowed, "{e}");
        e.details()["reason"].as_str().unwrap().to_owned()
    }

    #[test]
    fn only_the_newest_of_this_pharmacy_within_a_day_and_not_twice() {
        let now = time::macros::datetime!(2026-12-02 12:00 UTC);
        let old = row("a", "2026-12-02T08:00:00Z");
        let new = row("b", "2026-12-02T09:00:00Z");
        let all = vec![old.clone(), new.clone()];
        assert!(check_local(&new, &all, "PH-1", now).is_ok());
        assert_eq!(
            why(check_local(&old, &all, "PH-1", now).unwrap_err()),
            "not_newest"
        );
        assert_eq!(
            why(check_local(&new, &all, "PH-2", now).unwrap_err()),
            "other_pharmacy"
        );
        let later = now + time::Duration::hours(24);
        assert_eq!(
            why(check_local(&new, &all, "PH-1", later).unwrap_err()),
            "too_late"
        );
        let mut gone = new.clone();
        gone.withdrawn_at = Some("2026-12-02T10:00:00Z".into());
        assert_eq!(
            why(check_local(&gone, &all, "PH-1", now).unwrap_err()),
            "already_withdrawn"
        );
        // Once the newer one is withdrawn, the older one is the newest.
        let all = vec![old.clone(), gone];
        assert!(check_local(&old, &all, "PH-1", now).is_ok());
    }

    #[test]
    fn the_reason_is_its_code_and_the_text_and_other_needs_a_text() {
        assert_eq!(
            wire_reason(WithdrawReason::WrongProduct, Some("  Ibuprofen 400 ")).unwrap(),
            "wrong_product: Ibuprofen 400"
        );
        assert_eq!(
            wire_reason(WithdrawReason::RecordedByMistake, None).unwrap(),
            "recorded_by_mistake"
        );
        let e = wire_reason(WithdrawReason::Other, Some("  ")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::BadRequest);
        let long = "x".repeat(REASON_TEXT_MAX + 1);
        assert!(wire_reason(WithdrawReason::Other, Some(&long)).is_err());
    }
}
