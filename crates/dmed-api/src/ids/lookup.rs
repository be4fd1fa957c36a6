//! What the single counter input can hold: a QR payload in one of its three accepted forms, a
//! prescription number (optionally followed by the access code), or a patient's PINFL.
//!
//! Accepted forms:
//! - `DMEDRX:1:<number>:<code>` (the DMED app's QR code);
//! - a URL whose path ends in `/rx/<number>`, with the code in `?c=`;
//! - a bare number, with or without dashes, optionally followed by white space and the code;
//! - 13 to 15 digits and nothing else: a PINFL.

use super::error::{IdError, IdField};
use super::{trim_input, AccessCode, Pinfl, RxNumber, MAX_INPUT_CHARS};

/// A parsed counter input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupKey {
    /// A prescription number; `code` is absent when only the number was typed.
    Number {
        number: RxNumber,
        code: Option<AccessCode>,
    },
    /// A patient's PINFL (a lookup by it needs an identity-document check).
    Pinfl(Pinfl),
}

const QR_PREFIX: &str = "DMEDRX:";

impl LookupKey {
    /// Classifies and validates one input.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let s = trim_input(input);
        if s.is_empty() {
            return Err(IdError::Empty {
                field: IdField::PrescriptionNumber,
            });
        }
        if s.chars().count() > MAX_INPUT_CHARS {
            return Err(IdError::Length {
                field: IdField::PrescriptionNumber,
                expected: 12,
                found: s.chars().count() as u32,
            });
        }
        if s.len() >= QR_PREFIX.len()
            && s.is_char_boundary(QR_PREFIX.len())
            && s[..QR_PREFIX.len()].eq_ignore_ascii_case(QR_PREFIX)
        {
            return parse_dmedrx(&s[QR_PREFIX.len()..]);
        }
        let lower = s.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return parse_url(s);
        }
        if s.chars().all(|c| c.is_ascii_digit()) && (13..=15).contains(&s.len()) {
            return Ok(LookupKey::Pinfl(Pinfl::parse(s)?));
        }
        // "NUMBER CODE": a number followed by white space and a 4-digit code.
        if let Some((head, tail)) = s.rsplit_once(char::is_whitespace) {
            let tail = tail.trim();
            if tail.len() == 4 && tail.bytes().all(|b| b.is_ascii_digit()) {
                return Ok(LookupKey::Number {
                    number: RxNumber::parse(head)?,
                    code: Some(AccessCode::parse(tail)?),
                });
            }
        }
        Ok(LookupKey::Number {
            number: RxNumber::parse(s)?,
            code: None,
        })
    }
}

fn parse_dmedrx(rest: &str) -> Result<LookupKey, IdError> {
    let mut parts = rest.split(':');
    let version = parts.next().unwrap_or_default();
    if version != "1" {
        return Err(IdError::UnsupportedQrVersion {
            found: version.chars().take(8).collect(),
        });
    }
    let number = parts.next().ok_or(IdError::UnknownQrFormat)?;
    let code = parts.next().ok_or(IdError::UnknownQrFormat)?;
    if parts.next().is_some() {
        return Err(IdError::UnknownQrFormat);
    }
    Ok(LookupKey::Number {
        number: RxNumber::parse(number)?,
        code: Some(AccessCode::parse(code)?),
    })
}

fn parse_url(s: &str) -> Result<LookupKey, IdError> {
    let url = url::Url::parse(s).map_err(|_| IdError::UnknownQrFormat)?;
    let mut segments: Vec<&str> = url
        .path_segments()
        .map(|p| p.filter(|seg| !seg.is_empty()).collect())
        .unwrap_or_default();
    let number = segments.pop().ok_or(IdError::UnknownQrFormat)?;
    if segments.pop() != Some("rx") {
        return Err(IdError::UnknownQrFormat);
    }
    let code = url
        .query_pairs()
        .find(|(k, _)| k == "c")
        .map(|(_, v)| AccessCode::parse(&v))
        .transpose()?;
    Ok(LookupKey::Number {
        number: RxNumber::parse(number)?,
        code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn number() -> RxNumber {
        RxNumber::from_body("7K3M9P2Q4R8").unwrap()
    }

    #[test]
    fn the_three_qr_forms_and_a_pinfl_are_recognised() {
        let n = number();
        let with_code = LookupKey::Number {
            number: n.clone(),
            code: Some(AccessCode::parse("0420").unwrap()),
        };
        assert_eq!(
            LookupKey::parse(&format!("DMEDRX:1:{}:0420", n.as_str())).unwrap(),
            with_code
        );
        assert_eq!(
            LookupKey::parse(&format!("dmedrx:1:{}:0420", n.display())).unwrap(),
            with_code
        );
        assert_eq!(
            LookupKey::parse(&format!("https://dmed.uz/rx/{}?c=0420", n.as_str())).unwrap(),
            with_code
        );
        assert_eq!(
            LookupKey::parse(&format!("{} 0420", n.display())).unwrap(),
            with_code
        );
        assert_eq!(
            LookupKey::parse(&n.display()).unwrap(),
            LookupKey::Number {
                number: n.clone(),
                code: None
            }
        );
        assert_eq!(
            LookupKey::parse("30211975910033").unwrap(),
            LookupKey::Pinfl(Pinfl::parse("30211975910033").unwrap())
        );
    }

    #[test]
    fn bad_payloads_say_what_is_wrong() {
        let n = number();
        assert_eq!(
            LookupKey::parse(&format!("DMEDRX:2:{}:0420", n.as_str())).unwrap_err(),
            IdError::UnsupportedQrVersion { found: "2".into() }
        );
        assert_eq!(
            LookupKey::parse("DMEDRX:1:").unwrap_err(),
            IdError::UnknownQrFormat
        );
        assert!(matches!(
            LookupKey::parse(&format!("DMEDRX:1:{}:04x0", n.as_str())).unwrap_err(),
            IdError::NonDigit {
                field: IdField::AccessCode,
                position: 3,
                ..
            }
        ));
        assert_eq!(
            LookupKey::parse("https://example.com/other/page").unwrap_err(),
            IdError::UnknownQrFormat
        );
        assert!(matches!(
            LookupKey::parse("30211975910034").unwrap_err(),
            IdError::CheckCharacter {
                field: IdField::Pinfl,
                ..
            }
        ));
        assert!(matches!(
            LookupKey::parse(&"x".repeat(10_240)).unwrap_err(),
            IdError::Length { .. }
        ));
        assert!(matches!(
            LookupKey::parse("\u{1b}[2J").unwrap_err(),
            IdError::ControlCharacter { .. }
        ));
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_panics(s in "\\PC{0,120}") {
            let _ = LookupKey::parse(&s);
        }

        #[test]
        fn arbitrary_dmedrx_tails_never_panic(s in "\\PC{0,60}") {
            let _ = LookupKey::parse(&format!("DMEDRX:{s}"));
            let _ = LookupKey::parse(&format!("https://h/rx/{s}"));
        }
    }
}
