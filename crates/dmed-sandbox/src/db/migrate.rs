//! Brings a database written by an earlier sandbox up to the current schema before
//! `schema.sql` runs, so a training database kept in the app's data directory keeps its
//! prescriptions, dispenses and sessions across an upgrade.
//!
//! Version 1 (no `user_version`) kept a `revoked` flag on staff and access tokens in clear;
//! version 2 keeps `revoked_at` (the revocation stamped with the seeding time for members
//! seeded as revoked) and only the SHA-256 of each token; version 3 keeps who received each
//! dispense, when it was withdrawn, the prescription's status it left, and the reason of each
//! line that closed its item without handing it over; version 4 gives each patient its opaque
//! id of the FHIR face (`patients.fhir_id`, filled in by [`crate::db::open`] from a key of the
//! database) and adds the pharmacies' OAuth clients and their tokens (`oauth_clients`,
//! `client_tokens`, new tables that `schema.sql` creates; the clients themselves are made on
//! start, see `crate::seed::ensure_oauth_clients`); version 5 stamps each product with when its
//! catalogue version was published (`products.updated_at`, unix milliseconds, the FHIR face's
//! `meta.lastUpdated`), from the stored seeding moment exactly as seeding stamps it now.

use rusqlite::{params, Connection};

/// The schema version `schema.sql` describes.
pub const VERSION: i64 = 5;

/// Migrates an older database in one transaction; a new or current one is left alone.
pub fn run(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version >= VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    if has_column(&tx, "staff", "revoked")? {
        tx.execute_batch(
            "ALTER TABLE staff ADD COLUMN revoked_at INTEGER;
             UPDATE staff SET revoked_at =
                 COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'seeded'), 0)
             WHERE revoked <> 0;
             ALTER TABLE staff DROP COLUMN revoked;",
        )?;
    }
    if has_column(&tx, "tokens", "token")? {
        rehash_tokens(&tx)?;
    }
    if has_table(&tx, "dispenses")? && !has_column(&tx, "dispenses", "receiver")? {
        tx.execute_batch(
            "ALTER TABLE dispenses ADD COLUMN receiver TEXT;
             ALTER TABLE dispenses ADD COLUMN withdrawn_at INTEGER;
             ALTER TABLE dispenses ADD COLUMN status_after TEXT;",
        )?;
    }
    if has_table(&tx, "dispense_items")?
        && !has_column(&tx, "dispense_items", "not_dispensed_reason")?
    {
        tx.execute_batch("ALTER TABLE dispense_items ADD COLUMN not_dispensed_reason TEXT;")?;
    }
    if has_table(&tx, "patients")? && !has_column(&tx, "patients", "fhir_id")? {
        tx.execute_batch("ALTER TABLE patients ADD COLUMN fhir_id TEXT;")?;
    }
    if has_table(&tx, "products")? && !has_column(&tx, "products", "updated_at")? {
        tx.execute_batch("ALTER TABLE products ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;")?;
        stamp_products(&tx)?;
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()
}

/// Marks a database just created from `schema.sql` as current.
pub fn stamp(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "user_version", VERSION)
}

fn has_table(conn: &Connection, table: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get(0),
    )
}

fn has_column(conn: &Connection, table: &str, column: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM pragma_table_info(?1) WHERE name = ?2",
        params![table, column],
        |r| r.get(0),
    )
}

/// Stamps every product with when its version was published, as
/// [`crate::seed::catalogue::published_at`] does at seeding, from the stored seeding moment
/// (unix seconds; now for a database without one).
fn stamp_products(conn: &Connection) -> rusqlite::Result<()> {
    use crate::seed::catalogue::{millis, published_at};
    let seeded = if has_table(conn, "meta")? {
        crate::db::meta(conn, "seeded")?
    } else {
        None
    };
    let seeded_at = match seeded.and_then(|s| s.parse::<i64>().ok()) {
        Some(secs) => secs.saturating_mul(1000),
        None => millis(time::OffsetDateTime::now_utc()),
    };
    let newest: i64 =
        conn.query_row("SELECT COALESCE(MAX(version), 0) FROM products", [], |r| {
            r.get(0)
        })?;
    let versions: Vec<i64> = conn
        .prepare("SELECT DISTINCT version FROM products")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for version in versions {
        let at = published_at(seeded_at, newest.max(0) as u64, version.max(0) as u64);
        conn.execute(
            "UPDATE products SET updated_at = ?1 WHERE version = ?2",
            params![at, version],
        )?;
    }
    Ok(())
}

