//! The server's one time source: the real clock plus an offset that `/_sandbox/clock` moves,
//! so tests can expire holds, tokens, validity windows and the withdraw window at once.

use std::sync::atomic::{AtomicI64, Ordering};
use time::{Date, OffsetDateTime, UtcOffset};

/// Tashkent time (UTC+5), in which prescription validity dates are counted.
pub const LOCAL_OFFSET: UtcOffset = time::macros::offset!(+5);

/// Wall clock shifted by an adjustable number of seconds.
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
}

impl Clock {
    pub fn new() -> Self {
        Self::default()
    }

    /// Now, in whole seconds, UTC.
    pub fn now(&self) -> OffsetDateTime {
        let real = OffsetDateTime::now_utc().unix_timestamp();
        from_unix(real.saturating_add(self.offset()))
    }

    /// Today's calendar date in Tashkent.
    pub fn today(&self) -> Date {
        self.now().to_offset(LOCAL_OFFSET).date()
    }

    /// Moves "now" by `secs` (negative moves back); returns the new offset.
    pub fn advance(&self, secs: i64) -> i64 {
        self.offset_secs.fetch_add(secs, Ordering::SeqCst);
        self.offset()
    }

    /// The current shift from the real clock, in seconds.
    pub fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::SeqCst)
    }
}

/// A unix timestamp as UTC time; out-of-range values clamp to the epoch.
pub fn from_unix(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The Tashkent calendar date of an instant.
pub fn local_date(at: OffsetDateTime) -> Date {
    at.to_offset(LOCAL_OFFSET).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_and_today() {
        let clock = Clock::new();
        let before = clock.now();
        let today = clock.today();
        clock.advance(2 * 86_400);
        let after = clock.now();
        assert!(after - before >= time::Duration::days(2));
        assert_eq!(clock.today(), today.saturating_add(time::Duration::days(2)));
        assert_eq!(clock.offset(), 2 * 86_400);
    }

    #[test]
    fn now_has_whole_seconds() {
        assert_eq!(Clock::new().now().nanosecond(), 0);
    }

    #[test]
    fn local_date_is_tashkent() {
        let late_utc = time::macros::datetime!(2026-03-01 20:30 UTC);
        assert_eq!(local_date(late_utc), time::macros::date!(2026 - 03 - 02));
    }
}
