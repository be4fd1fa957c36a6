//! The headless `dorixona audit` commands, for installers and inspectors (no display needed):
//!
//! ```text
//! dorixona audit verify [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
//! dorixona audit export --pharmacy ID --login LOGIN --out FILE
//!                       [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--action A] [--actor LOGIN]
//!                       [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
//! ```
//!
//! `verify` opens the counter's encrypted database as the app does (creating it when there is
//! none yet), walks the whole hash chain against the head kept in the keyring, and prints the
//! number of rows, or the first broken link and exits 1. `export` needs a manager's sign-in
//! (the secret on the terminal or standard input, as for `dorixona report`) and writes CSV.
//! Messages are in the language [`crate::cli::text`] chooses; `--help` prints the help.

use std::path::PathBuf;

use counter::audit::{AuditQuery, Verdict};
use counter::reports::Credentials;

use clap::ArgMatches;

use crate::cli::args::value;
use crate::cli::console::{required, Console};
use crate::cli::errors::audit_break;
use crate::cli::text::Msg;

/// What `dorixona audit` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditArgs {
    Verify {
        data_dir: Option<PathBuf>,
    },
    Export {
        data_dir: Option<PathBuf>,
        pharmacy_id: String,
        login: String,
        out: PathBuf,
        query: AuditQuery,
    },
}

/// The audit command's arguments from the parsed command line (clap has checked that the
/// required ones are there).
pub fn parse(m: &ArgMatches) -> Result<AuditArgs, Msg> {
    match m.subcommand() {
        Some(("verify", v)) => Ok(AuditArgs::Verify {
            data_dir: value(v, "data-dir").map(PathBuf::from),
        }),
        Some(("export", e)) => Ok(AuditArgs::Export {
            data_dir: value(e, "data-dir").map(PathBuf::from),
            pharmacy_id: value(e, "pharmacy").ok_or_else(|| Msg::new("pharmacy-required"))?,
            login: value(e, "login").ok_or_else(|| Msg::new("login-required"))?,
            out: value(e, "out")
                .map(PathBuf::from)
                .ok_or_else(|| required("--out"))?,
            query: AuditQuery {
                from: value(e, "from"),
                to: value(e, "to"),
                action: value(e, "action"),
                actor: value(e, "actor"),
            },
        }),
        _ => Err(Msg::new("which-command")),
    }
}

/// Runs `dorixona audit` with its parsed command line; returns the process exit code.
pub fn run(c: &mut Console<'_>, m: &ArgMatches) -> i32 {
    let parsed = match parse(m) {
        Ok(p) => p,
        Err(msg) => return c.usage_error(&msg),
    };
    match parsed {
        AuditArgs::Verify { data_dir } => {
            let Some(dir) = crate::cli::data_dir_of(data_dir) else {
                return c.fail_with(&Msg::new("no-data-dir"), 2);
            };
            match counter::audit::verify_data_dir(&dir) {
                Ok(Verdict::Intact { rows }) => {
                    let line = c.text(&Msg::new("audit-intact").with("rows", rows));
                    c.say(line);
                    0
                }
                Ok(Verdict::Broken(b)) => {
                    let problem = c.text(&audit_break(&b));
                    let line = c.text(&Msg::new("audit-broken").with("problem", problem));
                    c.say(line);
                    1
                }
                Err(e) => c.fail_counter(&e),
            }
        }
        AuditArgs::Export {
            data_dir,
            pharmacy_id,
            login,
            out,
            query,
        } => {
            let Some(dir) = crate::cli::data_dir_of(data_dir) else {
                return c.fail_with(&Msg::new("no-data-dir"), 2);
            };
            if let Some(code) = crate::cli::database_missing(c, &dir) {
                return code;
            }
            let prompt = c.text(&Msg::new("secret-prompt").with("login", login.clone()));
            let secret = match crate::cli::read_secret(&prompt) {
                Ok(s) => s,
                Err(msg) => return c.fail_with(&msg, 2),
            };
            let credentials = Credentials {
                pharmacy_id,
                login,
                secret,
            };
            match counter::audit::export_data_dir(&dir, &credentials, &query) {
                Ok(bytes) => crate::cli::write_out(c, &out, &bytes),
                Err(e) => c.fail_counter(&e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::command;
    use counter::reports::Lang;

    fn matches(args: &[&str]) -> ArgMatches {
        let all = ["dorixona", "audit"].iter().chain(args).copied();
        let m = command(Lang::En).try_get_matches_from(all).unwrap();
        m.subcommand_matches("audit").unwrap().clone()
    }

    #[test]
    fn verify_and_export_are_read_with_their_options() {
        assert_eq!(
            parse(&matches(&["verify", "--data-dir", "/d"])).unwrap(),
            AuditArgs::Verify {
                data_dir: Some("/d".into())
            }
        );
        let AuditArgs::Export { query, login, .. } = parse(&matches(&[
            "export",
            "--pharmacy",
            "PH",
            "--login=mudir1",
            "--out",
            "a.csv",
            "--from",
            "2026-12-01",
            "--action",
            "lookup",
        ]))
        .unwrap() else {
            panic!("not an export")
        };
        assert_eq!(login, "mudir1");
        assert_eq!(query.from.as_deref(), Some("2026-12-01"));
        assert_eq!(query.action.as_deref(), Some("lookup"));
    }

    #[test]
    fn a_broken_chain_is_told_in_the_language_of_the_command() {
        let dir = tempfile::tempdir().unwrap();
        let args: Vec<String> = ["audit", "verify", "--lang", "ru", "--data-dir"]
            .iter()
            .map(|s| s.to_string())
            .chain([dir.path().display().to_string()])
            .collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let c = Console::new(&args, &mut out, &mut err);
        let line = c.text(&Msg::new("audit-broken").with(
            "problem",
            c.text(&audit_break(&counter::audit::chain::Break::Edited {
                seq: 3,
            })),
        ));
        assert!(line.starts_with("журнал аудита НАРУШЕН: "), "{line}");
        assert!(line.contains('3') && !line.contains("changed"), "{line}");
    }
}
