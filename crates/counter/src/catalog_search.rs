//! Searching the local catalogue as people type it: by trade name, INN, manufacturer or
//! strength, in Latin or Cyrillic script, or by a GTIN or a scanned pack code. Every product's
//! words are folded once into one spelling (lower case, Cyrillic transliterated, the Latin
//! spellings of the same sounds made equal: `x`/`кс`, `c`/`ц`/`к`, `ph`/`ф`, doubled letters
//! single), so `амоксицил` finds Amoxicillin and `flemoks` finds Flemoxin. The index is kept
//! in memory and rebuilt when the catalogue's version changes; a search is a scan of short
//! folded strings (10,000 products in a few milliseconds: `tests/bench/catalog-search.sh`).
//!
//! Each hit says how the product may be sold ([`SaleRule`]): freely, on a prescription, or only
//! on an e-prescription, naming its group and ATC code.

use std::sync::{Arc, RwLock};

use dmed_api::types::Product;
use dmed_api::PackCode;
use serde::Serialize;

use crate::catalog::{e_rx_group, ERxGroup};
use crate::error::CounterError;
use crate::store::Store;

/// How a product may be sold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SaleKind {
    /// Over the counter.
    Free,
    /// On a prescription (paper or electronic).
    Prescription,
    /// Only on an e-prescription.
    EPrescription,
}

/// How a product may be sold, with the group and ATC code that make it so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SaleRule {
    pub kind: SaleKind,
    /// For an e-prescription-only product: antibiotic, antibacterial, hormonal or other.
    pub group: Option<ERxGroup>,
    pub atc: String,
}

/// The sale rule of `p`.
pub fn sale_rule(p: &Product) -> SaleRule {
    let kind = if p.e_rx_required {
        SaleKind::EPrescription
    } else if p.rx_only {
        SaleKind::Prescription
    } else {
        SaleKind::Free
    };
    SaleRule {
        kind,
        group: p.e_rx_required.then(|| e_rx_group(&p.atc)),
        atc: p.atc.clone(),
    }
}

/// One product found, with how it may be sold.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProductHit {
    pub product: Product,
    pub sale: SaleRule,
}

/// `text` in the one spelling searches compare: lower case, Cyrillic (Uzbek and Russian)
/// transliterated, `x` as `ks`, `c` as `ts` before e, i, y and as `k` elsewhere, `ph` as `f`,
/// `kh` and `x`-as-`х` as `h`, `y` as `i`, `w` as `v`, doubled letters single, apostrophes and
/// punctuation dropped; words separated by single spaces.
pub fn fold(text: &str) -> String {
    let mut latin = String::with_capacity(text.len() + 8);
    for ch in text.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match ch {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' | 'ғ' => "g",
            'д' => "d",
            'е' | 'э' => "e",
            'ё' => "yo",
            'ж' => "zh",
            'з' => "z",
            'и' | 'ы' => "i",
            'й' => "y",
            'к' | 'қ' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' | 'ў' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' | 'ҳ' => "h",
            'ц' => "ts",
            'ч' => "ch",
            'ш' | 'щ' => "sh",
            'ъ' | 'ь' | 'ʻ' | 'ʼ' | '\'' | '`' | '’' | '‘' => "",
            'ю' => "u",
            'я' => "ya",
            c if c.is_ascii_alphanumeric() => {
                latin.push(c);
                continue;
            }
            c if c.is_alphanumeric() => {
                latin.push(c);
                continue;
            }
            _ => " ",
        };
        latin.push_str(mapped);
    }
    // The Latin spellings of the same sounds.
    let chars: Vec<char> = latin.chars().collect();
    let mut out = String::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let piece: &str = match (c, next) {
            ('p', Some('h')) => {
                i += 1;
                "f"
            }
            ('k', Some('h')) => {
                i += 1;
                "h"
            }
            ('t', Some('h')) => {
                i += 1;
                "t"
            }
            ('x', _) => "ks",
            ('c', Some('e' | 'i' | 'y')) => "ts",
            ('c', Some('h')) => {
                i += 1;
                "ch"
            }
            ('c', _) => "k",
            ('q', Some('u')) => {
                i += 1;
                "kv"
            }
            ('y', _) => "i",
            ('w', _) => "v",
            _ => {
                out.push(c);
                i += 1;
                continue;
            }
        };
        out.push_str(piece);
        i += 1;
    }
    // Doubled letters single, one space between words.
    let mut folded = String::with_capacity(out.len());
    let mut last: Option<char> = None;
    for c in out.chars() {
        if c == ' ' {
            if last.is_some_and(|l| l != ' ') {
                folded.push(' ');
            }
            last = Some(' ');
            continue;
        }
        if last == Some(c) && c.is_alphabetic() {
            continue;
        }
        folded.push(c);
        last = Some(c);
    }
    folded.trim_end().to_owned()
}

