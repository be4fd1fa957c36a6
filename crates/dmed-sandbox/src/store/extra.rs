//! The list of prescriptions added for load tests (`--extra-prescriptions`): which prescription
//! sits at which position and the product its item was written for, and reading them back with
//! their live quantities.

use crate::extra::ExtraPrescription;
use rusqlite::{params, Connection};

/// How many extra prescriptions the database holds.
pub fn count(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("SELECT COUNT(*) FROM extra_prescriptions", [], |r| r.get(0))
}

/// Lists prescription `number` at `position`, written for `product_id`.
pub fn insert(
    conn: &Connection,
    position: u32,
    number: &str,
    product_id: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO extra_prescriptions (position, number, product_id) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![position, number, product_id])?;
    Ok(())
}

/// Every extra prescription in position order, with its first item's live quantities.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<ExtraPrescription>> {
    let mut stmt = conn.prepare(
        "SELECT p.number, p.access_code, p.patient_pinfl, i.item_id, i.inn, e.product_id,
                i.quantity_prescribed, i.quantity_dispensed
         FROM extra_prescriptions e
         JOIN prescriptions p ON p.number = e.number
         JOIN items i ON i.number = e.number AND i.position = 0
         ORDER BY e.position",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ExtraPrescription {
            number: r.get(0)?,
            code: r.get(1)?,
            pinfl: r.get(2)?,
            item_id: r.get(3)?,
            inn: r.get(4)?,
            product_id: r.get(5)?,
            quantity_prescribed: r.get(6)?,
            quantity_dispensed: r.get(7)?,
        })
    })?;
    rows.collect()
}
