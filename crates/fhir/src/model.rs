//! The FHIR R5 resources and data types Dorixona exchanges, as JSON. Each type names the
//! elements the mapping uses; every other element lands in `extra` and is written back as it
//! came, so nothing a server sends is lost on the way through. Decimals stay
//! `serde_json::Number`s (an integer stays an integer).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Number, Value};
use serde_with::skip_serializing_none;

/// Elements a type does not name, kept as they came.
pub type Extra = Map<String, Value>;

macro_rules! fhir_type {
    ($(#[$meta:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[skip_serializing_none]
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $($body)*
            /// Elements not named above.
            #[serde(flatten)]
            pub extra: Extra,
        }
    };
}

fhir_type! {
    pub struct Meta {
        pub version_id: Option<String>,
        pub last_updated: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub profile: Vec<String>,
    }
}

fhir_type! {
    pub struct Coding {
        pub system: Option<String>,
        pub code: Option<String>,
        pub display: Option<String>,
    }
}

fhir_type! {
    pub struct CodeableConcept {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub coding: Vec<Coding>,
        pub text: Option<String>,
    }
}

fhir_type! {
    pub struct Identifier {
        #[serde(rename = "use")]
        pub use_: Option<String>,
        #[serde(rename = "type")]
        pub type_: Option<CodeableConcept>,
        pub system: Option<String>,
        pub value: Option<String>,
    }
}

fhir_type! {
    pub struct Reference {
        pub reference: Option<String>,
        #[serde(rename = "type")]
        pub type_: Option<String>,
        pub identifier: Option<Box<Identifier>>,
        pub display: Option<String>,
    }
}

fhir_type! {
    pub struct CodeableReference {
        pub concept: Option<CodeableConcept>,
        pub reference: Option<Reference>,
    }
}

fhir_type! {
    pub struct Quantity {
        pub value: Option<Number>,
        pub unit: Option<String>,
        pub system: Option<String>,
        pub code: Option<String>,
    }
}

fhir_type! {
    pub struct Period {
        pub start: Option<String>,
        pub end: Option<String>,
    }
}

fhir_type! {
    pub struct Annotation {
        pub text: Option<String>,
    }
}

fhir_type! {
    /// An extension with the value types Dorixona writes; others stay in `extra`.
    pub struct Extension {
        pub url: String,
        pub value_code: Option<String>,
        pub value_string: Option<String>,
        pub value_boolean: Option<bool>,
        pub value_unsigned_int: Option<u32>,
        pub value_date_time: Option<String>,
        pub value_reference: Option<Reference>,
    }
}

fhir_type! {
    pub struct HumanName {
        #[serde(rename = "use")]
        pub use_: Option<String>,
        pub text: Option<String>,
        pub family: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub given: Vec<String>,
    }
}

fhir_type! {
    pub struct Dosage {
        pub text: Option<String>,
    }
}

fhir_type! {
    pub struct Patient {
        pub id: Option<String>,
        pub meta: Option<Meta>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub identifier: Vec<Identifier>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub name: Vec<HumanName>,
        pub birth_date: Option<String>,
    }
}

fhir_type! {
    pub struct PractitionerRole {
        pub id: Option<String>,
        pub meta: Option<Meta>,
        pub practitioner: Option<Reference>,
        pub organization: Option<Reference>,
    }
}

fhir_type! {
    pub struct RelatedPerson {
        pub id: Option<String>,
        pub meta: Option<Meta>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub identifier: Vec<Identifier>,
        pub patient: Option<Reference>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub relationship: Vec<CodeableConcept>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub name: Vec<HumanName>,
    }
}

fhir_type! {
    pub struct MedicationBatch {
        pub lot_number: Option<String>,
        pub expiration_date: Option<String>,
    }
}

fhir_type! {
    pub struct Ingredient {
        pub item: Option<CodeableReference>,
        pub strength_codeable_concept: Option<CodeableConcept>,
    }
}

fhir_type! {
    pub struct Medication {
        pub id: Option<String>,
        pub meta: Option<Meta>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub extension: Vec<Extension>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub identifier: Vec<Identifier>,
        pub code: Option<CodeableConcept>,
        pub status: Option<String>,
        pub marketing_authorization_holder: Option<Reference>,
        pub dose_form: Option<CodeableConcept>,
        pub total_volume: Option<Quantity>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub ingredient: Vec<Ingredient>,
        pub batch: Option<MedicationBatch>,
    }
}

fhir_type! {
    pub struct DispenseRequest {
        pub validity_period: Option<Period>,
        pub quantity: Option<Quantity>,
        pub dispenser: Option<Reference>,
    }
}

