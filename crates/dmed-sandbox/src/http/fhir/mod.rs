//! The FHIR R5 face under `/fhir`: the same data and rules as contract v1, as the DHP guide's
//! resources (`dhp_fhir`), for the `dhp-fhir` adapter and training mode. Handlers only read and
//! answer; the work is in [`crate::service::fhir`].
//!
//! - [`metadata`]: the CapabilityStatement; [`smart`]: the SMART configuration (both without
//!   sign-in; the OAuth endpoints themselves are [`crate::http::oauth`]);
//! - [`search`]: MedicationRequest, Patient and MedicationDispense searches, and the catalogue
//!   as Medication (`_lastUpdated=gt<instant>`, `_count`), in pages linked by `Bundle.link`;
//! - [`transaction`]: `POST /fhir`, dispenses and withdrawals;
//! - [`answer`]: FHIR JSON answers, OperationOutcome refusals, the bearer session.
//!
//! Unknown paths answer `404` and other methods `405`, as OperationOutcomes; maintenance mode
//! answers `503` here too (but for the two documents above). The fault knobs of
//! `/_sandbox/faults` apply here as to `/v1` (an injected error is an OperationOutcome).

pub(crate) mod answer;
pub(crate) mod metadata;
pub(crate) mod search;
pub(crate) mod smart;
pub(crate) mod transaction;

use crate::api_error::ApiError;
use crate::state::AppState;
use answer::FhirError;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use dmed_api::ErrorCode;

/// The routes under `/fhir`.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", post(transaction::transaction))
        .route("/metadata", get(metadata::capability_statement))
        .route(
            "/.well-known/smart-configuration",
            get(smart::configuration),
        )
        .route("/MedicationRequest", get(search::medication_requests))
        .route("/Patient", get(search::patients))
        .route("/MedicationDispense", get(search::medication_dispenses))
        .route("/Medication", get(search::medications))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            maintenance,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state,
            super::faults::inject_fhir,
        ))
}

async fn not_found() -> FhirError {
    ApiError::new(ErrorCode::NotFound, "no such FHIR endpoint here").into()
}

async fn method_not_allowed(method: Method) -> FhirError {
    FhirError {
        error: ApiError::bad_request(format!("the method {method} is not allowed here"))
            .with("method", method.as_str()),
        status: StatusCode::METHOD_NOT_ALLOWED,
    }
}

/// While maintenance is on, `503` with `Retry-After`, but for the CapabilityStatement and the
/// SMART configuration (the adapter's health check reads the first).
async fn maintenance(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let open = req.uri().path().ends_with("/metadata")
        || req.uri().path().ends_with("/smart-configuration");
    match state.maintenance.active() {
        Some(retry_after) if !open => FhirError::from(
            ApiError::new(
                ErrorCode::ServiceUnavailable,
                "the central system is under maintenance",
            )
            .with("retry_after_secs", retry_after),
        )
        .into_response(),
        _ => next.run(req).await,
    }
}
