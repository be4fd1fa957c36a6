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
//! It reads the same local store as the app and writes the same content as the reports screen
//! exports, in `--lang` when given, else in the counter's language. No window is opened and no
//! display is needed.

use std::path::PathBuf;

use clap::ArgMatches;
use counter::reports::csv::{CsvOptions, Separator};
use counter::reports::period::parse_date;
use counter::reports::{Credentials, ExportFormat, Lang, ReportQuery};

use crate::cli::args::{flag, value};
use crate::cli::console::{required, Console};
use crate::cli::text::{lang_of, Msg};

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

/// The report's arguments from the parsed command line; a message for a value that is wrong.
pub fn parse(m: &ArgMatches) -> Result<ReportArgs, Msg> {
    let date = |name: &str, option: &'static str| {
        let text = value(m, name).ok_or_else(|| required(option))?;
        parse_date(&text).map_err(|_| Msg::new("bad-date").with("value", text))
    };
    let format = value(m, "format").ok_or_else(|| required("--format"))?;
    let format = ExportFormat::parse(&format)
        .ok_or_else(|| Msg::new("unknown-format").with("value", format))?;
    let mut csv = CsvOptions {
        bom: flag(m, "bom"),
        ..CsvOptions::default()
    };
    if let Some(sep) = value(m, "separator") {
        csv.separator = match sep.as_str() {
            "comma" | "," => Separator::Comma,
            "semicolon" | ";" => Separator::Semicolon,
            _ => return Err(Msg::new("unknown-separator").with("value", sep)),
        };
    }
    Ok(ReportArgs {
        query: ReportQuery::period(date("from", "--from")?, date("to", "--to")?),
        format,
        out: value(m, "out")
            .map(PathBuf::from)
            .ok_or_else(|| required("--out"))?,
        data_dir: value(m, "data-dir").map(PathBuf::from),
        csv,
        pharmacy_id: value(m, "pharmacy").ok_or_else(|| Msg::new("pharmacy-required"))?,
        login: value(m, "login").ok_or_else(|| Msg::new("login-required"))?,
        lang: value(m, "lang").map(|l| lang_of(&l)).transpose()?,
    })
}

/// Runs `dorixona report` with its parsed command line; returns the process exit code.
pub fn run(c: &mut Console<'_>, m: &ArgMatches) -> i32 {
    let parsed = match parse(m) {
        Ok(p) => p,
        Err(msg) => return c.usage_error(&msg),
    };
    let Some(data_dir) = crate::cli::data_dir_of(parsed.data_dir.clone()) else {
        return c.fail_with(&Msg::new("no-data-dir"), 2);
    };
    if let Some(code) = crate::cli::database_missing(c, &data_dir) {
        return code;
    }
    let prompt = c.text(&Msg::new("secret-prompt").with("login", parsed.login.clone()));
    let secret = match crate::cli::read_secret(&prompt) {
        Ok(s) => s,
        Err(msg) => return c.fail_with(&msg, 2),
    };
    let credentials = Credentials {
        pharmacy_id: parsed.pharmacy_id.clone(),
        login: parsed.login.clone(),
        secret,
    };
    match counter::reports::export_from_data_dir_in(
        &data_dir,
        &credentials,
        &parsed.query,
        parsed.format,
        parsed.csv,
        parsed.lang,
    ) {
        Ok(bytes) => crate::cli::write_out(c, &parsed.out, &bytes),
        Err(e) => c.fail_counter(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::command;

    fn matches(args: &[&str]) -> ArgMatches {
        let all = ["dorixona", "report"].iter().chain(args).copied();
        let m = command(Lang::En).try_get_matches_from(all).unwrap();
        m.subcommand_matches("report").unwrap().clone()
    }

    const REQUIRED: [&str; 12] = [
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
    ];

    #[test]
    fn every_option_is_read() {
        let mut args = REQUIRED.to_vec();
        args.extend_from_slice(&["--separator", "semicolon", "--bom", "--lang", "ru"]);
        let a = parse(&matches(&args)).unwrap();
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
    fn bad_values_are_explained() {
        let en = |extra: &[&str], swap: Option<(&str, &str)>| {
            let mut args: Vec<&str> = REQUIRED
                .iter()
                .map(|a| match swap {
                    Some((from, to)) if *a == from => to,
                    _ => a,
                })
                .collect();
            args.extend_from_slice(extra);
            parse(&matches(&args)).unwrap_err().text(Lang::En)
        };
        assert_eq!(
            en(&[], Some(("2026-11-01", "1.11.2026"))),
            "'1.11.2026' is not a date (YYYY-MM-DD)"
        );
        assert!(en(&[], Some(("xlsx", "doc"))).contains("unknown format 'doc'"));
        assert!(en(&["--separator", "tab"], None).contains("unknown separator 'tab'"));
        assert!(en(&["--lang", "fr"], None).contains("unknown language 'fr'"));
    }
}
