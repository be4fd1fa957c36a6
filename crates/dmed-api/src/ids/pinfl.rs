//! PINFL (JSHSHIR), the 14-digit personal number: sex and century, birth date, district, serial,
//! and a 7-3-1 check digit.

use super::error::{check_chars, IdError, IdField};
use super::{trim_input, MAX_INPUT_CHARS};
use serde::{Deserialize, Serialize};
use time::{Date, Month};

const LEN: usize = 14;
const WEIGHTS: [u32; 3] = [7, 3, 1];

/// A PINFL whose length, digits, first digit, birth date and check digit are valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Pinfl(String);

/// The sex encoded in the first digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Pinfl {
    /// Parses a PINFL, trimming surrounding white space.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let field = IdField::Pinfl;
        let s = trim_input(input);
        if s.is_empty() {
            return Err(IdError::Empty { field });
        }
        let count = s.chars().count();
        if count > MAX_INPUT_CHARS {
            return Err(IdError::Length {
                field,
                expected: LEN as u32,
                found: count as u32,
            });
        }
        let chars: Vec<char> = s.chars().collect();
        check_chars(field, &chars, |_, c| c.is_ascii_digit(), true)?;
        if count != LEN {
            return Err(IdError::Length {
                field,
                expected: LEN as u32,
                found: count as u32,
            });
        }
        let digits: Vec<u32> = chars.iter().map(|c| c.to_digit(10).unwrap_or(0)).collect();
        if !(1..=6).contains(&digits[0]) {
            return Err(IdError::SexCentury {
                found: chars[0].to_string(),
            });
        }
        birth_date_of(&digits)?;
        let expected = check_digit(&digits[..13]);
        if expected != digits[13] {
            return Err(IdError::CheckCharacter {
                field,
                expected: expected.to_string(),
                found: digits[13].to_string(),
            });
        }
        Ok(Self(s.to_owned()))
    }

    /// Builds a valid PINFL from its parts (the check digit is computed). `district` is 0..=999 and
    /// `serial` 0..=999. Years outside 1800..=2099 are rejected.
    pub fn compose(sex: Sex, birth: Date, district: u16, serial: u16) -> Option<Self> {
        let century = match birth.year() {
            1800..=1899 => 1,
            1900..=1999 => 3,
            2000..=2099 => 5,
            _ => return None,
        };
        if district > 999 || serial > 999 {
            return None;
        }
        let first = century + u32::from(sex == Sex::Female);
        let body = format!(
            "{first}{:02}{:02}{:02}{district:03}{serial:03}",
            birth.day(),
            u8::from(birth.month()),
            birth.year() % 100
        );
        let digits: Vec<u32> = body.chars().filter_map(|c| c.to_digit(10)).collect();
        Some(Self(format!("{body}{}", check_digit(&digits))))
    }

    /// The 14 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date encoded in digits 1–7.
    pub fn birth_date(&self) -> Date {
        let digits: Vec<u32> = self.0.chars().filter_map(|c| c.to_digit(10)).collect();
        birth_date_of(&digits).expect("validated at parse")
    }

    /// The sex encoded in the first digit.
    pub fn sex(&self) -> Sex {
        if self.0.as_bytes()[0] % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The number as shown to staff: first and last two digits only, e.g. `30**********33`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Masks any PINFL-like string for display, keeping the first and last two characters.
pub fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..2].iter().collect();
    out.push_str(&"*".repeat(chars.len() - 4));
    out.extend(&chars[chars.len() - 2..]);
    out
}

/// Σ dᵢ·wᵢ mod 10 with weights 7, 3, 1 repeating.
fn check_digit(first13: &[u32]) -> u32 {
    first13
        .iter()
        .zip(WEIGHTS.iter().cycle())
        .map(|(d, w)| d * w)
        .sum::<u32>()
        % 10
}

fn birth_date_of(d: &[u32]) -> Result<Date, IdError> {
    let century = match d[0] {
        1 | 2 => 1800,
        3 | 4 => 1900,
        _ => 2000,
    };
    let day = d[1] * 10 + d[2];
    let month = d[3] * 10 + d[4];
    let year = century + (d[5] * 10 + d[6]) as i32;
    let bad = IdError::BirthDate { day, month, year };
    let m = Month::try_from(month as u8).map_err(|_| bad.clone())?;
    Date::from_calendar_date(year, m, day as u8).map_err(|_| bad)
}

impl TryFrom<String> for Pinfl {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Pinfl> for String {
    fn from(value: Pinfl) -> Self {
        value.0
    }
}

impl std::fmt::Display for Pinfl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::scanner_input::{cyrillic_lookalike, insert_at, invisible, trailer};
    use proptest::prelude::*;

    #[test]
    fn the_contract_example_validates() {
        let p = Pinfl::parse("30211975910033").unwrap();
        assert_eq!(p.birth_date(), time::macros::date!(1997 - 11 - 02));
        assert_eq!(p.sex(), Sex::Male);
        assert_eq!(p.masked(), "30**********33");
    }

