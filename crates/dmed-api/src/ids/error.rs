//! What can be wrong with an identifier, as data (for the UI to translate) and as an English sentence.

use super::invisible::{describe, escape, is_invisible};
use serde::{Deserialize, Serialize};

/// Which identifier a parse failure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum IdField {
    Pinfl,
    PrescriptionNumber,
    AccessCode,
    QrPayload,
    PackCode,
}

impl std::fmt::Display for IdField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IdField::Pinfl => "PINFL",
            IdField::PrescriptionNumber => "prescription number",
            IdField::AccessCode => "access code",
            IdField::QrPayload => "QR code",
            IdField::PackCode => "pack code",
        })
    }
}

/// A parse failure. Positions are 1-based character positions in the input after trimming and
/// (for prescription numbers) after removing dashes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum IdError {
    #[error("the {field} is empty")]
    Empty { field: IdField },
    #[error("the {field} must be {expected} characters long, this one has {found}")]
    Length {
        field: IdField,
        expected: u32,
        found: u32,
    },
    #[error(
        "the {field} may contain only digits; position {position} has {}",
        describe(found)
    )]
    NonDigit {
        field: IdField,
        position: u32,
        found: String,
    },
    /// A control or zero-width character (see `is_invisible`); `found` is the character itself.
    #[error(
        "the {field} has an invisible character, {}, at position {position}",
        describe(found)
    )]
    ControlCharacter {
        field: IdField,
        position: u32,
        #[serde(default)]
        found: String,
    },
    #[error("the {field} has {} at position {position}, which is not allowed{}", describe(found), lookalike.as_ref().map(|l| format!(" (it looks like the Latin '{l}': retype it with a Latin keyboard)")).unwrap_or_default())]
    InvalidCharacter {
        field: IdField,
        position: u32,
        found: String,
        lookalike: Option<String>,
    },
    #[error(
        "the {field}'s check character is wrong: expected {}, found {} (a character was mistyped)",
        describe(expected),
        describe(found)
    )]
    CheckCharacter {
        field: IdField,
        expected: String,
        found: String,
    },
    #[error(
        "the PINFL's first digit must be 1 to 6 (sex and century), found {}",
        describe(found)
    )]
    SexCentury { found: String },
    #[error("the PINFL's birth date {day:02}.{month:02}.{year} does not exist")]
    BirthDate { day: u32, month: u32, year: i32 },
    #[error("the QR code is not a DMED prescription code")]
    UnknownQrFormat,
    #[error(
        "the QR code has version {}; this counter reads version 1",
        describe(found)
    )]
    UnsupportedQrVersion { found: String },
    #[error("the pack code lacks the GS1 field ({ai})")]
    PackCodeMissingAi { ai: String },
    #[error(
        "the pack code has a GS1 field ({}) this counter does not read",
        escape(ai)
    )]
    PackCodeUnknownAi { ai: String },
    #[error("the pack code's GS1 field ({}) is malformed: {reason}", escape(ai))]
    PackCodeField { ai: String, reason: String },
}

impl IdError {
    /// The identifier the failure is about.
    pub fn field(&self) -> IdField {
        match self {
            IdError::Empty { field }
            | IdError::Length { field, .. }
            | IdError::NonDigit { field, .. }
            | IdError::ControlCharacter { field, .. }
            | IdError::InvalidCharacter { field, .. }
            | IdError::CheckCharacter { field, .. } => *field,
            IdError::SexCentury { .. } | IdError::BirthDate { .. } => IdField::Pinfl,
            IdError::UnknownQrFormat | IdError::UnsupportedQrVersion { .. } => IdField::QrPayload,
            IdError::PackCodeMissingAi { .. }
            | IdError::PackCodeUnknownAi { .. }
            | IdError::PackCodeField { .. } => IdField::PackCode,
        }
    }

    /// The failure as a JSON object (`problem`, `field` and the numbers), for error details.
    pub fn details(&self) -> serde_json::Map<String, serde_json::Value> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        }
    }
}

/// Shared character checks: rejects control and zero-width characters and reports the first character that
/// `allowed` refuses, naming a Latin look-alike where there is one.
pub(crate) fn check_chars(
    field: IdField,
    chars: &[char],
    allowed: impl Fn(usize, char) -> bool,
    digits_only: bool,
) -> Result<(), IdError> {
    for (i, &c) in chars.iter().enumerate() {
        let position = i as u32 + 1;
        if is_invisible(c) {
            return Err(IdError::ControlCharacter {
                field,
                position,
                found: c.to_string(),
            });
        }
        if !allowed(i, c) {
            let found = c.to_string();
            return Err(if digits_only {
                IdError::NonDigit {
                    field,
                    position,
                    found,
                }
            } else {
                IdError::InvalidCharacter {
                    field,
                    position,
                    found,
                    lookalike: super::latin_lookalike(c).map(String::from),
                }
            });
        }
    }
    Ok(())
}
