//! The demo national drug list, read from `data/catalogue.json` (compiled in).

use crate::error::SandboxError;
use crate::rules::catalogue::e_rx_required;
use dmed_api::types::Product;
use serde::Deserialize;

const DATA: &str = include_str!("../../data/catalogue.json");

/// One product of the data file, with its catalogue version.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedProduct {
    pub product_id: String,
    pub trade_name: String,
    pub inn: String,
    pub atc: String,
    pub form: String,
    pub strength: String,
    pub pack_size: u32,
    pub unit: String,
    pub manufacturer: String,
    pub gtins: Vec<String>,
    pub rx_only: bool,
    pub version: u64,
    #[serde(default)]
    pub removed: bool,
}

#[derive(Deserialize)]
struct File {
    products: Vec<SeedProduct>,
}

impl SeedProduct {
    /// The wire product; `e_rx_required` follows from the ATC group.
    pub fn product(&self) -> Product {
        Product {
            product_id: self.product_id.clone(),
            trade_name: self.trade_name.clone(),
            inn: self.inn.clone(),
            atc: self.atc.clone(),
            form: self.form.clone(),
            strength: self.strength.clone(),
            pack_size: self.pack_size,
            unit: self.unit.clone(),
            manufacturer: self.manufacturer.clone(),
            gtins: self.gtins.clone(),
            rx_only: self.rx_only,
            e_rx_required: e_rx_required(&self.atc),
        }
    }
}

/// Every product of the data file.
pub fn load() -> Result<Vec<SeedProduct>, SandboxError> {
    serde_json::from_str::<File>(DATA)
        .map(|f| f.products)
        .map_err(|e| SandboxError::Corrupt(format!("catalogue.json: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_catalogue_is_large_and_its_gtins_are_valid_gtin14() {
        let products = load().unwrap();
        assert!(products.len() >= 300, "{} products", products.len());
        let inns: HashSet<&str> = products.iter().map(|p| p.inn.as_str()).collect();
        assert!(inns.len() >= 100, "{} INNs", inns.len());
        let mut seen = HashSet::new();
        for p in &products {
            assert!(!p.gtins.is_empty(), "{}", p.product_id);
            for g in &p.gtins {
                assert_eq!(g.len(), 14, "{g}");
                assert!(g.starts_with('0'), "a 13-digit GTIN stored as GTIN-14: {g}");
                let d: Vec<u32> = g.chars().filter_map(|c| c.to_digit(10)).collect();
                assert_eq!(dmed_api::ids::gtin_check_digit(&d[..13]), d[13], "{g}");
                assert!(seen.insert(g.clone()), "duplicate {g}");
            }
        }
        assert!(products.iter().any(|p| p.product().e_rx_required));
        assert!(products.iter().any(|p| !p.product().e_rx_required));
    }
}
