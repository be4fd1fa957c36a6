//! Pack marking codes (Asl belgisi): GS1 DataMatrix element strings with AI (01) GTIN-14,
//! (21) serial, (91) verification key, (92) crypto tail, and (17) expiry and (10) batch when
//! present. Variable-length fields end with FNC1, transmitted by scanners as GS (0x1D); the
//! human-readable form with parentheses, `(01)…(21)…`, is accepted too.
//!
//! Scanner framing that is accepted and does not change the code: surrounding white space (a
//! trailing CR, LF or TAB), a GS1 symbology identifier before the data (`]d2`, `]Q3`, `]C1`,
//! `]e0`), a GS before the first field (a leading FNC1) or after the last, and the text `<GS>`
//! in place of every GS (what a scanner that cannot send control characters, or the demo's
//! printout, gives) when the input holds no real GS and cannot be read with `<GS>` as data.
//! Any other character outside GS1's set (a CR or NUL inside, a zero-width space, a Cyrillic
//! letter) is refused, naming it.

use super::error::{IdError, IdField};
use super::invisible::describe_char;
use super::{trim_input, MAX_INPUT_CHARS};
use time::{Date, Month};

/// Group separator: how scanners transmit FNC1 inside the data.
pub const GS: char = '\u{1d}';

/// The printable stand-in for GS that scanners configured not to send control characters emit.
pub const GS_TEXT: &str = "<GS>";

/// A parsed pack code. `raw` is the canonical element string (GS-separated, no symbology prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackCode {
    pub gtin: String,
    pub serial: String,
    pub key: Option<String>,
    pub crypto: Option<String>,
    pub expiry: Option<Date>,
    pub batch: Option<String>,
    pub raw: String,
}

/// Fixed lengths of the AIs with a predefined length; the others end at GS or the end of data.
fn fixed_len(ai: &str) -> Option<usize> {
    match ai {
        "01" => Some(14),
        "17" => Some(6),
        _ => None,
    }
}

/// Maximum lengths of the variable AIs this counter reads.
fn max_len(ai: &str) -> Option<usize> {
    match ai {
        "21" | "10" => Some(20),
        "91" | "92" => Some(90),
        _ => None,
    }
}

fn bad(ai: &str, reason: &str) -> IdError {
    IdError::PackCodeField {
        ai: ai.to_owned(),
        reason: reason.to_owned(),
    }
}

