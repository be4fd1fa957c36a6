//! The OAuth 2.0 sign-in of the FHIR face (RFC 6749, PKCE per RFC 7636): the sandbox's
//! stand-in for the platform's single sign-on. Each pharmacy has one client
//! (`dorixona-<pharmacy_id>`, made on start: `crate::seed::ensure_oauth_clients`).
//!
//! - Client credentials: the pharmacy system itself (the client authenticated with its secret)
//!   gets a token with no member of staff behind it; what it may do is in
//!   [`crate::rules::access`] (look up, send dispenses naming their pharmacist; not withdraw).
//! - Authorization code: a member of staff signs in on the sandbox's page with the same checks
//!   (and lockout) as `POST /v1/auth/token`; the code, bound to the client, the redirect URI and
//!   the PKCE challenge, is exchanged once within a minute for the very token a v1 sign-in
//!   gives. A public client proves itself with PKCE alone; a secret, when sent, must be right.
//!
//! Refusals of the token endpoint are RFC 6749 §5.2 errors ([`OAuthError`]); those of the
//! sign-in page are reasons shown on it.

use std::collections::HashMap;

use super::auth;
use crate::api_error::{ApiError, ApiResult};
use crate::lockouts::Guard;
use crate::oauth_codes::{Codes, Grant, Taken};
use crate::rules::{access, oauth as rules};
use crate::store::clients::{self, ClientRow};
use crate::store::staff;
use dmed_api::types::TokenResponse;
use dmed_api::ErrorCode;
use rusqlite::Connection;
use time::OffsetDateTime;

/// RFC 6749 §5.2 error codes the token endpoint answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthErrorCode {
    InvalidRequest,
    InvalidClient,
    InvalidGrant,
    UnsupportedGrantType,
}

impl OAuthErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            OAuthErrorCode::InvalidRequest => "invalid_request",
            OAuthErrorCode::InvalidClient => "invalid_client",
            OAuthErrorCode::InvalidGrant => "invalid_grant",
            OAuthErrorCode::UnsupportedGrantType => "unsupported_grant_type",
        }
    }
}

/// A refusal of the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    pub code: OAuthErrorCode,
    pub description: String,
}

impl OAuthError {
    fn new(code: OAuthErrorCode, description: impl Into<String>) -> OAuthError {
        OAuthError {
            code,
            description: description.into(),
        }
    }

    fn request(description: impl Into<String>) -> OAuthError {
        OAuthError::new(OAuthErrorCode::InvalidRequest, description)
    }

    fn grant(description: impl Into<String>) -> OAuthError {
        OAuthError::new(OAuthErrorCode::InvalidGrant, description)
    }

    fn client(description: impl Into<String>) -> OAuthError {
        OAuthError::new(OAuthErrorCode::InvalidClient, description)
    }

    /// 401 for a client that failed to authenticate, else 400.
    pub fn status(&self) -> u16 {
        match self.code {
            OAuthErrorCode::InvalidClient => 401,
            _ => 400,
        }
    }
}

/// How the client said who it is: `client_id`, with its secret when it sent one.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientAuth {
    pub client_id: String,
    pub secret: Option<String>,
}

impl std::fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientAuth")
            .field("client_id", &self.client_id)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// A token request, read from the form (and the HTTP Basic credentials, when sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenCall {
    pub client: ClientAuth,
    pub grant: GrantType,
}

/// The grant asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantType {
    ClientCredentials,
    AuthorizationCode {
        code: String,
        redirect_uri: String,
        code_verifier: String,
    },
}

