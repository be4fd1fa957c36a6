//! A dispense both ways. Contract v1 records one dispense of several lines; FHIR records one
//! `MedicationDispense` per line, all in one transaction `Bundle` so the dispense is all or
//! nothing. Each line carries:
//! - two identifiers: the line (`<dispense id>.<n>`, the key of conditional create, so a resend
//!   never doubles it) and the dispense it belongs to;
//! - `authorizingPrescription`: the item's MedicationRequest, with the prescription number;
//! - the product in a contained `Medication` (its catalogue id, its GTINs and every scanned
//!   marking code as identifiers, batch and expiry);
//! - `performer`: the pharmacist (by PINFL) and the pharmacy;
//! - `quantity` in the guide's local units, `whenHandedOver`, `recorded` and `receiver` (the
//!   patient, or a contained `RelatedPerson` for a representative);
//! - status `completed`, or `declined` with `notPerformedReason` for an item closed without
//!   being handed over; a withdrawn dispense is `entered-in-error`.
//!
//! How it reached the central system (online, offline retry, paper) and the paper reference are
//! extensions of Dorixona's; which document was checked too.

use std::collections::HashMap;

use dmed_api::handover::{IdDocumentKind, Receiver, ReceiverKind};
use dmed_api::types::{
    Dispense, DispenseItem, DispenseMode, DispenseRequest, DispenseStatus, DispensedItem,
    ItemStatus, Prescription, PrescriptionStatus,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::model::{
    extension, identifier_value, text_value, Bundle, BundleEntry, BundleRequest, CodeableConcept,
    CodeableReference, Extension, HumanName, Identifier, Medication, MedicationBatch,
    MedicationDispense, Meta, Performer, Reference, RelatedPerson, Resource, Substitution,
};
use crate::prescription::{count, pieces};
use crate::{systems, when, MappingError};

/// Extension: which identity document the pharmacist checked (`passport`, `id_card`,
/// `birth_certificate`).
pub const EXT_DOCUMENT_CHECKED: &str =
    "https://dorixona.uz/fhir/StructureDefinition/document-checked";

/// What every line of one dispense shares.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub dispense_id: Uuid,
    pub prescription_number: String,
    pub pharmacist_pinfl: String,
    /// The pharmacist's name, for people (empty: not known).
    pub pharmacist_name: String,
    /// The pharmacy's id and name at the central system (empty: not known).
    pub pharmacy_id: String,
    pub pharmacy_name: String,
    pub handed_over_at: OffsetDateTime,
    pub mode: DispenseMode,
    pub paper_ref: Option<String>,
    pub receiver: Option<Receiver>,
    /// The patient, as the MedicationRequest's `subject` names them.
    pub subject: Reference,
    /// When the central system recorded it (`recorded`; on the way there the counter's own
    /// moment of recording, the handover).
    pub recorded_at: Option<OffsetDateTime>,
    /// When and why it was withdrawn.
    pub withdrawn: Option<(OffsetDateTime, String)>,
}

/// One line: a product handed over for an item, or the item closed without being handed over.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// The id of the item's MedicationRequest.
    pub item_id: String,
    pub product_id: String,
    pub quantity: u32,
    /// The item's unit word (tablet, bottle…).
    pub unit: String,
    pub gtins: Vec<String>,
    pub marking_codes: Vec<String>,
    pub batch: Option<String>,
    pub expiry: Option<Date>,
    pub substituted: bool,
    pub not_dispensed_reason: Option<String>,
}

/// The identifier value of line `n` of a dispense.
pub fn line_key(dispense_id: Uuid, n: usize) -> String {
    format!("{dispense_id}.{n}")
}

/// The conditional-create criterion of a line: the server makes it only if no
/// MedicationDispense has this line's identifier yet.
pub fn if_none_exist(dispense_id: Uuid, n: usize) -> String {
    format!(
        "identifier={}|{}",
        systems::DISPENSE_LINE,
        line_key(dispense_id, n)
    )
}

