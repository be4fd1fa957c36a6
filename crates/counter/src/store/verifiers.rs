//! The `staff_verifiers` table: one Argon2id verifier of a member of staff's secret, with the
//! session they had, per pharmacy and login.

use super::Store;
use crate::error::CounterError;
use rusqlite::{params, OptionalExtension};

/// A stored verifier: the PHC string and the session (JSON) it unlocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierRow {
    pub verifier: String,
    pub session_json: String,
    pub made_at: String,
}

impl Store {
    /// Keeps (replaces) the verifier of `pharmacy_id`/`login`.
    pub fn put_verifier(
        &self,
        pharmacy_id: &str,
        login: &str,
        row: &VerifierRow,
    ) -> Result<(), CounterError> {
        self.conn()?.execute(
            "INSERT INTO staff_verifiers(pharmacy_id, login, verifier, session_json, made_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(pharmacy_id, login) DO UPDATE SET verifier = excluded.verifier,
                 session_json = excluded.session_json, made_at = excluded.made_at",
            params![
                pharmacy_id,
                login,
                row.verifier,
                row.session_json,
                row.made_at
            ],
        )?;
        Ok(())
    }

    /// The verifier of `pharmacy_id`/`login`, if one was made.
    pub fn verifier(
        &self,
        pharmacy_id: &str,
        login: &str,
    ) -> Result<Option<VerifierRow>, CounterError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT verifier, session_json, made_at FROM staff_verifiers
                 WHERE pharmacy_id = ?1 AND login = ?2",
                params![pharmacy_id, login],
                |r| {
                    Ok(VerifierRow {
                        verifier: r.get(0)?,
                        session_json: r.get(1)?,
                        made_at: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Forgets the verifier of `pharmacy_id`/`login` (revoked); true when there was one.
    pub fn delete_verifier(&self, pharmacy_id: &str, login: &str) -> Result<bool, CounterError> {
        Ok(self.conn()?.execute(
            "DELETE FROM staff_verifiers WHERE pharmacy_id = ?1 AND login = ?2",
            params![pharmacy_id, login],
        )? > 0)
    }

    /// Forgets every verifier (the central endpoint changed: they were another system's).
    pub fn clear_verifiers(&self) -> Result<usize, CounterError> {
        Ok(self.conn()?.execute("DELETE FROM staff_verifiers", [])?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(v: &str) -> VerifierRow {
        VerifierRow {
            verifier: v.into(),
            session_json: "{}".into(),
            made_at: "2026-12-01T10:00:00.000000Z".into(),
        }
    }

    #[test]
    fn verifiers_are_kept_replaced_and_forgotten_per_login() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        store.put_verifier("PH", "a", &row("v1")).unwrap();
        store.put_verifier("PH", "b", &row("v2")).unwrap();
        store.put_verifier("PH", "a", &row("v3")).unwrap();
        assert_eq!(store.verifier("PH", "a").unwrap().unwrap().verifier, "v3");
        assert!(store.delete_verifier("PH", "a").unwrap());
        assert!(store.verifier("PH", "a").unwrap().is_none());
        assert_eq!(store.clear_verifiers().unwrap(), 1);
        assert!(store.verifier("PH", "b").unwrap().is_none());
    }
}
