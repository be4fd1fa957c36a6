//! `POST /oauth/token` (a form, RFC 6749 §3.2): the client credentials and authorization code
//! grants of [`crate::service::oauth`]. Answers `{"access_token", "token_type": "Bearer",
//! "expires_in"}`; for a member of staff's code also the v1 sign-in's `expires_at`,
//! `pharmacist`, `pharmacy` and `preferred_username` (the login), the sandbox's stand-in for an
//! ID token (who signed in, which the counter shows, records and checks against the login its
//! user typed). Refusals are RFC 6749 §5.2 errors, never cached.

use super::client_auth::basic_credentials;
use crate::service::oauth::{self, Issued, OAuthError};
use crate::state::AppState;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let call = basic_credentials(&headers).and_then(|basic| match form {
        Ok(Form(pairs)) => oauth::token_call(&pairs, basic),
        Err(_) => Err(OAuthError {
            code: oauth::OAuthErrorCode::InvalidRequest,
            description: "the body is a form (application/x-www-form-urlencoded)".to_owned(),
        }),
    });
    let call = match call {
        Ok(call) => call,
        Err(e) => return refused(&e),
    };
    let now = state.clock.now();
    let ttl = state.token_ttl;
    let codes = state.oauth_codes.clone();
    let issued = state
        .db
        .write(move |tx| oauth::token(tx, &codes, &call, now, ttl))
        .await;
    match issued {
        Ok(Ok(Issued::Client {
            access_token,
            expires_in,
        })) => answer(
            StatusCode::OK,
            json!({"access_token": access_token, "token_type": "Bearer", "expires_in": expires_in}),
        ),
        Ok(Ok(Issued::Staff {
            token,
            expires_in,
            login,
        })) => {
            let mut body = serde_json::to_value(&token).unwrap_or_else(|_| json!({}));
            if let Value::Object(map) = &mut body {
                map.insert("token_type".to_owned(), json!("Bearer"));
                map.insert("expires_in".to_owned(), json!(expires_in));
                map.insert("preferred_username".to_owned(), json!(login));
            }
            answer(StatusCode::OK, body)
        }
        Ok(Err(e)) => refused(&e),
        Err(e) => answer(
            e.status(),
            json!({"error": "server_error", "error_description": e.message}),
        ),
    }
}

fn refused(e: &OAuthError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = answer(
        status,
        json!({"error": e.code.as_str(), "error_description": e.description}),
    );
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"dmed-sandbox\""),
        );
    }
    response
}

/// JSON that is never cached (RFC 6749 §5.1).
fn answer(status: StatusCode, body: Value) -> Response {
    (
        status,
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::PRAGMA, HeaderValue::from_static("no-cache")),
        ],
        Json(body),
    )
        .into_response()
}
