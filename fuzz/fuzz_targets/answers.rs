//! `central::dmed_v1::decode_answer` on arbitrary answers: the first two bytes are the HTTP
//! status, the third says whether a `Retry-After` came (and its seconds), the rest is the body.
//! Every answer type the client receives is decoded from it, and so is the error envelope. A
//! decoded answer needs a 2xx status and re-serialises to JSON that decodes to the same value; a
//! failure is the error its status calls for, and the text it keeps stays bounded (message and
//! reason 1 KB, details 8 KB) whatever the body holds.
//!
//! The target links `central` alone: no SQLite, so no sanitiser options of its own.
#![no_main]

use central::dmed_v1::decode_answer;
use central::CentralError;
use dmed_api::types::{
    CatalogDelta, Dispense, DispenseHistory, Health, Hold, PaperRecordsResponse,
    PatientPrescriptions, Prescription, TokenResponse,
};
use dmed_api::ErrorBody;
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;

/// What the client keeps from an error at most (see the client's bounds).
const MAX_TEXT: usize = 1024;
const MAX_DETAILS: usize = 8 * 1024 + 32 * 8;
/// A reason without an envelope quotes at most 200 bytes of the body (each may become U+FFFD).
const MAX_REASON: usize = 2 * MAX_TEXT;

fn check<T>(status: u16, retry_after: Option<u64>, body: &[u8])
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    match decode_answer::<T>(status, retry_after, body) {
        Ok(value) => {
            assert!((200..300).contains(&status), "decoded with status {status}");
            let again = serde_json::to_vec(&value).expect("a decoded answer re-serialises");
            let back = decode_answer::<T>(status, None, &again).expect("and decodes again");
            assert_eq!(back, value);
        }
        Err(e) => check_error(&e, status, retry_after),
    }
}

fn check_error(e: &CentralError, status: u16, retry_after: Option<u64>) {
    let details_len = |d: &serde_json::Map<String, serde_json::Value>| {
        serde_json::to_string(d).map(|s| s.len()).unwrap_or(0)
    };
    match e {
        CentralError::Protocol { reason } => {
            assert!(
                reason.len() <= MAX_REASON,
                "reason of {} bytes",
                reason.len()
            );
        }
        CentralError::Rejected {
            message, details, ..
        } => {
            assert!(
                (100..1000).contains(&status),
                "rejected with status {status}"
            );
            assert!(!(200..300).contains(&status) && status != 503, "{status}");
            assert!(
                message.len() <= MAX_TEXT,
                "message of {} bytes",
                message.len()
            );
            assert!(
                details_len(details) <= MAX_DETAILS,
                "{}",
                details_len(details)
            );
        }
        CentralError::ServiceUnavailable {
            retry_after_secs,
            details,
        } => {
            assert_eq!(status, 503);
            assert_eq!(*retry_after_secs, retry_after);
            assert!(
                details_len(details) <= MAX_DETAILS,
                "{}",
                details_len(details)
            );
        }
        other => panic!("an answer became {other:?}"),
    }
    let _ = (e.to_string(), e.code(), e.details());
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let status = u16::from_be_bytes([data[0], data[1]]);
    let retry_after = (data[2] & 1 == 1).then_some(u64::from(data[2] >> 1));
    let body = &data[3..];
    check::<TokenResponse>(status, retry_after, body);
    check::<Health>(status, retry_after, body);
    check::<Prescription>(status, retry_after, body);
    check::<PatientPrescriptions>(status, retry_after, body);
    check::<Hold>(status, retry_after, body);
    check::<Dispense>(status, retry_after, body);
    check::<DispenseHistory>(status, retry_after, body);
    check::<PaperRecordsResponse>(status, retry_after, body);
    check::<CatalogDelta>(status, retry_after, body);
    check::<ErrorBody>(status, retry_after, body);
});
