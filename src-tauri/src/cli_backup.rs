//! The headless backup commands (decision 0024), for administrators, managers and support:
//!
//! ```text
//! dorixona backup [--to DIR] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
//! dorixona restore FILE --login LOGIN [--pharmacy ID] [--data-dir DIR] [--lang …]
//! dorixona backup-passphrase --pharmacy ID --login LOGIN [--data-dir DIR] [--lang …]
//! ```
//!
//! `backup` writes an encrypted backup of the counter's database into `--to`, else into the
//! folder set in the counter's settings, keeping the newest ones that setting says (14 by
//! default); it needs no sign-in (the app makes the same backup every day unattended) but a
//! backup passphrase set before. `backup-passphrase` sets or changes that passphrase: an
//! administrator signs in, then types the new passphrase twice. `restore` shows what the backup
//! is, asks for its passphrase and for the secret of a manager or administrator of its pharmacy
//! (`--pharmacy` defaults to the backup's), and restores; the database it replaces is kept
//! beside it, and what its outbox still had to send is carried over.
//!
//! Secrets and passphrases are read on the terminal without echo, or as lines of standard input
//! (in the order asked), never from the command line. Refusals are told in the command's
//! language and exit 1; a command line that is wrong exits 2.

use std::path::{Path, PathBuf};

use clap::ArgMatches;
use counter::backup::{self, BackupOptions, BackupProblem, BackupReason, Manifest, TrailKind};
use counter::reports::Credentials;
use counter::secrets::TokenStore;
use counter::{CounterError, Sensitive};

use crate::cli::args::value;
use crate::cli::console::Console;
use crate::cli::text::Msg;

/// What `dorixona backup` was asked to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupArgs {
    /// The folder to write into (else the one the settings name).
    pub to: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
}

/// What `dorixona restore` was asked to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestoreArgs {
    /// The backup file.
    pub from: PathBuf,
    pub data_dir: Option<PathBuf>,
    /// The pharmacy of the person restoring (else the backup's).
    pub pharmacy_id: Option<String>,
    /// The login of the manager or administrator restoring.
    pub login: Option<String>,
}

/// What `dorixona backup-passphrase` was asked to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassphraseArgs {
    pub data_dir: Option<PathBuf>,
    /// The administrator's pharmacy and login.
    pub pharmacy_id: Option<String>,
    pub login: Option<String>,
}

fn path_of(m: &ArgMatches, name: &str) -> Option<PathBuf> {
    value(m, name).map(PathBuf::from)
}

impl From<&ArgMatches> for BackupArgs {
    fn from(m: &ArgMatches) -> Self {
        BackupArgs {
            to: path_of(m, "to"),
            data_dir: path_of(m, "data-dir"),
        }
    }
}

impl From<&ArgMatches> for RestoreArgs {
    fn from(m: &ArgMatches) -> Self {
        RestoreArgs {
            from: path_of(m, "from").unwrap_or_default(),
            data_dir: path_of(m, "data-dir"),
            pharmacy_id: value(m, "pharmacy"),
            login: value(m, "login"),
        }
    }
}

impl From<&ArgMatches> for PassphraseArgs {
    fn from(m: &ArgMatches) -> Self {
        PassphraseArgs {
            data_dir: path_of(m, "data-dir"),
            pharmacy_id: value(m, "pharmacy"),
            login: value(m, "login"),
        }
    }
}

/// How a command asks for a secret (after the prompt): the terminal, or a test's answers.
type Ask<'a> = &'a mut dyn FnMut(&str) -> Result<Sensitive<String>, Msg>;

/// Runs `dorixona backup`; returns the process exit code.
pub fn run_backup(c: &mut Console<'_>, args: BackupArgs) -> i32 {
    backup_with(c, args, &TokenStore::default())
}

/// Runs `dorixona restore`; returns the process exit code.
pub fn run_restore(c: &mut Console<'_>, args: RestoreArgs) -> i32 {
    restore_with(
        c,
        args,
        &mut crate::cli::read_secret,
        &TokenStore::default(),
    )
}

