//! A prescription both ways: contract v1's [`Prescription`] (one number, several items) is one
//! `MedicationRequest` per item, sharing the prescription number as `identifier` and
//! `groupIdentifier`, with the `Patient` and the prescriber (`PractitionerRole`) beside them in
//! a search `Bundle`. Each request names its medicine in a contained `Medication` (INN, form,
//! strength) and how much of it was dispensed in an extension (the server's count).

use std::collections::HashMap;

use dmed_api::types::{
    Item, ItemStatus, Patient as V1Patient, Prescriber, Prescription, PrescriptionKind,
    PrescriptionStatus,
};

use crate::model::{
    extension, identifier_value, text_value, Bundle, BundleEntry, BundleSearch, CodeableConcept,
    CodeableReference, DispenseRequest, Dosage, Extension, HumanName, Identifier, Ingredient,
    Medication, MedicationDispense, MedicationRequest, Patient, Period, PractitionerRole, Quantity,
    Reference, Resource,
};
use crate::{systems, when, MappingError};

/// The MedicationRequest status of an item in contract v1's terms.
pub fn request_status(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::ToDispense | ItemStatus::Partial => "active",
        ItemStatus::Dispensed => "completed",
        ItemStatus::NotDispensed => "stopped",
        ItemStatus::Cancelled => "cancelled",
        ItemStatus::Expired => "ended",
    }
}

/// A FHIR id for a contract v1 id: FHIR ids allow letters, digits, `-` and `.` only, so a `+`
/// (the last character of some prescription numbers) is written as `.`.
pub fn fhir_id(v1_id: &str) -> String {
    v1_id.replace('+', ".")
}

/// The contract v1 id a [`fhir_id`] was made from.
pub fn v1_id(fhir_id: &str) -> String {
    fhir_id.replace('.', "+")
}

/// The patient as a `Patient` with the id `id`.
pub fn patient(p: &V1Patient, id: &str) -> Patient {
    Patient {
        id: Some(id.to_owned()),
        identifier: vec![Identifier::typed(
            systems::PINFL,
            &p.pinfl,
            "official",
            systems::V2_IDENTIFIER_TYPE,
            "NI",
        )],
        name: text_value(&p.full_name)
            .map(|text| HumanName {
                text: Some(text),
                ..HumanName::default()
            })
            .into_iter()
            .collect(),
        birth_date: Some(when::date(p.birth_date)),
        ..Patient::default()
    }
}

/// The prescriber as a `PractitionerRole` with the id `id`: the doctor and the facility by name.
pub fn prescriber(p: &Prescriber, id: &str) -> PractitionerRole {
    PractitionerRole {
        id: Some(id.to_owned()),
        practitioner: text_value(&p.full_name).map(|name| Reference {
            display: Some(name),
            ..Reference::default()
        }),
        organization: text_value(&p.facility).map(|name| Reference {
            display: Some(name),
            ..Reference::default()
        }),
        ..PractitionerRole::default()
    }
}

/// The medicine an item prescribes, contained in its request as `#med`.
fn medicine(item: &Item) -> Medication {
    Medication {
        id: Some("med".to_owned()),
        code: text_value(&item.inn).map(CodeableConcept::text),
        dose_form: text_value(&item.form).map(CodeableConcept::text),
        ingredient: vec![Ingredient {
            item: Some(CodeableReference {
                concept: text_value(&item.inn).map(CodeableConcept::text),
                ..CodeableReference::default()
            }),
            strength_codeable_concept: text_value(&item.strength).map(CodeableConcept::text),
            ..Ingredient::default()
        }],
        ..Medication::default()
    }
}

/// A counted quantity in the guide's local units, the item's own word as `unit`.
pub fn pieces(value: u32, unit: &str) -> Quantity {
    Quantity {
        value: Some(value.into()),
        unit: text_value(unit),
        system: Some(systems::LOCAL_UNITS.to_owned()),
        code: Some(systems::PIECE.to_owned()),
        ..Quantity::default()
    }
}

