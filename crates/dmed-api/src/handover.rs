//! The terms of a handover both sides must read alike: why an item was closed without being
//! handed over (`not_dispensed_reason` of a dispense line), which identity document was checked,
//! and who received the medicine when it was not the patient.
//!
//! `not_dispensed_reason` travels as text: the reason's code, then optionally `": "` and the
//! pharmacist's words (`clinical: interaction with warfarin`). `other` needs the words.

use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

/// Longest free text of a not-dispensed reason, in characters.
pub const NOTE_MAX: usize = 200;
/// Longest name, relation or document number of a receiver, in characters.
pub const FIELD_MAX: usize = 100;

/// Why an item is closed without being handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum NotDispensedReason {
    OutOfStock,
    PatientDeclined,
    /// A contraindication or an interaction.
    Clinical,
    /// The pharmacist suspects an error in the prescription.
    SuspectedError,
    /// Anything else, said in words.
    Other,
}

impl NotDispensedReason {
    /// Every reason, in the order a list shows them.
    pub const ALL: [NotDispensedReason; 5] = [
        NotDispensedReason::OutOfStock,
        NotDispensedReason::PatientDeclined,
        NotDispensedReason::Clinical,
        NotDispensedReason::SuspectedError,
        NotDispensedReason::Other,
    ];

    /// The code on the wire.
    pub fn code(self) -> &'static str {
        match self {
            NotDispensedReason::OutOfStock => "out_of_stock",
            NotDispensedReason::PatientDeclined => "patient_declined",
            NotDispensedReason::Clinical => "clinical",
            NotDispensedReason::SuspectedError => "suspected_error",
            NotDispensedReason::Other => "other",
        }
    }

    /// The reason with this code.
    pub fn from_code(code: &str) -> Option<NotDispensedReason> {
        NotDispensedReason::ALL
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// A not-dispensed reason with the pharmacist's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotDispensed {
    pub reason: NotDispensedReason,
    /// Trimmed; `None` when empty.
    pub note: Option<String>,
}

/// Why a not-dispensed reason is refused (English, for people).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonError(pub String);

impl fmt::Display for ReasonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl NotDispensed {
    /// Checks a reason and its words: `other` needs words, and words are at most [`NOTE_MAX`]
    /// characters.
    pub fn new(reason: NotDispensedReason, note: Option<&str>) -> Result<Self, ReasonError> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if reason == NotDispensedReason::Other && note.is_none() {
            return Err(ReasonError(
                "say in words why the item is not dispensed when the reason is 'other'".into(),
            ));
        }
        if let Some(n) = note {
            if n.chars().count() > NOTE_MAX {
                return Err(ReasonError(format!(
                    "the reason's words are longer than {NOTE_MAX} characters"
                )));
            }
            if n.chars().any(char::is_control) {
                return Err(ReasonError(
                    "the reason's words contain control characters".into(),
                ));
            }
        }
        Ok(NotDispensed {
            reason,
            note: note.map(str::to_owned),
        })
    }

    /// The text sent in `not_dispensed_reason`.
    pub fn to_wire(&self) -> String {
        match &self.note {
            Some(n) => format!("{}: {n}", self.reason.code()),
            None => self.reason.code().to_owned(),
        }
    }

    /// Reads `not_dispensed_reason` as sent.
    pub fn parse(wire: &str) -> Result<Self, ReasonError> {
        let wire = wire.trim();
        let (code, note) = match wire.split_once(':') {
            Some((code, note)) => (code.trim(), Some(note)),
            None => (wire, None),
        };
        let reason = NotDispensedReason::from_code(code).ok_or_else(|| {
            let known: Vec<&str> = NotDispensedReason::ALL.iter().map(|r| r.code()).collect();
            ReasonError(format!(
                "'{code}' is not a not-dispensed reason; one of {}",
                known.join(", ")
            ))
        })?;
        NotDispensed::new(reason, note)
    }
}

