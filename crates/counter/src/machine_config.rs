//! The machine-wide configuration a chain or an installer puts on every counter:
//! `/etc/dorixona/config.toml` (`%ProgramData%\Dorixona\config.toml` on Windows,
//! `/Library/Application Support/Dorixona/config.toml` on macOS; `DORIXONA_MACHINE_CONFIG`
//! names another file). Its `[defaults]` apply where a user chose nothing; its `[fixed]` values
//! win over anyone's choice and are shown read-only. Per-user settings (`settings.json` in the
//! data directory) sit between the two.
//!
//! ```toml
//! [defaults]
//! language = "ru"
//! lock_after_minutes = 10
//!
//! [fixed]
//! pharmacy_id = "PH-0042"
//! endpoint = "https://api.dmed.uz"
//! adapter = "dmed-v1"
//! update_url = "https://updates.example.uz/dorixona/latest.json"
//! ```
//!
//! The file holds no secret: an unknown key is refused, and a key that names a secret
//! (`secret`, `password`, `token`, `key`) is refused with the reason, so nobody puts one there
//! by mistake. A file that cannot be read stops the start with a message naming it: a counter
//! never runs on half of its chain's configuration.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::CounterError;

/// Env var naming the machine configuration file instead of the system's.
pub const ENV_MACHINE_CONFIG: &str = "DORIXONA_MACHINE_CONFIG";

/// Words that mark a key as a secret, refused in the file.
const SECRET_WORDS: [&str; 4] = ["secret", "password", "token", "key"];

/// One layer of values: what the defaults or the fixed part may set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// The pharmacy this counter belongs to (fills the sign-in form).
    pub pharmacy_id: Option<String>,
    /// The central system's base URL.
    pub endpoint: Option<String>,
    /// Its protocol: `dmed-v1` or `dhp-fhir`.
    pub adapter: Option<String>,
    /// The language of the sign-in screen and of users who chose none.
    pub language: Option<String>,
    /// The camera, by name.
    pub camera: Option<String>,
    /// The text size in percent.
    pub text_size: Option<u16>,
    /// Minutes of inactivity before the window locks.
    pub lock_after_minutes: Option<u8>,
    /// The update feed (`latest.json`) the chain publishes its releases at.
    pub update_url: Option<String>,
}

impl Layer {
    /// The names of the values this layer sets.
    pub fn names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        let mut add = |set: bool, name| {
            if set {
                names.push(name)
            }
        };
        add(self.pharmacy_id.is_some(), "pharmacy_id");
        add(self.endpoint.is_some(), "endpoint");
        add(self.adapter.is_some(), "adapter");
        add(self.language.is_some(), "language");
        add(self.camera.is_some(), "camera");
        add(self.text_size.is_some(), "text_size");
        add(self.lock_after_minutes.is_some(), "lock_after_minutes");
        add(self.update_url.is_some(), "update_url");
        names
    }
}

/// The machine configuration: defaults under the user's choices, fixed values over them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MachineConfig {
    #[serde(default)]
    pub defaults: Layer,
    #[serde(default)]
    pub fixed: Layer,
}

/// The system's machine configuration file (or the one `DORIXONA_MACHINE_CONFIG` names).
pub fn path() -> PathBuf {
    if let Some(p) = std::env::var_os(ENV_MACHINE_CONFIG).filter(|v| !v.is_empty()) {
        return PathBuf::from(p);
    }
    if cfg!(target_os = "windows") {
        let base = std::env::var_os("ProgramData").unwrap_or_else(|| "C:\\ProgramData".into());
        PathBuf::from(base).join("Dorixona").join("config.toml")
    } else if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/Dorixona/config.toml")
    } else {
        PathBuf::from("/etc/dorixona/config.toml")
    }
}

fn invalid(file: &Path, reason: String) -> CounterError {
    CounterError::InvalidSetting {
        setting: "machine_config".to_owned(),
        reason: format!("{}: {reason}", file.display()),
    }
}

impl MachineConfig {
    /// The update feed: fixed, else the default (there is no per-user choice of it).
    pub fn update_url(&self) -> Option<String> {
        self.fixed
            .update_url
            .clone()
            .or_else(|| self.defaults.update_url.clone())
    }

    /// The system's configuration ([`path`]); none when the file does not exist.
    pub fn load() -> Result<MachineConfig, CounterError> {
        Self::load_from(&path())
    }

    /// The configuration in `file`; none when it does not exist.
    pub fn load_from(file: &Path) -> Result<MachineConfig, CounterError> {
        match std::fs::read_to_string(file) {
            Ok(text) => Self::parse(&text).map_err(|reason| invalid(file, reason)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(MachineConfig::default()),
            Err(e) => Err(invalid(file, format!("cannot be read ({e})"))),
        }
    }

    /// Reads the text of a configuration file; why not, in words, when it is refused.
    pub fn parse(text: &str) -> Result<MachineConfig, String> {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| e.message().to_owned())?;
        for (section, values) in &table {
            let Some(values) = values.as_table() else {
                continue;
            };
            for key in values.keys() {
                let lower = key.to_ascii_lowercase();
                if SECRET_WORDS.iter().any(|w| lower.contains(w)) {
                    return Err(format!(
                        "[{section}] {key}: secrets never go in this file (it is readable by every user); keep them in the keyring"
                    ));
                }
            }
        }
        toml::from_str(text).map_err(|e: toml::de::Error| e.message().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_fixed_values_are_read() {
        let c = MachineConfig::parse(
            "[defaults]\nlanguage = \"ru\"\nlock_after_minutes = 10\n\n[fixed]\npharmacy_id = \"PH-0042\"\nendpoint = \"https://api.dmed.uz\"\n",
        )
        .unwrap();
        assert_eq!(c.defaults.language.as_deref(), Some("ru"));
        assert_eq!(c.defaults.lock_after_minutes, Some(10));
        assert_eq!(c.fixed.names(), ["pharmacy_id", "endpoint"]);
        assert_eq!(MachineConfig::parse("").unwrap(), MachineConfig::default());
    }

    #[test]
    fn a_secret_or_an_unknown_key_is_refused_with_the_reason() {
        let e = MachineConfig::parse("[fixed]\nclient_secret = \"x\"\n").unwrap_err();
        assert!(e.contains("secrets never go in this file"), "{e}");
        let e = MachineConfig::parse("[fixed]\npassword = \"x\"\n").unwrap_err();
        assert!(e.contains("keyring"), "{e}");
        let e = MachineConfig::parse("[fixed]\nendpont = \"x\"\n").unwrap_err();
        assert!(e.contains("endpont"), "{e}");
        let e = MachineConfig::parse("[fixed\n").unwrap_err();
        assert!(!e.is_empty());
    }

    #[test]
    fn a_missing_file_is_no_configuration_and_a_bad_one_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            MachineConfig::load_from(&dir.path().join("none.toml")).unwrap(),
            MachineConfig::default()
        );
        let bad = dir.path().join("config.toml");
        std::fs::write(&bad, "[fixed]\ntext_size = \"big\"\n").unwrap();
        let e = MachineConfig::load_from(&bad).unwrap_err();
        assert!(e.to_string().contains("config.toml"), "{e}");
    }
}
