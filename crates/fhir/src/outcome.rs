//! Refusals both ways: contract v1's error (`{code, message, details}`) is an
//! `OperationOutcome` whose issue carries the code in `details.coding` (Dorixona's error-code
//! system), the message as `details.text` and the details in an extension; its FHIR issue type
//! follows the code. An outcome from another server, without our coding, is read by its issue
//! type and HTTP status, and its text is kept whole.

use dmed_api::{ErrorBody, ErrorCode};
use serde_json::{Map, Value};

use crate::model::{CodeableConcept, Coding, OperationOutcome, OutcomeIssue};
use crate::systems;

/// Extension on an issue: contract v1's `details`, as a JSON object in `valueString`.
pub const EXT_ERROR_DETAILS: &str = "https://dorixona.uz/fhir/StructureDefinition/error-details";

/// The FHIR issue type (`http://hl7.org/fhir/issue-type`) of a contract error.
pub fn issue_type(code: ErrorCode) -> &'static str {
    use ErrorCode::*;
    match code {
        PrescriptionNotFound | NotFound => "not-found",
        InvalidIdentifier | BadRequest | MarkingCodeInvalid => "invalid",
        Unauthenticated | NotSignedIn => "login",
        Forbidden | AccessCodeMismatch | AccessCodeRequired => "forbidden",
        TooManyAttempts => "throttled",
        ServiceUnavailable | NetworkUnavailable | Timeout => "transient",
        IdempotencyConflict | HeldByOtherPharmacy => "conflict",
        NotOffered => "not-supported",
        Internal | StorageError | ProtocolError => "exception",
        _ => "business-rule",
    }
}

/// A contract error as an OperationOutcome.
pub fn outcome_of(body: &ErrorBody) -> OperationOutcome {
    let e = &body.error;
    let mut issue = OutcomeIssue {
        severity: "error".to_owned(),
        code: issue_type(e.code).to_owned(),
        details: Some(CodeableConcept {
            coding: vec![Coding {
                system: Some(systems::ERROR_CODE.to_owned()),
                code: Some(e.code.as_str().to_owned()),
                ..Coding::default()
            }],
            text: Some(e.message.clone()),
            ..CodeableConcept::default()
        }),
        ..OutcomeIssue::default()
    };
    if !e.details.is_empty() {
        issue.extra.insert(
            "extension".to_owned(),
            serde_json::json!([{
                "url": EXT_ERROR_DETAILS,
                "valueString": Value::Object(e.details.clone()).to_string(),
            }]),
        );
    }
    OperationOutcome {
        issue: vec![issue],
        ..OperationOutcome::default()
    }
}

/// What an OperationOutcome says, in contract v1's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// The contract code: ours when the server wrote it, else the nearest one by issue type and
    /// status; `None` when nothing says which (the message is then all there is).
    pub code: Option<ErrorCode>,
    /// The server's words, whole.
    pub message: String,
    pub details: Map<String, Value>,
}

/// Reads an OperationOutcome answered with HTTP `status`.
pub fn refusal_of(outcome: &OperationOutcome, status: u16) -> Refusal {
    let issue = outcome
        .issue
        .iter()
        .find(|i| i.severity == "error" || i.severity == "fatal")
        .or_else(|| outcome.issue.first());
    let Some(issue) = issue else {
        return Refusal {
            code: by_status(status, None),
            message: format!("the central system refused the request (HTTP {status})"),
            details: Map::new(),
        };
    };
    let ours = issue
        .details
        .as_ref()
        .and_then(|d| d.code_in(systems::ERROR_CODE))
        .and_then(|c| serde_json::from_value::<ErrorCode>(Value::String(c.to_owned())).ok());
    let text = issue
        .details
        .as_ref()
        .and_then(|d| d.text.clone())
        .or_else(|| issue.diagnostics.clone())
        .or_else(|| {
            issue
                .details
                .as_ref()
                .and_then(|d| d.coding.iter().find_map(|c| c.display.clone()))
        })
        .unwrap_or_else(|| format!("the central system refused the request ({})", issue.code));
    let details = issue
        .extra
        .get("extension")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|e| e["url"] == EXT_ERROR_DETAILS)
        .and_then(|e| e["valueString"].as_str())
        .and_then(|s| serde_json::from_str::<Map<String, Value>>(s).ok())
        .unwrap_or_default();
    Refusal {
        code: ours.or_else(|| by_status(status, Some(&issue.code))),
        message: text,
        details,
    }
}