/// Reads a token request: the form's parameters (each at most once, RFC 6749 §3.2) and the
/// client's HTTP Basic credentials, if any (one way of authenticating only).
pub fn token_call(
    form: &[(String, String)],
    basic: Option<ClientAuth>,
) -> Result<TokenCall, OAuthError> {
    let mut params: HashMap<&str, &str> = HashMap::new();
    for (name, value) in form {
        if params.insert(name.as_str(), value.as_str()).is_some() {
            return Err(OAuthError::request(format!(
                "{name} is given more than once"
            )));
        }
    }
    let get = |name: &str| params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let need = |name: &str| {
        get(name)
            .map(str::to_owned)
            .ok_or_else(|| OAuthError::request(format!("{name} is missing")))
    };
    let client = match basic {
        Some(basic) => {
            if get("client_secret").is_some() {
                return Err(OAuthError::request(
                    "the client authenticates one way only: HTTP Basic or client_secret",
                ));
            }
            if get("client_id").is_some_and(|id| id != basic.client_id) {
                return Err(OAuthError::request(
                    "client_id differs from the HTTP Basic credentials",
                ));
            }
            basic
        }
        None => ClientAuth {
            client_id: get("client_id")
                .map(str::to_owned)
                .ok_or_else(|| OAuthError::client("the client is not named (client_id)"))?,
            secret: get("client_secret").map(str::to_owned),
        },
    };
    let grant = match get("grant_type") {
        None => return Err(OAuthError::request("grant_type is missing")),
        Some("client_credentials") => GrantType::ClientCredentials,
        Some("authorization_code") => GrantType::AuthorizationCode {
            code: need("code")?,
            redirect_uri: need("redirect_uri")?,
            code_verifier: need("code_verifier")?,
        },
        Some(other) => {
            return Err(OAuthError::new(
                OAuthErrorCode::UnsupportedGrantType,
                format!(
                    "grant_type {other} is not offered: authorization_code or client_credentials"
                ),
            ))
        }
    };
    Ok(TokenCall { client, grant })
}

/// What the token endpoint gives.
#[derive(Debug)]
pub enum Issued {
    /// The pharmacy system's own token.
    Client {
        access_token: String,
        expires_in: i64,
    },
    /// A member of staff's token, as a v1 sign-in answers it, and who signed in (their login
    /// at the pharmacy: OpenID Connect's `preferred_username`).
    Staff {
        token: TokenResponse,
        expires_in: i64,
        login: String,
    },
}

/// `POST /oauth/token`. An `Ok(Err(_))` is a refusal whose effects (a code spent, a token
/// revoked) still stand.
pub fn token(
    conn: &Connection,
    codes: &Codes,
    call: &TokenCall,
    now: OffsetDateTime,
    ttl: std::time::Duration,
) -> ApiResult<Result<Issued, OAuthError>> {
    let client = match client_of(conn, &call.client)? {
        Ok(client) => client,
        Err(e) => return Ok(Err(e)),
    };
    match &call.grant {
        GrantType::ClientCredentials => {
            if call.client.secret.is_none() {
                return Ok(Err(OAuthError::client(
                    "client_credentials needs the client's secret",
                )));
            }
            let access_token = auth::new_token();
            let expires_at = auth::expiry(now, ttl);
            clients::insert_token(
                conn,
                &access_token,
                &client.client_id,
                expires_at.unix_timestamp(),
            )?;
            Ok(Ok(Issued::Client {
                access_token,
                expires_in: (expires_at - now).whole_seconds(),
            }))
        }
        GrantType::AuthorizationCode {
            code,
            redirect_uri,
            code_verifier,
        } => exchange(
            conn,
            codes,
            &client,
            code,
            redirect_uri,
            code_verifier,
            now,
            ttl,
        ),
    }
}

/// The client, when it exists and the secret it sent (if any) is its own.
fn client_of(conn: &Connection, auth: &ClientAuth) -> ApiResult<Result<ClientRow, OAuthError>> {
    let Some(client) = clients::find(conn, &auth.client_id)? else {
        return Ok(Err(OAuthError::client("unknown client")));
    };
    if let Some(secret) = &auth.secret {
        let digest = staff::token_digest(secret);
        if !auth::constant_time_eq(digest.as_bytes(), client.secret_sha256.as_bytes()) {
            return Ok(Err(OAuthError::client("wrong client secret")));
        }
    }
    Ok(Ok(client))
}

