//! Which endpoints a counter may speak to: `https://…`, or plain `http://…` only to this
//! computer (the training sandbox), with no credentials, query or fragment in the URL.

use crate::CentralError;
use std::net::IpAddr;

/// Checks a central API base URL: `https://…`, or `http://…` only to a loopback address. Returns
/// it without a trailing slash.
pub fn validate(endpoint: &str) -> Result<String, CentralError> {
    let bad = |reason: &str| CentralError::InvalidEndpoint {
        reason: reason.to_owned(),
    };
    let trimmed = endpoint.trim().trim_end_matches('/');
    let url =
        url::Url::parse(trimmed).map_err(|e| bad(&format!("'{trimmed}' is not a URL ({e})")))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => return Err(bad("the URL has no host")),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(bad(
                "plain http is allowed only to this computer (127.0.0.1 or localhost); use https",
            ))
        }
        other => return Err(bad(&format!("the scheme must be https, not '{other}'"))),
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("the URL must not have a query or fragment"));
    }
    if url.path().trim_end_matches('/').ends_with("/v1") {
        return Err(bad("give the base URL without the /v1 suffix"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("the URL must not contain credentials"));
    }
    Ok(trimmed.to_owned())
}
