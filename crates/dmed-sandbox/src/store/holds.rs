//! The one hold a prescription may have.

use super::codec::ts;
use crate::rules::hold::HoldState;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

/// The stored hold of a prescription (live or run out), with the holder's name.
pub fn get(conn: &Connection, number: &str) -> rusqlite::Result<Option<HoldState>> {
    conn.prepare_cached(
        "SELECT h.hold_id, h.pharmacy_id, COALESCE(ph.name, h.pharmacy_id), h.expires_at
         FROM holds h LEFT JOIN pharmacies ph ON ph.pharmacy_id = h.pharmacy_id
         WHERE h.number = ?1",
    )?
    .query_row([number], |r| {
        let id: String = r.get(0)?;
        Ok(HoldState {
            hold_id: Uuid::parse_str(&id).unwrap_or_default(),
            pharmacy_id: r.get(1)?,
            pharmacy_name: r.get(2)?,
            expires_at: ts(r.get(3)?),
        })
    })
    .optional()
}

/// Places or replaces the hold of a prescription.
pub fn put(conn: &Connection, number: &str, hold: &HoldState) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO holds (number, hold_id, pharmacy_id, expires_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(number) DO UPDATE SET hold_id = excluded.hold_id,
             pharmacy_id = excluded.pharmacy_id, expires_at = excluded.expires_at",
    )?
    .execute(params![
        number,
        hold.hold_id.to_string(),
        hold.pharmacy_id,
        hold.expires_at.unix_timestamp()
    ])?;
    Ok(())
}

pub fn delete(conn: &Connection, number: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM holds WHERE number = ?1")?
        .execute([number])?;
    Ok(())
}
