//! FHIR's `instant`, `dateTime` and `date` as text, to and from `time`'s types.

use crate::MappingError;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

/// An instant as FHIR writes it (RFC 3339).
pub fn instant(t: OffsetDateTime) -> String {
    t.format(&Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// A `date`.
pub fn date(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// An `instant` or a full `dateTime` of `element`.
pub fn parse_instant(text: Option<&str>, element: &str) -> Result<OffsetDateTime, MappingError> {
    let text = text.ok_or_else(|| MappingError::missing(element))?;
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|e| MappingError::new(element, format!("'{text}' is not a date and time ({e})")))
}

/// A `date`, or the day of a `dateTime`, of `element`.
pub fn parse_date(text: Option<&str>, element: &str) -> Result<Date, MappingError> {
    let text = text.ok_or_else(|| MappingError::missing(element))?;
    let day = text.get(..10).unwrap_or(text);
    Date::parse(day, format_description!("[year]-[month]-[day]"))
        .map_err(|e| MappingError::new(element, format!("'{text}' is not a date ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn instants_and_dates_go_both_ways() {
        let t = datetime!(2026-03-02 11:00:00 +05:00);
        assert_eq!(instant(t), "2026-03-02T11:00:00+05:00");
        assert_eq!(parse_instant(Some(&instant(t)), "x").unwrap(), t);
        assert_eq!(date(date!(2026 - 09 - 02)), "2026-09-02");
        assert_eq!(
            parse_date(Some("2026-09-02"), "x").unwrap(),
            date!(2026 - 09 - 02)
        );
        assert_eq!(
            parse_date(Some("2026-09-02T00:00:00Z"), "x").unwrap(),
            date!(2026 - 09 - 02)
        );
        assert!(parse_date(Some("02.09.2026"), "x").is_err());
        assert_eq!(
            parse_instant(None, "recorded").unwrap_err().element,
            "recorded"
        );
    }
}
