//! Training mode: the reference server embedded in the app, and the demo shown at sign-in.
//!
//! With no central API configured, the app starts `dmed-sandbox` inside its own runtime on a
//! free loopback port, with its database in the data directory, and talks to it like to the
//! real thing. The sign-in screen then shows the demo pharmacy's credentials and a few sample
//! prescriptions to try, one or two per interesting state.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use counter::client::{Adapter, Endpoint, OAuthClient};
use dmed_api::ErrorCode;
use serde::Serialize;

use crate::ipc_error::IpcError;

/// File name of the training server's database inside the data directory.
pub const SANDBOX_DB_FILE: &str = "training-sandbox.sqlite";
/// Seed of the training demo data (the e2e tests and `dmed-sandbox demo --seed 42` agree on it).
pub const SANDBOX_SEED: u64 = 42;
/// How many sample prescriptions to show per state.
const SAMPLES_PER_STATE: usize = 2;
/// The states worth trying, in the order the sign-in screen lists them.
const SAMPLE_STATES: [&str; 7] = [
    "active",
    "chronic_active",
    "partially_dispensed",
    "completed",
    "cancelled",
    "expired",
    "not_yet_valid",
];

/// What the sign-in screen shows in training mode.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct TrainingDemo {
    pub pharmacy_id: String,
    pub login: String,
    pub secret: String,
    pub samples: Vec<SampleRx>,
}

/// One demo prescription to try: type `number` (with its code) or paste `payload`.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct SampleRx {
    pub number: String,
    pub payload: String,
    /// The interesting state it shows, e.g. `active`, `cancelled`, `expired`.
    pub state: String,
}

/// Why training mode could not start.
#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    #[error("the built-in training server could not start ({0}); check that the data directory is writable, or set a central API URL in the settings")]
    Start(#[source] dmed_sandbox::SandboxError),
}

impl TrainingError {
    /// The error code the UI shows for it.
    pub fn code(&self) -> ErrorCode {
        match self {
            TrainingError::Start(_) => ErrorCode::Internal,
        }
    }
}

impl From<TrainingError> for IpcError {
    fn from(err: TrainingError) -> Self {
        IpcError::new(err.code(), err.to_string())
    }
}

/// The embedded server while it runs, and its demo.
pub struct Training {
    server: dmed_sandbox::Running,
    /// `None` when the demo could not be read (the server still works).
    pub demo: Option<TrainingDemo>,
    /// The demo pharmacy's OAuth client, for the `dhp-fhir` adapter.
    client: Option<OAuthClient>,
}

impl Training {
    /// Starts the embedded server on a free loopback port; the database lives in `data_dir`
    /// (created and seeded on first use). Must run inside a tokio runtime.
    pub async fn start(data_dir: &Path) -> Result<Training, TrainingError> {
        let db_path = sandbox_db_path(data_dir);
        let config = dmed_sandbox::Config {
            db_path: db_path.clone(),
            seed: SANDBOX_SEED,
            // The e2e tests drive the embedded server's faults through `/_sandbox/faults`.
            control_routes: true,
            ..dmed_sandbox::Config::default()
        };
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let server = dmed_sandbox::start(addr, config)
            .await
            .map_err(TrainingError::Start)?;
        tracing::info!(addr = %server.addr, db = %db_path.display(), "training server started");
        let (demo, client) = match dmed_sandbox::demo_info(&db_path) {
            Ok(info) => (demo_from(&info), client_from(&info)),
            Err(err) => {
                tracing::warn!(error = %err, "training demo could not be read");
                (None, None)
            }
        };
        Ok(Training {
            server,
            demo,
            client,
        })
    }

    /// The embedded server as `adapter` speaks to it: contract v1 at its root (without `/v1`),
    /// FHIR under `/fhir`.
    pub fn endpoint(&self, adapter: Adapter) -> Endpoint {
        let root = format!("http://{}", self.server.addr);
        match adapter {
            Adapter::DmedV1 => Endpoint::new(adapter, root),
            Adapter::DhpFhir => Endpoint::new(adapter, format!("{root}/fhir")),
        }
    }

    /// The demo pharmacy's OAuth client at the embedded server's FHIR face.
    pub fn oauth_client(&self) -> Option<OAuthClient> {
        self.client.clone()
    }
}