struct Entry {
    product: Product,
    /// Folded trade name.
    trade: String,
    /// Folded trade name, INN, manufacturer, form and strength, one space apart.
    words: String,
}

/// The in-memory index of one catalogue version.
struct Index {
    version: Option<u64>,
    entries: Vec<Entry>,
}

/// The search index, shared by the counter's threads.
#[derive(Default)]
pub struct ProductIndex {
    index: RwLock<Option<Arc<Index>>>,
}

/// The GTIN a query names, if it is one: 8 to 14 digits, or a GS1 pack code.
fn gtin_of(query: &str) -> Option<String> {
    let q = query.trim();
    if (8..=14).contains(&q.len()) && q.chars().all(|c| c.is_ascii_digit()) {
        return Some(format!("{q:0>14}"));
    }
    PackCode::parse(q).ok().map(|p| p.gtin)
}

impl ProductIndex {
    /// The index for the store's current catalogue, built when it is missing or stale.
    fn current(&self, store: &Store) -> Result<Arc<Index>, CounterError> {
        let version = store.catalog_version()?;
        if let Some(index) = self.index.read().ok().and_then(|i| i.clone()) {
            if index.version == version {
                return Ok(index);
            }
        }
        let entries = store
            .all_products()?
            .iter()
            .map(|json| {
                let product: Product = serde_json::from_str(json)?;
                let trade = fold(&product.trade_name);
                let words = fold(&format!(
                    "{} {} {} {} {}",
                    product.trade_name,
                    product.inn,
                    product.manufacturer,
                    product.form,
                    product.strength
                ));
                Ok(Entry {
                    product,
                    trade,
                    words,
                })
            })
            .collect::<Result<Vec<_>, CounterError>>()?;
        let index = Arc::new(Index { version, entries });
        if let Ok(mut slot) = self.index.write() {
            *slot = Some(index.clone());
        }
        Ok(index)
    }

    /// At most `limit` products matching `query` (every word of it starts a word of the
    /// product, or, from three letters, appears inside one), best first: a trade name that
    /// starts with the query, then one whose word does, then the rest, each by trade name. A
    /// GTIN or a scanned pack code finds its product exactly. `within`: only these products
    /// (the picker of one item), or all.
    pub fn search(
        &self,
        store: &Store,
        query: &str,
        within: Option<&dyn Fn(&Product) -> bool>,
        limit: usize,
    ) -> Result<Vec<ProductHit>, CounterError> {
        let index = self.current(store)?;
        let keep = |p: &Product| within.is_none_or(|f| f(p));
        if let Some(gtin) = gtin_of(query) {
            return Ok(index
                .entries
                .iter()
                .filter(|e| keep(&e.product) && e.product.gtins.iter().any(|g| g == &gtin))
                .take(limit)
                .map(|e| hit(&e.product))
                .collect());
        }
        let folded = fold(query);
        let tokens: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
        let mut scored: Vec<(u8, &Entry)> = index
            .entries
            .iter()
            .filter(|e| keep(&e.product))
            .filter_map(|e| score(e, &folded, &tokens).map(|s| (s, e)))
            .collect();
        scored.sort_by(|(sa, a), (sb, b)| {
            sa.cmp(sb)
                .then_with(|| a.trade.cmp(&b.trade))
                .then_with(|| a.product.product_id.cmp(&b.product.product_id))
        });
        Ok(scored
            .into_iter()
            .take(limit)
            .map(|(_, e)| hit(&e.product))
            .collect())
    }
}

