//! The FHIR R5 face's work: the same prescriptions, dispenses and rules as contract v1, read and
//! written through the v1 services (lookup, dispense, withdraw, history) and turned into FHIR
//! only by the `dhp_fhir` mapping, so the sandbox serves what the `dhp-fhir` adapter reads.
//!
//! - [`query`]: the searches offered, read strictly from their parameters;
//! - [`search`]: answering them as searchset Bundles;
//! - [`catalogue`]: the national drug list as Medications, in linked pages;
//! - [`transaction`]: a dispense as conditional creates, a withdrawal as updates.
//!
//! Patients and prescribers have opaque ids ([`crate::store::fhir_ids`]); requests and
//! dispense lines keep the ids of contract v1 (`dhp_fhir::prescription::fhir_id`,
//! `dhp_fhir::dispense::line_key`).

pub mod catalogue;
pub mod query;
pub mod search;
pub mod transaction;

use std::collections::HashMap;

use crate::api_error::ApiResult;
use crate::store::fhir_ids;
use dhp_fhir::dispense::resources_of_dispense;
use dhp_fhir::model::{MedicationDispense, Reference, Resource};
use dmed_api::types::{Dispense, Prescription};
use rusqlite::Connection;

/// How one prescription is served: the ids of its patient and prescriber, its items' units.
#[derive(Debug, Clone)]
pub struct Served {
    pub patient_id: String,
    pub prescriber_id: String,
    /// The unit word of each item, by contract v1 item id.
    pub units: HashMap<String, String>,
}

impl Served {
    pub fn of(conn: &Connection, rx: &Prescription) -> ApiResult<Served> {
        Ok(Served {
            patient_id: fhir_ids::patient_id(conn, &rx.patient.pinfl)?,
            prescriber_id: fhir_ids::practitioner_role_id(conn, &rx.prescriber)?,
            units: rx
                .items
                .iter()
                .map(|i| (i.item_id.clone(), i.unit.clone()))
                .collect(),
        })
    }

    /// The patient, as requests and dispenses name them.
    pub fn subject(&self) -> Reference {
        Reference::to(format!("Patient/{}", self.patient_id))
    }

    /// A dispense's lines, one MedicationDispense each (ids: `<dispense id>.<n>`).
    pub fn lines(&self, d: &Dispense) -> Vec<MedicationDispense> {
        resources_of_dispense(d, &self.subject(), |item_id| {
            self.units.get(item_id).cloned().unwrap_or_default()
        })
    }

    /// The same, as resources.
    pub fn line_resources(&self, d: &Dispense) -> Vec<Resource> {
        self.lines(d)
            .into_iter()
            .map(|md| Resource::MedicationDispense(Box::new(md)))
            .collect()
    }
}