/// The OAuth client of the pharmacy the demo shows (the first).
pub fn client_from(info: &dmed_sandbox::DemoInfo) -> Option<OAuthClient> {
    let pharmacy = info.pharmacies.first()?;
    (!pharmacy.client_id.is_empty()).then(|| OAuthClient {
        client_id: pharmacy.client_id.clone(),
        client_secret: Some(counter::Sensitive::new(pharmacy.client_secret.clone()))
            .filter(|s| !s.expose().is_empty()),
    })
}

/// Where the training server keeps its database.
pub fn sandbox_db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SANDBOX_DB_FILE)
}

/// The demo to show: the first pharmacy's credentials and a few samples of each interesting
/// state. `None` when the demo has no pharmacy.
pub fn demo_from(info: &dmed_sandbox::DemoInfo) -> Option<TrainingDemo> {
    let pharmacy = info.pharmacies.first()?;
    let samples = SAMPLE_STATES
        .iter()
        .flat_map(|state| {
            info.prescriptions
                .iter()
                .filter(move |rx| rx.state == *state)
                .take(SAMPLES_PER_STATE)
                .map(|rx| SampleRx {
                    number: rx.number.clone(),
                    payload: rx.payload.clone(),
                    state: rx.state.clone(),
                })
        })
        .collect();
    Some(TrainingDemo {
        pharmacy_id: pharmacy.pharmacy_id.clone(),
        login: pharmacy.login.clone(),
        secret: pharmacy.secret.clone(),
        samples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_sandbox::{DemoInfo, DemoLogin, DemoPrescription};

    fn login(id: &str) -> DemoLogin {
        DemoLogin {
            pharmacy_id: id.into(),
            login: format!("{id}-login"),
            secret: format!("{id}-secret"),
            pharmacy_name: String::new(),
            full_name: String::new(),
            role: String::new(),
            pinfl: String::new(),
            client_id: String::new(),
            client_secret: String::new(),
        }
    }

    fn rx(number: &str, state: &str) -> DemoPrescription {
        DemoPrescription {
            number: number.into(),
            payload: format!("DMEDRX:1:{number}:1234"),
            code: "1234".into(),
            pinfl: "30211975910033".into(),
            status: "active".into(),
            kind: "acute".into(),
            state: state.into(),
            inns: Vec::new(),
        }
    }

    fn info(pharmacies: Vec<DemoLogin>, prescriptions: Vec<DemoPrescription>) -> DemoInfo {
        DemoInfo {
            pharmacies,
            prescriptions,
            products: Vec::new(),
            revoked: Vec::new(),
            staff: Vec::new(),
            marking_codes: Vec::new(),
        }
    }

    #[test]
    fn the_demo_signs_in_as_the_first_pharmacy() {
        let demo = demo_from(&info(vec![login("PH1"), login("PH2")], vec![])).unwrap();
        assert_eq!(demo.pharmacy_id, "PH1");
        assert_eq!(demo.login, "PH1-login");
        assert_eq!(demo.secret, "PH1-secret");
    }

    #[test]
    fn samples_are_at_most_two_per_state_in_display_order() {
        let prescriptions = vec![
            rx("C1", "cancelled"),
            rx("A1", "active"),
            rx("A2", "active"),
            rx("A3", "active"),
            rx("X1", "something_else"),
            rx("E1", "expired"),
        ];
        let demo = demo_from(&info(vec![login("PH1")], prescriptions)).unwrap();
        let got: Vec<(&str, &str)> = demo
            .samples
            .iter()
            .map(|s| (s.number.as_str(), s.state.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("A1", "active"),
                ("A2", "active"),
                ("C1", "cancelled"),
                ("E1", "expired")
            ]
        );
        assert_eq!(demo.samples[0].payload, "DMEDRX:1:A1:1234");
    }

    #[test]
    fn the_oauth_client_is_the_first_pharmacys_when_it_has_one() {
        let mut first = login("PH1");
        first.client_id = "dorixona-PH1".into();
        first.client_secret = "cs".into();
        let client = client_from(&info(vec![first, login("PH2")], vec![])).unwrap();
        assert_eq!(client.client_id, "dorixona-PH1");
        assert_eq!(client.client_secret.unwrap().expose(), "cs");
        assert_eq!(client_from(&info(vec![login("PH1")], vec![])), None);
    }

    #[test]
    fn no_pharmacy_means_no_demo() {
        assert_eq!(demo_from(&info(vec![], vec![rx("A1", "active")])), None);
    }
}
