//! Fault knobs: misbehaviour of the `/v1` routes that tests switch on and off at run time
//! (`POST /_sandbox/faults`), to prove the counter copes with a bad network or a failing central
//! system.
//!
//! - `latency_ms`: every `/v1` request waits this long before it is handled;
//! - `error_rate`: this share of requests is answered with a 5xx without being handled
//!   (503 `SERVICE_UNAVAILABLE` with `Retry-After` when `retry_after_secs` is set, else 500
//!   `INTERNAL`);
//! - `drop_rate`: this share of requests IS handled, then the connection is closed without an
//!   answer (the client cannot know whether it was recorded: the idempotency case);
//! - `hang_rate`: this share of requests never gets an answer (and is not handled) until the
//!   client gives up or the faults change;
//! - `outage`: every `/v1` request, health included, gets its connection closed unhandled.
//!
//! Each request draws one number from a generator seeded with `seed` (default 0), so a test that
//! sets the same knobs and sends the same requests sees the same faults. `/_sandbox/*` is never
//! affected, so a test can always switch faults off again.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::watch;

/// The longest a hanging request is held when nobody gives up and the faults stay as they are.
pub const MAX_HANG: Duration = Duration::from_secs(120);

/// The knobs, as `POST /_sandbox/faults` takes them and `GET /_sandbox/faults` shows them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultConfig {
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default)]
    pub error_rate: f64,
    #[serde(default)]
    pub drop_rate: f64,
    #[serde(default)]
    pub hang_rate: f64,
    #[serde(default)]
    pub outage: bool,
    /// Seed of the generator that picks which requests misbehave.
    #[serde(default)]
    pub seed: u64,
    /// When set, injected 5xx answers are 503 with this `Retry-After`; else 500.
    #[serde(default)]
    pub retry_after_secs: Option<u32>,
}

impl FaultConfig {
    /// Checks that every rate is a share (0 to 1) and that together they are at most 1.
    pub fn validate(&self) -> Result<(), String> {
        let rates = [
            ("error_rate", self.error_rate),
            ("drop_rate", self.drop_rate),
            ("hang_rate", self.hang_rate),
        ];
        for (name, rate) in rates {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1, not {rate}"));
            }
        }
        if self.error_rate + self.drop_rate + self.hang_rate > 1.0 + f64::EPSILON {
            return Err("error_rate + drop_rate + hang_rate must be at most 1".to_owned());
        }
        Ok(())
    }
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Handled normally.
    None,
    /// Answered with a 5xx, unhandled.
    Error,
    /// Handled, then the connection is closed without the answer.
    Drop,
    /// Held without an answer.
    Hang,
    /// Connection closed unhandled (full outage).
    Outage,
}

/// The plan for one request: a delay first, then the fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub latency: Duration,
    pub fault: Fault,
    pub retry_after_secs: Option<u32>,
}

/// The live knobs and the generator behind them.
#[derive(Debug)]
pub struct Faults {
    config: watch::Sender<FaultConfig>,
    rng: Mutex<StdRng>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            config: watch::Sender::new(FaultConfig::default()),
            rng: Mutex::new(StdRng::seed_from_u64(0)),
        }
    }
}

impl Faults {
    /// Replaces the knobs (after [`FaultConfig::validate`]) and reseeds the generator; wakes
    /// hanging requests so they give up.
    pub fn set(&self, config: FaultConfig) -> Result<(), String> {
        config.validate()?;
        if let Ok(mut rng) = self.rng.lock() {
            *rng = StdRng::seed_from_u64(config.seed);
        }
        self.config.send_replace(config);
        Ok(())
    }

    /// The knobs in force.
    pub fn get(&self) -> FaultConfig {
        self.config.borrow().clone()
    }

    /// Decides what happens to the next request.
    pub fn plan(&self) -> Plan {
        let config = self.get();
        let latency = Duration::from_millis(config.latency_ms);
        let fault = if config.outage {
            Fault::Outage
        } else if config.error_rate + config.drop_rate + config.hang_rate <= 0.0 {
            Fault::None
        } else {
            let draw: f64 = self.rng.lock().map(|mut r| r.gen()).unwrap_or(1.0);
            pick(&config, draw)
        };
        Plan {
            latency,
            fault,
            retry_after_secs: config.retry_after_secs,
        }
    }

    /// Waits until the knobs change or [`MAX_HANG`] has passed.
    pub async fn wait_for_change(&self) {
        let mut rx = self.config.subscribe();
        let _ = tokio::time::timeout(MAX_HANG, rx.changed()).await;
    }
}

/// The fault a draw in `[0, 1)` stands for: hang, then drop, then error, by their shares.
fn pick(config: &FaultConfig, draw: f64) -> Fault {
    let mut edge = config.hang_rate;
    if draw < edge {
        return Fault::Hang;
    }
    edge += config.drop_rate;
    if draw < edge {
        return Fault::Drop;
    }
    edge += config.error_rate;
    if draw < edge {
        return Fault::Error;
    }
    Fault::None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_must_be_shares_that_add_up_to_at_most_one() {
        let mut c = FaultConfig {
            error_rate: 0.5,
            drop_rate: 0.5,
            ..FaultConfig::default()
        };
        assert!(c.validate().is_ok());
        c.hang_rate = 0.1;
        assert!(c.validate().is_err());
        c = FaultConfig {
            drop_rate: -0.1,
            ..FaultConfig::default()
        };
        assert!(c.validate().is_err());
        c.drop_rate = 1.5;
        assert!(c.validate().is_err());
    }

    #[test]
    fn a_draw_maps_to_hang_drop_error_then_none() {
        let c = FaultConfig {
            hang_rate: 0.1,
            drop_rate: 0.2,
            error_rate: 0.3,
            ..FaultConfig::default()
        };
        assert_eq!(pick(&c, 0.05), Fault::Hang);
        assert_eq!(pick(&c, 0.15), Fault::Drop);
        assert_eq!(pick(&c, 0.45), Fault::Error);
        assert_eq!(pick(&c, 0.75), Fault::None);
    }

    #[test]
    fn the_same_seed_gives_the_same_faults_and_shares_are_roughly_kept() {
        let faults = Faults::default();
        let config = FaultConfig {
            error_rate: 0.25,
            seed: 7,
            ..FaultConfig::default()
        };
        faults.set(config.clone()).unwrap();
        let first: Vec<Fault> = (0..400).map(|_| faults.plan().fault).collect();
        faults.set(config).unwrap();
        let second: Vec<Fault> = (0..400).map(|_| faults.plan().fault).collect();
        assert_eq!(first, second);
        let errors = first.iter().filter(|f| **f == Fault::Error).count();
        assert!((60..140).contains(&errors), "{errors} errors of 400");
    }

    #[test]
    fn outage_wins_over_everything_and_is_cleared_by_default_knobs() {
        let faults = Faults::default();
        faults
            .set(FaultConfig {
                outage: true,
                latency_ms: 5,
                ..FaultConfig::default()
            })
            .unwrap();
        let plan = faults.plan();
        assert_eq!(plan.fault, Fault::Outage);
        assert_eq!(plan.latency, Duration::from_millis(5));
        faults.set(FaultConfig::default()).unwrap();
        assert_eq!(faults.plan().fault, Fault::None);
    }
}
