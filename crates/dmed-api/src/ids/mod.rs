//! Identifier rules: parse what a pharmacist typed or scanned into a checked identifier, or say
//! precisely what is wrong with it (length, the offending character and its position, the check
//! character that was expected), before anything is sent over the network.

mod access_code;
mod error;
mod invisible;
mod lookup;
mod pack_code;
mod pinfl;
mod rx_number;
#[cfg(test)]
mod scanner_input;

pub use access_code::AccessCode;
pub use error::{IdError, IdField};
pub use invisible::{describe_char, is_invisible};
pub use lookup::LookupKey;
pub use pack_code::{gtin_check_digit, PackCode, GS};
pub use pinfl::{Pinfl, Sex};
pub use rx_number::RxNumber;

/// Inputs longer than this are rejected by length without scanning them character by character.
pub(crate) const MAX_INPUT_CHARS: usize = 512;

/// Latin letters that a Cyrillic (or Greek) character can be mistaken for, so the message can say
/// "looks like Latin A" instead of only "invalid character".
pub(crate) fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'А' | 'а' | 'Α' => 'A',
        'В' | 'в' | 'Β' => 'B',
        'Е' | 'е' | 'Ε' => 'E',
        'К' | 'к' | 'Κ' => 'K',
        'М' | 'м' | 'Μ' => 'M',
        'Н' | 'н' | 'Η' => 'H',
        'О' | 'о' | 'Ο' => 'O',
        'Р' | 'р' | 'Ρ' => 'P',
        'С' | 'с' => 'C',
        'Т' | 'т' | 'Τ' => 'T',
        'Х' | 'х' | 'Χ' => 'X',
        'У' | 'у' => 'Y',
        'З' | 'з' => '3',
        _ => return None,
    })
}

/// Trims surrounding white space (including non-breaking spaces that scanners and pasted text
/// bring along, and the CR, LF or TAB a scanner sends after a code) and byte order marks.
/// Anything else that cannot be seen (GS, NUL, ESC, zero-width spaces) is left in place for the
/// parser to refuse by name.
pub(crate) fn trim_input(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// Drops an AIM symbology identifier that a scanner set to send one puts before the data
/// (`]Q1` for a QR code, `]d2` for a GS1 DataMatrix, `]C1` for GS1-128...): `]`, a letter and a
/// digit. No identifier starts with `]`, so nothing valid is lost.
pub(crate) fn strip_symbology_id(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() >= 3 && b[0] == b']' && b[1].is_ascii_alphabetic() && b[2].is_ascii_digit() {
        &s[3..]
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::invisible::is_invisible;
    use super::scanner_input::scanner_noise;
    use super::*;
    use proptest::prelude::*;

    /// Every parser's verdict on one input.
    fn verdicts(s: &str) -> [Result<(), IdError>; 5] {
        [
            Pinfl::parse(s).map(drop),
            RxNumber::parse(s).map(drop),
            AccessCode::parse(s).map(drop),
            LookupKey::parse(s).map(drop),
            PackCode::parse(s).map(drop),
        ]
    }

    #[test]
    fn a_symbology_identifier_is_dropped_only_when_well_formed() {
        assert_eq!(strip_symbology_id("]Q1DMEDRX"), "DMEDRX");
        assert_eq!(strip_symbology_id("]d2010"), "010");
        assert_eq!(strip_symbology_id("]QX1"), "]QX1");
        assert_eq!(strip_symbology_id("]Q"), "]Q");
        assert_eq!(strip_symbology_id("]Ё1"), "]Ё1");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn no_parser_panics_on_what_scanners_send(s in scanner_noise()) {
            for verdict in verdicts(&s) {
                let Err(e) = verdict else { continue };
                let message = e.to_string();
                // Messages never carry an invisible character raw: it is named instead.
                prop_assert!(!message.chars().any(is_invisible), "{:?}", message);
                if let IdError::ControlCharacter { found, .. } = &e {
                    let c = found.chars().next().unwrap();
                    prop_assert!(is_invisible(c));
                    let code_point = format!("U+{:04X}", c as u32);
                    prop_assert!(message.contains(&code_point), "{}", message);
                }
            }
        }
    }
}
