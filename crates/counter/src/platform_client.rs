//! The pharmacy system's OAuth client at the platform (`dhp-fhir`): the client id and secret the
//! platform issues to the pharmacy, kept in the OS keyring, one entry per endpoint, never in a
//! file. The installer sets them (`dorixona platform-client set`); the counter reads them at
//! start-up to sign its users in.

use serde::{Deserialize, Serialize};

use crate::client::OAuthClient;
use crate::secrets::{Sensitive, TokenStore};

/// The keyring user name of the client of `endpoint` (a validated endpoint URL).
pub fn keyring_user(endpoint: &str) -> String {
    format!("oauth-client|{endpoint}")
}

/// What the keyring entry holds.
#[derive(Serialize, Deserialize)]
struct Stored {
    client_id: String,
    #[serde(default)]
    client_secret: Option<String>,
}

/// Keeps `client` as the client of `endpoint`, replacing any other. Blocking (D-Bus).
pub fn save(tokens: &TokenStore, endpoint: &str, client: &OAuthClient) -> Result<(), String> {
    let client_id = client.client_id.trim();
    if client_id.is_empty() {
        return Err("the client id is empty".to_owned());
    }
    let stored = Stored {
        client_id: client_id.to_owned(),
        client_secret: client.client_secret.as_ref().map(|s| s.expose().clone()),
    };
    let json = serde_json::to_string(&stored).map_err(|e| e.to_string())?;
    tokens.set_secret(&keyring_user(endpoint), &Sensitive::new(json))
}

/// The client of `endpoint`; `Ok(None)` when none is kept. Blocking (D-Bus).
pub fn load(tokens: &TokenStore, endpoint: &str) -> Result<Option<OAuthClient>, String> {
    let Some(json) = tokens.secret(&keyring_user(endpoint))? else {
        return Ok(None);
    };
    let stored: Stored = serde_json::from_str(json.expose()).map_err(|e| {
        format!("the keyring entry of the platform client is damaged ({e}); set the client again")
    })?;
    Ok(Some(OAuthClient {
        client_id: stored.client_id,
        client_secret: stored
            .client_secret
            .filter(|s| !s.is_empty())
            .map(Sensitive::new),
    }))
}

/// Forgets the client of `endpoint`; forgetting a missing one is fine. Blocking (D-Bus).
pub fn forget(tokens: &TokenStore, endpoint: &str) -> Result<(), String> {
    tokens.delete(&keyring_user(endpoint))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Needs the Secret Service: the test command runs the tests inside a D-Bus session with
    // an unlocked gnome-keyring.
    #[test]
    fn a_client_is_kept_per_endpoint_in_the_keyring_and_forgotten() {
        let tokens = TokenStore::new(&format!("dorixona-test-{}", uuid::Uuid::new_v4()));
        let a = "https://fhir.example.uz/fhir";
        let client = OAuthClient {
            client_id: " pharmacy-7 ".to_owned(),
            client_secret: Some(Sensitive::new("s3cret".to_owned())),
        };
        assert_eq!(load(&tokens, a).unwrap(), None);
        save(&tokens, a, &client).unwrap();
        let loaded = load(&tokens, a).unwrap().unwrap();
        assert_eq!(loaded.client_id, "pharmacy-7");
        assert_eq!(loaded.client_secret.as_ref().unwrap().expose(), "s3cret");
        assert!(!format!("{loaded:?}").contains("s3cret"));
        assert_eq!(
            load(&tokens, "https://other.example.uz/fhir").unwrap(),
            None
        );

        let public = OAuthClient {
            client_id: "pharmacy-7".to_owned(),
            client_secret: None,
        };
        save(&tokens, a, &public).unwrap();
        assert_eq!(load(&tokens, a).unwrap(), Some(public));
        forget(&tokens, a).unwrap();
        assert_eq!(load(&tokens, a).unwrap(), None);
        forget(&tokens, a).unwrap();
    }

    #[test]
    fn an_empty_client_id_is_refused() {
        let tokens = TokenStore::new("dorixona-test-never-written");
        let client = OAuthClient {
            client_id: "  ".to_owned(),
            client_secret: None,
        };
        assert!(save(&tokens, "https://x.uz/fhir", &client)
            .unwrap_err()
            .contains("client id"));
    }
}