/// Runs `dorixona backup-passphrase`; returns the process exit code.
pub fn run_passphrase(c: &mut Console<'_>, args: PassphraseArgs) -> i32 {
    passphrase_with(
        c,
        args,
        &mut crate::cli::read_secret,
        &TokenStore::default(),
    )
}

/// The refusal of a backup or restore in words, when `e` is one.
fn refusal(e: &CounterError) -> Option<Msg> {
    Some(match backup::problem_of(e)? {
        BackupProblem::NoPassphrase => Msg::new("backup-no-passphrase"),
        BackupProblem::WeakPassphrase => {
            Msg::new("backup-passphrase-weak").with("min", backup::MIN_PASSPHRASE_CHARS as u64)
        }
        BackupProblem::NoFolder => Msg::new("backup-no-folder"),
        BackupProblem::FolderMissing { folder } => {
            Msg::new("backup-folder-missing").with("folder", folder)
        }
        BackupProblem::NotABackup => Msg::new("restore-not-a-backup"),
        BackupProblem::TooNew { format } => Msg::new("restore-too-new").with("format", format),
        BackupProblem::WrongPassphrase => Msg::new("restore-wrong-passphrase"),
        BackupProblem::Damaged => Msg::new("restore-damaged"),
        BackupProblem::OtherPharmacy { backup, here } => Msg::new("restore-other-pharmacy")
            .with("backup", backup)
            .with("here", here),
        BackupProblem::AppRunning => Msg::new("restore-app-running"),
        BackupProblem::AuditBroken => Msg::new("restore-audit-broken"),
    })
}

/// Says `e` on `c`: a backup refusal in the command's words, else the counter's error; 1.
fn fail(c: &mut Console<'_>, e: &CounterError) -> i32 {
    match refusal(e) {
        Some(m) => c.fail_with(&m, 1),
        None => c.fail_counter(e),
    }
}

