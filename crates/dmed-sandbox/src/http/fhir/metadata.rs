//! `GET /fhir/metadata` (no sign-in): the CapabilityStatement of the FHIR face, saying what it
//! offers: the searches of [`crate::service::fhir::query`] (the catalogue's `Medication` among
//! them), conditional create and update of MedicationDispense in a transaction, and
//! SMART-on-FHIR sign-in at this server's OAuth endpoints. The adapter's health check reads it
//! (and the `Date` header).

use super::answer::{fhir, root_of};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

/// The CapabilityStatement.
pub async fn capability_statement(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let root = root_of(&headers);
    let now = dhp_fhir::when::instant(state.clock.now());
    fhir(StatusCode::OK, &statement(&root, &now))
}

fn search_param(name: &str, kind: &str, documentation: &str) -> Value {
    json!({"name": name, "type": kind, "documentation": documentation})
}

/// The statement of a server reached at `root`, dated `date`.
fn statement(root: &str, date: &str) -> Value {
    json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": date,
        "publisher": "Dorixona",
        "kind": "instance",
        "software": {"name": "dmed-sandbox", "version": env!("CARGO_PKG_VERSION")},
        "implementation": {
            "description": "Dorixona's training sandbox: contract v1's prescriptions and rules as FHIR R5",
            "url": format!("{root}/fhir")
        },
        "fhirVersion": "5.0.0",
        "format": ["json"],
        "rest": [{
            "mode": "server",
            "security": {
                "extension": [{
                    "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
                    "extension": [
                        {"url": "authorize", "valueUri": format!("{root}/oauth/authorize")},
                        {"url": "token", "valueUri": format!("{root}/oauth/token")}
                    ]
                }],
                "service": [{
                    "coding": [{
                        "system": "http://hl7.org/fhir/restful-security-service",
                        "code": "SMART-on-FHIR"
                    }]
                }],
                "description": "OAuth 2.0: authorization code with PKCE (S256) for a member of staff, client credentials for the pharmacy system"
            },
            "resource": [
                {
                    "type": "MedicationRequest",
                    "interaction": [{"code": "search-type"}],
                    "searchInclude": ["MedicationRequest:subject", "MedicationRequest:requester"],
                    "searchRevInclude": ["MedicationDispense:prescription"],
                    "searchParam": [
                        search_param("identifier", "token", "The prescription number"),
                        search_param("patient", "reference", "The patient (with the identity document checked)"),
                        search_param("status", "token", "active only: the patient's dispensable prescriptions")
                    ]
                },
                {
                    "type": "Patient",
                    "interaction": [{"code": "search-type"}],
                    "searchParam": [
                        search_param("identifier", "token", "The PINFL (with the identity document checked)")
                    ]
                },
                {
                    "type": "MedicationDispense",
                    "interaction": [{"code": "search-type"}, {"code": "create"}, {"code": "update"}],
                    "conditionalCreate": true,
                    "searchParam": [
                        search_param("prescription", "reference", "The MedicationRequests dispensed against"),
                        search_param("identifier", "token", "A dispense, or one line of it")
                    ]
                },
                {
                    "type": "Medication",
                    "interaction": [{"code": "search-type"}],
                    "searchParam": [
                        search_param("_lastUpdated", "date", "gt<instant> only: the catalogue published after the instant (all of it without)"),
                        search_param("_count", "number", "Products a page, 1 to 1000 (100 when not given); Bundle.link next leads on"),
                        search_param("_cursor", "string", "Where the next page starts, as the next link gives it (opaque)")
                    ]
                }
            ],
            "interaction": [{"code": "transaction"}]
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statement_names_this_servers_oauth_endpoints() {
        let s = statement("http://127.0.0.1:4000", "2026-03-01T10:00:00Z");
        let uris = &s["rest"][0]["security"]["extension"][0]["extension"];
        assert_eq!(uris[0]["valueUri"], "http://127.0.0.1:4000/oauth/authorize");
        assert_eq!(uris[1]["valueUri"], "http://127.0.0.1:4000/oauth/token");
        assert_eq!(s["fhirVersion"], "5.0.0");
    }

    #[test]
    fn the_catalogue_search_is_stated_with_its_parameters() {
        let s = statement("http://127.0.0.1:4000", "2026-03-01T10:00:00Z");
        let medication = s["rest"][0]["resource"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["type"] == "Medication")
            .unwrap();
        assert_eq!(medication["interaction"], json!([{"code": "search-type"}]));
        let params: Vec<&str> = medication["searchParam"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(params, ["_lastUpdated", "_count", "_cursor"]);
    }
}
