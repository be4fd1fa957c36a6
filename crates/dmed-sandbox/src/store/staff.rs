//! Pharmacies, their staff, and access tokens (kept only as their SHA-256).

use super::codec::parse_enum;
use dmed_api::types::{PharmacyInfo, StaffRole};
use rusqlite::{params, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};

/// A member of staff as stored. Its `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct StaffRow {
    pub pharmacy_id: String,
    pub login: String,
    pub secret: String,
    pub pinfl: String,
    pub full_name: String,
    pub role: StaffRole,
    /// When access was revoked (unix seconds); `None` while it is not.
    pub revoked_at: Option<i64>,
}

impl std::fmt::Debug for StaffRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffRow")
            .field("pharmacy_id", &self.pharmacy_id)
            .field("login", &self.login)
            .field("secret", &format_args!("<redacted>"))
            .field("pinfl", &self.pinfl)
            .field("full_name", &self.full_name)
            .field("role", &self.role)
            .field("revoked_at", &self.revoked_at)
            .finish()
    }
}

const STAFF_COLUMNS: &str =
    "s.pharmacy_id, s.login, s.secret, s.pinfl, s.full_name, s.role, s.revoked_at";

fn staff_row(r: &Row<'_>) -> rusqlite::Result<StaffRow> {
    Ok(StaffRow {
        pharmacy_id: r.get(0)?,
        login: r.get(1)?,
        secret: r.get(2)?,
        pinfl: r.get(3)?,
        full_name: r.get(4)?,
        role: parse_enum(5, &r.get::<_, String>(5)?)?,
        revoked_at: r.get(6)?,
    })
}

pub fn find(
    conn: &Connection,
    pharmacy_id: &str,
    login: &str,
) -> rusqlite::Result<Option<StaffRow>> {
    conn.prepare_cached(&format!(
        "SELECT {STAFF_COLUMNS} FROM staff s WHERE s.pharmacy_id = ?1 AND s.login = ?2"
    ))?
    .query_row(params![pharmacy_id, login], staff_row)
    .optional()
}

/// Every login a person (by PINFL) holds at one pharmacy.
pub fn by_pinfl(
    conn: &Connection,
    pharmacy_id: &str,
    pinfl: &str,
) -> rusqlite::Result<Vec<StaffRow>> {
    conn.prepare_cached(&format!(
        "SELECT {STAFF_COLUMNS} FROM staff s WHERE s.pharmacy_id = ?1 AND s.pinfl = ?2
         ORDER BY s.login"
    ))?
    .query_map(params![pharmacy_id, pinfl], staff_row)?
    .collect()
}

/// Stamps a member of staff revoked at `at` (unix seconds); an earlier revocation keeps its
/// time. False when there is no such member.
pub fn revoke(
    conn: &Connection,
    pharmacy_id: &str,
    login: &str,
    at: i64,
) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "UPDATE staff SET revoked_at = COALESCE(revoked_at, ?3)
         WHERE pharmacy_id = ?1 AND login = ?2",
        params![pharmacy_id, login, at],
    )?;
    Ok(n > 0)
}

pub fn pharmacy(conn: &Connection, pharmacy_id: &str) -> rusqlite::Result<Option<PharmacyInfo>> {
    conn.prepare_cached("SELECT pharmacy_id, name, address FROM pharmacies WHERE pharmacy_id = ?1")?
        .query_row([pharmacy_id], |r| {
            Ok(PharmacyInfo {
                pharmacy_id: r.get(0)?,
                name: r.get(1)?,
                address: r.get(2)?,
            })
        })
        .optional()
}

/// The lower-case hex SHA-256 of a token: the only form in which tokens are stored.
pub fn token_digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Stores a new token (as its digest).
pub fn insert_token(
    conn: &Connection,
    token: &str,
    pharmacy_id: &str,
    login: &str,
    expires_at: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO tokens (token_sha256, pharmacy_id, login, expires_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![token_digest(token), pharmacy_id, login, expires_at])?;
    Ok(())
}

/// Deletes a token by its digest (an authorization code used twice revokes the token it gave).
pub fn delete_token(conn: &Connection, token_sha256: &str) -> rusqlite::Result<bool> {
    let n = conn.execute("DELETE FROM tokens WHERE token_sha256 = ?1", [token_sha256])?;
    Ok(n > 0)
}

/// The staff member a token belongs to and the token's expiry (unix seconds).
pub fn token_owner(conn: &Connection, token: &str) -> rusqlite::Result<Option<(StaffRow, i64)>> {
    conn.prepare_cached(&format!(
        "SELECT {STAFF_COLUMNS}, t.expires_at FROM tokens t
         JOIN staff s ON s.pharmacy_id = t.pharmacy_id AND s.login = t.login
         WHERE t.token_sha256 = ?1"
    ))?
    .query_row([token_digest(token)], |r| Ok((staff_row(r)?, r.get(7)?)))
    .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_a_staff_row_hides_the_secret() {
        let row = StaffRow {
            pharmacy_id: "PH-0001".into(),
            login: "provizor1".into(),
            secret: "demo-654321".into(),
            pinfl: "30211975910033".into(),
            full_name: "Karimova Dilnoza".into(),
            role: StaffRole::Pharmacist,
            revoked_at: None,
        };
        for text in [format!("{row:?}"), format!("{row:#?}")] {
            assert!(!text.contains("demo-654321"), "{text}");
            assert!(
                text.contains("<redacted>") && text.contains("provizor1"),
                "{text}"
            );
        }
    }

    #[test]
    fn tokens_are_stored_as_their_sha256_only() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("t.sqlite")).unwrap();
        conn.execute_batch(
            "INSERT INTO pharmacies VALUES ('PH-1', 'Dorixona', 'Toshkent');
             INSERT INTO staff (pharmacy_id, login, secret, pinfl, full_name, role)
             VALUES ('PH-1', 'a', 's', '30211975910033', 'A', 'pharmacist');",
        )
        .unwrap();
        insert_token(&conn, "the-token", "PH-1", "a", 100).unwrap();
        let stored: String = conn
            .query_row("SELECT token_sha256 FROM tokens", [], |r| r.get(0))
            .unwrap();
        // SHA-256("the-token"), as `printf the-token | sha256sum` prints it.
        assert_eq!(
            stored,
            "c2a73fcf61dfbdcadc79a10ba330b2ef5eb66fc0a6735ed69b796bb3c97b97ae"
        );
        assert_eq!(stored.len(), 64);
        assert_ne!(stored, "the-token");
        assert_eq!(token_owner(&conn, "the-token").unwrap().unwrap().1, 100);
        assert!(token_owner(&conn, &stored).unwrap().is_none());
    }
}
