//! The headless `dorixona audit` commands, for installers and inspectors (no display needed):
//!
//! ```text
//! dorixona audit verify [--data-dir DIR]
//! dorixona audit export --pharmacy ID --login LOGIN --out FILE
//!                       [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--action A] [--actor LOGIN]
//!                       [--data-dir DIR]
//! ```
//!
//! `verify` opens the counter's encrypted database as the app does (creating it when there is
//! none yet), walks the whole hash chain against the head kept in the keyring, and prints the
//! number of rows, or the first broken link and exits 1. `export` needs a manager's sign-in
//! (the secret on the terminal or standard input, as for `dorixona report`) and writes CSV.

use std::path::PathBuf;

use counter::audit::{AuditQuery, Verdict};
use counter::reports::Credentials;

/// Usage text.
pub const USAGE: &str = "usage: dorixona audit verify [--data-dir DIR]\n       dorixona audit export --pharmacy ID --login LOGIN --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--action ACTION] [--actor LOGIN] [--data-dir DIR]";

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
pub fn parse(args: &[String]) -> Result<AuditArgs, String> {
    let (verb, rest) = args
        .split_first()
        .ok_or("say what to do: verify or export")?;
    let mut options = std::collections::BTreeMap::new();
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        if name == "--secret" || name == "--password" {
            return Err(format!("{name} is not accepted: a secret on the command line is visible to other users; type it when asked, or give it on standard input"));
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
        ];
        if !known.contains(&name.as_str()) {
            return Err(format!("unknown option '{name}'"));
        }
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))?,
        };
        options.insert(name, value);
    }
    let data_dir = options.remove("--data-dir").map(PathBuf::from);
    match verb.as_str() {
        "verify" => match options.keys().next() {
            Some(other) => Err(format!("{other} is not an option of verify")),
            None => Ok(AuditArgs::Verify { data_dir }),
        },
        "export" => Ok(AuditArgs::Export {
            data_dir,
            pharmacy_id: options
                .remove("--pharmacy")
                .ok_or("--pharmacy is required (the manager's pharmacy id)")?,
            login: options
                .remove("--login")
                .ok_or("--login is required (the manager's own login)")?,
            out: options
                .remove("--out")
                .map(PathBuf::from)
                .ok_or("--out is required")?,
            query: AuditQuery {
                from: options.remove("--from"),
                to: options.remove("--to"),
                action: options.remove("--action"),
                actor: options.remove("--actor"),
            },
        }),
        other => Err(format!(
            "unknown audit command '{other}' (verify or export)"
        )),
    }
}

/// Runs `dorixona audit …`; returns the process exit code.
pub fn run(args: &[String]) -> i32 {
    let parsed = match parse(args) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("dorixona audit: {e}\n{USAGE}");
            return 2;
        }
    };
    match parsed {
        AuditArgs::Verify { data_dir } => {
            let Some(dir) = crate::cli::data_dir_of(data_dir) else {
                eprintln!("dorixona audit: no data directory; pass --data-dir DIR");
                return 2;
            };
            match counter::audit::verify_data_dir(&dir) {
                Ok(Verdict::Intact { rows }) => {
                    println!("audit log intact: {rows} rows");
                    0
                }
                Ok(Verdict::Broken(b)) => {
                    println!("audit log BROKEN: {b}");
                    1
                }
                Err(e) => {
                    eprintln!("dorixona audit: [{}] {e}", e.code());
                    1
                }
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
                eprintln!("dorixona audit: no data directory; pass --data-dir DIR");
                return 2;
            };
            let secret = match crate::cli::read_secret(&login) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("dorixona audit: {e}");
                    return 2;
                }
            };
            let credentials = Credentials {
                pharmacy_id,
                login,
                secret,
            };
            let bytes = match counter::audit::export_data_dir(&dir, &credentials, &query) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("dorixona audit: [{}] {e}", e.code());
                    return 1;
                }
            };
            if let Err(e) = std::fs::write(&out, &bytes) {
                eprintln!("dorixona audit: {} cannot be written: {e}", out.display());
                return 1;
            }
            println!("{}", out.display());
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(parse(&[]).unwrap_err().contains("verify or export"));
        assert!(parse(&strings(&["erase"]))
            .unwrap_err()
            .contains("unknown audit command"));
        assert!(parse(&strings(&["export", "--secret", "x"]))
            .unwrap_err()
            .contains("not accepted"));
        assert!(parse(&strings(&["export", "--pharmacy", "P"]))
            .unwrap_err()
            .contains("--login"));
        assert!(parse(&strings(&["verify", "--out", "x"]))
            .unwrap_err()
            .contains("not an option"));
    }
}
