//! Commands of working through outages: the connection banner, the outbox panel and "send now",
//! the cache policy, paper dispenses and their day log, and the manager's conflict queue.
//!
//! Also [`answer_within`], the bound every command that may wait on the network goes through:
//! the UI gets an answer within [`ANSWER_WITHIN`] whatever the central system does. The work
//! itself runs as its own task and is never cut off halfway, so a dispense already recorded
//! still reaches the outbox and is sent by the worker.

use counter::access::Permission;
use std::future::Future;
use std::time::Duration;

use counter::outage::{
    CachePolicy, Conflict, ConnectionStatus, OutboxStatus, PaperDraft, PaperLogEntry, PaperReceipt,
};
use counter::Counter;
use dmed_api::ErrorCode;
use tauri::State;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// The longest the UI waits for any command.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(3);

/// Runs `work` as its own task and answers with its result, or with `TIMEOUT` once `budget` has
/// passed (the task then carries on by itself: what it records is kept).
pub async fn answer_within<T, E, F>(budget: Duration, what: &str, work: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    E: Into<IpcError> + Send + 'static,
    F: Future<Output = Result<T, E>> + Send + 'static,
{
    let task = tauri::async_runtime::spawn(work);
    match tokio::time::timeout(budget, task).await {
        Ok(Ok(result)) => result.map_err(Into::into),
        Ok(Err(e)) => Err(IpcError::new(
            ErrorCode::Internal,
            format!("{what} stopped: {e}"),
        )),
        Err(_) => Err(IpcError::new(
            ErrorCode::Timeout,
            format!(
                "{what} took longer than {} s; whatever it recorded is kept and the outbox sends it",
                budget.as_secs()
            ),
        )
        .with("budget_secs", budget.as_secs())),
    }
}

/// Runs a call that touches only the local database off the async runtime, within the bound.
async fn local<T: Send + 'static>(
    counter: Counter,
    what: &str,
    work: impl FnOnce(&Counter) -> Result<T, counter::CounterError> + Send + 'static,
) -> Result<T, IpcError> {
    let label = what.to_owned();
    answer_within(ANSWER_WITHIN, what, async move {
        match tokio::task::spawn_blocking(move || work(&counter)).await {
            Ok(result) => result.map_err(IpcError::from),
            Err(e) => Err(IpcError::new(
                ErrorCode::Internal,
                format!("{label} stopped: {e}"),
            )),
        }
    })
    .await
}

/// Online or offline, since when, and the last failure (polled by the banner every second).
#[tauri::command]
#[specta::specta]
pub async fn connection_status(state: State<'_, AppState>) -> Result<ConnectionStatus, IpcError> {
    Ok(state
        .counter_for(Permission::Anyone, "see the connection")?
        .connection_status())
}

/// What waits in the outbox: count, age of the oldest, last error, open conflicts.
#[tauri::command]
#[specta::specta]
pub async fn outbox_status(state: State<'_, AppState>) -> Result<OutboxStatus, IpcError> {
    local(
        state.counter_for(Permission::Anyone, "see the outbox")?,
        "the outbox status",
        |c| c.outbox_status(),
    )
    .await
}

/// Tries every waiting row at once, ignoring backoff.
#[tauri::command]
#[specta::specta]
pub async fn send_now(state: State<'_, AppState>) -> Result<(), IpcError> {
    state
        .counter_for(Permission::SignedIn, "send the outbox")?
        .send_now();
    Ok(())
}

/// The cache retention and offline-dispensing rule.
#[tauri::command]
#[specta::specta]
pub async fn get_cache_policy(state: State<'_, AppState>) -> Result<CachePolicy, IpcError> {
    local(
        state.counter_for(Permission::Anyone, "see the offline policy")?,
        "the cache policy",
        |c| c.cache_policy(),
    )
    .await
}

