//! The values the facade hands to the desktop shell (and from there to the UI).

use serde::{Deserialize, Serialize};

/// The signed-in pharmacist and pharmacy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Session {
    pub pharmacy: dmed_api::types::PharmacyInfo,
    pub pharmacist: dmed_api::types::Pharmacist,
    /// RFC 3339.
    pub expires_at: String,
}

/// How a lookup found its prescriptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LookupVia {
    Number,
    Pinfl,
}

/// What a lookup found; patients' PINFLs are masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LookupResult {
    pub via: LookupVia,
    pub prescriptions: Vec<dmed_api::types::Prescription>,
    /// RFC 3339: set when the central system could not be asked and the answer comes from this
    /// counter's cache (when the oldest of these copies was fetched).
    #[serde(default)]
    pub cached_at: Option<String>,
}

/// Why the pharmacist closes the rest of an item without handing it over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NotDispensedInput {
    pub reason: dmed_api::handover::NotDispensedReason,
    /// The pharmacist's words; needed for `other`.
    #[serde(default)]
    pub note: Option<String>,
}

/// One line of a dispense as the pharmacist composed it. An item may have several lines, one per
/// product handed over; a line with `not_dispensed` (quantity 0, product may be empty) closes
/// what remains of its item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DraftLine {
    pub item_id: String,
    pub product_id: String,
    pub quantity: u32,
    /// Marking codes of the packs scanned for this line (GS1 element strings).
    #[serde(default)]
    pub marking_codes: Vec<String>,
    /// Batch, from a scanned pack or typed.
    #[serde(default)]
    pub batch: Option<String>,
    /// Expiry as `YYYY-MM-DD`, from a scanned pack or typed.
    #[serde(default)]
    pub expiry: Option<String>,
    /// Set when this line closes the rest of its item without handing it over.
    #[serde(default)]
    pub not_dispensed: Option<NotDispensedInput>,
}

/// A dispense as the pharmacist composed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DispenseDraft {
    pub prescription_number: String,
    /// The hold's uuid, if the prescription was reserved.
    pub hold_id: Option<String>,
    pub lines: Vec<DraftLine>,
    /// Who received the medicine (the patient, or someone for them with their document).
    #[serde(default)]
    pub receiver: Option<dmed_api::handover::Receiver>,
}

/// Whether a dispense reached the central system or waits in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    Delivered,
    Queued,
}

/// The result of a dispense.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DispenseOutcome {
    pub dispense_id: String,
    pub state: DeliveryState,
    /// The prescription refreshed from the central answer (PINFL masked); `None` when queued.
    pub prescription: Option<dmed_api::types::Prescription>,
    /// The central system's record; `None` when queued.
    pub dispense: Option<dmed_api::types::Dispense>,
}

/// User settings kept in the local database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Settings {
    /// The central API base URL; `None` means training mode (the embedded sandbox).
    pub endpoint: Option<String>,
    /// Which protocol the central system speaks (`dmed-v1` or `dhp-fhir`); training mode
    /// speaks it too.
    #[serde(default = "default_adapter")]
    pub adapter: String,
    /// The UI language of the sign-in screen, and of whoever never chose their own:
    /// `"uz"` (Uzbek, Latin script), `"uz-Cyrl"` (Uzbek, Cyrillic script), `"ru"` or `"en"`.
    pub language: String,
    /// The camera the scanner uses, by name; `None` means the first one found.
    #[serde(default)]
    pub camera: Option<String>,
    /// How large the window's text is, in percent of the normal size: one of
    /// [`crate::settings::TEXT_SIZES`] (100, the normal size, by default; larger for a small
    /// screen of high resolution). The device's, like the language of the sign-in screen.
    #[serde(default = "default_text_size")]
    pub text_size: u16,
    /// The pharmacy this counter belongs to: fills the sign-in form (set at first run, or
    /// fixed for a chain by the machine configuration).
    #[serde(default)]
    pub pharmacy_id: Option<String>,
    /// The settings the machine configuration fixes (shown read-only; a save that changes one
    /// is refused). Read-only: ignored when saving.
    #[serde(default)]
    pub fixed: Vec<String>,
}

fn default_adapter() -> String {
    central::Adapter::default().as_str().to_owned()
}

fn default_text_size() -> u16 {
    crate::settings::TEXT_SIZES[0]
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            endpoint: None,
            adapter: default_adapter(),
            language: "uz".to_owned(),
            camera: None,
            text_size: default_text_size(),
            pharmacy_id: None,
            fixed: Vec::new(),
        }
    }
}