/// The requests of a prescription, one per item. `patient_id` and `prescriber_id` are the ids
/// of the `Patient` and `PractitionerRole` they point at.
pub fn requests(
    rx: &Prescription,
    patient_id: &str,
    prescriber_id: &str,
) -> Vec<MedicationRequest> {
    let number = || Identifier::of(systems::PRESCRIPTION_NUMBER, &rx.number);
    rx.items
        .iter()
        .map(|item| MedicationRequest {
            id: Some(fhir_id(&item.item_id)),
            contained: vec![Resource::Medication(Box::new(medicine(item)))],
            extension: vec![Extension {
                url: systems::EXT_QUANTITY_DISPENSED.to_owned(),
                value_unsigned_int: Some(item.quantity_dispensed),
                ..Extension::default()
            }],
            identifier: vec![Identifier {
                use_: Some("official".to_owned()),
                type_: Some(CodeableConcept::coded(
                    systems::V2_IDENTIFIER_TYPE,
                    "PLAC",
                    Some("Placer Identifier"),
                )),
                ..number()
            }],
            group_identifier: Some(number()),
            status: Some(request_status(item.status).to_owned()),
            intent: Some("order".to_owned()),
            category: vec![CodeableConcept::coded(
                systems::REQUEST_ADMIN_LOCATION,
                "outpatient",
                None,
            )],
            medication: Some(CodeableReference {
                reference: Some(Reference {
                    reference: Some("#med".to_owned()),
                    display: text_value(&item.inn),
                    ..Reference::default()
                }),
                ..CodeableReference::default()
            }),
            subject: Some(Reference::to(format!("Patient/{patient_id}"))),
            authored_on: Some(when::instant(rx.issued_at)),
            requester: Some(Reference::to(format!("PractitionerRole/{prescriber_id}"))),
            reason: (!rx.diagnosis_icd10.is_empty())
                .then(|| CodeableReference {
                    concept: Some(CodeableConcept::coded(
                        systems::ICD10,
                        &rx.diagnosis_icd10,
                        None,
                    )),
                    ..CodeableReference::default()
                })
                .into_iter()
                .collect(),
            course_of_therapy_type: Some(CodeableConcept::coded(
                systems::COURSE_OF_THERAPY,
                match rx.kind {
                    PrescriptionKind::Acute => "acute",
                    PrescriptionKind::Chronic => "continuous",
                },
                None,
            )),
            dosage_instruction: text_value(&item.dosage_text)
                .map(|text| Dosage {
                    text: Some(text),
                    ..Dosage::default()
                })
                .into_iter()
                .collect(),
            dispense_request: Some(DispenseRequest {
                validity_period: Some(Period {
                    start: Some(when::date(rx.valid_from)),
                    end: Some(when::date(rx.valid_until)),
                    ..Period::default()
                }),
                quantity: Some(pieces(item.quantity_prescribed, &item.unit)),
                ..DispenseRequest::default()
            }),
            ..MedicationRequest::default()
        })
        .collect()
}

/// A search Bundle: `matches` found, `includes` beside them.
pub fn searchset(matches: Vec<Resource>, includes: Vec<Resource>) -> Bundle {
    let entry = |mode: &str| {
        let mode = mode.to_owned();
        move |resource: Resource| BundleEntry {
            full_url: resource.local_reference(),
            resource: Some(resource),
            search: Some(BundleSearch {
                mode: Some(mode.clone()),
                ..BundleSearch::default()
            }),
            ..BundleEntry::default()
        }
    };
    let total = matches.len() as u64;
    Bundle {
        type_: "searchset".to_owned(),
        total: Some(total),
        entry: matches
            .into_iter()
            .map(entry("match"))
            .chain(includes.into_iter().map(entry("include")))
            .collect(),
        ..Bundle::default()
    }
}

/// The resources of a Bundle's entries.
pub fn resources(bundle: &Bundle) -> impl Iterator<Item = &Resource> {
    bundle.entry.iter().filter_map(|e| e.resource.as_ref())
}

/// What a search Bundle holds besides the requests, by `Type/id`.
struct Included<'a> {
    patients: HashMap<String, &'a Patient>,
    roles: HashMap<String, &'a PractitionerRole>,
    /// Completed quantities by request id.
    dispensed: HashMap<String, u32>,
}

impl<'a> Included<'a> {
    fn of(bundle: &'a Bundle) -> Included<'a> {
        let mut inc = Included {
            patients: HashMap::new(),
            roles: HashMap::new(),
            dispensed: HashMap::new(),
        };
        for r in resources(bundle) {
            match r {
                Resource::Patient(p) => {
                    if let Some(key) = r.local_reference() {
                        inc.patients.insert(key, p);
                    }
                }
                Resource::PractitionerRole(p) => {
                    if let Some(key) = r.local_reference() {
                        inc.roles.insert(key, p);
                    }
                }
                Resource::MedicationDispense(md) => inc.count(md),
                _ => {}
            }
        }
        inc
    }

    fn count(&mut self, md: &MedicationDispense) {
        if md.status.as_deref() != Some("completed") {
            return;
        }
        let quantity = md
            .quantity
            .as_ref()
            .and_then(|q| q.value.as_ref())
            .and_then(|v| v.as_u64())
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0);
        for r in &md.authorizing_prescription {
            if let Some(id) = r.id_of("MedicationRequest") {
                *self.dispensed.entry(id.to_owned()).or_default() += quantity;
            }
        }
    }
}

