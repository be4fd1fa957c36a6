//! JSON bodies of every endpoint of the contract, shared by the counter and the reference server.
//!
//! Timestamps are RFC 3339 UTC (`OffsetDateTime`); calendar dates are `YYYY-MM-DD` (`Date`);
//! quantities are whole numbers in the item's unit. Identifiers travel as strings in their
//! canonical form (see [`crate::ids`] for their rules).

use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

time::serde::format_description!(pub ymd, Date, "[year]-[month]-[day]");

macro_rules! wire {
    ($(#[$m:meta])* $vis:vis struct $name:ident $($rest:tt)*) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        $vis struct $name $($rest)*
    };
    ($(#[$m:meta])* $vis:vis enum $name:ident $($rest:tt)*) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "snake_case")]
        $vis enum $name $($rest)*
    };
}

// ---------------------------------------------------------------- auth and health

/// `POST /v1/auth/token` body. Its `Debug` never shows the secret.
#[derive(Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TokenRequest {
    pub pharmacy_id: String,
    pub login: String,
    pub secret: String,
}

impl fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest")
            .field("pharmacy_id", &self.pharmacy_id)
            .field("login", &self.login)
            .field("secret", &REDACTED)
            .finish()
    }
}

wire! {
    /// Who may use the counter.
    pub enum StaffRole { Pharmacist, Nurse, Registrar, Manager, Administrator }
}

impl StaffRole {
    /// Whether a member of staff in this role may hand medicine over (and so be named as the
    /// dispensing pharmacist of a dispense or paper record): pharmacists and managers.
    pub fn may_dispense(self) -> bool {
        matches!(self, StaffRole::Pharmacist | StaffRole::Manager)
    }
}

wire! {
    /// The signed-in member of staff.
    pub struct Pharmacist {
        pub pinfl: String,
        pub full_name: String,
        pub role: StaffRole,
    }
}

/// `POST /v1/auth/token` answer. Its `Debug` never shows the access token.
#[derive(Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub expires_at: OffsetDateTime,
    pub pharmacist: Pharmacist,
    pub pharmacy: PharmacyInfo,
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &REDACTED)
            .field("expires_at", &self.expires_at)
            .field("pharmacist", &self.pharmacist)
            .field("pharmacy", &self.pharmacy)
            .finish()
    }
}

/// Stands in for a secret in `Debug` output.
struct Redacted;

const REDACTED: Redacted = Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

wire! {
    /// The pharmacy a token belongs to.
    pub struct PharmacyInfo {
        pub pharmacy_id: String,
        pub name: String,
        pub address: String,
    }
}

wire! {
    /// `GET /v1/health` answer.
    pub struct Health {
        pub status: String,
        #[serde(with = "time::serde::rfc3339")]
        #[cfg_attr(feature = "specta", specta(type = String))]
        pub server_time: OffsetDateTime,
        pub api_version: String,
    }
}

// ---------------------------------------------------------------- prescriptions

wire! {
    /// Lifecycle of a prescription.
    pub enum PrescriptionStatus { Active, PartiallyDispensed, Completed, Cancelled, Expired }
}

wire! {
    /// Acute (valid days) or chronic (valid up to 60 or 90 days, dispensed in parts).
    pub enum PrescriptionKind { Acute, Chronic }
}

wire! {
    /// Lifecycle of one prescribed item.
    pub enum ItemStatus { ToDispense, Partial, Dispensed, NotDispensed, Cancelled, Expired }
}

wire! {
    pub struct Patient {
        pub pinfl: String,
        pub full_name: String,
        #[serde(with = "ymd")]
        #[schema(value_type = String, format = Date)]
        #[cfg_attr(feature = "specta", specta(type = String))]
        pub birth_date: Date,
    }
}

wire! {
    pub struct Prescriber {
        pub full_name: String,
        pub facility: String,
    }
}

wire! {
    /// The current hold on a prescription, if any.
    pub struct HoldInfo {
        pub pharmacy_id: String,
        /// The holding pharmacy's name, for people (absent from older servers: empty).
        #[serde(default)]
        pub pharmacy_name: String,
        #[serde(with = "time::serde::rfc3339")]
        #[cfg_attr(feature = "specta", specta(type = String))]
        pub expires_at: OffsetDateTime,
    }
}