fn mode_code(mode: DispenseMode) -> &'static str {
    match mode {
        DispenseMode::Online => "online",
        DispenseMode::OfflineRetry => "offline_retry",
        DispenseMode::Paper => "paper",
    }
}

fn mode_of(code: Option<&str>) -> Result<DispenseMode, MappingError> {
    match code {
        None | Some("online") => Ok(DispenseMode::Online),
        Some("offline_retry") => Ok(DispenseMode::OfflineRetry),
        Some("paper") => Ok(DispenseMode::Paper),
        Some(other) => Err(MappingError::new(
            "MedicationDispense.extension (dispense mode)",
            format!("'{other}' is not a dispense mode"),
        )),
    }
}

/// HL7's code for one of contract v1's not-dispensed reasons, where one means the same.
fn hl7_reason(code: &str) -> Option<&'static str> {
    match code {
        "out_of_stock" => Some("outofstock"),
        "suspected_error" => Some("clarif"),
        _ => None,
    }
}

fn document_system(kind: IdDocumentKind) -> (&'static str, &'static str) {
    match kind {
        IdDocumentKind::Passport | IdDocumentKind::IdCard => (systems::PASSPORT_LOCAL, "PPN"),
        IdDocumentKind::BirthCertificate => (systems::BIRTH_CERTIFICATE, "BCT"),
    }
}

/// The product handed over on a line, contained as `#product`.
fn product(line: &Line) -> Medication {
    let typed = |system: &str, value: &str, kind: &str| {
        Identifier::typed(
            system,
            value,
            "official",
            systems::MEDICINE_IDENTIFIER_TYPES,
            kind,
        )
    };
    let mut identifier: Vec<Identifier> = text_value(&line.product_id)
        .map(|id| Identifier::of(systems::PRODUCT, id))
        .into_iter()
        .collect();
    identifier.extend(line.gtins.iter().map(|g| typed(systems::GTIN, g, "gtin")));
    identifier.extend(
        line.marking_codes
            .iter()
            .map(|m| typed(systems::MARKING_CODE, m, "marking")),
    );
    Medication {
        id: Some("product".to_owned()),
        identifier,
        batch: (line.batch.is_some() || line.expiry.is_some()).then(|| MedicationBatch {
            lot_number: line.batch.clone(),
            expiration_date: line.expiry.map(when::date),
            ..MedicationBatch::default()
        }),
        ..Medication::default()
    }
}

/// The receiver: the patient (the subject), or a representative contained as `#receiver`.
fn receiver(h: &Header, contained: &mut Vec<Resource>) -> Vec<Reference> {
    let Some(r) = &h.receiver else {
        return Vec::new();
    };
    if r.kind == ReceiverKind::Patient {
        return vec![h.subject.clone()];
    }
    let identifier = match (r.document, &r.document_number) {
        (Some(kind), Some(number)) => {
            let (system, code) = document_system(kind);
            vec![Identifier::typed(
                system,
                number,
                "official",
                systems::V2_IDENTIFIER_TYPE,
                code,
            )]
        }
        _ => Vec::new(),
    };
    contained.push(Resource::RelatedPerson(Box::new(RelatedPerson {
        id: Some("receiver".to_owned()),
        identifier,
        patient: Some(h.subject.clone()),
        relationship: r
            .relation
            .as_deref()
            .and_then(text_value)
            .map(CodeableConcept::text)
            .into_iter()
            .collect(),
        name: r
            .full_name
            .as_deref()
            .and_then(text_value)
            .map(|n| HumanName {
                text: Some(n),
                ..HumanName::default()
            })
            .into_iter()
            .collect(),
        ..RelatedPerson::default()
    })));
    vec![Reference::to("#receiver")]
}

/// What a line handed over: the product contained as `#product`, or for an item closed
/// without a product, words saying nothing was handed over (`medication` is required).
const NOTHING_HANDED_OVER: &str = "nothing handed over";

