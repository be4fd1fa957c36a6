//! The one error type of the counter: every failure carries a contract [`ErrorCode`] for the UI to
//! branch on, structured `details`, and an English message that says what to do next.

use dmed_api::{ErrorCode, IdError};
use serde_json::{Map, Value};

/// What went wrong with the local database, named so the message can say what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageProblem {
    /// The disk is full.
    DiskFull,
    /// Another process holds the database and did not let go in time.
    Locked,
    /// The file is damaged or is not a database.
    Corrupt,
    /// The database was written by a newer version of the app.
    TooNew,
    /// No keyring (and no key file) keeps the database key: patient data is not stored in the
    /// clear, so the database is not opened.
    NoKeyring,
    /// Any other failure.
    Other,
}

impl StorageProblem {
    fn as_str(self) -> &'static str {
        match self {
            StorageProblem::DiskFull => "disk_full",
            StorageProblem::Locked => "locked",
            StorageProblem::Corrupt => "corrupt",
            StorageProblem::TooNew => "too_new",
            StorageProblem::NoKeyring => "no_keyring",
            StorageProblem::Other => "other",
        }
    }
}

/// Any failure of a counter operation.
#[derive(Debug, thiserror::Error)]
pub enum CounterError {
    /// The central API refused the request with a contract error (or the counter predicted that
    /// it would, from the cached prescription, before sending anything).
    #[error("{message}. {}", next_step(*code))]
    Rejected {
        code: ErrorCode,
        message: String,
        details: Map<String, Value>,
    },
    /// The central API is overloaded or in maintenance.
    #[error("The central system is temporarily unavailable{}. Queued dispenses are kept and sent when it is back.", retry_after_secs.map(|s| format!("; try again in {s} s")).unwrap_or_default())]
    ServiceUnavailable {
        retry_after_secs: Option<u64>,
        details: Map<String, Value>,
    },
    /// The central API could not be reached at all.
    #[error("The central system cannot be reached ({reason}). Check the network connection; dispenses are kept locally and sent when it is back.")]
    Network { reason: String },
    /// The central API did not answer in time.
    #[error("The central system did not answer in time ({reason}). Check the network connection and try again; dispenses are kept locally and sent later.")]
    Timeout { reason: String },
    /// The central API answered with something the counter does not understand.
    #[error("The central system sent an answer this counter does not understand ({reason}). Check the endpoint in Settings, or update Dorixona.")]
    Protocol { reason: String },
    /// The local database failed.
    #[error("{}", storage_message(*problem, reason))]
    Storage {
        problem: StorageProblem,
        reason: String,
    },
    /// The input is not a valid number, code, QR payload or PINFL.
    #[error("Invalid input: {0}. Check it and type or scan it again.")]
    InvalidIdentifier(IdError),
    /// A lookup by number needs the access code.
    #[error("A prescription number alone is not enough: ask the patient for the 4-digit access code printed beside the QR code and enter it after the number.")]
    AccessCodeRequired,
    /// A lookup by PINFL needs an identity-document check.
    #[error("Looking up by PINFL needs an identity document: check the patient's ID card or passport and confirm that you did.")]
    IdDocumentCheckRequired,
    /// No pharmacist is signed in.
    #[error("No pharmacist is signed in. Sign in and try again.")]
    NotSignedIn,
    /// The window is locked: its user unlocks it, or another signs in from the lock screen.
    #[error("The counter is locked. Unlock it with your secret, or sign in as yourself from the lock screen.")]
    Locked,
    /// A setting is not valid.
    #[error("The setting '{setting}' is not valid: {reason}. Correct it in Settings.")]
    InvalidSetting { setting: String, reason: String },
    /// A dispense was called off before it was written locally (`reason`: e.g. it did not
    /// finish within the answer bound); it will not be written or sent later.
    #[error(
        "Nothing was recorded: {reason}. Nothing was sent either; it is safe to dispense again."
    )]
    DispenseNotRecorded { reason: String },
}

impl From<central::CentralError> for CounterError {
    fn from(e: central::CentralError) -> Self {
        use central::CentralError as C;
        match e {
            C::Rejected {
                code,
                message,
                details,
            } => CounterError::Rejected {
                code,
                message,
                details,
            },
            C::ServiceUnavailable {
                retry_after_secs,
                details,
            } => CounterError::ServiceUnavailable {
                retry_after_secs,
                details,
            },
            C::Network { reason } => CounterError::Network { reason },
            C::Timeout { reason } => CounterError::Timeout { reason },
            C::Protocol { reason } => CounterError::Protocol { reason },
            e @ C::NotOffered(_) => CounterError::Rejected {
                code: ErrorCode::NotOffered,
                message: sentence(&e.to_string()),
                details: e.details(),
            },
            C::InvalidEndpoint { reason } => CounterError::InvalidSetting {
                setting: crate::settings::KEY_ENDPOINT.to_owned(),
                reason,
            },
        }
    }
}

