//! The outbox worker: a tokio task that sends what waits in the outbox (dispenses and paper
//! records) with their idempotency keys.
//!
//! - Rows of one prescription go one after the other, in the order they were written; rows of
//!   different prescriptions (and paper records) go in parallel, up to [`PARALLEL`] at a time.
//! - A transport failure, a timeout or a 503 stops the round (later rows would fail the same way)
//!   and the row is retried after an exponential backoff with jitter, never sooner than the
//!   central system's `Retry-After`; a 503 with `Retry-After` pauses the whole worker that long.
//! - A verdict of the central system on a row (the medicine was already handed over) rejects the
//!   dispense and opens a conflict in the manager's queue, with the central system's reason.
//! - A row written in the last [`GRACE`] that was never tried is left alone: the dispense that
//!   wrote it is sending it right now.
//! - It waits while the counter is offline (the monitor wakes it when the connection is back,
//!   and every row that waited for the connection is then due at once; a `Retry-After` still
//!   holds), and "send now" makes every row due immediately.

use super::backoff;
use crate::dispense::{error_json, is_verdict};
use crate::error::CounterError;
use crate::store::{timestamp, NewConflict, OutboxEntry};
use crate::Counter;
use dmed_api::types::{PaperOutcome, PaperRecord, PaperRecordsRequest};
use dmed_api::ErrorCode;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use tokio::sync::{Notify, Semaphore};
use uuid::Uuid;

/// How many prescriptions are sent at the same time.
pub const PARALLEL: usize = 16;
/// A row younger than this that was never tried belongs to the dispense that is sending it.
pub const GRACE: Duration = Duration::from_secs(10);
/// Pause of an idle worker between two looks at the outbox.
pub const IDLE: Duration = Duration::from_secs(1);

/// What the worker shares with the facade.
#[derive(Debug, Default)]
pub struct WorkerState {
    wake: Notify,
    force: AtomicBool,
    back_online: AtomicBool,
    last_error: Mutex<Option<String>>,
    pause_until: Mutex<Option<Instant>>,
}

impl WorkerState {
    /// Asks for a round now, ignoring backoff times and pauses.
    pub fn send_now(&self) {
        self.force.store(true, Ordering::SeqCst);
        if let Ok(mut p) = self.pause_until.lock() {
            *p = None;
        }
        self.wake.notify_one();
    }

    /// Wakes the worker (something new was queued).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// The last failure of a send, in English; cleared by a delivery.
    pub fn last_error(&self) -> Option<String> {
        self.last_error.lock().ok().and_then(|e| e.clone())
    }

    fn set_last_error(&self, e: Option<String>) {
        if let Ok(mut slot) = self.last_error.lock() {
            *slot = e;
        }
    }

    fn paused(&self) -> bool {
        self.pause_until
            .lock()
            .ok()
            .and_then(|p| *p)
            .is_some_and(|until| until > Instant::now())
    }

    fn pause_for(&self, d: Duration) {
        if let Ok(mut p) = self.pause_until.lock() {
            *p = Some(Instant::now() + d);
        }
    }
}

fn conflict_of(
    e: &CounterError,
    source: &str,
    entry: &OutboxEntry,
    record_id: Option<String>,
) -> NewConflict {
    let reason = match e {
        CounterError::Rejected { message, .. } => message.clone(),
        other => other.to_string(),
    };
    NewConflict {
        source: source.to_owned(),
        dispense_id: entry.dispense_id.clone(),
        record_id,
        code: e.code().to_string(),
        reason,
        details_json: serde_json::Value::Object(e.details()).to_string(),
        created_at: timestamp(OffsetDateTime::now_utc()),
    }
}

/// Runs forever (until aborted).
pub(crate) async fn run(counter: Counter) {
    let state = counter.inner.outage.worker.clone();
    let link = counter.inner.client.link();
    let mut link_rx = link.subscribe();
    loop {
        let forced = state.force.swap(false, Ordering::SeqCst);
        if state.back_online.swap(false, Ordering::SeqCst) {
            let now = timestamp(OffsetDateTime::now_utc());
            if let Err(e) = counter.inner.store.outbox_make_due_after_outage(&now) {
                tracing::warn!(code = %e.code(), "outbox rows not made due");
            }
        }
        let can_send =
            counter.session().is_some() && (forced || (link.is_online() && !state.paused()));
        let wait = if can_send {
            match round(&counter, forced).await {
                Ok(wait) => wait,
                Err(e) => {
                    tracing::warn!(code = %e.code(), error = %e, "outbox round failed");
                    state.set_last_error(Some(e.to_string()));
                    IDLE
                }
            }
        } else {
            IDLE
        };
        if wait.is_zero() {
            continue;
        }
        tokio::select! {
            _ = state.wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
            changed = link_rx.changed() => {
                if changed.is_ok() && *link_rx.borrow_and_update() {
                    // Back online: what waited for the connection is due now (a Retry-After of
                    // the central system still holds).
                    state.back_online.store(true, Ordering::SeqCst);
                }
            }
        }
    }
}

