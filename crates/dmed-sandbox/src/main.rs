//! `dmed-sandbox`: serve the reference central API, print demo data, or print the OpenAPI
//! document.

use clap::{Parser, Subcommand};
use dmed_sandbox::{Config, SandboxError};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(
    name = "dmed-sandbox",
    version,
    about = "Reference central e-prescription server"
)]
#[command(args_conflicts_with_subcommands = true, args_override_self = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    /// SQLite database file (created and seeded when empty).
    #[arg(long, default_value = "dmed-sandbox.sqlite")]
    db: PathBuf,
    /// Seed of the demo data.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Lifetime of access tokens, in seconds.
    #[arg(long, default_value_t = 8 * 3600)]
    token_ttl_secs: u64,
    /// Adds this many extra dispensable prescriptions for load tests (active, chronic, one item
    /// each, 100 per extra patient), once, to a database that holds none yet.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=i64::from(dmed_sandbox::MAX_EXTRA)))]
    extra_prescriptions: u32,
    /// Serve the `/_sandbox/*` control routes (clock, maintenance, revoke, faults) that tests
    /// use; without this flag they answer 404.
    #[arg(long)]
    control_routes: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Seed the database if needed and print demo credentials and prescriptions.
    Demo {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Print the demo information as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Print the OpenAPI document.
    Openapi,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Openapi) => {
            print!("{}", dmed_sandbox::openapi_json());
            Ok(())
        }
        Some(Command::Demo { db, seed, json }) => demo(db, seed, json),
        None => serve(cli.serve),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dmed-sandbox: {err}");
            ExitCode::FAILURE
        }
    }
}

fn demo(db: PathBuf, seed: u64, json: bool) -> Result<(), SandboxError> {
    let config = Config {
        db_path: db,
        seed,
        ..Config::default()
    };
    dmed_sandbox::ensure_seeded(&config)?;
    let info = dmed_sandbox::demo_info(&config.db_path)?;
    if json {
        let text = serde_json::to_string_pretty(&info)
            .map_err(|e| SandboxError::Corrupt(e.to_string()))?;
        println!("{text}");
    } else {
        print!("{}", info.to_table());
    }
    Ok(())
}

fn serve(args: ServeArgs) -> Result<(), SandboxError> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| SandboxError::Task(e.to_string()))?;
    runtime.block_on(async move {
        let config = Config {
            db_path: args.db,
            seed: args.seed,
            token_ttl: Duration::from_secs(args.token_ttl_secs),
            extra_prescriptions: args.extra_prescriptions,
            control_routes: args.control_routes,
        };
        let running = dmed_sandbox::start(args.addr, config).await?;
        {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "listening on http://{}", running.addr);
            let _ = out.flush();
        }
        wait_for_signal().await;
        tracing::info!("shutting down");
        running.shutdown().await;
        Ok(())
    })
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
