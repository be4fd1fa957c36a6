//! Pharmacies, their staff, and access tokens.

use super::codec::parse_enum;
use dmed_api::types::{PharmacyInfo, StaffRole};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// A member of staff as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRow {
    pub pharmacy_id: String,
    pub login: String,
    pub secret: String,
    pub pinfl: String,
    pub full_name: String,
    pub role: StaffRole,
    pub revoked: bool,
}

const STAFF_COLUMNS: &str =
    "s.pharmacy_id, s.login, s.secret, s.pinfl, s.full_name, s.role, s.revoked";

fn staff_row(r: &Row<'_>) -> rusqlite::Result<StaffRow> {
    Ok(StaffRow {
        pharmacy_id: r.get(0)?,
        login: r.get(1)?,
        secret: r.get(2)?,
        pinfl: r.get(3)?,
        full_name: r.get(4)?,
        role: parse_enum(5, &r.get::<_, String>(5)?)?,
        revoked: r.get(6)?,
    })
}

pub fn find(
    conn: &Connection,
    pharmacy_id: &str,
    login: &str,
) -> rusqlite::Result<Option<StaffRow>> {
    conn.prepare_cached(&format!(
        "SELECT {STAFF_COLUMNS} FROM staff s WHERE s.pharmacy_id = ?1 AND s.login = ?2"
    ))?
    .query_row(params![pharmacy_id, login], staff_row)
    .optional()
}

/// Marks a member of staff revoked; false when there is no such member.
pub fn revoke(conn: &Connection, pharmacy_id: &str, login: &str) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "UPDATE staff SET revoked = 1 WHERE pharmacy_id = ?1 AND login = ?2",
        params![pharmacy_id, login],
    )?;
    Ok(n > 0)
}

pub fn pharmacy(conn: &Connection, pharmacy_id: &str) -> rusqlite::Result<Option<PharmacyInfo>> {
    conn.prepare_cached("SELECT pharmacy_id, name, address FROM pharmacies WHERE pharmacy_id = ?1")?
        .query_row([pharmacy_id], |r| {
            Ok(PharmacyInfo {
                pharmacy_id: r.get(0)?,
                name: r.get(1)?,
                address: r.get(2)?,
            })
        })
        .optional()
}

pub fn insert_token(
    conn: &Connection,
    token: &str,
    pharmacy_id: &str,
    login: &str,
    expires_at: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO tokens (token, pharmacy_id, login, expires_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![token, pharmacy_id, login, expires_at])?;
    Ok(())
}

/// The staff member a token belongs to and the token's expiry (unix seconds).
pub fn token_owner(conn: &Connection, token: &str) -> rusqlite::Result<Option<(StaffRow, i64)>> {
    conn.prepare_cached(&format!(
        "SELECT {STAFF_COLUMNS}, t.expires_at FROM tokens t
         JOIN staff s ON s.pharmacy_id = t.pharmacy_id AND s.login = t.login
         WHERE t.token = ?1"
    ))?
    .query_row([token], |r| Ok((staff_row(r)?, r.get(7)?)))
    .optional()
}
