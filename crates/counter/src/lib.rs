//! Pharmacy-side logic (placeholder until implemented).
