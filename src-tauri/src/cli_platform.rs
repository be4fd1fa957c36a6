//! The headless `dorixona platform-client` commands, for installers: the pharmacy's OAuth client
//! at the national platform (`dhp-fhir`), kept in the OS keyring of the counter's desktop user,
//! never in a file.
//!
//! ```text
//! dorixona platform-client set --client-id ID [--public] [--endpoint URL] [--data-dir DIR]
//! dorixona platform-client show [--endpoint URL] [--data-dir DIR]
//! dorixona platform-client forget [--endpoint URL] [--data-dir DIR]
//! (each also [--lang uz|uz-Cyrl|ru|en])
//! ```
//!
//! The client secret is asked for on the terminal without echo, or read as the first line of
//! standard input (for fleet scripts); never from the command line. `--public` keeps a client
//! without a secret. The endpoint is `--endpoint`, else `DORIXONA_ENDPOINT`, else the one saved
//! in the counter's settings; the client is kept for that endpoint only. Messages are in the
//! language [`crate::cli::text`] chooses; `--help` prints the usage.

use std::path::PathBuf;

use counter::client::{Adapter, Endpoint, OAuthClient};
use counter::secrets::TokenStore;

use crate::cli::console::{needs_value, secret_refused, Console};
use crate::cli::text::{lang_of, Msg};

/// The message id of the usage text.
pub const USAGE: &str = "platform-usage";

/// What `dorixona platform-client` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformArgs {
    pub verb: Verb,
    pub endpoint: Option<String>,
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verb {
    Set { client_id: String, public: bool },
    Show,
    Forget,
}

/// Parses the arguments after `platform-client`.
pub fn parse(args: &[String]) -> Result<PlatformArgs, Msg> {
    let (verb, rest) = args
        .split_first()
        .ok_or_else(|| Msg::new("platform-what"))?;
    let mut client_id = None;
    let mut public = false;
    let mut endpoint = None;
    let mut data_dir = None;
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| needs_value(name))
        };
        match name {
            "--client-secret" | "--secret" => return Err(secret_refused(name)),
            "--client-id" => client_id = Some(value()?.trim().to_owned()),
            "--endpoint" => endpoint = Some(value()?.trim().to_owned()),
            "--data-dir" => data_dir = Some(PathBuf::from(value()?)),
            "--lang" => {
                lang_of(&value()?)?;
            }
            "--public" => public = true,
            other => return Err(Msg::new("unknown-option").with("option", other.to_owned())),
        }
    }
    let verb = match verb.as_str() {
        "set" => Verb::Set {
            client_id: client_id.ok_or_else(|| Msg::new("client-id-required"))?,
            public,
        },
        "show" | "forget" if client_id.is_some() || public => {
            return Err(Msg::new("platform-takes-no").with("command", verb.clone()));
        }
        "show" => Verb::Show,
        "forget" => Verb::Forget,
        other => return Err(Msg::new("platform-unknown-command").with("command", other.to_owned())),
    };
    Ok(PlatformArgs {
        verb,
        endpoint,
        data_dir,
    })
}

/// Why the endpoint could not be had: a message of this command, or the counter's own words.
enum EndpointProblem {
    Msg(Msg),
    Counter(String),
}

/// The endpoint URL the client is kept for: given, else the env, else the saved setting;
/// normalized as the counter normalizes it.
fn endpoint_url(args: &PlatformArgs) -> Result<String, EndpointProblem> {
    let url = match args
        .endpoint
        .clone()
        .or_else(|| crate::startup::env_value(crate::startup::ENV_ENDPOINT))
    {
        Some(url) => url,
        None => {
            let dir = crate::cli::data_dir_of(args.data_dir.clone())
                .ok_or_else(|| EndpointProblem::Msg(Msg::new("platform-no-data-dir")))?;
            counter::read_settings(&dir)
                .map_err(|e| {
                    EndpointProblem::Msg(
                        Msg::new("settings-unreadable").with("error", e.to_string()),
                    )
                })?
                .endpoint
                .filter(|u| !u.trim().is_empty())
                .ok_or_else(|| EndpointProblem::Msg(Msg::new("no-endpoint")))?
        }
    };
    Endpoint::new(Adapter::DhpFhir, url)
        .validated()
        .map(|e| e.url)
        .map_err(|e| EndpointProblem::Counter(e.to_string()))
}

/// Runs `dorixona platform-client …`; returns the process exit code.
pub fn run(args: &[String]) -> i32 {
    run_with(args, &TokenStore::default())
}

fn run_with(args: &[String], tokens: &TokenStore) -> i32 {
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    let mut c = Console::new("dorixona platform-client", args, &mut out, &mut err);
    run_on(&mut c, args, tokens)
}

