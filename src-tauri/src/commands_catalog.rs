//! The product screen's command: searching the local catalogue by name (Latin or Cyrillic),
//! GTIN or a scanned pack code, with how each product may be sold.

use counter::access::Permission;
use counter::catalog_search::ProductHit;
use tauri::State;

use crate::commands_outage::{answer_within, ANSWER_WITHIN};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Products matching `query`, best first, at most `limit` (up to 200).
#[tauri::command]
#[specta::specta]
pub async fn find_products(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> Result<Vec<ProductHit>, IpcError> {
    let counter = state.counter_for(Permission::Read, "search the catalogue")?;
    answer_within(ANSWER_WITHIN, "the product search", async move {
        counter.find_products(&query, limit as usize).await
    })
    .await
}