fhir_type! {
    pub struct MedicationRequest {
        pub id: Option<String>,
        pub meta: Option<Meta>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub contained: Vec<Resource>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub extension: Vec<Extension>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub identifier: Vec<Identifier>,
        pub group_identifier: Option<Identifier>,
        pub status: Option<String>,
        pub status_reason: Option<CodeableConcept>,
        pub intent: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub category: Vec<CodeableConcept>,
        pub medication: Option<CodeableReference>,
        pub subject: Option<Reference>,
        pub authored_on: Option<String>,
        pub requester: Option<Reference>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub reason: Vec<CodeableReference>,
        pub course_of_therapy_type: Option<CodeableConcept>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub dosage_instruction: Vec<Dosage>,
        pub dispense_request: Option<DispenseRequest>,
    }
}

fhir_type! {
    pub struct Performer {
        pub function: Option<CodeableConcept>,
        pub actor: Option<Reference>,
    }
}

fhir_type! {
    pub struct Substitution {
        pub was_substituted: Option<bool>,
    }
}

fhir_type! {
    pub struct MedicationDispense {
        pub id: Option<String>,
        pub meta: Option<Meta>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub contained: Vec<Resource>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub extension: Vec<Extension>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub identifier: Vec<Identifier>,
        pub status: Option<String>,
        pub not_performed_reason: Option<CodeableReference>,
        pub status_changed: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub category: Vec<CodeableConcept>,
        pub medication: Option<CodeableReference>,
        pub subject: Option<Reference>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub performer: Vec<Performer>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub authorizing_prescription: Vec<Reference>,
        pub quantity: Option<Quantity>,
        pub recorded: Option<String>,
        pub when_prepared: Option<String>,
        pub when_handed_over: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub receiver: Vec<Reference>,
        pub substitution: Option<Substitution>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub note: Vec<Annotation>,
    }
}

fhir_type! {
    pub struct BundleSearch {
        pub mode: Option<String>,
    }
}

fhir_type! {
    pub struct BundleRequest {
        pub method: String,
        pub url: String,
        pub if_none_exist: Option<String>,
        pub if_match: Option<String>,
    }
}

fhir_type! {
    pub struct BundleResponse {
        pub status: String,
        pub location: Option<String>,
        pub etag: Option<String>,
        pub last_modified: Option<String>,
        pub outcome: Option<Box<Resource>>,
    }
}

fhir_type! {
    pub struct BundleEntry {
        pub full_url: Option<String>,
        pub resource: Option<Resource>,
        pub search: Option<BundleSearch>,
        pub request: Option<BundleRequest>,
        pub response: Option<BundleResponse>,
    }
}

fhir_type! {
    pub struct Bundle {
        pub id: Option<String>,
        pub meta: Option<Meta>,
        #[serde(rename = "type")]
        pub type_: String,
        pub timestamp: Option<String>,
        pub total: Option<u64>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub entry: Vec<BundleEntry>,
    }
}

fhir_type! {
    pub struct OutcomeIssue {
        pub severity: String,
        pub code: String,
        pub details: Option<CodeableConcept>,
        pub diagnostics: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub expression: Vec<String>,
    }
}

fhir_type! {
    pub struct OperationOutcome {
        pub id: Option<String>,
        pub meta: Option<Meta>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub issue: Vec<OutcomeIssue>,
    }
}

/// Any resource, by its `resourceType`. Types Dorixona does not read (a `CapabilityStatement`,
/// an included `Practitioner`) are kept whole as [`Resource::Other`].
#[derive(Debug, Clone, PartialEq)]
pub enum Resource {
    Patient(Box<Patient>),
    PractitionerRole(Box<PractitionerRole>),
    RelatedPerson(Box<RelatedPerson>),
    Medication(Box<Medication>),
    MedicationRequest(Box<MedicationRequest>),
    MedicationDispense(Box<MedicationDispense>),
    Bundle(Box<Bundle>),
    OperationOutcome(Box<OperationOutcome>),
    /// Another type: the JSON object, `resourceType` included.
    Other(Map<String, Value>),
}

const RESOURCE_TYPE: &str = "resourceType";

impl Resource {
    /// Its `resourceType`.
    pub fn resource_type(&self) -> &str {
        match self {
            Resource::Patient(_) => "Patient",
            Resource::PractitionerRole(_) => "PractitionerRole",
            Resource::RelatedPerson(_) => "RelatedPerson",
            Resource::Medication(_) => "Medication",
            Resource::MedicationRequest(_) => "MedicationRequest",
            Resource::MedicationDispense(_) => "MedicationDispense",
            Resource::Bundle(_) => "Bundle",
            Resource::OperationOutcome(_) => "OperationOutcome",
            Resource::Other(map) => map.get(RESOURCE_TYPE).and_then(Value::as_str).unwrap_or(""),
        }
    }

