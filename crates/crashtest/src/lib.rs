//! The crash proof of the counter. `counter-crashloop` signs in and dispenses one unit at a time
//! of the prescriptions it is given, printing `CONFIRMED <dispense_id>` (flushed) as soon as the
//! counter confirms a dispense (delivered, or recorded and queued); with `--drain` it only sends
//! what waits in its outbox. The harness in `tests/crash.rs` kills it with SIGKILL at random
//! points, restarts it on the same data directory to drain, and checks the sandbox: every
//! confirmed dispense recorded exactly once, nothing recorded twice.
//!
//! `counter-backuploop` backs the database up in a loop (printing `BACKUP <path>` after each)
//! while it is worked on; `tests/backup_kill.rs` kills it at random points of its backups and
//! checks the database, its audit trail and every backup left under a final name.

/// The line prefix of a confirmed dispense.
pub const CONFIRMED: &str = "CONFIRMED ";

/// The line prefix of a finished backup.
pub const BACKED_UP: &str = "BACKUP ";