/// The prescriptions in a search Bundle of MedicationRequests (with their Patient and
/// PractitionerRole included, and their MedicationDispenses when the server does not count):
/// the requests grouped by prescription number, in the order first seen.
pub fn from_bundle(bundle: &Bundle) -> Result<Vec<Prescription>, MappingError> {
    let included = Included::of(bundle);
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<&MedicationRequest>> = HashMap::new();
    for r in resources(bundle) {
        let Resource::MedicationRequest(mr) = r else {
            continue;
        };
        let number = number_of(mr)?;
        if !groups.contains_key(&number) {
            order.push(number.clone());
        }
        groups.entry(number).or_default().push(mr);
    }
    order
        .into_iter()
        .map(|number| {
            let requests = groups.remove(&number).unwrap_or_default();
            prescription(&number, &requests, &included)
        })
        .collect()
}

/// The prescription number of a request.
fn number_of(mr: &MedicationRequest) -> Result<String, MappingError> {
    mr.group_identifier
        .as_ref()
        .filter(|g| g.system.as_deref() == Some(systems::PRESCRIPTION_NUMBER))
        .and_then(|g| g.value.clone())
        .or_else(|| {
            identifier_value(&mr.identifier, systems::PRESCRIPTION_NUMBER).map(str::to_owned)
        })
        .ok_or_else(|| {
            MappingError::missing("MedicationRequest.groupIdentifier (prescription number)")
        })
}

fn prescription(
    number: &str,
    requests: &[&MedicationRequest],
    included: &Included<'_>,
) -> Result<Prescription, MappingError> {
    let first = requests
        .first()
        .ok_or_else(|| MappingError::missing("MedicationRequest"))?;
    let items = requests
        .iter()
        .map(|mr| item(mr, included))
        .collect::<Result<Vec<_>, _>>()?;
    let validity = first
        .dispense_request
        .as_ref()
        .and_then(|d| d.validity_period.as_ref());
    let subject = first
        .subject
        .as_ref()
        .and_then(|s| s.reference.as_deref())
        .ok_or_else(|| MappingError::missing("MedicationRequest.subject"))?;
    let patient = included.patients.get(subject).ok_or_else(|| {
        MappingError::new(
            "MedicationRequest.subject",
            format!("{subject} is not included"),
        )
    })?;
    Ok(Prescription {
        number: number.to_owned(),
        status: prescription_status(&items),
        kind: match first
            .course_of_therapy_type
            .as_ref()
            .and_then(|c| c.code_in(systems::COURSE_OF_THERAPY))
        {
            Some("continuous") => PrescriptionKind::Chronic,
            _ => PrescriptionKind::Acute,
        },
        issued_at: when::parse_instant(
            first.authored_on.as_deref(),
            "MedicationRequest.authoredOn",
        )?,
        valid_from: when::parse_date(
            validity.and_then(|p| p.start.as_deref()),
            "MedicationRequest.dispenseRequest.validityPeriod.start",
        )?,
        valid_until: when::parse_date(
            validity.and_then(|p| p.end.as_deref()),
            "MedicationRequest.dispenseRequest.validityPeriod.end",
        )?,
        patient: v1_patient(patient)?,
        prescriber: v1_prescriber(first, included),
        diagnosis_icd10: first
            .reason
            .iter()
            .find_map(|r| r.concept.as_ref().and_then(|c| c.code_in(systems::ICD10)))
            .unwrap_or_default()
            .to_owned(),
        hold: None,
        items,
    })
}

/// Contract v1's prescription status from its items: cancelled when every item is, expired
/// when an open item has expired, completed when nothing is left open, partially dispensed
/// once anything was handed over or closed.
pub fn prescription_status(items: &[Item]) -> PrescriptionStatus {
    use ItemStatus::*;
    if !items.is_empty() && items.iter().all(|i| i.status == Cancelled) {
        PrescriptionStatus::Cancelled
    } else if items.iter().any(|i| i.status == Expired) {
        PrescriptionStatus::Expired
    } else if items
        .iter()
        .all(|i| matches!(i.status, Dispensed | NotDispensed | Cancelled))
    {
        PrescriptionStatus::Completed
    } else if items
        .iter()
        .any(|i| i.quantity_dispensed > 0 || i.status == NotDispensed)
    {
        PrescriptionStatus::PartiallyDispensed
    } else {
        PrescriptionStatus::Active
    }
}

