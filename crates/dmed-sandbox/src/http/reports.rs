//! The pharmacy's dispenses for managers' reports.

use super::extract::ApiQuery;
use crate::api_error::{ApiError, ApiResult};
use crate::service::reports::{self, PageRequest};
use crate::service::Session;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use dmed_api::types::PharmacyDispenses;
#[allow(unused_imports)]
use dmed_api::ErrorBody;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

#[derive(Debug, Deserialize)]
pub struct PeriodQuery {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub cursor: Option<String>,
    #[serde(default)]
    pub limit: Option<u32>,
}

fn instant(field: &str, text: &str) -> ApiResult<OffsetDateTime> {
    OffsetDateTime::parse(text.trim(), &Rfc3339).map_err(|_| {
        ApiError::bad_request(format!("{field} is an RFC 3339 date and time")).with("field", field)
    })
}

/// Every dispense of the session's pharmacy handed over or withdrawn in `[from, to)`, at any of
/// its counters and on paper, oldest first, one page at a time (managers only).
#[utoipa::path(
    get, path = "/v1/pharmacy/dispenses", tag = "reports",
    params(
        ("from" = String, Query, description = "Start of the period (RFC 3339), inclusive", format = DateTime),
        ("to" = String, Query, description = "End of the period (RFC 3339), exclusive; after `from`, at most 3700 days later", format = DateTime),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Dispenses per page, 1 to 1000 (500 when absent)", minimum = 1, maximum = 1000),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of the pharmacy's dispenses, each with a pseudonymous patient reference and its prescription's items", body = PharmacyDispenses),
        (status = 400, description = "BAD_REQUEST: a malformed period, cursor or limit (details.field)", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED: no bearer token, or an unknown or expired one", body = ErrorBody),
        (status = 403, description = "FORBIDDEN: not a manager (details.reason: role_cannot_report), or the session's member of staff was revoked (access_revoked)", body = ErrorBody),
        (status = 500, description = "INTERNAL", body = ErrorBody),
        (status = 503, description = "SERVICE_UNAVAILABLE: maintenance or overload (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
pub async fn pharmacy_dispenses(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> ApiResult<Json<PharmacyDispenses>> {
    let req = PageRequest {
        from: instant("from", &query.from)?,
        to: instant("to", &query.to)?,
        cursor: query.cursor,
        limit: query.limit,
    };
    state
        .db
        .read(move |conn| reports::pharmacy_dispenses(conn, &session, &req))
        .await
        .map(Json)
}