/// A stored UTC time as the counter's local (Tashkent) time, `YYYY-MM-DD HH:MM`.
fn local_time(stored: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    const SHOWN: &[time::format_description::BorrowedFormatItem<'_>] =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    time::OffsetDateTime::parse(stored, &Rfc3339)
        .ok()
        .and_then(|t| t.to_offset(time::macros::offset!(+5)).format(SHOWN).ok())
        .unwrap_or_else(|| stored.to_owned())
}

fn dispenses(rows: &std::collections::BTreeMap<String, i64>) -> i64 {
    rows.get("dispenses").copied().unwrap_or_default()
}

fn backup_with(c: &mut Console<'_>, args: BackupArgs, tokens: &TokenStore) -> i32 {
    let Some(dir) = crate::cli::data_dir_of(args.data_dir) else {
        return c.fail_with(&Msg::new("no-data-dir"), 2);
    };
    if let Some(code) = crate::cli::database_missing(c, &dir) {
        return code;
    }
    let settings = match counter::settings::backup_settings(&dir) {
        Ok(s) => s,
        Err(e) => return c.fail_counter(&e),
    };
    let Some(folder) = args.to.or_else(|| settings.folder()) else {
        return c.usage_error(&Msg::new("backup-no-folder"));
    };
    let options = BackupOptions {
        keep: settings.keep(),
        reason: BackupReason::Manual,
        tokens: tokens.clone(),
    };
    match backup::backup_now(&dir, &folder, &options) {
        Ok(info) => {
            let megabytes = format!("{:.1}", info.bytes as f64 / 1_000_000.0);
            let line = c.text(
                &Msg::new("backup-written")
                    .with("path", info.path.display().to_string())
                    .with("dispenses", dispenses(&info.rows))
                    .with("megabytes", megabytes),
            );
            c.say(line);
            if !info.pruned.is_empty() {
                let line = c.text(
                    &Msg::new("backup-pruned")
                        .with("count", info.pruned.len())
                        .with("keep", options.keep),
                );
                c.say(line);
            }
            0
        }
        Err(e) => fail(c, &e),
    }
}

/// Says what the backup at `path` is, in one line; the exit code (said on `c`) when it cannot
/// be read.
fn describe(c: &mut Console<'_>, path: &Path) -> Result<Manifest, i32> {
    match backup::read_manifest(path) {
        Ok(m) => {
            let line = c.text(
                &Msg::new("restore-about")
                    .with(
                        "pharmacy",
                        m.pharmacy_id.clone().unwrap_or_else(|| "-".into()),
                    )
                    .with("created", local_time(&m.created_at))
                    .with("version", m.app_version.clone())
                    .with("dispenses", dispenses(&m.rows)),
            );
            c.say(line);
            Ok(m)
        }
        Err(e) => Err(fail(c, &e)),
    }
}

fn restore_with(c: &mut Console<'_>, args: RestoreArgs, ask: Ask<'_>, tokens: &TokenStore) -> i32 {
    let Some(dir) = crate::cli::data_dir_of(args.data_dir) else {
        return c.fail_with(&Msg::new("no-data-dir"), 2);
    };
    if args.from.as_os_str().is_empty() {
        return c.usage_error(&Msg::new("file-required"));
    }
    let Some(login) = args.login.filter(|l| !l.trim().is_empty()) else {
        return c.usage_error(&Msg::new("backup-login-required"));
    };
    let manifest = match describe(c, &args.from) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let Some(pharmacy_id) = args.pharmacy_id.or(manifest.pharmacy_id) else {
        return c.usage_error(&Msg::new("backup-pharmacy-required"));
    };
    let prompt = c.text(&Msg::new("backup-passphrase-prompt"));
    let passphrase = match ask(&prompt) {
        Ok(p) => p,
        Err(m) => return c.fail_with(&m, 2),
    };
    let prompt = c.text(&Msg::new("secret-prompt").with("login", login.clone()));
    let secret = match ask(&prompt) {
        Ok(s) => s,
        Err(m) => return c.fail_with(&m, 2),
    };
    let credentials = Credentials {
        pharmacy_id,
        login,
        secret,
    };
    let report = match backup::restore(&dir, &args.from, &passphrase, &credentials, tokens) {
        Ok(r) => r,
        Err(e) => return fail(c, &e),
    };
    let mut lines =
        vec![Msg::new("restore-done").with("created", local_time(&report.backup_created_at))];
    if let Some(kept) = &report.before_restore {
        lines.push(Msg::new("restore-kept-aside").with("path", kept.display().to_string()));
    }
    if report.current_unreadable.is_some() {
        lines.push(Msg::new("restore-current-unreadable"));
    }
    if report.carried_outbox > 0 {
        lines.push(Msg::new("restore-carried").with("count", report.carried_outbox));
    }
    lines.push(Msg::new("restore-waiting").with("count", report.outbox_waiting));
    lines.push(
        Msg::new(match report.trail {
            TrailKind::Continued => "restore-trail-continued",
            TrailKind::FromBackup => "restore-trail-from-backup",
        })
        .with("rows", report.audit_rows),
    );
    for m in lines {
        let line = c.text(&m);
        c.say(line);
    }
    0
}

fn passphrase_with(
    c: &mut Console<'_>,
    args: PassphraseArgs,
    ask: Ask<'_>,
    tokens: &TokenStore,
) -> i32 {
    let Some(dir) = crate::cli::data_dir_of(args.data_dir) else {
        return c.fail_with(&Msg::new("no-data-dir"), 2);
    };
    let Some(pharmacy_id) = args.pharmacy_id.filter(|p| !p.trim().is_empty()) else {
        return c.usage_error(&Msg::new("backup-pharmacy-required"));
    };
    let Some(login) = args.login.filter(|l| !l.trim().is_empty()) else {
        return c.usage_error(&Msg::new("backup-login-required"));
    };
    if let Some(code) = crate::cli::database_missing(c, &dir) {
        return code;
    }
    let min = backup::MIN_PASSPHRASE_CHARS as u64;
    let prompts = [
        c.text(&Msg::new("secret-prompt").with("login", login.clone())),
        c.text(&Msg::new("backup-passphrase-new").with("min", min)),
        c.text(&Msg::new("backup-passphrase-again")),
    ];
    let mut answers = Vec::new();
    for prompt in &prompts {
        match ask(prompt) {
            Ok(a) => answers.push(a),
            Err(m) => return c.fail_with(&m, 2),
        }
    }
    let [secret, new, again] = <[Sensitive<String>; 3]>::try_from(answers).expect("three answers");
    if new.expose() != again.expose() {
        return c.fail_with(&Msg::new("backup-passphrase-differ"), 1);
    }
    let credentials = Credentials {
        pharmacy_id,
        login,
        secret,
    };
    match backup::set_passphrase(&dir, &credentials, &new, tokens) {
        Ok(()) => {
            let line = c.text(&Msg::new("backup-passphrase-set"));
            c.say(line);
            0
        }
        Err(e) => fail(c, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use counter::backup::BackupOptions;
    use counter::db_key::KeyPlace;
    use counter::Session;
    use dmed_api::types::{Pharmacist, PharmacyInfo, StaffRole};

    const PASSPHRASE: &str = "ikki-karra-ikki-2026";

    /// A used counter of `pharmacy` with its secrets in a key file: an administrator and a
    /// manager signed in once; the passphrase set when `with_passphrase`.
    struct Fixture {
        dir: tempfile::TempDir,
        tokens: TokenStore,
    }

    fn session(pharmacy: &str, role: StaffRole) -> Session {
        Session {
            pharmacy: PharmacyInfo {
                pharmacy_id: pharmacy.into(),
                name: "Dorixona".into(),
                address: "Toshkent".into(),
            },
            pharmacist: Pharmacist {
                pinfl: "30211975910033".into(),
                full_name: "Karimova Dilnoza".into(),
                role,
            },
            expires_at: "2030-01-01T00:00:00Z".into(),
        }
    }

    fn counter_of(pharmacy: &str, with_passphrase: bool) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let tokens = TokenStore::new("dorixona-test").with_key_file(dir.path().join("k"));
        let store = counter::open_data_store(dir.path(), &tokens).unwrap();
        store
            .set_settings(&[("session.pharmacy_id", Some(pharmacy))])
            .unwrap();
        for (login, role) in [
            ("admin", StaffRole::Administrator),
            ("mudira", StaffRole::Manager),
        ] {
            counter::verifier::remember(
                &store,
                login,
                &Sensitive::new(format!("{login}-secret")),
                &session(pharmacy, role),
            )
            .unwrap();
        }
        drop(store);
        if with_passphrase {
            backup::set_passphrase(
                dir.path(),
                &Credentials {
                    pharmacy_id: pharmacy.into(),
                    login: "admin".into(),
                    secret: Sensitive::new("admin-secret".into()),
                },
                &Sensitive::new(PASSPHRASE.into()),
                &tokens,
            )
            .unwrap();
        }
        Fixture { dir, tokens }
    }

    /// Runs `f` on a console of the command line `words`; its exit code, output and complaints.
    fn console(words: &[&str], f: impl FnOnce(&mut Console<'_>) -> i32) -> (i32, String, String) {
        let args: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = {
            let mut c = Console::new(&args, &mut out, &mut err);
            f(&mut c)
        };
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (code, text(out), text(err))
    }

    /// Answers the prompts with `answers`, in order.
    fn answers(list: &[&str]) -> impl FnMut(&str) -> Result<Sensitive<String>, Msg> {
        let mut left: Vec<String> = list.iter().rev().map(|s| s.to_string()).collect();
        move |_prompt| {
            left.pop()
                .map(Sensitive::new)
                .ok_or_else(|| Msg::new("no-secret"))
        }
    }

    fn backed_up(f: &Fixture, folder: &Path) -> PathBuf {
        backup::backup_now(
            f.dir.path(),
            folder,
            &BackupOptions {
                tokens: f.tokens.clone(),
                ..BackupOptions::default()
            },
        )
        .unwrap()
        .path
    }

    #[test]
    fn a_backup_needs_a_folder_and_a_passphrase_and_says_where_it_went() {
        let f = counter_of("PH-1", false);
        let folder = tempfile::tempdir().unwrap();
        let dir = Some(f.dir.path().to_owned());
        let (code, _, err) = console(&["backup", "--lang", "en"], |c| {
            backup_with(
                c,
                BackupArgs {
                    to: None,
                    data_dir: dir.clone(),
                },
                &f.tokens,
            )
        });
        assert_eq!(code, 2);
        assert!(
            err.starts_with("dorixona backup: no backup folder"),
            "{err}"
        );
        let to = Some(folder.path().to_owned());
        let (code, _, err) = console(&["backup", "--lang", "ru"], |c| {
            backup_with(
                c,
                BackupArgs {
                    to: to.clone(),
                    data_dir: dir.clone(),
                },
                &f.tokens,
            )
        });
        assert_eq!(code, 1);
        assert!(
            err.contains("пароль резервных копий на этой кассе не задан"),
            "{err}"
        );

        let f = counter_of("PH-1", true);
        let dir = Some(f.dir.path().to_owned());
        let (code, out, err) = console(&["backup", "--lang", "en"], |c| {
            backup_with(
                c,
                BackupArgs {
                    to: to.clone(),
                    data_dir: dir.clone(),
                },
                &f.tokens,
            )
        });
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(out.starts_with("backup written: "), "{out}");
        assert!(out.contains(&folder.path().display().to_string()), "{out}");
        assert!(out.contains("0 dispenses"), "{out}");
        // The folder from the settings, when --to is not given.
        counter::settings::save_backup_settings(
            f.dir.path(),
            &counter::backup::BackupSettings {
                folder: Some(folder.path().display().to_string()),
                keep: Some(1),
            },
        )
        .unwrap();
        let (code, out, _) = console(&["backup", "--lang", "uz"], |c| {
            backup_with(
                c,
                BackupArgs {
                    to: None,
                    data_dir: dir.clone(),
                },
                &f.tokens,
            )
        });
        assert_eq!(code, 0);
        assert!(out.contains("zaxira nusxa yozildi"), "{out}");
        assert!(out.contains("eskiroq"), "the others pruned: {out}");
        let missing = Some(folder.path().join("not-plugged-in"));
        let (code, _, err) = console(&["backup", "--lang", "uz-Cyrl"], |c| {
            backup_with(
                c,
                BackupArgs {
                    to: missing.clone(),
                    data_dir: dir.clone(),
                },
                &f.tokens,
            )
        });
        assert_eq!(code, 1);
        assert!(
            err.contains("not-plugged-in") && err.contains("папка"),
            "{err}"
        );
    }

    #[test]
    fn a_restore_says_what_it_restores_and_refuses_in_words() {
        let f = counter_of("PH-1", true);
        let folder = tempfile::tempdir().unwrap();
        let file = backed_up(&f, folder.path());
        let args = |login: &str| RestoreArgs {
            from: file.clone(),
            data_dir: Some(f.dir.path().to_owned()),
            pharmacy_id: None,
            login: Some(login.into()),
        };
        let (code, out, err) = console(&["restore", "--lang", "ru"], |c| {
            restore_with(
                c,
                args("mudira"),
                &mut answers(&["не тот пароль", "mudira-secret"]),
                &f.tokens,
            )
        });
        assert_eq!(code, 1);
        assert!(out.starts_with("резервная копия аптеки PH-1"), "{out}");
        assert!(
            err.starts_with("dorixona restore: пароль не подходит"),
            "{err}"
        );

        let (code, out, err) = console(&["restore", "--lang", "en"], |c| {
            restore_with(
                c,
                args("mudira"),
                &mut answers(&[PASSPHRASE, "mudira-secret"]),
                &f.tokens,
            )
        });
        assert_eq!((code, err.as_str()), (0, ""), "{out}");
        assert!(out.contains("restored from the backup made"), "{out}");
        assert!(out.contains("counter.sqlite.before-restore-"), "{out}");
        assert!(out.contains("0 entries wait to be sent"), "{out}");
        assert!(out.contains("audit log continued"), "{out}");

        let other = counter_of("PH-2", true);
        let (code, _, err) = console(&["restore", "--lang", "uz-Cyrl"], |c| {
            restore_with(
                c,
                RestoreArgs {
                    data_dir: Some(other.dir.path().to_owned()),
                    pharmacy_id: Some("PH-2".into()),
                    ..args("mudira")
                },
                &mut answers(&[PASSPHRASE, "mudira-secret"]),
                &other.tokens,
            )
        });
        assert_eq!(code, 1);
        assert!(err.contains("PH-1") && err.contains("PH-2"), "{err}");
        assert!(err.contains("дорихона"), "{err}");

        let (code, _, err) = console(&["restore", "--lang", "en"], |c| {
            restore_with(
                c,
                RestoreArgs {
                    login: None,
                    ..args("x")
                },
                &mut answers(&[]),
                &f.tokens,
            )
        });
        assert_eq!(code, 2);
        assert!(err.contains("--login is required"), "{err}");

        let junk = folder.path().join("junk.dxbak");
        std::fs::write(&junk, b"not a backup at all").unwrap();
        let (code, _, err) = console(&["restore", "--lang", "en"], |c| {
            restore_with(
                c,
                RestoreArgs {
                    from: junk.clone(),
                    ..args("mudira")
                },
                &mut answers(&[]),
                &f.tokens,
            )
        });
        assert_eq!(code, 1);
        assert!(err.contains("is not a Dorixona backup"), "{err}");
    }

    #[test]
    fn the_passphrase_is_an_administrators_typed_twice_and_long_enough() {
        let f = counter_of("PH-1", false);
        let args = |login: &str| PassphraseArgs {
            data_dir: Some(f.dir.path().to_owned()),
            pharmacy_id: Some("PH-1".into()),
            login: Some(login.into()),
        };
        let run = |lang: &str, login: &str, typed: &[&str]| {
            console(&["backup-passphrase", "--lang", lang], |c| {
                passphrase_with(c, args(login), &mut answers(typed), &f.tokens)
            })
        };
        let (code, _, err) = run(
            "en",
            "admin",
            &["admin-secret", "long enough phrase", "long enough phrasE"],
        );
        assert_eq!(code, 1);
        assert!(err.contains("differ"), "{err}");
        let (code, _, err) = run("ru", "admin", &["admin-secret", "short", "short"]);
        assert_eq!(code, 1);
        assert!(err.contains("12 символов"), "{err}");
        let (code, _, err) = run("en", "mudira", &["mudira-secret", PASSPHRASE, PASSPHRASE]);
        assert_eq!(code, 1);
        assert!(err.contains(": [FORBIDDEN] only an administrator"), "{err}");
        let (code, out, err) = run("uz", "admin", &["admin-secret", PASSPHRASE, PASSPHRASE]);
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(out.contains("parol"), "{out}");
        let key = counter::db_key::kept(
            &KeyPlace::choose(&f.tokens),
            "backup-key",
            &f.dir.path().join(counter::DB_FILE),
        )
        .unwrap();
        assert!(key.is_some(), "kept beside the database key");
    }

    #[test]
    fn the_arguments_come_from_the_parsed_command_line() {
        let m = clap::Command::new("restore")
            .arg(clap::Arg::new("from"))
            .arg(clap::Arg::new("login").long("login"))
            .arg(clap::Arg::new("data-dir").long("data-dir"))
            .try_get_matches_from([
                "restore",
                "b.dxbak",
                "--login",
                "mudira",
                "--data-dir",
                "/d",
            ])
            .unwrap();
        assert_eq!(
            RestoreArgs::from(&m),
            RestoreArgs {
                from: "b.dxbak".into(),
                data_dir: Some("/d".into()),
                pharmacy_id: None,
                login: Some("mudira".into()),
            }
        );
        assert_eq!(
            BackupArgs::from(&m),
            BackupArgs {
                to: None,
                data_dir: Some("/d".into())
            }
        );
    }
}
