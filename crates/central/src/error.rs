//! The failures of an exchange with the central system, whatever adapter speaks to it: its
//! verdicts with their contract code, its being unavailable or unreachable, answers that cannot
//! be read, and operations the central system does not offer. The counter turns each into its
//! own error, which the window explains.

use dmed_api::ErrorCode;
use serde_json::{Map, Value};

/// An operation of [`crate::CentralSystem`], named for `NOT_OFFERED`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    SignIn,
    Health,
    Lookup,
    LookupByPinfl,
    Hold,
    ReleaseHold,
    Dispense,
    Withdraw,
    History,
    PaperRecords,
    PharmacyDispenses,
    Catalog,
}

impl Operation {
    /// The name `details.operation` carries.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::SignIn => "sign_in",
            Operation::Health => "health",
            Operation::Lookup => "lookup",
            Operation::LookupByPinfl => "lookup_by_pinfl",
            Operation::Hold => "hold",
            Operation::ReleaseHold => "release_hold",
            Operation::Dispense => "dispense",
            Operation::Withdraw => "withdraw",
            Operation::History => "history",
            Operation::PaperRecords => "paper_records",
            Operation::PharmacyDispenses => "pharmacy_dispenses",
            Operation::Catalog => "catalog",
        }
    }

    /// What the operation does, in words for a message.
    pub fn words(self) -> &'static str {
        match self {
            Operation::SignIn => "signing in",
            Operation::Health => "the health check",
            Operation::Lookup => "looking a prescription up",
            Operation::LookupByPinfl => "looking prescriptions up by PINFL",
            Operation::Hold => "holding prescriptions",
            Operation::ReleaseHold => "handing holds back",
            Operation::Dispense => "recording dispenses",
            Operation::Withdraw => "withdrawing dispenses",
            Operation::History => "the dispense history",
            Operation::PaperRecords => "uploading paper records",
            Operation::PharmacyDispenses => "the pharmacy's dispense list",
            Operation::Catalog => "the catalogue",
        }
    }
}

/// Any failure of an exchange with the central system.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CentralError {
    /// The central system refused the request with a contract error.
    #[error("{message}")]
    Rejected {
        code: ErrorCode,
        message: String,
        details: Map<String, Value>,
    },
    /// The central system is overloaded or in maintenance.
    #[error("the central system is temporarily unavailable")]
    ServiceUnavailable {
        retry_after_secs: Option<u64>,
        details: Map<String, Value>,
    },
    /// Nothing answered.
    #[error("the central system cannot be reached ({reason})")]
    Network { reason: String },
    /// No answer in time.
    #[error("the central system did not answer in time ({reason})")]
    Timeout { reason: String },
    /// An answer that cannot be read.
    #[error("the central system sent an answer that cannot be read ({reason})")]
    Protocol { reason: String },
    /// The central system does not offer this operation: nothing was sent.
    #[error("{} is not offered by this central system", .0.words())]
    NotOffered(Operation),
    /// The endpoint is not acceptable (see [`crate::endpoint::validate`]).
    #[error("{reason}")]
    InvalidEndpoint { reason: String },
}

impl CentralError {
    /// The contract code of this failure.
    pub fn code(&self) -> ErrorCode {
        match self {
            CentralError::Rejected { code, .. } => *code,
            CentralError::ServiceUnavailable { .. } => ErrorCode::ServiceUnavailable,
            CentralError::Network { .. } => ErrorCode::NetworkUnavailable,
            CentralError::Timeout { .. } => ErrorCode::Timeout,
            CentralError::Protocol { .. } => ErrorCode::ProtocolError,
            CentralError::NotOffered(_) => ErrorCode::NotOffered,
            CentralError::InvalidEndpoint { .. } => ErrorCode::InvalidSetting,
        }
    }

    /// Structured details: the verdict's own, `retry_after_secs` for an unavailable central
    /// system, `reason` for transport failures, `operation` for one not offered.
    pub fn details(&self) -> Map<String, Value> {
        let one = |k: &str, v: &str| Map::from_iter([(k.to_owned(), Value::from(v))]);
        match self {
            CentralError::Rejected { details, .. } => details.clone(),
            CentralError::ServiceUnavailable {
                retry_after_secs,
                details,
            } => unavailable_details(*retry_after_secs, details),
            CentralError::Network { reason }
            | CentralError::Timeout { reason }
            | CentralError::Protocol { reason } => one("reason", reason),
            CentralError::NotOffered(op) => one("operation", op.as_str()),
            CentralError::InvalidEndpoint { reason } => {
                let mut d = one("setting", "endpoint");
                d.insert("reason".into(), Value::from(reason.clone()));
                d
            }
        }
    }

    /// A verdict with `code`, `message` and no details.
    pub fn rejected(code: ErrorCode, message: impl Into<String>) -> Self {
        CentralError::Rejected {
            code,
            message: message.into(),
            details: Map::new(),
        }
    }

    /// True for failures that mean the central system cannot be used now: nothing answered, no
    /// answer in time, or it said it is unavailable.
    pub fn means_offline(&self) -> bool {
        matches!(
            self,
            CentralError::Network { .. }
                | CentralError::Timeout { .. }
                | CentralError::ServiceUnavailable { .. }
        )
    }
}

/// The details of an unavailable central system: its own, and `retry_after_secs` when it said
/// when to come back.
pub fn unavailable_details(
    retry_after_secs: Option<u64>,
    details: &Map<String, Value>,
) -> Map<String, Value> {
    let mut d = details.clone();
    if let Some(s) = retry_after_secs {
        d.insert("retry_after_secs".into(), Value::from(s));
    }
    d
}
