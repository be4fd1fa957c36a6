//! `GET /oauth/authorize` shows the training sign-in page for an authorization request;
//! `POST /oauth/authorize` (its form) checks the credentials and sends the browser back to the
//! loopback redirect URI with the code and `state`. A request that cannot be answered (unknown
//! client, a redirect URI other than a loopback one, no PKCE) gets a `400` page and is never
//! redirected; wrong credentials get the page again with the reason (`401`; `403` revoked,
//! `429` locked, with `Retry-After`).

use std::collections::HashMap;

use super::page::{self, Message};
use crate::api_error::ApiError;
use crate::service::oauth::{self, AuthorizeRequest};
use crate::state::AppState;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use dmed_api::ErrorCode;

/// The sign-in page of an authorization request.
pub async fn page(
    State(state): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Response {
    let Ok(Query(params)) = query else {
        return page::refusal(StatusCode::BAD_REQUEST, "the query string is malformed");
    };
    let req = AuthorizeRequest::from_params(&params);
    let checked = {
        let req = req.clone();
        state
            .db
            .read(move |conn| oauth::check_authorize(conn, &req))
            .await
    };
    match checked {
        Ok(Ok(client)) => page::sign_in(
            StatusCode::OK,
            &req,
            &client.pharmacy_id,
            req.login_hint.as_deref().unwrap_or(""),
            None,
        ),
        Ok(Err(reason)) => page::refusal(StatusCode::BAD_REQUEST, &reason),
        Err(e) => page::refusal(e.status(), &e.message),
    }
}

/// The page's form: credentials checked as a v1 sign-in; right → `302` to the redirect URI.
pub async fn submit(
    State(state): State<AppState>,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let Ok(Form(params)) = form else {
        return page::refusal(StatusCode::BAD_REQUEST, "the form is malformed");
    };
    let req = AuthorizeRequest::from_params(&params);
    let field = |name: &str| params.get(name).cloned().unwrap_or_default();
    let (pharmacy_id, login, secret) = (field("pharmacy_id"), field("login"), field("secret"));
    let now = state.clock.now();
    let lockouts = state.lockouts.clone();
    let codes = state.oauth_codes.clone();
    let signed_in = {
        let (req, pharmacy_id, login) = (req.clone(), pharmacy_id.clone(), login.clone());
        state
            .db
            .read(move |conn| {
                let client = match oauth::check_authorize(conn, &req)? {
                    Ok(client) => client,
                    Err(reason) => return Ok(Err(reason)),
                };
                oauth::authorize(
                    conn,
                    &lockouts.logins,
                    &codes,
                    &client,
                    &req,
                    (&pharmacy_id, &login, &secret),
                    now,
                )
                .map(Ok)
            })
            .await
    };
    match signed_in {
        Ok(Ok(code)) => redirect(&req, &code),
        Ok(Err(reason)) => page::refusal(StatusCode::BAD_REQUEST, &reason),
        Err(e) => again(&req, &pharmacy_id, &login, &e),
    }
}

/// `302` to the redirect URI with the code and `state`.
fn redirect(req: &AuthorizeRequest, code: &str) -> Response {
    let Ok(mut to) = crate::rules::oauth::check_redirect_uri(&req.redirect_uri) else {
        return page::refusal(
            StatusCode::BAD_REQUEST,
            "redirect_uri is not a loopback one",
        );
    };
    {
        let mut query = to.query_pairs_mut();
        query.append_pair("code", code);
        if let Some(state) = &req.state {
            query.append_pair("state", state);
        }
    }
    let Ok(location) = HeaderValue::from_str(to.as_str()) else {
        return page::refusal(
            StatusCode::BAD_REQUEST,
            "redirect_uri cannot be sent back to",
        );
    };
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response()
}

/// The page again, saying why the sign-in was refused.
fn again(req: &AuthorizeRequest, pharmacy_id: &str, login: &str, e: &ApiError) -> Response {
    let retry_after = e.details.get("retry_after_secs").and_then(|v| v.as_u64());
    let message = match e.code {
        ErrorCode::Unauthenticated => match e.details.get("pharmacy_id").and_then(|v| v.as_str()) {
            Some(p) => Message::new(
                format!("Bu kirish {p} dorixonasi uchun."),
                format!("This sign-in is for pharmacy {p}."),
            ),
            None => Message::new(
                "Dorixona identifikatori, login yoki maxfiy so\u{2018}z noto\u{2018}g\u{2018}ri.",
                "Wrong pharmacy id, login or secret.",
            ),
        },
        ErrorCode::TooManyAttempts => {
            let minutes = retry_after.unwrap_or(60).div_ceil(60);
            Message::new(
                format!(
                    "Noto\u{2018}g\u{2018}ri urinishlar juda ko\u{2018}p: {minutes} daqiqadan keyin qayta urinib ko\u{2018}ring."
                ),
                format!("Too many wrong attempts: try again in {minutes} min."),
            )
        }
        ErrorCode::Forbidden => Message::new(
            "Kirish huquqingiz bekor qilingan: dorixona ma\u{2019}muriga murojaat qiling.",
            "Your access was revoked: ask the pharmacy's administrator.",
        ),
        _ => Message::new(
            "Kirish amalga oshmadi: qaytadan urinib ko\u{2018}ring.",
            format!("Signing in failed: {}", e.message),
        ),
    };
    let mut response = page::sign_in(e.status(), req, pharmacy_id, login, Some(&message));
    if let Some(secs) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}