    #[test]
    fn table_of_bad_inputs_names_the_problem() {
        let cases: &[(&str, IdError)] = &[
            (
                "",
                IdError::Empty {
                    field: IdField::Pinfl,
                },
            ),
            (
                "   ",
                IdError::Empty {
                    field: IdField::Pinfl,
                },
            ),
            (
                "3021197591003",
                IdError::Length {
                    field: IdField::Pinfl,
                    expected: 14,
                    found: 13,
                },
            ),
            (
                "302119759100333",
                IdError::Length {
                    field: IdField::Pinfl,
                    expected: 14,
                    found: 15,
                },
            ),
            (
                "3021197591003X",
                IdError::NonDigit {
                    field: IdField::Pinfl,
                    position: 14,
                    found: "X".into(),
                },
            ),
            (
                "30211975910034",
                IdError::CheckCharacter {
                    field: IdField::Pinfl,
                    expected: "3".into(),
                    found: "4".into(),
                },
            ),
            ("90211975910033", IdError::SexCentury { found: "9".into() }),
            (
                "33102975910033",
                IdError::BirthDate {
                    day: 31,
                    month: 2,
                    year: 1997,
                },
            ),
            (
                "302\u{7}1975910033",
                IdError::ControlCharacter {
                    field: IdField::Pinfl,
                    position: 4,
                    found: "\u{7}".into(),
                },
            ),
            (
                "З0211975910033",
                IdError::NonDigit {
                    field: IdField::Pinfl,
                    position: 1,
                    found: "З".into(),
                },
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(
                &Pinfl::parse(input).unwrap_err(),
                expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn surrounding_space_is_trimmed() {
        assert!(Pinfl::parse(" 30211975910033\n").is_ok());
    }

    #[test]
    fn a_10kb_string_is_rejected_by_length_quickly() {
        let long = "3".repeat(10_240);
        assert_eq!(
            Pinfl::parse(&long).unwrap_err(),
            IdError::Length {
                field: IdField::Pinfl,
                expected: 14,
                found: 10_240
            }
        );
    }

    #[test]
    fn messages_say_what_to_fix() {
        let e = Pinfl::parse("30211975910034").unwrap_err();
        assert!(e.to_string().contains("expected '3'"), "{e}");
        let e = Pinfl::parse("3021197591003X").unwrap_err();
        assert!(e.to_string().contains("position 14"), "{e}");
        assert_eq!(e.details()["problem"], "non_digit");
    }

    fn arb_date() -> impl Strategy<Value = Date> {
        (1900i32..2099, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| {
            Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
        })
    }

    proptest! {
        #[test]
        fn composed_pinfls_parse_back(date in arb_date(), female: bool, district in 0u16..1000, serial in 0u16..1000) {
            let sex = if female { Sex::Female } else { Sex::Male };
            let p = Pinfl::compose(sex, date, district, serial).unwrap();
            let back = Pinfl::parse(p.as_str()).unwrap();
            prop_assert_eq!(back.birth_date(), date);
            prop_assert_eq!(back.sex(), sex);
        }

        #[test]
        fn any_single_digit_change_is_caught(date in arb_date(), pos in 0usize..14, delta in 1u32..10) {
            let p = Pinfl::compose(Sex::Male, date, 1, 1).unwrap();
            let mut digits: Vec<u32> = p.as_str().chars().map(|c| c.to_digit(10).unwrap()).collect();
            digits[pos] = (digits[pos] + delta) % 10;
            let s: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
            // A change may also break the first digit or the date: any error is fine, never Ok,
            // because 7, 3 and 1 are all coprime with 10.
            prop_assert!(Pinfl::parse(&s).is_err());
        }

        #[test]
        fn arbitrary_strings_never_panic(s in "\\PC{0,64}") {
            let _ = Pinfl::parse(&s);
        }

        #[test]
        fn a_scanned_pinfl_with_its_line_ending_parses_the_same(date in arb_date(), end in trailer()) {
            let p = Pinfl::compose(Sex::Female, date, 12, 345).unwrap();
            prop_assert_eq!(Pinfl::parse(&format!("{p}{end}")).unwrap(), p);
        }

        #[test]
        fn an_invisible_character_inside_is_refused_by_name(date in arb_date(), at in 1usize..14, c in invisible()) {
            let p = Pinfl::compose(Sex::Male, date, 1, 2).unwrap();
            let e = Pinfl::parse(&insert_at(p.as_str(), at, c)).unwrap_err();
            prop_assert_eq!(&e, &IdError::ControlCharacter {
                field: IdField::Pinfl,
                position: at as u32 + 1,
                found: c.to_string(),
            });
            prop_assert!(e.to_string().contains(&format!("U+{:04X}", c as u32)), "{}", e);
        }

        #[test]
        fn a_cyrillic_lookalike_is_refused_as_a_non_digit(date in arb_date(), at in 0usize..14, c in cyrillic_lookalike()) {
            let p = Pinfl::compose(Sex::Male, date, 1, 2).unwrap();
            let mut chars: Vec<char> = p.as_str().chars().collect();
            chars[at] = c;
            let e = Pinfl::parse(&chars.iter().collect::<String>()).unwrap_err();
            prop_assert_eq!(&e, &IdError::NonDigit {
                field: IdField::Pinfl,
                position: at as u32 + 1,
                found: c.to_string(),
            });
            prop_assert!(e.to_string().contains(&format!("'{c}'")), "{}", e);
        }
    }
}
