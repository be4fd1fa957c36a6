//! When to try an outbox row again: exponential backoff with jitter, never sooner than the
//! central system's `Retry-After`.

use std::time::Duration;

/// The wait after the first failure.
pub const BASE: Duration = Duration::from_secs(1);
/// The longest wait between two attempts of one row.
pub const CAP: Duration = Duration::from_secs(60);

/// The wait before the next attempt of a row that has failed `attempts` times (1 after the first
/// failure). `jitter` in `[0, 1)` spreads retries of many counters: the wait is between half and
/// all of `BASE * 2^(attempts-1)` (capped at [`CAP`]). A `retry_after` from the central system is
/// a lower bound.
pub fn delay(attempts: u32, jitter: f64, retry_after: Option<Duration>) -> Duration {
    let exp = attempts.saturating_sub(1).min(16);
    let full = BASE.saturating_mul(1u32 << exp).min(CAP);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let spread = full.mul_f64(0.5 + 0.5 * jitter);
    match retry_after {
        Some(at_least) => spread.max(at_least),
        None => spread,
    }
}

/// [`delay`] with a fresh random jitter.
pub fn delay_now(attempts: u32, retry_after: Option<Duration>) -> Duration {
    delay(attempts, rand::random::<f64>(), retry_after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_the_cap() {
        assert_eq!(delay(1, 1.0, None), Duration::from_secs(1));
        assert_eq!(delay(2, 1.0, None), Duration::from_secs(2));
        assert_eq!(delay(4, 1.0, None), Duration::from_secs(8));
        assert_eq!(delay(40, 1.0, None), CAP);
    }

    #[test]
    fn jitter_spreads_between_half_and_all() {
        assert_eq!(delay(3, 0.0, None), Duration::from_secs(2));
        let mid = delay(3, 0.5, None);
        assert!(mid > Duration::from_secs(2) && mid < Duration::from_secs(4));
        assert_eq!(delay(3, f64::NAN, None), Duration::from_secs(2));
        for _ in 0..100 {
            let d = delay_now(5, None);
            assert!(
                d >= Duration::from_secs(8) && d <= Duration::from_secs(16),
                "{d:?}"
            );
        }
    }

    #[test]
    fn retry_after_is_a_lower_bound() {
        assert_eq!(
            delay(1, 0.0, Some(Duration::from_secs(30))),
            Duration::from_secs(30)
        );
        assert_eq!(
            delay(8, 1.0, Some(Duration::from_secs(1))),
            Duration::from_secs(60)
        );
    }
}