    /// Its logical id, if it has one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Resource::Patient(r) => r.id.as_deref(),
            Resource::PractitionerRole(r) => r.id.as_deref(),
            Resource::RelatedPerson(r) => r.id.as_deref(),
            Resource::Medication(r) => r.id.as_deref(),
            Resource::MedicationRequest(r) => r.id.as_deref(),
            Resource::MedicationDispense(r) => r.id.as_deref(),
            Resource::Bundle(r) => r.id.as_deref(),
            Resource::OperationOutcome(r) => r.id.as_deref(),
            Resource::Other(map) => map.get("id").and_then(Value::as_str),
        }
    }

    /// `Type/id`, the form references take.
    pub fn local_reference(&self) -> Option<String> {
        self.id().map(|id| format!("{}/{id}", self.resource_type()))
    }
}

impl Serialize for Resource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn tagged<T: Serialize, E: serde::ser::Error>(kind: &str, body: &T) -> Result<Value, E> {
            let mut object = match serde_json::to_value(body).map_err(E::custom)? {
                Value::Object(map) => map,
                _ => return Err(E::custom("a resource is a JSON object")),
            };
            object.insert(RESOURCE_TYPE.to_owned(), Value::String(kind.to_owned()));
            Ok(Value::Object(object))
        }
        let kind = self.resource_type();
        let value = match self {
            Resource::Patient(r) => tagged(kind, r)?,
            Resource::PractitionerRole(r) => tagged(kind, r)?,
            Resource::RelatedPerson(r) => tagged(kind, r)?,
            Resource::Medication(r) => tagged(kind, r)?,
            Resource::MedicationRequest(r) => tagged(kind, r)?,
            Resource::MedicationDispense(r) => tagged(kind, r)?,
            Resource::Bundle(r) => tagged(kind, r)?,
            Resource::OperationOutcome(r) => tagged(kind, r)?,
            Resource::Other(map) => return map.serialize(serializer),
        };
        value.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Resource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut object = Map::<String, Value>::deserialize(deserializer)?;
        let kind = match object.get(RESOURCE_TYPE) {
            Some(Value::String(kind)) => kind.clone(),
            Some(_) => return Err(D::Error::custom("resourceType is not a string")),
            None => return Err(D::Error::custom("a resource needs a resourceType")),
        };
        fn body<T: serde::de::DeserializeOwned, E: serde::de::Error>(
            object: Map<String, Value>,
        ) -> Result<Box<T>, E> {
            serde_json::from_value(Value::Object(object))
                .map(Box::new)
                .map_err(E::custom)
        }
        let known = [
            "Patient",
            "PractitionerRole",
            "RelatedPerson",
            "Medication",
            "MedicationRequest",
            "MedicationDispense",
            "Bundle",
            "OperationOutcome",
        ];
        if !known.contains(&kind.as_str()) {
            return Ok(Resource::Other(object));
        }
        object.remove(RESOURCE_TYPE);
        Ok(match kind.as_str() {
            "Patient" => Resource::Patient(body(object)?),
            "PractitionerRole" => Resource::PractitionerRole(body(object)?),
            "RelatedPerson" => Resource::RelatedPerson(body(object)?),
            "Medication" => Resource::Medication(body(object)?),
            "MedicationRequest" => Resource::MedicationRequest(body(object)?),
            "MedicationDispense" => Resource::MedicationDispense(body(object)?),
            "Bundle" => Resource::Bundle(body(object)?),
            _ => Resource::OperationOutcome(body(object)?),
        })
    }
}

impl Identifier {
    /// An identifier of `system` with `value`.
    pub fn of(system: &str, value: impl Into<String>) -> Identifier {
        Identifier {
            system: Some(system.to_owned()),
            value: Some(value.into()),
            ..Identifier::default()
        }
    }

    /// The same, with `use` and a `type` coding.
    pub fn typed(
        system: &str,
        value: impl Into<String>,
        use_: &str,
        type_system: &str,
        type_code: &str,
    ) -> Identifier {
        Identifier {
            use_: Some(use_.to_owned()),
            type_: Some(CodeableConcept::coded(type_system, type_code, None)),
            ..Identifier::of(system, value)
        }
    }
}

/// `text` as an element's value: FHIR has no empty strings, so an empty one is absent.
pub fn text_value(text: &str) -> Option<String> {
    (!text.trim().is_empty()).then(|| text.to_owned())
}

