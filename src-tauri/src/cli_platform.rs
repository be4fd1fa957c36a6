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
//! language [`crate::cli::text`] chooses; `--help` prints the help.

use std::path::PathBuf;

use counter::client::{Adapter, Endpoint, OAuthClient};
use counter::secrets::TokenStore;

use clap::ArgMatches;

use crate::cli::args::{flag, value};
use crate::cli::console::Console;
use crate::cli::text::Msg;

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

/// The command's arguments from the parsed command line (clap has checked which options each
/// verb takes).
pub fn parse(m: &ArgMatches) -> Result<PlatformArgs, Msg> {
    let (verb, v) = m.subcommand().ok_or_else(|| Msg::new("which-command"))?;
    let verb = match verb {
        "set" => Verb::Set {
            client_id: value(v, "client-id")
                .map(|id| id.trim().to_owned())
                .filter(|id| !id.is_empty())
                .ok_or_else(|| Msg::new("client-id-required"))?,
            public: flag(v, "public"),
        },
        "show" => Verb::Show,
        "forget" => Verb::Forget,
        _ => return Err(Msg::new("which-command")),
    };
    Ok(PlatformArgs {
        verb,
        endpoint: value(v, "endpoint")
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty()),
        data_dir: value(v, "data-dir").map(PathBuf::from),
    })
}

/// Why the endpoint could not be had: a message of this command, or the counter's error.
enum EndpointProblem {
    Msg(Msg),
    Counter(counter::CounterError),
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
                .map_err(EndpointProblem::Counter)?
                .endpoint
                .filter(|u| !u.trim().is_empty())
                .ok_or_else(|| EndpointProblem::Msg(Msg::new("no-endpoint")))?
        }
    };
    Endpoint::new(Adapter::DhpFhir, url)
        .validated()
        .map(|e| e.url)
        .map_err(|e| EndpointProblem::Counter(e.into()))
}

/// Runs `dorixona platform-client` with its parsed command line; returns the exit code.
pub fn run(c: &mut Console<'_>, m: &ArgMatches) -> i32 {
    run_with(c, m, &TokenStore::default())
}

fn run_with(c: &mut Console<'_>, m: &ArgMatches, tokens: &TokenStore) -> i32 {
    let parsed = match parse(m) {
        Ok(p) => p,
        Err(msg) => return c.usage_error(&msg),
    };
    let url = match endpoint_url(&parsed) {
        Ok(u) => u,
        Err(EndpointProblem::Msg(m)) => return c.fail_with(&m, 2),
        Err(EndpointProblem::Counter(e)) => {
            let problem = crate::cli::errors::counter_error(&e, c.lang);
            return c.fail(problem, 2);
        }
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
    use crate::cli::args::{command, complaint};
    use counter::reports::Lang;

    fn strings(s: &[&str]) -> Vec<String> {
        ["platform-client"]
            .iter()
            .chain(s)
            .map(|a| (*a).to_owned())
            .collect()
    }

    fn matches(args: &[&str]) -> Result<ArgMatches, clap::Error> {
        let all = std::iter::once("dorixona".to_owned()).chain(strings(args));
        let m = command(Lang::En).try_get_matches_from(all)?;
        Ok(m.subcommand_matches("platform-client").unwrap().clone())
    }

    fn parsed(args: &[&str]) -> PlatformArgs {
        parse(&matches(args).unwrap()).unwrap()
    }

    /// Runs the command line `args` with `tokens`; its exit code.
    fn run_line(args: &[&str], tokens: &TokenStore) -> i32 {
        let line = strings(args);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut c = Console::new(&line, &mut out, &mut err);
        run_with(&mut c, &matches(args).unwrap(), tokens)
    }

    #[test]
    fn set_show_and_forget_are_read_with_their_options() {
        let got = parsed(&[
            "set",
            "--client-id=dorixona-PH1",
            "--endpoint",
            "https://fhir.dhp.uz",
            "--data-dir",
            "/tmp/x",
        ]);
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
        let public = parsed(&["set", "--client-id", "c", "--public"]);
        assert_eq!(
            public.verb,
            Verb::Set {
                client_id: "c".into(),
                public: true
            }
        );
        assert_eq!(parsed(&["show"]).verb, Verb::Show);
        assert_eq!(parsed(&["forget"]).verb, Verb::Forget);
    }

    #[test]
    fn a_secret_on_the_command_line_and_bad_lines_are_explained() {
        let en = |args: &[&str]| complaint(&matches(args).unwrap_err()).text(Lang::En);
        let e = en(&["set", "--client-id", "c", "--client-secret", "x"]);
        assert!(e.contains("standard input"), "{e}");
        assert!(en(&["set"]).contains("--client-id"));
        assert!(en(&["drop"]).contains("unknown command 'drop'"));
        assert!(en(&["show", "--public"]).contains("--public"));
        assert!(en(&["set", "--client-id"]).contains("needs a value"));
        assert!(en(&["set", "--colour", "red"]).contains("--colour"));
        let ru = complaint(&matches(&["show", "--public"]).unwrap_err()).text(Lang::Ru);
        assert_eq!(ru, "неизвестный параметр '--public'");
    }

    // Needs the Secret Service (the test command runs inside a D-Bus session with gnome-keyring).
    #[test]
    fn a_public_client_is_kept_shown_and_forgotten_for_the_normalized_endpoint() {
        let tokens = TokenStore::new(&format!("dorixona-test-{}", uuid::Uuid::new_v4()));
        let url = "https://fhir.example.uz/fhir/";
        let set = ["set", "--client-id", "ph-1", "--public", "--endpoint", url];
        assert_eq!(run_line(&set, &tokens), 0);
        let normalized = Endpoint::new(Adapter::DhpFhir, url)
            .validated()
            .unwrap()
            .url;
        let kept = counter::platform_client::load(&tokens, &normalized)
            .unwrap()
            .unwrap();
        assert_eq!(kept.client_id, "ph-1");
        assert_eq!(kept.client_secret, None);
        assert_eq!(run_line(&["show", "--endpoint", url], &tokens), 0);
        assert_eq!(run_line(&["forget", "--endpoint", url], &tokens), 0);
        assert_eq!(run_line(&["show", "--endpoint", url], &tokens), 1);
        // A malformed endpoint is refused before anything is kept.
        let bad = [
            "set",
            "--client-id",
            "x",
            "--public",
            "--endpoint",
            "ftp://x",
        ];
        assert_eq!(run_line(&bad, &tokens), 2);
    }
}
