//! The OAuth 2.0 endpoints of the FHIR face's sign-in, the sandbox's stand-in for the
//! platform's single sign-on (the work is in [`crate::service::oauth`], the rules in
//! [`crate::rules::oauth`]): `/oauth/authorize` (the training sign-in page and its form) and
//! `/oauth/token`. The FHIR face's SMART configuration points here.

pub(crate) mod authorize;
pub(crate) mod client_auth;
pub(crate) mod page;
pub(crate) mod token;

use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;

/// The routes under `/oauth`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/authorize", get(authorize::page).post(authorize::submit))
        .route("/token", post(token::token))
}