wire! {
    /// One prescribed medicine, by INN.
    pub struct Item {
        pub item_id: String,
        pub inn: String,
        pub form: String,
        pub strength: String,
        pub dosage_text: String,
        pub quantity_prescribed: u32,
        pub quantity_dispensed: u32,
        pub unit: String,
        pub status: ItemStatus,
    }
}

impl Item {
    /// What may still be dispensed.
    pub fn remaining(&self) -> u32 {
        self.quantity_prescribed
            .saturating_sub(self.quantity_dispensed)
    }
}

wire! {
    /// `GET /v1/prescriptions/{number}` answer.
    pub struct Prescription {
        pub number: String,
        pub status: PrescriptionStatus,
        pub kind: PrescriptionKind,
        #[serde(with = "time::serde::rfc3339")]
        #[cfg_attr(feature = "specta", specta(type = String))]
        pub issued_at: OffsetDateTime,
        #[serde(with = "ymd")]
        #[schema(value_type = String, format = Date)]
        #[cfg_attr(feature = "specta", specta(type = String))]
        pub valid_from: Date,
        #[serde(with = "ymd")]
        #[schema(value_type = String, format = Date)]
        #[cfg_attr(feature = "specta", specta(type = String))]
        pub valid_until: Date,
        pub patient: Patient,
        pub prescriber: Prescriber,
        pub diagnosis_icd10: String,
        #[serde(default)]
        pub hold: Option<HoldInfo>,
        pub items: Vec<Item>,
    }
}

wire! {
    /// `GET /v1/patients/{pinfl}/prescriptions` answer.
    pub struct PatientPrescriptions {
        pub prescriptions: Vec<Prescription>,
    }
}

// ---------------------------------------------------------------- holds

wire! {
    /// `POST /v1/prescriptions/{number}/hold` body (optional).
    #[derive(Default)]
    pub struct HoldRequest {
        /// Minutes, 1..=60; default 15.
        #[serde(default)]
        #[schema(minimum = 1, maximum = 60)]
        pub minutes: Option<u32>,
    }
}

wire! {
    /// `POST /v1/prescriptions/{number}/hold` answer.
    pub struct Hold {
        pub hold_id: Uuid,
        #[serde(with = "time::serde::rfc3339")]
        #[cfg_attr(feature = "specta", specta(type = String))]
        pub expires_at: OffsetDateTime,
    }
}

// ---------------------------------------------------------------- dispenses

wire! {
    /// How a dispense reached the central system.
    pub enum DispenseMode { Online, OfflineRetry, Paper }
}

wire! {
    pub enum DispenseStatus { Completed, Withdrawn }
}

wire! {
    /// One line of a dispense request. An item may have several lines, one per product handed
    /// over (two manufacturers when one runs short); together they obey "quantity ≤ remaining".
    /// A line with `quantity` 0 and a `not_dispensed_reason` closes what remains of its item
    /// without handing it over (`product_id` may then be empty).
    pub struct DispenseItem {
        pub item_id: String,
        #[serde(default)]
        pub product_id: String,
        /// In the item's unit, 0 to 4294967295; 0 only on a not-dispensed line.
        #[schema(format = Int64, minimum = 0, maximum = 4_294_967_295_u32)]
        pub quantity: u32,
        #[serde(default)]
        pub marking_codes: Vec<String>,
        #[serde(default)]
        pub batch: Option<String>,
        #[serde(default, with = "ymd::option")]
        #[schema(value_type = Option<String>, format = Date)]
        #[cfg_attr(feature = "specta", specta(type = Option<String>))]
        pub expiry: Option<Date>,
        #[serde(default)]
        pub substituted: bool,
        /// Why the rest of the item is closed without being handed over: a code
        /// (`out_of_stock`, `patient_declined`, `clinical`, `suspected_error`, `other`), then
        /// optionally `": "` and words; `other` needs the words.
        #[serde(default)]
        #[schema(pattern = r"^(out_of_stock|patient_declined|clinical|suspected_error|other)(:.*)?$", max_length = 240)]
        pub not_dispensed_reason: Option<String>,
    }
}