/// One pass over the outbox; returns how long to wait before the next (zero: go on at once).
pub(crate) async fn round(counter: &Counter, forced: bool) -> Result<Duration, CounterError> {
    let store = &counter.inner.store;
    let entries = store.outbox_index()?;
    if entries.is_empty() {
        return Ok(IDLE);
    }
    if forced {
        store.outbox_make_due(&timestamp(OffsetDateTime::now_utc()))?;
    }
    let mut order: Vec<Vec<OutboxEntry>> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for e in entries {
        match by_key.get(&e.key) {
            Some(&i) => order[i].push(e),
            None => {
                by_key.insert(e.key.clone(), order.len());
                order.push(vec![e]);
            }
        }
    }
    let ready: Vec<Vec<OutboxEntry>> = order
        .into_iter()
        .filter(|q| q.first().is_some_and(|head| sendable(head, forced)))
        .collect();
    if ready.is_empty() {
        return Ok(IDLE);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let gate = Arc::new(Semaphore::new(PARALLEL));
    let mut tasks = tokio::task::JoinSet::new();
    for queue in ready {
        let Ok(permit) = gate.clone().acquire_owned().await else {
            break;
        };
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let (c, s) = (counter.clone(), stop.clone());
        tasks.spawn(async move {
            let _permit = permit;
            send_queue(&c, queue, forced, &s).await
        });
    }
    let mut delivered = 0usize;
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(Ok(n)) => delivered += n,
            Ok(Err(e)) => return Err(e),
            Err(join) => {
                return Err(CounterError::Protocol {
                    reason: format!("an outbox task ended abnormally: {join}"),
                })
            }
        }
    }
    if delivered > 0 {
        counter.inner.outage.worker.set_last_error(None);
    }
    Ok(if stop.load(Ordering::SeqCst) || delivered == 0 {
        IDLE
    } else {
        Duration::ZERO
    })
}

fn sendable(entry: &OutboxEntry, forced: bool) -> bool {
    let now = OffsetDateTime::now_utc();
    let fresh = entry.attempts == 0
        && entry.created_at > timestamp(now - time::Duration::seconds(GRACE.as_secs() as i64));
    !fresh && (forced || entry.next_attempt_at <= timestamp(now))
}

/// Sends one prescription's rows in order; stops at the first that stays in the outbox.
/// Returns how many were settled. Storage failures are errors; send failures are recorded.
async fn send_queue(
    counter: &Counter,
    queue: Vec<OutboxEntry>,
    forced: bool,
    stop: &AtomicBool,
) -> Result<usize, CounterError> {
    let mut settled = 0;
    for entry in queue {
        if stop.load(Ordering::SeqCst) || !sendable(&entry, forced) {
            break;
        }
        match send_entry(counter, &entry).await? {
            Ok(()) => settled += 1,
            Err(e) => {
                // A revoked or signed-out session: its user is signed out; the row waits for
                // the next valid session of the pharmacy.
                counter.end_session_on(&e).await;
                let worker = &counter.inner.outage.worker;
                worker.set_last_error(Some(e.to_string()));
                // Unreachable, unavailable or signed out: later rows would fail the same way.
                stop.store(true, Ordering::SeqCst);
                if let CounterError::ServiceUnavailable {
                    retry_after_secs: Some(s),
                    ..
                } = e
                {
                    worker.pause_for(Duration::from_secs(s));
                }
                break;
            }
        }
    }
    Ok(settled)
}

