//! One function per operation of the contract: reads or writes storage inside the caller's
//! connection or transaction and applies the rules. HTTP handlers only parse and answer.

pub mod auth;
pub mod catalog;
pub mod dispense;
pub mod holds;
pub mod lookup;
pub mod paper;
pub mod reports;
pub mod withdraw;

use time::{Date, OffsetDateTime};

/// The signed-in member of staff making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub pharmacy_id: String,
    pub login: String,
    pub pinfl: String,
}

/// The moment a request is served at, by the server's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub at: OffsetDateTime,
    pub today: Date,
}

impl Now {
    pub fn of(clock: &crate::clock::Clock) -> Self {
        let at = clock.now();
        Self {
            at,
            today: crate::clock::local_date(at),
        }
    }
}
