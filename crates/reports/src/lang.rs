//! The four languages of documents and of the command line: how settings and POSIX locales name
//! them, and how whole numbers are written in each.
//!
//! Numbers in documents group their thousands: with a no-break space (U+00A0) in Uzbek (both
//! scripts) and Russian, as `12 345`, and with a comma in English, as `12,345`. The no-break
//! space keeps a number on one line, is in the embedded PDF font, and prints as a plain space on
//! ESC/POS printers. CSV files never group (see [`crate::csv`]); XLSX cells are typed numbers.

/// The language of printed documents, export headers and command-line messages.
///
/// Serialized as `uz`, `uz_cyrl`, `ru`, `en` (snake case, as the other enums of this crate);
/// `uz-Cyrl`, the settings code, is read too.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Uzbek in Latin script, the product's default.
    #[default]
    Uz,
    /// Uzbek in Cyrillic script.
    #[serde(alias = "uz-Cyrl")]
    UzCyrl,
    /// Russian.
    Ru,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the order settings list them.
    pub const ALL: [Lang; 4] = [Lang::Uz, Lang::UzCyrl, Lang::Ru, Lang::En];

    /// The settings code (a BCP 47 tag): `uz`, `uz-Cyrl`, `ru`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Uz => "uz",
            Lang::UzCyrl => "uz-Cyrl",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The language of a settings code, ignoring case: `uz`, `uz-Cyrl` (also `uz_cyrl`), `ru`,
    /// `en`. Anything else is Uzbek in Latin script, the product's default, so an unknown or
    /// missing setting still gives a document.
    pub fn from_code(code: &str) -> Lang {
        Lang::parse(code).unwrap_or_default()
    }

    /// The language of a settings code, ignoring case and taking `_` for `-`; `None` for
    /// anything but the four.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "uz" => Some(Lang::Uz),
            "uz-cyrl" => Some(Lang::UzCyrl),
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a POSIX locale value such as `LANG` (`ru_RU.UTF-8`, `uz_UZ@cyrillic`):
    /// - `ru…` is Russian, `en…` English;
    /// - `uz…` is Uzbek, in Cyrillic script with the `@cyrillic` modifier or a `Cyrl` script
    ///   subtag (`uz_UZ.UTF-8@cyrillic`, `uz-Cyrl-UZ`), else in Latin script;
    /// - no locale (empty, `C`, `POSIX`, `C.UTF-8`) is English: the C locale is English, and
    ///   scripts run under it read the English lines;
    /// - any other language is Uzbek in Latin script, the product's default.
    pub fn from_locale(value: &str) -> Lang {
        let value = value.trim();
        let (name, modifier) = match value.split_once('@') {
            Some((n, m)) => (n, Some(m)),
            None => (value, None),
        };
        let name = name.split('.').next().unwrap_or_default();
        let mut parts = name.split(['_', '-']);
        let language = parts.next().unwrap_or_default().to_ascii_lowercase();
        let cyrillic = modifier.is_some_and(|m| m.eq_ignore_ascii_case("cyrillic"))
            || parts.any(|p| p.eq_ignore_ascii_case("cyrl"));
        match language.as_str() {
            "" | "c" | "posix" | "en" => Lang::En,
            "ru" => Lang::Ru,
            "uz" if cyrillic => Lang::UzCyrl,
            _ => Lang::Uz,
        }
    }

    /// The character between groups of three digits.
    pub fn group_separator(self) -> char {
        match self {
            Lang::En => ',',
            Lang::Uz | Lang::UzCyrl | Lang::Ru => '\u{a0}',
        }
    }

    /// `n` with its thousands grouped, as documents in this language write it.
    pub fn number(self, n: impl Into<i64>) -> String {
        group(n.into(), self.group_separator())
    }
}

/// `n` in decimal with `separator` between groups of three digits.
pub(crate) fn group(n: i64, separator: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_codes_name_the_four_languages_and_anything_else_is_uzbek_latin() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), lang);
        }
        assert_eq!(Lang::from_code("UZ-CYRL"), Lang::UzCyrl);
        assert_eq!(Lang::from_code("uz_cyrl"), Lang::UzCyrl);
        assert_eq!(Lang::from_code("EN"), Lang::En);
        assert_eq!(Lang::from_code(" ru "), Lang::Ru);
        assert_eq!(Lang::from_code("fr"), Lang::Uz);
        assert_eq!(Lang::from_code(""), Lang::Uz);
        assert_eq!(Lang::parse("Uz_Cyrl"), Some(Lang::UzCyrl));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn serde_keeps_uz_and_en_and_reads_the_settings_code_of_cyrillic() {
        let names: Vec<String> = Lang::ALL
            .iter()
            .map(|l| serde_json::to_string(l).unwrap())
            .collect();
        assert_eq!(names, ["\"uz\"", "\"uz_cyrl\"", "\"ru\"", "\"en\""]);
        let read: Lang = serde_json::from_str("\"uz-Cyrl\"").unwrap();
        assert_eq!(read, Lang::UzCyrl);
    }

    #[test]
    fn posix_locales_choose_the_language() {
        for (value, lang) in [
            ("ru_RU.UTF-8", Lang::Ru),
            ("ru", Lang::Ru),
            ("uz_UZ.UTF-8", Lang::Uz),
            ("uz_UZ", Lang::Uz),
            ("uz_UZ@cyrillic", Lang::UzCyrl),
            ("uz_UZ.UTF-8@cyrillic", Lang::UzCyrl),
            ("uz-Cyrl-UZ", Lang::UzCyrl),
            ("en_GB.UTF-8", Lang::En),
            ("C.UTF-8", Lang::En),
            ("C", Lang::En),
            ("POSIX", Lang::En),
            ("", Lang::En),
            ("de_DE.UTF-8", Lang::Uz),
        ] {
            assert_eq!(Lang::from_locale(value), lang, "{value}");
        }
    }

    #[test]
    fn numbers_group_thousands_per_language() {
        assert_eq!(Lang::En.number(1234567), "1,234,567");
        assert_eq!(Lang::Ru.number(12345), "12\u{a0}345");
        assert_eq!(Lang::Uz.number(999), "999");
        assert_eq!(Lang::UzCyrl.number(1000), "1\u{a0}000");
        assert_eq!(Lang::En.number(-1000), "-1,000");
        assert_eq!(Lang::En.number(0), "0");
    }
}
