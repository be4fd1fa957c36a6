//! Local verifiers of staff secrets. At each online sign-in the counter keeps an Argon2id hash of
//! the secret (a PHC string with its own random salt; never the secret) with the session it
//! opened. The same person can then prove who they are to this counter without the central
//! system: to unlock the window during an outage, and to sign in to headless commands such as
//! `dorixona report`. Revocation forgets the verifier; so does a change of central endpoint.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use dmed_api::ErrorCode;
use time::OffsetDateTime;

use crate::error::CounterError;
use crate::secrets::Sensitive;
use crate::store::{timestamp, Store, VerifierRow};
use crate::types::Session;

/// The verifier of `secret` (Argon2id with the crate's recommended cost, random salt).
pub fn make(secret: &Sensitive<String>) -> Result<String, CounterError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(secret.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            CounterError::rejected(
                ErrorCode::Internal,
                format!("the local verifier could not be made ({e})"),
            )
        })
}

/// Whether `secret` matches `verifier`; a damaged verifier matches nothing.
pub fn matches(secret: &Sensitive<String>, verifier: &str) -> bool {
    PasswordHash::new(verifier)
        .map(|parsed| {
            Argon2::default()
                .verify_password(secret.expose().as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Keeps the verifier of `secret` for the session it opened.
pub fn remember(
    store: &Store,
    login: &str,
    secret: &Sensitive<String>,
    session: &Session,
) -> Result<(), CounterError> {
    let row = VerifierRow {
        verifier: make(secret)?,
        session_json: serde_json::to_string(session)?,
        made_at: timestamp(OffsetDateTime::now_utc()),
    };
    store.put_verifier(&session.pharmacy.pharmacy_id, login, &row)
}

/// The session `pharmacy_id`/`login` had at their last online sign-in on this counter, when
/// `secret` is theirs. `UNAUTHENTICATED` for a wrong secret or nobody known here (the same
/// answer, so the verifier does not tell which logins exist).
pub fn check(
    store: &Store,
    pharmacy_id: &str,
    login: &str,
    secret: &Sensitive<String>,
) -> Result<Session, CounterError> {
    let wrong = || {
        CounterError::rejected(
            ErrorCode::Unauthenticated,
            "Wrong pharmacy, login or secret, or this person has not signed in on this counter while it was online",
        )
    };
    let row = store
        .verifier(pharmacy_id.trim(), login.trim())?
        .ok_or_else(wrong)?;
    if !matches(secret, &row.verifier) {
        return Err(wrong());
    }
    Ok(serde_json::from_str(&row.session_json)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::types::{Pharmacist, PharmacyInfo, StaffRole};

    fn session() -> Session {
        Session {
            pharmacy: PharmacyInfo {
                pharmacy_id: "PH-1".into(),
                name: "Dorixona".into(),
                address: String::new(),
            },
            pharmacist: Pharmacist {
                pinfl: "30211975910033".into(),
                full_name: "Karimova Dilnoza".into(),
                role: StaffRole::Manager,
            },
            expires_at: "2026-12-02T18:00:00Z".into(),
        }
    }

    #[test]
    fn a_verifier_matches_its_secret_only_and_holds_no_trace_of_it() {
        let secret = Sensitive::new("correct horse".to_owned());
        let v = make(&secret).unwrap();
        assert!(v.starts_with("$argon2id$"), "{v}");
        assert!(!v.contains("correct horse"));
        assert!(matches(&secret, &v));
        assert!(!matches(&Sensitive::new("correct hors".into()), &v));
        assert_ne!(v, make(&secret).unwrap(), "each verifier has its own salt");
        assert!(!matches(&secret, "not a verifier"));
    }

    #[test]
    fn the_right_secret_gives_back_the_session_and_a_wrong_one_or_a_stranger_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        let secret = Sensitive::new("s3cret".to_owned());
        remember(&store, "dilnoza", &secret, &session()).unwrap();
        let got = check(&store, "PH-1", " dilnoza ", &secret).unwrap();
        assert_eq!(got, session());
        let wrong = check(&store, "PH-1", "dilnoza", &Sensitive::new("x".into())).unwrap_err();
        assert_eq!(wrong.code(), ErrorCode::Unauthenticated);
        let stranger = check(&store, "PH-1", "nobody", &secret).unwrap_err();
        assert_eq!(stranger.to_string(), wrong.to_string());
    }
}
