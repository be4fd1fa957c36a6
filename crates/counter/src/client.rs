//! The central system this counter speaks to: a [`central::CentralSystem`] opened for the
//! endpoint setting. The counter knows only the trait; which adapter speaks to the endpoint is
//! `central`'s business.

use std::sync::Arc;

pub use central::{CentralSystem, ClientConfig};

use crate::error::CounterError;

/// The central system, shared by the counter's parts.
pub type Central = Arc<dyn CentralSystem>;

/// The central system at `endpoint` (contract v1).
pub fn open(endpoint: &str, config: ClientConfig) -> Result<Central, CounterError> {
    Ok(central::open(central::Adapter::DmedV1, endpoint, config)?)
}
