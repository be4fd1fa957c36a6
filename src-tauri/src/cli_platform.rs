//! The headless `dorixona platform-client` commands, for installers: the pharmacy's OAuth client
//! at the national platform (`dhp-fhir`), kept in the OS keyring of the counter's desktop user,
//! never in a file.
//!
//! ```text
//! dorixona platform-client set --client-id ID [--public] [--endpoint URL] [--data-dir DIR]
//! dorixona platform-client show [--endpoint URL] [--data-dir DIR]
//! dorixona platform-client forget [--endpoint URL] [--data-dir DIR]
//! ```
//!
//! The client secret is asked for on the terminal without echo, or read as the first line of
//! standard input (for fleet scripts); never from the command line. `--public` keeps a client
//! without a secret. The endpoint is `--endpoint`, else `DORIXONA_ENDPOINT`, else the one saved
//! in the counter's settings; the client is kept for that endpoint only.

use std::path::PathBuf;

use counter::client::{Adapter, Endpoint, OAuthClient};
use counter::secrets::TokenStore;

/// Usage text.
pub const USAGE: &str = "usage: dorixona platform-client set --client-id ID [--public] [--endpoint URL] [--data-dir DIR]\n       dorixona platform-client show|forget [--endpoint URL] [--data-dir DIR]\n  the client secret is asked for on the terminal, or read as the first line of standard input";

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
pub fn parse(args: &[String]) -> Result<PlatformArgs, String> {
    let (verb, rest) = args
        .split_first()
        .ok_or("say what to do: set, show or forget")?;
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
                .ok_or(format!("{name} needs a value"))
        };
        match name {
            "--client-secret" | "--secret" => {
                return Err(format!("{name} is not accepted: a secret on the command line is visible to other users; type it when asked, or give it on standard input"));
            }
            "--client-id" => client_id = Some(value()?.trim().to_owned()),
            "--endpoint" => endpoint = Some(value()?.trim().to_owned()),
            "--data-dir" => data_dir = Some(PathBuf::from(value()?)),
            "--public" => public = true,
            other => return Err(format!("unknown option {other}")),
        }
    }
    let verb = match verb.as_str() {
        "set" => Verb::Set {
            client_id: client_id
                .ok_or("--client-id is required (the id the platform issued to the pharmacy)")?,
            public,
        },
        "show" | "forget" if client_id.is_some() || public => {
            return Err(format!("{verb} takes no --client-id or --public"));
        }
        "show" => Verb::Show,
        "forget" => Verb::Forget,
        other => {
            return Err(format!(
                "unknown platform-client command '{other}' (set, show or forget)"
            ))
        }
    };
    Ok(PlatformArgs {
        verb,
        endpoint,
        data_dir,
    })
}

/// The endpoint URL the client is kept for: given, else the env, else the saved setting;
/// normalized as the counter normalizes it.
fn endpoint_url(args: &PlatformArgs) -> Result<String, String> {
    let url = match args
        .endpoint
        .clone()
        .or_else(|| crate::startup::env_value(crate::startup::ENV_ENDPOINT))
    {
        Some(url) => url,
        None => {
            let dir = crate::cli::data_dir_of(args.data_dir.clone())
                .ok_or("no data directory; pass --endpoint URL or --data-dir DIR")?;
            counter::read_settings(&dir)
                .map_err(|e| format!("the settings could not be read: {e}"))?
                .endpoint
                .filter(|u| !u.trim().is_empty())
                .ok_or("no platform endpoint is set on this counter; pass --endpoint URL")?
        }
    };
    Endpoint::new(Adapter::DhpFhir, url)
        .validated()
        .map(|e| e.url)
        .map_err(|e| e.to_string())
}

/// Runs `dorixona platform-client …`; returns the process exit code.
pub fn run(args: &[String]) -> i32 {
    run_with(args, &TokenStore::default())
}

fn run_with(args: &[String], tokens: &TokenStore) -> i32 {
    let fail = |e: String, code: i32| {
        eprintln!("dorixona platform-client: {e}");
        code
    };
    let parsed = match parse(args) {
        Ok(p) => p,
        Err(e) => return fail(format!("{e}\n{USAGE}"), 2),
    };
    let url = match endpoint_url(&parsed) {
        Ok(u) => u,
        Err(e) => return fail(e, 2),
    };
    match parsed.verb {
        Verb::Set { client_id, public } => {
            let client_secret = if public {
                None
            } else {
                match crate::cli::read_secret(&format!("the client {client_id}")) {
                    Ok(s) => Some(s),
                    Err(e) => return fail(e, 2),
                }
            };
            let client = OAuthClient {
                client_id,
                client_secret,
            };
            match counter::platform_client::save(tokens, &url, &client) {
                Ok(()) => {
                    println!("platform client {} kept in the keyring for {url}; restart Dorixona to use it", client.client_id);
                    0
                }
                Err(e) => fail(format!("the keyring could not keep the client ({e})"), 1),
            }
        }
        Verb::Show => match counter::platform_client::load(tokens, &url) {
            Ok(Some(c)) => {
                let kind = if c.client_secret.is_some() {
                    "with a secret"
                } else {
                    "public, no secret"
                };
                println!("{url}: client {} ({kind})", c.client_id);
                0
            }
            Ok(None) => fail(format!("no platform client is kept for {url}"), 1),
            Err(e) => fail(format!("the keyring could not be read ({e})"), 1),
        },
        Verb::Forget => match counter::platform_client::forget(tokens, &url) {
            Ok(()) => {
                println!("the platform client of {url} is forgotten");
                0
            }
            Err(e) => fail(format!("the keyring could not be changed ({e})"), 1),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let e = parse(&strings(&[
            "set",
            "--client-id",
            "c",
            "--client-secret",
            "x",
        ]))
        .unwrap_err();
        assert!(e.contains("standard input"), "{e}");
        assert!(parse(&strings(&["set"]))
            .unwrap_err()
            .contains("--client-id"));
        assert!(parse(&strings(&[]))
            .unwrap_err()
            .contains("set, show or forget"));
        assert!(parse(&strings(&["drop"])).unwrap_err().contains("unknown"));
        assert!(parse(&strings(&["show", "--public"]))
            .unwrap_err()
            .contains("takes no"));
        assert!(parse(&strings(&["set", "--client-id"]))
            .unwrap_err()
            .contains("needs a value"));
        assert!(parse(&strings(&["set", "--colour", "red"]))
            .unwrap_err()
            .contains("--colour"));
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
