//! Secrets: [`Sensitive`] keeps a value out of logs and debug output, and [`TokenStore`] keeps the
//! session token in the OS keyring (the Secret Service on Linux) so a session survives a restart.
//!
//! When no keyring is available (e.g. no D-Bus session on a headless machine) the counter still
//! signs in with the token held in memory; the failure is reported by
//! [`TokenStore::available`], never as an error of the sign-in.

use serde::{Deserialize, Serialize};

/// The keyring service name under which tokens are stored.
pub const KEYRING_SERVICE: &str = "dorixona";

pub use central::Sensitive;

/// What is kept in the keyring for one signed-in user: enough to resume without signing in.
/// Its `Debug` leaves the token out.
#[derive(Clone, Serialize, Deserialize)]
pub struct StoredToken {
    pub access_token: String,
    /// RFC 3339.
    pub expires_at: String,
    pub pharmacist: dmed_api::types::Pharmacist,
    pub pharmacy: dmed_api::types::PharmacyInfo,
}

impl std::fmt::Debug for StoredToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredToken")
            .field("access_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("pharmacist", &self.pharmacist)
            .field("pharmacy", &self.pharmacy)
            .finish()
    }
}

/// Whether the keyring worked the last time it was used, and why not if it did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyringStatus {
    Available,
    Unavailable(String),
}

/// Session tokens in the OS keyring, one entry per `endpoint|pharmacy_id|login`, and where the
/// database's own secrets are kept: the same keyring, or a key file when one is named
/// ([`TokenStore::with_key_file`], see `db_key`).
#[derive(Debug, Clone)]
pub struct TokenStore {
    service: String,
    key_file: Option<std::path::PathBuf>,
}

impl Default for TokenStore {
    fn default() -> Self {
        Self::new(KEYRING_SERVICE)
    }
}

impl TokenStore {
    /// A store under the given keyring service name.
    pub fn new(service: &str) -> Self {
        TokenStore {
            service: service.to_owned(),
            key_file: None,
        }
    }

    /// The same store, with the database's key, salt and audit head kept in `file` (and files
    /// beside it) instead of the keyring: what `DORIXONA_DB_KEY_FILE` does for a machine, for one
    /// counter (tests, tools).
    pub fn with_key_file(mut self, file: impl Into<std::path::PathBuf>) -> Self {
        self.key_file = Some(file.into());
        self
    }

    /// The key file named by [`TokenStore::with_key_file`].
    pub fn key_file(&self) -> Option<&std::path::Path> {
        self.key_file.as_deref()
    }

    /// The keyring user name of an entry.
    pub fn user_key(endpoint: &str, pharmacy_id: &str, login: &str) -> String {
        format!("{endpoint}|{pharmacy_id}|{login}")
    }

    /// Saves a token. Blocking (D-Bus); call from a blocking context.
    pub fn save(&self, user: &str, token: &StoredToken) -> Result<(), String> {
        let json = serde_json::to_string(token).map_err(|e| e.to_string())?;
        self.set_secret(user, &Sensitive::new(json))
    }

    /// Loads a token; `Ok(None)` when there is none. Blocking (D-Bus).
    pub fn load(&self, user: &str) -> Result<Option<StoredToken>, String> {
        Ok(self
            .secret(user)?
            .and_then(|json| serde_json::from_str(json.expose()).ok()))
    }

    /// Keeps any secret under `user` (the database key, the patient-key salt). Blocking.
    pub fn set_secret(&self, user: &str, secret: &Sensitive<String>) -> Result<(), String> {
        self.entry(user)?
            .set_password(secret.expose())
            .map_err(|e| describe(&e))
    }

