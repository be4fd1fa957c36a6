//! The one error shape that crosses IPC: `{code, message, details}`.
//!
//! The UI branches on `code` (a closed set from `dmed-api`), shows `details` where they help
//! (remaining quantity, holder and expiry, which character is wrong), and never parses `message`,
//! which is English text for logs.

use dmed_api::ErrorCode;
use serde::Serialize;
use serde_json::{Map, Value};

/// The TypeScript shape of a JSON value in `details` (numbers are plain JS numbers there).
#[derive(Serialize, specta::Type)]
#[serde(untagged)]
#[allow(dead_code)] // only describes the wire type for the bindings
pub enum JsonValue {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<JsonValue>),
    Object(std::collections::BTreeMap<String, JsonValue>),
}

/// An error returned by a command, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, thiserror::Error)]
#[error("{code}: {message}")]
pub struct IpcError {
    /// What went wrong, to branch on.
    pub code: ErrorCode,
    /// An English sentence for logs and support.
    pub message: String,
    /// Structured facts about the error (may be empty).
    #[specta(type = std::collections::BTreeMap<String, JsonValue>)]
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
    fn a_counter_error_keeps_its_code_message_and_details() {
        let err = counter::CounterError::InvalidSetting {
            setting: "endpoint".into(),
            reason: "plain http only to loopback".into(),
        };
        let message = err.to_string();
        let ipc = IpcError::from(err);
        assert_eq!(ipc.code, ErrorCode::InvalidSetting);
        assert_eq!(ipc.message, message);
        assert_eq!(ipc.details["setting"], "endpoint");
        assert_eq!(ipc.details["reason"], "plain http only to loopback");
    }

    #[test]
    fn a_malformed_number_crosses_as_invalid_identifier_with_the_problem() {
        let id_error = dmed_api::RxNumber::parse("ABCD").unwrap_err();
        let ipc = IpcError::from(counter::CounterError::InvalidIdentifier(id_error.clone()));
        assert_eq!(ipc.code, ErrorCode::InvalidIdentifier);
        assert_eq!(ipc.details, id_error.details());
        assert!(!ipc.details.is_empty());
    }

    #[test]
    fn empty_details_are_still_an_object() {
        let json = serde_json::to_value(IpcError::new(ErrorCode::NotSignedIn, "sign in")).unwrap();
        assert_eq!(json["details"], serde_json::json!({}));
    }
}
