//! The contract between the pharmacy counter and the central e-prescription API (v1).
//!
//! One crate holds what both sides must agree on, so client and reference server cannot drift:
//! - [`types`]: the JSON bodies of every endpoint, with their OpenAPI schemas;
//! - [`error`]: the error codes, their HTTP statuses and the error envelope;
//! - [`ids`]: the identifier rules (PINFL, prescription number, access code, QR payload, GS1 pack code),
//!   each parse failure saying exactly what is wrong.

pub mod error;
pub mod handover;
pub mod ids;
pub mod types;

pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use ids::{AccessCode, IdError, IdField, LookupKey, PackCode, Pinfl, RxNumber};

/// The version string the central API reports in `/v1/health`.
pub const API_VERSION: &str = "1";

/// Header carrying the per-call request id; a retry re-sends the same value.
pub const HEADER_REQUEST_ID: &str = "X-Request-ID";
/// Header carrying the idempotency key of a mutating call.
pub const HEADER_IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// Header by which the pharmacist states that an identity document was checked.
pub const HEADER_ID_DOCUMENT_CHECKED: &str = "X-Id-Document-Checked";
/// Header naming which identity document was checked (`passport`, `id_card`,
/// `birth_certificate`; see [`handover::IdDocumentKind`]).
pub const HEADER_ID_DOCUMENT_KIND: &str = "X-Id-Document-Kind";
