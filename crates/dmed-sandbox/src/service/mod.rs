//! One function per operation of the contract: reads or writes storage inside the caller's
//! connection or transaction and applies the rules. HTTP handlers only parse and answer.

pub mod auth;
pub mod catalog;
pub mod dispense;
pub mod fhir;
pub mod holds;
pub mod lookup;
pub mod oauth;
pub mod paper;
pub mod reports;
pub mod withdraw;

use time::{Date, OffsetDateTime};

/// Who makes a request: a signed-in member of staff, or the pharmacy system itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub pharmacy_id: String,
    /// The member of staff's login; empty for the pharmacy system's own token.
    pub login: String,
    /// The member of staff's PINFL; empty for the pharmacy system's own token.
    pub pinfl: String,
    /// The OAuth client a client credentials token was issued to: the pharmacy system acting
    /// with no member of staff (what it may do: [`crate::rules::access`]). `None` for a member
    /// of staff's session.
    pub client_id: Option<String>,
}

impl Session {
    /// Whether this is the pharmacy system's own token rather than a member of staff's.
    pub fn is_pharmacy_system(&self) -> bool {
        self.client_id.is_some()
    }
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
