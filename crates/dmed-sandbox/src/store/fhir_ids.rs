//! The ids the FHIR face gives patients and prescribers: opaque and stable, a digest of what
//! they name keyed by a secret of this database (`meta` `fhir_id_key`, made once), so an id
//! shows neither a PINFL nor a name, cannot be made from a PINFL without the database, and
//! stays the same for as long as the database does. A patient's id is kept beside them
//! (`patients.fhir_id`) so `MedicationRequest?patient=Patient/<id>` finds them again; a
//! prescriber's is made when served (nothing searches by it).

use dmed_api::types::Prescriber;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

const KEY: &str = "fhir_id_key";

/// Makes the key once (a database opened before it existed gets one too).
pub fn ensure_key(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, hex(randomblob(32)))",
        [KEY],
    )?;
    Ok(())
}

fn key(conn: &Connection) -> rusqlite::Result<String> {
    conn.prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([KEY], |r| r.get(0))
}

/// `prefix` and the first 16 bytes of SHA-256(key, kind, text) in hex: a valid FHIR id.
fn keyed(key: &str, prefix: &str, text: &str) -> String {
    let digest = Sha256::digest(format!("{key}\n{prefix}\n{text}").as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}")
}

/// The id a patient of this PINFL has (or will have once stored).
pub fn patient_id_of_pinfl(conn: &Connection, pinfl: &str) -> rusqlite::Result<String> {
    Ok(keyed(&key(conn)?, "pt", pinfl))
}

/// The stored patient's id.
pub fn patient_id(conn: &Connection, pinfl: &str) -> rusqlite::Result<String> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT fhir_id FROM patients WHERE pinfl = ?1")?
        .query_row([pinfl], |r| r.get(0))
        .optional()?
        .flatten();
    match stored {
        Some(id) => Ok(id),
        None => patient_id_of_pinfl(conn, pinfl),
    }
}

/// The PINFL of the patient with this id, if any.
pub fn pinfl_of(conn: &Connection, patient_id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT pinfl FROM patients WHERE fhir_id = ?1")?
        .query_row([patient_id], |r| r.get(0))
        .optional()
}

/// Gives every patient stored without an id (before ids were kept) theirs; returns how many.
pub fn fill_missing(conn: &Connection) -> rusqlite::Result<usize> {
    let missing: Vec<String> = conn
        .prepare("SELECT pinfl FROM patients WHERE fhir_id IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if missing.is_empty() {
        return Ok(0);
    }
    let key = key(conn)?;
    let mut update = conn.prepare("UPDATE patients SET fhir_id = ?2 WHERE pinfl = ?1")?;
    for pinfl in &missing {
        update.execute(params![pinfl, keyed(&key, "pt", pinfl)])?;
    }
    Ok(missing.len())
}

/// The id of the `PractitionerRole` a prescriber (doctor and facility) is served as.
pub fn practitioner_role_id(conn: &Connection, p: &Prescriber) -> rusqlite::Result<String> {
    Ok(keyed(
        &key(conn)?,
        "pr",
        &format!("{}\n{}", p.full_name, p.facility),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_opaque_stable_and_keyed_by_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.sqlite");
        let conn = crate::db::open(&path).unwrap();
        let pinfl = "30211975910033";
        let id = patient_id_of_pinfl(&conn, pinfl).unwrap();
        assert!(id.starts_with("pt-") && id.len() == 35, "{id}");
        assert!(!id.contains(pinfl) && !id.contains("1975"), "{id}");
        assert_eq!(patient_id_of_pinfl(&conn, pinfl).unwrap(), id);
        drop(conn);
        let again = crate::db::open(&path).unwrap();
        assert_eq!(patient_id_of_pinfl(&again, pinfl).unwrap(), id, "stable");
        let other = crate::db::open(&dir.path().join("b.sqlite")).unwrap();
        assert_ne!(patient_id_of_pinfl(&other, pinfl).unwrap(), id, "keyed");
    }

    #[test]
    fn a_stored_patient_is_found_by_id_and_one_stored_before_ids_gets_one() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("t.sqlite")).unwrap();
        let patient = dmed_api::types::Patient {
            pinfl: "30211975910033".into(),
            full_name: "Usmonov Salim".into(),
            birth_date: time::macros::date!(1994 - 01 - 27),
        };
        crate::store::prescriptions::insert_patient(&conn, &patient).unwrap();
        let id = patient_id(&conn, &patient.pinfl).unwrap();
        assert_eq!(
            pinfl_of(&conn, &id).unwrap().as_deref(),
            Some(patient.pinfl.as_str())
        );
        assert_eq!(pinfl_of(&conn, "pt-0").unwrap(), None);

        conn.execute(
            "INSERT INTO patients (pinfl, full_name, birth_date) VALUES ('41506881230017', 'B', '1988-06-15')",
            [],
        )
        .unwrap();
        assert_eq!(fill_missing(&conn).unwrap(), 1);
        let id = patient_id(&conn, "41506881230017").unwrap();
        assert_eq!(
            pinfl_of(&conn, &id).unwrap().as_deref(),
            Some("41506881230017")
        );
        assert_eq!(fill_missing(&conn).unwrap(), 0);
    }

    #[test]
    fn a_prescriber_id_names_neither_doctor_nor_facility() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("t.sqlite")).unwrap();
        let p = Prescriber {
            full_name: "Karimova Dilnoza".into(),
            facility: "12-poliklinika".into(),
        };
        let id = practitioner_role_id(&conn, &p).unwrap();
        assert!(id.starts_with("pr-") && !id.contains("Karimova"), "{id}");
        assert_eq!(practitioner_role_id(&conn, &p).unwrap(), id);
    }
}