impl CounterError {
    /// The contract code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            CounterError::Rejected { code, .. } => *code,
            CounterError::ServiceUnavailable { .. } => ErrorCode::ServiceUnavailable,
            CounterError::Network { .. } => ErrorCode::NetworkUnavailable,
            CounterError::Timeout { .. } => ErrorCode::Timeout,
            CounterError::Protocol { .. } => ErrorCode::ProtocolError,
            CounterError::Storage { .. } => ErrorCode::StorageError,
            CounterError::InvalidIdentifier(_) => ErrorCode::InvalidIdentifier,
            CounterError::AccessCodeRequired => ErrorCode::AccessCodeRequired,
            CounterError::IdDocumentCheckRequired => ErrorCode::IdDocumentCheckRequired,
            CounterError::NotSignedIn => ErrorCode::NotSignedIn,
            CounterError::Locked => ErrorCode::Locked,
            CounterError::InvalidSetting { .. } => ErrorCode::InvalidSetting,
            CounterError::DispenseNotRecorded { .. } => ErrorCode::DispenseNotRecorded,
        }
    }

    /// Structured details for the UI (e.g. `remaining` for `QUANTITY_EXCEEDED`,
    /// `retry_after_secs` for `SERVICE_UNAVAILABLE`, the identifier problem for
    /// `INVALID_IDENTIFIER`).
    pub fn details(&self) -> Map<String, Value> {
        match self {
            CounterError::Rejected { details, .. } => details.clone(),
            CounterError::ServiceUnavailable {
                retry_after_secs,
                details,
            } => central::error::unavailable_details(*retry_after_secs, details),
            CounterError::Network { reason }
            | CounterError::Timeout { reason }
            | CounterError::Protocol { reason } => one("reason", reason.clone()),
            CounterError::Storage { problem, reason } => {
                let mut d = one("problem", problem.as_str().to_owned());
                d.insert("reason".into(), Value::from(reason.clone()));
                d
            }
            CounterError::InvalidIdentifier(e) => e.details(),
            CounterError::InvalidSetting { setting, reason } => {
                let mut d = one("setting", setting.clone());
                d.insert("reason".into(), Value::from(reason.clone()));
                d
            }
            CounterError::DispenseNotRecorded { reason } => {
                let mut d = one("reason", reason.clone());
                d.insert("recorded".into(), Value::from(false));
                d
            }
            CounterError::AccessCodeRequired
            | CounterError::IdDocumentCheckRequired
            | CounterError::NotSignedIn
            | CounterError::Locked => Map::new(),
        }
    }

    /// A contract rejection with the given code and message and no details.
    pub fn rejected(code: ErrorCode, message: impl Into<String>) -> Self {
        CounterError::Rejected {
            code,
            message: message.into(),
            details: Map::new(),
        }
    }

    /// `PRESCRIPTION_NOT_FOUND` for a prescription this counter has no copy of (it must be
    /// looked up first).
    pub fn not_looked_up(number: &dmed_api::RxNumber) -> Self {
        Self::rejected(
            ErrorCode::PrescriptionNotFound,
            format!(
                "Prescription {} has not been looked up on this counter",
                number.display()
            ),
        )
    }

    /// A contract rejection with details.
    pub fn rejected_with(
        code: ErrorCode,
        message: impl Into<String>,
        details: Map<String, Value>,
    ) -> Self {
        CounterError::Rejected {
            code,
            message: message.into(),
            details,
        }
    }

    /// True when the request may not have reached the central API or may succeed if sent again
    /// unchanged (network, timeout, 503, a server fault, an unreadable answer).
    pub fn is_transient(&self) -> bool {
        match self {
            CounterError::Network { .. }
            | CounterError::Timeout { .. }
            | CounterError::ServiceUnavailable { .. }
            | CounterError::Protocol { .. } => true,
            CounterError::Rejected { code, .. } => *code == ErrorCode::Internal,
            _ => false,
        }
    }

    /// A storage failure with a free-text reason.
    pub(crate) fn storage(problem: StorageProblem, reason: impl Into<String>) -> Self {
        CounterError::Storage {
            problem,
            reason: reason.into(),
        }
    }
}

impl From<IdError> for CounterError {
    fn from(e: IdError) -> Self {
        CounterError::InvalidIdentifier(e)
    }
}

impl From<rusqlite::Error> for CounterError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        let problem = match e.sqlite_error_code() {
            Some(C::DiskFull) => StorageProblem::DiskFull,
            Some(C::DatabaseBusy | C::DatabaseLocked) => StorageProblem::Locked,
            Some(C::DatabaseCorrupt | C::NotADatabase) => StorageProblem::Corrupt,
            _ => StorageProblem::Other,
        };
        CounterError::storage(problem, e.to_string())
    }
}