/// The value of the first identifier of `system` in `ids`.
pub fn identifier_value<'a>(ids: &'a [Identifier], system: &str) -> Option<&'a str> {
    ids.iter()
        .find(|i| i.system.as_deref() == Some(system))
        .and_then(|i| i.value.as_deref())
}

impl CodeableConcept {
    /// A concept of one coding.
    pub fn coded(system: &str, code: &str, display: Option<&str>) -> CodeableConcept {
        CodeableConcept {
            coding: vec![Coding {
                system: Some(system.to_owned()),
                code: Some(code.to_owned()),
                display: display.map(str::to_owned),
                ..Coding::default()
            }],
            ..CodeableConcept::default()
        }
    }

    /// A concept of words only.
    pub fn text(text: impl Into<String>) -> CodeableConcept {
        CodeableConcept {
            text: Some(text.into()),
            ..CodeableConcept::default()
        }
    }

    /// The code of its first coding in `system`.
    pub fn code_in(&self, system: &str) -> Option<&str> {
        self.coding
            .iter()
            .find(|c| c.system.as_deref() == Some(system))
            .and_then(|c| c.code.as_deref())
    }
}

impl Reference {
    /// A literal reference (`Type/id` or `#contained`).
    pub fn to(reference: impl Into<String>) -> Reference {
        Reference {
            reference: Some(reference.into()),
            ..Reference::default()
        }
    }

    /// The id a `Type/id` reference points at, when it is of `kind` (a full URL's last two
    /// segments count too).
    pub fn id_of(&self, kind: &str) -> Option<&str> {
        let reference = self.reference.as_deref()?;
        let mut parts = reference.rsplit('/');
        let id = parts.next()?;
        (parts.next()? == kind).then_some(id)
    }
}

impl Extension {
    /// An extension whose value is a code.
    pub fn code(url: &str, code: &str) -> Extension {
        Extension {
            url: url.to_owned(),
            value_code: Some(code.to_owned()),
            ..Extension::default()
        }
    }

    /// An extension whose value is a string.
    pub fn string(url: &str, value: impl Into<String>) -> Extension {
        Extension {
            url: url.to_owned(),
            value_string: Some(value.into()),
            ..Extension::default()
        }
    }
}

/// The first extension of `url` in `extensions`.
pub fn extension<'a>(extensions: &'a [Extension], url: &str) -> Option<&'a Extension> {
    extensions.iter().find(|e| e.url == url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn elements_not_named_are_kept_and_written_back() {
        let raw = json!({
            "resourceType": "MedicationDispense",
            "id": "md1",
            "status": "completed",
            "_status": {"extension": [{"url": "http://example.org/x", "valueString": "y"}]},
            "language": "uz",
            "quantity": {"value": 10, "unit": "dona", "comparator": "<"},
            "medication": {"concept": {"text": "Ibuprofen"}},
            "subject": {"reference": "Patient/p1", "display": "Salim"}
        });
        let read: Resource = serde_json::from_value(raw.clone()).unwrap();
        let Resource::MedicationDispense(md) = &read else {
            panic!("read as {}", read.resource_type());
        };
        assert_eq!(md.status.as_deref(), Some("completed"));
        assert_eq!(md.extra["language"], "uz");
        assert_eq!(serde_json::to_value(&read).unwrap(), raw);
    }

    #[test]
    fn an_integer_stays_an_integer_and_a_decimal_a_decimal() {
        let raw = json!({"resourceType": "Medication", "totalVolume": {"value": 500}, "ingredient": [
            {"strengthQuantity": {"value": 2.5}}
        ]});
        let read: Resource = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            serde_json::to_string(&raw).unwrap()
        );
    }

    #[test]
    fn a_type_not_read_is_kept_whole_and_no_resource_type_is_refused() {
        let raw =
            json!({"resourceType": "CapabilityStatement", "status": "active", "kind": "instance"});
        let read: Resource = serde_json::from_value(raw.clone()).unwrap();
        assert!(matches!(read, Resource::Other(_)));
        assert_eq!(read.resource_type(), "CapabilityStatement");
        assert_eq!(serde_json::to_value(&read).unwrap(), raw);
        let err = serde_json::from_value::<Resource>(json!({"id": "x"})).unwrap_err();
        assert!(err.to_string().contains("resourceType"), "{err}");
    }

    #[test]
    fn a_reference_names_the_id_of_its_type_only() {
        let r = Reference::to("MedicationRequest/abc");
        assert_eq!(r.id_of("MedicationRequest"), Some("abc"));
        assert_eq!(r.id_of("Patient"), None);
        let full = Reference::to("https://fhir.dhp.uz/fhir/Patient/p-9");
        assert_eq!(full.id_of("Patient"), Some("p-9"));
        assert_eq!(Reference::to("#med").id_of("Medication"), None);
    }
}
