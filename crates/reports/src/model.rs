//! The report model: what a manager asks for ([`ReportQuery`]) and what every view of the
//! answer is made from ([`Report`] and its detail [`ReportLine`]s).
//!
//! One model feeds the screen, the PDF, the CSV and the XLSX, so their totals are equal by
//! construction. Counting rules (also in `docs/decisions/0008-reports.md`):
//! - a dispense counts when it was not rejected and not withdrawn, and its local (Tashkent)
//!   day lies in the period;
//! - items are dispense lines; patients are distinct keyed patient hashes;
//! - packs of a line are its number of scanned marking codes, else `ceil(quantity / pack_size)`,
//!   else (pack size unknown) the quantity itself;
//! - a line that closed an item without handing it over is not an item handed over: it is
//!   counted apart, by reason ([`Report::not_dispensed`]).

use dmed_api::handover::NotDispensedReason;
use dmed_api::types::ymd;
use serde::{Deserialize, Serialize};
use time::Date;

/// How a dispense reached the central system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReportMode {
    /// Sent at once.
    Online,
    /// Kept locally during an outage and sent later.
    OfflineRetry,
    /// Recorded on paper during an outage and entered afterwards.
    Paper,
}

impl ReportMode {
    /// Every mode, in display order.
    pub const ALL: [ReportMode; 3] = [
        ReportMode::Online,
        ReportMode::OfflineRetry,
        ReportMode::Paper,
    ];

    /// The stored name (`dispenses.mode`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReportMode::Online => "online",
            ReportMode::OfflineRetry => "offline_retry",
            ReportMode::Paper => "paper",
        }
    }

    /// The mode with this stored name.
    pub fn parse(s: &str) -> Option<ReportMode> {
        ReportMode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

impl From<dmed_api::types::DispenseMode> for ReportMode {
    /// The mode the central system recorded a dispense in.
    fn from(mode: dmed_api::types::DispenseMode) -> Self {
        use dmed_api::types::DispenseMode;
        match mode {
            DispenseMode::Online => ReportMode::Online,
            DispenseMode::OfflineRetry => ReportMode::OfflineRetry,
            DispenseMode::Paper => ReportMode::Paper,
        }
    }
}

/// What a report covers: local days `from..=to` and optional filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportQuery {
    /// First local day (`YYYY-MM-DD`).
    #[serde(with = "ymd")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub from: Date,
    /// Last local day, inclusive (`YYYY-MM-DD`).
    #[serde(with = "ymd")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub to: Date,
    /// Only this pharmacist (by PINFL).
    #[serde(default)]
    pub pharmacist: Option<String>,
    /// Only lines with this INN.
    #[serde(default)]
    pub inn: Option<String>,
    /// Only dispenses in this mode.
    #[serde(default)]
    pub mode: Option<ReportMode>,
}

impl ReportQuery {
    /// All dispenses of the local days `from..=to`.
    pub fn period(from: Date, to: Date) -> ReportQuery {
        ReportQuery {
            from,
            to,
            pharmacist: None,
            inn: None,
            mode: None,
        }
    }
}

/// The pharmacy a report is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PharmacyRef {
    pub id: String,
    pub name: String,
}

/// The headline numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Totals {
    pub dispenses: u32,
    /// Dispense lines.
    pub items: u32,
    pub packs: u32,
    /// Distinct patients.
    pub patients: u32,
}

/// Volume of one group of a breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Volume {
    pub dispenses: u32,
    pub items: u32,
    /// Sum of the lines' quantities, in each line's unit.
    pub quantity: u32,
    pub packs: u32,
}

/// One pharmacist's volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PharmacistRow {
    pub pinfl: String,
    pub name: String,
    pub volume: Volume,
}

/// One INN's volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InnRow {
    pub inn: String,
    pub volume: Volume,
}

/// One product's volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProductRow {
    pub product_id: String,
    pub trade_name: String,
    pub inn: String,
    pub unit: String,
    pub volume: Volume,
}

/// One mode's volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ModeRow {
    pub mode: ReportMode,
    pub volume: Volume,
}

/// One local day's volume (every day of the period is present, empty days with zeros).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DayRow {
    #[serde(with = "ymd")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub date: Date,
    pub volume: Volume,
}

/// One dispense as listed in a report (drill-down, partial dispenses, withdrawals).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DispenseSummary {
    pub dispense_id: String,
    /// Local (Tashkent) time, `YYYY-MM-DD HH:MM`.
    pub time: String,
    pub prescription_number: String,
    pub pharmacist_name: String,
    pub mode: ReportMode,
    /// `pending`, `delivered` or `rejected`.
    pub state: String,
    pub items: u32,
    pub packs: u32,
    /// Local time of the withdrawal, if withdrawn.
    pub withdrawn_at: Option<String>,
    pub withdraw_reason: Option<String>,
}

