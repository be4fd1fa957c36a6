//! Uploaded paper records and the verdict each received.

use super::codec::{json_text, parse_json};
use dmed_api::types::PaperRecordResult;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

/// The verdict already given for a record id, if any.
pub fn result(conn: &Connection, record_id: Uuid) -> rusqlite::Result<Option<PaperRecordResult>> {
    conn.prepare_cached("SELECT result FROM paper_records WHERE record_id = ?1")?
        .query_row([record_id.to_string()], |r| {
            parse_json(0, &r.get::<_, String>(0)?)
        })
        .optional()
}

pub fn put(
    conn: &Connection,
    record_id: Uuid,
    pharmacy_id: &str,
    request: &str,
    result: &PaperRecordResult,
    recorded_at: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO paper_records (record_id, pharmacy_id, request, result, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        record_id.to_string(),
        pharmacy_id,
        request,
        json_text(result),
        recorded_at
    ])?;
    Ok(())
}
