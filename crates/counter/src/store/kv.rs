//! The `settings` table: the counter's own key/value pairs (the last signed-in user, the cache
//! policy, and random secrets of this database).

use super::Store;
use crate::error::CounterError;
use rusqlite::{params, OptionalExtension};

/// Where an earlier version kept the salt of the keyed patient hash.
pub const LEGACY_PATIENT_SALT: &str = "secret.patient_key";

impl Store {
    /// Uses `salt` (kept outside the database) for the keyed patient hash.
    pub fn set_patient_salt(&self, salt: crate::secrets::Sensitive<String>) {
        let _ = self.patient_salt.set(salt);
    }

    /// The salt of the keyed patient hash: the one kept outside the database, or (for tools and
    /// tests that open a store alone) a secret of this database.
    pub fn patient_salt(&self) -> Result<String, CounterError> {
        match self.patient_salt.get() {
            Some(s) => Ok(s.expose().clone()),
            None => self.local_secret("patient_key"),
        }
    }

    /// One setting's value.
    /// A random secret of this database, created on first use (e.g. the key of patient hashes).
    pub fn local_secret(&self, name: &str) -> Result<String, CounterError> {
        let key = format!("secret.{name}");
        if let Some(v) = self.setting(&key)? {
            return Ok(v);
        }
        let fresh: String = (0..32)
            .map(|_| format!("{:x}", rand::random::<u8>() & 0x0f))
            .collect();
        let conn = self.conn()?;
        conn.execute(
            "INSERT OR IGNORE INTO settings(key, value) VALUES (?1, ?2)",
            params![key, fresh],
        )?;
        let v: String =
            conn.query_row("SELECT value FROM settings WHERE key = ?1", [&key], |r| {
                r.get(0)
            })?;
        Ok(v)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>, CounterError> {
        Ok(self
            .conn()?
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets (`Some`) or removes (`None`) several settings in one transaction.
    pub fn set_settings(&self, pairs: &[(&str, Option<&str>)]) -> Result<(), CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        for (key, value) in pairs {
            match value {
                Some(v) => tx.execute(
                    "INSERT INTO settings(key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![key, v],
                )?,
                None => tx.execute("DELETE FROM settings WHERE key = ?1", [key])?,
            };
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    #[test]
    fn settings_are_set_replaced_and_removed() {
        let (_dir, store) = temp_store();
        store
            .set_settings(&[("endpoint", Some("http://a"))])
            .unwrap();
        store
            .set_settings(&[("endpoint", Some("http://b"))])
            .unwrap();
        assert_eq!(
            store.setting("endpoint").unwrap().as_deref(),
            Some("http://b")
        );
        store.set_settings(&[("endpoint", None)]).unwrap();
        assert_eq!(store.setting("endpoint").unwrap(), None);
    }
}
