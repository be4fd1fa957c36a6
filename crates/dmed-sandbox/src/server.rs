//! Starting the server: open and seed the database, bind, serve on the current runtime, and
//! shut down on request.

use crate::clock::Clock;
use crate::db::{self, Db};
use crate::error::SandboxError;
use crate::state::{AppState, Maintenance};
use crate::Config;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running sandbox.
pub struct Running {
    /// The address it listens on (the real port when 0 was asked).
    pub addr: SocketAddr,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Running {
    /// Stops accepting connections, lets in-flight requests finish, and waits for the server.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(());
        if let Err(err) = self.task.await {
            tracing::error!(error = %err, "server task ended abnormally");
        }
    }
}

/// Opens (creating + seeding if empty) the DB, binds `addr` (port 0 allowed), spawns the server
/// on the current tokio runtime and returns once it is listening.
pub async fn start(addr: SocketAddr, config: Config) -> Result<Running, SandboxError> {
    let clock = Arc::new(Clock::new());
    let seeded_at = clock.now();
    let seeding = config.clone();
    let db = tokio::task::spawn_blocking(move || open_and_seed(&seeding, seeded_at))
        .await
        .map_err(|e| SandboxError::Task(e.to_string()))??;
    let state = AppState {
        db: Arc::new(db),
        clock,
        token_ttl: config.token_ttl,
        maintenance: Arc::new(Maintenance::default()),
        faults: Arc::new(crate::fault::Faults::default()),
        lockouts: Arc::new(crate::lockouts::Lockouts::default()),
        oauth_codes: Arc::new(crate::oauth_codes::Codes::default()),
    };
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| SandboxError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SandboxError::Bind { addr, source })?;
    let app = crate::http::router(state, config.control_routes);
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
        if let Err(err) = served {
            tracing::error!(error = %err, "server stopped with an error");
        }
    });
    tracing::info!(%addr, "listening");
    Ok(Running {
        addr,
        shutdown: tx,
        task,
    })
}

/// Opens the database, seeds it when empty (adding the extra prescriptions asked for when it
/// holds none), and builds the connection pool.
pub fn open_and_seed(config: &Config, now: time::OffsetDateTime) -> Result<Db, SandboxError> {
    let (path, seed) = (config.db_path.as_path(), config.seed);
    let mut conn = db::open(path).map_err(SandboxError::db(path))?;
    if crate::seed::ensure(&mut conn, path, seed, now)? {
        tracing::info!(path = %path.display(), seed, "seeded demo data");
    }
    let admins = crate::seed::ensure_administrators(&mut conn, path)?;
    if admins > 0 {
        tracing::info!(admins, "seeded administrators");
    }
    let clients = crate::seed::ensure_oauth_clients(&mut conn, path)?;
    if clients > 0 {
        tracing::info!(clients, "made the pharmacies' OAuth clients");
    }
    let added = crate::seed::ensure_extra(&mut conn, path, seed, config.extra_prescriptions, now)?;
    if added > 0 {
        tracing::info!(added, "seeded extra prescriptions");
    }
    Db::new(path, conn).map_err(SandboxError::db(path))
}
