//! Contract v1 through FHIR and back: what the sandbox writes, the adapter reads as it was
//! (and the other way), through JSON as it travels.

mod common;

use dhp_fhir::dispense::{self, SendContext};
use dhp_fhir::model::{Bundle, MedicationDispense, Reference, Resource};
use dhp_fhir::prescription::{self, fhir_id};
use dmed_api::types::{ItemStatus, Prescription, PrescriptionStatus};

/// Through JSON text, as it travels.
fn travel(bundle: &Bundle) -> Bundle {
    let text = serde_json::to_string(&Resource::Bundle(Box::new(bundle.clone()))).unwrap();
    match serde_json::from_str(&text).unwrap() {
        Resource::Bundle(b) => *b,
        other => panic!("came back as {}", other.resource_type()),
    }
}

/// The prescription as the adapter sees it: item ids are FHIR ids.
fn as_adapter_sees(rx: &Prescription) -> Prescription {
    let mut rx = rx.clone();
    for item in &mut rx.items {
        item.item_id = fhir_id(&item.item_id);
    }
    rx
}

fn served(rx: &Prescription) -> Bundle {
    let requests = prescription::requests(rx, "pt-1", "pr-1")
        .into_iter()
        .map(|r| Resource::MedicationRequest(Box::new(r)))
        .collect();
    prescription::searchset(
        requests,
        vec![
            Resource::Patient(Box::new(prescription::patient(&rx.patient, "pt-1"))),
            Resource::PractitionerRole(Box::new(prescription::prescriber(&rx.prescriber, "pr-1"))),
        ],
    )
}

#[test]
fn a_prescription_served_as_requests_reads_back_whole() {
    let rx = common::chronic();
    let bundle = travel(&served(&rx));
    assert_eq!(bundle.total, Some(2));
    let back = prescription::from_bundle(&bundle).unwrap();
    assert_eq!(back, vec![as_adapter_sees(&rx)]);
}

#[test]
fn every_item_status_reads_back_and_the_prescription_status_follows_the_items() {
    let cases = [
        (
            [ItemStatus::ToDispense, ItemStatus::ToDispense],
            [0, 0],
            PrescriptionStatus::Active,
        ),
        (
            [ItemStatus::Partial, ItemStatus::ToDispense],
            [5, 0],
            PrescriptionStatus::PartiallyDispensed,
        ),
        (
            [ItemStatus::NotDispensed, ItemStatus::ToDispense],
            [0, 0],
            PrescriptionStatus::PartiallyDispensed,
        ),
        (
            [ItemStatus::Dispensed, ItemStatus::NotDispensed],
            [90, 0],
            PrescriptionStatus::Completed,
        ),
        (
            [ItemStatus::Cancelled, ItemStatus::Cancelled],
            [0, 0],
            PrescriptionStatus::Cancelled,
        ),
        (
            [ItemStatus::Dispensed, ItemStatus::Expired],
            [90, 0],
            PrescriptionStatus::Expired,
        ),
    ];
    for (statuses, dispensed, want) in cases {
        let mut rx = common::chronic();
        for (i, item) in rx.items.iter_mut().enumerate() {
            item.status = statuses[i];
            item.quantity_dispensed = dispensed[i];
        }
        rx.status = want;
        let back = prescription::from_bundle(&travel(&served(&rx))).unwrap();
        assert_eq!(back[0].status, want, "{statuses:?}");
        assert_eq!(back[0], as_adapter_sees(&rx), "{statuses:?}");
    }
}

#[test]
fn two_prescriptions_of_a_patient_are_told_apart_by_their_number() {
    let a = common::chronic();
    let mut b = common::chronic();
    b.number = "AB12CD34EF56".into();
    for (n, item) in b.items.iter_mut().enumerate() {
        item.item_id = format!("AB12CD34EF56-{}", n + 1);
    }
    let mut matches = Vec::new();
    for rx in [&a, &b] {
        matches.extend(
            prescription::requests(rx, "pt-1", "pr-1")
                .into_iter()
                .map(|r| Resource::MedicationRequest(Box::new(r))),
        );
    }
    let bundle = prescription::searchset(
        matches,
        vec![
            Resource::Patient(Box::new(prescription::patient(&a.patient, "pt-1"))),
            Resource::PractitionerRole(Box::new(prescription::prescriber(&a.prescriber, "pr-1"))),
        ],
    );
    let back = prescription::from_bundle(&travel(&bundle)).unwrap();
    assert_eq!(back, vec![as_adapter_sees(&a), as_adapter_sees(&b)]);
}

#[test]
fn without_the_servers_count_the_included_completed_dispenses_are_counted() {
    let rx = common::chronic();
    let (recorded, _) = common::recorded(&rx, false);
    let mut bundle = served(&rx);
    for entry in &mut bundle.entry {
        if let Some(Resource::MedicationRequest(mr)) = &mut entry.resource {
            mr.extension.clear();
        }
    }
    let subject = Reference::to("Patient/pt-1");
    for md in dispense::resources_of_dispense(&recorded, &subject, |_| "tablet".into()) {
        bundle.entry.push(dhp_fhir::model::BundleEntry {
            resource: Some(Resource::MedicationDispense(Box::new(md))),
            ..Default::default()
        });
    }
    let back = prescription::from_bundle(&travel(&bundle)).unwrap();
    // 30 + 10 handed over on the first item; the declined line counts nothing.
    assert_eq!(back[0].items[0].quantity_dispensed, 40);
    assert_eq!(back[0].items[1].quantity_dispensed, 0);
}

