//! SQL for each stored entity: rows in, plain values out. No rules here; callers decide.

pub mod clients;
pub mod codec;
pub mod dispenses;
pub mod extra;
pub mod fhir_ids;
pub mod holds;
pub mod idempotency;
pub mod paper;
pub mod prescriptions;
pub mod products;
pub mod staff;
