//! Prescription numbers: 12 characters from `0-9A-Z`, the last an ISO/IEC 7064 MOD 37-2 check
//! character (alphabet `0-9A-Z+`). Shown as `XXXX-XXXX-XXXX`; typed with or without dashes, in
//! any case.

use super::error::{check_chars, IdError, IdField};
use super::{trim_input, MAX_INPUT_CHARS};
use serde::{Deserialize, Serialize};

const LEN: usize = 12;
const ALPHABET: &[u8; 37] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+";

/// A prescription number whose characters and check character are valid, stored canonically
/// (upper case, no dashes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RxNumber(String);

impl RxNumber {
    /// Parses a number typed or scanned: surrounding space trimmed, dashes dropped, any case.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let field = IdField::PrescriptionNumber;
        let s = trim_input(input);
        if s.is_empty() {
            return Err(IdError::Empty { field });
        }
        let count = s.chars().count();
        if count > MAX_INPUT_CHARS {
            return Err(IdError::Length {
                field,
                expected: LEN as u32,
                found: count as u32,
            });
        }
        let chars: Vec<char> = s
            .chars()
            .filter(|c| !is_dash(*c))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if chars.is_empty() {
            return Err(IdError::Empty { field });
        }
        check_chars(
            field,
            &chars,
            |i, c| c.is_ascii_digit() || c.is_ascii_uppercase() || (c == '+' && i == LEN - 1),
            false,
        )?;
        if chars.len() != LEN {
            return Err(IdError::Length {
                field,
                expected: LEN as u32,
                found: chars.len() as u32,
            });
        }
        let body: String = chars[..LEN - 1].iter().collect();
        let expected = check_char(&body);
        if expected != chars[LEN - 1] {
            return Err(IdError::CheckCharacter {
                field,
                expected: expected.to_string(),
                found: chars[LEN - 1].to_string(),
            });
        }
        Ok(Self(chars.into_iter().collect()))
    }

    /// Completes 11 characters of `0-9A-Z` with their check character. Returns `None` if `body`
    /// is not 11 such characters.
    pub fn from_body(body: &str) -> Option<Self> {
        let ok = body.len() == LEN - 1
            && body
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
        ok.then(|| Self(format!("{body}{}", check_char(body))))
    }

    /// The 12 characters, upper case, no dashes (the form used in URLs).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as printed: `XXXX-XXXX-XXXX`.
    pub fn display(&self) -> String {
        format!("{}-{}-{}", &self.0[..4], &self.0[4..8], &self.0[8..])
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '−')
}

/// ISO/IEC 7064 MOD 37-2 (pure system, radix 2) check character of `body` (`0-9A-Z` only).
pub(crate) fn check_char(body: &str) -> char {
    let p = body.bytes().fold(0u32, |p, b| {
        let v = ALPHABET.iter().position(|&a| a == b).unwrap_or(0) as u32;
        ((p + v) * 2) % 37
    });
    ALPHABET[((38 - p) % 37) as usize] as char
}

impl TryFrom<String> for RxNumber {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RxNumber> for String {
    fn from(value: RxNumber) -> Self {
        value.0
    }
}

impl std::fmt::Display for RxNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::latin_lookalike;
    use crate::ids::scanner_input::{cyrillic_lookalike, insert_at, invisible, trailer};
    use proptest::prelude::*;

    /// Pure-system property: the weighted sum over all 12 characters is 1 (mod 37).
    fn weighted_sum_is_one(s: &str) -> bool {
        let n = s.len() as u32;
        let sum: u64 = s
            .bytes()
            .enumerate()
            .map(|(i, b)| {
                let v = ALPHABET.iter().position(|&a| a == b).unwrap() as u64;
                v * 2u64.pow(n - 1 - i as u32)
            })
            .sum();
        sum % 37 == 1
    }

    #[test]
    fn dashes_case_and_space_are_tolerated() {
        let n = RxNumber::from_body("A1B2C3D4E5F").unwrap();
        let typed = format!("  {}  ", n.display().to_lowercase());
        assert_eq!(RxNumber::parse(&typed).unwrap(), n);
        assert_eq!(RxNumber::parse(n.as_str()).unwrap().display().len(), 14);
    }

