//! Results of successful dispense requests by idempotency key, replayed on a retry.

use rusqlite::{params, Connection, OptionalExtension};

/// A stored result: who asked, the request as canonical JSON, and what was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub pharmacy_id: String,
    pub request: String,
    pub status: u16,
    pub response: String,
}

pub fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<Stored>> {
    conn.prepare_cached(
        "SELECT pharmacy_id, request, status, response FROM idempotency WHERE key = ?1",
    )?
    .query_row([key], |r| {
        Ok(Stored {
            pharmacy_id: r.get(0)?,
            request: r.get(1)?,
            status: r.get(2)?,
            response: r.get(3)?,
        })
    })
    .optional()
}

pub fn put(conn: &Connection, key: &str, stored: &Stored) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO idempotency (key, pharmacy_id, request, status, response)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        key,
        stored.pharmacy_id,
        stored.request,
        stored.status,
        stored.response
    ])?;
    Ok(())
}