wire! {
    /// `POST /v1/dispenses` body. `dispense_id` is generated by the client and is also the
    /// idempotency key. `pharmacist_pinfl` names the member of staff who handed the medicine
    /// over: any valid session of the same pharmacy may send it, as long as that person is
    /// staff of the pharmacy, may dispense (pharmacist or manager) and had not been revoked at
    /// `handed_over_at`.
    pub struct DispenseRequest {
        pub dispense_id: Uuid,
        #[schema(pattern = r"^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{3}[0-9A-Za-z+]$", min_length = 12, max_length = 14)]
        pub prescription_number: String,
        /// PINFL of the member of staff who handed the medicine over.
        #[schema(pattern = r"^[0-9]{14}$", min_length = 14, max_length = 14)]
        pub pharmacist_pinfl: String,
        #[serde(default)]
        pub hold_id: Option<Uuid>,
        #[serde(with = "time::serde::rfc3339")]
        #[cfg_attr(feature = "specta", specta(type = String))]
        pub handed_over_at: OffsetDateTime,
        pub mode: DispenseMode,
        #[serde(default)]
        pub paper_ref: Option<String>,
        pub items: Vec<DispenseItem>,
        /// Who received the medicine (absent: not recorded).
        #[serde(default)]
        pub receiver: Option<crate::handover::Receiver>,
    }
}

wire! {
    /// One line of a recorded dispense, with what remains of the item afterwards.
    pub struct DispensedItem {
        pub item_id: String,
        pub product_id: String,
        pub quantity: u32,
        pub remaining: u32,
        pub item_status: ItemStatus,
        #[serde(default)]
        pub marking_codes: Vec<String>,
        #[serde(default)]
        pub batch: Option<String>,
        #[serde(default, with = "ymd::option")]
        #[schema(value_type = Option<String>, format = Date)]
        #[cfg_attr(feature = "specta", specta(type = Option<String>))]
        pub expiry: Option<Date>,
        /// Set on a line that closed its item without handing it over.
        #[serde(default)]
        pub not_dispensed_reason: Option<String>,
    }
}

wire! {
    /// A recorded dispense (`POST /v1/dispenses` answer, history rows).
    pub struct Dispense {
        pub dispense_id: Uuid,
        pub prescription_number: String,
        pub pharmacy_id: String,
        pub pharmacist_pinfl: String,
        pub status: DispenseStatus,
        pub mode: DispenseMode,
        #[serde(with = "time::serde::rfc3339")]
        #[cfg_attr(feature = "specta", specta(type = String))]
        pub handed_over_at: OffsetDateTime,
        #[serde(with = "time::serde::rfc3339")]
        #[cfg_attr(feature = "specta", specta(type = String))]
        pub recorded_at: OffsetDateTime,
        pub prescription_status: PrescriptionStatus,
        pub items: Vec<DispensedItem>,
        /// The pharmacy's name, for people (absent from older servers: empty).
        #[serde(default)]
        pub pharmacy_name: String,
        /// The name of who handed the medicine over, for people (absent from older servers:
        /// empty).
        #[serde(default)]
        pub pharmacist_name: String,
        /// Who received the medicine, as the dispense recorded it.
        #[serde(default)]
        pub receiver: Option<crate::handover::Receiver>,
        /// When a withdrawn dispense was withdrawn (absent otherwise, and from older servers).
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[schema(value_type = Option<String>, format = DateTime)]
        #[cfg_attr(feature = "specta", specta(type = Option<String>))]
        pub withdrawn_at: Option<OffsetDateTime>,
        /// Why it was withdrawn, as the withdrawal said.
        #[serde(default)]
        pub withdraw_reason: Option<String>,
    }
}

wire! {
    /// An item of the prescription a dispense was made on: what its lines are of.
    pub struct ItemRef {
        pub item_id: String,
        pub inn: String,
        pub unit: String,
    }
}

wire! {
    /// One dispense of the pharmacy, as a manager's report reads it: the dispense (its
    /// `prescription_status` as the dispense left it), a pseudonymous reference of the patient
    /// (the same patient has the same reference within the pharmacy, never their PINFL), and
    /// the prescription's items its lines refer to.
    pub struct PharmacyDispense {
        pub dispense: Dispense,
        pub patient_ref: String,
        pub items: Vec<ItemRef>,
    }
}

