//! Proptest strategies for what scanners and keyboards really send: the CR/LF/TAB a scanner ends
//! a read with, AIM symbology identifiers, GS and its `<GS>` stand-in, other control characters,
//! zero-width characters and Cyrillic look-alikes of Latin letters and digits.

use super::GS;
use proptest::prelude::*;

/// Characters nobody can see that a scanner, a terminal or a paste brings into a field.
pub const INVISIBLE: [char; 12] = [
    GS, '\r', '\n', '\t', '\0', '\u{1b}', '\u{1e}', '\u{4}', '\u{200b}', '\u{200c}', '\u{200d}',
    '\u{feff}',
];

/// Cyrillic letters that look like the Latin letters or digits of an identifier.
pub const CYRILLIC_LOOKALIKES: [char; 14] = [
    'А', 'В', 'Е', 'К', 'М', 'Н', 'О', 'Р', 'С', 'Т', 'Х', 'У', 'З', 'а',
];

/// One invisible character.
pub fn invisible() -> impl Strategy<Value = char> {
    proptest::sample::select(&INVISIBLE[..])
}

/// One Cyrillic look-alike.
pub fn cyrillic_lookalike() -> impl Strategy<Value = char> {
    proptest::sample::select(&CYRILLIC_LOOKALIKES[..])
}

/// What a scanner may send after a code (a keyboard-wedge scanner's Enter, a tab to the next
/// field), or nothing.
pub fn trailer() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(&["", "\r", "\n", "\r\n", "\t", " \r\n"][..])
}

/// AIM symbology identifiers a scanner may put before the data.
pub fn symbology_id() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(&["]d2", "]Q3", "]C1", "]e0", "]Q1", "]d1"][..])
}

/// Arbitrary text built from pieces scanners and people produce: digits and letters, framing,
/// separators and their stand-ins, invisible and look-alike characters, prefixes of every
/// accepted form, and any printable or unprintable character.
pub fn scanner_noise() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,14}",
        "[A-Za-z0-9+/=-]{1,12}",
        symbology_id().prop_map(String::from),
        trailer().prop_map(String::from),
        Just("<GS>".to_owned()),
        Just("]d2".to_owned()),
        invisible().prop_map(String::from),
        cyrillic_lookalike().prop_map(String::from),
        proptest::sample::select(
            &[
                "DMEDRX:",
                "DMEDRX:1:",
                ":",
                "https://dmed.uz/rx/",
                "?c=",
                "(01)",
                "(21)",
                "(17)",
                "(91)",
                "01",
                "21",
                "17",
                "10",
                "91",
                "92",
                "04601234567893",
                "(",
                ")",
                "%",
            ][..]
        )
        .prop_map(String::from),
        any::<char>().prop_map(String::from),
        "\\PC{0,6}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

/// `s` with `c` inserted before character `at` (counted in characters, clamped to the end).
pub fn insert_at(s: &str, at: usize, c: char) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    chars.insert(at.min(chars.len()), c);
    chars.into_iter().collect()
}
