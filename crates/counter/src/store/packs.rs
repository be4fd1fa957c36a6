//! Catalogue look-ups for scanned packs: products by GTIN.

use super::Store;
use crate::error::CounterError;

impl Store {
    /// JSON of the catalogue products whose `gtins` include `gtin`, by product id.
    pub fn products_by_gtin(&self, gtin: &str) -> Result<Vec<String>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT json FROM catalog_products
             WHERE EXISTS (SELECT 1 FROM json_each(catalog_products.json, '$.gtins') g
                           WHERE g.value = ?1)
             ORDER BY product_id",
        )?;
        let rows = stmt.query_map([gtin], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<String>, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::apply_delta;
    use crate::store::Store;
    use dmed_api::types::{CatalogDelta, Product};

    fn product(id: &str, gtins: &[&str]) -> Product {
        Product {
            product_id: id.into(),
            trade_name: id.into(),
            inn: "Amoxicillin".into(),
            atc: "J01CA04".into(),
            form: "capsule".into(),
            strength: "500 mg".into(),
            pack_size: 20,
            unit: "capsule".into(),
            manufacturer: "M".into(),
            gtins: gtins.iter().map(|g| g.to_string()).collect(),
            rx_only: true,
            e_rx_required: true,
        }
    }

    #[test]
    fn products_are_found_by_any_of_their_gtins_and_only_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        apply_delta(
            &store,
            &CatalogDelta {
                version: 1,
                products: vec![
                    product("p1", &["04601234567893", "04780000000017"]),
                    product("p2", &["04780000000017"]),
                    product("p3", &["14601234567890"]),
                ],
                removed: vec![],
            },
        )
        .unwrap();
        let ids = |g: &str| {
            store
                .products_by_gtin(g)
                .unwrap()
                .iter()
                .map(|j| serde_json::from_str::<Product>(j).unwrap().product_id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("04601234567893"), ["p1"]);
        assert_eq!(ids("04780000000017"), ["p1", "p2"]);
        assert!(ids("0460123456789").is_empty());
        assert!(ids("").is_empty());
    }
}