fn v1_patient(p: &Patient) -> Result<V1Patient, MappingError> {
    let name = p.name.first().map(|n| {
        n.text.clone().unwrap_or_else(|| {
            n.family
                .iter()
                .chain(n.given.iter())
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        })
    });
    Ok(V1Patient {
        pinfl: identifier_value(&p.identifier, systems::PINFL)
            .ok_or_else(|| MappingError::missing("Patient.identifier (PINFL)"))?
            .to_owned(),
        full_name: name.unwrap_or_default(),
        birth_date: when::parse_date(p.birth_date.as_deref(), "Patient.birthDate")?,
    })
}

fn v1_prescriber(mr: &MedicationRequest, included: &Included<'_>) -> Prescriber {
    let requester = mr.requester.as_ref();
    let role = requester
        .and_then(|r| r.reference.as_deref())
        .and_then(|key| included.roles.get(key));
    let display = |r: Option<&Reference>| r.and_then(|r| r.display.clone()).unwrap_or_default();
    match role {
        Some(role) => Prescriber {
            full_name: display(role.practitioner.as_ref()),
            facility: display(role.organization.as_ref()),
        },
        None => Prescriber {
            full_name: display(requester),
            facility: String::new(),
        },
    }
}

fn item(mr: &MedicationRequest, included: &Included<'_>) -> Result<Item, MappingError> {
    let id = mr
        .id
        .clone()
        .ok_or_else(|| MappingError::missing("MedicationRequest.id"))?;
    let medicine = contained_medication(mr);
    let text = |c: Option<&CodeableConcept>| {
        c.and_then(|c| {
            c.text
                .clone()
                .or_else(|| c.coding.iter().find_map(|x| x.display.clone()))
        })
    };
    let inn = text(medicine.and_then(|m| m.code.as_ref()))
        .or_else(|| {
            mr.medication.as_ref().and_then(|m| {
                text(m.concept.as_ref())
                    .or_else(|| m.reference.as_ref().and_then(|r| r.display.clone()))
            })
        })
        .ok_or_else(|| MappingError::missing("MedicationRequest.medication (INN)"))?;
    let quantity = mr
        .dispense_request
        .as_ref()
        .and_then(|d| d.quantity.as_ref())
        .ok_or_else(|| MappingError::missing("MedicationRequest.dispenseRequest.quantity"))?;
    let prescribed = count(quantity, "MedicationRequest.dispenseRequest.quantity.value")?;
    let dispensed = match extension(&mr.extension, systems::EXT_QUANTITY_DISPENSED) {
        Some(e) => e.value_unsigned_int.unwrap_or(0),
        None => included.dispensed.get(&id).copied().unwrap_or(0),
    };
    let status = match mr.status.as_deref() {
        Some("active") if dispensed > 0 => ItemStatus::Partial,
        Some("active") => ItemStatus::ToDispense,
        Some("completed") => ItemStatus::Dispensed,
        Some("stopped") => ItemStatus::NotDispensed,
        Some("cancelled") | Some("entered-in-error") => ItemStatus::Cancelled,
        Some("ended") => ItemStatus::Expired,
        other => {
            return Err(MappingError::new(
                "MedicationRequest.status",
                format!("'{}' cannot be dispensed against", other.unwrap_or("")),
            ))
        }
    };
    Ok(Item {
        item_id: id,
        inn,
        form: text(medicine.and_then(|m| m.dose_form.as_ref())).unwrap_or_default(),
        strength: text(
            medicine
                .and_then(|m| m.ingredient.first())
                .and_then(|i| i.strength_codeable_concept.as_ref()),
        )
        .unwrap_or_default(),
        dosage_text: mr
            .dosage_instruction
            .first()
            .and_then(|d| d.text.clone())
            .unwrap_or_default(),
        quantity_prescribed: prescribed,
        quantity_dispensed: dispensed,
        unit: quantity.unit.clone().unwrap_or_default(),
        status,
    })
}

/// The Medication a request's `medication` points at among its contained resources.
fn contained_medication(mr: &MedicationRequest) -> Option<&Medication> {
    let reference = mr
        .medication
        .as_ref()?
        .reference
        .as_ref()?
        .reference
        .as_deref()?;
    let local = reference.strip_prefix('#')?;
    mr.contained.iter().find_map(|r| match r {
        Resource::Medication(m) if m.id.as_deref() == Some(local) => Some(m.as_ref()),
        _ => None,
    })
}

/// A whole, non-negative count of `element`.
pub fn count(q: &Quantity, element: &str) -> Result<u32, MappingError> {
    let value = q
        .value
        .as_ref()
        .ok_or_else(|| MappingError::missing(element))?;
    value
        .as_u64()
        .and_then(|v| u32::try_from(v).ok())
        .or_else(|| {
            value
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX))
                .map(|f| f as u32)
        })
        .ok_or_else(|| MappingError::new(element, format!("{value} is not a whole count")))
}
