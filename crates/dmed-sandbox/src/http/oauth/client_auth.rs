//! HTTP Basic client authentication of the token endpoint (RFC 6749 §2.3.1: the client id and
//! secret each form-encoded, joined by `:`, in Base64).

use crate::service::oauth::{ClientAuth, OAuthError, OAuthErrorCode};
use axum::http::{header, HeaderMap};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// The client's Basic credentials, if it sent them; unreadable ones are `invalid_client`.
pub fn basic_credentials(headers: &HeaderMap) -> Result<Option<ClientAuth>, OAuthError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let bad = || OAuthError {
        code: OAuthErrorCode::InvalidClient,
        description: "the HTTP Basic client credentials cannot be read".to_owned(),
    };
    let value = value.to_str().map_err(|_| bad())?.trim();
    let Some((scheme, encoded)) = value.split_once(' ') else {
        return Err(bad());
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(OAuthError {
            code: OAuthErrorCode::InvalidClient,
            description: "the client authenticates with HTTP Basic or in the form".to_owned(),
        });
    }
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| bad())?;
    let text = String::from_utf8(decoded).map_err(|_| bad())?;
    let (id, secret) = text.split_once(':').ok_or_else(bad)?;
    let client_id = form_decode(id);
    if client_id.is_empty() {
        return Err(bad());
    }
    Ok(Some(ClientAuth {
        client_id,
        secret: Some(form_decode(secret)),
    }))
}

/// `application/x-www-form-urlencoded` decoding of one value (`+` is a space, `%XX` a byte).
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match text
                .get(i + 1..i + 3)
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(b) => {
                    out.push(b);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(raw: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            format!("Basic {}", STANDARD.encode(raw)).parse().unwrap(),
        );
        h
    }

    #[test]
    fn basic_credentials_are_read_and_form_decoded() {
        let c = basic_credentials(&basic("dorixona-PH-0001:s%3Acret+x"))
            .unwrap()
            .unwrap();
        assert_eq!(c.client_id, "dorixona-PH-0001");
        assert_eq!(c.secret.as_deref(), Some("s:cret x"));
        assert_eq!(basic_credentials(&HeaderMap::new()).unwrap(), None);
        assert!(basic_credentials(&basic("no-colon")).is_err());
        let mut bearer = HeaderMap::new();
        bearer.insert(header::AUTHORIZATION, "Bearer x".parse().unwrap());
        assert_eq!(
            basic_credentials(&bearer).unwrap_err().code,
            OAuthErrorCode::InvalidClient
        );
    }

    #[test]
    fn form_decoding_keeps_what_is_not_an_escape() {
        assert_eq!(form_decode("a%2Fb"), "a/b");
        assert_eq!(form_decode("100%"), "100%");
        assert_eq!(form_decode("%zz"), "%zz");
        assert_eq!(
            form_decode("%+1"),
            "% 1",
            "not an escape: % kept, + a space"
        );
    }
}