    #[test]
    fn table_of_bad_inputs_names_the_problem() {
        let good = RxNumber::from_body("7K3M9P2Q4R8").unwrap();
        let wrong_check = {
            let last = good.as_str().chars().last().unwrap();
            let other = if last == '0' { '1' } else { '0' };
            format!("{}{other}", &good.as_str()[..11])
        };
        let field = IdField::PrescriptionNumber;
        assert_eq!(RxNumber::parse("").unwrap_err(), IdError::Empty { field });
        assert_eq!(
            RxNumber::parse("---").unwrap_err(),
            IdError::Empty { field }
        );
        assert_eq!(
            RxNumber::parse("7K3M-9P2Q").unwrap_err(),
            IdError::Length {
                field,
                expected: 12,
                found: 8
            }
        );
        assert!(matches!(
            RxNumber::parse(&wrong_check).unwrap_err(),
            IdError::CheckCharacter { .. }
        ));
        assert_eq!(
            RxNumber::parse("7K3M-9Р2Q-4R8X").unwrap_err(),
            IdError::InvalidCharacter {
                field,
                position: 6,
                found: "Р".into(),
                lookalike: Some("P".into())
            }
        );
        assert_eq!(
            RxNumber::parse("7K3M 9P2Q 4R8X").unwrap_err(),
            IdError::InvalidCharacter {
                field,
                position: 5,
                found: " ".into(),
                lookalike: None
            }
        );
        assert_eq!(
            RxNumber::parse("7K3M\u{0}9P2Q4R8X").unwrap_err(),
            IdError::ControlCharacter {
                field,
                position: 5,
                found: "\0".into()
            }
        );
        assert!(matches!(
            RxNumber::parse(&"A".repeat(10_240)).unwrap_err(),
            IdError::Length { found: 10_240, .. }
        ));
    }

    #[test]
    fn plus_is_allowed_only_as_the_check_character() {
        assert!(matches!(
            RxNumber::parse("+K3M9P2Q4R8X").unwrap_err(),
            IdError::InvalidCharacter { position: 1, .. }
        ));
    }

    #[test]
    fn cyrillic_lookalike_message_names_the_latin_letter() {
        let e = RxNumber::parse("АK3M9P2Q4R8X").unwrap_err();
        assert!(e.to_string().contains("Latin 'A'"), "{e}");
    }

    proptest! {
        #[test]
        fn generated_numbers_satisfy_the_pure_system_and_parse_back(body in "[0-9A-Z]{11}") {
            let n = RxNumber::from_body(&body).unwrap();
            prop_assert!(weighted_sum_is_one(n.as_str()));
            prop_assert_eq!(RxNumber::parse(&n.display()).unwrap(), n.clone());
            prop_assert_eq!(RxNumber::parse(&n.as_str().to_lowercase()).unwrap(), n);
        }

        #[test]
        fn a_single_substitution_is_caught(body in "[0-9A-Z]{11}", pos in 0usize..11, other in 0usize..36) {
            let n = RxNumber::from_body(&body).unwrap();
            let mut bytes = n.as_str().as_bytes().to_vec();
            prop_assume!(ALPHABET[other] != bytes[pos]);
            bytes[pos] = ALPHABET[other];
            let s = String::from_utf8(bytes).unwrap();
            prop_assert!(RxNumber::parse(&s).is_err());
        }

        #[test]
        fn a_transposition_of_neighbours_is_caught(body in "[0-9A-Z]{11}", pos in 0usize..10) {
            let n = RxNumber::from_body(&body).unwrap();
            let mut bytes = n.as_str().as_bytes().to_vec();
            prop_assume!(bytes[pos] != bytes[pos + 1]);
            bytes.swap(pos, pos + 1);
            let s = String::from_utf8(bytes).unwrap();
            prop_assert!(RxNumber::parse(&s).is_err());
        }

        #[test]
        fn arbitrary_strings_never_panic(s in "\\PC{0,80}") {
            let _ = RxNumber::parse(&s);
        }

        #[test]
        fn a_scanned_number_with_its_line_ending_parses_the_same(body in "[0-9A-Z]{11}", end in trailer(), dashed: bool) {
            let n = RxNumber::from_body(&body).unwrap();
            let shown = if dashed { n.display() } else { n.as_str().to_owned() };
            prop_assert_eq!(RxNumber::parse(&format!("{shown}{end}")).unwrap(), n);
        }

        #[test]
        fn an_invisible_character_inside_is_refused_by_name(body in "[0-9A-Z]{11}", at in 1usize..12, c in invisible()) {
            let n = RxNumber::from_body(&body).unwrap();
            let e = RxNumber::parse(&insert_at(n.as_str(), at, c)).unwrap_err();
            prop_assert_eq!(&e, &IdError::ControlCharacter {
                field: IdField::PrescriptionNumber,
                position: at as u32 + 1,
                found: c.to_string(),
            });
            prop_assert!(e.to_string().contains(&format!("U+{:04X}", c as u32)), "{}", e);
        }

        #[test]
        fn a_cyrillic_lookalike_is_refused_naming_the_latin_letter(body in "[0-9A-Z]{11}", at in 0usize..12, c in cyrillic_lookalike()) {
            let n = RxNumber::from_body(&body).unwrap();
            let mut chars: Vec<char> = n.as_str().chars().collect();
            chars[at] = c;
            let e = RxNumber::parse(&chars.iter().collect::<String>()).unwrap_err();
            let latin = latin_lookalike(c).unwrap();
            prop_assert_eq!(&e, &IdError::InvalidCharacter {
                field: IdField::PrescriptionNumber,
                position: at as u32 + 1,
                found: c.to_string(),
                lookalike: Some(latin.to_string()),
            });
            prop_assert!(e.to_string().contains(&format!("Latin '{latin}'")), "{}", e);
        }
    }
}