/// Sends one row and settles it. The outer error is a local failure; the inner one a send
/// failure that left the row in the outbox (recorded with its next attempt).
async fn send_entry(
    counter: &Counter,
    entry: &OutboxEntry,
) -> Result<Result<(), CounterError>, CounterError> {
    let store = &counter.inner.store;
    let Some(payload) = store.outbox_payload(entry.id)? else {
        return Ok(Ok(())); // settled meanwhile
    };
    let dispense_id = entry
        .dispense_id
        .as_deref()
        .and_then(|d| Uuid::parse_str(d).ok())
        .ok_or_else(|| CounterError::Protocol {
            reason: format!("outbox row {} has no valid dispense id", entry.id),
        })?;
    let now = || timestamp(OffsetDateTime::now_utc());
    let failed = match entry.kind.as_str() {
        "withdraw" => {
            let queued: crate::withdraw::QueuedWithdrawal = serde_json::from_str(&payload)?;
            let result = counter
                .watch(
                    counter
                        .inner
                        .client
                        .withdraw(dispense_id, &queued.request, queued.idempotency_key)
                        .await,
                )
                .await;
            match result {
                Ok(_) => {
                    store.withdrawal_sent(entry.id)?;
                    return Ok(Ok(()));
                }
                Err(e) if is_verdict(&e) => {
                    tracing::warn!(%dispense_id, code = %e.code(), "queued withdrawal refused: conflict");
                    store.withdrawal_refused(
                        entry.id,
                        &dispense_id.to_string(),
                        &conflict_of(&e, "dispense", entry, None),
                    )?;
                    return Ok(Ok(()));
                }
                Err(e) => e,
            }
        }
        "paper" => {
            let record: PaperRecord = serde_json::from_str(&payload)?;
            let record_id = record.record_id;
            let req = PaperRecordsRequest {
                records: vec![record],
            };
            let result = counter
                .watch(counter.inner.client.paper_records(&req, record_id).await)
                .await;
            let rid = record_id.to_string();
            match result {
                Ok(answer) => {
                    let Some(verdict) = answer.results.iter().find(|r| r.record_id == record_id)
                    else {
                        return Err(CounterError::Protocol {
                            reason: format!("the answer has no result for paper record {rid}"),
                        });
                    };
                    match verdict.outcome {
                        PaperOutcome::Accepted => store.paper_accepted(
                            &rid,
                            verdict.dispense_id.map(|d| d.to_string()).as_deref(),
                            &serde_json::to_string(verdict)?,
                            &now(),
                        )?,
                        PaperOutcome::Conflict => {
                            let code = verdict.code.unwrap_or(ErrorCode::AlreadyDispensed);
                            let reason = verdict.reason.clone().unwrap_or_default();
                            let e = CounterError::rejected(code, reason);
                            store.paper_conflict(
                                &rid,
                                &conflict_of(&e, "paper", entry, Some(rid.clone())),
                            )?;
                        }
                    }
                    return Ok(Ok(()));
                }
                Err(e) if is_verdict(&e) => {
                    store.paper_conflict(
                        &rid,
                        &conflict_of(&e, "paper", entry, Some(rid.clone())),
                    )?;
                    return Ok(Ok(()));
                }
                Err(e) => e,
            }
        }
        _ => {
            let result = counter
                .watch(
                    counter
                        .inner
                        .client
                        .dispense_raw(dispense_id, payload.into_bytes())
                        .await,
                )
                .await;
            match result {
                Ok(dispense) => {
                    let mode = if entry.attempts == 0 {
                        "online"
                    } else {
                        "offline_retry"
                    };
                    store.mark_delivered(
                        &dispense_id.to_string(),
                        mode,
                        &serde_json::to_string(&dispense)?,
                        &now(),
                    )?;
                    return Ok(Ok(()));
                }
                Err(e) if is_verdict(&e) => {
                    tracing::warn!(%dispense_id, code = %e.code(), "queued dispense refused: conflict");
                    store.reject_with_conflict(
                        &dispense_id.to_string(),
                        &error_json(&e),
                        &conflict_of(&e, "dispense", entry, None),
                    )?;
                    return Ok(Ok(()));
                }
                Err(e) => e,
            }
        }
    };
    let retry_after = match &failed {
        CounterError::ServiceUnavailable {
            retry_after_secs, ..
        } => retry_after_secs.map(Duration::from_secs),
        _ => None,
    };
    let wait = backoff::delay_now(entry.attempts + 1, retry_after);
    let next = OffsetDateTime::now_utc() + wait;
    store.record_attempt_failure(entry.id, &error_json(&failed), &timestamp(next))?;
    tracing::info!(outbox_id = entry.id, code = %failed.code(), wait_ms = wait.as_millis() as u64, "outbox row left for later");
    Ok(Err(failed))
}
