//! `POST /fhir`: a transaction Bundle recording a dispense or withdrawing one (read by
//! [`Plan::of`], done by [`transaction::run`] in one database transaction: all or nothing),
//! signed in as for v1. Conditional create on each line's identifier makes a resend harmless,
//! so the `Idempotency-Key` header a client may send is not needed here and not read.

use super::answer::{fhir, fhir_base, FhirBody, FhirError, FhirSession};
use crate::http::prescriptions::check_id_document;
use crate::service::fhir::transaction::{self, Plan};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use dhp_fhir::model::Resource;

pub async fn transaction(
    State(state): State<AppState>,
    FhirSession(session): FhirSession,
    headers: HeaderMap,
    FhirBody(resource): FhirBody<Resource>,
) -> Result<Response, FhirError> {
    let plan = Plan::of(resource).map_err(FhirError::malformed)?;
    if plan.needs_id_document() {
        check_id_document(&headers)?;
    }
    let now = state.now();
    let base = fhir_base(&headers);
    let answer = state
        .db
        .write(move |tx| transaction::run(tx, &session, &plan, now, &base))
        .await?;
    Ok(fhir(StatusCode::OK, &Resource::Bundle(Box::new(answer))))
}
