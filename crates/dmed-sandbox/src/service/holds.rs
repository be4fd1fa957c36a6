//! Placing, renewing and releasing holds.

use super::{lookup, Now, Session};
use crate::api_error::ApiResult;
use crate::rules::hold::{self, HoldState};
use crate::rules::validity;
use crate::store::holds;
use dmed_api::types::Hold;
use rusqlite::Connection;
use uuid::Uuid;

/// `POST /v1/prescriptions/{number}/hold`: a new hold, or the same one renewed.
pub fn place(
    conn: &Connection,
    session: &Session,
    raw_number: &str,
    minutes: Option<u32>,
    now: Now,
) -> ApiResult<Hold> {
    let minutes = hold::minutes(minutes)?;
    let number = lookup::parse_number(raw_number)?;
    let rx = lookup::load(conn, &number)?;
    validity::check_dispensable(rx.status, rx.valid_from, rx.valid_until, now.today)?;
    let live = hold::live(holds::get(conn, &rx.number)?, now.at);
    hold::check_not_held_by_other(live.as_ref(), &session.pharmacy_id)?;
    let hold_id = live.map(|h| h.hold_id).unwrap_or_else(Uuid::new_v4);
    let expires_at = now.at + time::Duration::minutes(i64::from(minutes));
    holds::put(
        conn,
        &rx.number,
        &HoldState {
            hold_id,
            pharmacy_id: session.pharmacy_id.clone(),
            pharmacy_name: String::new(),
            expires_at,
        },
    )?;
    Ok(Hold {
        hold_id,
        expires_at,
    })
}

/// `DELETE /v1/prescriptions/{number}/hold/{hold_id}`.
pub fn release(
    conn: &Connection,
    session: &Session,
    raw_number: &str,
    hold_id: Uuid,
    now: Now,
) -> ApiResult<()> {
    let number = lookup::parse_number(raw_number)?;
    let rx = lookup::load(conn, &number)?;
    let live = hold::live(holds::get(conn, &rx.number)?, now.at);
    hold::check_named_hold(live.as_ref(), &session.pharmacy_id, Some(hold_id))?;
    holds::delete(conn, &rx.number)?;
    Ok(())
}
