//! Lockouts after repeated wrong guesses: after [`LIMIT`] wrong secrets for one login (or wrong
//! access codes for one prescription) within [`WINDOW_SECS`], every attempt, the right one too,
//! is refused for [`LOCK_SECS`] with `429 TOO_MANY_ATTEMPTS`. The lock's end clears the slate;
//! a right guess before the lock clears the wrong ones counted so far.
//!
//! Pure bookkeeping over unix seconds from the sandbox clock; where tallies are kept is
//! [`crate::lockouts`].

use crate::api_error::ApiError;
use dmed_api::ErrorCode;

/// Wrong guesses that lock.
pub const LIMIT: usize = 5;
/// The window they must fall in.
pub const WINDOW_SECS: i64 = 15 * 60;
/// How long the lock lasts from the guess that set it.
pub const LOCK_SECS: i64 = 15 * 60;

/// The wrong guesses of one key and the lock they set, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    failures: Vec<i64>,
    locked_until: Option<i64>,
}

impl Tally {
    /// Seconds until the lock ends, while it lasts at `now`.
    pub fn locked_for(&self, now: i64) -> Option<i64> {
        self.locked_until
            .filter(|until| *until > now)
            .map(|until| until - now)
    }

    /// Counts a wrong guess at `now`; returns the lock's length when this guess sets one.
    pub fn fail(&mut self, now: i64) -> Option<i64> {
        if self.locked_for(now).is_some() {
            return None;
        }
        self.failures.retain(|t| now - t < WINDOW_SECS);
        self.failures.push(now);
        if self.failures.len() >= LIMIT {
            self.failures.clear();
            self.locked_until = Some(now + LOCK_SECS);
            return Some(LOCK_SECS);
        }
        None
    }

    /// A right guess: forgets the wrong ones.
    pub fn succeed(&mut self) {
        self.failures.clear();
    }

    /// True when the tally no longer affects anything at `now` (may be forgotten).
    pub fn is_spent(&self, now: i64) -> bool {
        self.locked_for(now).is_none() && self.failures.iter().all(|t| now - t >= WINDOW_SECS)
    }
}

/// `429 TOO_MANY_ATTEMPTS` with `details.retry_after_secs` (the answer also carries
/// `Retry-After`); `what` says what is locked, e.g. "sign-in for this login".
pub fn too_many(what: &str, retry_after_secs: i64) -> ApiError {
    let minutes = (retry_after_secs + 59) / 60;
    ApiError::new(
        ErrorCode::TooManyAttempts,
        format!(
            "too many wrong attempts: {what} is locked; try again in {minutes} minute{}",
            if minutes == 1 { "" } else { "s" }
        ),
    )
    .with("retry_after_secs", retry_after_secs.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_wrong_guess_within_the_window_locks_for_fifteen_minutes() {
        let mut t = Tally::default();
        for i in 0..4 {
            assert_eq!(t.fail(100 + i), None);
            assert_eq!(t.locked_for(100 + i), None);
        }
        assert_eq!(t.fail(200), Some(LOCK_SECS));
        assert_eq!(t.locked_for(200), Some(LOCK_SECS));
        assert_eq!(t.locked_for(200 + LOCK_SECS - 1), Some(1));
        assert_eq!(t.locked_for(200 + LOCK_SECS), None);
    }

    #[test]
    fn wrong_guesses_older_than_the_window_do_not_count() {
        let mut t = Tally::default();
        for at in [0, 100, 200, 300] {
            t.fail(at);
        }
        assert_eq!(
            t.fail(WINDOW_SECS + 50),
            None,
            "the first fell out of the window"
        );
        assert_eq!(t.fail(WINDOW_SECS + 60), Some(LOCK_SECS));
    }

    #[test]
    fn a_right_guess_before_the_lock_forgets_the_wrong_ones() {
        let mut t = Tally::default();
        for i in 0..4 {
            t.fail(i);
        }
        t.succeed();
        assert_eq!(t.fail(10), None);
    }

    #[test]
    fn guesses_during_the_lock_neither_extend_it_nor_count_afterwards() {
        let mut t = Tally::default();
        for i in 0..5 {
            t.fail(i);
        }
        assert_eq!(t.fail(100), None);
        assert_eq!(t.locked_for(4 + LOCK_SECS), None);
        assert!(t.is_spent(4 + LOCK_SECS));
        assert_eq!(t.fail(4 + LOCK_SECS), None, "a fresh start after the lock");
    }

    #[test]
    fn the_refusal_says_when_to_try_again() {
        let e = too_many("sign-in for this login", 61);
        assert_eq!(e.code, ErrorCode::TooManyAttempts);
        assert_eq!(e.details["retry_after_secs"], 61);
        assert!(e.message.contains("2 minutes"), "{}", e.message);
    }
}
