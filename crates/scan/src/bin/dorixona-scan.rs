//! `dorixona-scan`: the scanner's decoder on the command line, for measuring and for support.
//!
//! `dorixona-scan decode FILE… [--max-dim N] [--threads N] [--pipeline P] [--repeat N]
//! [--formats qr,datamatrix]`
//! prints one JSON line per file.
//!
//! `dorixona-scan encode TEXT --out FILE.png [--scale N] [--border N]` writes a clean QR code of
//! TEXT, for test pictures (the end-to-end suite renders its camera pictures with it).

use clap::{Parser, Subcommand};
use scan::cli::{decode_files, DecodeOptions};
use scan::{Format, Strategy};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "dorixona-scan",
    about = "Decode QR and Data Matrix codes in pictures"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode picture files; one JSON line per file on standard output.
    Decode {
        /// Picture files (PNG, JPEG, GIF, BMP).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Downscale so the longest side is at most N pixels first (0 = keep).
        #[arg(long, default_value_t = 0)]
        max_dim: u32,
        /// Worker threads.
        #[arg(long, default_value_t = 1)]
        threads: usize,
        /// Decoder pipeline: full (default: every code in the picture), first-hit, quick, thorough,
        /// rqrr, rqrr-passes, zxing, pass:own, pass:mean, pass:inverted, stages:LIST or
        /// mstages:LIST (stages separated by commas, e.g. mstages:Tq,Zm,?R: Z plain, Q quick,
        /// I inverted, V both ways, H half, D third, T thorough, R rqrr, S small rqrr; q QR only,
        /// m Data Matrix only; ? only when nothing was found; mstages paints found codes out),
        /// and rxing when built with it.
        #[arg(long, default_value = "full")]
        pipeline: String,
        /// Decode each picture N times; `ms` is then the median time.
        #[arg(long, default_value_t = 1)]
        repeat: u32,
        /// Formats to look for, comma-separated: qr, datamatrix (default: both).
        #[arg(long, value_delimiter = ',')]
        formats: Vec<String>,
    },
    /// Write TEXT as a clean QR code picture (PNG).
    Encode {
        /// The text to encode.
        text: String,
        /// Where to write the PNG.
        #[arg(long)]
        out: PathBuf,
        /// Pixels per module.
        #[arg(long, default_value_t = 8)]
        scale: u32,
        /// Quiet zone around the code, in modules.
        #[arg(long, default_value_t = 4)]
        border: u32,
    },
}

fn main() -> ExitCode {
    // Decoder panics are contained; report them in one line instead of a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("dorixona-scan: contained decoder panic: {info}");
    }));
    let cli = Cli::parse();
    match cli.command {
        Command::Encode {
            text,
            out,
            scale,
            border,
        } => match scan::picture::render_qr(&text, scale, border) {
            Err(e) => {
                eprintln!("dorixona-scan: cannot encode this text as a QR code: {e}");
                ExitCode::from(2)
            }
            Ok(img) => match img.save_with_format(&out, image::ImageFormat::Png) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("dorixona-scan: cannot write {}: {e}", out.display());
                    ExitCode::from(1)
                }
            },
        },
        Command::Decode {
            files,
            max_dim,
            threads,
            pipeline,
            repeat,
            formats,
        } => {
            let mut wanted = Vec::new();
            for f in &formats {
                match Format::parse(f) {
                    Some(f) => wanted.push(f),
                    None => {
                        eprintln!("dorixona-scan: unknown format {f:?} (qr, datamatrix)");
                        return ExitCode::from(2);
                    }
                }
            }
            let Some(strategy) = Strategy::parse(&pipeline) else {
                eprintln!("dorixona-scan: unknown pipeline {pipeline:?}");
                return ExitCode::from(2);
            };
            let opts = DecodeOptions {
                max_dim,
                threads,
                strategy,
                repeat,
                formats: wanted,
            };
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let mut failed = false;
            decode_files(&files, &opts, |r| {
                failed |= r.error.is_some();
                match serde_json::to_string(r) {
                    Ok(line) => {
                        let _ = writeln!(out, "{line}");
                    }
                    Err(e) => eprintln!("dorixona-scan: {e}"),
                }
                let _ = out.flush();
            });
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
