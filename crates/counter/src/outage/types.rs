//! The values the outage part of the facade hands to the desktop shell and the UI.

use serde::{Deserialize, Serialize};

/// What waits in the outbox, for the status panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OutboxStatus {
    /// Dispenses and paper records not yet confirmed by the central system.
    pub pending: u32,
    /// RFC 3339: when the oldest of them was made.
    pub oldest_created_at: Option<String>,
    pub oldest_age_secs: Option<u32>,
    /// The last send failure (English), if the last send failed.
    pub last_error: Option<String>,
    /// Conflicts waiting for a manager.
    pub open_conflicts: u32,
}

/// One product handed over on paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PaperLine {
    /// The INN written on the paper prescription.
    pub inn: String,
    /// The product chosen from the local catalogue (its INN must match).
    pub product_id: String,
    pub quantity: u32,
    pub batch: Option<String>,
    pub marking_codes: Vec<String>,
}

/// A paper prescription as the pharmacist filled in the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PaperDraft {
    /// The e-prescription number, if the paper carries one.
    pub prescription_number: Option<String>,
    pub patient_pinfl: String,
    pub prescriber_name: String,
    pub facility: String,
    pub lines: Vec<PaperLine>,
    /// The patient's identity document was checked.
    pub id_document_checked: bool,
    /// The patient declared the prescription was not dispensed elsewhere.
    pub patient_declaration: bool,
    /// Free text: why paper was used.
    pub reason: Option<String>,
    /// Required when the central system is reachable: the manager's reason for the override.
    pub override_reason: Option<String>,
}

/// What became of a paper dispense: stored locally, to be uploaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PaperReceipt {
    pub record_id: String,
    /// Set when a manager overrode the "only while offline" rule.
    pub override_by: Option<String>,
}

/// One entry of the manager's conflict queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Conflict {
    pub id: u32,
    /// `dispense` or `paper`.
    pub source: String,
    pub dispense_id: Option<String>,
    pub record_id: Option<String>,
    pub prescription_number: Option<String>,
    /// The central system's code (e.g. `ALREADY_DISPENSED`).
    pub code: String,
    /// The central system's reason.
    pub reason: String,
    pub created_at: String,
    /// `open` or `acknowledged`.
    pub status: String,
    pub note: Option<String>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<String>,
}

/// One line of the day's paper log (PINFL masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PaperLogEntry {
    pub record_id: String,
    pub created_at: String,
    pub prescription_number: Option<String>,
    pub patient_pinfl_masked: String,
    pub prescriber_name: String,
    pub facility: String,
    pub pharmacist_name: String,
    /// `pending`, `accepted` or `conflict`.
    pub state: String,
    pub override_by: Option<String>,
    pub override_reason: Option<String>,
    /// `INN × quantity (product)` per line.
    pub lines: Vec<String>,
}