/// An item closed without being handed over, as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NotDispensedLine {
    /// Local (Tashkent) time, `YYYY-MM-DD HH:MM`.
    pub time: String,
    pub dispense_id: String,
    pub prescription_number: String,
    pub pharmacist_name: String,
    pub inn: String,
    pub reason: NotDispensedReason,
    /// The pharmacist's words, if any.
    pub note: Option<String>,
}

/// How many items were closed for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NotDispensedRow {
    pub reason: NotDispensedReason,
    /// Items closed for this reason.
    pub items: u32,
    /// Dispenses that closed at least one item for it.
    pub dispenses: u32,
}

/// A conflict waiting for the manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConflictRow {
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub id: i64,
    /// `dispense` or `paper`.
    pub source: String,
    pub dispense_id: Option<String>,
    pub record_id: Option<String>,
    pub code: String,
    pub reason: String,
    /// Local time, `YYYY-MM-DD HH:MM`.
    pub time: String,
}

/// What a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// Every counter of the pharmacy, from the central system's records, with this counter's
    /// dispenses not yet confirmed merged in.
    Pharmacy,
    /// The dispenses made on this counter only (its own store: during an outage, or headless).
    #[default]
    ThisCounter,
}

/// What a report covers, and how much of it the central system has not confirmed yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportScope {
    pub kind: ScopeKind,
    /// Dispenses of this counter in the report that the central system has not confirmed yet.
    pub unconfirmed: u32,
}

/// Everything a manager's report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Report {
    pub pharmacy: PharmacyRef,
    pub scope: ReportScope,
    pub query: ReportQuery,
    /// Local time of generation, `YYYY-MM-DD HH:MM` (Tashkent).
    pub generated_at: String,
    pub totals: Totals,
    pub by_pharmacist: Vec<PharmacistRow>,
    pub by_inn: Vec<InnRow>,
    pub by_product: Vec<ProductRow>,
    pub by_mode: Vec<ModeRow>,
    /// Dispenses after which their prescription still had something left to dispense.
    pub partial: Vec<DispenseSummary>,
    /// Dispenses withdrawn during the period.
    pub withdrawals: Vec<DispenseSummary>,
    /// Items closed without being handed over, per reason (every reason, in list order).
    pub not_dispensed: Vec<NotDispensedRow>,
    /// Those items one by one, oldest first.
    pub not_dispensed_lines: Vec<NotDispensedLine>,
    /// Conflicts still open, raised up to the end of the period.
    pub open_conflicts: Vec<ConflictRow>,
    pub daily: Vec<DayRow>,
    /// The INNs with the most packs, most first (at most [`TOP_INNS`]).
    pub top_inns: Vec<InnRow>,
}

/// How many INNs the top-INN chart shows.
pub const TOP_INNS: usize = 10;

/// One counted dispense line, the detail rows of the exports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportLine {
    /// Local (Tashkent) time, `YYYY-MM-DD HH:MM`.
    pub time: String,
    pub dispense_id: String,
    pub prescription_number: String,
    pub pharmacist_name: String,
    pub mode: ReportMode,
    /// A short pseudonymous reference of the patient (from the keyed hash), to count patients.
    pub patient_ref: String,
    pub inn: String,
    pub trade_name: String,
    pub product_id: String,
    pub quantity: u32,
    pub unit: String,
    pub packs: u32,
    pub batch: Option<String>,
    pub expiry: Option<String>,
    /// False for a dispense of this counter the central system has not confirmed yet.
    pub confirmed: bool,
}

/// The packs of a line: its scanned marking codes, else whole packs of its quantity, else (the
/// pack size unknown) the quantity itself.
pub fn packs(quantity: u32, pack_size: u32, marking_codes: usize) -> u32 {
    if marking_codes > 0 {
        u32::try_from(marking_codes).unwrap_or(u32::MAX)
    } else if pack_size > 0 {
        quantity.div_ceil(pack_size)
    } else {
        quantity
    }
}

/// A row of the report to open: the dispenses behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Drill {
    /// Every counted dispense of the period.
    All,
    Pharmacist {
        pinfl: String,
    },
    Inn {
        inn: String,
    },
    Product {
        product_id: String,
    },
    Mode {
        mode: ReportMode,
    },
    Day {
        #[serde(with = "ymd")]
        #[cfg_attr(feature = "specta", specta(type = String))]
        date: Date,
    },
}

/// Most dispenses a drill-down returns.
pub const DRILL_LIMIT: usize = 1000;

/// One line of a dispense, kept for reports.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRow {
    pub item_id: String,
    pub product_id: String,
    pub inn: String,
    pub trade_name: String,
    pub pack_size: u32,
    pub unit: String,
    pub quantity: u32,
    pub batch: Option<String>,
    pub expiry: Option<String>,
    pub marking_codes: Vec<String>,
    /// Set on a line that closed its item without handing it over (quantity 0): the reason as
    /// sent (`dmed_api::handover::NotDispensed`).
    pub not_dispensed_reason: Option<String>,
}
