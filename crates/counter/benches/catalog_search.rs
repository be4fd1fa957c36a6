//! Catalogue search benchmark: a generated catalogue of N products (default 10,000; 350 INNs,
//! 30 products of one of them, trade names in Latin and in Cyrillic) in a counter database,
//! then searches as people type them: trade name prefixes in Latin and Cyrillic, INNs, two
//! words, a GTIN and a scanned pack code, and the dispense step's picker within one INN. Prints
//! the index build time and, per kind of query, the median, 95th percentile and slowest search.
//! Run by `tests/bench/catalog-search.sh`.

use std::time::{Duration, Instant};

use counter::catalog::apply_delta;
use counter::catalog_search::ProductIndex;
use counter::store::Store;
use dmed_api::types::{CatalogDelta, Product};

const SYLLABLES: [&str; 16] = [
    "amo", "ksi", "lin", "pa", "ra", "tse", "ta", "mol", "di", "klo", "fe", "nak", "ome", "pra",
    "zol", "vit",
];
const CYRILLIC: [&str; 16] = [
    "амо", "кси", "лин", "па", "ра", "це", "та", "мол", "ди", "кло", "фе", "нак", "оме", "пра",
    "зол", "вит",
];

fn gtin(n: u64) -> String {
    let body = format!("0478{n:09}");
    let sum: u32 = body
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| c.to_digit(10).unwrap() * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

fn name(n: usize, cyrillic: bool) -> String {
    let parts = if cyrillic { &CYRILLIC } else { &SYLLABLES };
    let mut s = String::new();
    let mut k = n;
    for _ in 0..3 {
        s.push_str(parts[k % 16]);
        k /= 16;
    }
    let mut c = s.chars();
    let first = c.next().unwrap().to_uppercase().collect::<String>();
    format!("{first}{} {}", c.collect::<String>(), n % 7 + 1)
}

fn catalogue(n: usize) -> Vec<Product> {
    (0..n)
        .map(|i| {
            // 30 products share the first INN; the rest spread over 350.
            let inn = if i < 30 { 0 } else { i % 350 };
            Product {
                product_id: format!("P{i:06}"),
                trade_name: name(i, i % 3 == 0),
                inn: format!("Inn {}", name(inn * 13 + 5, false)),
                atc: if inn % 5 == 0 { "J01CA04" } else { "N02BE01" }.into(),
                form: "tablet".into(),
                strength: format!("{} mg", 50 * (i % 10 + 1)),
                pack_size: 10 + (i % 3) as u32 * 10,
                unit: "tablet".into(),
                manufacturer: format!("Maker {}", i % 40),
                gtins: vec![gtin(i as u64)],
                rx_only: inn % 2 == 0,
                e_rx_required: inn % 5 == 0,
            }
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000);
    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("bench.sqlite"))?;
    let products = catalogue(n);
    apply_delta(
        &store,
        &CatalogDelta {
            version: 1,
            products: products.clone(),
            removed: vec![],
        },
    )?;
    let index = ProductIndex::default();
    let start = Instant::now();
    index.search(&store, "x", None, 1)?;
    println!(
        "catalogue: {n} products; index built in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    let target = &products[n / 2];
    let latin = &products[(n / 2) | 1];
    let cyr = products.iter().find(|p| !p.trade_name.is_ascii()).unwrap();
    let prefix = |s: &str, k: usize| s.chars().take(k).collect::<String>();
    let inn0 = products[0].inn.clone();
    let inn_key = counter::catalog::inn_key(&inn0);
    let same_inn = move |p: &Product| counter::catalog::inn_key(&p.inn) == inn_key;
    let pick = &products[17];
    let kinds: Vec<(&str, Vec<String>, bool)> = vec![
        (
            "Latin name, typed key by key",
            (1..=6).map(|k| prefix(&latin.trade_name, k)).collect(),
            false,
        ),
        (
            "Cyrillic name, typed key by key",
            (1..=6).map(|k| prefix(&cyr.trade_name, k)).collect(),
            false,
        ),
        (
            "Cyrillic typed for a Latin name",
            vec![prefix(&name((n / 2) | 1, true), 5)],
            false,
        ),
        ("INN", vec![target.inn.clone()], false),
        (
            "two words",
            vec![format!(
                "{} {}",
                prefix(&target.trade_name, 4),
                target.strength
            )],
            false,
        ),
        ("GTIN", vec![target.gtins[0].clone()], false),
        (
            "scanned pack",
            vec![format!("01{}215ABC123", target.gtins[0])],
            false,
        ),
        (
            "picker of 30 products, key by key",
            (0..=4).map(|k| prefix(&pick.trade_name, k)).collect(),
            true,
        ),
    ];
    println!(
        "{:<36} {:>9} {:>9} {:>9} {:>6}",
        "query", "median", "p95", "max", "hits"
    );
    let mut worst = Duration::ZERO;
    for (what, queries, within) in kinds {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..50 {
            for q in &queries {
                let t = Instant::now();
                let found = if within {
                    index.search(&store, q, Some(&same_inn), usize::MAX)?
                } else {
                    index.search(&store, q, None, 50)?
                };
                times.push(t.elapsed());
                hits = found.len();
            }
        }
        times.sort();
        worst = worst.max(*times.last().unwrap());
        println!(
            "{what:<36} {:>7.2}ms {:>7.2}ms {:>7.2}ms {hits:>6}",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.95).as_secs_f64() * 1e3,
            times.last().unwrap().as_secs_f64() * 1e3,
        );
    }
    println!(
        "slowest search: {:.2} ms (target 50 ms): {}",
        worst.as_secs_f64() * 1e3,
        if worst < Duration::from_millis(50) {
            "met"
        } else {
            "MISSED"
        }
    );
    Ok(())
}