impl From<serde_json::Error> for CounterError {
    fn from(e: serde_json::Error) -> Self {
        CounterError::storage(
            StorageProblem::Corrupt,
            format!("a stored record could not be read: {e}"),
        )
    }
}

fn one(key: &str, value: String) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(key.to_owned(), Value::from(value));
    m
}

fn storage_message(problem: StorageProblem, reason: &str) -> String {
    match problem {
        StorageProblem::DiskFull => format!(
            "The local database cannot be written because the disk is full ({reason}). Free some disk space and try again."
        ),
        StorageProblem::Locked => format!(
            "The local database is locked by another program ({reason}). Close other copies of Dorixona and try again."
        ),
        StorageProblem::Corrupt => format!(
            "The local database is damaged ({reason}). Contact support; do not delete the data folder."
        ),
        StorageProblem::TooNew => format!(
            "The local database was created by a newer version of Dorixona ({reason}). Install the newer version."
        ),
        StorageProblem::NoKeyring => format!(
            "Patient data on this counter is kept encrypted with a key held by the system keyring, and {reason}. Nothing is stored in the clear, so the counter cannot start: sign in to the desktop session so its keyring opens, or ask the installer to set DORIXONA_DB_KEY_FILE, then start Dorixona again."
        ),
        StorageProblem::Other => format!(
            "The local database failed ({reason}). Try again; if it keeps failing, contact support."
        ),
    }
}

/// What the pharmacist should do next after a contract error.
fn next_step(code: ErrorCode) -> &'static str {
    use ErrorCode::*;
    match code {
        PrescriptionNotFound => "Check the number or PINFL with the patient",
        InvalidIdentifier => "Check the number and type or scan it again",
        AccessCodeMismatch => "Ask the patient for the access code again",
        NotYetValid => "The prescription can be dispensed from its start date",
        Expired => "The patient needs a new prescription",
        Cancelled => "The prescriber cancelled it; the patient needs a new prescription",
        AlreadyDispensed => "Nothing is left to dispense on this prescription",
        HeldByOtherPharmacy => "Another pharmacy is dispensing it; wait until its hold ends",
        HoldExpired => "Reserve the prescription again and repeat the dispense",
        QuantityExceeded => "Lower the quantity to what remains",
        ProductInnMismatch => "Choose a product with the prescribed INN",
        MarkingCodeInvalid => "Scan the pack's marking code again",
        MarkingCodeRetired => "This pack was already sold; take another pack",
        IdempotencyConflict => {
            "This dispense was already sent with other contents; start a new dispense"
        }
        Unauthenticated => "Sign in again",
        Forbidden => "Your access was withdrawn; contact the pharmacy manager",
        ServiceUnavailable => "Try again later",
        IdDocumentNotChecked | IdDocumentCheckRequired => {
            "Check the patient's identity document and confirm it"
        }
        BadRequest => "Check what was entered and try again",
        NotFound => "Refresh the prescription and the catalogue and try again",
        WithdrawNotAllowed => "Only the newest dispense can be withdrawn, within 24 hours",
        Internal => "Try again; if it keeps failing, contact support",
        TooManyAttempts => "Wait until the lock ends, then try again with the right value",
        NetworkUnavailable | Timeout => "Check the network connection",
        StorageError => "Contact support",
        NotSignedIn => "Sign in",
        Locked => "Unlock the counter",
        AccessCodeRequired => "Ask the patient for the access code",
        ERxRequired => "This product can only be sold on an e-prescription",
        InvalidSetting => "Correct it in Settings",
        ProtocolError => "Check the endpoint in Settings",
        DispenseNotRecorded => "Nothing was recorded; it is safe to dispense again",
        PrinterUnavailable => "Check the printer, then print again from the history",
        NotOffered => "Do it the way your pharmacy does without this system's help, or ask support whether an update adds it",
        UpdateNotConfigured => "Ask the installer to set up the update feed and the release key",
        UpdateUnreachable => "Check the network connection, then check for updates again",
        UpdateSignatureInvalid => "Do not install it; tell support, the update may have been tampered with",
        UpdateDowngrade => "Nothing to install; this version is up to date",
        UpdateBusy => "Finish the open work, or choose to install anyway",
        UpdateFailed => "The running version stays; try again or ask support",
    }
}

