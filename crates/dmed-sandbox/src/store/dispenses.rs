//! Recorded dispenses, their lines, and the packs they retired.

use super::codec::{date_str, enum_str, json_text, parse_date, parse_enum, parse_json, ts};
use dmed_api::types::{Dispense, DispenseStatus, DispensedItem};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

/// A dispense with its position among its prescription's dispenses.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDispense {
    pub dispense: Dispense,
    pub seq: i64,
    pub withdraw_reason: Option<String>,
    /// The prescription's status as this dispense left it (absent for dispenses recorded
    /// before it was kept).
    pub status_after: Option<dmed_api::types::PrescriptionStatus>,
}

const COLUMNS: &str = "dispense_id, number, pharmacy_id, pharmacist_pinfl, status, mode,
                       handed_over_at, recorded_at, seq, withdraw_reason, receiver, status_after";

/// [`COLUMNS`] and the names of the pharmacy and of who handed the medicine over.
const READ_COLUMNS: &str = "dispense_id, number, pharmacy_id, pharmacist_pinfl, status, mode,
                       handed_over_at, recorded_at, seq, withdraw_reason, receiver, withdrawn_at,
                       status_after,
                       (SELECT p.name FROM pharmacies p WHERE p.pharmacy_id = dispenses.pharmacy_id),
                       (SELECT s.full_name FROM staff s
                         WHERE s.pharmacy_id = dispenses.pharmacy_id
                           AND s.pinfl = dispenses.pharmacist_pinfl LIMIT 1)";

fn head(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredDispense> {
    let id: String = r.get(0)?;
    Ok(StoredDispense {
        dispense: Dispense {
            dispense_id: Uuid::parse_str(&id).unwrap_or_default(),
            prescription_number: r.get(1)?,
            pharmacy_id: r.get(2)?,
            pharmacist_pinfl: r.get(3)?,
            status: parse_enum(4, &r.get::<_, String>(4)?)?,
            mode: parse_enum(5, &r.get::<_, String>(5)?)?,
            handed_over_at: ts(r.get(6)?),
            recorded_at: ts(r.get(7)?),
            // Filled in by the caller from the prescription's current status.
            prescription_status: dmed_api::types::PrescriptionStatus::Active,
            items: Vec::new(),
            pharmacy_name: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
            pharmacist_name: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
            withdrawn_at: r.get::<_, Option<i64>>(11)?.map(ts),
            withdraw_reason: r.get(9)?,
            receiver: r
                .get::<_, Option<String>>(10)?
                .map(|j| parse_json(10, &j))
                .transpose()?,
        },
        seq: r.get(8)?,
        withdraw_reason: r.get(9)?,
        status_after: r
            .get::<_, Option<String>>(12)?
            .map(|s| parse_enum(12, &s))
            .transpose()?,
    })
}

const LINE_COLUMNS: &str = "item_id, product_id, quantity, remaining, item_status,
                            marking_codes, batch, expiry, not_dispensed_reason";

fn line(r: &rusqlite::Row<'_>) -> rusqlite::Result<DispensedItem> {
    line_at(r, 0)
}

/// A line read from the row's columns `at..` ([`LINE_COLUMNS`]).
fn line_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<DispensedItem> {
    let expiry: Option<String> = r.get(at + 7)?;
    Ok(DispensedItem {
        item_id: r.get(at)?,
        product_id: r.get(at + 1)?,
        quantity: r.get(at + 2)?,
        remaining: r.get(at + 3)?,
        item_status: parse_enum(at + 4, &r.get::<_, String>(at + 4)?)?,
        marking_codes: parse_json(at + 5, &r.get::<_, String>(at + 5)?)?,
        batch: r.get(at + 6)?,
        expiry: expiry.map(|e| parse_date(at + 7, &e)).transpose()?,
        not_dispensed_reason: r.get(at + 8)?,
    })
}

fn lines(conn: &Connection, id: &str) -> rusqlite::Result<Vec<DispensedItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {LINE_COLUMNS} FROM dispense_items WHERE dispense_id = ?1 ORDER BY position"
    ))?;
    let rows = stmt.query_map([id], line)?;
    rows.collect()
}

/// One dispense with its lines.
pub fn load(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<StoredDispense>> {
    let key = id.to_string();
    let found = conn
        .prepare_cached(&format!(
            "SELECT {READ_COLUMNS} FROM dispenses WHERE dispense_id = ?1"
        ))?
        .query_row([&key], head)
        .optional()?;
    let Some(mut d) = found else { return Ok(None) };
    d.dispense.items = lines(conn, &key)?;
    Ok(Some(d))
}

/// Every dispense of a prescription, oldest first.
pub fn history(conn: &Connection, number: &str) -> rusqlite::Result<Vec<StoredDispense>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {READ_COLUMNS} FROM dispenses WHERE number = ?1 ORDER BY seq"
    ))?;
    let heads = stmt
        .query_map([number], head)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    heads
        .into_iter()
        .map(|mut d| {
            d.dispense.items = lines(conn, &d.dispense.dispense_id.to_string())?;
            Ok(d)
        })
        .collect()
}

