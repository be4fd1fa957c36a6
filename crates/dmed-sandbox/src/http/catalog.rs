//! Catalogue deltas.

use super::extract::ApiQuery;
use crate::api_error::{ApiError, ApiResult};
use crate::service::{catalog, Session};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use dmed_api::types::CatalogDelta;
#[allow(unused_imports)]
use dmed_api::ErrorBody;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct SinceQuery {
    #[serde(default)]
    pub since: u64,
}

/// Products added or changed since `since`, ids removed, and the new version.
#[utoipa::path(
    get, path = "/v1/catalog", tag = "catalog",
    params(("since" = Option<i64>, Query, description = "The client's catalogue version; 0 or absent for everything", minimum = 0)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The delta", body = CatalogDelta),
        (status = 400, description = "BAD_REQUEST: since is not a whole number from 0 to 9223372036854775807", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED: no bearer token, or an unknown or expired one", body = ErrorBody),
        (status = 403, description = "FORBIDDEN: the session's member of staff was revoked (details.reason: access_revoked)", body = ErrorBody),
        (status = 500, description = "INTERNAL", body = ErrorBody),
        (status = 503, description = "SERVICE_UNAVAILABLE: maintenance or overload (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
pub async fn delta(
    State(state): State<AppState>,
    _session: Session,
    ApiQuery(query): ApiQuery<SinceQuery>,
) -> ApiResult<Json<CatalogDelta>> {
    // Versions are stored as SQLite integers (i64); a larger one would wrap to a negative.
    if i64::try_from(query.since).is_err() {
        return Err(ApiError::bad_request(format!(
            "since must be a catalogue version from 0 to {}",
            i64::MAX
        ))
        .with("since", query.since.to_string()));
    }
    state
        .db
        .read(move |conn| catalog::delta(conn, query.since))
        .await
        .map(Json)
}