#[test]
fn a_request_without_its_patient_is_refused_by_name() {
    let rx = common::chronic();
    let mut bundle = served(&rx);
    bundle
        .entry
        .retain(|e| !matches!(e.resource, Some(Resource::Patient(_))));
    let err = prescription::from_bundle(&bundle).unwrap_err();
    assert_eq!(err.element, "MedicationRequest.subject");
}

fn context(rx: &Prescription) -> SendContext {
    SendContext {
        subject: Reference::to("Patient/pt-1"),
        units: rx
            .items
            .iter()
            .map(|i| (fhir_id(&i.item_id), i.unit.clone()))
            .collect(),
        gtins: [("P-AML-5-30".to_owned(), vec!["04780000000017".to_owned()])].into(),
        pharmacy_id: "PH-0001".into(),
        pharmacy_name: "Dorixona №1".into(),
        pharmacist_name: "Rahimov Aziz".into(),
    }
}

#[test]
fn a_dispense_request_sent_as_a_transaction_reads_back_whole() {
    let rx = common::chronic();
    let req = common::request(&rx);
    let read_back = format!("MedicationRequest?identifier=x|{}", rx.number);
    let tx = travel(&dispense::transaction(
        &req,
        &context(&rx),
        Some(read_back.clone()),
    ));
    assert_eq!(tx.type_, "transaction");
    assert_eq!(tx.entry.len(), 4, "three lines and the read-back");
    for (n, entry) in tx.entry.iter().take(3).enumerate() {
        let r = entry.request.as_ref().unwrap();
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            ("POST", "MedicationDispense")
        );
        assert_eq!(
            r.if_none_exist.as_deref(),
            Some(dispense::if_none_exist(req.dispense_id, n).as_str())
        );
    }
    assert_eq!(tx.entry[3].request.as_ref().unwrap().url, read_back);
    assert_eq!(dispense::request_from(&tx).unwrap(), req);
}

#[test]
fn a_line_carries_what_the_guide_asks_for() {
    let rx = common::chronic();
    let req = common::request(&rx);
    let tx = dispense::transaction(&req, &context(&rx), None);
    let md = |n: usize| -> &MedicationDispense {
        match tx.entry[n].resource.as_ref().unwrap() {
            Resource::MedicationDispense(md) => md,
            _ => panic!(),
        }
    };
    let first = md(0);
    assert_eq!(first.status.as_deref(), Some("completed"));
    assert_eq!(
        first.authorizing_prescription[0].reference.as_deref(),
        Some("MedicationRequest/F8GO8Q2ADU2.-1")
    );
    let q = first.quantity.as_ref().unwrap();
    assert_eq!(q.system.as_deref(), Some(dhp_fhir::systems::LOCAL_UNITS));
    assert_eq!(
        (q.unit.as_deref(), q.code.as_deref()),
        (Some("tablet"), Some("piece"))
    );
    assert!(first.when_handed_over.is_some() && first.recorded.is_some());
    assert_eq!(first.performer.len(), 2, "the pharmacist and the pharmacy");
    let Resource::Medication(product) = &first.contained[0] else {
        panic!()
    };
    let systems: Vec<_> = product
        .identifier
        .iter()
        .filter_map(|i| i.system.as_deref())
        .collect();
    assert_eq!(
        systems,
        [
            dhp_fhir::systems::PRODUCT,
            dhp_fhir::systems::GTIN,
            dhp_fhir::systems::MARKING_CODE
        ]
    );
    assert_eq!(
        product.batch.as_ref().unwrap().lot_number.as_deref(),
        Some("LOT20261201")
    );
    assert_eq!(first.receiver[0].reference.as_deref(), Some("#receiver"));
    let declined = md(2);
    assert_eq!(declined.status.as_deref(), Some("declined"));
    assert!(declined.quantity.is_none());
    let reason = declined
        .not_performed_reason
        .as_ref()
        .unwrap()
        .concept
        .as_ref()
        .unwrap();
    assert_eq!(
        reason.code_in(dhp_fhir::systems::NOT_DISPENSED_REASON),
        Some("clinical")
    );
    assert!(md(1)
        .substitution
        .as_ref()
        .unwrap()
        .was_substituted
        .unwrap());
}

#[test]
fn a_recorded_dispense_and_a_withdrawn_one_read_back_whole() {
    let rx = common::chronic();
    for withdrawn in [false, true] {
        let (d, after) = common::recorded(&rx, withdrawn);
        let subject = Reference::to("Patient/pt-1");
        let unit_of = |id: &str| {
            after
                .items
                .iter()
                .find(|i| i.item_id == id)
                .map(|i| i.unit.clone())
                .unwrap_or_default()
        };
        let resources = dispense::resources_of_dispense(&d, &subject, unit_of);
        let bundle = travel(&prescription::searchset(
            resources
                .into_iter()
                .rev() // the order served does not matter
                .map(|md| Resource::MedicationDispense(Box::new(md)))
                .collect(),
            vec![],
        ));
        let mds: Vec<&MedicationDispense> = prescription::resources(&bundle)
            .filter_map(|r| match r {
                Resource::MedicationDispense(md) => Some(md.as_ref()),
                _ => None,
            })
            .collect();
        let seen = as_adapter_sees(&after);
        let back = dispense::dispenses_from(&mds, Some(&seen)).unwrap();
        let mut want = d.clone();
        for item in &mut want.items {
            item.item_id = fhir_id(&item.item_id);
        }
        assert_eq!(back, vec![want], "withdrawn: {withdrawn}");
    }
}