/// Line `n` of a dispense as a MedicationDispense (without a server id).
pub fn medication_dispense(h: &Header, line: &Line, n: usize) -> MedicationDispense {
    let product = product(line);
    let medication = if product.identifier.is_empty() && product.batch.is_none() {
        CodeableReference {
            concept: Some(CodeableConcept::text(NOTHING_HANDED_OVER)),
            ..CodeableReference::default()
        }
    } else {
        CodeableReference {
            reference: Some(Reference::to("#product")),
            ..CodeableReference::default()
        }
    };
    let mut contained: Vec<Resource> = medication
        .reference
        .is_some()
        .then(|| Resource::Medication(Box::new(product)))
        .into_iter()
        .collect();
    let receiver = receiver(h, &mut contained);
    let mut ext = vec![Extension::code(
        systems::EXT_DISPENSE_MODE,
        mode_code(h.mode),
    )];
    if let Some(paper) = &h.paper_ref {
        ext.push(Extension::string(systems::EXT_PAPER_REF, paper));
    }
    if let Some(kind) = h.receiver.as_ref().and_then(|r| r.document) {
        ext.push(Extension::code(EXT_DOCUMENT_CHECKED, kind.code()));
    }
    if let Some((_, reason)) = &h.withdrawn {
        ext.push(Extension::string(systems::EXT_WITHDRAW_REASON, reason));
    }
    let declined = line.not_dispensed_reason.as_ref().map(|wire| {
        let code = wire.split(':').next().unwrap_or(wire).trim();
        let mut concept = CodeableConcept::coded(systems::NOT_DISPENSED_REASON, code, None);
        if let Some(hl7) = hl7_reason(code) {
            concept
                .coding
                .extend(CodeableConcept::coded(systems::DISPENSE_STATUS_REASON, hl7, None).coding);
        }
        concept.text = Some(wire.clone());
        CodeableReference {
            concept: Some(concept),
            ..CodeableReference::default()
        }
    });
    let status = match (&h.withdrawn, &declined) {
        (Some(_), _) => "entered-in-error",
        (None, Some(_)) => "declined",
        (None, None) => "completed",
    };
    let mut performer = vec![Performer {
        actor: Some(Reference {
            type_: Some("Practitioner".to_owned()),
            identifier: Some(Box::new(Identifier::of(
                systems::PINFL,
                &h.pharmacist_pinfl,
            ))),
            display: (!h.pharmacist_name.is_empty()).then(|| h.pharmacist_name.clone()),
            ..Reference::default()
        }),
        ..Performer::default()
    }];
    if !h.pharmacy_id.is_empty() {
        performer.push(Performer {
            actor: Some(Reference {
                type_: Some("Organization".to_owned()),
                identifier: Some(Box::new(Identifier::of(systems::PHARMACY, &h.pharmacy_id))),
                display: (!h.pharmacy_name.is_empty()).then(|| h.pharmacy_name.clone()),
                ..Reference::default()
            }),
            ..Performer::default()
        });
    }
    MedicationDispense {
        meta: h.recorded_at.map(|t| Meta {
            last_updated: Some(when::instant(h.withdrawn.as_ref().map_or(t, |w| w.0))),
            ..Meta::default()
        }),
        contained,
        extension: ext,
        identifier: vec![
            Identifier::of(systems::DISPENSE_LINE, line_key(h.dispense_id, n)),
            Identifier::of(systems::DISPENSE, h.dispense_id.to_string()),
        ],
        status: Some(status.to_owned()),
        not_performed_reason: declined,
        status_changed: h.withdrawn.as_ref().map(|(at, _)| when::instant(*at)),
        category: vec![CodeableConcept::coded(
            systems::DISPENSE_ADMIN_LOCATION,
            "outpatient",
            None,
        )],
        medication: Some(medication),
        subject: Some(h.subject.clone()),
        performer,
        authorizing_prescription: vec![Reference {
            reference: Some(format!("MedicationRequest/{}", line.item_id)),
            identifier: Some(Box::new(Identifier::of(
                systems::PRESCRIPTION_NUMBER,
                &h.prescription_number,
            ))),
            ..Reference::default()
        }],
        quantity: (line.not_dispensed_reason.is_none() || line.quantity > 0)
            .then(|| pieces(line.quantity, &line.unit)),
        recorded: Some(when::instant(h.recorded_at.unwrap_or(h.handed_over_at))),
        when_handed_over: Some(when::instant(h.handed_over_at)),
        receiver,
        substitution: line.substituted.then(|| Substitution {
            was_substituted: Some(true),
            ..Substitution::default()
        }),
        ..MedicationDispense::default()
    }
}

