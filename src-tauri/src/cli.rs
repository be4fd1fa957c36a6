//! The headless `dorixona report` command for managers and automation:
//!
//! ```text
//! dorixona report --pharmacy ID --login LOGIN --from 2026-11-01 --to 2026-11-30
//!                 --format pdf|csv|xlsx --out FILE
//!                 [--data-dir DIR] [--separator comma|semicolon] [--bom]
//!                 [--lang uz|uz-Cyrl|ru|en]
//! ```
//!
//! Reports are a manager's: the manager signs in with their own login, and their secret is read
//! from the terminal without echo (or, for automation, as the first line of standard input; never
//! from the command line, where other users of the machine could see it). It is checked against
//! the verifier kept from their last online sign-in on this counter, so it works offline.
//!
//! It reads the same local store as the app (data directory: `--data-dir`, else
//! `DORIXONA_DATA_DIR`, else the app's OS data directory) and writes the same content as the
//! reports screen exports. No window is opened and no display is needed.
//!
//! Every headless command speaks the language [`text`] chooses (`--lang`, else the counter's,
//! else the environment's); `report` writes its document in `--lang` too, else in the
//! counter's language. `--help` prints the usage.

pub mod console;
pub mod text;

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use console::{needs_value, required, secret_refused, Console};
use counter::reports::csv::{CsvOptions, Separator};
use counter::reports::period::parse_date;
use counter::reports::{Credentials, ExportFormat, Lang, ReportQuery};
use counter::Sensitive;
use text::{lang_of, Msg};

/// The app's identifier: the name of its OS data directory.
const IDENTIFIER: &str = "uz.dorixona.counter";

/// What `dorixona report` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportArgs {
    pub query: ReportQuery,
    pub format: ExportFormat,
    pub out: PathBuf,
    pub data_dir: Option<PathBuf>,
    pub csv: CsvOptions,
    pub pharmacy_id: String,
    pub login: String,
    /// The language of the document, when `--lang` names one.
    pub lang: Option<Lang>,
}

/// The message id of the usage text.
pub const USAGE: &str = "report-usage";

/// Parses the arguments after `report`.
pub fn parse(args: &[String]) -> Result<ReportArgs, Msg> {
    let mut from = None;
    let mut to = None;
    let mut format = None;
    let mut out = None;
    let mut data_dir = None;
    let mut pharmacy_id = None;
    let mut login = None;
    let mut lang = None;
    let mut csv = CsvOptions::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        if name == "--bom" {
            csv.bom = true;
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None => it.next().cloned().ok_or_else(|| needs_value(name))?,
        };
        let date = |value: &str| {
            parse_date(value).map_err(|_| Msg::new("bad-date").with("value", value.to_owned()))
        };
        match name {
            "--from" => from = Some(date(&value)?),
            "--to" => to = Some(date(&value)?),
            "--format" => {
                format = Some(
                    ExportFormat::parse(&value)
                        .ok_or_else(|| Msg::new("unknown-format").with("value", value))?,
                )
            }
            "--out" => out = Some(PathBuf::from(value)),
            "--data-dir" => data_dir = Some(PathBuf::from(value)),
            "--pharmacy" => pharmacy_id = Some(value),
            "--login" => login = Some(value),
            "--lang" => lang = Some(lang_of(&value)?),
            "--secret" | "--password" => return Err(secret_refused(name)),
            "--separator" => {
                csv.separator = match value.as_str() {
                    "comma" | "," => Separator::Comma,
                    "semicolon" | ";" => Separator::Semicolon,
                    _ => return Err(Msg::new("unknown-separator").with("value", value)),
                }
            }
            other => return Err(Msg::new("unknown-option").with("option", other.to_owned())),
        }
    }
    let from = from.ok_or_else(|| required("--from"))?;
    let to = to.ok_or_else(|| required("--to"))?;
    Ok(ReportArgs {
        query: ReportQuery::period(from, to),
        format: format.ok_or_else(|| required("--format"))?,
        out: out.ok_or_else(|| required("--out"))?,
        data_dir,
        csv,
        pharmacy_id: pharmacy_id.ok_or_else(|| Msg::new("pharmacy-required"))?,
        login: login.ok_or_else(|| Msg::new("login-required"))?,
        lang,
    })
}

