//! Demo pharmacies with their staff, and patients.

use super::names;
use dmed_api::ids::Sex;
use dmed_api::types::{Patient, StaffRole};
use dmed_api::Pinfl;
use rand::Rng;
use rusqlite::{params, Connection};
use std::collections::HashSet;
use time::{Date, Month};

/// A seeded member of staff (for the demo information).
#[derive(Debug, Clone)]
pub struct SeededStaff {
    pub pharmacy_id: String,
    pub pharmacy_name: String,
    pub login: String,
    pub secret: String,
    pub full_name: String,
    pub role: StaffRole,
    pub revoked: bool,
}

const PHARMACIES: &[(&str, &str, &str)] = &[
    (
        "PH-0001",
        "Dorixona №1, Toshkent",
        "Toshkent sh., Chilonzor tumani, Bunyodkor shoh koʻchasi, 12",
    ),
    (
        "PH-0002",
        "Dorixona №2, Samarqand",
        "Samarqand sh., Registon koʻchasi, 5",
    ),
    (
        "PH-0003",
        "Shifo Farm, Buxoro",
        "Buxoro sh., Mustaqillik koʻchasi, 44",
    ),
];

const ROLES: &[(&str, StaffRole, bool)] = &[
    ("provizor", StaffRole::Pharmacist, false),
    ("hamshira", StaffRole::Nurse, false),
    ("registrator", StaffRole::Registrar, false),
    ("mudir", StaffRole::Manager, false),
    ("provizor.eski", StaffRole::Pharmacist, true),
];

/// Seeds the pharmacies and their staff (one revoked pharmacist each).
pub fn pharmacies_and_staff(
    conn: &Connection,
    rng: &mut impl Rng,
) -> rusqlite::Result<Vec<SeededStaff>> {
    let mut out = Vec::new();
    let mut pinfls = HashSet::new();
    for (i, (id, name, address)) in PHARMACIES.iter().enumerate() {
        conn.execute(
            "INSERT INTO pharmacies (pharmacy_id, name, address) VALUES (?1, ?2, ?3)",
            params![id, name, address],
        )?;
        for (login, role, revoked) in ROLES {
            let female = rng.gen_bool(0.6);
            let pinfl = unique_pinfl(rng, &mut pinfls, 1965, 2002, female);
            let full_name = names::full_name(rng, female);
            let login = format!("{login}{}", i + 1);
            let secret = format!("demo-{:06}", rng.gen_range(0..1_000_000));
            conn.execute(
                "INSERT INTO staff (pharmacy_id, login, secret, pinfl, full_name, role, revoked)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id,
                    login,
                    secret,
                    pinfl.as_str(),
                    full_name,
                    crate::store::codec::enum_str(role),
                    revoked
                ],
            )?;
            out.push(SeededStaff {
                pharmacy_id: (*id).to_owned(),
                pharmacy_name: (*name).to_owned(),
                login,
                secret,
                full_name,
                role: *role,
                revoked: *revoked,
            });
        }
    }
    Ok(out)
}

/// Seeds `count` patients with valid, distinct PINFLs.
pub fn patients(
    conn: &Connection,
    rng: &mut impl Rng,
    count: usize,
) -> rusqlite::Result<Vec<Patient>> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let female = rng.gen_bool(0.55);
        let pinfl = unique_pinfl(rng, &mut seen, 1938, 2023, female);
        let patient = Patient {
            birth_date: pinfl.birth_date(),
            pinfl: pinfl.as_str().to_owned(),
            full_name: names::full_name(rng, female),
        };
        crate::store::prescriptions::insert_patient(conn, &patient)?;
        out.push(patient);
    }
    Ok(out)
}

/// A valid PINFL born between the two years that is not in `seen` (and is added to it).
pub(super) fn unique_pinfl(
    rng: &mut impl Rng,
    seen: &mut HashSet<String>,
    from_year: i32,
    to_year: i32,
    female: bool,
) -> Pinfl {
    let sex = if female { Sex::Female } else { Sex::Male };
    loop {
        let year = rng.gen_range(from_year..=to_year);
        let month = Month::try_from(rng.gen_range(1u8..=12)).unwrap_or(Month::January);
        let day = rng.gen_range(1u8..=28);
        let Ok(birth) = Date::from_calendar_date(year, month, day) else {
            continue;
        };
        let district = rng.gen_range(1..=999);
        let serial = rng.gen_range(0..=999);
        if let Some(p) = Pinfl::compose(sex, birth, district, serial) {
            if seen.insert(p.as_str().to_owned()) {
                return p;
            }
        }
    }
}
