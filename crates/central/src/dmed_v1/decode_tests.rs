//! Tests of [`decode_answer`]: the answers the client receives, broken and hostile ones included.

use super::decode_answer;
use crate::bounds::{MAX_DETAILS_BYTES, MAX_TEXT_BYTES};
use crate::CentralError;
use dmed_api::types::Health;
use dmed_api::ErrorCode;

const HEALTH: &str = r#"{"status":"ok","server_time":"2026-11-21T10:00:00Z","api_version":"1"}"#;
const TEN_MB: usize = 10 * 1024 * 1024;

fn envelope(code: &str, message: &str, details: &str) -> Vec<u8> {
    format!(r#"{{"error":{{"code":"{code}","message":"{message}","details":{details}}}}}"#)
        .into_bytes()
}

fn reason(e: &CentralError) -> &str {
    match e {
        CentralError::Protocol { reason } => reason,
        other => panic!("not a protocol error: {other:?}"),
    }
}

#[test]
fn a_success_decodes_the_body_and_a_garbled_one_is_a_protocol_error() {
    let h: Health = decode_answer(200, None, HEALTH.as_bytes()).unwrap();
    assert_eq!(h.api_version, "1");
    let e = decode_answer::<Health>(201, None, b"{\"status\":").unwrap_err();
    assert_eq!(e.code(), ErrorCode::ProtocolError);
}

#[test]
fn a_failure_keeps_the_envelope_code_message_and_details() {
    let body = envelope("QUANTITY_EXCEEDED", "only 3 remain", r#"{"remaining":3}"#);
    match decode_answer::<Health>(422, None, &body).unwrap_err() {
        CentralError::Rejected {
            code,
            message,
            details,
        } => {
            assert_eq!(code, ErrorCode::QuantityExceeded);
            assert_eq!(message, "only 3 remain");
            assert_eq!(details["remaining"], 3);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_503_keeps_retry_after_even_without_an_envelope() {
    let e = decode_answer::<Health>(503, Some(30), b"<html>busy</html>").unwrap_err();
    assert_eq!(e.code(), ErrorCode::ServiceUnavailable);
    assert_eq!(e.details()["retry_after_secs"], 30);
}

#[test]
fn a_status_outside_http_range_is_a_protocol_error() {
    for status in [0, 99, 1000, u16::MAX] {
        let e = decode_answer::<Health>(status, None, HEALTH.as_bytes()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ProtocolError, "{status}");
    }
}

#[test]
fn a_10_mb_error_message_is_cut_to_1_kb() {
    let body = envelope("FORBIDDEN", &"m".repeat(TEN_MB), "{}");
    match decode_answer::<Health>(403, None, &body).unwrap_err() {
        CentralError::Rejected { message, .. } => {
            assert!(message.len() <= MAX_TEXT_BYTES, "{}", message.len());
            assert!(message.starts_with("mmm"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn huge_details_are_cut_to_a_few_kilobytes() {
    let entries: Vec<String> = (0..100_000)
        .map(|i| format!(r#""k{i}":"{}""#, "v".repeat(100)))
        .collect();
    let details = format!(
        r#"{{"big":"{}",{}}}"#,
        "d".repeat(TEN_MB),
        entries.join(",")
    );
    for status in [409, 503] {
        let e =
            decode_answer::<Health>(status, None, &envelope("EXPIRED", "x", &details)).unwrap_err();
        let kept = serde_json::to_string(&e.details()).unwrap();
        assert!(
            kept.len() <= MAX_DETAILS_BYTES + 1024,
            "{status}: {}",
            kept.len()
        );
    }
}

#[test]
fn deeply_nested_details_are_a_protocol_error_not_a_stack_overflow() {
    let depth = 200_000;
    let details = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let e =
        decode_answer::<Health>(400, None, &envelope("BAD_REQUEST", "x", &details)).unwrap_err();
    assert!(reason(&e).len() <= MAX_TEXT_BYTES);
    let nested = format!("{}{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let e = decode_answer::<Health>(200, None, nested.as_bytes()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::ProtocolError);
}

#[test]
fn invalid_utf8_in_an_answer_is_a_protocol_error() {
    let mut body = envelope("FORBIDDEN", "ab", "{}");
    let at = body.windows(2).position(|w| w == b"ab").unwrap();
    body[at] = 0xff;
    body[at + 1] = 0xfe;
    let e = decode_answer::<Health>(403, None, &body).unwrap_err();
    assert!(reason(&e).contains("HTTP 403"), "{e}");
    let e = decode_answer::<Health>(200, None, b"{\"status\":\"\xff\"}").unwrap_err();
    assert_eq!(e.code(), ErrorCode::ProtocolError);
}

#[test]
fn a_10_mb_unknown_value_does_not_end_up_in_the_reason() {
    let unknown_code = format!("\"{}\"", "X".repeat(TEN_MB));
    let e = decode_answer::<ErrorCode>(200, None, unknown_code.as_bytes()).unwrap_err();
    assert!(reason(&e).len() <= MAX_TEXT_BYTES, "{}", reason(&e).len());
    let body = envelope(&"Y".repeat(TEN_MB), "x", "{}");
    let e = decode_answer::<Health>(418, None, &body).unwrap_err();
    assert!(reason(&e).len() <= MAX_TEXT_BYTES, "{}", reason(&e).len());
}

/// A long decimal parses to the nearest double, so a decoded answer written out again decodes to
/// the same value (found by the `answers` fuzz target: without exact parsing it came back one
/// unit in the last place apart).
#[test]
fn a_long_decimal_decodes_to_the_same_value_after_a_round_trip() {
    let body = envelope(
        "QUANTITY_EXCEEDED",
        "m",
        r#"{"k11":13333333333333333333333333333333333333332.333333333333}"#,
    );
    let first: dmed_api::ErrorBody = decode_answer(200, None, &body).unwrap();
    let again = serde_json::to_vec(&first).unwrap();
    let back: dmed_api::ErrorBody = decode_answer(200, None, &again).unwrap();
    assert_eq!(back, first);
}
