//! The one error shape that crosses IPC: `{code, message, details}`.
//!
//! The UI branches on `code` (a closed set from `dmed-api`), shows `details` where they help
//! (remaining quantity, holder and expiry, which character is wrong), and never parses `message`,
//! which is English text for logs.

use dmed_api::ErrorCode;
use serde::Serialize;
use serde_json::{Map, Value};

/// An error returned by a command, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, thiserror::Error)]
#[error("{code}: {message}")]
pub struct IpcError {
    /// What went wrong, to branch on.
    pub code: ErrorCode,
    /// An English sentence for logs and support.
    pub message: String,
    /// Structured facts about the error (may be empty).
    pub details: Map<String, Value>,
}

impl IpcError {
    /// An error with no details.
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
}

impl From<counter::CounterError> for IpcError {
    fn from(err: counter::CounterError) -> Self {
        Self {
            code: err.code(),
            details: err.details(),
            message: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_message_details() {
        let err = IpcError::new(ErrorCode::QuantityExceeded, "too many").with("remaining", 3);
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "QUANTITY_EXCEEDED",
                "message": "too many",
                "details": {"remaining": 3}
            })
        );
    }

    #[test]
    fn empty_details_are_still_an_object() {
        let json = serde_json::to_value(IpcError::new(ErrorCode::NotSignedIn, "sign in")).unwrap();
        assert_eq!(json["details"], serde_json::json!({}));
    }
}