/// A message of the contract's terms (lower case, no stop) as a sentence for people: its first
/// letter in capitals.
pub(crate) fn sentence(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_the_central_system_does_not_offer_is_not_offered_in_words_and_not_retried() {
        let e = CounterError::from(central::CentralError::NotOffered(central::Operation::Hold));
        assert_eq!(e.code(), ErrorCode::NotOffered);
        assert_eq!(e.details()["operation"], "hold");
        let text = e.to_string();
        assert!(
            text.starts_with("Holding prescriptions is not offered by this central system."),
            "{text}"
        );
        assert!(!e.is_transient(), "sending it again would not help");
    }

    #[test]
    fn the_central_systems_failures_keep_their_code_and_details_in_the_counter() {
        let cases = [
            central::CentralError::rejected(ErrorCode::Expired, "expired"),
            central::CentralError::ServiceUnavailable {
                retry_after_secs: Some(7),
                details: Map::new(),
            },
            central::CentralError::Network {
                reason: "refused".into(),
            },
            central::CentralError::Timeout {
                reason: "slow".into(),
            },
            central::CentralError::Protocol {
                reason: "garbled".into(),
            },
        ];
        for c in cases {
            let e = CounterError::from(c.clone());
            assert_eq!(e.code(), c.code(), "{c:?}");
            assert_eq!(e.details(), c.details(), "{c:?}");
        }
        let bad = CounterError::from(central::CentralError::InvalidEndpoint {
            reason: "plain http".into(),
        });
        assert_eq!(bad.code(), ErrorCode::InvalidSetting);
        assert_eq!(bad.details()["setting"], "endpoint");
    }

    #[test]
    fn every_variant_reports_its_code() {
        let cases: Vec<(CounterError, ErrorCode)> = vec![
            (
                CounterError::rejected(ErrorCode::HoldExpired, "hold ran out"),
                ErrorCode::HoldExpired,
            ),
            (
                CounterError::ServiceUnavailable {
                    retry_after_secs: Some(30),
                    details: Map::new(),
                },
                ErrorCode::ServiceUnavailable,
            ),
            (
                CounterError::Network { reason: "x".into() },
                ErrorCode::NetworkUnavailable,
            ),
            (
                CounterError::Timeout { reason: "x".into() },
                ErrorCode::Timeout,
            ),
            (
                CounterError::Protocol { reason: "x".into() },
                ErrorCode::ProtocolError,
            ),
            (
                CounterError::storage(StorageProblem::DiskFull, "x"),
                ErrorCode::StorageError,
            ),
            (CounterError::NotSignedIn, ErrorCode::NotSignedIn),
            (CounterError::Locked, ErrorCode::Locked),
            (
                CounterError::AccessCodeRequired,
                ErrorCode::AccessCodeRequired,
            ),
            (
                CounterError::IdDocumentCheckRequired,
                ErrorCode::IdDocumentCheckRequired,
            ),
            (
                CounterError::DispenseNotRecorded { reason: "x".into() },
                ErrorCode::DispenseNotRecorded,
            ),
        ];
        for (err, code) in cases {
            assert_eq!(err.code(), code, "{err}");
        }
    }

    #[test]
    fn retry_after_is_kept_in_details_and_message() {
        let e = CounterError::ServiceUnavailable {
            retry_after_secs: Some(30),
            details: Map::new(),
        };
        assert_eq!(e.details()["retry_after_secs"], 30);
        assert!(e.to_string().contains("30 s"), "{e}");
    }

    #[test]
    fn storage_messages_name_disk_full_and_locked() {
        let full = CounterError::storage(StorageProblem::DiskFull, "write failed");
        assert!(full.to_string().contains("disk is full"), "{full}");
        let locked = CounterError::storage(StorageProblem::Locked, "busy");
        assert!(locked.to_string().contains("locked"), "{locked}");
        assert_eq!(locked.details()["problem"], "locked");
    }

    #[test]
    fn rejection_message_says_what_to_do_next() {
        let mut d = Map::new();
        d.insert("remaining".into(), Value::from(3));
        let e = CounterError::rejected_with(ErrorCode::QuantityExceeded, "only 3 remain", d);
        assert_eq!(e.details()["remaining"], 3);
        assert!(e.to_string().contains("Lower the quantity"), "{e}");
    }

    #[test]
    fn identifier_errors_keep_the_problem_as_details() {
        let err: CounterError = dmed_api::Pinfl::parse("30211975910034").unwrap_err().into();
        assert_eq!(err.code(), ErrorCode::InvalidIdentifier);
        assert_eq!(err.details()["problem"], "check_character");
        assert!(err.to_string().contains("expected '3'"), "{err}");
    }

    #[test]
    fn transient_errors_are_told_apart_from_rejections() {
        assert!(CounterError::Network { reason: "x".into() }.is_transient());
        assert!(CounterError::Timeout { reason: "x".into() }.is_transient());
        assert!(!CounterError::rejected(ErrorCode::QuantityExceeded, "x").is_transient());
    }
}
