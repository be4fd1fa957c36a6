//! The command line: `dorixona` alone opens the window; with a subcommand it runs headless, for
//! managers, installers and support, with no display needed:
//!
//! ```text
//! dorixona report …            a manager report for a period (PDF, CSV, XLSX)  [cli_report]
//! dorixona audit verify|export the audit trail                                  [cli_audit]
//! dorixona platform-client …   the pharmacy's OAuth client at the platform      [cli_platform]
//! dorixona doctor              what is wrong with this counter, and what to do  [cli_doctor]
//! dorixona backup | restore    encrypted backups of the local database          [cli_backup]
//! dorixona backup-passphrase   the passphrase backups are encrypted with         [cli_backup]
//! ```
//!
//! The grammar is clap's ([`args`]); `--help` works on every command and subcommand. Every
//! command speaks the language [`text`] chooses (`--lang`, else the counter's, else the
//! environment's), and so does its help. A command line that is wrong says what is wrong, the
//! usage and where the help is, and exits 2; nothing here panics. Secrets are never taken from
//! the command line, where other users of the machine could see them.
//!
//! The headless commands read the same local store as the app (data directory: `--data-dir`,
//! else `DORIXONA_DATA_DIR`, else the app's OS data directory).

pub mod args;
pub mod console;
pub mod errors;
pub mod text;

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::error::ErrorKind;
use console::Console;
use counter::Sensitive;
use text::Msg;

/// The app's identifier: the name of its OS data directory.
const IDENTIFIER: &str = "uz.dorixona.counter";

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

/// When the real database of `data_dir` does not exist yet, says so on `c` and returns the exit
/// code (1): the commands that read it need a counter that has been used.
pub(crate) fn database_missing(c: &mut Console<'_>, data_dir: &Path) -> Option<i32> {
    let db = data_dir.join(counter::DB_FILE);
    (!db.is_file()).then(|| {
        let m = Msg::new("no-database").with("path", db.display().to_string());
        c.fail_with(&m, 1)
    })
}

/// When the command line asks for a headless command (or help, or the version), runs it and
/// returns its exit code; `None` means: open the window.
pub fn headless(args: impl IntoIterator<Item = OsString>) -> Option<i32> {
    let args: Vec<String> = args
        .into_iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    run_on(&args, &mut out, &mut err)
}

/// [`headless`] writing to `out` and `err`.
fn run_on(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Option<i32> {
    if args.is_empty() {
        return None;
    }
    let mut c = Console::new(args, out, err);
    if let Err(m) = text::lang_option(args) {
        return Some(c.usage_error(&m));
    }
    let matches = match args::command(c.lang)
        .try_get_matches_from(std::iter::once(args::BIN.to_owned()).chain(args.iter().cloned()))
    {
        Ok(m) => m,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            c.say(e.render().to_string().trim_end());
            return Some(0);
        }
        Err(e) => {
            let problem = args::complaint(&e).text(c.lang);
            return Some(c.usage_problem(&problem));
        }
    };
    let code = match matches.subcommand() {
        Some(("report", m)) => crate::cli_report::run(&mut c, m),
        Some(("audit", m)) => crate::cli_audit::run(&mut c, m),
        Some(("platform-client", m)) => crate::cli_platform::run(&mut c, m),
        Some(("doctor", m)) => crate::cli_doctor::run(&mut c, m),
        Some(("backup", m)) => crate::cli_backup::run_backup(&mut c, m.into()),
        Some(("backup-passphrase", m)) => crate::cli_backup::run_passphrase(&mut c, m.into()),
        Some(("restore", m)) => crate::cli_backup::run_restore(&mut c, m.into()),
        _ => c.usage_error(&Msg::new("which-command")),
    };
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `dorixona ARGS`; its exit code (`None`: the window opens), output and complaints.
    fn cli(args: &[&str]) -> (Option<i32>, String, String) {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run_on(&args, &mut out, &mut err);
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (code, text(out), text(err))
    }

    #[test]
    fn help_lists_every_subcommand_in_the_language_asked() {
        let (code, out, err) = cli(&["--help", "--lang", "en"]);
        assert_eq!((code, err.as_str()), (Some(0), ""));
        assert!(out.contains("usage: dorixona"), "{out}");
        for sub in args::SUBCOMMANDS {
            assert!(
                out.contains(&format!("  {sub}")),
                "{sub} missing from\n{out}"
            );
        }
        let (_, out, _) = cli(&["--help", "--lang", "ru"]);
        assert!(out.contains("использование: dorixona"), "{out}");
        assert!(out.contains("Команды:"), "{out}");
        assert!(!out.contains("Print help"), "{out}");
        let (_, out, _) = cli(&["-h", "--lang", "uz-Cyrl"]);
        assert!(out.contains("фойдаланиш: dorixona"), "{out}");
    }

    #[test]
    fn every_subcommand_has_its_own_help() {
        for path in [
            &["report"][..],
            &["audit"],
            &["audit", "verify"],
            &["audit", "export"],
            &["platform-client"],
            &["platform-client", "set"],
            &["platform-client", "show"],
            &["platform-client", "forget"],
            &["doctor"],
            &["backup"],
            &["backup-passphrase"],
            &["restore"],
        ] {
            let mut args = path.to_vec();
            args.extend(["--help", "--lang", "en"]);
            let (code, out, err) = cli(&args);
            assert_eq!(code, Some(0), "{path:?}: {err}");
            let usage = format!("usage: dorixona {}", path.join(" "));
            assert!(out.contains(&usage), "{path:?}:\n{out}");
        }
    }

    #[test]
    fn the_version_is_printed() {
        let (code, out, _) = cli(&["--version"]);
        assert_eq!(code, Some(0));
        assert!(out.contains(env!("CARGO_PKG_VERSION")), "{out}");
    }

    #[test]
    fn a_wrong_command_line_is_explained_and_exits_2() {
        let (code, out, err) = cli(&["frobnicate", "--lang", "en"]);
        assert_eq!((code, out.as_str()), (Some(2), ""));
        assert!(
            err.starts_with("dorixona: unknown command 'frobnicate'\nusage: dorixona"),
            "{err}"
        );
        assert!(err.contains("dorixona --help"), "{err}");

        let (code, _, err) = cli(&["report", "--lang", "ru", "--from", "2026-11-01"]);
        assert_eq!(code, Some(2));
        assert!(
            err.starts_with("dorixona report: --pharmacy обязателен"),
            "{err}"
        );
        assert!(err.contains("\nиспользование: dorixona report"), "{err}");

        let (code, _, err) = cli(&["audit", "--lang", "en"]);
        assert_eq!(code, Some(2));
        assert!(err.starts_with("dorixona audit: "), "{err}");

        let (code, _, err) = cli(&["report", "--lang", "fr"]);
        assert_eq!(code, Some(2));
        assert!(err.contains("'fr'"), "{err}");

        let (code, _, err) = cli(&["--verbose"]);
        assert_eq!(code, Some(2), "{err}");
    }

    #[test]
    fn only_no_arguments_open_the_window() {
        assert_eq!(cli(&[]).0, None);
        let (code, _, err) = cli(&["--lang", "ru"]);
        assert_eq!(code, Some(2));
        assert!(err.contains("укажите, какую команду"), "{err}");
    }
}
