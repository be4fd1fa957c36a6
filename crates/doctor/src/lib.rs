//! The counter's self-check, for installers on the phone with support and for administrators:
//! `dorixona doctor` and the diagnostics screen run the same [`run`]. Each check gives one
//! [`Finding`]: ok, warn or fail, with an outcome id and facts that the caller puts in words
//! (`doctor-<check>-<outcome>` and, for a problem, `…-advice`, in the command line's catalogs and
//! the UI's), so the checks speak no language themselves.
//!
//! Findings carry no secret and no personal data: no login, PINFL, name, token or key, and the
//! endpoint only as scheme, host and port ([`endpoint::shown`]), so a report can be sent to
//! support as it is.
//!
//! - [`endpoint`]: reachability, TLS and the certificate's expiry, the clock against the server's;
//! - [`local`]: the keyring, the database (integrity, encryption), the audit chain, the outbox,
//!   the catalogue, free disk;
//! - [`version`]: the running version against the update feed;
//! - cameras and printers are found by the shell and handed in as [`Probe`]s.

pub mod endpoint;
pub mod local;
pub mod version;

pub use version::Latest;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

/// Every outcome a check can have, and whether it can be a problem (warn or fail), in which
/// case its words come with advice. The words of each are looked up by these ids; a test of each
/// catalog renders them all.
pub const OUTCOMES: &[(&str, &str, bool)] = &[
    ("endpoint", "training", false),
    ("endpoint", "invalid", true),
    ("endpoint", "timeout", true),
    ("endpoint", "refused", true),
    ("endpoint", "unreachable", true),
    ("endpoint", "server_error", true),
    ("endpoint", "reachable", false),
    ("endpoint", "unexpected_status", true),
    ("tls", "training", false),
    ("tls", "unreachable", false),
    ("tls", "invalid", true),
    ("tls", "plain_local", false),
    ("tls", "plain", true),
    ("tls", "no_certificate", true),
    ("tls", "unreadable", true),
    ("tls", "expired", true),
    ("tls", "expires_soon", true),
    ("tls", "valid", false),
    ("clock", "training", false),
    ("clock", "unreachable", false),
    ("clock", "no_server_time", false),
    ("clock", "in_step", false),
    ("clock", "skewed", true),
    ("keyring", "key_file", false),
    ("keyring", "key_file_missing", true),
    ("keyring", "available", false),
    ("keyring", "unavailable", true),
    ("database", "not_created", true),
    ("database", "cannot_open", true),
    ("database", "damaged", true),
    ("database", "plain", true),
    ("database", "sound", false),
    ("database", "check_failed", true),
    ("audit", "no_database", false),
    ("audit", "intact", false),
    ("audit", "broken", true),
    ("audit", "unreadable", true),
    ("disk", "low", true),
    ("disk", "free", false),
    ("disk", "unknown", true),
    ("outbox", "no_database", false),
    ("outbox", "unreadable", true),
    ("outbox", "empty", false),
    ("outbox", "pending", true),
    ("catalog", "no_database", false),
    ("catalog", "unreadable", true),
    ("catalog", "never", true),
    ("catalog", "stale", true),
    ("catalog", "fresh", false),
    ("cameras", "none", true),
    ("cameras", "found", false),
    ("cameras", "unknown", true),
    ("printers", "none", true),
    ("printers", "found", false),
    ("printers", "unknown", true),
    ("version", "no_feed", false),
    ("version", "current", false),
    ("version", "update", true),
    ("version", "feed_unknown", true),
];

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    /// Works, but will not for long, or not fully: worth acting on.
    Warn,
    /// Broken: the counter cannot work properly until it is fixed.
    Fail,
    /// Not checked (it does not apply, or what it needs failed first).
    Skip,
}

impl Status {
    /// The status as the report prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }
    }
}

/// A fact a finding states: text or a whole number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(untagged)]
pub enum Fact {
    Text(String),
    Number(#[cfg_attr(feature = "specta", specta(type = f64))] i64),
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    /// The check: `endpoint`, `tls`, `clock`, `keyring`, `database`, `audit`, `cameras`,
    /// `printers`, `disk`, `outbox`, `catalog`, `version`.
    pub check: String,
    pub status: Status,
    /// What came out, e.g. `ok`, `unreachable`, `expires_soon`.
    pub outcome: String,
    /// The facts the words need, by name.
    pub facts: BTreeMap<String, Fact>,
}

impl Finding {
    /// A finding of `check` with `status` and `outcome`, no facts yet.
    pub fn new(check: &str, status: Status, outcome: &str) -> Finding {
        debug_assert!(
            OUTCOMES.iter().any(|(c, o, problem)| *c == check
                && *o == outcome
                && (*problem || matches!(status, Status::Ok | Status::Skip))),
            "{check}/{outcome} ({status:?}) is not in OUTCOMES"
        );
        Finding {
            check: check.to_owned(),
            status,
            outcome: outcome.to_owned(),
            facts: BTreeMap::new(),
        }
    }