/// The secret: asked for on the terminal without echo (after `prompt`), else the first line of
/// standard input.
pub(crate) fn read_secret(prompt: &str) -> Result<Sensitive<String>, Msg> {
    let failed = |id, e: std::io::Error| Msg::new(id).with("error", e.to_string());
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(format!("{prompt} "))
            .map(Sensitive::new)
            .map_err(|e| failed("secret-terminal-failed", e));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| failed("secret-stdin-failed", e))?;
    let secret = line.trim_end_matches(['\r', '\n']).to_owned();
    if secret.is_empty() {
        return Err(Msg::new("no-secret"));
    }
    Ok(Sensitive::new(secret))
}

/// The app's OS data directory, as Tauri computes it for this identifier.
pub fn os_data_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(target_os = "windows") {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local/share")))
    };
    base.map(|b| b.join(IDENTIFIER))
}

/// The data directory: `--data-dir`, else `DORIXONA_DATA_DIR`, else the app's OS one.
pub(crate) fn data_dir_of(given: Option<PathBuf>) -> Option<PathBuf> {
    given
        .or_else(|| crate::startup::env_value(crate::startup::ENV_DATA_DIR).map(PathBuf::from))
        .or_else(os_data_dir)
}

/// Writes `bytes` to `path`; a complaint on `c` (exit code 1) when it cannot.
pub(crate) fn write_out(c: &mut Console<'_>, path: &std::path::Path, bytes: &[u8]) -> i32 {
    match std::fs::write(path, bytes) {
        Ok(()) => {
            c.say(path.display());
            0
        }
        Err(e) => {
            let m = Msg::new("cannot-write")
                .with("path", path.display().to_string())
                .with("error", e.to_string());
            c.fail_with(&m, 1)
        }
    }
}

/// Runs `dorixona report …`; returns the process exit code.
pub fn run_report(args: &[String]) -> i32 {
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    run_report_on(
        &mut Console::new("dorixona report", args, &mut out, &mut err),
        args,
    )
}

fn run_report_on(c: &mut Console<'_>, args: &[String]) -> i32 {
    if c.help(args, USAGE) {
        return 0;
    }
    let parsed = match parse(args) {
        Ok(p) => p,
        Err(m) => return c.usage_error(&m, USAGE),
    };
    let Some(data_dir) = data_dir_of(parsed.data_dir.clone()) else {
        return c.fail_with(&Msg::new("no-data-dir"), 2);
    };
    let prompt = c.text(&Msg::new("secret-prompt").with("login", parsed.login.clone()));
    let secret = match read_secret(&prompt) {
        Ok(s) => s,
        Err(m) => return c.fail_with(&m, 2),
    };
    let credentials = Credentials {
        pharmacy_id: parsed.pharmacy_id.clone(),
        login: parsed.login.clone(),
        secret,
    };
    let bytes = match counter::reports::export_from_data_dir_in(
        &data_dir,
        &credentials,
        &parsed.query,
        parsed.format,
        parsed.csv,
        parsed.lang,
    ) {
        Ok(b) => b,
        Err(e) => return c.fail(format!("[{}] {e}", e.code()), 1),
    };
    write_out(c, &parsed.out, &bytes)
}

