//! Sign-in (token issue, with the lockout after wrong secrets), token checks on every call (a
//! member of staff's tokens, and the pharmacy system's own of the FHIR face's OAuth client
//! credentials grant), revoking access, and checking the person named as having handed medicine
//! over.

use super::Session;
use crate::api_error::{ApiError, ApiResult};
use crate::lockouts::Guard;
use crate::rules::access::{self, Membership};
use crate::store::clients;
use crate::store::staff::{self, StaffRow};
use dmed_api::types::{Pharmacist, TokenRequest, TokenResponse};
use dmed_api::{ErrorCode, Pinfl};
use rand::RngCore;
use rusqlite::Connection;
use time::OffsetDateTime;

/// Checks credentials and issues a token valid for `ttl`. Wrong secrets count against the
/// login in `logins`; while it is locked every sign-in is `429 TOO_MANY_ATTEMPTS`.
pub fn issue_token(
    conn: &Connection,
    logins: &Guard,
    req: &TokenRequest,
    now: OffsetDateTime,
    ttl: std::time::Duration,
) -> ApiResult<TokenResponse> {
    let member = check_credentials(conn, logins, &req.pharmacy_id, &req.login, &req.secret, now)?;
    token_for(conn, member, now, ttl)
}

/// A member of staff by their credentials, as every sign-in checks them (`POST /v1/auth/token`
/// and the FHIR face's sign-in page alike): `401 UNAUTHENTICATED` when wrong (counted against
/// the login in `logins`), `429 TOO_MANY_ATTEMPTS` while the login is locked, `403 FORBIDDEN`
/// when their access was revoked.
pub fn check_credentials(
    conn: &Connection,
    logins: &Guard,
    pharmacy_id: &str,
    login: &str,
    secret: &str,
    now: OffsetDateTime,
) -> ApiResult<StaffRow> {
    let (pharmacy_id, login) = (pharmacy_id.trim(), login.trim());
    let key = format!("{pharmacy_id}\n{login}");
    let member = logins.attempt(
        &key,
        now.unix_timestamp(),
        || check_secret(conn, pharmacy_id, login, secret),
        |e| e.code == ErrorCode::Unauthenticated,
    )?;
    access::check_active(membership(&member))?;
    Ok(member)
}

/// Issues a token valid for `ttl` to a member of staff whose credentials were checked: what a
/// sign-in answers.
pub fn token_for(
    conn: &Connection,
    member: StaffRow,
    now: OffsetDateTime,
    ttl: std::time::Duration,
) -> ApiResult<TokenResponse> {
    let pharmacy = staff::pharmacy(conn, &member.pharmacy_id)?
        .ok_or_else(|| ApiError::internal("the staff member's pharmacy is missing"))?;
    let token = new_token();
    let expires_at = expiry(now, ttl);
    staff::insert_token(
        conn,
        &token,
        &member.pharmacy_id,
        &member.login,
        expires_at.unix_timestamp(),
    )?;
    Ok(TokenResponse {
        access_token: token,
        expires_at,
        pharmacist: Pharmacist {
            pinfl: member.pinfl,
            full_name: member.full_name,
            role: member.role,
        },
        pharmacy,
    })
}

/// When a token issued at `now` for `ttl` expires.
pub fn expiry(now: OffsetDateTime, ttl: std::time::Duration) -> OffsetDateTime {
    let ttl_secs = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX / 4);
    crate::clock::from_unix(now.unix_timestamp().saturating_add(ttl_secs))
}

fn check_secret(
    conn: &Connection,
    pharmacy_id: &str,
    login: &str,
    secret: &str,
) -> ApiResult<StaffRow> {
    let wrong = || {
        ApiError::new(
            ErrorCode::Unauthenticated,
            "wrong pharmacy, login or secret",
        )
    };
    let member = staff::find(conn, pharmacy_id, login)?.ok_or_else(wrong)?;
    if constant_time_eq(member.secret.as_bytes(), secret.as_bytes()) {
        Ok(member)
    } else {
        Err(wrong())
    }
}

/// The session of a bearer token: 401 when missing, unknown or expired; 403 (`details.reason`
/// `access_revoked`) when its owner was revoked. A token of the client credentials grant is the
/// pharmacy system's own session ([`Session::client_id`]).
pub fn authenticate(
    conn: &Connection,
    token: Option<&str>,
    now: OffsetDateTime,
) -> ApiResult<Session> {
    let token = token.filter(|t| !t.is_empty()).ok_or_else(|| {
        ApiError::new(ErrorCode::Unauthenticated, "sign in first: no bearer token")
    })?;
    let expired = || ApiError::new(ErrorCode::Unauthenticated, "the token has expired");
    let Some((member, expires_at)) = staff::token_owner(conn, token)? else {
        let (client, expires_at) = clients::token_owner(conn, token)?
            .ok_or_else(|| ApiError::new(ErrorCode::Unauthenticated, "unknown token"))?;
        if expires_at <= now.unix_timestamp() {
            return Err(expired());
        }
        return Ok(Session {
            pharmacy_id: client.pharmacy_id,
            login: String::new(),
            pinfl: String::new(),
            client_id: Some(client.client_id),
        });
    };
    if expires_at <= now.unix_timestamp() {
        return Err(expired());
    }
    access::check_active(membership(&member))?;
    Ok(Session {
        pharmacy_id: member.pharmacy_id,
        login: member.login,
        pinfl: member.pinfl,
        client_id: None,
    })
}

/// Revokes a member of staff's access as of `now`; 404 when unknown. Returns the revocation
/// time (an earlier revocation keeps its own).
pub fn revoke(
    conn: &Connection,
    pharmacy_id: &str,
    login: &str,
    now: OffsetDateTime,
) -> ApiResult<OffsetDateTime> {
    if !staff::revoke(conn, pharmacy_id, login, now.unix_timestamp())? {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "no such member of staff",
        ));
    }
    let at = staff::find(conn, pharmacy_id, login)?
        .and_then(|m| m.revoked_at)
        .unwrap_or(now.unix_timestamp());
    Ok(crate::clock::from_unix(at))
}

/// Whether `pinfl` may be named as having handed medicine over for `pharmacy_id` at
/// `handed_over_at`: `422 INVALID_IDENTIFIER` when malformed, else the rules of
/// [`access::check_dispensing_pharmacist`].
pub fn check_dispensing_pharmacist(
    conn: &Connection,
    pharmacy_id: &str,
    pinfl: &str,
    handed_over_at: OffsetDateTime,
) -> ApiResult<()> {
    let pinfl = Pinfl::parse(pinfl)
        .map_err(|e| ApiError::invalid_identifier(&e).with("body_field", "pharmacist_pinfl"))?;
    let logins: Vec<Membership> = staff::by_pinfl(conn, pharmacy_id, pinfl.as_str())?
        .iter()
        .map(membership)
        .collect();
    access::check_dispensing_pharmacist(&logins, handed_over_at.unix_timestamp())
}

/// What the access rules need to know about a member of staff.
pub fn membership(row: &StaffRow) -> Membership {
    Membership {
        role: row.role,
        revoked_at: row.revoked_at,
    }
}

/// 32 random bytes in hex: an access token or an authorization code.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }

    #[test]
    fn secret_comparison() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
