//! Identifier systems, code systems and extension URLs: the guide's where it names one, HL7's
//! where the guide binds to it, and Dorixona's own (under [`DORIXONA`]) for what the guide does
//! not cover yet. Which are which, and what is still unknown about the platform, is in
//! `docs/decisions/0020-dhp-fhir-adapter.md`.

/// The PINFL (JShShIR): the guide's national unique individual identifier.
pub const PINFL: &str = "https://dhp.uz/fhir/core/sid/pid/uz/ni";
/// A local (internal) passport or ID card number.
pub const PASSPORT_LOCAL: &str = "https://dhp.uz/fhir/core/sid/pid/uz/ppn/local";
/// A birth certificate number.
pub const BIRTH_CERTIFICATE: &str = "https://dhp.uz/fhir/core/sid/pid/uz/bct";

/// HL7 v2 identifier types (`NI`, `PPN`, `PLAC`…).
pub const V2_IDENTIFIER_TYPE: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";
/// ICD-10.
pub const ICD10: &str = "http://hl7.org/fhir/sid/icd-10";
/// Where a medication request is for (`outpatient`).
pub const REQUEST_ADMIN_LOCATION: &str =
    "http://terminology.hl7.org/CodeSystem/medicationrequest-admin-location";
/// Where a dispense happened (`outpatient`).
pub const DISPENSE_ADMIN_LOCATION: &str = "http://hl7.org/fhir/medicationdispense-admin-location";
/// Acute or continuous (chronic) therapy.
pub const COURSE_OF_THERAPY: &str =
    "http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy";
/// HL7's reasons a dispense was not performed (`outofstock`, `altchoice`…).
pub const DISPENSE_STATUS_REASON: &str =
    "http://terminology.hl7.org/CodeSystem/medicationdispense-status-reason";
/// OperationOutcome issue types (`not-found`, `business-rule`…).
pub const ISSUE_TYPE: &str = "http://hl7.org/fhir/issue-type";

/// The guide's local units of a dispensed quantity (`piece`: "dona").
pub const LOCAL_UNITS: &str =
    "https://terminology.dhp.uz/fhir/core/CodeSystem/medication-total-volume-local-units-cs";
/// The local unit every counted quantity is given in: one piece (tablet, capsule, ampoule…), the
/// item's own word kept in `unit`.
pub const PIECE: &str = "piece";

/// The guide's medicine identifier types (`gtin`, `marking`…) of the Medication profile.
pub const MEDICINE_IDENTIFIER_TYPES: &str =
    "https://terminology.dhp.uz/fhir/core/CodeSystem/medicine-identifier-type-cs";
/// A GTIN, as the guide's Medication profile names it (the Asl belgisi service's system).
pub const GTIN: &str = "https://mobile-api.aslbelgisi.uz/gtin";

/// ATC, as the guide's medical product classification names it.
pub const ATC: &str = "http://www.whocc.no/atc";

/// Dorixona's namespace for what the guide does not name yet.
pub const DORIXONA: &str = "https://dorixona.uz/fhir";
/// The prescription number (DMED's prescription id), on every MedicationRequest of the
/// prescription (`identifier` and `groupIdentifier`).
pub const PRESCRIPTION_NUMBER: &str = "https://dorixona.uz/fhir/sid/prescription";
/// One line of a dispense: `<dispense id>.<line>`; the key of conditional create.
pub const DISPENSE_LINE: &str = "https://dorixona.uz/fhir/sid/dispense-line";
/// The dispense a line belongs to (the counter's dispense id).
pub const DISPENSE: &str = "https://dorixona.uz/fhir/sid/dispense";
/// A product of the national drug list, as the catalogue names it.
pub const PRODUCT: &str = "https://dorixona.uz/fhir/sid/product";
/// An Asl belgisi marking code of a pack handed over.
pub const MARKING_CODE: &str = "https://dorixona.uz/fhir/sid/marking-code";
/// A pharmacy, by its id at the central system.
pub const PHARMACY: &str = "https://dorixona.uz/fhir/sid/pharmacy";
/// Contract v1's reasons an item was closed without being handed over (`out_of_stock`…).
pub const NOT_DISPENSED_REASON: &str = "https://dorixona.uz/fhir/CodeSystem/not-dispensed-reason";
/// Contract v1's error codes, carried in an OperationOutcome's `details`.
pub const ERROR_CODE: &str = "https://dorixona.uz/fhir/CodeSystem/error-code";

/// Extension: how the dispense reached the central system (`online`, `offline_retry`, `paper`).
pub const EXT_DISPENSE_MODE: &str = "https://dorixona.uz/fhir/StructureDefinition/dispense-mode";
/// Extension: the paper prescription's reference of a paper dispense.
pub const EXT_PAPER_REF: &str = "https://dorixona.uz/fhir/StructureDefinition/paper-reference";
/// Extension: why a dispense was withdrawn (set with status `entered-in-error`).
pub const EXT_WITHDRAW_REASON: &str =
    "https://dorixona.uz/fhir/StructureDefinition/withdraw-reason";
/// Extension on a MedicationRequest: how much of it has been dispensed, as the server counts it
/// (paper records and dispenses older than the server's FHIR face included). Read when present;
/// otherwise the completed dispenses included with the request are counted.
pub const EXT_QUANTITY_DISPENSED: &str =
    "https://dorixona.uz/fhir/StructureDefinition/quantity-dispensed";
/// Extension on a Medication: sold only on prescription.
pub const EXT_RX_ONLY: &str = "https://dorixona.uz/fhir/StructureDefinition/rx-only";
/// Extension on a Medication: sold only on an e-prescription (antibiotics, hormonal and other
/// listed groups).
pub const EXT_E_RX_REQUIRED: &str = "https://dorixona.uz/fhir/StructureDefinition/e-rx-required";
