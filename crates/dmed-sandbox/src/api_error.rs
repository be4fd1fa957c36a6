//! The error a request ends with: a contract [`ErrorCode`], an English message and structured
//! details, answered as the `{"error": {...}}` envelope with the code's HTTP status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dmed_api::{ErrorBody, ErrorCode, IdError};
use serde_json::{Map, Value};

/// A refused or failed request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Map<String, Value>,
}

/// Result of a request step.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: Map::new(),
        }
    }

    /// Adds one detail field.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.details.insert(key.to_owned(), value.into());
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }

    /// A malformed identifier: `422 INVALID_IDENTIFIER` with the parse problem as details.
    pub fn invalid_identifier(err: &IdError) -> Self {
        Self {
            code: ErrorCode::InvalidIdentifier,
            message: err.to_string(),
            details: err.details(),
        }
    }

    /// The envelope sent on the wire.
    pub fn body(&self) -> ErrorBody {
        let mut body = ErrorBody::new(self.code, self.message.clone());
        body.error.details = self.details.clone();
        body
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        tracing::error!(error = %err, "database error");
        Self::internal("database error")
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(err: serde_json::Error) -> Self {
        tracing::error!(error = %err, "stored JSON is unreadable");
        Self::internal("stored data is unreadable")
    }
}

impl IntoResponse for ApiError {
    /// The envelope with the code's status; an error whose details hold `retry_after_secs`
    /// (maintenance, overload, a lockout) also carries it as `Retry-After`.
    fn into_response(self) -> Response {
        let retry_after = self
            .details
            .get("retry_after_secs")
            .and_then(Value::as_u64)
            .map(axum::http::HeaderValue::from);
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        if let Some(value) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_the_code() {
        let e = ApiError::new(ErrorCode::HoldExpired, "gone").with("hold_id", "x");
        assert_eq!(e.status(), StatusCode::CONFLICT);
        assert_eq!(e.body().error.details["hold_id"], "x");
    }

    #[test]
    fn a_retry_delay_in_the_details_is_also_the_retry_after_header() {
        let locked =
            ApiError::new(ErrorCode::TooManyAttempts, "locked").with("retry_after_secs", 840);
        let response = locked.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[axum::http::header::RETRY_AFTER], "840");
        let plain = ApiError::new(ErrorCode::HoldExpired, "gone").into_response();
        assert!(!plain
            .headers()
            .contains_key(axum::http::header::RETRY_AFTER));
    }

    #[test]
    fn identifier_errors_carry_the_problem() {
        let id_err = dmed_api::RxNumber::parse("12").unwrap_err();
        let e = ApiError::invalid_identifier(&id_err);
        assert_eq!(e.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.details["problem"], "length");
    }
}
