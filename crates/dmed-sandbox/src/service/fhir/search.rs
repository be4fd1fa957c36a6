//! Answering a [`Query`] as a searchset Bundle, from the v1 lookup and history services (and
//! the catalogue, [`super::catalogue`], in pages) and through the `dhp_fhir` mapping. Nothing
//! found is an empty searchset (total 0), as a FHIR search answers: an unknown number, a
//! patient with nothing dispensable now, a dispense that does not exist, no product published
//! after the instant. Other refusals of the v1 services are answered as they are.

use std::collections::HashSet;

use super::query::{Includes, Query};
use super::{catalogue, Served};
use crate::api_error::ApiResult;
use crate::service::{lookup, withdraw, Now};
use crate::store::{dispenses, fhir_ids, prescriptions};
use dhp_fhir::model::{Bundle, Resource};
use dhp_fhir::prescription::{patient, prescriber, requests, searchset};
use dmed_api::types::Prescription;
use dmed_api::ErrorCode;
use rusqlite::Connection;
use uuid::Uuid;

/// The searchset of `query` at `now`; a paged one links its pages under `base`, the FHIR base
/// URL the request came to (`http://<host>/fhir`).
pub fn run(conn: &Connection, query: &Query, now: Now, base: &str) -> ApiResult<Bundle> {
    match query {
        Query::RequestsByNumber { number, include } => {
            let found = found(lookup::by_number_without_code(conn, number, now))?;
            of_prescriptions(conn, found.as_slice(), *include, now)
        }
        Query::RequestsOfPatient {
            patient_id,
            include,
        } => {
            let Some(pinfl) = fhir_ids::pinfl_of(conn, patient_id)? else {
                return Ok(searchset(Vec::new(), Vec::new()));
            };
            let found = found(lookup::by_patient(conn, &pinfl, now))?;
            let rxs = found.map(|p| p.prescriptions).unwrap_or_default();
            of_prescriptions(conn, &rxs, *include, now)
        }
        Query::PatientByPinfl(pinfl) => {
            let found = found(lookup::by_patient(conn, pinfl.as_str(), now))?;
            let matches = match found.and_then(|p| p.prescriptions.into_iter().next()) {
                Some(rx) => {
                    let id = fhir_ids::patient_id(conn, &rx.patient.pinfl)?;
                    vec![Resource::Patient(Box::new(patient(&rx.patient, &id)))]
                }
                None => Vec::new(),
            };
            Ok(searchset(matches, Vec::new()))
        }
        Query::DispensesOfRequests(item_ids) => of_requests(conn, item_ids, now),
        Query::Dispense { id, line } => of_dispense(conn, *id, *line, now),
        Query::Medications {
            since,
            count,
            after,
        } => catalogue::page(conn, *since, *count, after.as_ref(), base),
    }
}

/// `Some` of what a lookup found, `None` when it found nothing.
fn found<T>(result: ApiResult<T>) -> ApiResult<Option<T>> {
    match result {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.code == ErrorCode::PrescriptionNotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The requests of `rxs` (matches) with the includes asked for.
fn of_prescriptions(
    conn: &Connection,
    rxs: &[Prescription],
    include: Includes,
    now: Now,
) -> ApiResult<Bundle> {
    let mut matches = Vec::new();
    let mut includes = Vec::new();
    let mut seen = HashSet::new();
    for rx in rxs {
        let served = Served::of(conn, rx)?;
        matches.extend(
            requests(rx, &served.patient_id, &served.prescriber_id)
                .into_iter()
                .map(|r| Resource::MedicationRequest(Box::new(r))),
        );
        if include.subject && seen.insert(format!("Patient/{}", served.patient_id)) {
            includes.push(Resource::Patient(Box::new(patient(
                &rx.patient,
                &served.patient_id,
            ))));
        }
        if include.requester && seen.insert(format!("PractitionerRole/{}", served.prescriber_id)) {
            includes.push(Resource::PractitionerRole(Box::new(prescriber(
                &rx.prescriber,
                &served.prescriber_id,
            ))));
        }
        if include.dispenses {
            for d in withdraw::history(conn, &rx.number, now)?.dispenses {
                includes.extend(served.line_resources(&d));
            }
        }
    }
    Ok(searchset(matches, includes))
}

/// Every line of every dispense touching the items `item_ids`, prescription by prescription.
fn of_requests(conn: &Connection, item_ids: &[String], now: Now) -> ApiResult<Bundle> {
    let asked: HashSet<&str> = item_ids.iter().map(String::as_str).collect();
    let mut numbers: Vec<String> = Vec::new();
    for id in item_ids {
        if let Some(number) = prescriptions::number_of_item(conn, id)? {
            if !numbers.contains(&number) {
                numbers.push(number);
            }
        }
    }
    let mut matches = Vec::new();
    for number in numbers {
        let rx = lookup::by_number_without_code(conn, &lookup::parse_number(&number)?, now)?;
        let served = Served::of(conn, &rx)?;
        for d in withdraw::history(conn, &number, now)?.dispenses {
            if d.items.iter().any(|l| asked.contains(l.item_id.as_str())) {
                matches.extend(served.line_resources(&d));
            }
        }
    }
    Ok(searchset(matches, Vec::new()))
}

/// The lines of one dispense (or the one line asked for).
fn of_dispense(conn: &Connection, id: Uuid, line: Option<usize>, now: Now) -> ApiResult<Bundle> {
    let Some(stored) = dispenses::load(conn, id)? else {
        return Ok(searchset(Vec::new(), Vec::new()));
    };
    let number = lookup::parse_number(&stored.dispense.prescription_number)?;
    let rx = lookup::by_number_without_code(conn, &number, now)?;
    let matches = Served::of(conn, &rx)?
        .line_resources(&stored.dispense)
        .into_iter()
        .enumerate()
        .filter(|(n, _)| line.is_none_or(|l| l == *n))
        .map(|(_, r)| r)
        .collect();
    Ok(searchset(matches, Vec::new()))
}
