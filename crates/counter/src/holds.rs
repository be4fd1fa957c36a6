//! Holds that last the dispense. A hold reserves a prescription for this pharmacy for 15
//! minutes; a dispense can take longer (a queue, a phone call to the doctor). While a dispense
//! draft is open its hold is renewed shortly before it runs out, counted on the central system's
//! clock (its health answers, [`crate::client::Client::server_now`]), so a counter whose clock
//! is wrong still renews in time. Renewing keeps the hold id. When the window locks, and when it
//! closes, the holds are handed back; the drafts stay, and take a hold again when their
//! pharmacist comes back. Cancelling a draft and signing out hand its hold back too.

use std::time::Duration;

use dmed_api::types::HoldRequest;
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::Counter;

/// How long before its end a hold is renewed.
pub const RENEW_BEFORE: time::Duration = time::Duration::minutes(3);
/// How often the holds are looked at.
const TICK: Duration = Duration::from_secs(5);

impl Counter {
    /// Renews the holds of open drafts that run out within [`RENEW_BEFORE`]; returns how many
    /// were renewed. Nothing while signed out, locked or offline (a failed renewal is tried
    /// again on the next round; the draft sees `HOLD_EXPIRED` only if the hold really ran out).
    pub async fn renew_due_holds(&self) -> usize {
        if self.session().is_none() || self.inner.lock.reason().is_some() || self.known_offline() {
            return 0;
        }
        let due = self
            .inner
            .ends
            .renewal_due(self.inner.client.server_now() + RENEW_BEFORE);
        let mut renewed = 0;
        for h in due {
            let answer = self
                .inner
                .client
                .hold(&h.number, &HoldRequest::default(), Uuid::new_v4())
                .await;
            match self.watch(answer).await {
                Ok(hold) => {
                    self.inner
                        .ends
                        .renewed(&h.number, hold.hold_id, hold.expires_at);
                    self.audit(
                        AuditAction::Hold,
                        &h.number,
                        serde_json::json!({ "hold_id": hold.hold_id, "renewed": true }),
                    );
                    renewed += 1;
                }
                Err(e) => {
                    tracing::warn!(code = %e.code(), "a hold could not be renewed; trying again")
                }
            }
        }
        renewed
    }

    /// Hands back the live holds of open drafts, keeping the drafts (`why`: `lock`, `closing`),
    /// under the current session. A failure is only logged: the hold runs out by itself.
    pub async fn hand_back_holds(&self, why: &str) {
        if self.session().is_none() {
            return;
        }
        for h in self.inner.ends.hand_back_live() {
            match self.inner.client.release_hold(&h.number, h.hold_id).await {
                Ok(()) => self.audit(
                    AuditAction::Release,
                    &h.number,
                    serde_json::json!({ "hold_id": h.hold_id, "reason": why }),
                ),
                Err(e) => {
                    tracing::info!(code = %e.code(), "a hold was not handed back; it runs out by itself")
                }
            }
        }
    }
}

/// Renews due holds every few seconds, forever (until the task is aborted).
pub(crate) async fn keep_renewing(counter: Counter) {
    loop {
        counter.renew_due_holds().await;
        tokio::time::sleep(TICK).await;
    }
}
