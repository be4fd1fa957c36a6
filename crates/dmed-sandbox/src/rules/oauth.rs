//! The OAuth 2.0 rules of the FHIR face's sign-in, apart from HTTP and storage: which client a
//! pharmacy has, where an authorization code may be sent (a loopback address only, as RFC 8252
//! has native apps receive it), how long a code lives, and the PKCE check (RFC 7636, `S256`
//! only: a public client proves with it that it is the one that asked).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// How long an authorization code may be exchanged, in seconds.
pub const CODE_TTL_SECS: i64 = 60;

/// The only PKCE method accepted.
pub const CHALLENGE_METHOD: &str = "S256";

/// The client id of a pharmacy's OAuth client.
pub fn client_id(pharmacy_id: &str) -> String {
    format!("dorixona-{pharmacy_id}")
}

/// `raw` as a redirect URI codes may be sent to: `http://127.0.0.1:<port>/…` or
/// `http://localhost:<port>/…` with the port written out, no user info and no fragment. Anything
/// else is refused with the reason, and nothing is ever sent there.
pub fn check_redirect_uri(raw: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(raw).map_err(|e| format!("redirect_uri is not a URL ({e})"))?;
    if url.scheme() != "http" {
        return Err("redirect_uri must be a plain http loopback address".to_owned());
    }
    if !matches!(url.host_str(), Some("127.0.0.1" | "localhost")) {
        return Err("redirect_uri must be on 127.0.0.1 or localhost (RFC 8252)".to_owned());
    }
    if url.port().is_none() {
        return Err("redirect_uri must name its port".to_owned());
    }
    if !url.username().is_empty() || url.password().is_some() || url.fragment().is_some() {
        return Err("redirect_uri may have neither user info nor a fragment".to_owned());
    }
    Ok(url)
}

/// Whether `challenge` can be an S256 challenge: BASE64URL of 32 bytes, 43 characters.
pub fn challenge_is_well_formed(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `verifier` is one RFC 7636 allows: 43 to 128 unreserved characters.
pub fn verifier_is_well_formed(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// The S256 challenge of a verifier: BASE64URL(SHA-256(verifier)).
pub fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether `verifier` is the one `challenge` was made from.
pub fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    let made = challenge_of(verifier);
    verifier_is_well_formed(verifier)
        && made.len() == challenge.len()
        && made
            .bytes()
            .zip(challenge.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether a code issued to expire at `expires_at` may still be exchanged at `now` (unix s).
pub fn code_is_live(expires_at: i64, now: i64) -> bool {
    now < expires_at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_is_rfc_7636s_example() {
        // RFC 7636, appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert_eq!(challenge_of(verifier), challenge);
        assert!(challenge_is_well_formed(challenge));
        assert!(pkce_matches(verifier, challenge));
        assert!(!pkce_matches(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK",
            challenge
        ));
        assert!(!pkce_matches("short", &challenge_of("short")), "too short");
        assert!(!challenge_is_well_formed("plain-text-challenge"));
    }

    #[test]
    fn only_loopback_redirects_with_a_port_are_accepted() {
        for ok in [
            "http://127.0.0.1:5000/callback",
            "http://localhost:49152/cb?x=1",
        ] {
            assert!(check_redirect_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "https://127.0.0.1:5000/callback",
            "http://example.com:5000/callback",
            "http://127.0.0.2:5000/callback",
            "http://127.0.0.1/callback",
            "http://user@127.0.0.1:5000/callback",
            "http://127.0.0.1:5000/callback#frag",
            "http://localhost.example.com:5000/",
            "not a url",
        ] {
            assert!(check_redirect_uri(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_code_lives_a_minute() {
        assert!(code_is_live(1_060, 1_000));
        assert!(code_is_live(1_060, 1_059));
        assert!(!code_is_live(1_060, 1_060));
    }

    #[test]
    fn a_pharmacys_client() {
        assert_eq!(client_id("PH-0001"), "dorixona-PH-0001");
    }
}
