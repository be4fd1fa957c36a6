//! Test harness for the reference central server.
//!
//! [`SandboxProcess::start`] runs the real `dmed-sandbox` binary as a child process on a fresh
//! temporary database (seed 42) listening on a free loopback port, with the `/_sandbox/*`
//! control routes on (`--control-routes`, for [`SandboxProcess::admin`]), waits for its
//! `listening on http://…` line and hands back the base URL. Dropping the value kills the child
//! and removes the database. Integration tests, end-to-end tests and benchmarks of every crate
//! use it, so it panics with a clear message (including the child's stderr) instead of
//! returning errors.
//!
//! The binary is found through `DMED_SANDBOX_BIN` when set, else next to the running test
//! executable (`<target-dir>/<profile>/dmed-sandbox`).

mod binary;
pub mod http;
pub mod sign_in;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub use binary::sandbox_binary;

/// How long the child may take to print its `listening on` line (seeding included).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `dmed-sandbox` child process with its own temporary database.
pub struct SandboxProcess {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base_url: String,
    /// The SQLite file the child serves.
    pub db_path: PathBuf,
    child: Child,
    stderr_path: PathBuf,
    // Kept last so the directory is removed after the child is gone.
    _dir: tempfile::TempDir,
}

impl SandboxProcess {
    /// Starts the sandbox on a fresh temporary database with seed 42 and the control routes.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts the sandbox on a fresh temporary database with the control routes, adding `args`
    /// to the command line (for example `["--token-ttl-secs", "60"]` or
    /// `["--extra-prescriptions", "10000"]`; a later `--seed` wins over the default one).
    pub fn start_with(args: &[&str]) -> Self {
        let mut all = vec!["--control-routes"];
        all.extend_from_slice(args);
        Self::start_exactly(&all)
    }

    /// Starts the sandbox as a real deployment would: no `/_sandbox/*` control routes (they
    /// answer 404), with `args` added to the command line.
    pub fn start_without_control_routes(args: &[&str]) -> Self {
        Self::start_exactly(args)
    }

    fn start_exactly(args: &[&str]) -> Self {
        let bin = sandbox_binary();
        let dir = tempfile::Builder::new()
            .prefix("dmed-sandbox-")
            .tempdir()
            .unwrap_or_else(|e| panic!("cannot create a temporary directory: {e}"));
        let db_path = dir.path().join("sandbox.sqlite");
        let stderr_path = dir.path().join("stderr.log");
        let stderr = File::create(&stderr_path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", stderr_path.display()));

        let mut command = Command::new(&bin);
        command
            .arg("--addr")
            .arg("127.0.0.1:0")
            .arg("--db")
            .arg(&db_path)
            .arg("--seed")
            .arg("42")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(stderr));
        if std::env::var_os("RUST_LOG").is_none() {
            command.env("RUST_LOG", "warn");
        }
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));

        let base_url = match child.stdout.take() {
            Some(stdout) => wait_for_listening(stdout),
            None => Err("the child has no stdout".to_owned()),
        };
        match base_url {
            Ok(base_url) => Self {
                base_url,
                db_path,
                child,
                stderr_path,
                _dir: dir,
            },
            Err(why) => {
                let _ = child.kill();
                let status = child.wait().ok();
                let log = std::fs::read_to_string(&stderr_path).unwrap_or_default();
                panic!(
                    "dmed-sandbox ({}) did not start: {why}; exit status {status:?}; stderr:\n{log}",
                    bin.display()
                );
            }
        }
    }

    /// The demo credentials and interesting prescriptions of this sandbox's database.
    pub fn demo(&self) -> dmed_sandbox::DemoInfo {
        dmed_sandbox::demo_info(&self.db_path).unwrap_or_else(|e| {
            panic!(
                "cannot read demo info from {}: {e}\nstderr:\n{}",
                self.db_path.display(),
                self.stderr()
            )
        })
    }

    /// The extra prescriptions of this sandbox's database (started with
    /// `start_with(&["--extra-prescriptions", "N"])`), with their quantities as they stand now;
    /// empty when it was given none.
    pub fn extra_prescriptions(&self) -> Vec<dmed_sandbox::ExtraPrescription> {
        dmed_sandbox::extra_prescriptions(&self.db_path).unwrap_or_else(|e| {
            panic!(
                "cannot read the extra prescriptions from {}: {e}\nstderr:\n{}",
                self.db_path.display(),
                self.stderr()
            )
        })
    }

    /// POSTs `body` as JSON to `base_url + path` (e.g. `/_sandbox/clock`); panics with the
    /// response body on a non-2xx answer.
    pub fn admin(&self, path: &str, body: serde_json::Value) {
        match http::post_json(&self.base_url, path, &body) {
            Ok((status, _)) if (200..300).contains(&status) => {}
            Ok((status, text)) => panic!("POST {path} answered {status}: {text}"),
            Err(e) => panic!("POST {path} failed: {e}\nstderr:\n{}", self.stderr()),
        }
    }

    /// What the child has written to stderr so far (its logs).
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    /// The directory holding the database and the log; removed on drop.
    pub fn dir(&self) -> &Path {
        self._dir.path()
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the child's stdout until the `listening on <url>` line, with a timeout, then keeps
/// draining it on a thread so the child never blocks on a full pipe.
fn wait_for_listening(stdout: std::process::ChildStdout) -> Result<String, String> {
    let (tx, rx) = mpsc::channel::<Result<String, String>>();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let mut sent = false;
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) => {
                    if !sent {
                        let _ = tx.send(Err("stdout closed before the listening line".into()));
                    }
                    return;
                }
                Ok(_) => {
                    if !sent {
                        if let Some(url) = line.trim().strip_prefix("listening on ") {
                            let _ = tx.send(Ok(url.trim_end_matches('/').to_owned()));
                            sent = true;
                        }
                    }
                }
                Err(e) => {
                    if !sent {
                        let _ = tx.send(Err(format!("reading stdout failed: {e}")));
                    }
                    return;
                }
            }
        }
    });
    match rx.recv_timeout(STARTUP_TIMEOUT) {
        Ok(result) => result,
        Err(_) => Err(format!(
            "no `listening on` line within {} s",
            STARTUP_TIMEOUT.as_secs()
        )),
    }
}