fn run_on(c: &mut Console<'_>, args: &[String], tokens: &TokenStore) -> i32 {
    if c.help(args, USAGE) {
        return 0;
    }
    let parsed = match parse(args) {
        Ok(p) => p,
        Err(m) => return c.usage_error(&m, USAGE),
    };
    let url = match endpoint_url(&parsed) {
        Ok(u) => u,
        Err(EndpointProblem::Msg(m)) => return c.fail_with(&m, 2),
        Err(EndpointProblem::Counter(e)) => return c.fail(e, 2),
    };
    let with_error = |id, e: &dyn std::fmt::Display| Msg::new(id).with("error", e.to_string());
    match parsed.verb {
        Verb::Set { client_id, public } => {
            let client_secret = if public {
                None
            } else {
                let prompt = Msg::new("client-secret-prompt").with("client", client_id.clone());
                match crate::cli::read_secret(&c.text(&prompt)) {
                    Ok(s) => Some(s),
                    Err(m) => return c.fail_with(&m, 2),
                }
            };
            let client = OAuthClient {
                client_id,
                client_secret,
            };
            match counter::platform_client::save(tokens, &url, &client) {
                Ok(()) => {
                    let kept = Msg::new("client-kept")
                        .with("client", client.client_id.clone())
                        .with("url", url);
                    let line = c.text(&kept);
                    c.say(line);
                    0
                }
                Err(e) => c.fail_with(&with_error("keyring-keep-failed", &e), 1),
            }
        }
        Verb::Show => match counter::platform_client::load(tokens, &url) {
            Ok(Some(client)) => {
                let public = if client.client_secret.is_some() {
                    "no"
                } else {
                    "yes"
                };
                let shown = Msg::new("client-shown")
                    .with("url", url)
                    .with("client", client.client_id)
                    .with("public", public);
                let line = c.text(&shown);
                c.say(line);
                0
            }
            Ok(None) => c.fail_with(&Msg::new("client-none").with("url", url), 1),
            Err(e) => c.fail_with(&with_error("keyring-read-failed", &e), 1),
        },
        Verb::Forget => match counter::platform_client::forget(tokens, &url) {
            Ok(()) => {
                let line = c.text(&Msg::new("client-forgotten").with("url", url));
                c.say(line);
                0
            }
            Err(e) => c.fail_with(&with_error("keyring-change-failed", &e), 1),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use counter::reports::Lang;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| (*a).to_owned()).collect()
    }

    #[test]
    fn set_show_and_forget_are_read_with_their_options() {
        let got = parse(&strings(&[
            "set",
            "--client-id=dorixona-PH1",
            "--endpoint",
            "https://fhir.dhp.uz",
            "--data-dir",
            "/tmp/x",
        ]))
        .unwrap();
        assert_eq!(
            got,
            PlatformArgs {
                verb: Verb::Set {
                    client_id: "dorixona-PH1".into(),
                    public: false
                },
                endpoint: Some("https://fhir.dhp.uz".into()),
                data_dir: Some(PathBuf::from("/tmp/x")),
            }
        );
        let public = parse(&strings(&["set", "--client-id", "c", "--public"])).unwrap();
        assert_eq!(
            public.verb,
            Verb::Set {
                client_id: "c".into(),
                public: true
            }
        );
        assert_eq!(parse(&strings(&["show"])).unwrap().verb, Verb::Show);
        assert_eq!(parse(&strings(&["forget"])).unwrap().verb, Verb::Forget);
    }

    #[test]
    fn a_secret_on_the_command_line_and_bad_lines_are_explained() {
        let en = |args: &[&str]| parse(&strings(args)).unwrap_err().text(Lang::En);
        let e = en(&["set", "--client-id", "c", "--client-secret", "x"]);
        assert!(e.contains("standard input"), "{e}");
        assert!(en(&["set"]).contains("--client-id"));
        assert!(en(&[]).contains("set, show or forget"));
        assert!(en(&["drop"]).contains("unknown"));
        assert!(en(&["show", "--public"]).contains("takes no"));
        assert!(en(&["set", "--client-id"]).contains("needs a value"));
        assert!(en(&["set", "--colour", "red"]).contains("--colour"));
        assert!(en(&["show", "--lang", "de"]).contains("unknown language"));
        assert_eq!(
            parse(&strings(&["show", "--lang", "uz-Cyrl"]))
                .unwrap()
                .verb,
            Verb::Show
        );
        let ru = parse(&strings(&["show", "--public"]))
            .unwrap_err()
            .text(Lang::Ru);
        assert_eq!(ru, "show не принимает --client-id и --public");
    }

    // Needs the Secret Service (the test command runs inside a D-Bus session with gnome-keyring).
    #[test]
    fn a_public_client_is_kept_shown_and_forgotten_for_the_normalized_endpoint() {
        let tokens = TokenStore::new(&format!("dorixona-test-{}", uuid::Uuid::new_v4()));
        let url = "https://fhir.example.uz/fhir/";
        let set = strings(&["set", "--client-id", "ph-1", "--public", "--endpoint", url]);
        assert_eq!(run_with(&set, &tokens), 0);
        let normalized = Endpoint::new(Adapter::DhpFhir, url)
            .validated()
            .unwrap()
            .url;
        let kept = counter::platform_client::load(&tokens, &normalized)
            .unwrap()
            .unwrap();
        assert_eq!(kept.client_id, "ph-1");
        assert_eq!(kept.client_secret, None);
        assert_eq!(run_with(&strings(&["show", "--endpoint", url]), &tokens), 0);
        assert_eq!(
            run_with(&strings(&["forget", "--endpoint", url]), &tokens),
            0
        );
        assert_eq!(run_with(&strings(&["show", "--endpoint", url]), &tokens), 1);
        // A malformed endpoint is refused before anything is kept.
        let bad = strings(&[
            "set",
            "--client-id",
            "x",
            "--public",
            "--endpoint",
            "ftp://x",
        ]);
        assert_eq!(run_with(&bad, &tokens), 2);
    }
}