wire! {
    /// `GET /v1/pharmacy/dispenses` answer: one page, oldest first; `next_cursor` asks for the
    /// next one and is absent on the last.
    pub struct PharmacyDispenses {
        pub dispenses: Vec<PharmacyDispense>,
        #[serde(default)]
        pub next_cursor: Option<String>,
    }
}

wire! {
    /// `POST /v1/dispenses/{id}/withdraw` body.
    pub struct WithdrawRequest {
        pub reason: String,
    }
}

wire! {
    /// `GET /v1/prescriptions/{number}/dispenses` answer.
    pub struct DispenseHistory {
        pub dispenses: Vec<Dispense>,
    }
}

// ---------------------------------------------------------------- paper records

wire! {
    /// One item dispensed against a paper prescription.
    pub struct PaperItem {
        pub inn: String,
        pub product_id: String,
        /// In the item's unit, 0 to 4294967295.
        #[schema(format = Int64, minimum = 0, maximum = 4_294_967_295_u32)]
        pub quantity: u32,
        #[serde(default)]
        pub marking_codes: Vec<String>,
        #[serde(default)]
        pub batch: Option<String>,
    }
}

wire! {
    /// A dispense made on paper during an outage, uploaded afterwards. Each record is judged
    /// on its own: a malformed identifier here is not a refusal of the upload but that
    /// record's `conflict` (`INVALID_IDENTIFIER`), so the fields carry no pattern.
    pub struct PaperRecord {
        pub record_id: Uuid,
        /// Prescription number (as in `POST /v1/dispenses`); absent for a paper-only
        /// prescription.
        #[serde(default)]
        pub prescription_number: Option<String>,
        /// The patient's PINFL (14 digits).
        pub patient_pinfl: String,
        pub prescriber: Prescriber,
        /// PINFL of the member of staff who handed the medicine over.
        pub pharmacist_pinfl: String,
        #[serde(with = "time::serde::rfc3339")]
        #[cfg_attr(feature = "specta", specta(type = String))]
        pub dispensed_at: OffsetDateTime,
        pub id_document_checked: bool,
        pub patient_declaration: bool,
        #[serde(default)]
        pub reason: Option<String>,
        pub items: Vec<PaperItem>,
    }
}

wire! {
    /// `POST /v1/paper-records` body.
    pub struct PaperRecordsRequest {
        pub records: Vec<PaperRecord>,
    }
}

wire! {
    pub enum PaperOutcome { Accepted, Conflict }
}

wire! {
    /// The central system's verdict on one paper record.
    pub struct PaperRecordResult {
        pub record_id: Uuid,
        pub outcome: PaperOutcome,
        #[serde(default)]
        pub code: Option<crate::ErrorCode>,
        #[serde(default)]
        pub reason: Option<String>,
        #[serde(default)]
        pub dispense_id: Option<Uuid>,
    }
}

wire! {
    /// `POST /v1/paper-records` answer.
    pub struct PaperRecordsResponse {
        pub results: Vec<PaperRecordResult>,
    }
}

// ---------------------------------------------------------------- catalogue

wire! {
    /// A product of the national drug list.
    pub struct Product {
        pub product_id: String,
        pub trade_name: String,
        pub inn: String,
        pub atc: String,
        pub form: String,
        pub strength: String,
        pub pack_size: u32,
        pub unit: String,
        pub manufacturer: String,
        #[serde(default)]
        pub gtins: Vec<String>,
        pub rx_only: bool,
        /// May not be sold without an e-prescription (antibiotics, hormonal and other listed groups).
        pub e_rx_required: bool,
    }
}

