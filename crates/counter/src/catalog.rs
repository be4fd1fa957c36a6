//! The local copy of the national drug list: sync by `since` version (each delta applied in one
//! transaction) and product search for a prescribed INN.

use crate::client::Client;
use crate::error::CounterError;
use crate::store::{CatalogRow, Store};
use dmed_api::types::{CatalogDelta, Product};
use time::OffsetDateTime;

/// The key INNs are compared by: trimmed, case-insensitive.
pub fn inn_key(inn: &str) -> String {
    inn.trim().to_lowercase()
}

/// Applies one delta to the local catalogue (upserts, removals, new version) atomically.
pub fn apply_delta(store: &Store, delta: &CatalogDelta) -> Result<(), CounterError> {
    let rows = delta
        .products
        .iter()
        .map(|p| {
            Ok(CatalogRow {
                product_id: p.product_id.clone(),
                inn_key: inn_key(&p.inn),
                trade_name: p.trade_name.clone(),
                json: serde_json::to_string(p)?,
            })
        })
        .collect::<Result<Vec<_>, CounterError>>()?;
    store.apply_catalog(delta.version, &rows, &delta.removed, &now())
}

/// Fetches the changes since the local version and applies them; returns the new version.
pub async fn sync(client: &Client, store: &Store) -> Result<u64, CounterError> {
    let since = store.catalog_version()?.unwrap_or(0);
    let delta = client.catalog(since).await?;
    apply_delta(store, &delta)?;
    Ok(delta.version)
}

/// Products whose INN equals `inn` (case-insensitive), whose trade name contains `query`
/// (case-insensitive; empty matches all), sorted by trade name.
pub fn search(store: &Store, inn: &str, query: &str) -> Result<Vec<Product>, CounterError> {
    let query = query.trim().to_lowercase();
    let mut products = store
        .products_by_inn(&inn_key(inn))?
        .iter()
        .map(|json| serde_json::from_str::<Product>(json))
        .collect::<Result<Vec<_>, _>>()?;
    products.retain(|p| query.is_empty() || p.trade_name.to_lowercase().contains(&query));
    products.sort_by(|a, b| {
        a.trade_name
            .to_lowercase()
            .cmp(&b.trade_name.to_lowercase())
            .then_with(|| a.product_id.cmp(&b.product_id))
    });
    Ok(products)
}

/// One product of the local catalogue.
pub fn product(store: &Store, product_id: &str) -> Result<Option<Product>, CounterError> {
    Ok(match store.product(product_id)? {
        Some(json) => Some(serde_json::from_str(&json)?),
        None => None,
    })
}

fn now() -> String {
    crate::store::timestamp(OffsetDateTime::now_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn product_fixture(id: &str, trade: &str, inn: &str) -> Product {
        Product {
            product_id: id.into(),
            trade_name: trade.into(),
            inn: inn.into(),
            atc: "J01CA04".into(),
            form: "capsule".into(),
            strength: "500 mg".into(),
            pack_size: 20,
            unit: "capsule".into(),
            manufacturer: "Test Pharma".into(),
            gtins: vec!["04780000000017".into()],
            rx_only: true,
            e_rx_required: true,
        }
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        (dir, store)
    }

    #[test]
    fn a_delta_upserts_removes_and_stores_the_version() {
        let (_dir, store) = store();
        apply_delta(
            &store,
            &CatalogDelta {
                version: 5,
                products: vec![
                    product_fixture("p1", "Amoksil", "Amoxicillin"),
                    product_fixture("p2", "Flemoxin", "Amoxicillin"),
                    product_fixture("p3", "Paracetamol-DF", "Paracetamol"),
                ],
                removed: vec![],
            },
        )
        .unwrap();
        assert_eq!(store.catalog_version().unwrap(), Some(5));
        assert_eq!(store.product_count().unwrap(), 3);

        apply_delta(
            &store,
            &CatalogDelta {
                version: 7,
                products: vec![product_fixture("p2", "Flemoxin Solutab", "Amoxicillin")],
                removed: vec!["p1".into(), "unknown".into()],
            },
        )
        .unwrap();
        assert_eq!(store.catalog_version().unwrap(), Some(7));
        assert_eq!(store.product_count().unwrap(), 2);
        assert!(product(&store, "p1").unwrap().is_none());
        assert_eq!(
            product(&store, "p2").unwrap().unwrap().trade_name,
            "Flemoxin Solutab"
        );
    }

    #[test]
    fn search_matches_inn_case_insensitively_filters_and_sorts_by_trade_name() {
        let (_dir, store) = store();
        apply_delta(
            &store,
            &CatalogDelta {
                version: 1,
                products: vec![
                    product_fixture("p1", "Ospamox", "Amoxicillin"),
                    product_fixture("p2", "amoksil", "AMOXICILLIN"),
                    product_fixture("p3", "Flemoxin", "amoxicillin"),
                    product_fixture("p4", "Amoxiclav", "Amoxicillin + Clavulanic acid"),
                ],
                removed: vec![],
            },
        )
        .unwrap();
        let names = |v: Vec<Product>| v.into_iter().map(|p| p.trade_name).collect::<Vec<_>>();
        assert_eq!(
            names(search(&store, " Amoxicillin ", "").unwrap()),
            ["amoksil", "Flemoxin", "Ospamox"]
        );
        assert_eq!(
            names(search(&store, "amoxicillin", "MOX").unwrap()),
            ["Flemoxin", "Ospamox"]
        );
        assert!(search(&store, "Ibuprofen", "").unwrap().is_empty());
    }
}
