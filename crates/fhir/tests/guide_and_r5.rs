//! The guide's own examples are read without loss, and what the mapping writes is valid R5 by
//! an implementation that is not ours.

mod common;
#[path = "common/r5.rs"]
mod r5;

use dhp_fhir::dispense;
use dhp_fhir::model::{Reference, Resource};
use dhp_fhir::{outcome, prescription};
use serde_json::Value;

fn guide_examples() -> Vec<(String, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/guide");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (
                name,
                serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn the_guides_examples_are_read_without_loss() {
    let examples = guide_examples();
    assert_eq!(examples.len(), 6);
    for (name, json) in &examples {
        let read: Resource = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(read.resource_type(), json["resourceType"], "{name}");
        assert!(
            !matches!(read, Resource::Other(_)),
            "{name} is read by its own type"
        );
        assert_eq!(
            &serde_json::to_value(&read).unwrap(),
            json,
            "{name} written back"
        );
    }
}

#[test]
fn the_guides_examples_are_read_into_the_elements_the_mapping_uses() {
    let examples = guide_examples();
    let get = |name: &str| -> Resource {
        let (_, json) = examples.iter().find(|(n, _)| n == name).unwrap();
        serde_json::from_value(json.clone()).unwrap()
    };
    let Resource::MedicationDispense(md) =
        get("MedicationDispense-example-medication-dispense-outpatient")
    else {
        panic!()
    };
    let q = md.quantity.as_ref().unwrap();
    assert_eq!(prescription::count(q, "quantity").unwrap(), 10);
    assert_eq!(q.code.as_deref(), Some(dhp_fhir::systems::PIECE));
    assert_eq!(q.system.as_deref(), Some(dhp_fhir::systems::LOCAL_UNITS));
    assert_eq!(
        md.when_handed_over.as_deref(),
        Some("2026-03-02T11:00:00+05:00")
    );
    let Resource::MedicationRequest(mr) = get("MedicationRequest-example-medication-request")
    else {
        panic!()
    };
    let validity = mr
        .dispense_request
        .as_ref()
        .unwrap()
        .validity_period
        .as_ref()
        .unwrap();
    assert_eq!(validity.end.as_deref(), Some("2026-09-02"));
    assert_eq!(mr.identifier[0].value.as_deref(), Some("12345678"));
    let Resource::Medication(m) = get("Medication-example-medication") else {
        panic!()
    };
    assert_eq!(
        m.batch.as_ref().unwrap().lot_number.as_deref(),
        Some("LOT20241201")
    );
}

#[test]
fn the_guides_examples_pass_the_independent_r5_check() {
    r5::assert_valid_r5(&guide_examples());
}

#[test]
fn what_the_mapping_writes_passes_the_independent_r5_check() {
    let rx = common::chronic();
    let requests = prescription::requests(&rx, "pt-1", "pr-1")
        .into_iter()
        .map(|r| Resource::MedicationRequest(Box::new(r)))
        .collect();
    let served = prescription::searchset(
        requests,
        vec![
            Resource::Patient(Box::new(prescription::patient(&rx.patient, "pt-1"))),
            Resource::PractitionerRole(Box::new(prescription::prescriber(&rx.prescriber, "pr-1"))),
        ],
    );
    let req = common::request(&rx);
    let ctx = dispense::SendContext {
        subject: Reference::to("Patient/pt-1"),
        pharmacy_id: "PH-0001".into(),
        ..Default::default()
    };
    let tx = dispense::transaction(&req, &ctx, Some("MedicationRequest?identifier=x|y".into()));
    let (withdrawn, _) = common::recorded(&rx, true);
    let history = prescription::searchset(
        dispense::resources_of_dispense(&withdrawn, &Reference::to("Patient/pt-1"), |_| {
            "tablet".into()
        })
        .into_iter()
        .map(|md| Resource::MedicationDispense(Box::new(md)))
        .collect(),
        vec![],
    );
    let refused = outcome::outcome_of(
        &dmed_api::ErrorBody::new(dmed_api::ErrorCode::QuantityExceeded, "5 asked, 3 remain")
            .with("remaining", 3),
    );
    let product = dmed_api::types::Product {
        product_id: "P-AMX-500".into(),
        trade_name: "Amoksiklav".into(),
        inn: "Amoxicillin".into(),
        atc: "J01CA04".into(),
        form: "capsule".into(),
        strength: "500 mg".into(),
        pack_size: 20,
        unit: "capsule".into(),
        manufacturer: "Nobel Pharmsanoat".into(),
        gtins: vec!["04780000000017".into()],
        rx_only: true,
        e_rx_required: true,
    };
    let catalogue = prescription::searchset(
        vec![
            Resource::Medication(Box::new(dhp_fhir::catalogue::medication(
                &product,
                Some("2026-12-01T10:00:00Z".into()),
            ))),
            Resource::Medication(Box::new(dhp_fhir::catalogue::removed("P-OLD-1", None))),
        ],
        vec![],
    );
    let json = |r: Resource| serde_json::to_value(r).unwrap();
    r5::assert_valid_r5(&[
        (
            "catalogue-searchset".into(),
            json(Resource::Bundle(Box::new(catalogue))),
        ),
        (
            "prescription-searchset".into(),
            json(Resource::Bundle(Box::new(served))),
        ),
        (
            "dispense-transaction".into(),
            json(Resource::Bundle(Box::new(tx))),
        ),
        (
            "history-searchset".into(),
            json(Resource::Bundle(Box::new(history))),
        ),
        (
            "refusal".into(),
            json(Resource::OperationOutcome(Box::new(refused))),
        ),
    ]);
}
