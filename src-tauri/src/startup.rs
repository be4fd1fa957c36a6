//! Start-up: where the data lives, which central API to talk to, and opening the counter.
//!
//! Order of choice for the endpoint: env `DORIXONA_ENDPOINT`, then the saved setting, then
//! training mode (the embedded sandbox). The adapter: env `DORIXONA_ADAPTER`, then the saved
//! setting; training mode speaks it too. Nothing here panics: a failure becomes an
//! [`IpcError`] that the UI shows.

use std::path::{Path, PathBuf};
use std::time::Duration;

use counter::client::{Adapter, ClientConfig, Endpoint};
use counter::secrets::TokenStore;
use counter::{Counter, CounterError, Settings};
use dmed_api::ErrorCode;

use crate::ipc_error::IpcError;
use crate::state::Started;
use crate::training::{Training, TrainingError};

/// Env var naming the data directory (default: the OS app data dir).
pub const ENV_DATA_DIR: &str = "DORIXONA_DATA_DIR";
/// Env var naming the central API base URL (default: the saved setting, else training mode).
pub const ENV_ENDPOINT: &str = "DORIXONA_ENDPOINT";
/// Env var naming the adapter (`dmed-v1`, `dhp-fhir`; default: the saved setting).
pub const ENV_ADAPTER: &str = "DORIXONA_ADAPTER";
/// How long start-up waits for the keyring when resuming the last session.
const RESUME_TIMEOUT: Duration = Duration::from_secs(5);

/// Which central API the counter talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointChoice {
    /// A configured endpoint (env or settings).
    Configured(Endpoint),
    /// No URL configured: start the embedded training server, spoken to through this adapter.
    Training(Adapter),
}