/// The most products a search answers with.
pub const MAX_HITS: usize = 200;

impl crate::Counter {
    /// Products of the local catalogue matching `query` (a name in Latin or Cyrillic, a GTIN or
    /// a scanned pack code), with how each may be sold; at most `limit` (up to [`MAX_HITS`]).
    /// Anyone who may read prescriptions; the catalogue is fetched first when this counter has
    /// none yet.
    pub async fn find_products(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<ProductHit>, CounterError> {
        self.require(crate::access::Permission::Read, "search the catalogue")?;
        if self.inner.store.catalog_version()?.is_none() {
            self.sync_catalog().await?;
        }
        self.inner
            .products
            .search(&self.inner.store, query, None, limit.min(MAX_HITS))
    }

    /// [`crate::Counter::find_products`] among the products of one INN (the dispense step's
    /// picker).
    pub(crate) fn search_within_inn(
        &self,
        inn: &str,
        query: &str,
    ) -> Result<Vec<Product>, CounterError> {
        let key = crate::catalog::inn_key(inn);
        let same_inn = |p: &Product| crate::catalog::inn_key(&p.inn) == key;
        Ok(self
            .inner
            .products
            .search(&self.inner.store, query, Some(&same_inn), usize::MAX)?
            .into_iter()
            .map(|h| h.product)
            .collect())
    }
}

fn hit(p: &Product) -> ProductHit {
    ProductHit {
        product: p.clone(),
        sale: sale_rule(p),
    }
}

/// 0 (best) to 2 when every token matches, `None` otherwise.
fn score(e: &Entry, folded: &str, tokens: &[&str]) -> Option<u8> {
    if tokens.is_empty() {
        return Some(2);
    }
    let words: Vec<&str> = e.words.split(' ').collect();
    for t in tokens {
        let starts = words.iter().any(|w| w.starts_with(t));
        let inside = t.len() >= 3 && e.words.contains(t);
        if !starts && !inside {
            return None;
        }
    }
    Some(if e.trade.starts_with(folded) {
        0
    } else if tokens
        .iter()
        .all(|t| e.trade.split(' ').any(|w| w.starts_with(t)))
    {
        1
    } else {
        2
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::types::CatalogDelta;

    fn product(id: &str, trade: &str, inn: &str, gtin: &str, e_rx: bool) -> Product {
        Product {
            product_id: id.into(),
            trade_name: trade.into(),
            inn: inn.into(),
            atc: if e_rx { "J01CA04" } else { "N02BE01" }.into(),
            form: "capsule".into(),
            strength: "500 mg".into(),
            pack_size: 20,
            unit: "capsule".into(),
            manufacturer: "Test Pharma".into(),
            gtins: vec![gtin.into()],
            rx_only: e_rx,
            e_rx_required: e_rx,
        }
    }

    fn catalogue() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        crate::catalog::apply_delta(
            &store,
            &CatalogDelta {
                version: 1,
                products: vec![
                    product("p1", "Ospamox", "Amoxicillin", "04780000000014", true),
                    product("p2", "amoksil", "AMOXICILLIN", "04780000000021", true),
                    product(
                        "p3",
                        "Flemoxin Solutab",
                        "amoxicillin",
                        "04780000000038",
                        true,
                    ),
                    product(
                        "p4",
                        "Amoxiclav",
                        "Amoxicillin + Clavulanic acid",
                        "04780000000045",
                        true,
                    ),
                    product("p5", "Панадол", "Paracetamol", "04780000000052", false),
                ],
                removed: vec![],
            },
        )
        .unwrap();
        (dir, store)
    }

    fn names(hits: Vec<ProductHit>) -> Vec<String> {
        hits.into_iter().map(|h| h.product.trade_name).collect()
    }

    #[test]
    fn names_are_found_in_either_script_best_first() {
        let (_dir, store) = catalogue();
        let index = ProductIndex::default();
        assert_eq!(
            names(index.search(&store, "амокс", None, 10).unwrap()),
            ["Amoxiclav", "amoksil", "Flemoxin Solutab", "Ospamox"],
            "trade names that start with it first, then the INN's"
        );
        assert_eq!(
            names(index.search(&store, "флемоксин", None, 10).unwrap()),
            ["Flemoxin Solutab"]
        );
        assert_eq!(
            names(index.search(&store, "panad", None, 10).unwrap()),
            ["Панадол"]
        );
        assert_eq!(
            names(index.search(&store, "solutab flem", None, 10).unwrap()),
            ["Flemoxin Solutab"]
        );
        assert!(index
            .search(&store, "ibuprofen", None, 10)
            .unwrap()
            .is_empty());
        assert_eq!(
            index.search(&store, "", None, 2).unwrap().len(),
            2,
            "the limit holds"
        );
    }

    #[test]
    fn a_gtin_or_a_scanned_pack_finds_its_product_with_its_sale_rule() {
        let (_dir, store) = catalogue();
        let index = ProductIndex::default();
        let by_pack = index
            .search(&store, "0104780000000038215ABCDEFGHIJK", None, 10)
            .unwrap();
        assert_eq!(names(by_pack.clone()), ["Flemoxin Solutab"]);
        assert_eq!(by_pack[0].sale.kind, SaleKind::EPrescription);
        assert_eq!(by_pack[0].sale.group, Some(ERxGroup::Antibiotic));
        let free = index.search(&store, "4780000000052", None, 10).unwrap();
        assert_eq!(free[0].sale.kind, SaleKind::Free);
        assert_eq!(free[0].sale.group, None);
    }

    #[test]
    fn the_picker_searches_within_one_inn_and_the_index_follows_the_catalogue() {
        let (_dir, store) = catalogue();
        let index = ProductIndex::default();
        let key = crate::catalog::inn_key("amoxicillin");
        let same = |p: &Product| crate::catalog::inn_key(&p.inn) == key;
        assert_eq!(
            names(index.search(&store, "", Some(&same), 10).unwrap()),
            ["amoksil", "Flemoxin Solutab", "Ospamox"]
        );
        assert_eq!(
            names(index.search(&store, "osp", Some(&same), 10).unwrap()),
            ["Ospamox"]
        );
        crate::catalog::apply_delta(
            &store,
            &CatalogDelta {
                version: 2,
                products: vec![],
                removed: vec!["p1".into()],
            },
        )
        .unwrap();
        assert!(index
            .search(&store, "osp", Some(&same), 10)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn latin_and_cyrillic_spellings_fold_alike() {
        assert_eq!(fold("Амоксициллин"), fold("Amoxicillin"));
        assert_eq!(fold("Ципрофлоксацин"), fold("Ciprofloxacin"));
        assert_eq!(fold("Флемоксин Солютаб"), fold("Flemoxin Solutab"));
        assert_eq!(fold("Парацетамол"), fold("Paracetamol"));
        assert_eq!(fold("  Oʻzbek-Pharm,  500 mg "), "ozbek farm 500 mg");
        assert!(fold("Глицин").starts_with(&fold("glits")));
    }

    #[test]
    fn a_gtin_or_a_pack_code_names_its_gtin() {
        assert_eq!(gtin_of("4780000000014").as_deref(), Some("04780000000014"));
        assert_eq!(
            gtin_of("0104780000000014215ABCDEFGHIJK").as_deref(),
            Some("04780000000014")
        );
        assert_eq!(gtin_of("amoxi"), None);
    }
}