impl PackCode {
    /// Parses a scanned or typed pack code.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let field = IdField::PackCode;
        let mut s = trim_input(input);
        if s.chars().count() > MAX_INPUT_CHARS {
            return Err(IdError::Length {
                field,
                expected: 83,
                found: s.chars().count() as u32,
            });
        }
        for prefix in ["]d2", "]D2", "]Q3", "]C1", "]e0"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest;
            }
        }
        let as_typed = Self::parse_framed(s);
        if as_typed.is_ok() || s.contains(GS) || !s.contains(GS_TEXT) {
            return as_typed;
        }
        // Read `<GS>` as the separator only when the code cannot be read with it as data, so a
        // code that is valid as typed (a serial may hold "<GS>") keeps its meaning.
        Self::parse_framed(&s.replace(GS_TEXT, &GS.to_string()))
    }

    /// Parses a code whose symbology identifier and surrounding space are gone.
    fn parse_framed(s: &str) -> Result<Self, IdError> {
        let s = s.trim_start_matches(GS);
        if s.is_empty() {
            return Err(IdError::Empty {
                field: IdField::PackCode,
            });
        }
        let pairs = if s.starts_with('(') {
            split_parenthesised(s)?
        } else {
            split_element_string(s)?
        };
        Self::from_pairs(pairs)
    }

    fn from_pairs(pairs: Vec<(String, String)>) -> Result<Self, IdError> {
        let mut code = PackCode {
            gtin: String::new(),
            serial: String::new(),
            key: None,
            crypto: None,
            expiry: None,
            batch: None,
            raw: String::new(),
        };
        for (ai, value) in &pairs {
            if value.is_empty() {
                return Err(bad(ai, "empty"));
            }
            if let Some(n) = fixed_len(ai) {
                if value.chars().count() != n {
                    return Err(bad(ai, "wrong length"));
                }
            }
            if let Some(max) = max_len(ai) {
                if value.chars().count() > max {
                    return Err(bad(ai, "too long"));
                }
            }
            if let Some(c) = value.chars().find(|c| !c.is_ascii_graphic()) {
                return Err(bad(
                    ai,
                    &format!("{} is outside GS1's character set", describe_char(c)),
                ));
            }
            match ai.as_str() {
                "01" => {
                    check_gtin(value)?;
                    code.gtin = value.clone();
                }
                "21" => code.serial = value.clone(),
                "91" => code.key = Some(value.clone()),
                "92" => code.crypto = Some(value.clone()),
                "17" => code.expiry = Some(parse_expiry(value)?),
                "10" => code.batch = Some(value.clone()),
                other => {
                    return Err(IdError::PackCodeUnknownAi {
                        ai: other.to_owned(),
                    })
                }
            }
        }
        if code.gtin.is_empty() {
            return Err(IdError::PackCodeMissingAi { ai: "01".into() });
        }
        if code.serial.is_empty() {
            return Err(IdError::PackCodeMissingAi { ai: "21".into() });
        }
        code.raw = code.to_element_string();
        Ok(code)
    }

    /// Builds a code from its parts (for demo data and tests); the GTIN must be valid.
    pub fn compose(
        gtin: &str,
        serial: &str,
        key: Option<&str>,
        crypto: Option<&str>,
    ) -> Result<Self, IdError> {
        let mut pairs = vec![
            ("01".to_owned(), gtin.to_owned()),
            ("21".to_owned(), serial.to_owned()),
        ];
        if let Some(k) = key {
            pairs.push(("91".into(), k.into()));
        }
        if let Some(c) = crypto {
            pairs.push(("92".into(), c.into()));
        }
        Self::from_pairs(pairs)
    }

    /// The canonical element string: fixed fields first, GS after each variable field but the last.
    pub fn to_element_string(&self) -> String {
        let mut out = format!("01{}", self.gtin);
        if let Some(e) = self.expiry {
            out.push_str(&format!(
                "17{:02}{:02}{:02}",
                e.year() % 100,
                u8::from(e.month()),
                e.day()
            ));
        }
        let mut vars: Vec<(&str, &str)> = vec![("21", &self.serial)];
        if let Some(b) = &self.batch {
            vars.push(("10", b));
        }
        if let Some(k) = &self.key {
            vars.push(("91", k));
        }
        if let Some(c) = &self.crypto {
            vars.push(("92", c));
        }
        let n = vars.len();
        for (i, (ai, v)) in vars.into_iter().enumerate() {
            out.push_str(ai);
            out.push_str(v);
            if i + 1 < n {
                out.push(GS);
            }
        }
        out
    }

    /// The identity of one physical pack: GTIN + serial. Two scans of the same pack share it.
    pub fn pack_id(&self) -> String {
        format!("{}/{}", self.gtin, self.serial)
    }

    /// The last characters of the serial, for receipts (`…` + last 4).
    pub fn tail(&self) -> String {
        let chars: Vec<char> = self.serial.chars().collect();
        let start = chars.len().saturating_sub(4);
        format!("…{}", chars[start..].iter().collect::<String>())
    }
}

fn split_element_string(s: &str) -> Result<Vec<(String, String)>, IdError> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < chars.len() {
        if chars[i] == GS {
            i += 1;
            continue;
        }
        if i + 2 > chars.len() {
            return Err(IdError::PackCodeUnknownAi {
                ai: chars[i..].iter().collect(),
            });
        }
        let ai: String = chars[i..i + 2].iter().collect();
        i += 2;
        let value: String = if let Some(n) = fixed_len(&ai) {
            let end = (i + n).min(chars.len());
            let v: String = chars[i..end].iter().collect();
            i = end;
            v
        } else if max_len(&ai).is_some() {
            let end = chars[i..]
                .iter()
                .position(|&c| c == GS)
                .map_or(chars.len(), |p| i + p);
            let v: String = chars[i..end].iter().collect();
            i = end;
            v
        } else {
            return Err(IdError::PackCodeUnknownAi { ai });
        };
        out.push((ai, value));
    }
    Ok(out)
}

fn split_parenthesised(s: &str) -> Result<Vec<(String, String)>, IdError> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let inner = rest
            .strip_prefix('(')
            .ok_or_else(|| bad("?", "expected '(' before an AI"))?;
        let close = inner.find(')').ok_or_else(|| bad("?", "unclosed '('"))?;
        let ai = inner[..close].to_owned();
        let after = &inner[close + 1..];
        let end = after.find('(').unwrap_or(after.len());
        out.push((ai, after[..end].to_owned()));
        rest = &after[end..];
    }
    Ok(out)
}

/// GS1 mod-10 check digit over a GTIN-14.
fn check_gtin(gtin: &str) -> Result<(), IdError> {
    let digits: Vec<u32> = gtin.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 14 {
        return Err(bad("01", "a GTIN has 14 digits"));
    }
    let expected = gtin_check_digit(&digits[..13]);
    if expected != digits[13] {
        return Err(IdError::CheckCharacter {
            field: IdField::PackCode,
            expected: expected.to_string(),
            found: digits[13].to_string(),
        });
    }
    Ok(())
}