/// An identity document a pharmacist checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum IdDocumentKind {
    Passport,
    IdCard,
    /// A child's birth certificate (the child is the patient).
    BirthCertificate,
}

impl IdDocumentKind {
    /// Every kind, in the order a list shows them.
    pub const ALL: [IdDocumentKind; 3] = [
        IdDocumentKind::Passport,
        IdDocumentKind::IdCard,
        IdDocumentKind::BirthCertificate,
    ];

    /// The code on the wire (also the `X-Id-Document-Kind` header's value).
    pub fn code(self) -> &'static str {
        match self {
            IdDocumentKind::Passport => "passport",
            IdDocumentKind::IdCard => "id_card",
            IdDocumentKind::BirthCertificate => "birth_certificate",
        }
    }

    /// The kind with this code.
    pub fn from_code(code: &str) -> Option<IdDocumentKind> {
        IdDocumentKind::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
    }
}

/// Who collected the medicine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReceiverKind {
    /// The patient themself.
    Patient,
    /// Someone else for the patient (a parent, a relative, a carer).
    Representative,
}

/// Who received the medicine of a dispense, and the document that was checked.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Receiver {
    pub kind: ReceiverKind,
    /// The document checked: optional for the patient, required for a representative.
    #[serde(default)]
    pub document: Option<IdDocumentKind>,
    /// The representative's document number.
    #[serde(default)]
    pub document_number: Option<String>,
    /// The representative's full name.
    #[serde(default)]
    pub full_name: Option<String>,
    /// How the representative is related to the patient (mother, son, carer…).
    #[serde(default)]
    pub relation: Option<String>,
}

impl fmt::Debug for Receiver {
    /// Names only the kind and the document's kind: the rest is personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("kind", &self.kind)
            .field("document", &self.document)
            .finish_non_exhaustive()
    }
}

/// Which field of a receiver is wrong, and why (English, for people).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiverError {
    pub field: &'static str,
    pub message: String,
}

