//! Error codes of the contract and the JSON error envelope.
//!
//! Codes are `UPPER_SNAKE` strings on the wire. The server-side codes come from the rule table of
//! the contract; a few codes are raised only by the client (network, storage, prompts) and are
//! listed here too so that every error crossing into the UI is one of a single, closed set.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The `details.reason` of a `403 FORBIDDEN`: why, so the client can tell a session the
/// central system ended from a verdict on one dispense.
pub mod forbidden_reason {
    /// The session's own member of staff was revoked (sign-in or any call): the session ends.
    pub const ACCESS_REVOKED: &str = "access_revoked";
    /// The dispensing pharmacist a dispense or paper record names is not staff of the pharmacy.
    pub const NOT_STAFF_OF_PHARMACY: &str = "not_staff_of_pharmacy";
    /// The named dispensing pharmacist's role may not hand medicine over.
    pub const ROLE_CANNOT_DISPENSE: &str = "role_cannot_dispense";
    /// The named dispensing pharmacist had been revoked when the medicine was handed over.
    pub const DISPENSER_REVOKED: &str = "dispenser_revoked";
    /// Only managers read the pharmacy's dispenses for reports.
    pub const ROLE_CANNOT_REPORT: &str = "role_cannot_report";
}

/// Every error code the counter or the central API can report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    // --- raised by the central API ---
    /// Unknown number, or a PINFL with nothing active.
    PrescriptionNotFound,
    /// Malformed number, PINFL or check digit.
    InvalidIdentifier,
    /// The access code does not match the prescription.
    AccessCodeMismatch,
    /// Before `valid_from`.
    NotYetValid,
    /// After `valid_until`.
    Expired,
    /// The prescription was cancelled by the prescriber.
    Cancelled,
    /// The prescription is already fully dispensed.
    AlreadyDispensed,
    /// Another pharmacy holds the prescription.
    HeldByOtherPharmacy,
    /// The hold is unknown or has run out.
    HoldExpired,
    /// A quantity above what remains.
    QuantityExceeded,
    /// The product's INN differs from the item's.
    ProductInnMismatch,
    /// A marking code is malformed.
    MarkingCodeInvalid,
    /// A marking code was already retired (sold).
    MarkingCodeRetired,
    /// Same idempotency key with a different body.
    IdempotencyConflict,
    /// Token missing or expired, or wrong credentials.
    Unauthenticated,
    /// Access revoked, or the role may not do this; `details.reason` says which
    /// (`access_revoked`, `not_staff_of_pharmacy`, `role_cannot_dispense`).
    Forbidden,
    /// Overload or maintenance; retry after the delay given.
    ServiceUnavailable,
    /// The identity-document header is missing on a lookup by PINFL.
    IdDocumentNotChecked,
    /// The request body or parameters are malformed.
    BadRequest,
    /// A referenced item, product or dispense does not exist.
    NotFound,
    /// A withdrawal that is not allowed (not the newest, or older than 24 h, or already withdrawn).
    WithdrawNotAllowed,
    /// An unexpected fault on the server.
    Internal,
    /// Too many wrong secrets for a login, or wrong access codes for a prescription: refused
    /// until the lock ends (`details.retry_after_secs`, also in `Retry-After`).
    TooManyAttempts,

    // --- raised only by the counter ---
    /// The central API could not be reached.
    NetworkUnavailable,
    /// The central API did not answer in time.
    Timeout,
    /// The local database failed (disk full, locked, corrupt).
    StorageError,
    /// No pharmacist is signed in.
    NotSignedIn,
    /// The window is locked (after inactivity, or by its user): unlock it first.
    Locked,
    /// A lookup by PINFL needs the pharmacist to confirm an identity document was checked.
    IdDocumentCheckRequired,
    /// A lookup by number needs the patient's 4-digit access code.
    AccessCodeRequired,
    /// The product may only be sold on an e-prescription: the counter refuses such a product
    /// without one, and the central system answers it as the verdict on a paper record without an
    /// e-prescription number.
    ERxRequired,
    /// A setting is not valid (e.g. a malformed endpoint URL).
    InvalidSetting,
    /// The central API answered with something the counter does not understand.
    ProtocolError,
    /// A dispense did not finish within the answer bound before it was written locally, and
    /// never will be: nothing was recorded or sent, so it is safe to try again.
    DispenseNotRecorded,
    /// The chosen printer cannot print now (off, out of paper, gone) or there is no printing
    /// system: nothing was printed, and the receipt can be printed again from the history.
    PrinterUnavailable,
    /// The central system the counter is set up for does not offer this operation (for example,
    /// holds on a platform without them): nothing was sent, and `details.operation` names it.
    NotOffered,

    // --- raised only by the desktop app's updates (decision 0023) ---
    /// No update feed or no release public key is set up on this counter: nothing was checked.
    UpdateNotConfigured,
    /// The update feed or the update itself could not be downloaded (network, HTTP status).
    UpdateUnreachable,
    /// The update's signature does not verify against the release key (tampered file, other
    /// key, or signed for another version): nothing was installed.
    UpdateSignatureInvalid,
    /// The feed offers the running version or an older one: never installed.
    UpdateDowngrade,
    /// A dispense is open or the outbox holds unsent work: installing needs an explicit
    /// "install anyway"; `details.reasons` says what is busy.
    UpdateBusy,
    /// The verified update could not be installed (refused authorisation, not a packaged
    /// install, disk): the running version stays; `details.reason` says why.
    UpdateFailed,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 42] = [
        Self::PrescriptionNotFound,
        Self::InvalidIdentifier,
        Self::AccessCodeMismatch,
        Self::NotYetValid,
        Self::Expired,
        Self::Cancelled,
        Self::AlreadyDispensed,
        Self::HeldByOtherPharmacy,
        Self::HoldExpired,
        Self::QuantityExceeded,
        Self::ProductInnMismatch,
        Self::MarkingCodeInvalid,
        Self::MarkingCodeRetired,
        Self::IdempotencyConflict,
        Self::Unauthenticated,
        Self::Forbidden,
        Self::ServiceUnavailable,
        Self::IdDocumentNotChecked,
        Self::BadRequest,
        Self::NotFound,
        Self::WithdrawNotAllowed,
        Self::Internal,
        Self::TooManyAttempts,
        Self::NetworkUnavailable,
        Self::Timeout,
        Self::StorageError,
        Self::NotSignedIn,
        Self::Locked,
        Self::IdDocumentCheckRequired,
        Self::AccessCodeRequired,
        Self::ERxRequired,
        Self::InvalidSetting,
        Self::ProtocolError,
        Self::DispenseNotRecorded,
        Self::PrinterUnavailable,
        Self::NotOffered,
        Self::UpdateNotConfigured,
        Self::UpdateUnreachable,
        Self::UpdateSignatureInvalid,
        Self::UpdateDowngrade,
        Self::UpdateBusy,
        Self::UpdateFailed,
    ];

    /// The HTTP status the central API answers with for this code.
    pub fn http_status(self) -> u16 {
        use ErrorCode::*;
        match self {
            PrescriptionNotFound | NotFound => 404,
            InvalidIdentifier | QuantityExceeded | ProductInnMismatch | MarkingCodeInvalid => 422,
            AccessCodeMismatch | Forbidden => 403,
            NotYetValid | Expired | Cancelled | AlreadyDispensed | HeldByOtherPharmacy
            | HoldExpired | MarkingCodeRetired | IdempotencyConflict | WithdrawNotAllowed => 409,
            Unauthenticated => 401,
            ServiceUnavailable => 503,
            IdDocumentNotChecked => 428,
            BadRequest => 400,
            Internal => 500,
            TooManyAttempts => 429,
            // Client-side codes never travel on the wire; map them to sensible statuses anyway.
            NetworkUnavailable | Timeout | DispenseNotRecorded | PrinterUnavailable => 503,
            StorageError | ProtocolError => 500,
            NotSignedIn => 401,
            Locked => 423,
            IdDocumentCheckRequired => 428,
            AccessCodeRequired => 403,
            ERxRequired | InvalidSetting => 422,
            NotOffered => 501,
            UpdateNotConfigured | UpdateFailed => 500,
            UpdateUnreachable => 503,
            UpdateSignatureInvalid => 422,
            UpdateDowngrade | UpdateBusy => 409,
        }
    }

    /// True for codes that only the counter raises (never sent by the central API).
    pub fn is_local(self) -> bool {
        use ErrorCode::*;
        matches!(
            self,
            NetworkUnavailable
                | Timeout
                | StorageError
                | NotSignedIn
                | Locked
                | IdDocumentCheckRequired
                | AccessCodeRequired
                | InvalidSetting
                | ProtocolError
                | DispenseNotRecorded
                | PrinterUnavailable
                | NotOffered
                | UpdateNotConfigured
                | UpdateUnreachable
                | UpdateSignatureInvalid
                | UpdateDowngrade
                | UpdateBusy
                | UpdateFailed
        )
    }

    /// The wire spelling, e.g. `"HOLD_EXPIRED"`.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            PrescriptionNotFound => "PRESCRIPTION_NOT_FOUND",
            InvalidIdentifier => "INVALID_IDENTIFIER",
            AccessCodeMismatch => "ACCESS_CODE_MISMATCH",
            NotYetValid => "NOT_YET_VALID",
            Expired => "EXPIRED",
            Cancelled => "CANCELLED",
            AlreadyDispensed => "ALREADY_DISPENSED",
            HeldByOtherPharmacy => "HELD_BY_OTHER_PHARMACY",
            HoldExpired => "HOLD_EXPIRED",
            QuantityExceeded => "QUANTITY_EXCEEDED",
            ProductInnMismatch => "PRODUCT_INN_MISMATCH",
            MarkingCodeInvalid => "MARKING_CODE_INVALID",
            MarkingCodeRetired => "MARKING_CODE_RETIRED",
            IdempotencyConflict => "IDEMPOTENCY_CONFLICT",
            Unauthenticated => "UNAUTHENTICATED",
            Forbidden => "FORBIDDEN",
            ServiceUnavailable => "SERVICE_UNAVAILABLE",
            IdDocumentNotChecked => "ID_DOCUMENT_NOT_CHECKED",
            BadRequest => "BAD_REQUEST",
            NotFound => "NOT_FOUND",
            WithdrawNotAllowed => "WITHDRAW_NOT_ALLOWED",
            Internal => "INTERNAL",
            TooManyAttempts => "TOO_MANY_ATTEMPTS",
            NetworkUnavailable => "NETWORK_UNAVAILABLE",
            Timeout => "TIMEOUT",
            StorageError => "STORAGE_ERROR",
            NotSignedIn => "NOT_SIGNED_IN",
            Locked => "LOCKED",
            IdDocumentCheckRequired => "ID_DOCUMENT_CHECK_REQUIRED",
            AccessCodeRequired => "ACCESS_CODE_REQUIRED",
            ERxRequired => "E_RX_REQUIRED",
            InvalidSetting => "INVALID_SETTING",
            ProtocolError => "PROTOCOL_ERROR",
            DispenseNotRecorded => "DISPENSE_NOT_RECORDED",
            PrinterUnavailable => "PRINTER_UNAVAILABLE",
            NotOffered => "NOT_OFFERED",
            UpdateNotConfigured => "UPDATE_NOT_CONFIGURED",
            UpdateUnreachable => "UPDATE_UNREACHABLE",
            UpdateSignatureInvalid => "UPDATE_SIGNATURE_INVALID",
            UpdateDowngrade => "UPDATE_DOWNGRADE",
            UpdateBusy => "UPDATE_BUSY",
            UpdateFailed => "UPDATE_FAILED",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error envelope: `{"error": {"code", "message", "details"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// One error: a code to branch on, an English message for logs, and structured details
/// (e.g. `remaining` for `QUANTITY_EXCEEDED`, `holder` and `expires_at` for
/// `HELD_BY_OTHER_PHARMACY`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    #[schema(value_type = Object)]
    pub details: serde_json::Map<String, serde_json::Value>,
}

impl ErrorBody {
    /// An envelope with no details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
                details: serde_json::Map::new(),
            },
        }
    }

    /// Adds one detail field.
    pub fn with(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.error.details.insert(key.to_owned(), value.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_spelling_matches_serde_for_every_code() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::Value::String(code.as_str().to_owned()));
            let back: ErrorCode = serde_json::from_value(json).unwrap();
            assert_eq!(back, code);
        }
    }

    #[test]
    fn contract_statuses_match_the_rule_table() {
        assert_eq!(ErrorCode::PrescriptionNotFound.http_status(), 404);
        assert_eq!(ErrorCode::InvalidIdentifier.http_status(), 422);
        assert_eq!(ErrorCode::AccessCodeMismatch.http_status(), 403);
        assert_eq!(ErrorCode::HeldByOtherPharmacy.http_status(), 409);
        assert_eq!(ErrorCode::QuantityExceeded.http_status(), 422);
        assert_eq!(ErrorCode::MarkingCodeRetired.http_status(), 409);
        assert_eq!(ErrorCode::Unauthenticated.http_status(), 401);
        assert_eq!(ErrorCode::ServiceUnavailable.http_status(), 503);
        assert_eq!(ErrorCode::TooManyAttempts.http_status(), 429);
        assert_eq!(ErrorCode::Forbidden.http_status(), 403);
    }

    #[test]
    fn every_code_is_listed_once_in_all() {
        let unique: std::collections::HashSet<_> = ErrorCode::ALL.iter().collect();
        assert_eq!(unique.len(), ErrorCode::ALL.len());
        assert!(ErrorCode::ALL.contains(&ErrorCode::TooManyAttempts));
        assert!(!ErrorCode::TooManyAttempts.is_local());
        assert_eq!(ErrorCode::TooManyAttempts.as_str(), "TOO_MANY_ATTEMPTS");
    }

    #[test]
    fn local_codes_are_flagged() {
        assert!(ErrorCode::NetworkUnavailable.is_local());
        assert!(ErrorCode::DispenseNotRecorded.is_local());
        assert!(!ErrorCode::HoldExpired.is_local());
        assert!(
            !ErrorCode::ERxRequired.is_local(),
            "a paper record's verdict"
        );
    }

    #[test]
    fn envelope_omits_empty_details_and_keeps_given_ones() {
        let plain = serde_json::to_string(&ErrorBody::new(ErrorCode::Expired, "x")).unwrap();
        assert_eq!(plain, r#"{"error":{"code":"EXPIRED","message":"x"}}"#);
        let rich = ErrorBody::new(ErrorCode::QuantityExceeded, "too many").with("remaining", 3);
        assert_eq!(rich.error.details["remaining"], 3);
    }
}
