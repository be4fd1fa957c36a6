//! The command line's grammar, read by clap: every subcommand, its options and their help, in
//! the language the command speaks. clap's own words (its headings, its `--help` line, its error
//! sentences) are English only, so the help is laid out by a template of ours and clap's errors
//! are turned into this command line's messages ([`complaint`]); option names and commands stay
//! as typed in every language.
//!
//! Values (dates, formats, languages) are taken as text here and checked by each command, which
//! says what is wrong in the same words as its other complaints.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, ArgMatches, Command};
use counter::reports::Lang;

use super::console::{needs_value, required, secret_refused};
use super::text::Msg;

/// The program's name as the help shows it.
pub const BIN: &str = "dorixona";

/// The subcommands, in the order the help lists them.
pub const SUBCOMMANDS: [&str; 7] = [
    "report",
    "audit",
    "platform-client",
    "doctor",
    "backup",
    "backup-passphrase",
    "restore",
];

/// Options that would put a secret on the command line, where other users of the machine can
/// read it: refused by name, with the reason, wherever they are given.
const SECRET_OPTIONS: [&str; 3] = ["--secret", "--password", "--client-secret"];

/// The whole command line, with its help in `lang`.
pub fn command(lang: Lang) -> Command {
    let t = |id: &'static str| Msg::new(id).text(lang);
    let template = format!(
        "{{about}}\n\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        t("help-usage")
    );
    let styled = |c: Command| {
        c.help_template(template.clone())
            .disable_help_flag(true)
            .disable_version_flag(true)
            .disable_help_subcommand(true)
            .disable_colored_help(true)
            .next_help_heading(t("help-options"))
            .subcommand_help_heading(t("help-commands"))
            .subcommand_value_name(t("help-command-value"))
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .help(t("help-help"))
                    .action(ArgAction::Help)
                    .global(true),
            )
    };
    let opt = |name: &'static str, value: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .value_name(value)
            .help(t(help))
            .action(ArgAction::Set)
    };
    let flag = |name: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .help(t(help))
            .action(ArgAction::SetTrue)
    };
    let sign_in = |c: Command| {
        c.arg(opt("pharmacy", "ID", "opt-pharmacy").required(true))
            .arg(opt("login", "LOGIN", "opt-login").required(true))
    };

    let report = sign_in(styled(Command::new("report").about(t("cmd-report"))))
        .arg(opt("from", "YYYY-MM-DD", "opt-from").required(true))
        .arg(opt("to", "YYYY-MM-DD", "opt-to").required(true))
        .arg(opt("format", "pdf|csv|xlsx", "opt-format").required(true))
        .arg(opt("out", "FILE", "opt-out").required(true))
        .arg(opt("separator", "comma|semicolon", "opt-separator"))
        .arg(flag("bom", "opt-bom"))
        .after_help(t("report-after"));

    let audit = styled(Command::new("audit").about(t("cmd-audit")))
        .subcommand_required(true)
        .subcommand(styled(Command::new("verify").about(t("cmd-audit-verify"))))
        .subcommand(
            sign_in(styled(Command::new("export").about(t("cmd-audit-export"))))
                .arg(opt("out", "FILE", "opt-out").required(true))
                .arg(opt("from", "YYYY-MM-DD", "opt-audit-from"))
                .arg(opt("to", "YYYY-MM-DD", "opt-audit-to"))
                .arg(opt("action", "ACTION", "opt-action"))
                .arg(opt("actor", "LOGIN", "opt-actor"))
                .after_help(t("secret-after")),
        );

    let endpoint = || opt("endpoint", "URL", "opt-endpoint");
    let platform = styled(Command::new("platform-client").about(t("cmd-platform")))
        .subcommand_required(true)
        .subcommand(
            styled(Command::new("set").about(t("cmd-platform-set")))
                .arg(opt("client-id", "ID", "opt-client-id").required(true))
                .arg(flag("public", "opt-public"))
                .arg(endpoint())
                .after_help(t("platform-after")),
        )
        .subcommand(styled(Command::new("show").about(t("cmd-platform-show"))).arg(endpoint()))
        .subcommand(styled(Command::new("forget").about(t("cmd-platform-forget"))).arg(endpoint()));

    let doctor = styled(Command::new("doctor").about(t("cmd-doctor")))
        .arg(opt("report", "FILE", "opt-doctor-report"))
        .arg(endpoint());

    let backup = styled(Command::new("backup").about(t("cmd-backup"))).arg(opt(
        "to",
        "DIR",
        "opt-backup-to",
    ));
    let passphrase = sign_in(styled(
        Command::new("backup-passphrase").about(t("cmd-backup-passphrase")),
    ))
    .after_help(t("passphrase-after"));
    let restore = styled(Command::new("restore").about(t("cmd-restore")))
        .arg(
            Arg::new("from")
                .value_name("FILE")
                .help(t("opt-restore-from"))
                .required(true)
                .action(ArgAction::Set),
        )
        .arg(opt("login", "LOGIN", "opt-restore-login").required(true))
        .arg(opt("pharmacy", "ID", "opt-restore-pharmacy"))
        .after_help(t("restore-after"));

    styled(Command::new(BIN).about(t("app-about")))
        .version(env!("CARGO_PKG_VERSION"))
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .help(t("help-version"))
                .action(ArgAction::Version),
        )
        .arg(opt("lang", "uz|uz-Cyrl|ru|en", "opt-lang").global(true))
        .arg(opt("data-dir", "DIR", "opt-data-dir").global(true))
        .subcommands([report, audit, platform, doctor, backup, passphrase, restore])
        .after_help(t("app-after"))
}

