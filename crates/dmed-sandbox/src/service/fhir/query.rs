//! The searches the FHIR face answers, read strictly from their parameters: an unknown
//! parameter, a value not offered or a malformed identifier is refused by name (every refusal
//! here is answered `400`, a malformed number or PINFL with the v1 code `INVALID_IDENTIFIER`), so
//! a client's mistake shows instead of matching everything.
//!
//! - `MedicationRequest?identifier=<prescription number system>|<number>`, or
//!   `MedicationRequest?patient=Patient/<id>[&status=active]`, each with
//!   `_include=MedicationRequest:subject`, `_include=MedicationRequest:requester` and
//!   `_revinclude=MedicationDispense:prescription` as asked;
//! - `Patient?identifier=<PINFL system>|<pinfl>`;
//! - `MedicationDispense?prescription=MedicationRequest/<id>[,…]`, or
//!   `MedicationDispense?identifier=<dispense system>|<uuid>` (or `<dispense-line system>|<line>`);
//! - `Medication[?_lastUpdated=gt<instant>][&_count=<1..=1000>]`: the catalogue published after
//!   the instant (taken to the millisecond; all of it without one), a page of `_count` (100 when
//!   not given) at a time; the next page's link adds `_cursor` (see
//!   [`super::catalogue::Cursor`]).

use std::collections::HashMap;

use super::catalogue::{Cursor, CURSOR_PARAMETER};
use crate::api_error::ApiError;
use dhp_fhir::prescription::v1_id;
use dhp_fhir::systems;
use dmed_api::{Pinfl, RxNumber};
use uuid::Uuid;

/// One search, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// The requests of one prescription.
    RequestsByNumber { number: RxNumber, include: Includes },
    /// The requests of a patient's dispensable prescriptions (`status=active`).
    RequestsOfPatient {
        patient_id: String,
        include: Includes,
    },
    /// A patient by PINFL.
    PatientByPinfl(Pinfl),
    /// The lines of every dispense touching these items (contract v1 item ids).
    DispensesOfRequests(Vec<String>),
    /// The lines of one dispense, or one line of it.
    Dispense { id: Uuid, line: Option<usize> },
    /// A page of the catalogue published after `since` (unix ms; all of it when `None`), of
    /// `count` products, after the one `after` names.
    Medications {
        since: Option<i64>,
        count: u32,
        after: Option<Cursor>,
    },
}

/// What to serve beside the requests found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Includes {
    /// `_include=MedicationRequest:subject`: the Patient.
    pub subject: bool,
    /// `_include=MedicationRequest:requester`: the prescriber's PractitionerRole.
    pub requester: bool,
    /// `_revinclude=MedicationDispense:prescription`: the lines of the prescriptions' dispenses.
    pub dispenses: bool,
}

/// The resource types searched.
pub const SEARCHED: [&str; 4] = [
    "MedicationRequest",
    "Patient",
    "MedicationDispense",
    "Medication",
];

/// A catalogue page's size when `_count` is not given.
pub const COUNT_DEFAULT: u32 = 100;
/// The largest `_count` offered.
pub const COUNT_MAX: u32 = 1_000;

impl Query {
    /// Whether the search goes by the patient's PINFL, so needs the identity document checked
    /// (as `GET /v1/patients/{pinfl}/prescriptions` does).
    pub fn needs_id_document(&self) -> bool {
        matches!(
            self,
            Query::RequestsOfPatient { .. } | Query::PatientByPinfl(_)
        )
    }

    /// A search of `resource_type` with `params` (a query string's pairs, in order).
    pub fn parse(resource_type: &str, params: &[(String, String)]) -> Result<Query, ApiError> {
        match resource_type {
            "MedicationRequest" => requests(&Params::read(
                resource_type,
                params,
                &["identifier", "patient", "status", "_include", "_revinclude"],
            )?),
            "Patient" => {
                let p = Params::read(resource_type, params, &["identifier"])?;
                let pinfl = token(p.need("identifier")?, systems::PINFL, "identifier")?;
                Pinfl::parse(pinfl)
                    .map(Query::PatientByPinfl)
                    .map_err(|e| ApiError::invalid_identifier(&e).with("parameter", "identifier"))
            }
            "MedicationDispense" => dispenses(&Params::read(
                resource_type,
                params,
                &["prescription", "identifier"],
            )?),
            "Medication" => medications(&Params::read(
                resource_type,
                params,
                &["_lastUpdated", "_count", CURSOR_PARAMETER],
            )?),
            other => Err(ApiError::bad_request(format!(
                "{other} is not searched here: {} are",
                SEARCHED.join(", ")
            ))
            .with("resource", other)),
        }
    }

