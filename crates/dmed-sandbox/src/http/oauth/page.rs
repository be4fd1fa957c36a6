//! The training sign-in page of the OAuth authorization endpoint: small, plain HTML, Uzbek first
//! and English beneath, no script and nothing loaded from elsewhere (a strict
//! `Content-Security-Policy` says so), never cached or framed. Its form posts the credentials
//! with the authorization request in hidden fields back to `/oauth/authorize`.

use crate::service::oauth::AuthorizeRequest;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// What the page says above the form, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub uz: String,
    pub en: String,
}

impl Message {
    pub fn new(uz: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            uz: uz.into(),
            en: en.into(),
        }
    }
}

const STYLE: &str = "body{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}\
h1{font-size:1.4rem}label{display:block;margin-top:1rem;font-weight:bold}\
label small,p small{display:block;font-weight:normal;color:#555}\
input[type=text],input[type=password]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}\
button{margin-top:1.5rem;padding:.6rem 1.4rem;font-size:1rem}\
.error{border-left:4px solid #b00020;padding:.5rem .8rem;background:#fdecee}";

/// The sign-in form for `req`, with the pharmacy id and login filled in and `message` (a
/// refusal of the last try) above it.
pub fn sign_in(
    status: StatusCode,
    req: &AuthorizeRequest,
    pharmacy_id: &str,
    login: &str,
    message: Option<&Message>,
) -> Response {
    let mut body = String::new();
    body.push_str(
        "<h1>Dorixona: tizimga kirish<small> Dorixona: sign in</small></h1>\
         <p>O\u{2018}quv serveri: Dorixona dasturi sizni shu sahifaga yubordi.\
         <small>Training server: the Dorixona app sent you to this page.</small></p>",
    );
    if let Some(m) = message {
        body.push_str(&format!(
            "<p class=\"error\" role=\"alert\">{}<small>{}</small></p>",
            escape(&m.uz),
            escape(&m.en)
        ));
    }
    body.push_str("<form method=\"post\" action=\"/oauth/authorize\">");
    for (name, value) in req.fields() {
        body.push_str(&format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            escape(value)
        ));
    }
    body.push_str(&format!(
        "<label for=\"pharmacy_id\">Dorixona identifikatori<small>Pharmacy id</small></label>\
         <input type=\"text\" id=\"pharmacy_id\" name=\"pharmacy_id\" value=\"{}\" required>\
         <label for=\"login\">Login<small>Login</small></label>\
         <input type=\"text\" id=\"login\" name=\"login\" value=\"{}\" autocomplete=\"username\" required>\
         <label for=\"secret\">Maxfiy so\u{2018}z<small>Secret</small></label>\
         <input type=\"password\" id=\"secret\" name=\"secret\" autocomplete=\"current-password\" required>\
         <button type=\"submit\">Kirish / Sign in</button></form>",
        escape(pharmacy_id),
        escape(login)
    ));
    html(status, &body)
}

/// A refused authorization request: why, and nothing else (no form, nothing redirected).
pub fn refusal(status: StatusCode, reason: &str) -> Response {
    html(
        status,
        &format!(
            "<h1>Kirish so\u{2018}rovi rad etildi<small> The sign-in request is refused</small></h1>\
             <p>Dorixona dasturiga qayting va qaytadan urinib ko\u{2018}ring.\
             <small>Return to the Dorixona app and try again.</small></p>\
             <p class=\"error\" role=\"alert\">{}</p>",
            escape(reason)
        ),
    )
}

fn html(status: StatusCode, body: &str) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"uz\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Dorixona: tizimga kirish / sign in</title><style>{STYLE}</style></head>\
         <body>{body}</body></html>"
    );
    let mut response = (status, page).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Text as HTML text or attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_request_brings_is_escaped() {
        assert_eq!(
            escape("\"><script>x</script>&'"),
            "&quot;&gt;&lt;script&gt;x&lt;/script&gt;&amp;&#39;"
        );
    }
}
