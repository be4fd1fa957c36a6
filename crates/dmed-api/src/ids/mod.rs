//! Identifier rules: parse what a pharmacist typed or scanned into a checked identifier, or say
//! precisely what is wrong with it (length, the offending character and its position, the check
//! character that was expected), before anything is sent over the network.

mod access_code;
mod error;
mod lookup;
mod pack_code;
mod pinfl;
mod rx_number;

pub use access_code::AccessCode;
pub use error::{IdError, IdField};
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
/// bring along).
pub(crate) fn trim_input(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}
