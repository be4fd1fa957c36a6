//! Reference central e-prescription server (`dmed-sandbox`).
//!
//! Implements every endpoint and rule of the central API contract over HTTP (axum), backed by
//! SQLite and seeded with deterministic demo data; the same data and rules are served as FHIR R5
//! under `/fhir`, with an OAuth 2.0 sign-in under `/oauth`. Tests and benchmarks run it as a
//! separate process (see the `sandbox-process` crate); the desktop app embeds it for training
//! mode through [`start`].

mod api_error;
pub mod clock;
mod db;
mod demo;
mod error;
mod extra;
pub mod fault;
mod http;
mod lockouts;
mod oauth_codes;
mod openapi;
pub mod rules;
mod seed;
mod server;
mod service;
mod state;
mod store;

pub use api_error::ApiError;
pub use demo::{
    demo_info, DemoInfo, DemoLogin, DemoMarkingCode, DemoPrescription, DemoProduct, STATES,
};
pub use error::SandboxError;
pub use extra::{extra_prescriptions, ExtraPrescription, EXTRA_PER_PATIENT, MAX_EXTRA};
pub use openapi::{openapi, openapi_json};
pub use server::{start, Running};

/// Seeds the database at `config.db_path` if it is empty (as `start` does), without serving.
pub fn ensure_seeded(config: &Config) -> Result<(), SandboxError> {
    let now = clock::Clock::new().now();
    server::open_and_seed(config, now).map(drop)
}

use std::path::PathBuf;
use std::time::Duration;

/// How the sandbox runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// SQLite file; created and seeded when empty.
    pub db_path: PathBuf,
    /// Seed of the demo data generator.
    pub seed: u64,
    /// Lifetime of access tokens.
    pub token_ttl: Duration,
    /// Extra dispensable prescriptions to add for load tests (see [`extra_prescriptions`]);
    /// added once, to a database that holds none yet. Default 0.
    pub extra_prescriptions: u32,
    /// Serve the `/_sandbox/*` control routes (clock, maintenance, revoke, faults). Off by
    /// default: without it they answer 404 like any unknown route. Tests and training mode
    /// turn it on.
    pub control_routes: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            db_path: PathBuf::from("dmed-sandbox.sqlite"),
            seed: 42,
            token_ttl: Duration::from_secs(8 * 3600),
            extra_prescriptions: 0,
            control_routes: false,
        }
    }
}
