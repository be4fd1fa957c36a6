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
}