fn filled(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl Receiver {
    /// The patient collected it, showing `document` (if one was checked).
    pub fn patient(document: Option<IdDocumentKind>) -> Receiver {
        Receiver {
            kind: ReceiverKind::Patient,
            document,
            document_number: None,
            full_name: None,
            relation: None,
        }
    }

    /// Checks the receiver: a representative needs a name, a relation and an adult's document
    /// (passport or ID card) with its number; the patient carries no name of their own here.
    pub fn check(&self) -> Result<(), ReceiverError> {
        let bad = |field: &'static str, message: &str| {
            Err(ReceiverError {
                field,
                message: message.to_owned(),
            })
        };
        for (field, value) in [
            ("full_name", &self.full_name),
            ("relation", &self.relation),
            ("document_number", &self.document_number),
        ] {
            if let Some(v) = filled(value) {
                if v.chars().count() > FIELD_MAX || v.chars().any(char::is_control) {
                    return bad(field, "too long or contains control characters");
                }
            }
        }
        match self.kind {
            ReceiverKind::Patient => {
                if filled(&self.full_name).is_some() || filled(&self.relation).is_some() {
                    return bad(
                        "kind",
                        "a name or relation is for someone collecting for the patient",
                    );
                }
                Ok(())
            }
            ReceiverKind::Representative => {
                if filled(&self.full_name).is_none() {
                    return bad("full_name", "enter the name of who collects the medicine");
                }
                if filled(&self.relation).is_none() {
                    return bad("relation", "enter how they are related to the patient");
                }
                match self.document {
                    None => bad(
                        "document",
                        "check the document of who collects the medicine",
                    ),
                    Some(IdDocumentKind::BirthCertificate) => bad(
                        "document",
                        "someone collecting for the patient shows a passport or an ID card",
                    ),
                    Some(_) if filled(&self.document_number).is_none() => {
                        bad("document_number", "enter the number of their document")
                    }
                    Some(_) => Ok(()),
                }
            }
        }
    }

    /// The document number with all but its last four characters hidden, for receipts.
    pub fn masked_document_number(&self) -> Option<String> {
        let n = filled(&self.document_number)?;
        let chars: Vec<char> = n.chars().collect();
        let keep = chars.len().min(4);
        let hidden = chars.len() - keep;
        Some(
            std::iter::repeat_n('*', hidden)
                .chain(chars[hidden..].iter().copied())
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_goes_to_the_wire_and_back() {
        for reason in NotDispensedReason::ALL {
            let nd = NotDispensed::new(reason, Some(" words ")).unwrap();
            assert_eq!(nd.note.as_deref(), Some("words"));
            assert_eq!(NotDispensed::parse(&nd.to_wire()).unwrap(), nd);
        }
        let bare = NotDispensed::new(NotDispensedReason::OutOfStock, None).unwrap();
        assert_eq!(bare.to_wire(), "out_of_stock");
        assert_eq!(NotDispensed::parse("out_of_stock").unwrap(), bare);
        let clinical = NotDispensed::parse("clinical: interaction: warfarin").unwrap();
        assert_eq!(clinical.note.as_deref(), Some("interaction: warfarin"));
    }

    #[test]
    fn other_needs_words_and_unknown_codes_are_named() {
        assert!(NotDispensed::new(NotDispensedReason::Other, Some("  ")).is_err());
        assert!(NotDispensed::parse("other").is_err());
        let err = NotDispensed::parse("lost_it").unwrap_err();
        assert!(
            err.0.contains("'lost_it'") && err.0.contains("out_of_stock"),
            "{err}"
        );
        let long = "x".repeat(NOTE_MAX + 1);
        assert!(NotDispensed::new(NotDispensedReason::Clinical, Some(&long)).is_err());
        assert!(NotDispensed::new(NotDispensedReason::Clinical, Some("a\u{7}b")).is_err());
    }

    fn representative() -> Receiver {
        Receiver {
            kind: ReceiverKind::Representative,
            document: Some(IdDocumentKind::Passport),
            document_number: Some("AA1234567".into()),
            full_name: Some("Karimova Malika".into()),
            relation: Some("mother".into()),
        }
    }

    #[test]
    fn a_representative_needs_name_relation_and_an_adults_document_with_its_number() {
        assert_eq!(representative().check(), Ok(()));
        let field = |f: fn(&mut Receiver)| {
            let mut r = representative();
            f(&mut r);
            r.check().unwrap_err().field
        };
        assert_eq!(field(|r| r.full_name = Some(" ".into())), "full_name");
        assert_eq!(field(|r| r.relation = None), "relation");
        assert_eq!(field(|r| r.document = None), "document");
        assert_eq!(
            field(|r| r.document = Some(IdDocumentKind::BirthCertificate)),
            "document"
        );
        assert_eq!(field(|r| r.document_number = None), "document_number");
        assert_eq!(field(|r| r.full_name = Some("x".repeat(101))), "full_name");
    }

    #[test]
    fn the_patient_may_show_any_document_or_none_but_carries_no_name() {
        assert_eq!(Receiver::patient(None).check(), Ok(()));
        assert_eq!(
            Receiver::patient(Some(IdDocumentKind::BirthCertificate)).check(),
            Ok(())
        );
        let mut r = Receiver::patient(None);
        r.full_name = Some("Someone".into());
        assert_eq!(r.check().unwrap_err().field, "kind");
    }

    #[test]
    fn receipts_show_only_the_last_four_characters_and_debug_hides_personal_data() {
        assert_eq!(
            representative().masked_document_number().as_deref(),
            Some("*****4567")
        );
        let shown = format!("{:?}", representative());
        assert!(
            !shown.contains("Malika") && !shown.contains("4567"),
            "{shown}"
        );
    }
}
