//! Converting stored text and numbers to wire values: snake_case enums, dates, timestamps.

use rusqlite::types::Type;
use serde::de::DeserializeOwned;
use serde::Serialize;
use time::{Date, OffsetDateTime};

time::serde::format_description!(ymd_format, Date, "[year]-[month]-[day]");

/// The wire spelling of a unit-like enum (`"partially_dispensed"`).
pub fn enum_str<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Parses the wire spelling of an enum read from column `col`.
pub fn parse_enum<T: DeserializeOwned>(col: usize, s: &str) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(col, Type::Text, Box::new(e)))
}

/// `YYYY-MM-DD`.
pub fn date_str(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Parses `YYYY-MM-DD` read from column `col`.
pub fn parse_date(col: usize, s: &str) -> rusqlite::Result<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &format)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(col, Type::Text, Box::new(e)))
}

/// Unix seconds to UTC time.
pub fn ts(secs: i64) -> OffsetDateTime {
    crate::clock::from_unix(secs)
}

/// Reads a JSON value stored as text in column `col`.
pub fn parse_json<T: DeserializeOwned>(col: usize, s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(col, Type::Text, Box::new(e)))
}

/// Serialises a value to JSON text for storage.
pub fn json_text<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::types::PrescriptionStatus;

    #[test]
    fn enums_and_dates_round_trip() {
        let s = enum_str(&PrescriptionStatus::PartiallyDispensed);
        assert_eq!(s, "partially_dispensed");
        let back: PrescriptionStatus = parse_enum(0, &s).unwrap();
        assert_eq!(back, PrescriptionStatus::PartiallyDispensed);
        assert!(parse_enum::<PrescriptionStatus>(0, "bogus").is_err());
        let d = time::macros::date!(2026 - 03 - 09);
        assert_eq!(parse_date(0, &date_str(d)).unwrap(), d);
    }
}
