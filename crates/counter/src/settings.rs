//! Settings rules: which endpoints and languages are acceptable, and how settings map onto the
//! key/value table of the local store.

use crate::error::CounterError;
use crate::store::Store;
use crate::types::Settings;
use std::net::IpAddr;

const KEY_ENDPOINT: &str = "endpoint";
const KEY_LANGUAGE: &str = "language";
const KEY_CAMERA: &str = "camera";

/// Languages the UI speaks.
pub const LANGUAGES: [&str; 2] = ["uz", "en"];

/// Checks a central API base URL: `https://…`, or `http://…` only to a loopback address. Returns
/// it without a trailing slash.
pub fn validate_endpoint(endpoint: &str) -> Result<String, CounterError> {
    let bad = |reason: &str| CounterError::InvalidSetting {
        setting: KEY_ENDPOINT.to_owned(),
        reason: reason.to_owned(),
    };
    let trimmed = endpoint.trim().trim_end_matches('/');
    let url =
        url::Url::parse(trimmed).map_err(|e| bad(&format!("'{trimmed}' is not a URL ({e})")))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => return Err(bad("the URL has no host")),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(bad(
                "plain http is allowed only to this computer (127.0.0.1 or localhost); use https",
            ))
        }
        other => return Err(bad(&format!("the scheme must be https, not '{other}'"))),
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("the URL must not have a query or fragment"));
    }
    if url.path().trim_end_matches('/').ends_with("/v1") {
        return Err(bad("give the base URL without the /v1 suffix"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("the URL must not contain credentials"));
    }
    Ok(trimmed.to_owned())
}

/// Checks a whole settings value; returns it normalized.
pub fn validate(settings: &Settings) -> Result<Settings, CounterError> {
    let endpoint = settings
        .endpoint
        .as_deref()
        .map(validate_endpoint)
        .transpose()?;
    if !LANGUAGES.contains(&settings.language.as_str()) {
        return Err(CounterError::InvalidSetting {
            setting: KEY_LANGUAGE.to_owned(),
            reason: format!("'{}' is not one of uz, en", settings.language),
        });
    }
    Ok(Settings {
        endpoint,
        language: settings.language.clone(),
        camera: settings
            .camera
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned),
    })
}

/// Reads settings, with defaults for what was never saved.
pub fn load(store: &Store) -> Result<Settings, CounterError> {
    let defaults = Settings::default();
    Ok(Settings {
        endpoint: store.setting(KEY_ENDPOINT)?,
        language: store.setting(KEY_LANGUAGE)?.unwrap_or(defaults.language),
        camera: store.setting(KEY_CAMERA)?,
    })
}

/// Validates and saves settings.
pub fn save(store: &Store, settings: &Settings) -> Result<(), CounterError> {
    let s = validate(settings)?;
    store.set_settings(&[
        (KEY_ENDPOINT, s.endpoint.as_deref()),
        (KEY_LANGUAGE, Some(s.language.as_str())),
        (KEY_CAMERA, s.camera.as_deref()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::ErrorCode;

    #[test]
    fn endpoint_rules() {
        let ok = [
            ("https://api.dmed.uz", "https://api.dmed.uz"),
            ("https://api.dmed.uz/", "https://api.dmed.uz"),
            ("http://127.0.0.1:8787", "http://127.0.0.1:8787"),
            ("http://localhost:8787/", "http://localhost:8787"),
            ("http://[::1]:8787", "http://[::1]:8787"),
            (" https://x.uz/base ", "https://x.uz/base"),
        ];
        for (input, want) in ok {
            assert_eq!(validate_endpoint(input).unwrap(), want, "{input}");
        }
        let bad = [
            "http://api.dmed.uz",
            "http://10.0.0.5:8787",
            "ftp://127.0.0.1",
            "not a url",
            "",
            "https://api.dmed.uz/v1",
            "https://user:pw@api.dmed.uz",
        ];
        for input in bad {
            let err = validate_endpoint(input).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidSetting, "{input}");
            assert_eq!(err.details()["setting"], "endpoint");
        }
    }

    #[test]
    fn language_must_be_uz_or_en() {
        let mut s = Settings::default();
        assert!(validate(&s).is_ok());
        s.language = "ru".into();
        assert_eq!(validate(&s).unwrap_err().code(), ErrorCode::InvalidSetting);
    }

    #[test]
    fn saved_settings_read_back_and_none_means_training() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        assert_eq!(load(&store).unwrap(), Settings::default());
        let s = Settings {
            endpoint: Some("https://api.dmed.uz/".into()),
            language: "en".into(),
            camera: Some(" HD Webcam ".into()),
        };
        save(&store, &s).unwrap();
        let back = load(&store).unwrap();
        assert_eq!(back.endpoint.as_deref(), Some("https://api.dmed.uz"));
        assert_eq!(back.language, "en");
        assert_eq!(back.camera.as_deref(), Some("HD Webcam"));
        save(&store, &Settings::default()).unwrap();
        assert_eq!(load(&store).unwrap().endpoint, None);
    }
}
