//! The demo national drug list, read from `data/catalogue.json` (compiled in), and when each of
//! its versions was published: the newest at the seeding moment, each earlier one a day before
//! the next ([`published_at`]), so the FHIR face's `meta.lastUpdated` is stable for a database,
//! strictly increasing with the version and never after the seeding.

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

/// How long before the next catalogue version each version was published.
pub const VERSION_SPACING_MS: i64 = 86_400_000;

/// When catalogue version `version` was published (unix milliseconds), for a database seeded
/// at `seeded_at_ms` whose newest version is `newest`.
pub fn published_at(seeded_at_ms: i64, newest: u64, version: u64) -> i64 {
    let behind = i64::try_from(newest.saturating_sub(version)).unwrap_or(i64::MAX);
    seeded_at_ms.saturating_sub(behind.saturating_mul(VERSION_SPACING_MS))
}

/// The seeding moment in unix milliseconds.
pub fn millis(at: time::OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
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

    #[test]
    fn versions_are_published_a_day_apart_the_newest_at_the_seeding() {
        let seeded = 1_772_000_000_000;
        assert_eq!(
            published_at(seeded, 3, 3),
            seeded,
            "never after the seeding"
        );
        assert_eq!(published_at(seeded, 3, 2), seeded - VERSION_SPACING_MS);
        assert_eq!(published_at(seeded, 3, 1), seeded - 2 * VERSION_SPACING_MS);
        let stamps: Vec<i64> = (0..=3).map(|v| published_at(seeded, 3, v)).collect();
        assert!(stamps.windows(2).all(|w| w[0] < w[1]), "{stamps:?}");
        assert_eq!(published_at(-seeded, u64::MAX, 0), i64::MIN, "no overflow");
        assert_eq!(
            millis(time::macros::datetime!(2026-03-01 10:00:00.25 UTC)),
            1_772_359_200_250
        );
    }
}