/// What the counter sends, beside the request itself: who the patient is at the central system
/// (the subject of the prescription's requests), each item's unit, each product's GTINs, and
/// the pharmacy.
#[derive(Debug, Clone, Default)]
pub struct SendContext {
    pub subject: Reference,
    /// Unit word by item (MedicationRequest) id.
    pub units: HashMap<String, String>,
    /// GTINs by product id.
    pub gtins: HashMap<String, Vec<String>>,
    pub pharmacy_id: String,
    pub pharmacy_name: String,
    pub pharmacist_name: String,
}

/// The header and lines of a contract v1 request.
pub fn parts_of_request(req: &DispenseRequest, ctx: &SendContext) -> (Header, Vec<Line>) {
    let header = Header {
        dispense_id: req.dispense_id,
        prescription_number: req.prescription_number.clone(),
        pharmacist_pinfl: req.pharmacist_pinfl.clone(),
        pharmacist_name: ctx.pharmacist_name.clone(),
        pharmacy_id: ctx.pharmacy_id.clone(),
        pharmacy_name: ctx.pharmacy_name.clone(),
        handed_over_at: req.handed_over_at,
        mode: req.mode,
        paper_ref: req.paper_ref.clone(),
        receiver: req.receiver.clone(),
        subject: ctx.subject.clone(),
        recorded_at: None,
        withdrawn: None,
    };
    let lines = req
        .items
        .iter()
        .map(|i: &DispenseItem| Line {
            item_id: i.item_id.clone(),
            product_id: i.product_id.clone(),
            quantity: i.quantity,
            unit: ctx.units.get(&i.item_id).cloned().unwrap_or_default(),
            gtins: ctx.gtins.get(&i.product_id).cloned().unwrap_or_default(),
            marking_codes: i.marking_codes.clone(),
            batch: i.batch.clone(),
            expiry: i.expiry,
            substituted: i.substituted,
            not_dispensed_reason: i.not_dispensed_reason.clone(),
        })
        .collect();
    (header, lines)
}

/// A contract v1 dispense request as a transaction: one conditional create per line, then
/// `read_back` (a search URL, e.g. the prescription's requests) so the answer holds what remains.
pub fn transaction(req: &DispenseRequest, ctx: &SendContext, read_back: Option<String>) -> Bundle {
    let (header, lines) = parts_of_request(req, ctx);
    let mut entry: Vec<BundleEntry> = lines
        .iter()
        .enumerate()
        .map(|(n, line)| BundleEntry {
            full_url: Some(format!(
                "urn:uuid:{}",
                Uuid::new_v5(&req.dispense_id, n.to_string().as_bytes())
            )),
            resource: Some(Resource::MedicationDispense(Box::new(medication_dispense(
                &header, line, n,
            )))),
            request: Some(BundleRequest {
                method: "POST".to_owned(),
                url: "MedicationDispense".to_owned(),
                if_none_exist: Some(if_none_exist(req.dispense_id, n)),
                ..BundleRequest::default()
            }),
            ..BundleEntry::default()
        })
        .collect();
    if let Some(url) = read_back {
        entry.push(BundleEntry {
            request: Some(BundleRequest {
                method: "GET".to_owned(),
                url,
                ..BundleRequest::default()
            }),
            ..BundleEntry::default()
        });
    }
    Bundle {
        type_: "transaction".to_owned(),
        entry,
        ..Bundle::default()
    }
}

