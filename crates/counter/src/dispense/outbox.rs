//! Sending recorded dispenses and settling them: delivered, rejected on a verdict of the central
//! system, or left in the outbox with the failure and the time of the next attempt; and the
//! flush that resends what is left, in the order it was written.

use crate::client::CentralSystem;
use crate::error::CounterError;
use crate::store::{timestamp, OutboxRow, Store};
use dmed_api::types::Dispense;
use dmed_api::ErrorCode;
use time::OffsetDateTime;
use uuid::Uuid;

use super::OUTBOX_KIND_DISPENSE;

/// A send failure the central system gave a verdict on: the dispense will never be accepted as
/// it is (also a refusal of the pharmacist it names). Auth failures, lockouts and transient
/// failures are not verdicts: the row stays in the outbox. Shared by the outbox worker.
pub(crate) fn is_verdict(e: &CounterError) -> bool {
    match e {
        CounterError::Rejected { .. } if crate::session_end::refuses_dispenser(e) => true,
        CounterError::Rejected { code, .. } => !matches!(
            code,
            ErrorCode::Unauthenticated
                | ErrorCode::Forbidden
                | ErrorCode::Internal
                | ErrorCode::TooManyAttempts
        ),
        _ => false,
    }
}

/// A send failure as kept with the row (`{code, message, details}`).
pub(crate) fn error_json(e: &CounterError) -> String {
    serde_json::json!({
        "code": e.code(),
        "message": e.to_string(),
        "details": e.details(),
    })
    .to_string()
}

/// When to try a row again after `attempts` failures: 5 s doubling, at most 5 min.
fn next_attempt(now: OffsetDateTime, attempts: u32) -> OffsetDateTime {
    let secs = 5u64.saturating_mul(1 << attempts.min(6)).min(300);
    now + time::Duration::seconds(secs as i64)
}

/// Sends one outbox row and settles it: delivered, rejected (verdict) or left for later.
/// Returns the central answer on delivery.
pub async fn send_row(
    client: &dyn CentralSystem,
    store: &Store,
    row: &OutboxRow,
) -> Result<Dispense, CounterError> {
    let dispense_id = row
        .dispense_id
        .as_deref()
        .and_then(|d| Uuid::parse_str(d).ok())
        .ok_or_else(|| CounterError::Protocol {
            reason: format!("outbox row {} has no valid dispense id", row.id),
        })?;
    match client
        .dispense_raw(dispense_id, row.payload.as_bytes().to_vec())
        .await
        .map_err(CounterError::from)
    {
        Ok(dispense) => {
            let mode = if row.attempts == 0 {
                "online"
            } else {
                "offline_retry"
            };
            let response = serde_json::to_string(&dispense)?;
            store.mark_delivered(
                &dispense_id.to_string(),
                mode,
                &response,
                &timestamp(OffsetDateTime::now_utc()),
            )?;
            Ok(dispense)
        }
        Err(e) if is_verdict(&e) => {
            store.mark_rejected(&dispense_id.to_string(), &error_json(&e))?;
            Err(e)
        }
        Err(e) => {
            let now = OffsetDateTime::now_utc();
            store.record_attempt_failure(
                row.id,
                &error_json(&e),
                &timestamp(next_attempt(now, row.attempts + 1)),
            )?;
            Err(e)
        }
    }
}

/// Resends every outbox row, oldest first. Stops at the first transport or auth failure (the
/// central system is unreachable or the session is gone: later rows would fail the same way and
/// order is kept). A verdict marks that row rejected and the flush goes on. Returns how many were
/// delivered.
pub async fn flush(client: &dyn CentralSystem, store: &Store) -> Result<usize, CounterError> {
    let mut sent = 0;
    for row in store.outbox()? {
        if row.kind != OUTBOX_KIND_DISPENSE {
            continue;
        }
        match send_row(client, store, &row).await {
            Ok(_) => sent += 1,
            Err(e) if is_verdict(&e) => {
                tracing::warn!(outbox_id = row.id, code = %e.code(), "dispense rejected on resend");
            }
            Err(e) if e.is_transient() => {
                tracing::info!(outbox_id = row.id, code = %e.code(), "outbox flush paused");
                break;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::NOW;
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(next_attempt(NOW, 1) - NOW, time::Duration::seconds(10));
        assert_eq!(next_attempt(NOW, 2) - NOW, time::Duration::seconds(20));
        assert_eq!(next_attempt(NOW, 30) - NOW, time::Duration::seconds(300));
    }
}
