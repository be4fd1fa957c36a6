//! Prescriptions, their patients and items.

use super::codec::{date_str, parse_date, parse_enum, ts};
use dmed_api::types::{
    Item, ItemStatus, Patient, Prescriber, PrescriptionKind, PrescriptionStatus,
};
use rusqlite::{params, Connection, OptionalExtension};
use time::{Date, OffsetDateTime};

/// A prescription as stored (status not yet adjusted for today's date).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRx {
    pub number: String,
    pub access_code: String,
    pub status: PrescriptionStatus,
    pub kind: PrescriptionKind,
    pub issued_at: OffsetDateTime,
    pub valid_from: Date,
    pub valid_until: Date,
    pub patient: Patient,
    pub prescriber: Prescriber,
    pub diagnosis_icd10: String,
    pub items: Vec<Item>,
}

pub fn load(conn: &Connection, number: &str) -> rusqlite::Result<Option<StoredRx>> {
    let head = conn
        .prepare_cached(
            "SELECT p.number, p.access_code, p.status, p.kind, p.issued_at, p.valid_from,
                    p.valid_until, p.patient_pinfl, pt.full_name, pt.birth_date,
                    p.prescriber_name, p.facility, p.diagnosis_icd10
             FROM prescriptions p JOIN patients pt ON pt.pinfl = p.patient_pinfl
             WHERE p.number = ?1",
        )?
        .query_row([number], |r| {
            Ok(StoredRx {
                number: r.get(0)?,
                access_code: r.get(1)?,
                status: parse_enum(2, &r.get::<_, String>(2)?)?,
                kind: parse_enum(3, &r.get::<_, String>(3)?)?,
                issued_at: ts(r.get(4)?),
                valid_from: parse_date(5, &r.get::<_, String>(5)?)?,
                valid_until: parse_date(6, &r.get::<_, String>(6)?)?,
                patient: Patient {
                    pinfl: r.get(7)?,
                    full_name: r.get(8)?,
                    birth_date: parse_date(9, &r.get::<_, String>(9)?)?,
                },
                prescriber: Prescriber {
                    full_name: r.get(10)?,
                    facility: r.get(11)?,
                },
                diagnosis_icd10: r.get(12)?,
                items: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut rx) = head else { return Ok(None) };
    rx.items = items(conn, number)?;
    Ok(Some(rx))
}

fn items(conn: &Connection, number: &str) -> rusqlite::Result<Vec<Item>> {
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, inn, form, strength, dosage_text, quantity_prescribed,
                quantity_dispensed, unit, status
         FROM items WHERE number = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([number], |r| {
        Ok(Item {
            item_id: r.get(0)?,
            inn: r.get(1)?,
            form: r.get(2)?,
            strength: r.get(3)?,
            dosage_text: r.get(4)?,
            quantity_prescribed: r.get(5)?,
            quantity_dispensed: r.get(6)?,
            unit: r.get(7)?,
            status: parse_enum(8, &r.get::<_, String>(8)?)?,
        })
    })?;
    rows.collect()
}

/// Numbers of the patient's prescriptions whose stored status is still dispensable.
pub fn open_numbers_of_patient(conn: &Connection, pinfl: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT number FROM prescriptions
         WHERE patient_pinfl = ?1 AND status IN ('active', 'partially_dispensed')
         ORDER BY issued_at DESC, number",
    )?;
    let rows = stmt.query_map([pinfl], |r| r.get(0))?;
    rows.collect()
}

pub fn set_item(
    conn: &Connection,
    item_id: &str,
    dispensed: u32,
    status: ItemStatus,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE items SET quantity_dispensed = ?2, status = ?3 WHERE item_id = ?1",
    )?
    .execute(params![item_id, dispensed, super::codec::enum_str(&status)])?;
    Ok(())
}

pub fn set_status(
    conn: &Connection,
    number: &str,
    status: PrescriptionStatus,
) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE prescriptions SET status = ?2 WHERE number = ?1")?
        .execute(params![number, super::codec::enum_str(&status)])?;
    Ok(())
}

/// Stores a patient (ignored when the PINFL exists), with the id the FHIR face gives them.
pub fn insert_patient(conn: &Connection, p: &Patient) -> rusqlite::Result<()> {
    let fhir_id = super::fhir_ids::patient_id_of_pinfl(conn, &p.pinfl)?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO patients (pinfl, full_name, birth_date, fhir_id)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        p.pinfl,
        p.full_name,
        date_str(p.birth_date),
        fhir_id
    ])?;
    Ok(())
}

/// The number of the prescription an item belongs to.
pub fn number_of_item(conn: &Connection, item_id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT number FROM items WHERE item_id = ?1")?
        .query_row([item_id], |r| r.get(0))
        .optional()
}

/// Stores a prescription and its items.
pub fn insert(conn: &Connection, rx: &StoredRx) -> rusqlite::Result<()> {
    use super::codec::enum_str;
    conn.prepare_cached(
        "INSERT INTO prescriptions (number, access_code, status, kind, issued_at, valid_from,
             valid_until, patient_pinfl, prescriber_name, facility, diagnosis_icd10)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        rx.number,
        rx.access_code,
        enum_str(&rx.status),
        enum_str(&rx.kind),
        rx.issued_at.unix_timestamp(),
        date_str(rx.valid_from),
        date_str(rx.valid_until),
        rx.patient.pinfl,
        rx.prescriber.full_name,
        rx.prescriber.facility,
        rx.diagnosis_icd10,
    ])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO items (item_id, number, position, inn, form, strength, dosage_text,
             quantity_prescribed, quantity_dispensed, unit, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, it) in rx.items.iter().enumerate() {
        stmt.execute(params![
            it.item_id,
            rx.number,
            i as i64,
            it.inn,
            it.form,
            it.strength,
            it.dosage_text,
            it.quantity_prescribed,
            it.quantity_dispensed,
            it.unit,
            enum_str(&it.status),
        ])?;
    }
    Ok(())
}

/// For each of `numbers`: its patient's PINFL and its items (id, INN, unit), in one query.
pub fn patients_and_items(
    conn: &Connection,
    numbers: &[&str],
) -> rusqlite::Result<std::collections::HashMap<String, (String, Vec<dmed_api::types::ItemRef>)>> {
    let mut out: std::collections::HashMap<String, (String, Vec<dmed_api::types::ItemRef>)> =
        std::collections::HashMap::new();
    if numbers.is_empty() {
        return Ok(out);
    }
    let marks = vec!["?"; numbers.len()].join(", ");
    let mut stmt = conn.prepare(&format!(
        "SELECT p.number, p.patient_pinfl, i.item_id, i.inn, i.unit
         FROM prescriptions p JOIN items i ON i.number = p.number
         WHERE p.number IN ({marks}) ORDER BY p.number, i.position"
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(numbers))?;
    while let Some(r) = rows.next()? {
        let number: String = r.get(0)?;
        let entry = out
            .entry(number)
            .or_insert_with(|| (String::new(), Vec::new()));
        entry.0 = r.get(1)?;
        entry.1.push(dmed_api::types::ItemRef {
            item_id: r.get(2)?,
            inn: r.get(3)?,
            unit: r.get(4)?,
        });
    }
    Ok(out)
}