/// Why start-up failed.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("no data directory: set {ENV_DATA_DIR} to a writable directory")]
    NoDataDir,
    #[error("the data directory {path} could not be created ({source}); set {ENV_DATA_DIR} to a writable directory")]
    CreateDataDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the settings could not be read: {0}")]
    Settings(#[source] CounterError),
    #[error(transparent)]
    Training(#[from] TrainingError),
    #[error("the local database could not be opened: {0}")]
    Counter(#[source] CounterError),
}

impl StartupError {
    /// The error code the UI shows for it.
    pub fn code(&self) -> ErrorCode {
        match self {
            StartupError::NoDataDir | StartupError::CreateDataDir { .. } => ErrorCode::StorageError,
            StartupError::Settings(e) | StartupError::Counter(e) => e.code(),
            StartupError::Training(e) => e.code(),
        }
    }
}

impl From<StartupError> for IpcError {
    fn from(err: StartupError) -> Self {
        let mut ipc = IpcError::new(err.code(), err.to_string());
        match &err {
            StartupError::Settings(e) | StartupError::Counter(e) => ipc.details = e.details(),
            StartupError::CreateDataDir { path, .. } => {
                ipc = ipc.with("path", path.display().to_string());
            }
            StartupError::NoDataDir | StartupError::Training(_) => {}
        }
        ipc
    }
}

/// Reads a non-empty env var.
pub fn env_value(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The data directory: `from_env` if given, else the OS default. Created if missing.
pub fn data_dir(
    from_env: Option<String>,
    os_default: Option<PathBuf>,
) -> Result<PathBuf, StartupError> {
    let dir = from_env
        .map(PathBuf::from)
        .or(os_default)
        .ok_or(StartupError::NoDataDir)?;
    std::fs::create_dir_all(&dir).map_err(|source| StartupError::CreateDataDir {
        path: dir.clone(),
        source,
    })?;
    Ok(dir)
}

/// The endpoint to use: env first, then settings, else training mode; the adapter likewise
/// (an unknown name is refused, never taken for another).
pub fn choose_endpoint(
    from_env: Option<String>,
    adapter_from_env: Option<String>,
    settings: &Settings,
) -> Result<EndpointChoice, CounterError> {
    let from_settings = settings
        .endpoint
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let adapter: Adapter = adapter_from_env
        .as_deref()
        .unwrap_or(&settings.adapter)
        .parse()?;
    Ok(match from_env.or(from_settings) {
        Some(url) => EndpointChoice::Configured(Endpoint::new(adapter, url)),
        None => EndpointChoice::Training(adapter),
    })
}

/// Starts the app's back end in `data_dir`: picks the endpoint (starting the training server
/// if needed), opens the counter and resumes the last session. Must run inside a tokio runtime.
pub async fn start(
    data_dir: &Path,
    endpoint_from_env: Option<String>,
    adapter_from_env: Option<String>,
) -> Result<Started, StartupError> {
    let settings = counter::read_settings(data_dir).map_err(StartupError::Settings)?;
    let choice = choose_endpoint(endpoint_from_env, adapter_from_env, &settings)
        .map_err(StartupError::Settings)?;
    let (endpoint, training) = match choice {
        EndpointChoice::Configured(endpoint) => (endpoint, None),
        EndpointChoice::Training(adapter) => {
            let training = Training::start(data_dir).await?;
            (training.endpoint(adapter), Some(training))
        }
    };
    // A restore stopped midway (decision 0024) is finished or undone before the database opens.
    match counter::backup::recover(data_dir, &TokenStore::default()) {
        Ok(true) => tracing::warn!("an interrupted restore was completed"),
        Ok(false) => {}
        Err(e) => {
            tracing::error!(code = %e.code(), error = %e, "an interrupted restore could not be completed")
        }
    }
    let config = client_config(&endpoint, training.as_ref()).await;
    // Practice has its own database: it never reaches real reports, outbox or audit trail.
    let db_file = match training {
        Some(_) => counter::TRAINING_DB_FILE,
        None => counter::DB_FILE,
    };
    let counter = Counter::open_on(data_dir, db_file, endpoint, config, TokenStore::default())
        .map_err(StartupError::Counter)?;
    let endpoint = counter.endpoint();
    match tokio::time::timeout(RESUME_TIMEOUT, counter.resume_session()).await {
        Ok(Some(session)) => {
            tracing::info!(pharmacist = %session.pharmacist.full_name, "session resumed")
        }
        Ok(None) => tracing::info!("no session to resume"),
        Err(_) => tracing::warn!("resuming the session timed out; sign in again"),
    }
    let adapter = counter.adapter();
    tracing::info!(%endpoint, %adapter, training = training.is_some(), data_dir = %data_dir.display(), "counter ready");
    Ok(Started {
        counter,
        endpoint,
        data_dir: data_dir.to_owned(),
        training,
    })
}

/// The central system's client settings: for the platform (`dhp-fhir`), the pharmacy's OAuth
/// client (the training server's demo one, else the one the installer put in the keyring) and
/// the system browser to sign in with.
async fn client_config(endpoint: &Endpoint, training: Option<&Training>) -> ClientConfig {
    let mut config = ClientConfig::default();
    if endpoint.adapter != Adapter::DhpFhir {
        return config;
    }
    config.browser = Some(crate::browser::system_browser());
    config.oauth = match training {
        Some(training) => training.oauth_client(),
        None => {
            let url = endpoint
                .validated()
                .map(|e| e.url)
                .unwrap_or_else(|_| endpoint.url.clone());
            let found = tokio::task::spawn_blocking(move || {
                counter::platform_client::load(&TokenStore::default(), &url)
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            match found {
                Ok(client) => client,
                Err(reason) => {
                    tracing::warn!(%reason, "the platform client could not be read from the keyring");
                    None
                }
            }
        }
    };
    if config.oauth.is_none() {
        tracing::warn!("no OAuth client of the platform is set for this endpoint: `dorixona platform-client set`");
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(endpoint: Option<&str>) -> Settings {
        Settings {
            endpoint: endpoint.map(str::to_owned),
            adapter: "dmed-v1".into(),
            language: "uz".to_owned(),
            camera: None,
            text_size: 100,
            ..Settings::default()
        }
    }

    fn v1(url: &str) -> EndpointChoice {
        EndpointChoice::Configured(Endpoint::new(Adapter::DmedV1, url))
    }

    #[test]
    fn env_endpoint_wins_over_settings() {
        let choice = choose_endpoint(
            Some("https://dmed.example".into()),
            None,
            &settings(Some("https://other.example")),
        );
        assert_eq!(choice.unwrap(), v1("https://dmed.example"));
    }

    #[test]
    fn saved_endpoint_is_used_without_env() {
        let choice = choose_endpoint(None, None, &settings(Some(" https://dmed.example ")));
        assert_eq!(choice.unwrap(), v1("https://dmed.example"));
    }

    #[test]
    fn the_adapter_comes_from_env_then_settings_and_training_speaks_it() {
        let mut fhir = settings(Some("https://playground.dhp.uz/fhir"));
        fhir.adapter = "dhp-fhir".into();
        assert_eq!(
            choose_endpoint(None, None, &fhir).unwrap(),
            EndpointChoice::Configured(Endpoint::new(
                Adapter::DhpFhir,
                "https://playground.dhp.uz/fhir"
            ))
        );
        assert_eq!(
            choose_endpoint(None, Some("dhp-fhir".into()), &settings(None)).unwrap(),
            EndpointChoice::Training(Adapter::DhpFhir)
        );
        let err = choose_endpoint(None, Some("soap".into()), &settings(None)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidSetting);
    }

    #[test]
    fn nothing_configured_means_training_mode() {
        assert_eq!(
            choose_endpoint(None, None, &settings(None)).unwrap(),
            EndpointChoice::Training(Adapter::DmedV1)
        );
        assert_eq!(
            choose_endpoint(None, None, &settings(Some("  "))).unwrap(),
            EndpointChoice::Training(Adapter::DmedV1)
        );
    }

    #[test]
    fn data_dir_from_env_is_created() {
        let tmp = tempfile::tempdir().unwrap();
        let wanted = tmp.path().join("a/b");
        let dir = data_dir(Some(wanted.display().to_string()), None).unwrap();
        assert_eq!(dir, wanted);
        assert!(wanted.is_dir());
    }

    #[test]
    fn no_data_dir_at_all_is_a_storage_error() {
        let err = data_dir(None, None).unwrap_err();
        assert_eq!(err.code(), ErrorCode::StorageError);
        assert!(err.to_string().contains(ENV_DATA_DIR));
    }

    #[test]
    fn unwritable_data_dir_is_a_storage_error_naming_the_path() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("not-a-dir");
        std::fs::write(&file, b"x").unwrap();
        let err = data_dir(Some(file.join("sub").display().to_string()), None).unwrap_err();
        let ipc = IpcError::from(err);
        assert_eq!(ipc.code, ErrorCode::StorageError);
        assert!(ipc.details["path"].as_str().unwrap().ends_with("sub"));
    }
}
