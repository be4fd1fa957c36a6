//! The catalogue tables: the local copy of the national drug list and its version.

use super::Store;
use crate::error::{CounterError, StorageProblem};
use rusqlite::{params, OptionalExtension};

/// A catalogue product as stored: the search key columns and the full JSON.
#[derive(Debug, Clone)]
pub struct CatalogRow {
    pub product_id: String,
    pub inn_key: String,
    pub trade_name: String,
    pub json: String,
}

impl Store {
    /// The version of the local catalogue, `None` if it was never synced.
    pub fn catalog_version(&self) -> Result<Option<u64>, CounterError> {
        let v: Option<i64> = self
            .conn()?
            .query_row("SELECT version FROM catalog_meta WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.map(|v| v.max(0) as u64))
    }

    /// Applies a catalogue delta in one transaction: upserts, removals and the new version.
    pub fn apply_catalog(
        &self,
        version: u64,
        upserts: &[CatalogRow],
        removed: &[String],
        synced_at: &str,
    ) -> Result<(), CounterError> {
        let version = i64::try_from(version).map_err(|_| {
            CounterError::storage(StorageProblem::Other, "catalogue version out of range")
        })?;
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        {
            let mut upsert = tx.prepare(
                "INSERT INTO catalog_products(product_id, inn_key, trade_name, json)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(product_id) DO UPDATE SET inn_key = excluded.inn_key,
                     trade_name = excluded.trade_name, json = excluded.json",
            )?;
            for row in upserts {
                upsert.execute(params![
                    row.product_id,
                    row.inn_key,
                    row.trade_name,
                    row.json
                ])?;
            }
            let mut delete = tx.prepare("DELETE FROM catalog_products WHERE product_id = ?1")?;
            for id in removed {
                delete.execute([id])?;
            }
        }
        tx.execute(
            "INSERT INTO catalog_meta(id, version, synced_at) VALUES (1, ?1, ?2)
             ON CONFLICT(id) DO UPDATE SET version = excluded.version, synced_at = excluded.synced_at",
            params![version, synced_at],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// JSON of every product, by product id.
    pub fn all_products(&self) -> Result<Vec<String>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare("SELECT json FROM catalog_products ORDER BY product_id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<String>, _>>()?)
    }

    /// JSON of one product.
    pub fn product(&self, product_id: &str) -> Result<Option<String>, CounterError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT json FROM catalog_products WHERE product_id = ?1",
                [product_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Number of products in the local catalogue.
    pub fn product_count(&self) -> Result<u64, CounterError> {
        let n: i64 = self
            .conn()?
            .query_row("SELECT COUNT(*) FROM catalog_products", [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }
}
