//! The national drug list on the FHIR face: `Medication?_lastUpdated=gt<instant>` answered as
//! pages of the products published after the instant, in (updated_at, product id) order, each
//! with `meta.lastUpdated` the instant its catalogue version was published: a listed product as
//! `dhp_fhir::catalogue::medication`, one taken off the list as `removed` (`inactive`). A page
//! links to itself and, while more remain, to the next one; the next link carries a [`Cursor`].

use crate::api_error::{ApiError, ApiResult};
use crate::store::products::{self, Stamped};
use dhp_fhir::catalogue::{medication, removed};
use dhp_fhir::model::{Bundle, Resource};
use dhp_fhir::prescription::searchset;
use rusqlite::Connection;
use serde_json::{json, Value};
use time::OffsetDateTime;

/// The search parameter of the continuation.
pub const CURSOR_PARAMETER: &str = "_cursor";

/// Where a page continues: after the product `product_id` published at `updated_at` (unix
/// ms). Written `<updated_at>.<product id>`; opaque to clients, which only follow next links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub updated_at: i64,
    pub product_id: String,
}

impl Cursor {
    /// A cursor as [`Cursor::token`] writes it; `None` when malformed.
    pub fn parse(token: &str) -> Option<Cursor> {
        let (at, product_id) = token.split_once('.')?;
        let well_formed_at = !at.is_empty()
            && at
                .bytes()
                .enumerate()
                .all(|(i, b)| b.is_ascii_digit() || (i == 0 && b == b'-' && at.len() > 1));
        let well_formed_id =
            (1..=128).contains(&product_id.len()) && product_id.chars().all(|c| !c.is_control());
        if !(well_formed_at && well_formed_id) {
            return None;
        }
        Some(Cursor {
            updated_at: at.parse().ok()?,
            product_id: product_id.to_owned(),
        })
    }

    /// The cursor as the next link carries it.
    pub fn token(&self) -> String {
        format!("{}.{}", self.updated_at, self.product_id)
    }

    fn after(stamped: &Stamped) -> Cursor {
        Cursor {
            updated_at: stamped.updated_at,
            product_id: stamped.product.product_id.clone(),
        }
    }
}

/// `Medication` searched after `since` (unix ms; everything when `None`), `count` a page, from
/// `after`: the page's searchset (`total`: every match, over all pages) linking to itself and
/// the next page under `base` (the FHIR base URL the request came to).
pub fn page(
    conn: &Connection,
    since: Option<i64>,
    count: u32,
    after: Option<&Cursor>,
    base: &str,
) -> ApiResult<Bundle> {
    let mut rows = products::published_after(
        conn,
        since,
        after.map(|c| (c.updated_at, c.product_id.as_str())),
        count.saturating_add(1),
    )?;
    let more = rows.len() > count as usize;
    rows.truncate(count as usize);
    let next = if more {
        rows.last().map(Cursor::after)
    } else {
        None
    };
    let matches = rows
        .iter()
        .map(|s| {
            let at = Some(instant_of(s.updated_at)?);
            Ok(Resource::Medication(Box::new(if s.removed {
                removed(&s.product.product_id, at)
            } else {
                medication(&s.product, at)
            })))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let mut bundle = searchset(matches, Vec::new());
    bundle.total = Some(products::count_published_after(conn, since)?);
    let mut link = vec![json!({"relation": "self", "url": url(base, since, count, after)?})];
    if let Some(next) = &next {
        link.push(json!({"relation": "next", "url": url(base, since, count, Some(next))?}));
    }
    bundle.extra.insert("link".to_owned(), Value::Array(link));
    Ok(bundle)
}

/// A FHIR instant (UTC) of unix milliseconds.
pub fn instant_of(ms: i64) -> ApiResult<String> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(dhp_fhir::when::instant)
        .map_err(|e| ApiError::internal(format!("{ms} ms is not an instant: {e}")))
}

/// The absolute URL of the page of this search starting after `after`.
fn url(base: &str, since: Option<i64>, count: u32, after: Option<&Cursor>) -> ApiResult<String> {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    if let Some(since) = since {
        q.append_pair("_lastUpdated", &format!("gt{}", instant_of(since)?));
    }
    q.append_pair("_count", &count.to_string());
    if let Some(after) = after {
        q.append_pair(CURSOR_PARAMETER, &after.token());
    }
    Ok(format!("{base}/Medication?{}", q.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_refuses_the_malformed() {
        let c = Cursor {
            updated_at: 1_772_359_200_000,
            product_id: "DRN-00032".into(),
        };
        assert_eq!(c.token(), "1772359200000.DRN-00032");
        assert_eq!(Cursor::parse(&c.token()), Some(c));
        let dotted = Cursor::parse("-5.P.1").unwrap();
        assert_eq!((dotted.updated_at, dotted.product_id.as_str()), (-5, "P.1"));
        for bad in [
            "",
            "1772359200000",
            "1772359200000.",
            ".DRN-1",
            "-.DRN-1",
            "+5.DRN-1",
            "12x.DRN-1",
            "99999999999999999999.DRN-1",
            "5.DRN\u{1}1",
        ] {
            assert_eq!(Cursor::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn links_are_absolute_and_carry_the_search() {
        let base = "http://127.0.0.1:4000/fhir";
        assert_eq!(
            url(base, None, 100, None).unwrap(),
            "http://127.0.0.1:4000/fhir/Medication?_count=100"
        );
        let after = Cursor {
            updated_at: 1_772_359_200_000,
            product_id: "P+1".into(),
        };
        assert_eq!(
            url(base, Some(1_772_359_200_500), 2, Some(&after)).unwrap(),
            "http://127.0.0.1:4000/fhir/Medication?_lastUpdated=gt2026-03-01T10%3A00%3A00.5Z\
             &_count=2&_cursor=1772359200000.P%2B1"
        );
    }
}