/// When the command line asks for a headless command, runs it and returns its exit code;
/// `None` means: start the app.
pub fn headless(args: impl IntoIterator<Item = OsString>) -> Option<i32> {
    let args: Vec<String> = args
        .into_iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match args.first().map(String::as_str) {
        Some("report") => Some(run_report(&args[1..])),
        Some("audit") => Some(crate::cli_audit::run(&args[1..])),
        Some("platform-client") => Some(crate::cli_platform::run(&args[1..])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_option_is_read() {
        let a = parse(&strings(&[
            "--pharmacy",
            "PH-7",
            "--login=manager",
            "--from",
            "2026-11-01",
            "--to=2026-11-30",
            "--format",
            "xlsx",
            "--out",
            "r.xlsx",
            "--data-dir",
            "/d",
            "--separator",
            "semicolon",
            "--bom",
            "--lang",
            "ru",
        ]))
        .unwrap();
        assert_eq!(a.query.from.to_string(), "2026-11-01");
        assert_eq!(a.query.to.to_string(), "2026-11-30");
        assert_eq!(a.format, ExportFormat::Xlsx);
        assert_eq!(a.out, PathBuf::from("r.xlsx"));
        assert_eq!(a.data_dir, Some(PathBuf::from("/d")));
        assert_eq!(a.csv.separator, Separator::Semicolon);
        assert!(a.csv.bom);
        assert_eq!(a.pharmacy_id, "PH-7");
        assert_eq!(a.login, "manager");
        assert_eq!(a.lang, Some(Lang::Ru));
    }

    #[test]
    fn a_secret_on_the_command_line_is_refused_and_a_login_is_required() {
        let e = parse(&strings(&["--secret", "x"]))
            .unwrap_err()
            .text(Lang::En);
        assert!(e.contains("not accepted"), "{e}");
        let e = parse(&strings(&[
            "--pharmacy",
            "PH",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-02",
            "--format",
            "csv",
            "--out",
            "r.csv",
        ]))
        .unwrap_err()
        .text(Lang::En);
        assert!(e.contains("--login"), "{e}");
    }

    #[test]
    fn missing_or_bad_options_are_explained() {
        let en = |args: &[&str]| parse(&strings(args)).unwrap_err().text(Lang::En);
        assert!(en(&["--from", "2026-11-01"]).contains("--to"));
        assert_eq!(
            en(&["--from", "1.11.2026"]),
            "'1.11.2026' is not a date (YYYY-MM-DD)"
        );
        assert!(en(&["--format", "doc"]).contains("unknown format"));
        assert!(en(&["--colour", "x"]).contains("unknown option"));
        assert!(en(&["--lang", "fr"]).contains("unknown language 'fr'"));
        assert_eq!(en(&["--out"]), "--out needs a value");
    }

    /// Runs `dorixona report ARGS`; its exit code, standard output and standard error.
    fn report(args: &[&str]) -> (i32, String, String) {
        let args = strings(args);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run_report_on(
            &mut Console::new("dorixona report", &args, &mut out, &mut err),
            &args,
        );
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (code, text(out), text(err))
    }

    #[test]
    fn the_usage_and_complaints_are_in_the_language_lang_names() {
        let (code, out, err) = report(&["--lang", "ru", "--from", "2026-11-01"]);
        assert_eq!(code, 2);
        assert_eq!(out, "");
        assert!(
            err.starts_with(
                "dorixona report: --to обязателен\nиспользование: dorixona report --pharmacy ID"
            ),
            "{err}"
        );
        assert!(
            err.contains("секрет менеджера запрашивается на терминале"),
            "{err}"
        );

        let (code, out, err) = report(&["--help", "--lang=ru"]);
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(out.starts_with("использование: dorixona report"), "{out}");

        let (_, out, _) = report(&["--help", "--lang", "uz-Cyrl"]);
        assert!(out.starts_with("фойдаланиш: dorixona report"), "{out}");
        let (_, out, _) = report(&["-h", "--lang", "uz"]);
        assert!(out.starts_with("foydalanish: dorixona report"), "{out}");
        let (_, out, _) = report(&["--help", "--lang", "en"]);
        assert!(out.starts_with("usage: dorixona report"), "{out}");
        assert!(
            out.contains("\n  the manager's secret is asked for"),
            "{out}"
        );

        let (code, _, err) = report(&["--lang", "fr"]);
        assert_eq!(code, 2);
        assert!(err.contains("'fr'"), "{err}");
    }

    #[test]
    fn other_command_lines_start_the_app() {
        assert_eq!(headless(["dorixona".into()]), None);
        assert_eq!(headless(["dorixona".into(), "--verbose".into()]), None);
    }
}
