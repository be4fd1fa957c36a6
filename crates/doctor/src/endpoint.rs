//! The central system as seen from this counter: can it be reached, is its TLS certificate
//! valid and for how long, and does this machine's clock agree with the server's (a token's
//! life, a hold's expiry and the dispense time all depend on it). One `GET` of the adapter's
//! cheapest page (`/v1/health` for contract v1, `/metadata` for the FHIR server) answers all
//! three: the status, the certificate of the handshake and the `Date` header.

use std::time::{Duration, Instant};

use counter::client::Adapter;
use time::OffsetDateTime;

use crate::{Finding, Status};

/// How long the endpoint may take to answer.
const TIMEOUT: Duration = Duration::from_secs(5);
/// A certificate expiring within this many days is a warning.
const CERT_WARN_DAYS: i64 = 30;
/// Clock skew up to this is fine; up to [`SKEW_FAIL_SECS`] a warning; beyond, a failure.
const SKEW_WARN_SECS: i64 = 60;
const SKEW_FAIL_SECS: i64 = 300;

/// The central system to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub adapter: Adapter,
    pub url: String,
}

/// `url` as a report may show it: scheme, host and port, never a user, password, path or query.
pub fn shown(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => {
            let host = u.host_str().unwrap_or("?");
            match u.port() {
                Some(port) => format!("{}://{host}:{port}", u.scheme()),
                None => format!("{}://{host}", u.scheme()),
            }
        }
        Err(_) => "(not a URL)".to_owned(),
    }
}

/// The endpoint, TLS and clock findings for `target` (`None`: training mode).
pub async fn check(target: Option<&Target>) -> Vec<Finding> {
    let Some(target) = target else {
        return vec![
            Finding::new("endpoint", Status::Ok, "training"),
            Finding::new("tls", Status::Skip, "training"),
            Finding::new("clock", Status::Skip, "training"),
        ];
    };
    let host = shown(&target.url);
    let parsed = url::Url::parse(&target.url);
    let Ok(base) = parsed else {
        return vec![
            Finding::new("endpoint", Status::Fail, "invalid").text("url", host),
            Finding::new("tls", Status::Skip, "unreachable"),
            Finding::new("clock", Status::Skip, "unreachable"),
        ];
    };
    let page = match target.adapter {
        Adapter::DmedV1 => "v1/health",
        Adapter::DhpFhir => "metadata",
    };
    let url = format!("{}/{page}", base.as_str().trim_end_matches('/'));
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .tls_info(true)
        .build();
    let started = Instant::now();
    let answer = match client {
        Ok(c) => c.get(&url).send().await,
        Err(e) => Err(e),
    };
    let ms = started.elapsed().as_millis() as i64;
    let now = OffsetDateTime::now_utc();
    let plain = base.scheme() == "http";
    match answer {
        Err(e) => {
            let tls_broken = plain_reason(&e).to_lowercase().contains("certificate");
            let endpoint = Finding::new("endpoint", Status::Fail, kind(&e))
                .text("url", host.clone())
                .text("reason", plain_reason(&e));
            let tls = if tls_broken {
                Finding::new("tls", Status::Fail, "invalid").text("reason", plain_reason(&e))
            } else {
                Finding::new("tls", Status::Skip, "unreachable")
            };
            vec![
                endpoint,
                tls,
                Finding::new("clock", Status::Skip, "unreachable"),
            ]
        }
        Ok(resp) => {
            let status = resp.status();
            let endpoint = if status.is_server_error() {
                Finding::new("endpoint", Status::Fail, "server_error")
            } else if status.is_success() {
                Finding::new("endpoint", Status::Ok, "reachable")
            } else {
                Finding::new("endpoint", Status::Warn, "unexpected_status")
            }
            .text("url", host.clone())
            .number("ms", ms)
            .number("status", i64::from(status.as_u16()));
            let tls = if plain {
                plain_http(&base)
            } else {
                certificate(
                    resp.extensions()
                        .get::<reqwest::tls::TlsInfo>()
                        .and_then(|i| i.peer_certificate()),
                    now,
                )
            };
            let date = resp
                .headers()
                .get(reqwest::header::DATE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            vec![endpoint, tls, clock(date.as_deref(), now)]
        }
    }
}

/// Why a request failed, in a word the words can pick: `timeout`, `refused` (connect) or
/// `unreachable`.
fn kind(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "refused"
    } else {
        "unreachable"
    }
}

/// The error's causes without the URL it was sent to (a URL may carry what a report must not).
fn plain_reason(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    if parts.is_empty() {
        parts.push(e.to_string());
    }
    parts.join(": ")
}

