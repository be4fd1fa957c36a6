//! `GET /fhir/MedicationRequest`, `/fhir/Patient`, `/fhir/MedicationDispense` and
//! `/fhir/Medication`: searches (read by [`Query`], answered by [`search::run`]), signed in as
//! for v1 (any session, a pharmacy system's client-credentials token too). A search by the
//! patient's PINFL needs the identity document checked, stated with the same headers as v1's
//! lookup by PINFL. The catalogue's pages link to each other by absolute URLs on the host the
//! request came to.

use super::answer::{fhir, fhir_base, FhirError, FhirSession};
use crate::http::prescriptions::check_id_document;
use crate::service::fhir::query::Query;
use crate::service::fhir::search;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use dhp_fhir::model::Resource;

pub async fn medication_requests(
    state: State<AppState>,
    session: FhirSession,
    headers: HeaderMap,
    query: RawQuery,
) -> Result<Response, FhirError> {
    answer("MedicationRequest", state, session, headers, query).await
}

pub async fn patients(
    state: State<AppState>,
    session: FhirSession,
    headers: HeaderMap,
    query: RawQuery,
) -> Result<Response, FhirError> {
    answer("Patient", state, session, headers, query).await
}

pub async fn medication_dispenses(
    state: State<AppState>,
    session: FhirSession,
    headers: HeaderMap,
    query: RawQuery,
) -> Result<Response, FhirError> {
    answer("MedicationDispense", state, session, headers, query).await
}

pub async fn medications(
    state: State<AppState>,
    session: FhirSession,
    headers: HeaderMap,
    query: RawQuery,
) -> Result<Response, FhirError> {
    answer("Medication", state, session, headers, query).await
}

async fn answer(
    resource_type: &str,
    State(state): State<AppState>,
    _session: FhirSession,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, FhirError> {
    let params: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let query = Query::parse(resource_type, &params).map_err(FhirError::malformed)?;
    if query.needs_id_document() {
        check_id_document(&headers)?;
    }
    let now = state.now();
    let base = fhir_base(&headers);
    let bundle = state
        .db
        .read(move |conn| search::run(conn, &query, now, &base))
        .await?;
    Ok(fhir(StatusCode::OK, &Resource::Bundle(Box::new(bundle))))
}