    /// A search written as a relative URL (`MedicationRequest?identifier=…`), as a
    /// transaction's `GET` entry carries it.
    pub fn parse_url(url: &str) -> Result<Query, ApiError> {
        let (resource_type, query) = url.split_once('?').unwrap_or((url, ""));
        let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        Query::parse(resource_type, &params).map_err(|e| e.with("url", url))
    }
}

/// A search's parameters: each known, given once but for `_include` and `_revinclude`.
struct Params<'a> {
    single: HashMap<&'a str, &'a str>,
    include: Vec<&'a str>,
    revinclude: Vec<&'a str>,
}

impl<'a> Params<'a> {
    fn read(
        resource_type: &str,
        params: &'a [(String, String)],
        allowed: &[&str],
    ) -> Result<Params<'a>, ApiError> {
        let mut out = Params {
            single: HashMap::new(),
            include: Vec::new(),
            revinclude: Vec::new(),
        };
        for (name, value) in params {
            let (name, value) = (name.as_str(), value.trim());
            if !allowed.contains(&name) {
                return Err(refuse(
                    name,
                    format!(
                        "{resource_type} is not searched by '{name}' here; by {}",
                        allowed.join(", ")
                    ),
                ));
            }
            if value.is_empty() {
                return Err(refuse(name, format!("'{name}' has no value")));
            }
            match name {
                "_include" => out.include.push(value),
                "_revinclude" => out.revinclude.push(value),
                _ => {
                    if out.single.insert(name, value).is_some() {
                        return Err(refuse(
                            name,
                            format!("give '{name}' once (several values: separated by commas)"),
                        ));
                    }
                }
            }
        }
        Ok(out)
    }

    fn get(&self, name: &str) -> Option<&'a str> {
        self.single.get(name).copied()
    }

    fn need(&self, name: &str) -> Result<&'a str, ApiError> {
        self.get(name)
            .ok_or_else(|| refuse(name, format!("search by '{name}'")))
    }
}

fn refuse(parameter: &str, message: String) -> ApiError {
    ApiError::bad_request(message).with("parameter", parameter)
}

fn requests(p: &Params<'_>) -> Result<Query, ApiError> {
    let mut include = Includes::default();
    for value in &p.include {
        match *value {
            "MedicationRequest:subject" => include.subject = true,
            "MedicationRequest:requester" => include.requester = true,
            other => {
                return Err(refuse(
                    "_include",
                    format!(
                        "_include={other} is not offered: MedicationRequest:subject and \
                         MedicationRequest:requester are"
                    ),
                ))
            }
        }
    }
    for value in &p.revinclude {
        match *value {
            "MedicationDispense:prescription" => include.dispenses = true,
            other => {
                return Err(refuse(
                    "_revinclude",
                    format!(
                        "_revinclude={other} is not offered: MedicationDispense:prescription is"
                    ),
                ))
            }
        }
    }
    match (p.get("identifier"), p.get("patient")) {
        (Some(identifier), None) => {
            if p.get("status").is_some() {
                return Err(refuse(
                    "status",
                    "status goes with patient; a prescription by number is found whatever its \
                     status"
                        .to_owned(),
                ));
            }
            let number = token(identifier, systems::PRESCRIPTION_NUMBER, "identifier")?;
            let number = RxNumber::parse(number)
                .map_err(|e| ApiError::invalid_identifier(&e).with("parameter", "identifier"))?;
            Ok(Query::RequestsByNumber { number, include })
        }
        (None, Some(patient)) => {
            if let Some(status) = p.get("status") {
                if status != "active" {
                    return Err(refuse(
                        "status",
                        format!("only status=active is offered, not '{status}'"),
                    ));
                }
            }
            Ok(Query::RequestsOfPatient {
                patient_id: reference(patient, "Patient", "patient")?.to_owned(),
                include,
            })
        }
        (Some(_), Some(_)) => Err(refuse(
            "patient",
            "search by identifier or by patient, not both".to_owned(),
        )),
        (None, None) => Err(refuse(
            "identifier",
            "search MedicationRequest by identifier (the prescription number) or by patient"
                .to_owned(),
        )),
    }
}