/// Replaces the clear-text token table by one keyed by the tokens' SHA-256, so sessions
/// issued before the upgrade stay valid.
fn rehash_tokens(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE tokens_hashed (
             token_sha256 TEXT PRIMARY KEY,
             pharmacy_id  TEXT NOT NULL,
             login        TEXT NOT NULL,
             expires_at   INTEGER NOT NULL
         );",
    )?;
    let rows: Vec<(String, String, String, i64)> = conn
        .prepare("SELECT token, pharmacy_id, login, expires_at FROM tokens")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (token, pharmacy_id, login, expires_at) in rows {
        conn.execute(
            "INSERT OR REPLACE INTO tokens_hashed (token_sha256, pharmacy_id, login, expires_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                crate::store::staff::token_digest(&token),
                pharmacy_id,
                login,
                expires_at
            ],
        )?;
    }
    conn.execute_batch("DROP TABLE tokens; ALTER TABLE tokens_hashed RENAME TO tokens;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The version 1 tables this migration starts from.
    const V1: &str = "
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE pharmacies (pharmacy_id TEXT PRIMARY KEY, name TEXT NOT NULL, address TEXT NOT NULL);
        CREATE TABLE staff (
            pharmacy_id TEXT NOT NULL, login TEXT NOT NULL, secret TEXT NOT NULL,
            pinfl TEXT NOT NULL, full_name TEXT NOT NULL, role TEXT NOT NULL,
            revoked INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (pharmacy_id, login));
        CREATE TABLE tokens (token TEXT PRIMARY KEY, pharmacy_id TEXT NOT NULL,
            login TEXT NOT NULL, expires_at INTEGER NOT NULL);
        INSERT INTO meta VALUES ('seeded', '1700000000');
        INSERT INTO pharmacies VALUES ('PH-1', 'Dorixona', 'Toshkent');
        INSERT INTO staff VALUES ('PH-1', 'a', 's', '30211975910033', 'A', 'pharmacist', 0);
        INSERT INTO staff VALUES ('PH-1', 'b', 's', '30211975910033', 'B', 'pharmacist', 1);
        INSERT INTO tokens VALUES ('clear-token', 'PH-1', 'a', 1800000000);
    ";

    #[test]
    fn a_version_1_database_keeps_revocations_and_sessions_with_hashed_tokens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.sqlite");
        Connection::open(&path).unwrap().execute_batch(V1).unwrap();

        let conn = crate::db::open(&path).unwrap();
        let revoked: Vec<(String, Option<i64>)> = conn
            .prepare("SELECT login, revoked_at FROM staff ORDER BY login")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            revoked,
            [
                ("a".to_owned(), None),
                ("b".to_owned(), Some(1_700_000_000))
            ]
        );
        let (member, _) = crate::store::staff::token_owner(&conn, "clear-token")
            .unwrap()
            .expect("the session survives the upgrade");
        assert_eq!(member.login, "a");
        let clear: i64 = conn
            .query_row(
                "SELECT count(*) FROM tokens WHERE token_sha256 = 'clear-token'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(clear, 0, "no token is kept in clear");
    }

    #[test]
    fn a_new_database_is_current_and_opening_it_again_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite");
        drop(crate::db::open(&path).unwrap());
        let conn = crate::db::open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, VERSION);
        assert!(has_column(&conn, "staff", "revoked_at").unwrap());
        assert!(!has_column(&conn, "tokens", "token").unwrap());
        assert!(has_column(&conn, "dispenses", "receiver").unwrap());
    }

    #[test]
    fn a_version_3_database_keeps_its_patients_giving_them_fhir_ids_and_gains_oauth_clients() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v3.sqlite");
        {
            // A current database taken back to version 3: no patient ids, no OAuth tables.
            let conn = crate::db::open(&path).unwrap();
            conn.execute_batch(
                "DROP INDEX patients_by_fhir_id;
                 ALTER TABLE patients DROP COLUMN fhir_id;
                 DROP TABLE client_tokens;
                 DROP TABLE oauth_clients;
                 DELETE FROM meta WHERE key = 'fhir_id_key';
                 INSERT INTO patients VALUES ('30211975910033', 'Usmonov Salim', '1994-01-27');
                 INSERT INTO pharmacies VALUES ('PH-1', 'Dorixona', 'Toshkent');
                 PRAGMA user_version = 3;",
            )
            .unwrap();
        }
        let conn = crate::db::open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, VERSION);
        let id = crate::store::fhir_ids::patient_id(&conn, "30211975910033").unwrap();
        assert_eq!(
            crate::store::fhir_ids::pinfl_of(&conn, &id)
                .unwrap()
                .as_deref(),
            Some("30211975910033"),
            "the patient kept from before has an id to be found by"
        );
        assert!(has_table(&conn, "oauth_clients").unwrap());
        assert!(has_table(&conn, "client_tokens").unwrap());
        assert_eq!(
            crate::store::clients::pharmacies_without_client(&conn).unwrap(),
            ["PH-1"],
            "its clients are made on start (seed::ensure_oauth_clients)"
        );
    }

    #[test]
    fn a_version_4_database_stamps_its_products_as_seeding_them_now_would() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v4.sqlite");
        let seeded_at = time::macros::datetime!(2026-03-01 10:00:00 UTC);
        let stamps = |conn: &Connection| -> Vec<(String, i64, i64)> {
            conn.prepare("SELECT product_id, version, updated_at FROM products ORDER BY product_id")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let seeded = {
            let mut conn = crate::db::open(&path).unwrap();
            assert!(crate::seed::ensure(&mut conn, &path, 7, seeded_at).unwrap());
            let seeded = stamps(&conn);
            // The same database as version 4 wrote it: products without instants.
            conn.execute_batch(
                "DROP INDEX products_by_update;
                 ALTER TABLE products DROP COLUMN updated_at;
                 PRAGMA user_version = 4;",
            )
            .unwrap();
            seeded
        };
        let conn = crate::db::open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, VERSION);
        let migrated = stamps(&conn);
        assert_eq!(
            migrated, seeded,
            "the instants seeding gives, kept across the upgrade"
        );
        let newest = migrated.iter().map(|s| s.1).max().unwrap();
        let at = |v: i64| migrated.iter().find(|s| s.1 == v).unwrap().2;
        assert_eq!(
            at(newest),
            1_772_359_200_000,
            "the newest at the seeding moment"
        );
        assert!(at(1) < at(newest), "older versions earlier");
    }

    #[test]
    fn a_version_2_database_gains_the_receiver_and_the_not_dispensed_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE dispenses (dispense_id TEXT PRIMARY KEY, withdraw_reason TEXT);
                 CREATE TABLE dispense_items (dispense_id TEXT NOT NULL, position INTEGER NOT NULL,
                     expiry TEXT, PRIMARY KEY (dispense_id, position));
                 INSERT INTO dispenses VALUES ('d1', NULL);
                 PRAGMA user_version = 2;",
            )
            .unwrap();
            let mut conn = conn;
            run(&mut conn).unwrap();
        }
        let conn = Connection::open(&path).unwrap();
        assert!(has_column(&conn, "dispenses", "receiver").unwrap());
        assert!(has_column(&conn, "dispenses", "withdrawn_at").unwrap());
        assert!(has_column(&conn, "dispense_items", "not_dispensed_reason").unwrap());
        let kept: i64 = conn
            .query_row("SELECT count(*) FROM dispenses", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 1);
    }
}
