//! The headless `dorixona report` command for managers and automation:
//!
//! ```text
//! dorixona report --pharmacy ID --login LOGIN --from 2026-11-01 --to 2026-11-30
//!                 --format pdf|csv|xlsx --out FILE
//!                 [--data-dir DIR] [--separator comma|semicolon] [--bom]
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

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use counter::reports::csv::{CsvOptions, Separator};
use counter::reports::period::parse_date;
use counter::reports::{Credentials, ExportFormat, ReportQuery};
use counter::Sensitive;

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
}

/// Usage text.
pub const USAGE: &str = "usage: dorixona report --pharmacy ID --login LOGIN --from YYYY-MM-DD --to YYYY-MM-DD --format pdf|csv|xlsx --out FILE [--data-dir DIR] [--separator comma|semicolon] [--bom]\n  the manager's secret is asked for on the terminal, or read as the first line of standard input";

/// Parses the arguments after `report`.
pub fn parse(args: &[String]) -> Result<ReportArgs, String> {
    let mut from = None;
    let mut to = None;
    let mut format = None;
    let mut out = None;
    let mut data_dir = None;
    let mut pharmacy_id = None;
    let mut login = None;
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
            None => it
                .next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))?,
        };
        match name {
            "--from" => from = Some(parse_date(&value).map_err(|e| e.to_string())?),
            "--to" => to = Some(parse_date(&value).map_err(|e| e.to_string())?),
            "--format" => {
                format = Some(
                    ExportFormat::parse(&value)
                        .ok_or_else(|| format!("unknown format '{value}' (pdf, csv or xlsx)"))?,
                )
            }
            "--out" => out = Some(PathBuf::from(value)),
            "--data-dir" => data_dir = Some(PathBuf::from(value)),
            "--pharmacy" => pharmacy_id = Some(value),
            "--login" => login = Some(value),
            "--secret" | "--password" => {
                return Err(format!(
                    "{name} is not accepted: a secret on the command line is visible to other users; type it when asked, or give it on standard input"
                ))
            }
            "--separator" => {
                csv.separator = match value.as_str() {
                    "comma" | "," => Separator::Comma,
                    "semicolon" | ";" => Separator::Semicolon,
                    other => {
                        return Err(format!("unknown separator '{other}' (comma or semicolon)"))
                    }
                }
            }
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    let from = from.ok_or("--from is required")?;
    let to = to.ok_or("--to is required")?;
    Ok(ReportArgs {
        query: ReportQuery::period(from, to),
        format: format.ok_or("--format is required")?,
        out: out.ok_or("--out is required")?,
        data_dir,
        csv,
        pharmacy_id: pharmacy_id.ok_or("--pharmacy is required (the manager's pharmacy id)")?,
        login: login.ok_or("--login is required (the manager's own login)")?,
    })
}

/// The secret: asked for on the terminal without echo, else the first line of standard input.
pub(crate) fn read_secret(login: &str) -> Result<Sensitive<String>, String> {
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(format!("Secret of {login}: "))
            .map(Sensitive::new)
            .map_err(|e| format!("the secret could not be read from the terminal: {e}"));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("the secret could not be read from standard input: {e}"))?;
    let secret = line.trim_end_matches(['\r', '\n']).to_owned();
    if secret.is_empty() {
        return Err("no secret was given on standard input".into());
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

/// Runs `dorixona report …`; returns the process exit code.
pub fn run_report(args: &[String]) -> i32 {
    let parsed = match parse(args) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("dorixona report: {e}\n{USAGE}");
            return 2;
        }
    };
    let Some(data_dir) = data_dir_of(parsed.data_dir.clone()) else {
        eprintln!("dorixona report: no data directory; pass --data-dir DIR");
        return 2;
    };
    let secret = match read_secret(&parsed.login) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dorixona report: {e}");
            return 2;
        }
    };
    let credentials = Credentials {
        pharmacy_id: parsed.pharmacy_id.clone(),
        login: parsed.login.clone(),
        secret,
    };
    let bytes = match counter::reports::export_from_data_dir(
        &data_dir,
        &credentials,
        &parsed.query,
        parsed.format,
        parsed.csv,
    ) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("dorixona report: [{}] {e}", e.code());
            return 1;
        }
    };
    if let Err(e) = std::fs::write(&parsed.out, &bytes) {
        eprintln!(
            "dorixona report: {} cannot be written: {e}",
            parsed.out.display()
        );
        return 1;
    }
    println!("{}", parsed.out.display());
    0
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
    }

    #[test]
    fn a_secret_on_the_command_line_is_refused_and_a_login_is_required() {
        let e = parse(&strings(&["--secret", "x"])).unwrap_err();
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
        .unwrap_err();
        assert!(e.contains("--login"), "{e}");
    }

    #[test]
    fn missing_or_bad_options_are_explained() {
        assert!(parse(&strings(&["--from", "2026-11-01"]))
            .unwrap_err()
            .contains("--to"));
        assert!(parse(&strings(&["--from", "1.11.2026"]))
            .unwrap_err()
            .contains("not a date"));
        assert!(parse(&strings(&["--format", "doc"]))
            .unwrap_err()
            .contains("unknown format"));
        assert!(parse(&strings(&["--colour", "x"]))
            .unwrap_err()
            .contains("unknown option"));
    }

    #[test]
    fn other_command_lines_start_the_app() {
        assert_eq!(headless(["dorixona".into()]), None);
        assert_eq!(headless(["dorixona".into(), "--verbose".into()]), None);
    }
}
