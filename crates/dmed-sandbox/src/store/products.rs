//! The national drug list (catalogue) with per-product versions for contract v1's deltas and
//! the instant each product's version was published (`updated_at`, unix milliseconds) for the
//! FHIR face's pages, read in (updated_at, product id) order.

use super::codec::{json_text, parse_json};
use dmed_api::types::Product;
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "product_id, trade_name, inn, atc, form, strength, pack_size, unit,
                       manufacturer, gtins, rx_only, e_rx_required";

fn product_row(r: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        product_id: r.get(0)?,
        trade_name: r.get(1)?,
        inn: r.get(2)?,
        atc: r.get(3)?,
        form: r.get(4)?,
        strength: r.get(5)?,
        pack_size: r.get(6)?,
        unit: r.get(7)?,
        manufacturer: r.get(8)?,
        gtins: parse_json(9, &r.get::<_, String>(9)?)?,
        rx_only: r.get(10)?,
        e_rx_required: r.get(11)?,
    })
}

/// A product still on the list.
pub fn get(conn: &Connection, product_id: &str) -> rusqlite::Result<Option<Product>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM products WHERE product_id = ?1 AND removed = 0"
    ))?
    .query_row([product_id], product_row)
    .optional()
}

/// Products on the list added or changed after `version`.
pub fn changed_since(conn: &Connection, version: u64) -> rusqlite::Result<Vec<Product>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM products WHERE version > ?1 AND removed = 0 ORDER BY product_id"
    ))?;
    let rows = stmt.query_map([version as i64], product_row)?;
    rows.collect()
}

/// Ids of products taken off the list after `version`.
pub fn removed_since(conn: &Connection, version: u64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id FROM products WHERE version > ?1 AND removed = 1 ORDER BY product_id",
    )?;
    let rows = stmt.query_map([version as i64], |r| r.get(0))?;
    rows.collect()
}

/// The catalogue's current version.
pub fn version(conn: &Connection) -> rusqlite::Result<u64> {
    let v: i64 = conn.query_row("SELECT COALESCE(MAX(version), 0) FROM products", [], |r| {
        r.get(0)
    })?;
    Ok(v.max(0) as u64)
}

/// A product of the list or taken off it, with when its version was published.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamped {
    pub product: Product,
    pub removed: bool,
    /// Unix milliseconds.
    pub updated_at: i64,
}

/// Products (listed or removed) published after `since` (every one when `None`), in
/// (updated_at, product id) order, starting after the product `after` names; at most `limit`.
pub fn published_after(
    conn: &Connection,
    since: Option<i64>,
    after: Option<(i64, &str)>,
    limit: u32,
) -> rusqlite::Result<Vec<Stamped>> {
    let (after_at, after_id) = after.unwrap_or((i64::MIN, ""));
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, removed, updated_at FROM products
         WHERE updated_at > ?1 AND (updated_at > ?2 OR (updated_at = ?2 AND product_id > ?3))
         ORDER BY updated_at, product_id LIMIT ?4"
    ))?;
    let rows = stmt.query_map(
        params![since.unwrap_or(i64::MIN), after_at, after_id, limit],
        |r| {
            Ok(Stamped {
                product: product_row(r)?,
                removed: r.get(12)?,
                updated_at: r.get(13)?,
            })
        },
    )?;
    rows.collect()
}

/// How many products (listed or removed) were published after `since`.
pub fn count_published_after(conn: &Connection, since: Option<i64>) -> rusqlite::Result<u64> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM products WHERE updated_at > ?1")?
        .query_row([since.unwrap_or(i64::MIN)], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// Adds a product of catalogue version `version` published at `updated_at` (unix ms).
pub fn insert(
    conn: &Connection,
    p: &Product,
    version: u64,
    removed: bool,
    updated_at: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO products ({COLUMNS}, version, removed, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    ))?
    .execute(params![
        p.product_id,
        p.trade_name,
        p.inn,
        p.atc,
        p.form,
        p.strength,
        p.pack_size,
        p.unit,
        p.manufacturer,
        json_text(&p.gtins),
        p.rx_only,
        p.e_rx_required,
        version as i64,
        removed,
        updated_at,
    ])?;
    Ok(())
}
