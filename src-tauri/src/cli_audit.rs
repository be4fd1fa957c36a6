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
//! Messages are in the language [`crate::cli::text`] chooses; `--help` prints the usage.

use std::path::PathBuf;

use counter::audit::{AuditQuery, Verdict};
use counter::reports::Credentials;

use crate::cli::console::{needs_value, required, secret_refused, Console};
use crate::cli::text::{lang_of, Msg};

/// The message id of the usage text.
pub const USAGE: &str = "audit-usage";

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

/// Parses the arguments after `audit`.
pub fn parse(args: &[String]) -> Result<AuditArgs, Msg> {
    let (verb, rest) = args.split_first().ok_or_else(|| Msg::new("audit-what"))?;
    let mut options = std::collections::BTreeMap::new();
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        if name == "--secret" || name == "--password" {
            return Err(secret_refused(&name));
        }
        let known = [
            "--data-dir",
            "--pharmacy",
            "--login",
            "--out",
            "--from",
            "--to",
            "--action",
            "--actor",
            "--lang",
        ];
        if !known.contains(&name.as_str()) {
            return Err(Msg::new("unknown-option").with("option", name));
        }
        let value = match inline {
            Some(v) => v,
            None => it.next().cloned().ok_or_else(|| needs_value(&name))?,
        };
        options.insert(name, value);
    }
    if let Some(code) = options.remove("--lang") {
        lang_of(&code)?;
    }
    let data_dir = options.remove("--data-dir").map(PathBuf::from);
    match verb.as_str() {
        "verify" => match options.into_keys().next() {
            Some(other) => Err(Msg::new("audit-not-verify-option").with("option", other)),
            None => Ok(AuditArgs::Verify { data_dir }),
        },
        "export" => Ok(AuditArgs::Export {
            data_dir,
            pharmacy_id: options
                .remove("--pharmacy")
                .ok_or_else(|| Msg::new("pharmacy-required"))?,
            login: options
                .remove("--login")
                .ok_or_else(|| Msg::new("login-required"))?,
            out: options
                .remove("--out")
                .map(PathBuf::from)
                .ok_or_else(|| required("--out"))?,
            query: AuditQuery {
                from: options.remove("--from"),
                to: options.remove("--to"),
                action: options.remove("--action"),
                actor: options.remove("--actor"),
            },
        }),
        other => Err(Msg::new("audit-unknown-command").with("command", other.to_owned())),
    }
}

/// Runs `dorixona audit …`; returns the process exit code.
pub fn run(args: &[String]) -> i32 {
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    run_on(
        &mut Console::new("dorixona audit", args, &mut out, &mut err),
        args,
    )
}

fn run_on(c: &mut Console<'_>, args: &[String]) -> i32 {
    if c.help(args, USAGE) {
        return 0;
    }
    let parsed = match parse(args) {
        Ok(p) => p,
        Err(m) => return c.usage_error(&m, USAGE),
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
                    let line = c.text(&Msg::new("audit-broken").with("problem", b.to_string()));
                    c.say(line);
                    1
                }
                Err(e) => c.fail(format!("[{}] {e}", e.code()), 1),
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
            let prompt = c.text(&Msg::new("secret-prompt").with("login", login.clone()));
            let secret = match crate::cli::read_secret(&prompt) {
                Ok(s) => s,
                Err(m) => return c.fail_with(&m, 2),
            };
            let credentials = Credentials {
                pharmacy_id,
                login,
                secret,
            };
            let bytes = match counter::audit::export_data_dir(&dir, &credentials, &query) {
                Ok(b) => b,
                Err(e) => return c.fail(format!("[{}] {e}", e.code()), 1),
            };
            crate::cli::write_out(c, &out, &bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use counter::reports::Lang;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn verify_and_export_are_read_with_their_options() {
        assert_eq!(
            parse(&strings(&["verify", "--data-dir", "/d"])).unwrap(),
            AuditArgs::Verify {
                data_dir: Some("/d".into())
            }
        );
        let AuditArgs::Export { query, login, .. } = parse(&strings(&[
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
    fn bad_command_lines_are_explained() {
        let en = |args: &[&str]| parse(&strings(args)).unwrap_err().text(Lang::En);
        assert!(en(&[]).contains("verify or export"));
        assert!(en(&["erase"]).contains("unknown audit command"));
        assert!(en(&["export", "--secret", "x"]).contains("not accepted"));
        assert!(en(&["export", "--pharmacy", "P"]).contains("--login"));
        assert!(en(&["verify", "--out", "x"]).contains("not an option"));
        assert!(en(&["verify", "--lang", "xx"]).contains("unknown language"));
        assert_eq!(
            parse(&strings(&["verify", "--lang", "ru"])).unwrap(),
            AuditArgs::Verify { data_dir: None }
        );
    }

    #[test]
    fn the_usage_is_in_the_language_lang_names() {
        let args = strings(&["--help", "--lang", "ru"]);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run_on(
            &mut Console::new("dorixona audit", &args, &mut out, &mut err),
            &args,
        );
        assert_eq!(code, 0);
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with("использование: dorixona audit verify"),
            "{out}"
        );
        assert!(
            out.contains("\n               dorixona audit export"),
            "{out}"
        );
    }
}
