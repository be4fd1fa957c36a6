//! The local copy of the national drug list: sync by `since` version (each delta applied in one
//! transaction), one product by id, and the groups of products sold only on an e-prescription.
//! Searching it is [`crate::catalog_search`].

use crate::client::CentralSystem;
use crate::error::CounterError;
use crate::store::{CatalogRow, Store};
use dmed_api::types::{CatalogDelta, Product};
use time::OffsetDateTime;

/// The key INNs are compared by: trimmed, case-insensitive.
pub fn inn_key(inn: &str) -> String {
    inn.trim().to_lowercase()
}

/// The listed group of a product sold only on an e-prescription, from its ATC code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ERxGroup {
    /// Antibiotics: penicillins, cephalosporins and other beta-lactams, macrolides,
    /// tetracyclines, aminoglycosides, amphenicols (ATC J01A–D, J01F, J01G), and antibiotics
    /// for the gut, skin and eyes (A07AA, D06A, S01AA).
    Antibiotic,
    /// Other antibacterials: sulfonamides, quinolones, nitrofurans and the like (the rest of
    /// J01), antimycobacterials (J04), nitroimidazoles (P01AB).
    Antibacterial,
    /// Hormonal medicines: systemic hormones (H), sex hormones (G03), insulins (A10A),
    /// endocrine therapy (L02).
    Hormonal,
    /// Another listed group.
    Other,
}

impl ERxGroup {
    /// The wire name (`antibiotic` …).
    pub fn as_str(self) -> &'static str {
        match self {
            ERxGroup::Antibiotic => "antibiotic",
            ERxGroup::Antibacterial => "antibacterial",
            ERxGroup::Hormonal => "hormonal",
            ERxGroup::Other => "other",
        }
    }
}

/// The group of ATC code `atc` (any case, spaces ignored).
pub fn e_rx_group(atc: &str) -> ERxGroup {
    let code: String = atc
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| code.starts_with(p));
    if starts(&[
        "J01A", "J01B", "J01C", "J01D", "J01F", "J01G", "A07AA", "D06A", "S01AA",
    ]) {
        ERxGroup::Antibiotic
    } else if starts(&["J01", "J04", "P01AB"]) {
        ERxGroup::Antibacterial
    } else if starts(&["H", "G03", "A10A", "L02"]) {
        ERxGroup::Hormonal
    } else {
        ERxGroup::Other
    }
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
pub async fn sync(client: &dyn CentralSystem, store: &Store) -> Result<u64, CounterError> {
    let since = store.catalog_version()?.unwrap_or(0);
    let delta = client.catalog(since).await?;
    apply_delta(store, &delta)?;
    Ok(delta.version)
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

    #[test]
    fn listed_groups_come_from_the_atc_code() {
        for (atc, group) in [
            ("J01CA04", ERxGroup::Antibiotic),
            ("j01fa10", ERxGroup::Antibiotic),
            ("J01MA02", ERxGroup::Antibacterial),
            ("J01EE01", ERxGroup::Antibacterial),
            ("P01AB01", ERxGroup::Antibacterial),
            ("H02AB06", ERxGroup::Hormonal),
            ("G03AA07", ERxGroup::Hormonal),
            ("A10AB01", ERxGroup::Hormonal),
            ("N02BE01", ERxGroup::Other),
            ("", ERxGroup::Other),
        ] {
            assert_eq!(e_rx_group(atc), group, "{atc}");
        }
    }

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
}