fn dispenses(p: &Params<'_>) -> Result<Query, ApiError> {
    match (p.get("prescription"), p.get("identifier")) {
        (Some(list), None) => {
            let ids = list
                .split(',')
                .map(|r| reference(r.trim(), "MedicationRequest", "prescription").map(v1_id))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Query::DispensesOfRequests(ids))
        }
        (None, Some(identifier)) => dispense_identifier(identifier),
        (Some(_), Some(_)) => Err(refuse(
            "identifier",
            "search by prescription or by identifier, not both".to_owned(),
        )),
        (None, None) => Err(refuse(
            "prescription",
            "search MedicationDispense by prescription or by identifier".to_owned(),
        )),
    }
}

fn medications(p: &Params<'_>) -> Result<Query, ApiError> {
    let since = p.get("_lastUpdated").map(last_updated).transpose()?;
    let count = match p.get("_count") {
        None => COUNT_DEFAULT,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=COUNT_MAX).contains(n))
            .ok_or_else(|| {
                refuse(
                    "_count",
                    format!("_count is a whole number from 1 to {COUNT_MAX}, not '{text}'"),
                )
            })?,
    };
    let after = p
        .get(CURSOR_PARAMETER)
        .map(|token| {
            Cursor::parse(token).ok_or_else(|| {
                refuse(
                    CURSOR_PARAMETER,
                    format!(
                        "_cursor: '{token}' is not a cursor this server gave; follow the next \
                         link as it is"
                    ),
                )
            })
        })
        .transpose()?;
    Ok(Query::Medications {
        since,
        count,
        after,
    })
}

/// `gt<instant>` of `_lastUpdated`, as unix milliseconds (a finer instant taken down to its
/// millisecond, which selects the same stamps).
fn last_updated(value: &str) -> Result<i64, ApiError> {
    let Some(instant) = value.strip_prefix("gt") else {
        return Err(refuse(
            "_lastUpdated",
            format!("only _lastUpdated=gt<instant> is offered, not '{value}'"),
        ));
    };
    let hint = if instant.contains(' ') {
        " (a '+' of the time zone is written %2B in a query string)"
    } else {
        ""
    };
    let at = dhp_fhir::when::parse_instant(Some(instant), "_lastUpdated")
        .ok()
        // FHIR writes the separator and the zone in capitals.
        .filter(|_| !instant.bytes().any(|b| b.is_ascii_lowercase()))
        .ok_or_else(|| {
            refuse(
                "_lastUpdated",
                format!(
                    "_lastUpdated: '{instant}' is not a FHIR instant (2026-03-01T10:00:00Z or with \
                     an offset){hint}"
                ),
            )
        })?;
    i64::try_from(at.unix_timestamp_nanos().div_euclid(1_000_000)).map_err(|_| {
        refuse(
            "_lastUpdated",
            format!("_lastUpdated: '{instant}' is out of range"),
        )
    })
}

fn dispense_identifier(identifier: &str) -> Result<Query, ApiError> {
    let bad = || {
        refuse(
            "identifier",
            format!(
                "'{identifier}' is neither a dispense ({}|<uuid>) nor a line of one ({}|<uuid>.<n>)",
                systems::DISPENSE,
                systems::DISPENSE_LINE
            ),
        )
    };
    let (system, value) = split_token(identifier);
    let dispense = |v: &str| Uuid::parse_str(v).ok();
    let line = |v: &str| {
        let (id, n) = v.rsplit_once('.')?;
        Some((Uuid::parse_str(id).ok()?, n.parse::<usize>().ok()?))
    };
    match system {
        Some(systems::DISPENSE) => dispense(value)
            .map(|id| Query::Dispense { id, line: None })
            .ok_or_else(bad),
        Some(systems::DISPENSE_LINE) => line(value)
            .map(|(id, n)| Query::Dispense { id, line: Some(n) })
            .ok_or_else(bad),
        None => dispense(value)
            .map(|id| Query::Dispense { id, line: None })
            .or_else(|| line(value).map(|(id, n)| Query::Dispense { id, line: Some(n) }))
            .ok_or_else(bad),
        Some(_) => Err(bad()),
    }
}

/// `system|value` or a bare `value` (`|value`: no system) of a token parameter.
fn split_token(token: &str) -> (Option<&str>, &str) {
    match token.split_once('|') {
        Some(("", value)) => (None, value.trim()),
        Some((system, value)) => (Some(system.trim()), value.trim()),
        None => (None, token.trim()),
    }
}

