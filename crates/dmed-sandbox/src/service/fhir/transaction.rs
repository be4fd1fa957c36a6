//! `POST /fhir` with a transaction Bundle: a dispense, or the withdrawal of one, all or
//! nothing, with searches read back after it.
//!
//! - A dispense is one `POST MedicationDispense` per line, each a conditional create on the
//!   line's identifier (`ifNoneExist`), read by `dhp_fhir::dispense::request_from` and recorded
//!   through the v1 dispense service with the dispense id as idempotency key. Sent again with
//!   the same lines it records nothing new: each create then answers `200 OK` (its match found)
//!   instead of `201 Created`. A v1 refusal fails the whole transaction.
//! - A withdrawal is every line of one dispense `PUT` back with status `entered-in-error` and
//!   the withdraw-reason extension, done through the v1 withdraw service (its rules; the same
//!   withdrawal again answers the same). Only the status change is taken from what is sent.
//! - `GET` entries (searches as [`Query`] reads them) are answered after the writes, as FHIR
//!   orders a transaction's work, each with its searchset (a catalogue page with absolute
//!   links, as `GET /fhir/Medication` answers it).
//!
//! Anything else (another Bundle type, dispenses mixed with withdrawals, other entries) is
//! refused before anything is done; every refusal of [`Plan::of`] is answered `400`.

use std::collections::BTreeSet;

use super::query::Query;
use super::{search, Served};
use crate::api_error::{ApiError, ApiResult};
use crate::service::{dispense, lookup, withdraw, Now, Session};
use crate::store::dispenses;
use dhp_fhir::dispense::{if_none_exist, line_key, parts_of, request_from};
use dhp_fhir::model::{
    identifier_value, Bundle, BundleEntry, BundleResponse, MedicationDispense, Resource,
};
use dhp_fhir::prescription::v1_id;
use dhp_fhir::{systems, when, MappingError};
use dmed_api::types::{Dispense, DispenseRequest};
use dmed_api::ErrorCode;
use rusqlite::Connection;
use uuid::Uuid;

/// What a transaction does.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    writes: Writes,
    /// One per entry, in the order sent (the answer's order).
    steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
enum Writes {
    Dispense {
        request: Box<DispenseRequest>,
        /// The pharmacy the lines name as performer, when they name one.
        pharmacy_id: Option<String>,
    },
    Withdraw {
        dispense_id: Uuid,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// Line `n` of the dispense.
    Create(usize),
    /// The line of this id, withdrawn.
    Update(String),
    Read(Query),
}

impl Plan {
    /// Reads a transaction.
    pub fn of(resource: Resource) -> Result<Plan, ApiError> {
        let Resource::Bundle(bundle) = resource else {
            return Err(ApiError::bad_request(format!(
                "POST a Bundle of type transaction here, not a {}",
                resource.resource_type()
            )));
        };
        if bundle.type_ != "transaction" {
            return Err(ApiError::bad_request(format!(
                "the Bundle's type must be transaction, not {}",
                bundle.type_
            ))
            .with("element", "Bundle.type"));
        }
        let mut steps = Vec::with_capacity(bundle.entry.len());
        let mut creates: Vec<(usize, &MedicationDispense)> = Vec::new();
        let mut updates: Vec<(usize, &str, &MedicationDispense)> = Vec::new();
        for (i, entry) in bundle.entry.iter().enumerate() {
            let request = entry.request.as_ref().ok_or_else(|| {
                ApiError::bad_request(format!("entry {i} has no request"))
                    .with("element", format!("Bundle.entry[{i}].request"))
            })?;
            let url = request.url.trim();
            match (request.method.as_str(), &entry.resource) {
                ("POST", Some(Resource::MedicationDispense(md))) if url == "MedicationDispense" => {
                    steps.push(Step::Create(creates.len()));
                    creates.push((i, md.as_ref()));
                }
                ("PUT", Some(Resource::MedicationDispense(md))) => {
                    let id = url
                        .strip_prefix("MedicationDispense/")
                        .ok_or_else(|| not_offered(i, &request.method, url))?;
                    steps.push(Step::Update(id.to_owned()));
                    updates.push((i, id, md.as_ref()));
                }
                ("GET", None) => steps
                    .push(Step::Read(Query::parse_url(url).map_err(|e| {
                        e.with("element", format!("Bundle.entry[{i}].request.url"))
                    })?)),
                (method, _) => return Err(not_offered(i, method, url)),
            }
        }
        let writes = match (creates.is_empty(), updates.is_empty()) {
            (false, true) => dispense_of(&bundle, &creates)?,
            (true, false) => withdrawal_of(&updates)?,
            (false, false) => {
                return Err(ApiError::bad_request(
                    "a transaction records a dispense or withdraws one, not both",
                ))
            }
            (true, true) => {
                return Err(ApiError::bad_request(
                    "the transaction neither records a dispense (POST MedicationDispense) nor \
                     withdraws one (PUT MedicationDispense/<id>)",
                ))
            }
        };
        Ok(Plan { writes, steps })
    }