    /// With the text fact `name`.
    pub fn text(mut self, name: &str, value: impl Into<String>) -> Finding {
        self.facts.insert(name.to_owned(), Fact::Text(value.into()));
        self
    }

    /// With the number fact `name`.
    pub fn number(mut self, name: &str, value: i64) -> Finding {
        self.facts.insert(name.to_owned(), Fact::Number(value));
        self
    }

    /// The fact `name`, if stated.
    pub fn fact(&self, name: &str) -> Option<&Fact> {
        self.facts.get(name)
    }
}

/// What the shell finds itself and hands in: a list of names, or why none could be had.
pub type Probe = Result<Vec<String>, String>;

/// What the checks look at.
#[derive(Debug, Clone)]
pub struct Context {
    /// The counter's data directory.
    pub data_dir: PathBuf,
    /// The central system: `None` in training mode (the embedded sandbox).
    pub endpoint: Option<endpoint::Target>,
    /// Where the database key lives.
    pub tokens: counter::secrets::TokenStore,
    pub cameras: Probe,
    pub printers: Probe,
    /// The running version.
    pub version: String,
    /// The update feed, if one is configured.
    pub update_feed: Option<String>,
}

/// Runs every check, in the order the report lists them.
pub async fn run(ctx: &Context) -> Vec<Finding> {
    let mut findings = endpoint::check(ctx.endpoint.as_ref()).await;
    let data_dir = ctx.data_dir.clone();
    let tokens = ctx.tokens.clone();
    // The keyring and SQLite block: off the async threads.
    let local = tokio::task::spawn_blocking(move || local::check(&data_dir, &tokens))
        .await
        .unwrap_or_else(|_| vec![Finding::new("database", Status::Fail, "check_failed")]);
    findings.extend(local);
    findings.push(devices("cameras", &ctx.cameras));
    findings.push(devices("printers", &ctx.printers));
    let latest = version::latest(ctx.update_feed.as_deref(), &ctx.version).await;
    findings.push(version::finding(&ctx.version, &latest));
    findings
}

/// The worst status among `findings` (skips aside): what the exit code follows.
pub fn worst(findings: &[Finding]) -> Status {
    findings
        .iter()
        .map(|f| f.status)
        .filter(|s| *s != Status::Skip)
        .max()
        .unwrap_or(Status::Ok)
}

/// Cameras or printers: how many were found (a warning for none: the counter works without,
/// by hand-typed numbers and saved PDFs).
fn devices(check: &str, found: &Probe) -> Finding {
    match found {
        Ok(names) if names.is_empty() => Finding::new(check, Status::Warn, "none"),
        Ok(names) => Finding::new(check, Status::Ok, "found")
            .number("count", names.len() as i64)
            .text("names", names.join(", ")),
        Err(why) => Finding::new(check, Status::Warn, "unknown").text("reason", why.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_status_ignores_skips() {
        let f = |status| Finding {
            check: "x".into(),
            status,
            outcome: "y".into(),
            facts: BTreeMap::new(),
        };
        assert_eq!(worst(&[f(Status::Ok), f(Status::Skip)]), Status::Ok);
        assert_eq!(worst(&[f(Status::Warn), f(Status::Ok)]), Status::Warn);
        assert_eq!(worst(&[f(Status::Warn), f(Status::Fail)]), Status::Fail);
        assert_eq!(worst(&[]), Status::Ok);
    }

    #[test]
    fn devices_found_none_or_unknown() {
        assert_eq!(devices("cameras", &Ok(vec![])).status, Status::Warn);
        let two = devices("printers", &Ok(vec!["A".into(), "B".into()]));
        assert_eq!((two.status, two.outcome.as_str()), (Status::Ok, "found"));
        assert_eq!(two.fact("count"), Some(&Fact::Number(2)));
        let unknown = devices("printers", &Err("lpstat missing".into()));
        assert_eq!(unknown.outcome, "unknown");
    }
}