/// A contract v1 dispense as MedicationDispenses, one per line. `unit_of` gives an item's
/// unit word.
pub fn resources_of_dispense(
    d: &Dispense,
    subject: &Reference,
    unit_of: impl Fn(&str) -> String,
) -> Vec<MedicationDispense> {
    let header = Header {
        dispense_id: d.dispense_id,
        prescription_number: d.prescription_number.clone(),
        pharmacist_pinfl: d.pharmacist_pinfl.clone(),
        pharmacist_name: d.pharmacist_name.clone(),
        pharmacy_id: d.pharmacy_id.clone(),
        pharmacy_name: d.pharmacy_name.clone(),
        handed_over_at: d.handed_over_at,
        mode: d.mode,
        paper_ref: None,
        receiver: d.receiver.clone(),
        subject: subject.clone(),
        recorded_at: Some(d.recorded_at),
        withdrawn: match d.status {
            DispenseStatus::Withdrawn => Some((
                d.withdrawn_at.unwrap_or(d.recorded_at),
                d.withdraw_reason.clone().unwrap_or_default(),
            )),
            DispenseStatus::Completed => None,
        },
    };
    d.items
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let line = Line {
                item_id: crate::prescription::fhir_id(&i.item_id),
                product_id: i.product_id.clone(),
                quantity: i.quantity,
                unit: unit_of(&i.item_id),
                gtins: Vec::new(),
                marking_codes: i.marking_codes.clone(),
                batch: i.batch.clone(),
                expiry: i.expiry,
                substituted: false,
                not_dispensed_reason: i.not_dispensed_reason.clone(),
            };
            let mut md = medication_dispense(&header, &line, n);
            md.id = Some(line_key(d.dispense_id, n));
            md
        })
        .collect()
}

