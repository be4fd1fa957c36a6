//! Local (Tashkent, UTC+5, no daylight saving) days as UTC bounds, and the period presets of
//! the reports screen.

use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::ReportError;

/// The counter's local offset.
pub const LOCAL_OFFSET: UtcOffset = time::macros::offset!(+5);

/// Longest period a report may cover, in days (about ten years).
pub const MAX_DAYS: i64 = 3700;

/// The bounds `[start, end)` of the local days `from..=to`.
pub fn bounds(from: Date, to: Date) -> Result<(OffsetDateTime, OffsetDateTime), ReportError> {
    check(from, to)?;
    let start = PrimitiveDateTime::new(from, Time::MIDNIGHT).assume_offset(LOCAL_OFFSET);
    let end =
        PrimitiveDateTime::new(to, Time::MIDNIGHT).assume_offset(LOCAL_OFFSET) + Duration::days(1);
    Ok((start, end))
}

/// Refuses a period that ends before it starts or is absurdly long.
pub fn check(from: Date, to: Date) -> Result<(), ReportError> {
    if to < from {
        return Err(ReportError::BadPeriod(format!(
            "the period ends ({to}) before it starts ({from})"
        )));
    }
    if (to - from).whole_days() > MAX_DAYS {
        return Err(ReportError::BadPeriod(format!(
            "the period from {from} to {to} is longer than {MAX_DAYS} days"
        )));
    }
    Ok(())
}

/// Every day of `from..=to`.
pub fn days(from: Date, to: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(from), move |d| d.next_day().filter(|n| *n <= to))
        .take_while(move |d| *d <= to)
}

/// The local date at `now`.
pub fn local_today(now: OffsetDateTime) -> Date {
    now.to_offset(LOCAL_OFFSET).date()
}

/// A local time in the reports' form, `YYYY-MM-DD HH:MM`.
pub fn local_minute(now: OffsetDateTime) -> String {
    let t = now.to_offset(LOCAL_OFFSET);
    format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<Date, ReportError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), format)
        .map_err(|e| ReportError::BadPeriod(format!("'{s}' is not a date (YYYY-MM-DD): {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_local_day_starts_at_19_utc_the_day_before() {
        let (start, end) = bounds(date!(2026 - 11 - 21), date!(2026 - 11 - 21)).unwrap();
        assert_eq!(start, time::macros::datetime!(2026-11-20 19:00 UTC));
        assert_eq!(end, time::macros::datetime!(2026-11-21 19:00 UTC));
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_refused() {
        assert!(bounds(date!(2026 - 11 - 21), date!(2026 - 11 - 20)).is_err());
    }

    #[test]
    fn days_lists_every_day_inclusive() {
        let all: Vec<Date> = days(date!(2026 - 02 - 27), date!(2026 - 03 - 02)).collect();
        assert_eq!(all.len(), 4);
        assert_eq!(all[3], date!(2026 - 03 - 02));
    }

    #[test]
    fn dates_parse_and_bad_ones_are_errors() {
        assert_eq!(parse_date("2026-11-21").unwrap(), date!(2026 - 11 - 21));
        assert!(parse_date("21.11.2026").is_err());
    }
}