/// Where a page of a pharmacy's dispenses starts: after this (handed over at, id).
pub type PageKey = (i64, String);

/// A pharmacy's dispenses handed over, or withdrawn, in `[from, to)` (unix seconds), ordered
/// by when they were handed over, then id; at most `limit`, after `after`.
pub fn of_pharmacy(
    conn: &Connection,
    pharmacy_id: &str,
    (from, to): (i64, i64),
    after: Option<&PageKey>,
    limit: u32,
) -> rusqlite::Result<Vec<StoredDispense>> {
    let (after_at, after_id) = match after {
        Some((at, id)) => (*at, id.as_str()),
        None => (i64::MIN, ""),
    };
    const PAGE: &str = "FROM dispenses
         WHERE pharmacy_id = ?1
           AND ((handed_over_at >= ?2 AND handed_over_at < ?3)
                OR (withdrawn_at >= ?2 AND withdrawn_at < ?3))
           AND (handed_over_at > ?4 OR (handed_over_at = ?4 AND dispense_id > ?5))
         ORDER BY handed_over_at, dispense_id LIMIT ?6";
    let args = params![pharmacy_id, from, to, after_at, after_id, limit];
    let mut heads = conn
        .prepare_cached(&format!("SELECT {READ_COLUMNS} {PAGE}"))?
        .query_map(args, head)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // The lines of the whole page in one query.
    let mut by_dispense: std::collections::HashMap<String, Vec<DispensedItem>> =
        std::collections::HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT dispense_id, {LINE_COLUMNS} FROM dispense_items
         WHERE dispense_id IN (SELECT dispense_id {PAGE})
         ORDER BY dispense_id, position"
    ))?;
    let mut rows = stmt.query(args)?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let item = line_at(r, 1)?;
        by_dispense.entry(id).or_default().push(item);
    }
    for d in &mut heads {
        d.dispense.items = by_dispense
            .remove(&d.dispense.dispense_id.to_string())
            .unwrap_or_default();
    }
    Ok(heads)
}

/// The newest dispense of a prescription that is not withdrawn.
pub fn newest_live(conn: &Connection, number: &str) -> rusqlite::Result<Option<Uuid>> {
    let id: Option<String> = conn
        .prepare_cached(
            "SELECT dispense_id FROM dispenses WHERE number = ?1 AND status = 'completed'
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([number], |r| r.get(0))
        .optional()?;
    Ok(id.and_then(|s| Uuid::parse_str(&s).ok()))
}

/// Stores a new dispense and its lines; its position follows the prescription's last one.
pub fn insert(conn: &Connection, d: &Dispense) -> rusqlite::Result<()> {
    let id = d.dispense_id.to_string();
    let seq: i64 = conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM dispenses WHERE number = ?1",
        [&d.prescription_number],
        |r| r.get(0),
    )?;
    conn.prepare_cached(&format!(
        "INSERT INTO dispenses ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, ?10, ?11)"
    ))?
    .execute(params![
        id,
        d.prescription_number,
        d.pharmacy_id,
        d.pharmacist_pinfl,
        enum_str(&d.status),
        enum_str(&d.mode),
        d.handed_over_at.unix_timestamp(),
        d.recorded_at.unix_timestamp(),
        seq,
        d.receiver.as_ref().map(json_text),
        enum_str(&d.prescription_status),
    ])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO dispense_items (dispense_id, position, item_id, product_id, quantity,
             remaining, item_status, marking_codes, batch, expiry, not_dispensed_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, it) in d.items.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            it.item_id,
            it.product_id,
            it.quantity,
            it.remaining,
            enum_str(&it.item_status),
            json_text(&it.marking_codes),
            it.batch,
            it.expiry.map(date_str),
            it.not_dispensed_reason,
        ])?;
    }
    Ok(())
}

/// Marks a dispense withdrawn `at`, for `reason`.
pub fn mark_withdrawn(
    conn: &Connection,
    id: Uuid,
    reason: &str,
    at: time::OffsetDateTime,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE dispenses SET status = ?2, withdraw_reason = ?3, withdrawn_at = ?4
         WHERE dispense_id = ?1",
        params![
            id.to_string(),
            enum_str(&DispenseStatus::Withdrawn),
            reason,
            at.unix_timestamp()
        ],
    )?;
    Ok(())
}

/// True when the pack (`GTIN/serial`) was already sold.
pub fn is_retired(conn: &Connection, pack_id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM retired_packs WHERE pack_id = ?1")?
        .query_row([pack_id], |_| Ok(()))
        .optional()
        .map(|r| r.is_some())
}

pub fn retire(conn: &Connection, pack_id: &str, dispense_id: Uuid) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO retired_packs (pack_id, dispense_id) VALUES (?1, ?2)")?
        .execute(params![pack_id, dispense_id.to_string()])?;
    Ok(())
}

/// Puts back on sale every pack a dispense retired.
pub fn unretire(conn: &Connection, dispense_id: Uuid) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM retired_packs WHERE dispense_id = ?1",
        [dispense_id.to_string()],
    )?;
    Ok(())
}
