//! The pharmacies' OAuth clients of the FHIR face and the tokens of the client credentials
//! grant. Secrets and tokens are kept only as their SHA-256 ([`super::staff::token_digest`]), as
//! staff tokens are.

use super::staff::token_digest;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// An OAuth client as stored. Its `Debug` never shows the digest of the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientRow {
    pub client_id: String,
    pub pharmacy_id: String,
    /// Lower-case hex SHA-256 of the secret.
    pub secret_sha256: String,
}

impl std::fmt::Debug for ClientRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientRow")
            .field("client_id", &self.client_id)
            .field("pharmacy_id", &self.pharmacy_id)
            .field("secret_sha256", &format_args!("<redacted>"))
            .finish()
    }
}

fn client_row(r: &Row<'_>) -> rusqlite::Result<ClientRow> {
    Ok(ClientRow {
        client_id: r.get(0)?,
        pharmacy_id: r.get(1)?,
        secret_sha256: r.get(2)?,
    })
}

pub fn find(conn: &Connection, client_id: &str) -> rusqlite::Result<Option<ClientRow>> {
    conn.prepare_cached(
        "SELECT client_id, pharmacy_id, secret_sha256 FROM oauth_clients WHERE client_id = ?1",
    )?
    .query_row([client_id], client_row)
    .optional()
}

/// Stores a client (its secret as the digest).
pub fn insert(
    conn: &Connection,
    client_id: &str,
    pharmacy_id: &str,
    secret: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO oauth_clients (client_id, pharmacy_id, secret_sha256) VALUES (?1, ?2, ?3)",
        params![client_id, pharmacy_id, token_digest(secret)],
    )?;
    Ok(())
}

/// The pharmacies that have no client yet, by id.
pub fn pharmacies_without_client(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare(
        "SELECT pharmacy_id FROM pharmacies
         WHERE pharmacy_id NOT IN (SELECT pharmacy_id FROM oauth_clients)
         ORDER BY pharmacy_id",
    )?
    .query_map([], |r| r.get(0))?
    .collect()
}

/// Stores a client credentials token (as its digest).
pub fn insert_token(
    conn: &Connection,
    token: &str,
    client_id: &str,
    expires_at: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO client_tokens (token_sha256, client_id, expires_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![token_digest(token), client_id, expires_at])?;
    Ok(())
}

/// The client a token was issued to and the token's expiry (unix seconds).
pub fn token_owner(conn: &Connection, token: &str) -> rusqlite::Result<Option<(ClientRow, i64)>> {
    conn.prepare_cached(
        "SELECT c.client_id, c.pharmacy_id, c.secret_sha256, t.expires_at
         FROM client_tokens t JOIN oauth_clients c ON c.client_id = t.client_id
         WHERE t.token_sha256 = ?1",
    )?
    .query_row([token_digest(token)], |r| Ok((client_row(r)?, r.get(3)?)))
    .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_tokens_are_kept_as_their_sha256_only() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("t.sqlite")).unwrap();
        conn.execute_batch("INSERT INTO pharmacies VALUES ('PH-1', 'Dorixona', 'Toshkent');")
            .unwrap();
        assert_eq!(pharmacies_without_client(&conn).unwrap(), ["PH-1"]);
        insert(&conn, "dorixona-PH-1", "PH-1", "the-secret").unwrap();
        assert!(pharmacies_without_client(&conn).unwrap().is_empty());
        let row = find(&conn, "dorixona-PH-1").unwrap().unwrap();
        assert_eq!(row.secret_sha256, token_digest("the-secret"));
        assert!(!format!("{row:?}").contains(&row.secret_sha256));
        insert_token(&conn, "the-token", "dorixona-PH-1", 100).unwrap();
        let stored: String = conn
            .query_row("SELECT token_sha256 FROM client_tokens", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, token_digest("the-token"));
        let (owner, expires_at) = token_owner(&conn, "the-token").unwrap().unwrap();
        assert_eq!((owner.pharmacy_id.as_str(), expires_at), ("PH-1", 100));
        assert!(token_owner(&conn, "other").unwrap().is_none());
    }
}
