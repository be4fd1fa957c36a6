//! Each person's UI language at this counter: when someone signs in, the window speaks the
//! language they chose last, whatever the device's default ([`crate::Settings::language`], which
//! the sign-in screen speaks) is.
//!
//! Kept in the store's key/value `settings` table under `language:<pharmacy>/<login>`, so it
//! stays with the counter's database (real work and training mode each have their own) and
//! needs no table of its own. Only the four languages of [`crate::settings::LANGUAGES`] are
//! accepted; anything else is `INVALID_SETTING`, as for the device's language.

use crate::access::Permission;
use crate::error::CounterError;
use crate::settings;
use crate::Counter;

/// The prefix of the key that holds a person's language.
const KEY_PREFIX: &str = "language:";

/// The key of the language of `login` at pharmacy `pharmacy_id`.
fn key(pharmacy_id: &str, login: &str) -> String {
    format!("{KEY_PREFIX}{}/{}", pharmacy_id.trim(), login.trim())
}

/// `language` when it is one of the languages the UI speaks; `INVALID_SETTING` otherwise.
pub fn validate(language: &str) -> Result<&'static str, CounterError> {
    let wanted = language.trim();
    settings::LANGUAGES
        .iter()
        .find(|l| **l == wanted)
        .copied()
        .ok_or_else(|| settings::unknown_language(language))
}

impl Counter {
    /// The language the signed-in person chose last at this counter, or `None` when they never
    /// chose one here (the window keeps the device's language then). A value that is not one
    /// of the languages (an older version, a hand-edited database) counts as none.
    pub fn user_language(&self) -> Result<Option<String>, CounterError> {
        self.require(Permission::SignedIn, "see their own language")?;
        let Some(active) = self.active() else {
            return Err(CounterError::NotSignedIn);
        };
        let saved = self
            .inner
            .store
            .setting(&key(&active.session.pharmacy.pharmacy_id, &active.login))?;
        Ok(saved.and_then(|l| validate(&l).ok().map(str::to_owned)))
    }

    /// Remembers `language` as the signed-in person's own (`INVALID_SETTING` unless it is one
    /// of [`settings::LANGUAGES`]); the device's default stays as it is.
    pub fn save_user_language(&self, language: &str) -> Result<(), CounterError> {
        self.require(Permission::SignedIn, "choose their own language")?;
        let language = validate(language)?;
        let Some(active) = self.active() else {
            return Err(CounterError::NotSignedIn);
        };
        self.inner.store.set_settings(&[(
            &key(&active.session.pharmacy.pharmacy_id, &active.login),
            Some(language),
        )])
    }

    /// The language to speak to whoever uses the counter now: the signed-in person's own, else
    /// the device's default.
    pub fn language(&self) -> String {
        let own = self.active().and_then(|active| {
            self.inner
                .store
                .setting(&key(&active.session.pharmacy.pharmacy_id, &active.login))
                .ok()
                .flatten()
                .and_then(|l| validate(&l).ok().map(str::to_owned))
        });
        own.or_else(|| self.settings().ok().map(|s| s.language))
            .unwrap_or_else(|| crate::Settings::default().language)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use dmed_api::ErrorCode;

    #[test]
    fn user_language_accepts_exactly_the_four_languages() {
        for l in ["uz", "uz-Cyrl", "ru", "en"] {
            assert_eq!(validate(l).unwrap(), l);
        }
        assert_eq!(validate(" ru ").unwrap(), "ru");
        for bad in ["", "fr", "RU", "uz-cyrl", "uz-Latn", "ru-RU", "uz_Cyrl"] {
            let e = validate(bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidSetting, "{bad}");
            assert_eq!(e.details()["setting"], "language");
        }
    }

    #[test]
    fn user_language_is_kept_per_pharmacy_and_login() {
        assert_eq!(key(" PH-1 ", " ali "), "language:PH-1/ali");
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        store
            .set_settings(&[
                (&key("PH-1", "ali"), Some("ru")),
                (&key("PH-2", "ali"), Some("uz-Cyrl")),
            ])
            .unwrap();
        assert_eq!(
            store.setting(&key("PH-1", "ali")).unwrap().as_deref(),
            Some("ru")
        );
        assert_eq!(
            store.setting(&key("PH-2", "ali")).unwrap().as_deref(),
            Some("uz-Cyrl")
        );
        assert_eq!(store.setting(&key("PH-1", "vali")).unwrap(), None);
    }
}
