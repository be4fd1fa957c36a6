//! Demo pharmacies with their staff, and patients.

use super::names;
use dmed_api::ids::Sex;
use dmed_api::types::{Patient, StaffRole};
use dmed_api::Pinfl;
use rand::{Rng, SeedableRng};
use rusqlite::{params, Connection};
use std::collections::HashSet;
use time::{Date, Month, OffsetDateTime};

/// A seeded member of staff (for the demo information).
#[derive(Debug, Clone)]
pub struct SeededStaff {
    pub pharmacy_id: String,
    pub pharmacy_name: String,
    pub login: String,
    pub secret: String,
    pub full_name: String,
    pub pinfl: String,
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

/// How long before the seeding moment the demo's revoked pharmacists lost their access.
pub const REVOKED_DAYS_BEFORE_SEEDING: i64 = 30;

/// Seeds the pharmacies and their staff (one pharmacist each revoked
/// [`REVOKED_DAYS_BEFORE_SEEDING`] days before `now`).
pub fn pharmacies_and_staff(
    conn: &Connection,
    rng: &mut impl Rng,
    now: OffsetDateTime,
) -> rusqlite::Result<Vec<SeededStaff>> {
    let revoked_at = now.unix_timestamp() - REVOKED_DAYS_BEFORE_SEEDING * 86_400;
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
                "INSERT INTO staff (pharmacy_id, login, secret, pinfl, full_name, role, revoked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id,
                    login,
                    secret,
                    pinfl.as_str(),
                    full_name,
                    crate::store::codec::enum_str(role),
                    revoked.then_some(revoked_at)
                ],
            )?;
            out.push(SeededStaff {
                pharmacy_id: (*id).to_owned(),
                pharmacy_name: (*name).to_owned(),
                login,
                secret,
                full_name,
                pinfl: pinfl.as_str().to_owned(),
                role: *role,
                revoked: *revoked,
            });
        }
    }
    Ok(out)
}

/// Login of the administrator of the `n`-th (1-based) demo pharmacy.
pub fn administrator_login(n: usize) -> String {
    format!("administrator{n}")
}

/// Seeds one administrator for each pharmacy that has none, from a generator of its own (so
/// the rest of the demo data, drawn from the main one, is the same with or without them), with
/// a PINFL no other member of staff has. Returns them in pharmacy order.
pub fn administrators(conn: &Connection, seed: u64) -> rusqlite::Result<Vec<SeededStaff>> {
    /// Mixed into the seed so the administrators' names differ from the main stream's first.
    const STREAM: u64 = 0xAD41_11AD;
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed ^ STREAM);
    let mut pinfls: HashSet<String> = conn
        .prepare("SELECT pinfl FROM staff")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let pharmacies: Vec<(String, String)> = conn
        .prepare("SELECT pharmacy_id, name FROM pharmacies ORDER BY pharmacy_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (i, (id, name)) in pharmacies.into_iter().enumerate() {
        // Drawn for every pharmacy, so each one's administrator does not depend on the others.
        let female = rng.gen_bool(0.5);
        let pinfl = unique_pinfl(&mut rng, &mut pinfls, 1965, 2002, female);
        let full_name = names::full_name(&mut rng, female);
        let secret = format!("demo-{:06}", rng.gen_range(0..1_000_000));
        let has_one: bool = conn.query_row(
            "SELECT count(*) > 0 FROM staff WHERE pharmacy_id = ?1 AND role = 'administrator'",
            [&id],
            |r| r.get(0),
        )?;
        if has_one {
            continue;
        }
        let login = administrator_login(i + 1);
        conn.execute(
            "INSERT INTO staff (pharmacy_id, login, secret, pinfl, full_name, role)
             VALUES (?1, ?2, ?3, ?4, ?5, 'administrator')",
            params![id, login, secret, pinfl.as_str(), full_name],
        )?;
        out.push(SeededStaff {
            pharmacy_id: id,
            pharmacy_name: name,
            login,
            secret,
            full_name,
            pinfl: pinfl.as_str().to_owned(),
            role: StaffRole::Administrator,
            revoked: false,
        });
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
