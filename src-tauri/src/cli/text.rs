//! The command line's words in the four languages (`locales/<lang>/cli.ftl`, embedded), and the
//! language a command speaks:
//! 1. `--lang CODE` when given (`uz`, `uz-Cyrl`, `ru`, `en`);
//! 2. else the language saved in the counter's settings, when its data directory (`--data-dir`,
//!    else `DORIXONA_DATA_DIR`, else the app's OS one) has a settings file;
//! 3. else the locale of the environment: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is
//!    set, read by [`Lang::from_locale`] (none, `C` or `POSIX` is English; a language other than
//!    the four is Uzbek, the product's default).
//!
//! Option names, command names and placeholders are not translated. Errors the counter itself
//! reports (after a `[CODE]`) keep its words.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::OnceLock;

use counter::reports::messages::{Arg, Catalog};
use counter::reports::Lang;

/// The catalog of the command line's messages, loaded on first use.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::new(source))
}

/// The `.ftl` text of `lang`.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::Uz => include_str!("../../locales/uz/cli.ftl"),
        Lang::UzCyrl => include_str!("../../locales/uz-Cyrl/cli.ftl"),
        Lang::Ru => include_str!("../../locales/ru/cli.ftl"),
        Lang::En => include_str!("../../locales/en/cli.ftl"),
    }
}

/// A message of the command line: its id and variables, put in words when shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    id: Cow<'static, str>,
    args: Vec<(Cow<'static, str>, Arg<'static>)>,
}

impl Msg {
    /// The message `id` without variables yet.
    pub fn new(id: &'static str) -> Msg {
        Msg {
            id: Cow::Borrowed(id),
            args: Vec::new(),
        }
    }

    /// The message whose id is made at run time (e.g. `doctor-<check>-<outcome>`).
    pub fn owned(id: String) -> Msg {
        Msg {
            id: Cow::Owned(id),
            args: Vec::new(),
        }
    }

    /// With the variable `name` set to `value`.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg<'static>>) -> Msg {
        self.args.push((Cow::Borrowed(name), value.into()));
        self
    }

    /// With the variable `name`, named at run time, set to `value`.
    pub fn with_owned(mut self, name: String, value: impl Into<Arg<'static>>) -> Msg {
        self.args.push((Cow::Owned(name), value.into()));
        self
    }

    /// The message's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<(&str, Arg<'static>)> = self
            .args
            .iter()
            .map(|(n, v)| (n.as_ref(), v.clone()))
            .collect();
        catalog().format(lang, &self.id, &args)
    }
}

/// The value of `--name VALUE` or `--name=VALUE` among `args`, the last one given.
pub fn option_value(args: &[String], name: &str) -> Option<String> {
    let mut found = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == name {
            found = it.next().cloned();
        } else if let Some(v) = arg.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
            found = Some(v.to_owned());
        }
    }
    found
}

/// The language of `--lang CODE`; an error for a code that is not one of the four.
pub fn lang_of(code: &str) -> Result<Lang, Msg> {
    Lang::parse(code).ok_or_else(|| Msg::new("bad-lang").with("value", code.to_owned()))
}

/// The language `--lang` names among `args`, if any.
pub fn lang_option(args: &[String]) -> Result<Option<Lang>, Msg> {
    option_value(args, "--lang")
        .map(|code| lang_of(&code))
        .transpose()
}

/// The language saved in the settings of the data directory, when it has a settings file.
fn saved_lang(data_dir: Option<PathBuf>) -> Option<Lang> {
    let dir = crate::cli::data_dir_of(data_dir)?;
    if !dir.join(counter::settings::SETTINGS_FILE).is_file() {
        return None;
    }
    counter::read_settings(&dir)
        .ok()
        .map(|s| Lang::from_code(&s.language))
}

/// The language of the environment's locale.
fn env_lang() -> Lang {
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_default();
    Lang::from_locale(&value)
}

/// The language a command run with `args` speaks, in the order the module says; a bad
/// `--lang` is left to the command to refuse (in the language found without it).
pub fn language(args: &[String]) -> Lang {
    if let Ok(Some(lang)) = lang_option(args) {
        return lang;
    }
    saved_lang(option_value(args, "--data-dir").map(PathBuf::from)).unwrap_or_else(env_lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use counter::reports::messages::problems;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| (*a).to_owned()).collect()
    }

    #[test]
    fn every_language_parses_and_has_the_same_messages_with_the_same_variables() {
        assert_eq!(problems(source), Vec::<String>::new());
    }

    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        let intact = |lang, rows: u64| Msg::new("audit-intact").with("rows", rows).text(lang);
        for (n, words) in [
            (1, "1 запись"),
            (2, "2 записи"),
            (5, "5 записей"),
            (11, "11 записей"),
            (21, "21 запись"),
            (1_000_000, "1\u{a0}000\u{a0}000 записей"),
        ] {
            assert_eq!(
                intact(Lang::Ru, n),
                format!("журнал аудита цел: {words}"),
                "{n}"
            );
        }
        assert_eq!(intact(Lang::En, 1), "audit log intact: 1 row");
        assert_eq!(intact(Lang::En, 0), "audit log intact: 0 rows");
        assert_eq!(intact(Lang::Uz, 3), "audit jurnali butun: 3 ta yozuv");
        assert_eq!(intact(Lang::UzCyrl, 3), "аудит журнали бутун: 3 та ёзув");
    }

    #[test]
    fn lang_and_data_dir_are_read_from_either_form_of_the_option() {
        let args = strings(&["--from", "x", "--lang=ru", "--data-dir", "/d"]);
        assert_eq!(lang_option(&args), Ok(Some(Lang::Ru)));
        assert_eq!(option_value(&args, "--data-dir").as_deref(), Some("/d"));
        assert_eq!(language(&args), Lang::Ru);
        assert_eq!(
            lang_option(&strings(&["--lang", "UZ-cyrl"])),
            Ok(Some(Lang::UzCyrl))
        );
        assert_eq!(lang_option(&strings(&["--from", "x"])), Ok(None));
        let bad = lang_option(&strings(&["--lang", "fr"])).unwrap_err();
        assert_eq!(
            bad.text(Lang::En),
            "unknown language 'fr' (uz, uz-Cyrl, ru or en)"
        );
    }

    #[test]
    fn the_saved_settings_language_is_used_without_lang() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap().to_owned();
        let settings = counter::Settings {
            language: "uz-Cyrl".into(),
            ..counter::Settings::default()
        };
        counter::settings::save(dir.path(), &settings).unwrap();
        assert_eq!(language(&strings(&["--data-dir", &d])), Lang::UzCyrl);
        assert_eq!(
            language(&strings(&["--data-dir", &d, "--lang", "en"])),
            Lang::En
        );
    }
}