/// Validates and saves the cache policy (applying the retention at once); returns it as saved.
/// Managers only: the counter answers `FORBIDDEN` for other roles.
#[tauri::command]
#[specta::specta]
pub async fn save_cache_policy(
    state: State<'_, AppState>,
    policy: CachePolicy,
) -> Result<CachePolicy, IpcError> {
    local(
        state.counter_for(Permission::Manage, "change the offline dispensing policy")?,
        "saving the cache policy",
        move |c| {
            c.save_cache_policy(&policy)?;
            c.cache_policy()
        },
    )
    .await
}

/// Records a paper dispense locally at once; it is uploaded when the central system is back.
#[tauri::command]
#[specta::specta]
pub async fn record_paper(
    state: State<'_, AppState>,
    draft: PaperDraft,
) -> Result<PaperReceipt, IpcError> {
    local(
        state.counter_for(Permission::Dispense, "record paper dispenses")?,
        "recording the paper dispense",
        move |c| c.record_paper(draft),
    )
    .await
}

/// The paper records of a local day (`YYYY-MM-DD`), PINFLs masked.
#[tauri::command]
#[specta::specta]
pub async fn paper_log(
    state: State<'_, AppState>,
    date: String,
) -> Result<Vec<PaperLogEntry>, IpcError> {
    let day = counter::reports::period::parse_date(&date)
        .map_err(|e| IpcError::new(e.code(), e.to_string()).with("field", "date"))?;
    local(
        state.counter_for(Permission::Dispense, "see the paper log")?,
        "the paper log",
        move |c| c.paper_log(day),
    )
    .await
}

/// The manager's conflict queue: open ones, or all with `all` (managers only).
#[tauri::command]
#[specta::specta]
pub async fn conflicts(state: State<'_, AppState>, all: bool) -> Result<Vec<Conflict>, IpcError> {
    local(
        state.counter_for(Permission::Manage, "see and settle conflicts")?,
        "the conflict queue",
        move |c| c.conflicts(all),
    )
    .await
}

/// Adds or replaces the manager's note on a conflict.
#[tauri::command]
#[specta::specta]
pub async fn note_conflict(
    state: State<'_, AppState>,
    id: u32,
    note: String,
) -> Result<(), IpcError> {
    local(
        state.counter_for(Permission::Manage, "see and settle conflicts")?,
        "the note",
        move |c| c.note_conflict(id, &note),
    )
    .await
}

/// Acknowledges an open conflict in the signed-in manager's name.
#[tauri::command]
#[specta::specta]
pub async fn acknowledge_conflict(state: State<'_, AppState>, id: u32) -> Result<(), IpcError> {
    local(
        state.counter_for(Permission::Manage, "see and settle conflicts")?,
        "the acknowledgement",
        move |c| c.acknowledge_conflict(id),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Instant;

    #[tokio::test]
    async fn a_quick_answer_passes_through() {
        let got = answer_within(Duration::from_secs(1), "x", async {
            Ok::<_, counter::CounterError>(7u32)
        })
        .await;
        assert_eq!(got.unwrap(), 7);
    }

    #[tokio::test]
    async fn an_error_keeps_its_code() {
        let got: Result<(), _> = answer_within(Duration::from_secs(1), "x", async {
            Err(counter::CounterError::NotSignedIn)
        })
        .await;
        assert_eq!(got.unwrap_err().code, ErrorCode::NotSignedIn);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_slow_call_answers_timeout_in_time_and_still_finishes() {
        let finished = Arc::new(AtomicBool::new(false));
        let flag = finished.clone();
        let started = Instant::now();
        let got: Result<(), _> =
            answer_within(Duration::from_millis(200), "the slow call", async move {
                tokio::time::sleep(Duration::from_millis(600)).await;
                flag.store(true, Ordering::SeqCst);
                Ok::<_, counter::CounterError>(())
            })
            .await;
        let took = started.elapsed();
        let err = got.unwrap_err();
        assert_eq!(err.code, ErrorCode::Timeout);
        assert!(took < Duration::from_millis(500), "answered in {took:?}");
        assert!(!finished.load(Ordering::SeqCst));
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert!(
            finished.load(Ordering::SeqCst),
            "the work carried on after the answer"
        );
    }
}