#[allow(clippy::too_many_arguments)]
fn exchange(
    conn: &Connection,
    codes: &Codes,
    client: &ClientRow,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
    now: OffsetDateTime,
    ttl: std::time::Duration,
) -> ApiResult<Result<Issued, OAuthError>> {
    let grant = match codes.take(code, now.unix_timestamp()) {
        Taken::Grant(grant) => grant,
        Taken::Unknown => return Ok(Err(OAuthError::grant("unknown or expired code"))),
        Taken::Reused(token) => {
            if let Some(digest) = token {
                staff::delete_token(conn, &digest)?;
            }
            return Ok(Err(OAuthError::grant(
                "the code was used already; the token it gave is revoked",
            )));
        }
    };
    if grant.client_id != client.client_id {
        return Ok(Err(OAuthError::grant(
            "the code was issued to another client",
        )));
    }
    if grant.redirect_uri != redirect_uri {
        return Ok(Err(OAuthError::grant(
            "redirect_uri differs from the authorization request's",
        )));
    }
    if !rules::pkce_matches(verifier, &grant.challenge) {
        return Ok(Err(OAuthError::grant(
            "code_verifier does not match the code_challenge",
        )));
    }
    let Some(member) = staff::find(conn, &grant.pharmacy_id, &grant.login)? else {
        return Ok(Err(OAuthError::grant("the member of staff is gone")));
    };
    if access::check_active(auth::membership(&member)).is_err() {
        return Ok(Err(OAuthError::grant(
            "the member of staff's access was revoked",
        )));
    }
    let login = member.login.clone();
    let token = auth::token_for(conn, member, now, ttl)?;
    codes.gave(code, staff::token_digest(&token.access_token));
    let expires_in = (token.expires_at - now).whole_seconds();
    Ok(Ok(Issued::Staff {
        token,
        expires_in,
        login,
    }))
}

/// An authorization request (`GET /oauth/authorize`, and the hidden fields of its page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorizeRequest {
    pub response_type: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub code_challenge_method: String,
    pub state: Option<String>,
    pub login_hint: Option<String>,
}

impl AuthorizeRequest {
    /// The request's parameters out of a query string's or a form's (absent ones empty).
    pub fn from_params(params: &HashMap<String, String>) -> AuthorizeRequest {
        let get = |name: &str| params.get(name).map(|v| v.trim().to_owned());
        AuthorizeRequest {
            response_type: get("response_type").unwrap_or_default(),
            client_id: get("client_id").unwrap_or_default(),
            redirect_uri: get("redirect_uri").unwrap_or_default(),
            code_challenge: get("code_challenge").unwrap_or_default(),
            code_challenge_method: get("code_challenge_method").unwrap_or_default(),
            state: params.get("state").cloned(),
            login_hint: get("login_hint").filter(|h| !h.is_empty()),
        }
    }