/// The value of a token parameter whose system, when given, must be `system`.
fn token<'a>(token: &'a str, system: &str, parameter: &str) -> Result<&'a str, ApiError> {
    match split_token(token) {
        (Some(other), _) if other != system => Err(refuse(
            parameter,
            format!("{parameter}'s system is {system}, not {other}"),
        )),
        (_, "") => Err(refuse(parameter, format!("{parameter} has no value"))),
        (_, value) => Ok(value),
    }
}

/// The id of a reference parameter: `<kind>/<id>` or a bare `<id>`.
fn reference<'a>(value: &'a str, kind: &str, parameter: &str) -> Result<&'a str, ApiError> {
    let id = value
        .strip_prefix(kind)
        .and_then(|rest| rest.strip_prefix('/'))
        .unwrap_or(value);
    let well_formed = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if well_formed {
        Ok(id)
    } else {
        Err(refuse(
            parameter,
            format!("'{value}' is not a reference to a {kind} (<{kind}>/<id>)"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::ErrorCode;

    fn pairs(query: &str) -> Vec<(String, String)> {
        url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    fn refused(resource: &str, query: &str) -> ApiError {
        Query::parse(resource, &pairs(query)).unwrap_err()
    }

    const NUMBER: &str = "F8GO8Q2ADU21";

    fn valid_number() -> String {
        // Any number whose check character is right.
        let body = &NUMBER[..11];
        ('0'..='9')
            .chain('A'..='Z')
            .chain(['+'])
            .map(|c| format!("{body}{c}"))
            .find(|n| RxNumber::parse(n).is_ok())
            .unwrap()
    }

    #[test]
    fn a_prescription_is_searched_by_number_with_what_is_asked_beside_it() {
        let number = valid_number();
        let q = format!(
            "identifier={}|{}&_include=MedicationRequest:subject&_revinclude=MedicationDispense:prescription",
            systems::PRESCRIPTION_NUMBER,
            number.replace('+', "%2B")
        );
        let Query::RequestsByNumber { number: n, include } =
            Query::parse("MedicationRequest", &pairs(&q)).unwrap()
        else {
            panic!()
        };
        assert_eq!(n.as_str(), number);
        assert_eq!(
            include,
            Includes {
                subject: true,
                requester: false,
                dispenses: true
            }
        );
        assert!(!Query::parse("MedicationRequest", &pairs(&q))
            .unwrap()
            .needs_id_document());
    }

    #[test]
    fn unknown_parameters_and_values_are_refused_by_name() {
        let e = refused("MedicationRequest", "code=x");
        assert_eq!(e.details["parameter"], "code");
        let e = refused(
            "MedicationRequest",
            "patient=Patient/pt-1&_include=MedicationRequest:medication",
        );
        assert_eq!(e.details["parameter"], "_include");
        let e = refused("MedicationRequest", "patient=pt-1&status=completed");
        assert_eq!(e.details["parameter"], "status");
        let e = refused("MedicationRequest", "patient=pt-1&patient=pt-2");
        assert_eq!(e.details["parameter"], "patient");
        let e = refused("MedicationDispense", "prescription=Patient/x");
        assert_eq!(e.details["parameter"], "prescription");
        let e = refused("Patient", "name=Salim");
        assert_eq!(e.details["parameter"], "name");
        let e = refused("MedicationRequest", "identifier=http://other|ABC");
        assert_eq!(e.details["parameter"], "identifier");
        assert_eq!(e.code, ErrorCode::BadRequest);
        assert!(Query::parse_url("Practitioner?name=x").is_err());
    }

    #[test]
    fn a_malformed_number_or_pinfl_is_an_invalid_identifier() {
        let e = refused(
            "MedicationRequest",
            &format!("identifier={}|12", systems::PRESCRIPTION_NUMBER),
        );
        assert_eq!(e.code, ErrorCode::InvalidIdentifier);
        assert_eq!(e.details["parameter"], "identifier");
        let e = refused("Patient", &format!("identifier={}|123", systems::PINFL));
        assert_eq!(e.code, ErrorCode::InvalidIdentifier);
    }

    #[test]
    fn a_patients_search_needs_the_document_checked() {
        let q = Query::parse(
            "MedicationRequest",
            &pairs("patient=Patient/pt-ab12&status=active"),
        )
        .unwrap();
        assert_eq!(
            q,
            Query::RequestsOfPatient {
                patient_id: "pt-ab12".into(),
                include: Includes::default()
            }
        );
        assert!(q.needs_id_document());
        let q = Query::parse(
            "Patient",
            &pairs(&format!("identifier={}|30211975910033", systems::PINFL)),
        );
        assert!(q.unwrap().needs_id_document());
    }

    #[test]
    fn dispenses_are_searched_by_requests_or_by_identifier() {
        let q = Query::parse_url(
            "MedicationDispense?prescription=MedicationRequest/F8GO8Q2ADU2.-1,MedicationRequest/F8GO8Q2ADU2.-2",
        )
        .unwrap();
        assert_eq!(
            q,
            Query::DispensesOfRequests(vec!["F8GO8Q2ADU2+-1".into(), "F8GO8Q2ADU2+-2".into()])
        );
        let id = Uuid::new_v4();
        let q = Query::parse_url(&format!(
            "MedicationDispense?identifier={}|{id}",
            systems::DISPENSE
        ))
        .unwrap();
        assert_eq!(q, Query::Dispense { id, line: None });
        let q = Query::parse_url(&format!(
            "MedicationDispense?identifier={}|{id}.2",
            systems::DISPENSE_LINE
        ))
        .unwrap();
        assert_eq!(q, Query::Dispense { id, line: Some(2) });
        assert!(Query::parse_url("MedicationDispense?identifier=nope").is_err());
    }

    #[test]
    fn the_catalogue_is_searched_whole_or_after_an_instant_a_page_at_a_time() {
        assert_eq!(
            Query::parse_url("Medication").unwrap(),
            Query::Medications {
                since: None,
                count: COUNT_DEFAULT,
                after: None
            }
        );
        let q = Query::parse_url(
            "Medication?_lastUpdated=gt2026-03-01T10:00:00.250Z&_count=1000&_cursor=1772359200000.DRN-00032",
        )
        .unwrap();
        assert_eq!(
            q,
            Query::Medications {
                since: Some(1_772_359_200_250),
                count: 1000,
                after: Some(Cursor {
                    updated_at: 1_772_359_200_000,
                    product_id: "DRN-00032".into()
                })
            }
        );
        assert!(!q.needs_id_document());
        // An offset, written %2B; a finer instant is taken down to its millisecond.
        let q = Query::parse_url("Medication?_lastUpdated=gt2026-03-01T15:00:00.2509%2B05:00");
        assert_eq!(
            q.unwrap(),
            Query::Medications {
                since: Some(1_772_359_200_250),
                count: COUNT_DEFAULT,
                after: None
            }
        );
    }

    #[test]
    fn a_catalogue_search_refuses_what_it_does_not_offer_by_name() {
        for (query, parameter) in [
            ("_lastUpdated=2026-03-01T10:00:00Z", "_lastUpdated"),
            ("_lastUpdated=ge2026-03-01T10:00:00Z", "_lastUpdated"),
            ("_lastUpdated=lt2026-03-01T10:00:00Z", "_lastUpdated"),
            ("_lastUpdated=gt2026-03-01", "_lastUpdated"),
            ("_lastUpdated=gt2026-03-01T10:00:00", "_lastUpdated"),
            ("_lastUpdated=gt2026-03-01t10:00:00z", "_lastUpdated"),
            ("_lastUpdated=gt2026-03-01T15:00:00+05:00", "_lastUpdated"),
            ("_lastUpdated=gtyesterday", "_lastUpdated"),
            ("_count=0", "_count"),
            ("_count=1001", "_count"),
            ("_count=-1", "_count"),
            ("_count=ten", "_count"),
            ("_count=10&_count=20", "_count"),
            ("_cursor=nope", "_cursor"),
            ("_cursor=12.", "_cursor"),
            ("_cursor=x1.DRN-1", "_cursor"),
            ("_cursor=", "_cursor"),
            ("code=J01CA04", "code"),
            ("_sort=_lastUpdated", "_sort"),
        ] {
            let e = refused("Medication", query);
            assert_eq!(e.code, ErrorCode::BadRequest, "{query}");
            assert_eq!(e.details["parameter"], parameter, "{query}");
        }
        let e = refused("Medication", "_lastUpdated=gt2026-03-01T15:00:00+05:00");
        assert!(e.message.contains("%2B"), "{}", e.message);
    }
}
