//! Errors of starting the sandbox or reading its database from outside a request
//! (`start`, `demo_info`, seeding). Request errors are [`crate::api_error::ApiError`].

use dmed_api::ErrorCode;
use std::path::PathBuf;

/// Why the sandbox could not start, seed, or report its demo data.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The SQLite database could not be opened, migrated or queried.
    #[error("database {path}: {source}")]
    Database {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// The listening socket could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
    /// The database has not been seeded (no demo data to report).
    #[error("the database {0} holds no demo data; start the sandbox or run `dmed-sandbox demo` on it first")]
    NotSeeded(PathBuf),
    /// Seed data or stored demo information could not be read.
    #[error("demo data is unreadable: {0}")]
    Corrupt(String),
    /// A background task failed.
    #[error("background task failed: {0}")]
    Task(String),
}

impl SandboxError {
    /// The contract error code that best describes this failure.
    pub fn code(&self) -> ErrorCode {
        match self {
            SandboxError::Database { .. } | SandboxError::NotSeeded(_) => ErrorCode::StorageError,
            SandboxError::Bind { .. } => ErrorCode::NetworkUnavailable,
            SandboxError::Corrupt(_) | SandboxError::Task(_) => ErrorCode::Internal,
        }
    }

    pub(crate) fn db(path: &std::path::Path) -> impl FnOnce(rusqlite::Error) -> SandboxError + '_ {
        move |source| SandboxError::Database {
            path: path.to_path_buf(),
            source,
        }
    }
}
