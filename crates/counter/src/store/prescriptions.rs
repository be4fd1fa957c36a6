//! The `prescriptions` table: copies of prescriptions as the central system last answered.

use super::Store;
use crate::error::CounterError;
use rusqlite::{params, OptionalExtension};

impl Store {
    /// Caches a prescription's JSON.
    pub fn put_prescription(
        &self,
        number: &str,
        pinfl: &str,
        json: &str,
        fetched_at: &str,
    ) -> Result<(), CounterError> {
        self.conn()?.execute(
            "INSERT INTO prescriptions(number, pinfl, json, fetched_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(number) DO UPDATE SET pinfl = excluded.pinfl, json = excluded.json,
                 fetched_at = excluded.fetched_at",
            params![number, pinfl, json, fetched_at],
        )?;
        Ok(())
    }

    /// A cached prescription's JSON and when it was fetched.
    pub fn prescription(&self, number: &str) -> Result<Option<(String, String)>, CounterError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT json, fetched_at FROM prescriptions WHERE number = ?1",
                [number],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    #[test]
    fn prescriptions_are_cached_and_replaced() {
        let (_dir, store) = temp_store();
        store
            .put_prescription("N1", "30211975910033", "{\"v\":1}", "2026-11-21T10:00:00Z")
            .unwrap();
        store
            .put_prescription("N1", "30211975910033", "{\"v\":2}", "2026-11-21T11:00:00Z")
            .unwrap();
        let (json, at) = store.prescription("N1").unwrap().unwrap();
        assert_eq!(json, "{\"v\":2}");
        assert_eq!(at, "2026-11-21T11:00:00Z");
        assert!(store.prescription("N2").unwrap().is_none());
    }
}
