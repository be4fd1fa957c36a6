//! The pharmacy's dispenses for managers' reports: every dispense of the session's pharmacy
//! handed over or withdrawn in a period, page by page, each with a pseudonymous reference of its
//! patient and the items its lines refer to.

use super::Session;
use crate::api_error::{ApiError, ApiResult};
use crate::store::{dispenses, prescriptions, staff};
use dmed_api::error::forbidden_reason;
use dmed_api::types::{PharmacyDispense, PharmacyDispenses, StaffRole};
use dmed_api::ErrorCode;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

/// Dispenses per page when the caller does not say.
pub const PAGE_DEFAULT: u32 = 500;
/// The most dispenses one page holds.
pub const PAGE_MAX: u32 = 1000;
/// The longest period one request may cover, in days.
pub const MAX_DAYS: i64 = 3700;

/// What a request asks for.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub from: OffsetDateTime,
    pub to: OffsetDateTime,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

/// One page of the pharmacy's dispenses in `[from, to)` (managers only).
pub fn pharmacy_dispenses(
    conn: &Connection,
    session: &Session,
    req: &PageRequest,
) -> ApiResult<PharmacyDispenses> {
    let member = staff::find(conn, &session.pharmacy_id, &session.login)?;
    if member.map(|m| m.role) != Some(StaffRole::Manager) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "only a manager reads the pharmacy's dispenses",
        )
        .with("reason", forbidden_reason::ROLE_CANNOT_REPORT));
    }
    if req.to <= req.from {
        return Err(
            ApiError::bad_request("the period must end after it starts").with("field", "to")
        );
    }
    if (req.to - req.from).whole_days() > MAX_DAYS {
        return Err(
            ApiError::bad_request(format!("a period of at most {MAX_DAYS} days"))
                .with("field", "from"),
        );
    }
    let limit = req.limit.unwrap_or(PAGE_DEFAULT);
    if !(1..=PAGE_MAX).contains(&limit) {
        return Err(
            ApiError::bad_request(format!("limit is a whole number from 1 to {PAGE_MAX}"))
                .with("field", "limit"),
        );
    }
    let after = req.cursor.as_deref().map(parse_cursor).transpose()?;
    let mut found = dispenses::of_pharmacy(
        conn,
        &session.pharmacy_id,
        (req.from.unix_timestamp(), req.to.unix_timestamp()),
        after.as_ref(),
        limit + 1,
    )?;
    let next_cursor = if found.len() > limit as usize {
        found.truncate(limit as usize);
        found.last().map(|d| cursor_of(&d.dispense))
    } else {
        None
    };
    let key = ref_key(conn)?;
    let numbers: Vec<&str> = {
        let mut n: Vec<&str> = found
            .iter()
            .map(|d| d.dispense.prescription_number.as_str())
            .collect();
        n.sort_unstable();
        n.dedup();
        n
    };
    let rxs = prescriptions::patients_and_items(conn, &numbers)?;
    let mut out = Vec::with_capacity(found.len());
    for stored in found {
        let mut dispense = stored.dispense;
        if let Some(after) = stored.status_after {
            dispense.prescription_status = after;
        }
        let (pinfl, items) = rxs
            .get(&dispense.prescription_number)
            .cloned()
            .unwrap_or_default();
        out.push(PharmacyDispense {
            patient_ref: patient_ref(&key, &session.pharmacy_id, &pinfl),
            items,
            dispense,
        });
    }
    Ok(PharmacyDispenses {
        dispenses: out,
        next_cursor,
    })
}

/// The cursor after `d`: when it was handed over (unix seconds) and its id.
fn cursor_of(d: &dmed_api::types::Dispense) -> String {
    format!("{}.{}", d.handed_over_at.unix_timestamp(), d.dispense_id)
}

fn parse_cursor(cursor: &str) -> ApiResult<dispenses::PageKey> {
    let bad = || {
        ApiError::bad_request("the cursor is not one this server gave; start again without it")
            .with("field", "cursor")
    };
    let (at, id) = cursor.split_once('.').ok_or_else(bad)?;
    let at: i64 = at.parse().map_err(|_| bad())?;
    let id = Uuid::parse_str(id).map_err(|_| bad())?;
    Ok((at, id.to_string()))
}

fn ref_key(conn: &Connection) -> ApiResult<String> {
    Ok(conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'patient_ref_key'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

/// The patient's reference within one pharmacy: keyed, so it neither reveals the PINFL nor links
/// the patient across pharmacies.
fn patient_ref(key: &str, pharmacy_id: &str, pinfl: &str) -> String {
    let digest = Sha256::digest(format!("{key}:{pharmacy_id}:{pinfl}").as_bytes());
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_goes_round_and_a_foreign_one_is_refused() {
        let id = Uuid::new_v4();
        assert_eq!(
            parse_cursor(&format!("1700000000.{id}")).unwrap(),
            (1_700_000_000, id.to_string())
        );
        for bad in ["", "x.y", "17.", ".abc", "1700000000"] {
            assert!(parse_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn patient_references_are_stable_per_pharmacy_and_differ_across_them() {
        let a = patient_ref("k", "PH-1", "30211975910033");
        assert_eq!(a, patient_ref("k", "PH-1", "30211975910033"));
        assert_ne!(a, patient_ref("k", "PH-2", "30211975910033"));
        assert_ne!(a, patient_ref("other", "PH-1", "30211975910033"));
        assert!(!a.contains("3021197591"));
        assert_eq!(a.len(), 24);
    }
}
