//! Signing in to the platform as the guide says (OAuth 2.0 through its single sign-on), for a
//! native app as RFC 8252 says: the authorization code grant with PKCE (S256), the sign-in page
//! opened in the system browser, the code received on a loopback redirect
//! (`http://127.0.0.1:<port>/callback`, a port of this run). The password is typed into the
//! platform's page, never into the counter. Decision 0020 says why the system browser.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::RngCore as _;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::{CentralError, OAuthClient};

/// Where the platform's sign-in is, as its SMART configuration
/// (`<base>/.well-known/smart-configuration`) says.
#[derive(Debug, Clone, Deserialize)]
pub struct SmartConfiguration {
    pub authorization_endpoint: String,
    pub token_endpoint: String,
}

impl SmartConfiguration {
    /// Both endpoints checked as the central endpoint is (https, or http to this computer).
    pub fn checked(self) -> Result<SmartConfiguration, CentralError> {
        Ok(SmartConfiguration {
            authorization_endpoint: crate::endpoint::validate(&self.authorization_endpoint)?,
            token_endpoint: crate::endpoint::validate(&self.token_endpoint)?,
        })
    }
}

/// A PKCE pair: the verifier kept here, its S256 challenge sent with the authorization request.
pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

impl Pkce {
    /// A fresh verifier of 32 random bytes (43 characters).
    pub fn fresh() -> Pkce {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        let verifier = URL_SAFE_NO_PAD.encode(bytes);
        let challenge = challenge_of(&verifier);
        Pkce {
            verifier,
            challenge,
        }
    }
}

/// BASE64URL(SHA-256(verifier)), RFC 7636's S256.
pub fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A random `state` that ties the redirect to this sign-in.
pub fn new_state() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The authorization request's URL.
pub fn authorize_url(
    config: &SmartConfiguration,
    client: &OAuthClient,
    redirect_uri: &str,
    pkce: &Pkce,
    state: &str,
    login_hint: &str,
) -> String {
    let mut url = url::Url::parse(&config.authorization_endpoint)
        .unwrap_or_else(|_| url::Url::parse("http://127.0.0.1/").expect("a URL"));
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("response_type", "code")
            .append_pair("client_id", &client.client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("code_challenge", &pkce.challenge)
            .append_pair("code_challenge_method", "S256")
            .append_pair("state", state);
        if !login_hint.trim().is_empty() {
            q.append_pair("login_hint", login_hint.trim());
        }
    }
    url.into()
}

/// The loopback listener the browser is sent back to.
pub struct Loopback {
    listener: TcpListener,
    pub redirect_uri: String,
}

impl Loopback {
    /// Listens on a free port of 127.0.0.1.
    pub async fn bind() -> Result<Loopback, CentralError> {
        let listener =
            TcpListener::bind(("127.0.0.1", 0))
                .await
                .map_err(|e| CentralError::Network {
                    reason: format!("no loopback port for the sign-in could be opened: {e}"),
                })?;
        let port = listener
            .local_addr()
            .map_err(|e| CentralError::Network {
                reason: format!("the sign-in's loopback port is unknown: {e}"),
            })?
            .port();
        Ok(Loopback {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}/callback"),
        })
    }

    /// Waits (at most `wait`) for the browser to come back with the code of `state`. Requests
    /// for anything but `/callback` (a favicon) are answered 404 and the wait goes on.
    pub async fn code(self, state: &str, wait: Duration) -> Result<String, CentralError> {
        tokio::time::timeout(wait, self.accept_code(state))
            .await
            .map_err(|_| CentralError::Rejected {
                code: dmed_api::ErrorCode::Unauthenticated,
                message: "the sign-in in the browser was not finished in time; sign in again"
                    .to_owned(),
                details: serde_json::Map::new(),
            })?
    }

    async fn accept_code(self, state: &str) -> Result<String, CentralError> {
        loop {
            let Ok((mut sock, _)) = self.listener.accept().await else {
                continue;
            };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 2048];
            while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
                match sock.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            let head = String::from_utf8_lossy(&buf);
            let target = head
                .lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .unwrap_or("");
            let Some(query) = target.strip_prefix("/callback") else {
                let _ = sock.write_all(&page(404, "Not found")).await;
                continue;
            };
            let params: Vec<(String, String)> =
                url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
                    .into_owned()
                    .collect();
            let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
            let outcome = if get("state").as_deref() != Some(state) {
                Err("the sign-in answer does not belong to this sign-in (state differs)".to_owned())
            } else if let Some(error) = get("error") {
                Err(get("error_description").unwrap_or(error))
            } else {
                get("code").ok_or_else(|| "the sign-in answer has no code".to_owned())
            };
            let _ = match &outcome {
                Ok(_) => sock.write_all(&page(200, SIGNED_IN)).await,
                Err(_) => sock.write_all(&page(400, NOT_SIGNED_IN)).await,
            };
            let _ = sock.shutdown().await;
            return outcome.map_err(|message| CentralError::Rejected {
                code: dmed_api::ErrorCode::Unauthenticated,
                message,
                details: serde_json::Map::new(),
            });
        }
    }
}

