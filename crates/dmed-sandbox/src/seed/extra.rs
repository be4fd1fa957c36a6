//! Extra dispensable prescriptions for load tests and benchmarks (`--extra-prescriptions N`):
//! N active chronic prescriptions, valid since yesterday for 90 days, each with one item written
//! for a listed catalogue product (three packs), held by their own patients
//! ([`EXTRA_PER_PATIENT`] each) so the demo patients' lists stay as they are. Deterministic per
//! seed and N; numbers are `EX` + the position in nine digits + the check character. Listed in
//! `extra_prescriptions` by position.

use super::catalogue::SeedProduct;
use super::names;
use super::people::unique_pinfl;
use super::prescriptions::is_chronic_group;
use crate::clock::local_date;
use crate::store::prescriptions::{insert, insert_patient, StoredRx};
use dmed_api::types::{
    Item, ItemStatus, Patient, Prescriber, PrescriptionKind, PrescriptionStatus,
};
use dmed_api::RxNumber;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;
use std::collections::HashSet;
use time::{Duration, OffsetDateTime};

/// How many extra prescriptions each extra patient holds (the last one may hold fewer).
pub const EXTRA_PER_PATIENT: u32 = 100;
/// The most extra prescriptions a database can be given.
pub const MAX_EXTRA: u32 = 1_000_000;
/// Days an extra prescription is valid (a chronic prescription's longest).
const VALID_DAYS: i64 = 90;
/// Mixed into the seed so the extras do not replay the demo data's random stream.
const STREAM: u64 = 0x00E7_7A00_0000_0000;

/// Why the extras could not be seeded.
#[derive(Debug, thiserror::Error)]
pub enum ExtraError {
    #[error(transparent)]
    Database(#[from] rusqlite::Error),
    /// A generated number is not a valid prescription number (cannot happen for `EX` + digits).
    #[error("extra prescription {0} has no valid number")]
    Number(u32),
    /// The catalogue has no listed product of a chronic group.
    #[error("the catalogue has no chronic product to write extra prescriptions for")]
    NoProduct,
}

/// The number of the extra prescription at `position` (canonical, 12 characters).
pub fn number(position: u32) -> Option<String> {
    RxNumber::from_body(&format!("EX{position:09}")).map(|n| n.as_str().to_owned())
}

/// Adds `count` extra prescriptions (and their patients) through `conn`, which the caller holds
/// in one transaction. Returns how many were added.
pub fn add(
    conn: &Connection,
    seed: u64,
    products: &[SeedProduct],
    count: u32,
    now: OffsetDateTime,
) -> Result<u32, ExtraError> {
    if count == 0 {
        return Ok(0);
    }
    let mut pool: Vec<&SeedProduct> = products
        .iter()
        .filter(|p| !p.removed && is_chronic_group(&p.atc))
        .collect();
    pool.sort_by(|a, b| a.product_id.cmp(&b.product_id));
    if pool.is_empty() {
        return Err(ExtraError::NoProduct);
    }
    let mut rng = StdRng::seed_from_u64(seed ^ STREAM);
    let mut pinfls: HashSet<String> = existing_pinfls(conn)?;
    let issued_day = local_date(now) - Duration::days(1);
    let issued_at = issued_day
        .with_hms(9, 0, 0)
        .map(|t| {
            t.assume_offset(crate::clock::LOCAL_OFFSET)
                .to_offset(time::UtcOffset::UTC)
        })
        .unwrap_or(now)
        .min(now);
    let mut patient: Option<Patient> = None;
    for position in 0..count.min(MAX_EXTRA) {
        if position % EXTRA_PER_PATIENT == 0 {
            let female = rng.gen_bool(0.5);
            let pinfl = unique_pinfl(&mut rng, &mut pinfls, 1940, 1995, female);
            let p = Patient {
                birth_date: pinfl.birth_date(),
                pinfl: pinfl.as_str().to_owned(),
                full_name: names::full_name(&mut rng, female),
            };
            insert_patient(conn, &p)?;
            patient = Some(p);
        }
        let Some(patient) = patient.clone() else {
            continue;
        };
        let number = number(position).ok_or(ExtraError::Number(position))?;
        let product = pool[position as usize % pool.len()];
        let prescribed = if product.pack_size >= 5 {
            product.pack_size * 3
        } else {
            3
        };
        let female_doctor = rng.gen_bool(0.6);
        let rx = StoredRx {
            access_code: format!("{:04}", rng.gen_range(0..10_000)),
            status: PrescriptionStatus::Active,
            kind: PrescriptionKind::Chronic,
            issued_at,
            valid_from: issued_day,
            valid_until: issued_day + Duration::days(VALID_DAYS - 1),
            patient,
            prescriber: Prescriber {
                full_name: names::full_name(&mut rng, female_doctor),
                facility: names::FACILITIES
                    .choose(&mut rng)
                    .copied()
                    .unwrap_or("Toshkent shahar 12-oilaviy poliklinika")
                    .to_owned(),
            },
            diagnosis_icd10: names::diagnosis(&mut rng, &product.atc).to_owned(),
            items: vec![Item {
                item_id: format!("{number}-1"),
                inn: product.inn.clone(),
                form: product.form.clone(),
                strength: product.strength.clone(),
                dosage_text: names::dosage_text(&mut rng, &product.unit),
                quantity_prescribed: prescribed,
                quantity_dispensed: 0,
                unit: product.unit.clone(),
                status: ItemStatus::ToDispense,
            }],
            number,
        };
        insert(conn, &rx)?;
        crate::store::extra::insert(conn, position, &rx.number, &product.product_id)?;
    }
    Ok(count.min(MAX_EXTRA))
}

fn existing_pinfls(conn: &Connection) -> rusqlite::Result<HashSet<String>> {
    let mut stmt = conn.prepare("SELECT pinfl FROM patients UNION SELECT pinfl FROM staff")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_valid_distinct_and_recognisable() {
        let a = number(0).unwrap();
        let b = number(1).unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("EX000000000"), "{a}");
        assert_eq!(RxNumber::parse(&a).unwrap().as_str(), a);
        assert!(number(MAX_EXTRA).is_some());
    }

    #[test]
    fn adds_the_asked_number_of_dispensable_prescriptions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.sqlite");
        let mut conn = crate::db::open(&path).unwrap();
        let products = super::super::catalogue::load().unwrap();
        for p in &products {
            crate::store::products::insert(&conn, &p.product(), p.version, p.removed, 0).unwrap();
        }
        let now = crate::clock::Clock::new().now();
        let tx = conn.transaction().unwrap();
        assert_eq!(add(&tx, 7, &products, 250, now).unwrap(), 250);
        tx.commit().unwrap();
        let rows = crate::store::extra::list(&conn).unwrap();
        assert_eq!(rows.len(), 250);
        let patients: HashSet<&str> = rows.iter().map(|r| r.pinfl.as_str()).collect();
        assert_eq!(patients.len(), 3, "100 per patient");
        for r in &rows {
            assert_eq!(r.quantity_dispensed, 0);
            assert!(r.quantity_prescribed >= 3);
            let p = products
                .iter()
                .find(|p| p.product_id == r.product_id)
                .unwrap();
            assert_eq!(p.inn, r.inn);
            let rx = crate::store::prescriptions::load(&conn, &r.number)
                .unwrap()
                .unwrap();
            assert_eq!(rx.kind, PrescriptionKind::Chronic);
            assert!(crate::rules::validity::is_dispensable(
                rx.status,
                rx.valid_from,
                rx.valid_until,
                local_date(now)
            ));
        }
    }
}
