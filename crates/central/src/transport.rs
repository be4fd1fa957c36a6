//! The one way an adapter sends a request: HTTPS only (plain HTTP only to this computer), no
//! redirects followed, the bearer token once signed in, an `X-Request-ID` that stays the same
//! when the call is re-sent, and a re-send after a refused connection or a short 503. Every
//! exchange reports into the adapter's [`Link`]. Transport failures become [`CentralError`]s
//! without the URL (a lookup by PINFL holds the PINFL in it); what a refusal's body means is
//! the adapter's to say ([`ReadRefusal`]).

use crate::{CentralError, ClientConfig, Link, Sensitive};
use dmed_api::{HEADER_IDEMPOTENCY_KEY, HEADER_REQUEST_ID};
use reqwest::{Method, StatusCode};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use uuid::Uuid;

/// Reads a non-success answer (status, `Retry-After` seconds, body) as the error it stands for.
pub(crate) type ReadRefusal = fn(StatusCode, Option<u64>, &[u8]) -> CentralError;

/// The body of a request, already serialized so a resend is byte-identical.
pub(crate) enum Body {
    None,
    /// Bytes and their content type.
    Bytes(Vec<u8>, &'static str),
}

/// One call: what to send and the headers that identify it.
pub(crate) struct Call<'a> {
    pub method: Method,
    /// Appended to the base URL (or a whole URL, for another service of the platform).
    pub path: String,
    pub query: Vec<(&'a str, String)>,
    pub body: Body,
    pub idempotency_key: Option<String>,
    pub extra_headers: Vec<(&'static str, String)>,
    pub authenticated: bool,
}

impl<'a> Call<'a> {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Call {
            method,
            path: path.into(),
            query: Vec::new(),
            body: Body::None,
            idempotency_key: None,
            extra_headers: Vec::new(),
            authenticated: true,
        }
    }

    /// The value as a JSON body of `content_type`.
    pub fn json_as(
        mut self,
        value: &impl serde::Serialize,
        content_type: &'static str,
    ) -> Result<Self, CentralError> {
        let bytes = serde_json::to_vec(value).map_err(|e| CentralError::Protocol {
            reason: format!("request could not be encoded: {e}"),
        })?;
        self.body = Body::Bytes(bytes, content_type);
        Ok(self)
    }

    pub fn idempotent(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

/// A success answer as it arrived.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    /// The server's clock by its `Date` header, if it sent one.
    pub date: Option<time::OffsetDateTime>,
}

/// The outcome of one failed attempt: a refused connection (nothing was sent, safe to re-send)
/// or any other failure.
enum Attempt {
    Refused(CentralError),
    Failed(CentralError),
}

impl Attempt {
    fn into_error(self) -> CentralError {
        match self {
            Attempt::Refused(e) | Attempt::Failed(e) => e,
        }
    }
}

/// The HTTP side of an adapter: client, base URL, token, link state and the server's clock.
pub(crate) struct Transport {
    http: reqwest::Client,
    pub base: String,
    pub config: ClientConfig,
    /// The `Accept` header sent.
    accept: &'static str,
    read_refusal: ReadRefusal,
    token: RwLock<Option<Sensitive<String>>>,
    pub link: Arc<Link>,
    /// The central system's clock minus this one's, in ms, from the last answer that showed it.
    server_offset_ms: AtomicI64,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("base", &self.base)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// A transport to `base` (already checked by [`crate::endpoint::validate`], with any
    /// suffix the protocol adds).
    pub fn new(
        base: String,
        config: ClientConfig,
        accept: &'static str,
        read_refusal: ReadRefusal,
    ) -> Result<Transport, CentralError> {
        let https = base.starts_with("https://");
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .https_only(https)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(concat!("dorixona/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CentralError::Network {
                reason: format!("the HTTP client could not start: {e}"),
            })?;
        Ok(Transport {
            http,
            base,
            config,
            accept,
            read_refusal,
            token: RwLock::new(None),
            link: Arc::default(),
            server_offset_ms: AtomicI64::new(0),
        })
    }

    pub fn token(&self) -> Option<Sensitive<String>> {
        self.token.read().ok().and_then(|t| t.clone())
    }

    pub fn set_token(&self, token: Option<Sensitive<String>>) {
        if let Ok(mut slot) = self.token.write() {
            *slot = token;
        }
    }

    /// Takes the server's clock as it is now.
    pub fn set_server_time(&self, server_now: time::OffsetDateTime) {
        let offset = server_now - time::OffsetDateTime::now_utc();
        self.server_offset_ms.store(
            i64::try_from(offset.whole_milliseconds()).unwrap_or(0),
            Ordering::Relaxed,
        );
    }

    /// The server's time now, as its clock last showed (this computer's until it did).
    pub fn server_now(&self) -> time::OffsetDateTime {
        let ms = self.server_offset_ms.load(Ordering::Relaxed);
        time::OffsetDateTime::now_utc() + time::Duration::milliseconds(ms)
    }

    /// Sends a call, re-sending it (same request id and idempotency key) on a refused connection
    /// or a short 503, and maps any failure to a [`CentralError`].
    pub async fn send(&self, call: Call<'_>) -> Result<Answer, CentralError> {
        let ticket = self.link.begin();
        let result = self.send_retrying(call).await;
        self.link.report(ticket, &result);
        result
    }

    async fn send_retrying(&self, call: Call<'_>) -> Result<Answer, CentralError> {
        let request_id = Uuid::new_v4().to_string();
        let mut attempt = 0;
        loop {
            let result = self.send_once(&call, &request_id).await;
            let wait = match &result {
                Err(Attempt::Refused(_)) => Some(Duration::from_millis(200)),
                Err(Attempt::Failed(CentralError::ServiceUnavailable {
                    retry_after_secs, ..
                })) => {
                    let wait = Duration::from_secs(retry_after_secs.unwrap_or(u64::MAX));
                    (wait <= self.config.max_retry_wait).then_some(wait)
                }
                _ => None,
            };
            match (result, wait) {
                (Ok(answer), _) => return Ok(answer),
                (Err(_), Some(wait)) if attempt < self.config.retries => {
                    attempt += 1;
                    tokio::time::sleep(wait).await;
                }
                (Err(e), _) => return Err(e.into_error()),
            }
        }
    }

    async fn send_once(&self, call: &Call<'_>, request_id: &str) -> Result<Answer, Attempt> {
        // A path that is a whole URL (the platform's sign-in service) is sent there as it is;
        // the adapter has checked it like an endpoint.
        let url = if call.path.starts_with("https://") || call.path.starts_with("http://") {
            call.path.clone()
        } else {
            format!("{}{}", self.base, call.path)
        };
        let mut req = self
            .http
            .request(call.method.clone(), &url)
            .header(HEADER_REQUEST_ID, request_id)
            .header(reqwest::header::ACCEPT, self.accept);
        if !call.query.is_empty() {
            req = req.query(&call.query);
        }
        if call.authenticated {
            if let Some(token) = self.token() {
                req = req.bearer_auth(token.expose());
            }
        }
        if let Some(key) = &call.idempotency_key {
            req = req.header(HEADER_IDEMPOTENCY_KEY, key);
        }
        for (name, value) in &call.extra_headers {
            req = req.header(*name, value);
        }
        if let Body::Bytes(bytes, content_type) = &call.body {
            req = req
                .header(reqwest::header::CONTENT_TYPE, *content_type)
                .body(bytes.clone());
        }
        let resp = req.send().await.map_err(transport_error)?;
        let status = resp.status();
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let retry_after =
            header(reqwest::header::RETRY_AFTER).and_then(|v| v.trim().parse::<u64>().ok());
        let date = header(reqwest::header::DATE).and_then(|d| http_date(&d));
        let bytes = resp.bytes().await.map_err(transport_error)?.to_vec();
        if !status.is_success() {
            return Err(Attempt::Failed((self.read_refusal)(
                status,
                retry_after,
                &bytes,
            )));
        }
        Ok(Answer {
            status: status.as_u16(),
            body: bytes,
            date,
        })
    }
}

/// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(text: &str) -> Option<time::OffsetDateTime> {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(text.trim(), format)
        .ok()
        .map(time::PrimitiveDateTime::assume_utc)
}

/// The failure of a request that got no answer, without its URL: the URL of a lookup by PINFL
/// holds the whole PINFL, and this text reaches the window, the banner and the log.
fn transport_error(e: reqwest::Error) -> Attempt {
    let e = e.without_url();
    let reason = error_chain(&e);
    if e.is_timeout() {
        Attempt::Failed(CentralError::Timeout { reason })
    } else if e.is_connect() {
        Attempt::Refused(CentralError::Network { reason })
    } else if e.is_decode() {
        Attempt::Failed(CentralError::Protocol { reason })
    } else {
        Attempt::Failed(CentralError::Network { reason })
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}

/// Percent-encodes one path segment.
pub(crate) fn seg(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_http_date_is_read_as_utc() {
        let t = http_date("Wed, 02 Dec 2026 19:14:20 GMT").unwrap();
        assert_eq!(t, time::macros::datetime!(2026-12-02 19:14:20 UTC));
        assert!(http_date("yesterday").is_none());
    }
}