const SIGNED_IN: &str = "Tizimga kirdingiz. Dorixona oynasiga qayting. / You are signed in: return to the Dorixona window.";
const NOT_SIGNED_IN: &str = "Kirish amalga oshmadi. Dorixona oynasiga qayting. / Signing in failed: return to the Dorixona window.";

/// A small page for the browser tab (no script, no external resources).
fn page(status: u16, text: &str) -> Vec<u8> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        _ => "Not Found",
    };
    let body = format!(
        "<!doctype html><html lang=\"uz\"><meta charset=\"utf-8\"><title>Dorixona</title><p>{text}</p></html>"
    );
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    response.into_bytes()
}

/// The token endpoint's form for the code.
pub fn code_exchange_form(
    client: &OAuthClient,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> Vec<u8> {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", "authorization_code")
        .append_pair("code", code)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("code_verifier", verifier)
        .append_pair("client_id", &client.client_id);
    if let Some(secret) = &client.client_secret {
        form.append_pair("client_secret", secret.expose());
    }
    form.finish().into_bytes()
}

/// The token endpoint's form for the pharmacy system itself.
pub fn client_credentials_form(client: &OAuthClient) -> Vec<u8> {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", "client_credentials")
        .append_pair("client_id", &client.client_id);
    if let Some(secret) = &client.client_secret {
        form.append_pair("client_secret", secret.expose());
    }
    form.finish().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_rfc_7636s_example() {
        // RFC 7636, appendix B.
        assert_eq!(
            challenge_of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let p = Pkce::fresh();
        assert_eq!(p.verifier.len(), 43);
        assert_eq!(challenge_of(&p.verifier), p.challenge);
        assert_ne!(Pkce::fresh().verifier, p.verifier);
    }

    #[test]
    fn the_authorization_url_carries_the_pkce_challenge_and_the_loopback_redirect() {
        let config = SmartConfiguration {
            authorization_endpoint: "https://sso.dhp.uz/oauth/authorize".into(),
            token_endpoint: "https://sso.dhp.uz/oauth/token".into(),
        };
        let client = OAuthClient {
            client_id: "dorixona-PH-1".into(),
            client_secret: None,
        };
        let pkce = Pkce::fresh();
        let url = authorize_url(
            &config,
            &client,
            "http://127.0.0.1:5000/callback",
            &pkce,
            "st",
            "ali",
        );
        let parsed = url::Url::parse(&url).unwrap();
        let q: std::collections::HashMap<_, _> = parsed.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["code_challenge"], pkce.challenge);
        assert_eq!(q["redirect_uri"], "http://127.0.0.1:5000/callback");
        assert_eq!(q["login_hint"], "ali");
        assert!(!url.contains(&pkce.verifier), "the verifier stays here");
    }

    async fn visit(uri: &str) -> String {
        let url = url::Url::parse(uri).unwrap();
        let mut sock =
            tokio::net::TcpStream::connect((url.host_str().unwrap(), url.port().unwrap()))
                .await
                .unwrap();
        let target = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        sock.write_all(format!("GET {target} HTTP/1.1\r\nhost: x\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let mut out = String::new();
        sock.read_to_string(&mut out).await.unwrap();
        out
    }

    #[tokio::test]
    async fn the_loopback_takes_the_code_of_its_state_and_ignores_other_requests() {
        let lb = Loopback::bind().await.unwrap();
        let base = lb.redirect_uri.trim_end_matches("/callback").to_owned();
        let redirect = lb.redirect_uri.clone();
        let waiting = tokio::spawn(lb.code("st-1", Duration::from_secs(5)));
        assert!(visit(&format!("{base}/favicon.ico"))
            .await
            .starts_with("HTTP/1.1 404"));
        let page = visit(&format!("{redirect}?code=abc&state=st-1")).await;
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        assert_eq!(waiting.await.unwrap().unwrap(), "abc");
    }

    #[tokio::test]
    async fn a_foreign_state_or_a_refusal_is_not_a_sign_in() {
        let lb = Loopback::bind().await.unwrap();
        let redirect = lb.redirect_uri.clone();
        let waiting = tokio::spawn(lb.code("mine", Duration::from_secs(5)));
        visit(&format!("{redirect}?code=abc&state=theirs")).await;
        let err = waiting.await.unwrap().unwrap_err();
        assert_eq!(err.code(), dmed_api::ErrorCode::Unauthenticated);
        assert!(err.to_string().contains("state"), "{err}");

        let lb = Loopback::bind().await.unwrap();
        let redirect = lb.redirect_uri.clone();
        let waiting = tokio::spawn(lb.code("s", Duration::from_secs(5)));
        visit(&format!(
            "{redirect}?error=access_denied&error_description=Bekor+qilindi&state=s"
        ))
        .await;
        assert_eq!(
            waiting.await.unwrap().unwrap_err().to_string(),
            "Bekor qilindi"
        );
    }

    #[tokio::test]
    async fn nobody_coming_back_ends_the_wait() {
        let lb = Loopback::bind().await.unwrap();
        let err = lb.code("s", Duration::from_millis(100)).await.unwrap_err();
        assert!(err.to_string().contains("not finished in time"), "{err}");
    }
}
