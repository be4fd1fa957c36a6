//! Where the lockout tallies live: in memory, one map per kind of guess (secrets by login,
//! access codes by prescription). A restart forgets them, as it would in a sandbox with no
//! attacker to outlast; see docs/decisions/0010-central-side-trust.md. The rule itself is
//! [`crate::rules::lockout`].

use crate::api_error::{ApiError, ApiResult};
use crate::rules::lockout::{too_many, Tally};
use std::collections::HashMap;
use std::sync::Mutex;

/// Tallies kept before spent ones are swept out.
const SWEEP_ABOVE: usize = 10_000;

/// The sandbox's lockouts.
#[derive(Debug)]
pub struct Lockouts {
    /// Wrong secrets, by pharmacy id and login.
    pub logins: Guard,
    /// Wrong access codes, by canonical prescription number.
    pub codes: Guard,
}

impl Default for Lockouts {
    fn default() -> Self {
        Self {
            logins: Guard::new("sign-in for this login"),
            codes: Guard::new("the access code of this prescription"),
        }
    }
}

/// The tallies of one kind of guess.
#[derive(Debug)]
pub struct Guard {
    what: &'static str,
    tallies: Mutex<HashMap<String, Tally>>,
}

impl Guard {
    fn new(what: &'static str) -> Self {
        Self {
            what,
            tallies: Mutex::new(HashMap::new()),
        }
    }

    /// Runs one guess for `key` at `now` (unix seconds): refused with `429 TOO_MANY_ATTEMPTS`
    /// while the key is locked, else `guess` runs; an error for which `is_wrong` holds counts
    /// as a wrong guess (the guess that sets the lock still gets its own answer), a success
    /// forgets the wrong ones.
    pub fn attempt<T>(
        &self,
        key: &str,
        now: i64,
        guess: impl FnOnce() -> ApiResult<T>,
        is_wrong: impl Fn(&ApiError) -> bool,
    ) -> ApiResult<T> {
        if let Some(secs) = self.locked_for(key, now) {
            return Err(too_many(self.what, secs));
        }
        let result = guess();
        let mut tallies = self.lock();
        match &result {
            Err(err) if is_wrong(err) => {
                if tallies.len() > SWEEP_ABOVE {
                    tallies.retain(|_, t| !t.is_spent(now));
                }
                if let Some(secs) = tallies.entry(key.to_owned()).or_default().fail(now) {
                    tracing::warn!(
                        what = self.what,
                        lock_secs = secs,
                        "locked after wrong attempts"
                    );
                }
            }
            Ok(_) => {
                if let Some(t) = tallies.get_mut(key) {
                    t.succeed();
                }
            }
            Err(_) => {}
        }
        result
    }

    fn locked_for(&self, key: &str, now: i64) -> Option<i64> {
        self.lock().get(key).and_then(|t| t.locked_for(now))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Tally>> {
        self.tallies
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lockout::{LIMIT, LOCK_SECS};
    use dmed_api::ErrorCode;

    fn wrong() -> ApiResult<()> {
        Err(ApiError::new(ErrorCode::Unauthenticated, "wrong"))
    }

    fn is_wrong(e: &ApiError) -> bool {
        e.code == ErrorCode::Unauthenticated
    }

    #[test]
    fn a_locked_key_refuses_even_the_right_guess_until_the_lock_ends() {
        let guard = Guard::new("sign-in for this login");
        for _ in 0..LIMIT {
            let e = guard
                .attempt("PH-1\na", 1_000, wrong, is_wrong)
                .unwrap_err();
            assert_eq!(e.code, ErrorCode::Unauthenticated);
        }
        let e = guard
            .attempt("PH-1\na", 1_010, || Ok(()), is_wrong)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::TooManyAttempts);
        assert_eq!(e.details["retry_after_secs"], LOCK_SECS - 10);
        assert!(
            guard.attempt("PH-1\nb", 1_010, || Ok(()), is_wrong).is_ok(),
            "other keys are free"
        );
        assert!(guard
            .attempt("PH-1\na", 1_000 + LOCK_SECS, || Ok(()), is_wrong)
            .is_ok());
    }

    #[test]
    fn other_errors_are_not_wrong_guesses() {
        let guard = Guard::new("x");
        for _ in 0..LIMIT * 2 {
            let _ = guard.attempt(
                "k",
                1,
                || Err::<(), _>(ApiError::new(ErrorCode::Forbidden, "revoked")),
                is_wrong,
            );
        }
        assert!(guard.attempt("k", 1, || Ok(()), is_wrong).is_ok());
    }
}