    /// Whether a search of the transaction goes by a patient's PINFL (so needs the identity
    /// document checked).
    pub fn needs_id_document(&self) -> bool {
        self.steps
            .iter()
            .any(|s| matches!(s, Step::Read(q) if q.needs_id_document()))
    }
}

fn not_offered(i: usize, method: &str, url: &str) -> ApiError {
    ApiError::bad_request(format!(
        "entry {i}: {method} {url} is not offered in a transaction here: POST MedicationDispense \
         (with its resource), PUT MedicationDispense/<id> (with its resource) and GET searches are"
    ))
    .with("element", format!("Bundle.entry[{i}]"))
}

fn mapping(e: MappingError) -> ApiError {
    ApiError::bad_request(format!("the transaction cannot be read: {e}")).with("element", e.element)
}

/// The dispense the creates make: lines in order, each a conditional create on its own line.
fn dispense_of(
    bundle: &Bundle,
    creates: &[(usize, &MedicationDispense)],
) -> Result<Writes, ApiError> {
    let mut request = request_from(bundle).map_err(mapping)?;
    let (first, _) = parts_of(creates[0].1).map_err(mapping)?;
    for (n, (i, md)) in creates.iter().enumerate() {
        let key = line_key(request.dispense_id, n);
        let criterion = bundle.entry[*i]
            .request
            .as_ref()
            .and_then(|r| r.if_none_exist.as_deref());
        if criterion != Some(if_none_exist(request.dispense_id, n).as_str())
            || identifier_value(&md.identifier, systems::DISPENSE_LINE) != Some(key.as_str())
        {
            return Err(ApiError::bad_request(format!(
                "line {n} of dispense {} is a conditional create on its own identifier: \
                 identifier {}|{key} and ifNoneExist identifier={}|{key}",
                request.dispense_id,
                systems::DISPENSE_LINE,
                systems::DISPENSE_LINE
            ))
            .with("element", format!("Bundle.entry[{i}].request.ifNoneExist")));
        }
    }
    for item in &mut request.items {
        item.item_id = v1_id(&item.item_id);
    }
    Ok(Writes::Dispense {
        request: Box::new(request),
        pharmacy_id: Some(first.pharmacy_id).filter(|p| !p.is_empty()),
    })
}

/// The withdrawal the updates make: lines of one dispense, each put back withdrawn for one
/// reason.
fn withdrawal_of(updates: &[(usize, &str, &MedicationDispense)]) -> Result<Writes, ApiError> {
    let mut found: Option<(Uuid, String)> = None;
    for (i, id, md) in updates {
        if md.id.as_deref() != Some(*id) {
            return Err(ApiError::bad_request(format!(
                "entry {i}: the resource's id must be the one PUT to ({id})"
            ))
            .with("element", format!("Bundle.entry[{i}].resource.id")));
        }
        let (header, _) = parts_of(md).map_err(mapping)?;
        let Some((_, reason)) = header.withdrawn else {
            return Err(ApiError::bad_request(format!(
                "entry {i}: a dispense is PUT back only to withdraw it (status entered-in-error \
                 with the withdraw-reason extension)"
            ))
            .with("element", format!("Bundle.entry[{i}].resource.status")));
        };
        match &found {
            None => found = Some((header.dispense_id, reason)),
            Some((dispense_id, first))
                if *dispense_id == header.dispense_id && *first == reason => {}
            Some(_) => {
                return Err(ApiError::bad_request(
                    "a transaction withdraws the lines of one dispense, for one reason",
                )
                .with("element", format!("Bundle.entry[{i}]")))
            }
        }
    }
    let (dispense_id, reason) =
        found.ok_or_else(|| ApiError::bad_request("nothing to withdraw"))?;
    Ok(Writes::Withdraw {
        dispense_id,
        reason,
    })
}

/// Does what `plan` says for `session` at `now`; the transaction-response (a paged search's
/// links under `base`, the FHIR base URL the request came to).
pub fn run(
    conn: &Connection,
    session: &Session,
    plan: &Plan,
    now: Now,
    base: &str,
) -> ApiResult<Bundle> {
    let (d, status, version) = match &plan.writes {
        Writes::Dispense {
            request,
            pharmacy_id,
        } => {
            if let Some(named) = pharmacy_id.as_ref().filter(|p| **p != session.pharmacy_id) {
                return Err(ApiError::bad_request(format!(
                    "the dispense names pharmacy {named} as performer, but it is sent for {}",
                    session.pharmacy_id
                ))
                .with("element", "MedicationDispense.performer"));
            }
            let id = request.dispense_id;
            let existed = dispenses::load(conn, id)?.is_some();
            dispense::record_idempotent(conn, session, Some(&id.to_string()), request, now)?;
            let status = if existed { "200 OK" } else { "201 Created" };
            (stored(conn, id)?, status, 1)
        }
        Writes::Withdraw {
            dispense_id,
            reason,
        } => {
            let Some(before) = dispenses::load(conn, *dispense_id)? else {
                return Err(ApiError::new(ErrorCode::NotFound, "no such dispense")
                    .with("dispense_id", dispense_id.to_string()));
            };
            check_every_line(&plan.steps, &before.dispense)?;
            withdraw::withdraw(conn, session, *dispense_id, reason, now)?;
            (stored(conn, *dispense_id)?, "200 OK", 2)
        }
    };
    let number = lookup::parse_number(&d.prescription_number)?;
    let served = Served::of(conn, &lookup::by_number_without_code(conn, &number, now)?)?;
    let lines = served.lines(&d);
    let changed = d.withdrawn_at.unwrap_or(d.recorded_at);
    let written = |md: &MedicationDispense| BundleEntry {
        full_url: md.id.as_ref().map(|id| format!("MedicationDispense/{id}")),
        resource: Some(Resource::MedicationDispense(Box::new(md.clone()))),
        response: Some(BundleResponse {
            status: status.to_owned(),
            location: md
                .id
                .as_ref()
                .map(|id| format!("MedicationDispense/{id}/_history/{version}")),
            etag: Some(format!("W/\"{version}\"")),
            last_modified: Some(when::instant(changed)),
            ..BundleResponse::default()
        }),
        ..BundleEntry::default()
    };
    let mut entry = Vec::with_capacity(plan.steps.len());
    for step in &plan.steps {
        entry.push(match step {
            Step::Create(n) => written(&lines[*n]),
            Step::Update(id) => {
                let md = lines
                    .iter()
                    .find(|md| md.id.as_deref() == Some(id.as_str()))
                    .ok_or_else(|| ApiError::internal("a withdrawn line is missing"))?;
                written(md)
            }
            Step::Read(query) => BundleEntry {
                resource: Some(Resource::Bundle(Box::new(search::run(
                    conn, query, now, base,
                )?))),
                response: Some(BundleResponse {
                    status: "200 OK".to_owned(),
                    ..BundleResponse::default()
                }),
                ..BundleEntry::default()
            },
        });
    }
    Ok(Bundle {
        type_: "transaction-response".to_owned(),
        entry,
        ..Bundle::default()
    })
}

/// The dispense as stored now (with the names history shows).
fn stored(conn: &Connection, id: Uuid) -> ApiResult<Dispense> {
    dispenses::load(conn, id)?
        .map(|s| s.dispense)
        .ok_or_else(|| ApiError::internal("the dispense just written is missing"))
}

/// A withdrawal puts back every line of the dispense, each once.
fn check_every_line(steps: &[Step], d: &Dispense) -> ApiResult<()> {
    let sent: Vec<&str> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Update(id) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    let lines: BTreeSet<String> = (0..d.items.len())
        .map(|n| line_key(d.dispense_id, n))
        .collect();
    let unique: BTreeSet<String> = sent.iter().map(|s| (*s).to_owned()).collect();
    if unique != lines || sent.len() != lines.len() {
        return Err(ApiError::bad_request(
            "a withdrawal puts back every line of the dispense, each once",
        )
        .with("lines", lines.into_iter().collect::<Vec<_>>()));
    }
    Ok(())
}
