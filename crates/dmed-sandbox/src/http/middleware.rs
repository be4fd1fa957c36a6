//! Cross-cutting layers: `X-Request-ID` echo and logging, and maintenance mode.

use crate::api_error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dmed_api::{ErrorCode, HEADER_REQUEST_ID};
use tracing::Instrument;

/// Echoes `X-Request-ID` (or a new one) on the response and logs the call under it.
pub async fn request_id(req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(HEADER_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 200)
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let span = tracing::info_span!("request", request_id = %id, %method, %path);
    let started = std::time::Instant::now();
    let mut response = next.run(req).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "answered"
        )
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    response
}

/// While maintenance is on, answers 503 `SERVICE_UNAVAILABLE` with `Retry-After`.
pub async fn maintenance(State(state): State<AppState>, req: Request, next: Next) -> Response {
    match state.maintenance.active() {
        // Inside the nested `/v1` router the path is seen without its prefix.
        Some(retry_after) if !matches!(req.uri().path(), "/health" | "/v1/health") => {
            let mut response = ApiError::new(
                ErrorCode::ServiceUnavailable,
                "the central system is under maintenance",
            )
            .with("retry_after_secs", retry_after)
            .into_response();
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                HeaderValue::from(retry_after),
            );
            response
        }
        _ => next.run(req).await,
    }
}
