//! The contract's rules as pure functions over plain values: what a prescription's status and
//! validity allow, who may hold it, what a dispense line may contain, when a dispense may be
//! withdrawn, which products need an e-prescription, who may act and hand medicine over, and
//! when repeated wrong guesses lock, and the OAuth sign-in of the FHIR face. Storage and HTTP
//! live elsewhere.

pub mod access;
pub mod catalogue;
pub mod dispense;
pub mod hold;
pub mod lockout;
pub mod oauth;
pub mod validity;
pub mod withdraw;