/// TLS for a plain `http://` endpoint: fine on this machine (a local sandbox or proxy), a
/// failure elsewhere (patient data would cross the network in the clear).
fn plain_http(base: &url::Url) -> Finding {
    let local = match base.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if local {
        Finding::new("tls", Status::Skip, "plain_local")
    } else {
        Finding::new("tls", Status::Fail, "plain")
    }
}

/// The certificate's expiry against `now`.
pub fn certificate(der: Option<&[u8]>, now: OffsetDateTime) -> Finding {
    let Some(der) = der else {
        return Finding::new("tls", Status::Warn, "no_certificate");
    };
    let parsed = x509_parser::parse_x509_certificate(der);
    let Ok((_, cert)) = parsed else {
        return Finding::new("tls", Status::Warn, "unreadable");
    };
    let until = cert.validity().not_after.timestamp();
    let days = (until - now.unix_timestamp()).div_euclid(86_400);
    let expires = OffsetDateTime::from_unix_timestamp(until)
        .map(|t| t.date().to_string())
        .unwrap_or_default();
    let (status, outcome) = if until <= now.unix_timestamp() {
        (Status::Fail, "expired")
    } else if days < CERT_WARN_DAYS {
        (Status::Warn, "expires_soon")
    } else {
        (Status::Ok, "valid")
    };
    Finding::new("tls", status, outcome)
        .number("days", days)
        .text("until", expires)
}

/// This machine's clock against the server's `Date` header.
pub fn clock(date: Option<&str>, now: OffsetDateTime) -> Finding {
    let server = date.and_then(|d| {
        OffsetDateTime::parse(d, &time::format_description::well_known::Rfc2822).ok()
    });
    let Some(server) = server else {
        return Finding::new("clock", Status::Skip, "no_server_time");
    };
    // The header has whole seconds: a skew under 2 s is rounding.
    let skew = (now - server).whole_seconds();
    let (status, outcome) = match skew.abs() {
        s if s <= SKEW_WARN_SECS => (Status::Ok, "in_step"),
        s if s <= SKEW_FAIL_SECS => (Status::Warn, "skewed"),
        _ => (Status::Fail, "skewed"),
    };
    Finding::new("clock", status, outcome).number("seconds", skew)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fact;
    use time::macros::datetime;

    #[test]
    fn a_shown_endpoint_keeps_only_scheme_host_and_port() {
        assert_eq!(
            shown("https://user:pw@dmed.uz:8443/api/v1?token=abc"),
            "https://dmed.uz:8443"
        );
        assert_eq!(shown("https://fhir.dhp.uz/fhir"), "https://fhir.dhp.uz");
        assert_eq!(shown("not a url"), "(not a URL)");
    }

    #[test]
    fn clock_skew_is_graded() {
        let now = datetime!(2026-12-03 10:00:00 UTC);
        let at = |d: &str| clock(Some(d), now);
        let ok = at("Thu, 03 Dec 2026 10:00:30 +0000");
        assert_eq!(
            (ok.status, ok.fact("seconds")),
            (Status::Ok, Some(&Fact::Number(-30)))
        );
        assert_eq!(at("Thu, 03 Dec 2026 09:57:00 +0000").status, Status::Warn);
        assert_eq!(at("Thu, 03 Dec 2026 09:00:00 +0000").status, Status::Fail);
        assert_eq!(clock(None, now).status, Status::Skip);
        assert_eq!(clock(Some("yesterday"), now).status, Status::Skip);
    }

    #[test]
    fn plain_http_is_fine_only_on_this_machine() {
        let u = |s: &str| url::Url::parse(s).unwrap();
        assert_eq!(plain_http(&u("http://127.0.0.1:8080")).status, Status::Skip);
        assert_eq!(plain_http(&u("http://localhost:1")).status, Status::Skip);
        assert_eq!(plain_http(&u("http://dmed.uz")).status, Status::Fail);
        assert_eq!(
            certificate(None, OffsetDateTime::now_utc()).status,
            Status::Warn
        );
    }

    #[tokio::test]
    async fn training_mode_checks_no_endpoint() {
        let f = check(None).await;
        assert_eq!(f[0].outcome, "training");
        assert!(f[1..].iter().all(|f| f.status == Status::Skip));
    }

    #[tokio::test]
    async fn a_closed_port_is_a_failure_that_names_no_path() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let target = Target {
            adapter: Adapter::DmedV1,
            url: format!("http://127.0.0.1:{port}/secret-path?token=abc"),
        };
        let f = check(Some(&target)).await;
        assert_eq!(
            (f[0].status, f[0].outcome.as_str()),
            (Status::Fail, "refused")
        );
        let all = format!("{f:?}");
        assert!(
            !all.contains("secret-path") && !all.contains("token"),
            "{all}"
        );
    }
}