/// The string value of option `name` in `m`, if given.
pub fn value(m: &ArgMatches, name: &str) -> Option<String> {
    m.try_get_one::<String>(name).ok().flatten().cloned()
}

/// Whether the flag `name` was given in `m`.
pub fn flag(m: &ArgMatches, name: &str) -> bool {
    m.try_get_one::<bool>(name)
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false)
}

/// The names of the (sub)commands `args` walk down to, from the top, e.g. `["audit", "export"]`;
/// empty when `args` name none.
pub fn path_of(args: &[String]) -> Vec<String> {
    let mut cmd = command(Lang::En);
    let mut path = Vec::new();
    let mut skip_value = false;
    for arg in args {
        if std::mem::take(&mut skip_value) {
            continue;
        }
        if arg.starts_with('-') {
            // A global option with its value in the next word.
            skip_value = matches!(arg.as_str(), "--lang" | "--data-dir");
            continue;
        }
        match cmd.find_subcommand(arg).cloned() {
            Some(sub) => {
                path.push(arg.clone());
                cmd = sub;
            }
            None => break,
        }
    }
    path
}

/// The usage line of the (sub)command at `path`, in `lang`.
pub fn usage(lang: Lang, path: &[String]) -> String {
    let mut at = command(lang);
    at.build();
    for name in path {
        match at.find_subcommand(name).cloned() {
            Some(sub) => at = sub,
            None => break,
        }
    }
    let usage = at.render_usage().to_string();
    let usage = usage.split_once(": ").map_or(usage.as_str(), |(_, u)| u);
    format!("{}: {}", Msg::new("help-usage").text(lang), usage.trim())
}

/// The first value of `kind` in `e`'s context, as text.
fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.first().cloned(),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => v.first().map(|s| s.to_string()),
        _ => None,
    }
}

/// The option's name in a clap argument description such as `--from <YYYY-MM-DD>`.
fn option_name(described: &str) -> String {
    described
        .split([' ', '='])
        .next()
        .unwrap_or(described)
        .to_owned()
}

/// What is wrong with a command line: the message, and the name clap suggests instead of a
/// mistyped one.
#[derive(Debug, Clone, PartialEq)]
pub struct Complaint {
    pub msg: Msg,
    pub suggestion: Option<String>,
}

impl Complaint {
    /// The complaint in `lang`, with the suggestion after it.
    pub fn text(&self, lang: Lang) -> String {
        let text = self.msg.text(lang);
        match &self.suggestion {
            Some(s) => format!(
                "{text} ({})",
                Msg::new("did-you-mean").with("name", s.clone()).text(lang)
            ),
            None => text,
        }
    }
}

