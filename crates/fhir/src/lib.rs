//! FHIR R5 as Uzinfocom's Digital Health Platform (DHP) guide profiles it, for what a pharmacy
//! counter exchanges: prescriptions (`MedicationRequest`), dispenses (`MedicationDispense`),
//! the products handed over (`Medication`), patients, the transaction and search `Bundle`s and
//! refusals (`OperationOutcome`).
//!
//! - [`model`]: the resources and data types. Elements Dorixona does not use are kept as they
//!   came, so a resource read and written again loses nothing.
//! - [`systems`]: identifier and code system URIs, the guide's and Dorixona's own.
//! - [`prescription`], [`dispense`], [`outcome`]: the mapping between contract v1 (the terms
//!   the counter works in) and these resources, both ways: the `dhp-fhir` adapter reads what a
//!   server sends and writes what it sends; the training sandbox writes what it serves and reads
//!   what it is sent. One mapping for both sides keeps their meaning the same.

pub mod catalogue;
pub mod dispense;
pub mod model;
pub mod outcome;
pub mod prescription;
pub mod systems;
pub mod when;

pub use model::Resource;

/// Why a resource could not be mapped to contract v1: which element, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{element}: {problem}")]
pub struct MappingError {
    pub element: String,
    pub problem: String,
}

impl MappingError {
    pub fn new(element: impl Into<String>, problem: impl Into<String>) -> MappingError {
        MappingError {
            element: element.into(),
            problem: problem.into(),
        }
    }

    /// A required element that is absent.
    pub fn missing(element: impl Into<String>) -> MappingError {
        MappingError::new(element, "is missing")
    }
}
