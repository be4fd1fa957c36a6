//! What the single counter input can hold: a QR payload in one of its three accepted forms, a
//! prescription number (optionally followed by the access code), or a patient's PINFL.
//!
//! Accepted forms:
//! - `DMEDRX:1:<number>:<code>` (the DMED app's QR code);
//! - a URL whose path ends in `/rx/<number>`, with the code in `?c=`;
//! - a bare number, with or without dashes, optionally followed by white space and the code;
//! - 13 to 15 digits and nothing else: a PINFL.
//!
//! Scanner framing: surrounding white space (the CR, LF or TAB a scanner ends a read with) is
//! trimmed and an AIM symbology identifier before the data (`]Q1`) is dropped. A character that
//! cannot be seen (GS, NUL, ESC, a zero-width space) anywhere else is refused, naming it and its
//! position: in a QR payload by its position in the payload (a URL parser would silently drop
//! tabs and line breaks and percent-encode the rest), in a typed number or PINFL by the
//! identifier's own rules.

use super::error::{IdError, IdField};
use super::invisible::is_invisible;
use super::{strip_symbology_id, trim_input, AccessCode, Pinfl, RxNumber, MAX_INPUT_CHARS};

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
        let s = trim_input(strip_symbology_id(trim_input(input)));
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
            refuse_invisible(s)?;
            return parse_dmedrx(&s[QR_PREFIX.len()..]);
        }
        let lower = s.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            refuse_invisible(s)?;
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

/// Refuses a QR payload with a character that cannot be seen, naming the first one.
fn refuse_invisible(s: &str) -> Result<(), IdError> {
    match s.chars().enumerate().find(|(_, c)| is_invisible(*c)) {
        Some((i, c)) => Err(IdError::ControlCharacter {
            field: IdField::QrPayload,
            position: i as u32 + 1,
            found: c.to_string(),
        }),
        None => Ok(()),
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
    use crate::ids::scanner_input::{insert_at, invisible, symbology_id, trailer};
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

    #[test]
    fn a_qr_read_with_a_symbology_identifier_is_recognised() {
        let n = number();
        let plain = LookupKey::parse(&format!("DMEDRX:1:{}:0420", n.as_str())).unwrap();
        assert_eq!(
            LookupKey::parse(&format!("]Q1DMEDRX:1:{}:0420\r\n", n.as_str())).unwrap(),
            plain
        );
    }

    #[test]
    fn a_line_break_inside_a_qr_url_is_refused_not_dropped() {
        // A URL parser drops tabs and line breaks silently; the payload must be refused instead.
        let n = number();
        let s = format!(
            "https://dmed.uz/rx/{}\n{}?c=0420",
            &n.as_str()[..6],
            &n.as_str()[6..]
        );
        assert_eq!(
            LookupKey::parse(&s).unwrap_err(),
            IdError::ControlCharacter {
                field: IdField::QrPayload,
                position: 26,
                found: "\n".into()
            }
        );
    }

    #[test]
    fn a_zero_width_space_in_a_qr_url_is_named_not_percent_encoded() {
        let n = number();
        let e = LookupKey::parse(&format!("https://dmed.uz/rx/\u{200b}{}?c=0420", n.as_str()))
            .unwrap_err();
        assert!(
            matches!(e, IdError::ControlCharacter { position: 20, .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains("U+200B (zero-width space)"), "{e}");
    }

    fn qr_forms() -> impl Strategy<Value = (String, usize)> {
        // Each accepted QR form with the length of its fixed prefix.
        "[0-9A-Z]{11}".prop_flat_map(|body| {
            let n = RxNumber::from_body(&body).unwrap();
            proptest::sample::select(vec![
                (format!("DMEDRX:1:{}:0420", n.as_str()), "DMEDRX:".len()),
                (format!("dmedrx:1:{}:0420", n.display()), "DMEDRX:".len()),
                (
                    format!("https://dmed.uz/rx/{}?c=0420", n.as_str()),
                    "https://".len(),
                ),
            ])
        })
    }

    proptest! {
        #[test]
        fn a_qr_with_scanner_framing_parses_the_same((qr, _) in qr_forms(), id in symbology_id(), with_id: bool, end in trailer()) {
            let plain = LookupKey::parse(&qr).unwrap();
            let framed = format!("{}{qr}{end}", if with_id { id } else { "" });
            prop_assert_eq!(LookupKey::parse(&framed).unwrap(), plain);
        }

        #[test]
        fn an_invisible_character_inside_a_qr_is_refused_by_name((qr, prefix) in qr_forms(), at in 0usize..64, c in invisible()) {
            let at = prefix + at % (qr.chars().count() - prefix);
            let e = LookupKey::parse(&insert_at(&qr, at, c)).unwrap_err();
            prop_assert_eq!(&e, &IdError::ControlCharacter {
                field: IdField::QrPayload,
                position: at as u32 + 1,
                found: c.to_string(),
            });
            prop_assert!(e.to_string().contains(&format!("U+{:04X}", c as u32)), "{}", e);
        }

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
