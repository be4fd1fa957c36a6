//! The 4-digit access code the patient holds beside the QR code (proof of possession).

use super::error::{check_chars, IdError, IdField};
use super::{trim_input, MAX_INPUT_CHARS};
use serde::{Deserialize, Serialize};

/// Exactly four ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AccessCode(String);

impl AccessCode {
    /// Parses four digits, trimming surrounding white space.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let field = IdField::AccessCode;
        let s = trim_input(input);
        if s.is_empty() {
            return Err(IdError::Empty { field });
        }
        let count = s.chars().count();
        if count <= MAX_INPUT_CHARS {
            let chars: Vec<char> = s.chars().collect();
            check_chars(field, &chars, |_, c| c.is_ascii_digit(), true)?;
        }
        if count != 4 {
            return Err(IdError::Length {
                field,
                expected: 4,
                found: count as u32,
            });
        }
        Ok(Self(s.to_owned()))
    }

    /// The four digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AccessCode {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<AccessCode> for String {
    fn from(value: AccessCode) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::scanner_input::{cyrillic_lookalike, insert_at, invisible, trailer};
    use proptest::prelude::*;

    #[test]
    fn four_digits_only() {
        assert_eq!(AccessCode::parse(" 0420 ").unwrap().as_str(), "0420");
        let f = IdField::AccessCode;
        assert_eq!(
            AccessCode::parse("042").unwrap_err(),
            IdError::Length {
                field: f,
                expected: 4,
                found: 3
            }
        );
        assert_eq!(
            AccessCode::parse("04a0").unwrap_err(),
            IdError::NonDigit {
                field: f,
                position: 3,
                found: "a".into()
            }
        );
        assert_eq!(
            AccessCode::parse("").unwrap_err(),
            IdError::Empty { field: f }
        );
    }

    proptest! {
        #[test]
        fn a_code_with_a_line_ending_parses_the_same(code in "[0-9]{4}", end in trailer()) {
            let parsed = AccessCode::parse(&format!("{code}{end}")).unwrap();
            prop_assert_eq!(parsed.as_str(), code);
        }

        #[test]
        fn an_invisible_character_inside_is_refused_by_name(code in "[0-9]{4}", at in 1usize..4, c in invisible()) {
            let e = AccessCode::parse(&insert_at(&code, at, c)).unwrap_err();
            prop_assert_eq!(&e, &IdError::ControlCharacter {
                field: IdField::AccessCode,
                position: at as u32 + 1,
                found: c.to_string(),
            });
            prop_assert!(e.to_string().contains(&format!("U+{:04X}", c as u32)), "{}", e);
        }

        #[test]
        fn a_cyrillic_lookalike_is_a_non_digit(code in "[0-9]{4}", at in 0usize..4, c in cyrillic_lookalike()) {
            let mut chars: Vec<char> = code.chars().collect();
            chars[at] = c;
            prop_assert_eq!(
                AccessCode::parse(&chars.iter().collect::<String>()).unwrap_err(),
                IdError::NonDigit { field: IdField::AccessCode, position: at as u32 + 1, found: c.to_string() }
            );
        }
    }
}
