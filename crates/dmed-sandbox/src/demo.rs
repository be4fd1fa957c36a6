//! What a seeded database offers to try: demo credentials, prescriptions in every interesting
//! state with their QR payloads, products and unsold pack codes. Stored as JSON at seeding time
//! and read back by [`demo_info`] (and `dmed-sandbox demo`).

use crate::error::SandboxError;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Key of the stored demo information in the `meta` table.
pub(crate) const META_KEY: &str = "demo_info";

/// Demo credentials and interesting prescriptions of a seeded database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoInfo {
    /// At least two pharmacies, each with an active pharmacist.
    pub pharmacies: Vec<DemoLogin>,
    pub prescriptions: Vec<DemoPrescription>,
    /// Products whose INN matches an item of an `active` demo prescription.
    pub products: Vec<DemoProduct>,
    /// Staff whose access was revoked: a token request answers 403 `FORBIDDEN`.
    pub revoked: Vec<DemoLogin>,
    /// Valid, unsold pack codes (GS1 element strings) of some demo products.
    pub marking_codes: Vec<DemoMarkingCode>,
    /// Every active member of staff of every demo pharmacy (pharmacists, nurses, registrars,
    /// managers, administrators), with their role.
    #[serde(default)]
    pub staff: Vec<DemoLogin>,
}

/// Credentials for `POST /v1/auth/token`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoLogin {
    pub pharmacy_id: String,
    pub login: String,
    pub secret: String,
    /// Pharmacy name, for people reading the table.
    #[serde(default)]
    pub pharmacy_name: String,
    /// Staff member's name and role, for people reading the table.
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub role: String,
    /// The member's PINFL: what a dispense names as `pharmacist_pinfl`.
    #[serde(default)]
    pub pinfl: String,
    /// The pharmacy's OAuth client of the FHIR face (`POST /oauth/token`), on the entries of
    /// [`DemoInfo::pharmacies`]; empty elsewhere, and in a database whose clients were not made
    /// yet (they are on start).
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub client_secret: String,
}

/// One prescription worth trying, with the state it demonstrates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoPrescription {
    /// Canonical number (12 characters, no dashes).
    pub number: String,
    /// QR text `DMEDRX:1:<number>:<code>`.
    pub payload: String,
    pub code: String,
    pub pinfl: String,
    /// Wire status at seeding time (`active`, `partially_dispensed`, …).
    pub status: String,
    /// `acute` or `chronic`.
    pub kind: String,
    /// The state it demonstrates: `active`, `partially_dispensed`, `completed`, `cancelled`,
    /// `expired`, `not_yet_valid`, `chronic_active`.
    pub state: String,
    /// INNs of its items.
    #[serde(default)]
    pub inns: Vec<String>,
}

/// A catalogue product usable for a demo prescription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoProduct {
    pub product_id: String,
    pub inn: String,
    #[serde(default)]
    pub trade_name: String,
    /// Its ATC code.
    #[serde(default)]
    pub atc: String,
    /// Sold only on an e-prescription (its ATC group).
    #[serde(default)]
    pub e_rx_required: bool,
}

/// An unsold pack code of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoMarkingCode {
    pub product_id: String,
    pub code: String,
}

/// The interesting states listed by `demo`, in display order.
pub const STATES: [&str; 7] = [
    "active",
    "partially_dispensed",
    "completed",
    "cancelled",
    "expired",
    "not_yet_valid",
    "chronic_active",
];

/// Reads the demo information of the seeded database at `db_path`.
pub fn demo_info(db_path: &Path) -> Result<DemoInfo, SandboxError> {
    if !db_path.is_file() {
        return Err(SandboxError::NotSeeded(db_path.to_path_buf()));
    }
    let conn = crate::db::open_existing(db_path).map_err(SandboxError::db(db_path))?;
    read(&conn, db_path)
}

