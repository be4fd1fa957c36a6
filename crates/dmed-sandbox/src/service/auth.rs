//! Sign-in (token issue), token checks on every call, and revoking access.

use super::Session;
use crate::api_error::{ApiError, ApiResult};
use crate::store::staff;
use dmed_api::types::{Pharmacist, TokenRequest, TokenResponse};
use dmed_api::ErrorCode;
use rand::RngCore;
use rusqlite::Connection;
use time::OffsetDateTime;

/// Checks credentials and issues a token valid for `ttl`.
pub fn issue_token(
    conn: &Connection,
    req: &TokenRequest,
    now: OffsetDateTime,
    ttl: std::time::Duration,
) -> ApiResult<TokenResponse> {
    let wrong = || {
        ApiError::new(
            ErrorCode::Unauthenticated,
            "wrong pharmacy, login or secret",
        )
    };
    let member = staff::find(conn, req.pharmacy_id.trim(), req.login.trim())?.ok_or_else(wrong)?;
    if !constant_time_eq(member.secret.as_bytes(), req.secret.as_bytes()) {
        return Err(wrong());
    }
    if member.revoked {
        return Err(revoked());
    }
    let pharmacy = staff::pharmacy(conn, &member.pharmacy_id)?
        .ok_or_else(|| ApiError::internal("the staff member's pharmacy is missing"))?;
    let token = new_token();
    let ttl_secs = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX / 4);
    let expires_at = crate::clock::from_unix(now.unix_timestamp().saturating_add(ttl_secs));
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

/// The session of a bearer token: 401 when missing, unknown or expired; 403 when revoked.
pub fn authenticate(
    conn: &Connection,
    token: Option<&str>,
    now: OffsetDateTime,
) -> ApiResult<Session> {
    let token = token.filter(|t| !t.is_empty()).ok_or_else(|| {
        ApiError::new(ErrorCode::Unauthenticated, "sign in first: no bearer token")
    })?;
    let (member, expires_at) = staff::token_owner(conn, token)?
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthenticated, "unknown token"))?;
    if expires_at <= now.unix_timestamp() {
        return Err(ApiError::new(
            ErrorCode::Unauthenticated,
            "the token has expired",
        ));
    }
    if member.revoked {
        return Err(revoked());
    }
    Ok(Session {
        pharmacy_id: member.pharmacy_id,
        login: member.login,
        pinfl: member.pinfl,
    })
}

/// Revokes a member of staff's access; 404 when unknown.
pub fn revoke(conn: &Connection, pharmacy_id: &str, login: &str) -> ApiResult<()> {
    if staff::revoke(conn, pharmacy_id, login)? {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::NotFound,
            "no such member of staff",
        ))
    }
}

fn revoked() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "this member of staff's access was revoked",
    )
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
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
