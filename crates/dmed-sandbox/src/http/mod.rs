//! The HTTP surface: routes, handlers (thin: parse, call a service, answer) and layers. Contract
//! v1 under `/v1`; the same data and rules as FHIR R5 under `/fhir` ([`fhir`]) with its OAuth
//! sign-in under `/oauth` ([`oauth`]).

pub(crate) mod admin;
pub(crate) mod auth;
pub(crate) mod catalog;
pub(crate) mod dispenses;
pub mod extract;
pub(crate) mod faults;
pub(crate) mod fhir;
pub(crate) mod holds;
mod middleware;
pub(crate) mod oauth;
pub(crate) mod paper;
pub(crate) mod prescriptions;
pub(crate) mod reports;

use crate::api_error::ApiError;
use crate::state::AppState;
use axum::routing::{delete, get, post};
use axum::Router;
use dmed_api::ErrorCode;

/// Every route of the contract under `/v1`, the FHIR face under `/fhir` and its OAuth endpoints
/// under `/oauth`, plus, when `control_routes` is set, the sandbox's admin routes under
/// `/_sandbox` (without it they are unknown routes: 404).
pub fn router(state: AppState, control_routes: bool) -> Router {
    let v1 = Router::new()
        .route("/auth/token", post(auth::token))
        .route("/health", get(auth::health))
        .route("/openapi.json", get(auth::openapi_json))
        .route("/prescriptions/{number}", get(prescriptions::by_number))
        .route(
            "/prescriptions/{number}/dispenses",
            get(prescriptions::history),
        )
        .route(
            "/patients/{pinfl}/prescriptions",
            get(prescriptions::by_patient),
        )
        .route("/prescriptions/{number}/hold", post(holds::place))
        .route(
            "/prescriptions/{number}/hold/{hold_id}",
            delete(holds::release),
        )
        .route("/dispenses", post(dispenses::record))
        .route("/dispenses/{id}/withdraw", post(dispenses::withdraw))
        .route("/paper-records", post(paper::upload))
        .route("/catalog", get(catalog::delta))
        .route("/pharmacy/dispenses", get(reports::pharmacy_dispenses))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::maintenance,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ));
    let mut app = Router::new()
        .nest("/v1", v1)
        .nest("/fhir", fhir::router(state.clone()))
        .nest("/oauth", oauth::router());
    if control_routes {
        let admin = Router::new()
            .route("/maintenance", post(admin::maintenance))
            .route("/clock", post(admin::clock))
            .route("/revoke", post(admin::revoke))
            .route("/faults", post(faults::set).get(faults::get));
        app = app.nest("/_sandbox", admin);
    }
    app.fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(middleware::request_id))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such route")
}

/// `405` with the error envelope (code `BAD_REQUEST`); axum adds the `Allow` header listing the
/// route's methods.
async fn method_not_allowed(method: axum::http::Method) -> axum::response::Response {
    use axum::response::IntoResponse;
    let error = ApiError::bad_request(format!(
        "the method {method} is not allowed on this route; the Allow header lists those that are"
    ))
    .with("method", method.as_str());
    (
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        axum::Json(error.body()),
    )
        .into_response()
}