pub(crate) fn read(conn: &rusqlite::Connection, db_path: &Path) -> Result<DemoInfo, SandboxError> {
    let has_meta: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
            [],
            |r| r.get(0),
        )
        .map_err(SandboxError::db(db_path))?;
    if !has_meta {
        return Err(SandboxError::NotSeeded(db_path.to_path_buf()));
    }
    let json = crate::db::meta(conn, META_KEY)
        .map_err(SandboxError::db(db_path))?
        .ok_or_else(|| SandboxError::NotSeeded(db_path.to_path_buf()))?;
    serde_json::from_str(&json).map_err(|e| SandboxError::Corrupt(e.to_string()))
}

impl DemoInfo {
    /// A human-readable table: credentials, then prescriptions by state.
    pub fn to_table(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let _ = writeln!(out, "Demo sign-in (POST /v1/auth/token)");
        let _ = writeln!(
            out,
            "  {:<9} {:<28} {:<16} {:<14} staff",
            "pharmacy", "name", "login", "secret"
        );
        for p in &self.pharmacies {
            let _ = writeln!(
                out,
                "  {:<9} {:<28} {:<16} {:<14} {} ({})",
                p.pharmacy_id, p.pharmacy_name, p.login, p.secret, p.full_name, p.role
            );
        }
        for p in self.staff.iter().filter(|s| s.role != "pharmacist") {
            let _ = writeln!(
                out,
                "  {:<9} {:<28} {:<16} {:<14} {} ({})",
                p.pharmacy_id, p.pharmacy_name, p.login, p.secret, p.full_name, p.role
            );
        }
        for p in &self.revoked {
            let _ = writeln!(
                out,
                "  {:<9} {:<28} {:<16} {:<14} {} ({}) REVOKED: 403 FORBIDDEN",
                p.pharmacy_id, p.pharmacy_name, p.login, p.secret, p.full_name, p.role
            );
        }
        let clients: Vec<&DemoLogin> = self
            .pharmacies
            .iter()
            .filter(|p| !p.client_id.is_empty())
            .collect();
        if !clients.is_empty() {
            let _ = writeln!(
                out,
                "\nFHIR OAuth clients (POST /oauth/token under the server's root)"
            );
            for p in clients {
                let _ = writeln!(
                    out,
                    "  {:<9} {:<24} {}",
                    p.pharmacy_id, p.client_id, p.client_secret
                );
            }
        }
        for state in STATES {
            let _ = writeln!(out, "\n{state}");
            for rx in self.prescriptions.iter().filter(|rx| rx.state == state) {
                let _ = writeln!(
                    out,
                    "  {}  code {}  PINFL {}  {:<20} {:<8} QR {}  [{}]",
                    display_number(&rx.number),
                    rx.code,
                    rx.pinfl,
                    rx.status,
                    rx.kind,
                    rx.payload,
                    rx.inns.join(", ")
                );
            }
        }
        if !self.marking_codes.is_empty() {
            let _ = writeln!(out, "\nunsold pack codes (GS shown as <GS>)");
            for m in &self.marking_codes {
                let _ = writeln!(
                    out,
                    "  {:<10} {}",
                    m.product_id,
                    m.code.replace(dmed_api::ids::GS, "<GS>")
                );
            }
        }
        out
    }
}

fn display_number(n: &str) -> String {
    dmed_api::RxNumber::parse(n)
        .map(|n| n.display())
        .unwrap_or_else(|_| n.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_not_seeded() {
        let dir = tempfile::tempdir().unwrap();
        let err = demo_info(&dir.path().join("none.sqlite")).unwrap_err();
        assert!(matches!(err, SandboxError::NotSeeded(_)), "{err}");
    }

    #[test]
    fn an_empty_database_is_not_seeded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.sqlite");
        crate::db::open(&path).unwrap();
        assert!(matches!(
            demo_info(&path).unwrap_err(),
            SandboxError::NotSeeded(_)
        ));
    }
}
