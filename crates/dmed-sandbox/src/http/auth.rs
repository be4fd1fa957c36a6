//! `POST /v1/auth/token`, `GET /v1/health`, `GET /v1/openapi.json`.

use super::extract::ApiJson;
use crate::api_error::ApiResult;
use crate::service::auth;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use dmed_api::types::{Health, TokenRequest, TokenResponse};
#[allow(unused_imports)]
use dmed_api::ErrorBody;

/// Sign in with pharmacy id, login and secret.
#[utoipa::path(
    post, path = "/v1/auth/token", tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 400, description = "BAD_REQUEST: malformed body", body = ErrorBody),
        (status = 401, description = "UNAUTHENTICATED: wrong pharmacy, login or secret (counts towards the lockout)", body = ErrorBody),
        (status = 403, description = "FORBIDDEN: the member of staff's access was revoked (details.reason: access_revoked)", body = ErrorBody),
        (status = 429, description = "TOO_MANY_ATTEMPTS: 5 wrong secrets for this login within 15 minutes lock it for 15 minutes, the right secret included (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds until the lock ends"))),
        (status = 500, description = "INTERNAL", body = ErrorBody),
        (status = 503, description = "SERVICE_UNAVAILABLE: maintenance or overload (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
pub async fn token(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> ApiResult<Json<TokenResponse>> {
    let now = state.clock.now();
    let ttl = state.token_ttl;
    let lockouts = state.lockouts.clone();
    state
        .db
        .write(move |tx| auth::issue_token(tx, &lockouts.logins, &req, now, ttl))
        .await
        .map(Json)
}

/// The outage probe: always answers while the server runs (also during maintenance).
#[utoipa::path(
    get, path = "/v1/health", tag = "health",
    responses((status = 200, description = "Up", body = Health))
)]
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        server_time: state.clock.now(),
        api_version: dmed_api::API_VERSION.into(),
    })
}

/// This document.
#[utoipa::path(
    get, path = "/v1/openapi.json", tag = "health",
    responses(
        (status = 200, description = "The OpenAPI 3 document of the contract"),
        (status = 503, description = "SERVICE_UNAVAILABLE: maintenance or overload (details.retry_after_secs)", body = ErrorBody, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(crate::openapi::openapi())
}
