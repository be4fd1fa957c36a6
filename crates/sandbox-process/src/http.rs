//! A minimal blocking HTTP/1.1 client over `std::net::TcpStream`, enough for the sandbox on
//! loopback: its admin routes and its sign-in page (keeps the harness free of an HTTP client
//! dependency). Plain `http://` only; redirects are not followed.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// An answer: status, headers (names lower-cased) and body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    /// The first header of that (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// POSTs `body` as JSON to `base_url` + `path`; returns the status code and the body text.
pub fn post_json(
    base_url: &str,
    path: &str,
    body: &serde_json::Value,
) -> Result<(u16, String), String> {
    let url = format!("{}{path}", base_url.trim_end_matches('/'));
    let answer = request("POST", &url, Some(("application/json", &body.to_string())))?;
    Ok((answer.status, answer.body))
}

/// Sends one request to an absolute `http://` URL, with a body of the given content type.
pub fn request(method: &str, url: &str, body: Option<(&str, &str)>) -> Result<Answer, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("not a plain http URL: {url}"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let mut stream =
        TcpStream::connect(authority).map_err(|e| format!("connect {authority}: {e}"))?;
    stream
        .set_read_timeout(Some(IO_TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(IO_TIMEOUT)))
        .map_err(|e| e.to_string())?;
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    if let Some((content_type, payload)) = body {
        head.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
            payload.len()
        ));
    }
    head.push_str("\r\n");
    head.push_str(body.map(|(_, p)| p).unwrap_or_default());
    stream
        .write_all(head.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("receive: {e}"))?;
    parse_response(&String::from_utf8_lossy(&raw))
}

/// Splits a raw response into its status, headers and body (chunked bodies joined).
fn parse_response(raw: &str) -> Result<Answer, String> {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| format!("not an HTTP response: {raw:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        unchunk(body)?
    } else {
        body.to_owned()
    };
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// The body of a `Transfer-Encoding: chunked` answer.
fn unchunk(mut rest: &str) -> Result<String, String> {
    let mut out = String::new();
    loop {
        let (size, after) = rest
            .split_once("\r\n")
            .ok_or("a chunk without its size line")?;
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| format!("a chunk size that is not hex: {e}"))?;
        if size == 0 {
            return Ok(out);
        }
        let chunk = after.get(..size).ok_or("a chunk shorter than its size")?;
        out.push_str(chunk);
        rest = after[size..].trim_start_matches("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_status_headers_and_body() {
        let raw =
            "HTTP/1.1 302 Found\r\nLocation: http://x/cb?code=1\r\ncontent-length: 2\r\n\r\n{}";
        let a = parse_response(raw).unwrap();
        assert_eq!((a.status, a.body.as_str()), (302, "{}"));
        assert_eq!(a.header("location"), Some("http://x/cb?code=1"));
    }

    #[test]
    fn a_chunked_body_is_joined() {
        let raw = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n";
        assert_eq!(parse_response(raw).unwrap().body, "Wikipedia");
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse_response("hello").is_err());
    }
}
