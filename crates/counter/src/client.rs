//! The central system this counter speaks to: a [`central::CentralSystem`] opened for the
//! endpoint setting. The counter knows only the trait; which adapter speaks to the endpoint is
//! `central`'s business.

use std::sync::Arc;

pub use central::{Adapter, Browser, CentralSystem, ClientConfig, Endpoint, OAuthClient};

use crate::error::CounterError;

/// The central system, shared by the counter's parts.
pub type Central = Arc<dyn CentralSystem>;

/// The central system at `endpoint`, through the adapter it names.
/// (A bare URL is contract v1.)
pub fn open(endpoint: impl Into<Endpoint>, config: ClientConfig) -> Result<Central, CounterError> {
    Ok(central::open(&endpoint.into(), config)?)
}
