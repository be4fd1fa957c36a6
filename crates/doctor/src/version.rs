//! The running version against the update feed: the feed's `latest.json` (the updater's static
//! format, `{"version": "…", …}`) is fetched and its version compared. Only to tell: installing
//! goes through the updater, which checks the signature.

use std::time::Duration;

use crate::{Finding, Status};

/// How long the feed may take.
const TIMEOUT: Duration = Duration::from_secs(5);

/// What the feed offers against `current`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Latest {
    /// No feed is configured.
    NoFeed,
    /// The feed offers nothing newer.
    Current,
    /// The feed offers this version.
    Newer(String),
    /// The feed could not be asked or read (why, without the address).
    Unknown(String),
}

/// Asks `feed` (if any) what it offers against `current`.
pub async fn latest(feed: Option<&str>, current: &str) -> Latest {
    let Some(feed) = feed else {
        return Latest::NoFeed;
    };
    let answer = async {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| e.without_url().to_string())?;
        let resp = client
            .get(feed)
            .send()
            .await
            .map_err(|e| e.without_url().to_string())?;
        if !resp.status().is_success() {
            return Err(format!("HTTP {}", resp.status().as_u16()));
        }
        let body: serde_json::Value = resp.json().await.map_err(|e| e.without_url().to_string())?;
        body.get("version")
            .and_then(|v| v.as_str())
            .map(|v| v.trim_start_matches('v').to_owned())
            .ok_or_else(|| "the feed names no version".to_owned())
    };
    match answer.await {
        Err(why) => Latest::Unknown(why),
        Ok(offered) => match (
            semver::Version::parse(&offered),
            semver::Version::parse(current),
        ) {
            (Ok(o), Ok(c)) if o > c => Latest::Newer(offered),
            (Ok(_), Ok(_)) => Latest::Current,
            _ => Latest::Unknown(format!("'{offered}' is not a version")),
        },
    }
}

/// The finding of the running version and what the feed offers.
pub fn finding(current: &str, latest: &Latest) -> Finding {
    let f = |status, outcome| Finding::new("version", status, outcome).text("version", current);
    match latest {
        Latest::NoFeed => f(Status::Ok, "no_feed"),
        Latest::Current => f(Status::Ok, "current"),
        Latest::Newer(v) => f(Status::Warn, "update").text("latest", v.clone()),
        Latest::Unknown(why) => f(Status::Warn, "feed_unknown").text("reason", why.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// Serves `body` once on loopback; the feed's URL.
    fn feed(body: &'static str) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/latest.json", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            if let Ok((mut s, _)) = listener.accept() {
                let mut buf = [0u8; 2048];
                let _ = s.read(&mut buf);
                let _ = write!(
                    s,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        url
    }

    #[tokio::test]
    async fn a_newer_release_on_the_feed_is_a_warning() {
        let url = feed(r#"{"version":"0.2.0","notes":"x","platforms":{}}"#);
        let latest = latest(Some(&url), "0.1.0").await;
        assert_eq!(latest, Latest::Newer("0.2.0".into()));
        let f = finding("0.1.0", &latest);
        assert_eq!((f.status, f.outcome.as_str()), (Status::Warn, "update"));
    }

    #[tokio::test]
    async fn the_same_or_an_older_release_is_current() {
        let url = feed(r#"{"version":"v0.1.0"}"#);
        assert_eq!(latest(Some(&url), "0.1.0").await, Latest::Current);
        let url = feed(r#"{"version":"0.0.9"}"#);
        assert_eq!(latest(Some(&url), "0.1.0").await, Latest::Current);
    }

    #[tokio::test]
    async fn no_feed_or_a_bad_one_is_said() {
        assert_eq!(latest(None, "0.1.0").await, Latest::NoFeed);
        let url = feed(r#"{"name":"x"}"#);
        assert!(matches!(
            latest(Some(&url), "0.1.0").await,
            Latest::Unknown(_)
        ));
        let closed = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            format!("http://{}/latest.json?key=abc", l.local_addr().unwrap())
        };
        match latest(Some(&closed), "0.1.0").await {
            Latest::Unknown(why) => assert!(!why.contains("key=abc"), "{why}"),
            other => panic!("{other:?}"),
        }
    }
}
