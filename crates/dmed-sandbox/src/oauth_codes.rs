//! Where the FHIR face's authorization codes live between the sign-in page and the token
//! endpoint: in memory, each for [`CODE_TTL_SECS`](crate::rules::oauth::CODE_TTL_SECS). A
//! restart forgets them, as a sign-in that takes longer than a restart would fail anyway; this
//! is the sandbox's stand-in for the platform's single sign-on. A code is given up on its first
//! exchange, right or wrong; one presented again answers `invalid_grant` and revokes the token
//! it gave (RFC 6749 §4.1.2).

use std::collections::HashMap;
use std::sync::Mutex;

/// What a code was issued for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub client_id: String,
    pub redirect_uri: String,
    /// The PKCE S256 challenge.
    pub challenge: String,
    /// The member of staff who signed in.
    pub pharmacy_id: String,
    pub login: String,
    /// Unix seconds.
    pub expires_at: i64,
}

#[derive(Debug)]
enum Slot {
    Waiting(Grant),
    /// Exchanged; the digest of the token it gave, if it gave one. Kept until `until` so a
    /// second presentation is told apart from an unknown code.
    Spent {
        token_sha256: Option<String>,
        until: i64,
    },
}

/// What presenting a code finds.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    /// A live code, now spent: exchange it.
    Grant(Grant),
    /// A code exchanged before; the digest of the token it gave, to revoke.
    Reused(Option<String>),
    /// Unknown or expired.
    Unknown,
}

/// The codes issued and not yet expired.
#[derive(Debug, Default)]
pub struct Codes {
    slots: Mutex<HashMap<String, Slot>>,
}

impl Codes {
    /// Keeps a new code for `grant`.
    pub fn issue(&self, code: String, grant: Grant, now: i64) {
        let mut slots = self.lock();
        slots.retain(|_, slot| match slot {
            Slot::Waiting(g) => g.expires_at > now,
            Slot::Spent { until, .. } => *until > now,
        });
        slots.insert(code, Slot::Waiting(grant));
    }

    /// Presents `code` at `now`: a live one is spent (whatever the exchange then finds).
    pub fn take(&self, code: &str, now: i64) -> Taken {
        let mut slots = self.lock();
        match slots.get_mut(code) {
            Some(Slot::Waiting(grant))
                if crate::rules::oauth::code_is_live(grant.expires_at, now) =>
            {
                let grant = grant.clone();
                slots.insert(
                    code.to_owned(),
                    Slot::Spent {
                        token_sha256: None,
                        until: grant.expires_at,
                    },
                );
                Taken::Grant(grant)
            }
            Some(Slot::Spent { token_sha256, .. }) => {
                let token = token_sha256.take();
                Taken::Reused(token)
            }
            Some(Slot::Waiting(_)) => {
                slots.remove(code);
                Taken::Unknown
            }
            None => Taken::Unknown,
        }
    }

    /// Notes the token a spent code gave, to revoke it should the code come again.
    pub fn gave(&self, code: &str, token_sha256: String) {
        if let Some(Slot::Spent {
            token_sha256: slot, ..
        }) = self.lock().get_mut(code)
        {
            *slot = Some(token_sha256);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Slot>> {
        self.slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(expires_at: i64) -> Grant {
        Grant {
            client_id: "dorixona-PH-1".into(),
            redirect_uri: "http://127.0.0.1:5000/cb".into(),
            challenge: "c".into(),
            pharmacy_id: "PH-1".into(),
            login: "a".into(),
            expires_at,
        }
    }

    #[test]
    fn a_code_is_exchanged_once_and_a_second_time_names_the_token_to_revoke() {
        let codes = Codes::default();
        codes.issue("k".into(), grant(1_060), 1_000);
        assert_eq!(codes.take("k", 1_010), Taken::Grant(grant(1_060)));
        codes.gave("k", "digest".into());
        assert_eq!(codes.take("k", 1_020), Taken::Reused(Some("digest".into())));
        assert_eq!(codes.take("k", 1_030), Taken::Reused(None));
        assert_eq!(codes.take("other", 1_030), Taken::Unknown);
    }

    #[test]
    fn an_expired_code_is_unknown_and_swept_away() {
        let codes = Codes::default();
        codes.issue("k".into(), grant(1_060), 1_000);
        assert_eq!(codes.take("k", 1_060), Taken::Unknown);
        codes.issue("old".into(), grant(1_060), 1_000);
        codes.issue("new".into(), grant(2_060), 2_000);
        assert_eq!(codes.lock().len(), 1, "the expired one was swept");
    }
}