/// The contract code nearest to an issue type from another server and the HTTP status.
fn by_status(status: u16, issue_type: Option<&str>) -> Option<ErrorCode> {
    match (issue_type, status) {
        (Some("not-found"), _) | (_, 404) | (_, 410) => Some(ErrorCode::NotFound),
        (Some("login" | "unknown"), 401) | (_, 401) => Some(ErrorCode::Unauthenticated),
        (Some("forbidden" | "security" | "suppressed"), _) | (_, 403) => Some(ErrorCode::Forbidden),
        (Some("throttled"), _) | (_, 429) => Some(ErrorCode::TooManyAttempts),
        (Some("transient" | "timeout" | "lock-error" | "no-store"), _) | (_, 503) => {
            Some(ErrorCode::ServiceUnavailable)
        }
        (Some("not-supported"), _) | (_, 501) => Some(ErrorCode::NotOffered),
        (Some("duplicate" | "conflict"), _) | (_, 409) | (_, 412) => {
            Some(ErrorCode::IdempotencyConflict)
        }
        (_, 400) => Some(ErrorCode::BadRequest),
        (_, 500) => Some(ErrorCode::Internal),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Resource;

    #[test]
    fn every_contract_error_goes_out_and_comes_back_with_its_code_message_and_details() {
        for code in ErrorCode::ALL {
            let body = ErrorBody::new(code, "quantity 5 asked, only 3 remain")
                .with("remaining", 3)
                .with("item_id", "F8GO8Q2ADU21-1");
            let outcome = outcome_of(&body);
            // Through JSON, as it travels.
            let json = serde_json::to_value(Resource::OperationOutcome(Box::new(outcome))).unwrap();
            let Resource::OperationOutcome(back) = serde_json::from_value(json).unwrap() else {
                panic!("not an outcome");
            };
            let refusal = refusal_of(&back, code.http_status());
            assert_eq!(refusal.code, Some(code), "{code}");
            assert_eq!(refusal.message, "quantity 5 asked, only 3 remain");
            assert_eq!(refusal.details["remaining"], 3);
            assert_eq!(refusal.details["item_id"], "F8GO8Q2ADU21-1");
        }
    }

    #[test]
    fn another_servers_outcome_is_read_by_issue_type_and_status_and_its_text_kept_whole() {
        let outcome: Resource = serde_json::from_value(serde_json::json!({
            "resourceType": "OperationOutcome",
            "issue": [
                {"severity": "warning", "code": "informational", "diagnostics": "slow"},
                {"severity": "error", "code": "business-rule",
                 "diagnostics": "Retsept muddati o'tgan: 2026-11-30"}
            ]
        }))
        .unwrap();
        let Resource::OperationOutcome(o) = outcome else {
            panic!()
        };
        let r = refusal_of(&o, 422);
        assert_eq!(r.code, None);
        assert_eq!(r.message, "Retsept muddati o'tgan: 2026-11-30");
        assert_eq!(
            refusal_of(&o, 409).code,
            Some(ErrorCode::IdempotencyConflict)
        );
        let not_found = OperationOutcome {
            issue: vec![OutcomeIssue {
                severity: "error".into(),
                code: "not-found".into(),
                ..OutcomeIssue::default()
            }],
            ..OperationOutcome::default()
        };
        let r = refusal_of(&not_found, 404);
        assert_eq!(r.code, Some(ErrorCode::NotFound));
        assert!(r.message.contains("not-found"), "{}", r.message);
    }

    #[test]
    fn an_empty_outcome_still_says_what_happened() {
        let r = refusal_of(&OperationOutcome::default(), 503);
        assert_eq!(r.code, Some(ErrorCode::ServiceUnavailable));
        assert!(r.message.contains("503"));
    }
}
