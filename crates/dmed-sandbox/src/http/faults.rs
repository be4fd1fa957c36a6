//! The fault knobs over HTTP: `POST /_sandbox/faults` sets them, `GET /_sandbox/faults` shows
//! them, and [`inject`] applies them to every `/v1` request, [`inject_fhir`] to every `/fhir`
//! one (see [`crate::fault`]).

use super::extract::ApiJson;
use crate::api_error::{ApiError, ApiResult};
use crate::fault::{Fault, FaultConfig};
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dmed_api::ErrorCode;

/// `POST /_sandbox/faults`: replaces every knob (missing ones are off).
pub async fn set(
    State(state): State<AppState>,
    ApiJson(config): ApiJson<FaultConfig>,
) -> ApiResult<Json<FaultConfig>> {
    state
        .faults
        .set(config.clone())
        .map_err(ApiError::bad_request)?;
    tracing::info!(?config, "faults set");
    Ok(Json(config))
}

/// `GET /_sandbox/faults`.
pub async fn get(State(state): State<AppState>) -> Json<FaultConfig> {
    Json(state.faults.get())
}

/// Applies the knobs to one `/v1` request.
pub async fn inject(State(state): State<AppState>, req: Request, next: Next) -> Response {
    apply(&state, req, next, |e| e.into_response()).await
}

/// Applies the knobs to one `/fhir` request: an injected error is an OperationOutcome.
pub async fn inject_fhir(State(state): State<AppState>, req: Request, next: Next) -> Response {
    apply(&state, req, next, |e| {
        super::fhir::answer::FhirError::from(e).into_response()
    })
    .await
}

async fn apply(
    state: &AppState,
    req: Request,
    next: Next,
    answer: impl FnOnce(ApiError) -> Response,
) -> Response {
    let plan = state.faults.plan();
    if plan.fault == Fault::Outage {
        return dropped();
    }
    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    match plan.fault {
        Fault::None => next.run(req).await,
        Fault::Outage => dropped(),
        Fault::Error => answer(injected_error(plan.retry_after_secs)),
        Fault::Drop => {
            let handled = next.run(req).await;
            tracing::info!(status = handled.status().as_u16(), "answer dropped");
            dropped()
        }
        Fault::Hang => {
            state.faults.wait_for_change().await;
            dropped()
        }
    }
}

fn injected_error(retry_after_secs: Option<u32>) -> ApiError {
    match retry_after_secs {
        // `retry_after_secs` in the details also sets `Retry-After`.
        Some(secs) => ApiError::new(
            ErrorCode::ServiceUnavailable,
            "the central system is overloaded (injected fault)",
        )
        .with("retry_after_secs", secs),
        None => ApiError::internal("injected fault"),
    }
}

/// A response whose body fails before its first byte: the server closes the connection without
/// an answer.
fn dropped() -> Response {
    let failing = futures_util::stream::once(std::future::ready(Err::<Bytes, std::io::Error>(
        std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "injected drop"),
    )));
    Response::new(Body::from_stream(failing))
}
