//! Catalogue deltas since a client's version.

use crate::api_error::ApiResult;
use crate::store::products;
use dmed_api::types::CatalogDelta;
use rusqlite::Connection;

pub fn delta(conn: &Connection, since: u64) -> ApiResult<CatalogDelta> {
    Ok(CatalogDelta {
        version: products::version(conn)?,
        products: products::changed_since(conn, since)?,
        removed: products::removed_since(conn, since)?,
    })
}