    /// The secret kept under `user`; `Ok(None)` when there is none. Blocking.
    pub fn secret(&self, user: &str) -> Result<Option<Sensitive<String>>, String> {
        match self.entry(user)?.get_password() {
            Ok(v) => Ok(Some(Sensitive::new(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(describe(&e)),
        }
    }

    /// Deletes a token; deleting a missing one is fine. Blocking (D-Bus).
    pub fn delete(&self, user: &str) -> Result<(), String> {
        match self.entry(user)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(describe(&e)),
        }
    }

    /// Probes the keyring by reading an entry that does not exist. Blocking (D-Bus).
    pub fn available(&self) -> KeyringStatus {
        match self.load("dorixona-probe|-|-") {
            Ok(_) => KeyringStatus::Available,
            Err(reason) => KeyringStatus::Unavailable(reason),
        }
    }

    fn entry(&self, user: &str) -> Result<keyring::Entry, String> {
        keyring::Entry::new(&self.service, user).map_err(|e| describe(&e))
    }
}

/// The token store as the facade uses it: blocking keyring calls run off the async runtime,
/// failures are remembered (for [`TokenKeeper::diagnostic`]) and logged, never raised.
#[derive(Debug)]
pub struct TokenKeeper {
    tokens: TokenStore,
    status: std::sync::Mutex<Option<KeyringStatus>>,
}

impl TokenKeeper {
    /// A keeper over `tokens`, its status unknown until first used.
    pub fn new(tokens: TokenStore) -> Self {
        TokenKeeper {
            tokens,
            status: std::sync::Mutex::new(None),
        }
    }

    /// Saves a token; a failure is only remembered.
    pub async fn save(&self, user: String, token: StoredToken) {
        let tokens = self.tokens.clone();
        let result = tokio::task::spawn_blocking(move || tokens.save(&user, &token))
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
        self.note(result.err());
    }

    /// Loads a token; `None` when there is none or the keyring failed.
    pub async fn load(&self, user: String) -> Option<StoredToken> {
        let tokens = self.tokens.clone();
        let result = tokio::task::spawn_blocking(move || tokens.load(&user))
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
        match result {
            Ok(token) => {
                self.note(None);
                token
            }
            Err(reason) => {
                self.note(Some(reason));
                None
            }
        }
    }

    /// Deletes a token; a failure is only remembered.
    pub async fn delete(&self, user: String) {
        let tokens = self.tokens.clone();
        let result = tokio::task::spawn_blocking(move || tokens.delete(&user))
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
        self.note(result.err());
    }

    /// Why the keyring is not available (`None` when it is), from its last use, probing it if it
    /// was never used.
    pub async fn diagnostic(&self) -> Option<String> {
        let known = self.status.lock().ok().and_then(|s| s.clone());
        let status = match known {
            Some(status) => status,
            None => {
                let tokens = self.tokens.clone();
                let status = tokio::task::spawn_blocking(move || tokens.available())
                    .await
                    .unwrap_or_else(|e| KeyringStatus::Unavailable(e.to_string()));
                self.set(status.clone());
                status
            }
        };
        match status {
            KeyringStatus::Available => None,
            KeyringStatus::Unavailable(reason) => Some(reason),
        }
    }

    fn note(&self, failure: Option<String>) {
        match failure {
            None => self.set(KeyringStatus::Available),
            Some(reason) => {
                tracing::warn!(%reason, "OS keyring unavailable; the session is kept in memory only");
                self.set(KeyringStatus::Unavailable(reason));
            }
        }
    }

    fn set(&self, status: KeyringStatus) {
        if let Ok(mut slot) = self.status.lock() {
            *slot = Some(status);
        }
    }
}

fn describe(e: &keyring::Error) -> String {
    let base = e.to_string();
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        format!("{base} (no D-Bus session: the Secret Service is not reachable)")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_never_prints_its_value() {
        let s = Sensitive::new(String::from("hunter2"));
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&s)), "Some(<redacted>)");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn sensitive_deserializes_from_a_plain_string() {
        let s: Sensitive<String> = serde_json::from_str("\"pw\"").unwrap();
        assert_eq!(s.into_inner(), "pw");
    }

    #[test]
    fn user_key_joins_endpoint_pharmacy_and_login() {
        assert_eq!(
            TokenStore::user_key("http://127.0.0.1:8787", "PH-1", "aziza"),
            "http://127.0.0.1:8787|PH-1|aziza"
        );
    }

    /// Every type of this crate that holds a secret, formatted every way it can be logged.
    #[test]
    fn no_type_holding_a_secret_prints_it() {
        const SECRET: &str = "tok-SECRET-123";
        let token = StoredToken {
            access_token: SECRET.into(),
            expires_at: "2030-01-01T00:00:00Z".into(),
            pharmacist: dmed_api::types::Pharmacist {
                pinfl: "30211975910033".into(),
                full_name: "Aziza".into(),
                role: dmed_api::types::StaffRole::Pharmacist,
            },
            pharmacy: dmed_api::types::PharmacyInfo {
                pharmacy_id: "PH".into(),
                name: "T".into(),
                address: String::new(),
            },
        };
        let client =
            crate::client::open("http://127.0.0.1:9", crate::client::ClientConfig::default())
                .unwrap();
        client.set_token(Some(Sensitive::new(SECRET.to_owned())));
        let credentials = crate::reports::Credentials {
            pharmacy_id: "PH".into(),
            login: "aziza".into(),
            secret: Sensitive::new(SECRET.to_owned()),
        };
        let shown = [
            format!("{token:?}"),
            format!("{token:#?}"),
            format!("{:?}", Sensitive::new(SECRET)),
            format!("{}", Sensitive::new(SECRET)),
            format!("{client:?}"),
            format!("{client:#?}"),
            format!("{credentials:?}"),
            format!("{credentials:#?}"),
        ];
        for text in shown {
            assert!(!text.contains(SECRET), "{text}");
        }
    }

    /// Runs against a real Secret Service. Run the suite as:
    /// `dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets; cargo test -p counter'`.
    #[test]
    fn token_round_trips_through_the_secret_service() {
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            if std::env::var("DORIXONA_SKIP_KEYRING_TEST").as_deref() == Ok("1") {
                return;
            }
            panic!(
                "this test needs a Secret Service. Run: dbus-run-session -- sh -c 'echo -n pw | \
                 gnome-keyring-daemon --unlock --components=secrets; cargo test -p counter' \
                 (or set DORIXONA_SKIP_KEYRING_TEST=1 to skip it)"
            );
        }
        let store = TokenStore::new("dorixona-test");
        assert_eq!(store.available(), KeyringStatus::Available);
        let user = TokenStore::user_key(
            "http://127.0.0.1:1",
            "PH-TEST",
            &uuid::Uuid::new_v4().to_string(),
        );
        let token = StoredToken {
            access_token: "tok-123".into(),
            expires_at: "2030-01-01T00:00:00Z".into(),
            pharmacist: dmed_api::types::Pharmacist {
                pinfl: "30211975910033".into(),
                full_name: "Aziza Karimova".into(),
                role: dmed_api::types::StaffRole::Pharmacist,
            },
            pharmacy: dmed_api::types::PharmacyInfo {
                pharmacy_id: "PH-TEST".into(),
                name: "Test".into(),
                address: "Tashkent".into(),
            },
        };
        assert!(store.load(&user).unwrap().is_none());
        store.save(&user, &token).unwrap();
        let back = store.load(&user).unwrap().unwrap();
        assert_eq!(back.access_token, "tok-123");
        assert_eq!(back.pharmacy.pharmacy_id, "PH-TEST");
        store.delete(&user).unwrap();
        assert!(store.load(&user).unwrap().is_none());
    }
}