/// The header and line one MedicationDispense carries.
pub fn parts_of(md: &MedicationDispense) -> Result<(Header, Line), MappingError> {
    let dispense_id = identifier_value(&md.identifier, systems::DISPENSE)
        .ok_or_else(|| MappingError::missing("MedicationDispense.identifier (dispense)"))?;
    let dispense_id = Uuid::parse_str(dispense_id).map_err(|e| {
        MappingError::new(
            "MedicationDispense.identifier (dispense)",
            format!("'{dispense_id}' is not a UUID ({e})"),
        )
    })?;
    let authorizing = md
        .authorizing_prescription
        .first()
        .ok_or_else(|| MappingError::missing("MedicationDispense.authorizingPrescription"))?;
    let item_id = authorizing
        .id_of("MedicationRequest")
        .ok_or_else(|| {
            MappingError::missing("MedicationDispense.authorizingPrescription.reference")
        })?
        .to_owned();
    let number = authorizing
        .identifier
        .as_ref()
        .and_then(|i| i.value.clone())
        .ok_or_else(|| {
            MappingError::missing("MedicationDispense.authorizingPrescription.identifier")
        })?;
    let actor = |kind: &str| {
        md.performer
            .iter()
            .filter_map(|p| p.actor.as_ref())
            .find(|a| a.type_.as_deref() == Some(kind))
    };
    let pharmacist = actor("Practitioner")
        .ok_or_else(|| MappingError::missing("MedicationDispense.performer (pharmacist)"))?;
    let pharmacy = actor("Organization");
    let ext_code = |url: &str| extension(&md.extension, url).and_then(|e| e.value_code.as_deref());
    let ext_string = |url: &str| extension(&md.extension, url).and_then(|e| e.value_string.clone());
    let subject = md
        .subject
        .clone()
        .ok_or_else(|| MappingError::missing("MedicationDispense.subject"))?;
    let document = ext_code(EXT_DOCUMENT_CHECKED).and_then(IdDocumentKind::from_code);
    let receiver = receiver_of(md, &subject, document);
    let status = md.status.as_deref();
    let handed_over_at = when::parse_instant(
        md.when_handed_over.as_deref(),
        "MedicationDispense.whenHandedOver",
    )?;
    let withdrawn = if status == Some("entered-in-error") {
        Some((
            md.status_changed
                .as_deref()
                .map(|t| when::parse_instant(Some(t), "MedicationDispense.statusChanged"))
                .transpose()?
                .unwrap_or(handed_over_at),
            ext_string(systems::EXT_WITHDRAW_REASON).unwrap_or_default(),
        ))
    } else {
        None
    };
    let header = Header {
        dispense_id,
        prescription_number: number,
        pharmacist_pinfl: pharmacist
            .identifier
            .as_ref()
            .and_then(|i| i.value.clone())
            .ok_or_else(|| {
                MappingError::missing("MedicationDispense.performer.actor.identifier")
            })?,
        pharmacist_name: pharmacist.display.clone().unwrap_or_default(),
        pharmacy_id: pharmacy
            .and_then(|p| p.identifier.as_ref())
            .and_then(|i| i.value.clone())
            .unwrap_or_default(),
        pharmacy_name: pharmacy.and_then(|p| p.display.clone()).unwrap_or_default(),
        handed_over_at,
        mode: mode_of(ext_code(systems::EXT_DISPENSE_MODE))?,
        paper_ref: ext_string(systems::EXT_PAPER_REF),
        receiver,
        subject,
        recorded_at: md
            .recorded
            .as_deref()
            .map(|t| when::parse_instant(Some(t), "MedicationDispense.recorded"))
            .transpose()?,
        withdrawn,
    };
    let product = md.contained.iter().find_map(|r| match r {
        Resource::Medication(m) => Some(m.as_ref()),
        _ => None,
    });
    let ids = |system: &str| -> Vec<String> {
        product
            .map(|m| {
                m.identifier
                    .iter()
                    .filter(|i| i.system.as_deref() == Some(system))
                    .filter_map(|i| i.value.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    let batch = product.and_then(|m| m.batch.as_ref());
    let not_dispensed_reason = md.not_performed_reason.as_ref().and_then(|r| {
        r.concept.as_ref().and_then(|c| {
            c.text
                .clone()
                .or_else(|| c.code_in(systems::NOT_DISPENSED_REASON).map(str::to_owned))
        })
    });
    let quantity = match &md.quantity {
        Some(q) => count(q, "MedicationDispense.quantity.value")?,
        None if not_dispensed_reason.is_some() => 0,
        None => return Err(MappingError::missing("MedicationDispense.quantity")),
    };
    let line = Line {
        item_id,
        product_id: ids(systems::PRODUCT).into_iter().next().unwrap_or_default(),
        quantity,
        unit: md
            .quantity
            .as_ref()
            .and_then(|q| q.unit.clone())
            .unwrap_or_default(),
        gtins: ids(systems::GTIN),
        marking_codes: ids(systems::MARKING_CODE),
        batch: batch.and_then(|b| b.lot_number.clone()),
        expiry: batch
            .and_then(|b| b.expiration_date.as_deref())
            .map(|d| when::parse_date(Some(d), "Medication.batch.expirationDate"))
            .transpose()?,
        substituted: md
            .substitution
            .as_ref()
            .and_then(|s| s.was_substituted)
            .unwrap_or(false),
        not_dispensed_reason,
    };
    Ok((header, line))
}

fn receiver_of(
    md: &MedicationDispense,
    subject: &Reference,
    document: Option<IdDocumentKind>,
) -> Option<Receiver> {
    let first = md.receiver.first()?;
    if first.reference == subject.reference {
        return Some(Receiver::patient(document));
    }
    let local = first.reference.as_deref()?.strip_prefix('#')?;
    let person = md.contained.iter().find_map(|r| match r {
        Resource::RelatedPerson(p) if p.id.as_deref() == Some(local) => Some(p.as_ref()),
        _ => None,
    })?;
    Some(Receiver {
        kind: ReceiverKind::Representative,
        document,
        document_number: person.identifier.first().and_then(|i| i.value.clone()),
        full_name: person.name.first().and_then(|n| n.text.clone()),
        relation: person.relationship.first().and_then(|r| r.text.clone()),
    })
}

/// The contract v1 request a transaction's MedicationDispenses make (the sandbox's side). Item
/// ids are the MedicationRequest ids as sent.
pub fn request_from(bundle: &Bundle) -> Result<DispenseRequest, MappingError> {
    let mut header: Option<Header> = None;
    let mut items = Vec::new();
    for entry in &bundle.entry {
        let Some(Resource::MedicationDispense(md)) = &entry.resource else {
            continue;
        };
        let (h, line) = parts_of(md)?;
        if let Some(first) = &header {
            if first.dispense_id != h.dispense_id {
                return Err(MappingError::new(
                    "Bundle.entry",
                    "every MedicationDispense of a transaction must belong to one dispense",
                ));
            }
        } else {
            header = Some(h);
        }
        items.push(DispenseItem {
            item_id: line.item_id,
            product_id: line.product_id,
            quantity: line.quantity,
            marking_codes: line.marking_codes,
            batch: line.batch,
            expiry: line.expiry,
            substituted: line.substituted,
            not_dispensed_reason: line.not_dispensed_reason,
        });
    }
    let h = header.ok_or_else(|| MappingError::missing("Bundle.entry (MedicationDispense)"))?;
    Ok(DispenseRequest {
        dispense_id: h.dispense_id,
        prescription_number: h.prescription_number,
        pharmacist_pinfl: h.pharmacist_pinfl,
        hold_id: None,
        handed_over_at: h.handed_over_at,
        mode: h.mode,
        paper_ref: h.paper_ref,
        items,
        receiver: h.receiver,
    })
}

/// Contract v1 dispenses from MedicationDispenses (grouped by dispense, in the order first
/// seen). `rx`, the prescription as it stands now, gives each line what remains of its item and
/// the prescription's status; without it they read as nothing known (0, `to_dispense`,
/// `active`).
pub fn dispenses_from(
    mds: &[&MedicationDispense],
    rx: Option<&Prescription>,
) -> Result<Vec<Dispense>, MappingError> {
    let mut order: Vec<Uuid> = Vec::new();
    let mut groups: HashMap<Uuid, (Header, Vec<(usize, Line)>)> = HashMap::new();
    for md in mds {
        let (h, line) = parts_of(md)?;
        let n = md
            .identifier
            .iter()
            .find(|i| i.system.as_deref() == Some(systems::DISPENSE_LINE))
            .and_then(|i| i.value.as_deref())
            .and_then(|v| v.rsplit('.').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(usize::MAX);
        let group = groups.entry(h.dispense_id).or_insert_with(|| {
            order.push(h.dispense_id);
            (h, Vec::new())
        });
        group.1.push((n, line));
    }
    let item = |id: &str| rx.and_then(|rx| rx.items.iter().find(|i| i.item_id == id));
    Ok(order
        .into_iter()
        .filter_map(|id| groups.remove(&id))
        .map(|(h, mut lines)| {
            lines.sort_by_key(|(n, _)| *n);
            Dispense {
                dispense_id: h.dispense_id,
                prescription_number: h.prescription_number,
                pharmacy_id: h.pharmacy_id,
                pharmacist_pinfl: h.pharmacist_pinfl,
                status: if h.withdrawn.is_some() {
                    DispenseStatus::Withdrawn
                } else {
                    DispenseStatus::Completed
                },
                mode: h.mode,
                handed_over_at: h.handed_over_at,
                recorded_at: h.recorded_at.unwrap_or(h.handed_over_at),
                prescription_status: rx.map_or(PrescriptionStatus::Active, |rx| rx.status),
                items: lines
                    .into_iter()
                    .map(|(_, l)| DispensedItem {
                        remaining: item(&l.item_id).map_or(0, |i| i.remaining()),
                        item_status: item(&l.item_id).map_or(ItemStatus::ToDispense, |i| i.status),
                        item_id: l.item_id,
                        product_id: l.product_id,
                        quantity: l.quantity,
                        marking_codes: l.marking_codes,
                        batch: l.batch,
                        expiry: l.expiry,
                        not_dispensed_reason: l.not_dispensed_reason,
                    })
                    .collect(),
                pharmacy_name: h.pharmacy_name,
                pharmacist_name: h.pharmacist_name,
                receiver: h.receiver,
                withdrawn_at: h.withdrawn.as_ref().map(|w| w.0),
                withdraw_reason: h.withdrawn.map(|w| w.1),
            }
        })
        .collect())
}
