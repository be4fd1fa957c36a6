//! Reference central server (placeholder until implemented).
