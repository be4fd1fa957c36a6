//! The extra prescriptions a database was given for load tests and benchmarks
//! (`--extra-prescriptions N`), as a test reads them back: number, access code, patient, the
//! single item and the product it was written for, with the quantities as they stand now (so a
//! test can check what the central system recorded).

use crate::error::SandboxError;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub use crate::seed::extra::{EXTRA_PER_PATIENT, MAX_EXTRA};

/// One extra prescription: active, chronic, one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraPrescription {
    /// Canonical number (12 characters, no dashes).
    pub number: String,
    /// The access code beside its QR code.
    pub code: String,
    /// The patient's PINFL; each extra patient holds [`EXTRA_PER_PATIENT`] of them.
    pub pinfl: String,
    /// Its single item.
    pub item_id: String,
    pub inn: String,
    /// The catalogue product it was written for (the item's INN).
    pub product_id: String,
    pub quantity_prescribed: u32,
    /// What has been dispensed of the item so far.
    pub quantity_dispensed: u32,
}

/// Every extra prescription of the database at `db_path`, in the order they were added; empty
/// when it was given none.
pub fn extra_prescriptions(db_path: &Path) -> Result<Vec<ExtraPrescription>, SandboxError> {
    if !db_path.is_file() {
        return Err(SandboxError::NotSeeded(db_path.to_path_buf()));
    }
    let conn = crate::db::open_existing(db_path).map_err(SandboxError::db(db_path))?;
    crate::store::extra::list(&conn).map_err(SandboxError::db(db_path))
}
