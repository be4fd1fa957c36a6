//! Characters a person cannot see on the screen (control characters, zero-width and other
//! format characters, unusual spaces): how to spot them in an identifier and how an error
//! message names them, so "position 5 has '​'" becomes "position 5 has U+200B (zero-width
//! space)".

/// True for characters that show nothing: control characters (C0, DEL, C1) and Unicode format
/// characters (zero-width space and joiners, word joiner, byte order mark, direction marks,
/// soft hyphen). Such a character in an identifier is refused, never silently dropped.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// The common name of a character a person cannot tell apart by looking, if it has one.
fn name(c: char) -> Option<&'static str> {
    Some(match c {
        '\0' => "null",
        '\u{4}' => "end of transmission",
        '\u{7}' => "bell",
        '\u{8}' => "backspace",
        '\t' => "tab",
        '\n' => "line feed",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\r' => "carriage return",
        '\u{1b}' => "escape",
        '\u{1c}' => "file separator",
        '\u{1d}' => "group separator",
        '\u{1e}' => "record separator",
        '\u{1f}' => "unit separator",
        ' ' => "space",
        '\u{7f}' => "delete",
        '\u{a0}' => "no-break space",
        '\u{ad}' => "soft hyphen",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{2060}' => "word joiner",
        '\u{feff}' => "zero-width no-break space",
        c if c.is_control() => "control character",
        c if c.is_whitespace() => "space character",
        c if is_invisible(c) => "invisible character",
        _ => return None,
    })
}

/// How a message shows one character: `'X'` when it can be seen, `U+200B (zero-width space)`
/// when it cannot (or is a space, which quotes alone do not make clear).
pub fn describe_char(c: char) -> String {
    match name(c) {
        Some(n) => format!("U+{:04X} ({n})", c as u32),
        None => format!("'{c}'"),
    }
}

/// How a message shows a piece of input: one character as [`describe_char`] does; a longer text
/// quoted, as [`escape`] writes it.
pub(crate) fn describe(s: &str) -> String {
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return describe_char(c);
    }
    format!("'{}'", escape(s))
}

/// `s` with each character that cannot be seen (spaces other than U+0020 included) written as
/// `<U+XXXX>`.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_invisible(c) || (c.is_whitespace() && c != ' ') {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_width_and_control_characters_are_invisible() {
        for c in [
            '\0', '\t', '\n', '\r', '\u{4}', '\u{1b}', '\u{1d}', '\u{1e}', '\u{7f}', '\u{85}',
            '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        for c in ['A', '0', ' ', 'Р', '\u{a0}', '<'] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }

    #[test]
    fn invisible_characters_are_named_by_code_point_and_name() {
        assert_eq!(describe_char('\u{200b}'), "U+200B (zero-width space)");
        assert_eq!(describe_char('\u{1d}'), "U+001D (group separator)");
        assert_eq!(describe_char('\r'), "U+000D (carriage return)");
        assert_eq!(describe_char('\u{9f}'), "U+009F (control character)");
        assert_eq!(describe_char(' '), "U+0020 (space)");
        assert_eq!(describe_char('X'), "'X'");
        assert_eq!(describe_char('Р'), "'Р'");
    }

    #[test]
    fn longer_text_is_quoted_with_invisible_characters_spelled_out() {
        assert_eq!(describe("9\u{1d}"), "'9<U+001D>'");
        assert_eq!(describe("a b"), "'a b'");
        assert_eq!(describe(""), "''");
        assert_eq!(escape("0\u{200b}1"), "0<U+200B>1");
    }
}