/// The GS1 check digit of the first 13 digits of a GTIN-14 (weights 3,1,3,… from the left).
pub fn gtin_check_digit(first13: &[u32]) -> u32 {
    let sum: u32 = first13
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    (10 - sum % 10) % 10
}

/// YYMMDD; DD = 00 means the last day of the month.
fn parse_expiry(v: &str) -> Result<Date, IdError> {
    let n: Vec<u32> = v.chars().filter_map(|c| c.to_digit(10)).collect();
    if n.len() != 6 {
        return Err(bad("17", "expiry must be YYMMDD digits"));
    }
    let year = 2000 + (n[0] * 10 + n[1]) as i32;
    let month =
        Month::try_from((n[2] * 10 + n[3]) as u8).map_err(|_| bad("17", "no such month"))?;
    let day = (n[4] * 10 + n[5]) as u8;
    let day = if day == 0 { month.length(year) } else { day };
    Date::from_calendar_date(year, month, day).map_err(|_| bad("17", "no such day"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::scanner_input::{cyrillic_lookalike, insert_at, invisible, trailer};
    use proptest::prelude::*;

    const GTIN: &str = "04601234567893";

    #[test]
    fn gtin_check_digit_of_a_known_code() {
        let d: Vec<u32> = GTIN.chars().map(|c| c.to_digit(10).unwrap()).collect();
        assert_eq!(gtin_check_digit(&d[..13]), 3);
    }

    #[test]
    fn an_asl_belgisi_code_with_gs_separators_parses() {
        let s = format!("]d201{GTIN}215Ab1c2D3eF4g{GS}91EE06{GS}92dGhjkL0123456789abcdefghijABCDEFGHIJ0123456789==");
        let c = PackCode::parse(&s).unwrap();
        assert_eq!(c.gtin, GTIN);
        assert_eq!(c.serial, "5Ab1c2D3eF4g");
        assert_eq!(c.key.as_deref(), Some("EE06"));
        assert!(c.crypto.as_deref().unwrap().starts_with("dGhj"));
        assert_eq!(PackCode::parse(&c.raw).unwrap(), c);
        assert_eq!(c.tail(), "…eF4g");
    }

    #[test]
    fn expiry_and_batch_are_read_in_either_form() {
        let s = format!("01{GTIN}17270300102403A{GS}21SER1");
        let c = PackCode::parse(&s).unwrap();
        assert_eq!(c.expiry, Some(time::macros::date!(2027 - 03 - 31)));
        assert_eq!(c.batch.as_deref(), Some("2403A"));
        let p = PackCode::parse(&format!("(01){GTIN}(17)270315(10)2403A(21)SER1")).unwrap();
        assert_eq!(p.expiry, Some(time::macros::date!(2027 - 03 - 15)));
        assert_eq!(p.serial, "SER1");
    }

    #[test]
    fn bad_codes_say_what_is_wrong() {
        assert_eq!(
            PackCode::parse("").unwrap_err(),
            IdError::Empty {
                field: IdField::PackCode
            }
        );
        assert!(matches!(
            PackCode::parse("0104601234567894215AB").unwrap_err(),
            IdError::CheckCharacter {
                field: IdField::PackCode,
                ..
            }
        ));
        assert_eq!(
            PackCode::parse(&format!("01{GTIN}")).unwrap_err(),
            IdError::PackCodeMissingAi { ai: "21".into() }
        );
        assert_eq!(
            PackCode::parse(&format!("01{GTIN}99xyz")).unwrap_err(),
            IdError::PackCodeUnknownAi { ai: "99".into() }
        );
        assert!(matches!(
            PackCode::parse(&format!("01{GTIN}171399002110")).unwrap_err(),
            IdError::PackCodeField { .. }
        ));
        assert!(matches!(
            PackCode::parse("DMEDRX:1:x:1").unwrap_err(),
            IdError::PackCodeUnknownAi { .. }
        ));
    }

    #[test]
    fn gs_written_as_text_separates_fields_like_gs() {
        let real = PackCode::parse(&format!("01{GTIN}21SER1{GS}91EE06{GS}92abc")).unwrap();
        let text = PackCode::parse(&format!("01{GTIN}21SER1<GS>91EE06<GS>92abc")).unwrap();
        assert_eq!(text, real);
        assert_eq!(text.serial, "SER1");
    }

    #[test]
    fn gs_text_is_part_of_the_data_when_real_gs_is_present() {
        let c = PackCode::parse(&format!("01{GTIN}21A<GS>B{GS}91EE06")).unwrap();
        assert_eq!(c.serial, "A<GS>B");
    }

    #[test]
    fn gs_text_in_a_code_valid_as_typed_is_data_and_the_canonical_form_reads_back() {
        let c = PackCode::parse(&format!("01{GTIN}21A<GS>B{GS}")).unwrap();
        assert_eq!(c.serial, "A<GS>B");
        assert_eq!(c.raw, format!("01{GTIN}21A<GS>B"));
        assert_eq!(PackCode::parse(&c.raw).unwrap(), c);
    }

    #[test]
    fn a_control_character_inside_a_field_is_named() {
        let e = PackCode::parse(&format!("01{GTIN}21SER\r1{GS}91EE06")).unwrap_err();
        assert_eq!(
            e,
            IdError::PackCodeField {
                ai: "21".into(),
                reason: "U+000D (carriage return) is outside GS1's character set".into()
            }
        );
        assert!(e.to_string().contains("(21)"), "{e}");
    }

    fn gtin() -> impl Strategy<Value = String> {
        "[0-9]{13}".prop_map(|body| {
            let d: Vec<u32> = body.chars().map(|c| c.to_digit(10).unwrap()).collect();
            format!("{body}{}", gtin_check_digit(&d))
        })
    }

    /// Serials from GS1's set, without `(` `)` (the bracketed form's delimiters) or `<`.
    const SERIAL: &str = "[!-~&&[^()<]]{1,19}";

    proptest! {
        #[test]
        fn a_code_with_scanner_framing_parses_the_same(
            gtin in gtin(),
            serial in SERIAL,
            key in "[A-Za-z0-9]{4}",
            crypto in "[A-Za-z0-9+/=]{44}",
            id in proptest::sample::select(&["", "]d2", "]Q3", "]C1", "]e0"][..]),
            lead_gs: bool,
            trail_gs: bool,
            gs_as_text: bool,
            end in trailer(),
        ) {
            let code = PackCode::compose(&gtin, &serial, Some(&key), Some(&crypto)).unwrap();
            let mut s = code.to_element_string();
            if lead_gs { s.insert(0, GS); }
            if trail_gs { s.push(GS); }
            if gs_as_text { s = s.replace(GS, GS_TEXT); }
            let framed = format!("{id}{s}{end}");
            prop_assert_eq!(PackCode::parse(&framed).unwrap(), code);
        }

        #[test]
        fn an_invisible_character_inside_a_field_is_refused_by_name(
            gtin in gtin(),
            serial in SERIAL,
            at in 0usize..20,
            c in invisible().prop_filter("GS separates fields", |c| *c != GS),
        ) {
            let code = PackCode::compose(&gtin, &serial, Some("EE06"), None).unwrap();
            let s = code.to_element_string();
            let at = 18 + at % (serial.chars().count() + 1);
            let e = PackCode::parse(&insert_at(&s, at, c)).unwrap_err();
            let reason = format!("U+{:04X}", c as u32);
            match &e {
                IdError::PackCodeField { ai, reason: r } => {
                    prop_assert_eq!(ai, "21");
                    prop_assert!(r.contains(&reason), "{}", r);
                }
                other => prop_assert!(false, "{:?}", other),
            }
        }

        #[test]
        fn a_cyrillic_letter_inside_a_field_is_refused_by_name(
            gtin in gtin(),
            serial in SERIAL,
            at in 0usize..20,
            c in cyrillic_lookalike(),
        ) {
            let code = PackCode::compose(&gtin, &serial, Some("EE06"), None).unwrap();
            let at = 18 + at % (serial.chars().count() + 1);
            let e = PackCode::parse(&insert_at(&code.to_element_string(), at, c)).unwrap_err();
            prop_assert_eq!(e, IdError::PackCodeField {
                ai: "21".into(),
                reason: format!("'{c}' is outside GS1's character set"),
            });
        }

        #[test]
        fn composed_codes_round_trip(body in "[0-9]{13}", serial in "[!-~&&[^()]]{1,20}", key in "[A-Z0-9]{4}") {
            let d: Vec<u32> = body.chars().map(|c| c.to_digit(10).unwrap()).collect();
            let gtin = format!("{body}{}", gtin_check_digit(&d));
            let c = PackCode::compose(&gtin, &serial, Some(&key), None).unwrap();
            let back = PackCode::parse(&c.to_element_string()).unwrap();
            prop_assert_eq!(back, c);
        }

        #[test]
        fn arbitrary_input_never_panics(s in "\\PC{0,120}") {
            let _ = PackCode::parse(&s);
            let _ = PackCode::parse(&format!("01{GTIN}{s}"));
            let _ = PackCode::parse(&format!("({s}"));
        }
    }
}