wire! {
    /// `GET /v1/catalog?since=<version>` answer.
    pub struct CatalogDelta {
        /// Catalogue version after applying this delta.
        #[cfg_attr(feature = "specta", specta(type = f64))]
        pub version: u64,
        pub products: Vec<Product>,
        #[serde(default)]
        pub removed: Vec<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_plain_and_timestamps_rfc3339() {
        let json = serde_json::json!({
            "item_id": "i1", "product_id": "p1", "quantity": 2,
            "expiry": "2027-03-31"
        });
        let item: DispenseItem = serde_json::from_value(json).unwrap();
        assert_eq!(item.expiry, Some(time::macros::date!(2027 - 03 - 31)));
        assert!(item.marking_codes.is_empty() && !item.substituted);
        let back = serde_json::to_value(&item).unwrap();
        assert_eq!(back["expiry"], "2027-03-31");

        let h = Health {
            status: "ok".into(),
            server_time: time::macros::datetime!(2026-11-21 10:00 UTC),
            api_version: "1".into(),
        };
        assert_eq!(
            serde_json::to_value(&h).unwrap()["server_time"],
            "2026-11-21T10:00:00Z"
        );
    }

    #[test]
    fn enums_are_snake_case_on_the_wire() {
        assert_eq!(
            serde_json::to_value(PrescriptionStatus::PartiallyDispensed).unwrap(),
            "partially_dispensed"
        );
        assert_eq!(
            serde_json::to_value(DispenseMode::OfflineRetry).unwrap(),
            "offline_retry"
        );
    }

    #[test]
    fn debug_of_a_token_request_hides_the_secret() {
        let req = TokenRequest {
            pharmacy_id: "PH-0001".into(),
            login: "provizor1".into(),
            secret: "demo-123456".into(),
        };
        for text in [format!("{req:?}"), format!("{req:#?}")] {
            assert!(!text.contains("demo-123456"), "{text}");
            assert!(
                text.contains("<redacted>") && text.contains("provizor1"),
                "{text}"
            );
        }
    }

    #[test]
    fn debug_of_a_token_response_hides_the_access_token() {
        let resp = TokenResponse {
            access_token: "9f2c41d0a7b3e8".into(),
            expires_at: time::macros::datetime!(2026-11-21 18:00 UTC),
            pharmacist: Pharmacist {
                pinfl: "30211975910033".into(),
                full_name: "Karimova Dilnoza".into(),
                role: StaffRole::Pharmacist,
            },
            pharmacy: PharmacyInfo {
                pharmacy_id: "PH-0001".into(),
                name: "Dorixona №1".into(),
                address: "Toshkent".into(),
            },
        };
        for text in [format!("{resp:?}"), format!("{resp:#?}")] {
            assert!(!text.contains("9f2c41d0a7b3e8"), "{text}");
            assert!(
                text.contains("<redacted>") && text.contains("PH-0001"),
                "{text}"
            );
        }
        let json = serde_json::to_value(&resp).unwrap();
        assert_eq!(
            json["access_token"], "9f2c41d0a7b3e8",
            "the wire keeps the token"
        );
    }

    #[test]
    fn administrator_is_a_role_on_the_wire_that_cannot_dispense() {
        assert_eq!(
            serde_json::to_value(StaffRole::Administrator).unwrap(),
            "administrator"
        );
        let dispensing: Vec<_> = [
            StaffRole::Pharmacist,
            StaffRole::Nurse,
            StaffRole::Registrar,
            StaffRole::Manager,
            StaffRole::Administrator,
        ]
        .into_iter()
        .filter(|r| r.may_dispense())
        .collect();
        assert_eq!(dispensing, [StaffRole::Pharmacist, StaffRole::Manager]);
    }

    #[test]
    fn a_dispense_request_without_the_dispensing_pharmacist_is_refused() {
        let json = serde_json::json!({
            "dispense_id": "6f1d2c3e-0000-4000-8000-000000000001",
            "prescription_number": "AB12CD34EF56",
            "handed_over_at": "2026-11-21T10:00:00Z",
            "mode": "online",
            "items": []
        });
        let err = serde_json::from_value::<DispenseRequest>(json).unwrap_err();
        assert!(err.to_string().contains("pharmacist_pinfl"), "{err}");
    }

    #[test]
    fn remaining_never_underflows() {
        let item = Item {
            item_id: "1".into(),
            inn: "Amoxicillin".into(),
            form: "capsule".into(),
            strength: "500 mg".into(),
            dosage_text: "1 x 3".into(),
            quantity_prescribed: 10,
            quantity_dispensed: 12,
            unit: "capsule".into(),
            status: ItemStatus::Dispensed,
        };
        assert_eq!(item.remaining(), 0);
    }
}