/// What a parse error `e` of the command line says, in this command line's messages.
pub fn complaint(e: &clap::Error) -> Complaint {
    let arg = || context(e, ContextKind::InvalidArg).map(|a| option_name(&a));
    let msg = match e.kind() {
        ErrorKind::UnknownArgument => {
            let option = arg().unwrap_or_default();
            if SECRET_OPTIONS.contains(&option.as_str()) {
                return Complaint {
                    msg: secret_refused(&option),
                    suggestion: None,
                };
            }
            Msg::new("unknown-option").with("option", option)
        }
        ErrorKind::InvalidSubcommand => Msg::new("unknown-command").with(
            "command",
            context(e, ContextKind::InvalidSubcommand).unwrap_or_default(),
        ),
        ErrorKind::MissingRequiredArgument => match arg().as_deref() {
            Some("--pharmacy") => Msg::new("pharmacy-required"),
            Some("--login") => Msg::new("login-required"),
            Some("--client-id") => Msg::new("client-id-required"),
            Some(other) if other.starts_with('<') => Msg::new("file-required"),
            Some(other) => required_owned(other),
            None => Msg::new("which-command"),
        },
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            Msg::new("which-command")
        }
        ErrorKind::InvalidValue | ErrorKind::NoEquals | ErrorKind::TooFewValues => {
            needs_value(&arg().unwrap_or_default())
        }
        ErrorKind::ArgumentConflict => {
            Msg::new("given-twice").with("option", arg().unwrap_or_default())
        }
        ErrorKind::InvalidUtf8 => Msg::new("not-utf8"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => Msg::new("extra-value").with(
            "value",
            context(e, ContextKind::InvalidValue).unwrap_or_default(),
        ),
        _ => Msg::new("bad-command-line"),
    };
    let suggestion = match e.kind() {
        ErrorKind::UnknownArgument | ErrorKind::InvalidSubcommand => {
            context(e, ContextKind::SuggestedArg)
                .or_else(|| context(e, ContextKind::SuggestedSubcommand))
                .map(|s| option_name(&s))
        }
        _ => None,
    };
    Complaint { msg, suggestion }
}

/// `--option is required` for an option named at run time.
fn required_owned(option: &str) -> Msg {
    // The message takes a `'static` name; the few options that can be missing are listed.
    let known = ["--from", "--to", "--format", "--out"];
    match known.iter().find(|k| **k == option) {
        Some(k) => required(k),
        None => Msg::new("option-required").with("option", option.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<ArgMatches, clap::Error> {
        command(Lang::En).try_get_matches_from(std::iter::once(BIN).chain(args.iter().copied()))
    }

    fn complaint_of(args: &[&str]) -> String {
        complaint(&parse(args).unwrap_err()).text(Lang::En)
    }

    #[test]
    fn the_grammar_is_consistent() {
        for lang in Lang::ALL {
            command(lang).debug_assert();
        }
    }

    #[test]
    fn every_subcommand_is_listed_and_found() {
        let cmd = command(Lang::En);
        let names: Vec<_> = cmd.get_subcommands().map(|c| c.get_name()).collect();
        assert_eq!(names, SUBCOMMANDS);
        assert_eq!(
            path_of(&[
                "--lang".into(),
                "ru".into(),
                "audit".into(),
                "export".into()
            ]),
            ["audit", "export"]
        );
        assert!(path_of(&["--verbose".into()]).is_empty());
    }

    #[test]
    fn parse_errors_become_messages_of_the_command_line() {
        assert_eq!(
            complaint_of(&["frobnicate"]),
            "unknown command 'frobnicate'"
        );
        assert_eq!(
            complaint_of(&["report", "--colour", "x"]),
            "unknown option '--colour'"
        );
        assert!(complaint_of(&["report", "--secret", "x"]).contains("not accepted"));
        assert!(
            complaint_of(&["platform-client", "set", "--client-secret=x"]).contains("not accepted")
        );
        assert!(complaint_of(&["report", "--out"]).contains("--out needs a value"));
        assert!(complaint_of(&["audit"]).contains("command"));
        assert!(complaint_of(&["report", "--pharmacy", "P"]).contains("--login"));
        assert!(complaint_of(&["restore", "--login", "m"]).contains("FILE"));
        assert!(complaint_of(&["repotr"]).starts_with("unknown command 'repotr' (did you mean '"));
        assert_eq!(
            complaint_of(&["doctr"]),
            "unknown command 'doctr' (did you mean 'doctor'?)"
        );
    }

    #[test]
    fn the_usage_of_a_subcommand_is_in_its_language() {
        let path = vec!["audit".to_owned(), "export".to_owned()];
        let ru = usage(Lang::Ru, &path);
        assert!(
            ru.starts_with("использование: dorixona audit export"),
            "{ru}"
        );
        assert!(usage(Lang::En, &[]).starts_with("usage: dorixona"));
    }
}