    /// The request's parameters, as the page carries them on.
    pub fn fields(&self) -> Vec<(&'static str, &str)> {
        let mut out = vec![
            ("response_type", self.response_type.as_str()),
            ("client_id", self.client_id.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("code_challenge", self.code_challenge.as_str()),
            ("code_challenge_method", self.code_challenge_method.as_str()),
        ];
        if let Some(state) = &self.state {
            out.push(("state", state.as_str()));
        }
        out
    }
}

/// The client of an authorization request that may be answered; `Ok(Err(reason))` when it may
/// not (unknown client, a redirect URI other than a loopback one, no S256 challenge): the page
/// says why and nothing is redirected.
pub fn check_authorize(
    conn: &Connection,
    req: &AuthorizeRequest,
) -> ApiResult<Result<ClientRow, String>> {
    let Some(client) = clients::find(conn, req.client_id.trim())? else {
        return Ok(Err(format!("unknown client_id '{}'", req.client_id)));
    };
    if let Err(reason) = rules::check_redirect_uri(&req.redirect_uri) {
        return Ok(Err(reason));
    }
    if req.response_type != "code" {
        return Ok(Err("response_type must be code".to_owned()));
    }
    if req.code_challenge_method != rules::CHALLENGE_METHOD
        || !rules::challenge_is_well_formed(&req.code_challenge)
    {
        return Ok(Err(
            "PKCE is required: code_challenge_method S256 with its code_challenge".to_owned(),
        ));
    }
    Ok(Ok(client))
}

/// Signs a member of staff in for an authorization request of `client` (checked by
/// [`check_authorize`]), by the same checks and lockout as `POST /v1/auth/token`; the code to
/// send back. A member of another pharmacy than the client's is refused (`401`, not counted).
#[allow(clippy::too_many_arguments)]
pub fn authorize(
    conn: &Connection,
    logins: &Guard,
    codes: &Codes,
    client: &ClientRow,
    req: &AuthorizeRequest,
    (pharmacy_id, login, secret): (&str, &str, &str),
    now: OffsetDateTime,
) -> ApiResult<String> {
    if pharmacy_id.trim() != client.pharmacy_id {
        return Err(ApiError::new(
            ErrorCode::Unauthenticated,
            format!("this sign-in is for pharmacy {}", client.pharmacy_id),
        )
        .with("pharmacy_id", client.pharmacy_id.clone()));
    }
    let member = auth::check_credentials(conn, logins, pharmacy_id, login, secret, now)?;
    let code = auth::new_token();
    codes.issue(
        code.clone(),
        Grant {
            client_id: client.client_id.clone(),
            redirect_uri: req.redirect_uri.clone(),
            challenge: req.code_challenge.clone(),
            pharmacy_id: member.pharmacy_id,
            login: member.login,
            expires_at: now.unix_timestamp() + rules::CODE_TTL_SECS,
        },
        now.unix_timestamp(),
    );
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_token_request_is_read_with_one_way_of_client_authentication() {
        let call = token_call(
            &form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "c"),
                ("client_secret", "s"),
            ]),
            None,
        )
        .unwrap();
        assert_eq!(call.client.secret.as_deref(), Some("s"));
        assert_eq!(call.grant, GrantType::ClientCredentials);
        let basic = ClientAuth {
            client_id: "c".into(),
            secret: Some("s".into()),
        };
        let err = token_call(
            &form(&[("grant_type", "client_credentials"), ("client_secret", "s")]),
            Some(basic.clone()),
        )
        .unwrap_err();
        assert_eq!(err.code, OAuthErrorCode::InvalidRequest);
        let ok = token_call(&form(&[("grant_type", "client_credentials")]), Some(basic));
        assert_eq!(ok.unwrap().client.client_id, "c");
    }

    #[test]
    fn missing_repeated_and_unknown_parameters_are_named() {
        let err = |pairs: &[(&str, &str)]| token_call(&form(pairs), None).unwrap_err();
        let e = err(&[("grant_type", "authorization_code"), ("client_id", "c")]);
        assert_eq!(
            (e.code, e.description.as_str()),
            (OAuthErrorCode::InvalidRequest, "code is missing")
        );
        let e = err(&[("grant_type", "password"), ("client_id", "c")]);
        assert_eq!(e.code, OAuthErrorCode::UnsupportedGrantType);
        let e = err(&[
            ("grant_type", "client_credentials"),
            ("grant_type", "client_credentials"),
        ]);
        assert!(e.description.contains("more than once"), "{e:?}");
        let e = err(&[("grant_type", "client_credentials")]);
        assert_eq!((e.code, e.status()), (OAuthErrorCode::InvalidClient, 401));
    }

    #[test]
    fn the_debug_of_client_authentication_hides_the_secret() {
        let auth = ClientAuth {
            client_id: "c".into(),
            secret: Some("hush".into()),
        };
        assert!(!format!("{auth:?}").contains("hush"));
    }
}
