//! A minimal blocking HTTP/1.1 POST over `std::net::TcpStream`, enough for the sandbox's
//! admin routes on loopback (keeps the harness free of an HTTP client dependency).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// POSTs `body` as JSON to `base_url` + `path`; returns the status code and the body text.
pub fn post_json(
    base_url: &str,
    path: &str,
    body: &serde_json::Value,
) -> Result<(u16, String), String> {
    let authority = base_url
        .strip_prefix("http://")
        .ok_or_else(|| format!("not a plain http URL: {base_url}"))?
        .trim_end_matches('/');
    let payload = body.to_string();
    let mut stream =
        TcpStream::connect(authority).map_err(|e| format!("connect {authority}: {e}"))?;
    stream
        .set_read_timeout(Some(IO_TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(IO_TIMEOUT)))
        .map_err(|e| e.to_string())?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("receive: {e}"))?;
    parse_response(&String::from_utf8_lossy(&raw))
}

/// Splits a raw response into its status code and body.
fn parse_response(raw: &str) -> Result<(u16, String), String> {
    let status = raw
        .lines()
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| format!("not an HTTP response: {raw:?}"))?;
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_status_and_body() {
        let raw = "HTTP/1.1 409 Conflict\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(parse_response(raw).unwrap(), (409, "{}".to_owned()));
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse_response("hello").is_err());
    }
}
