//! Deterministic demo data (per seed; dates relative to the seeding moment): catalogue,
//! pharmacies and staff, patients with valid PINFLs, prescriptions in every state with some
//! dispense history, and the demo information listing what to try; on request, extra
//! dispensable prescriptions for load tests.

pub(crate) mod catalogue;
mod clients;
mod demo;
pub mod extra;
mod names;
mod people;
mod prescriptions;

use crate::error::SandboxError;
use rand::rngs::StdRng;
use rand::SeedableRng;
use rusqlite::Connection;
use std::path::Path;
use time::OffsetDateTime;

/// Number of patients seeded.
pub const PATIENTS: usize = 300;
/// Number of prescriptions seeded.
pub const PRESCRIPTIONS: usize = 1_200;

const SEEDED_KEY: &str = "seeded";

/// Seeds the database when it has not been seeded yet; returns true when it seeded now.
pub fn ensure(
    conn: &mut Connection,
    db_path: &Path,
    seed: u64,
    now: OffsetDateTime,
) -> Result<bool, SandboxError> {
    let err = SandboxError::db(db_path);
    if crate::db::meta(conn, SEEDED_KEY)
        .map_err(SandboxError::db(db_path))?
        .is_some()
    {
        return Ok(false);
    }
    let tx = conn.transaction().map_err(SandboxError::db(db_path))?;
    let mut rng = StdRng::seed_from_u64(seed);
    let products = catalogue::load()?;
    let newest = products.iter().map(|p| p.version).max().unwrap_or(0);
    let seeded_at = catalogue::millis(now);
    for p in &products {
        let updated_at = catalogue::published_at(seeded_at, newest, p.version);
        crate::store::products::insert(&tx, &p.product(), p.version, p.removed, updated_at)
            .map_err(SandboxError::db(db_path))?;
    }
    let staff =
        people::pharmacies_and_staff(&tx, &mut rng, now).map_err(SandboxError::db(db_path))?;
    let patients = people::patients(&tx, &mut rng, PATIENTS).map_err(SandboxError::db(db_path))?;
    let seeded = prescriptions::generate(&tx, &mut rng, &products, &patients, now, PRESCRIPTIONS)
        .map_err(SandboxError::db(db_path))?;
    let info = demo::assemble(&mut rng, &staff, &seeded, &products);
    let json = serde_json::to_string(&info).map_err(|e| SandboxError::Corrupt(e.to_string()))?;
    crate::db::set_meta(&tx, crate::demo::META_KEY, &json).map_err(SandboxError::db(db_path))?;
    crate::db::set_meta(&tx, "seed", &seed.to_string()).map_err(SandboxError::db(db_path))?;
    crate::db::set_meta(&tx, SEEDED_KEY, &now.unix_timestamp().to_string())
        .map_err(SandboxError::db(db_path))?;
    tx.commit().map_err(err)?;
    Ok(true)
}

/// Adds an administrator to each demo pharmacy that has none (a new database, or one seeded
/// before the role existed) and lists them in the stored demo information; returns how many
/// it added.
pub fn ensure_administrators(conn: &mut Connection, db_path: &Path) -> Result<usize, SandboxError> {
    let err = SandboxError::db(db_path);
    let Some(seed) = crate::db::meta(conn, "seed").map_err(SandboxError::db(db_path))? else {
        return Ok(0);
    };
    let seed: u64 = seed
        .parse()
        .map_err(|_| SandboxError::Corrupt(format!("the stored seed {seed:?} is not a number")))?;
    let tx = conn.transaction().map_err(SandboxError::db(db_path))?;
    let added = people::administrators(&tx, seed).map_err(SandboxError::db(db_path))?;
    if !added.is_empty() {
        let mut info = crate::demo::read(&tx, db_path)?;
        info.staff.extend(added.iter().map(demo::login_of));
        let json =
            serde_json::to_string(&info).map_err(|e| SandboxError::Corrupt(e.to_string()))?;
        crate::db::set_meta(&tx, crate::demo::META_KEY, &json)
            .map_err(SandboxError::db(db_path))?;
    }
    tx.commit().map_err(err)?;
    Ok(added.len())
}

/// Makes the OAuth client of each pharmacy that has none (a new database, or one kept from before
/// the FHIR face; see [`clients`]) and lists its credentials in the stored demo information;
/// returns how many it made.
pub fn ensure_oauth_clients(conn: &mut Connection, db_path: &Path) -> Result<usize, SandboxError> {
    let Some(seed) = crate::db::meta(conn, "seed").map_err(SandboxError::db(db_path))? else {
        return Ok(0);
    };
    let seed: u64 = seed
        .parse()
        .map_err(|_| SandboxError::Corrupt(format!("the stored seed {seed:?} is not a number")))?;
    let tx = conn.transaction().map_err(SandboxError::db(db_path))?;
    let mut info = match crate::demo::read(&tx, db_path) {
        Ok(info) => Some(info),
        Err(SandboxError::NotSeeded(_)) => None,
        Err(other) => return Err(other),
    };
    let made = clients::ensure(&tx, seed, info.as_mut()).map_err(SandboxError::db(db_path))?;
    if let (true, Some(info)) = (made > 0, info) {
        let json =
            serde_json::to_string(&info).map_err(|e| SandboxError::Corrupt(e.to_string()))?;
        crate::db::set_meta(&tx, crate::demo::META_KEY, &json)
            .map_err(SandboxError::db(db_path))?;
    }
    tx.commit().map_err(SandboxError::db(db_path))?;
    Ok(made)
}

/// Adds `count` extra prescriptions (see [`extra`]) in one transaction when the database holds
/// none yet; returns how many it added. A database that already holds extras keeps them as they
/// are (a different `count` is logged and ignored).
pub fn ensure_extra(
    conn: &mut Connection,
    db_path: &Path,
    seed: u64,
    count: u32,
    now: OffsetDateTime,
) -> Result<u32, SandboxError> {
    let have = crate::store::extra::count(conn).map_err(SandboxError::db(db_path))?;
    if have > 0 || count == 0 {
        if have != count && count > 0 {
            tracing::warn!(
                have,
                asked = count,
                "the database already holds extra prescriptions; keeping them"
            );
        }
        return Ok(0);
    }
    let products = catalogue::load()?;
    let tx = conn.transaction().map_err(SandboxError::db(db_path))?;
    let added = extra::add(&tx, seed, &products, count, now).map_err(|e| match e {
        extra::ExtraError::Database(source) => SandboxError::db(db_path)(source),
        other => SandboxError::Corrupt(other.to_string()),
    })?;
    tx.commit().map_err(SandboxError::db(db_path))?;
    Ok(added)
}
