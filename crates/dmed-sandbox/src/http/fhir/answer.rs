//! How the FHIR face answers and reads: every answer `application/fhir+json`, every refusal an
//! `OperationOutcome` made by `dhp_fhir::outcome::outcome_of` from the v1 error, with the v1
//! status (a search's malformed parameter: `400`); the bearer session of v1 with FHIR's
//! refusals; JSON bodies within v1's limits.

use crate::api_error::ApiError;
use crate::service::Session;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use dhp_fhir::model::Resource;
use dhp_fhir::outcome::outcome_of;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// FHIR's JSON media type.
pub const FHIR_JSON: &str = "application/fhir+json";

/// `value` as FHIR JSON with `status`.
pub fn fhir<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON))],
            body,
        )
            .into_response(),
        Err(e) => FhirError::from(ApiError::from(e)).into_response(),
    }
}

/// A refusal of the FHIR face: the v1 error, answered as an OperationOutcome.
#[derive(Debug)]
pub struct FhirError {
    pub error: ApiError,
    pub status: StatusCode,
}

impl FhirError {
    /// A malformed request (a search parameter, a transaction): `400` whatever the v1 code
    /// (a malformed number keeps `INVALID_IDENTIFIER`, which v1 answers `422`).
    pub fn malformed(error: ApiError) -> FhirError {
        FhirError {
            error,
            status: StatusCode::BAD_REQUEST,
        }
    }
}

impl From<ApiError> for FhirError {
    fn from(error: ApiError) -> FhirError {
        FhirError {
            status: error.status(),
            error,
        }
    }
}

impl IntoResponse for FhirError {
    /// The OperationOutcome with the status; `Retry-After` when the details say how long to
    /// wait, `WWW-Authenticate` on `401`.
    fn into_response(self) -> Response {
        let outcome = Resource::OperationOutcome(Box::new(outcome_of(&self.error.body())));
        let mut response = fhir(self.status, &outcome);
        let headers = response.headers_mut();
        if let Some(secs) = self
            .error
            .details
            .get("retry_after_secs")
            .and_then(Value::as_u64)
        {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"dmed-sandbox\""),
            );
        }
        response
    }
}

/// The bearer session, as v1 checks it (same tokens, same `authenticate`), refused as an
/// OperationOutcome.
pub struct FhirSession(pub Session);

impl FromRequestParts<AppState> for FhirSession {
    type Rejection = FhirError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Session::from_request_parts(parts, state)
            .await
            .map(FhirSession)
            .map_err(FhirError::from)
    }
}

/// A JSON body (within the same limit as v1's bodies); unreadable or malformed → `400`.
pub struct FhirBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for FhirBody<T> {
    type Rejection = FhirError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            FhirError::malformed(ApiError::bad_request(format!("cannot read the body: {e}")))
        })?;
        serde_json::from_slice(&bytes).map(FhirBody).map_err(|e| {
            FhirError::malformed(
                ApiError::bad_request(format!("the body is not a FHIR JSON resource: {e}"))
                    .with("line", e.line())
                    .with("column", e.column()),
            )
        })
    }
}

/// The scheme and host a request came to (`http://<Host>`), so the addresses the sandbox
/// gives out work whatever port it was started on. The sandbox serves plain HTTP only.
pub fn root_of(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// The FHIR base URL a request came to (`http://<Host>/fhir`), under which search pages link
/// to each other.
pub fn fhir_base(headers: &HeaderMap) -> String {
    format!("{}/fhir", root_of(headers))
}
