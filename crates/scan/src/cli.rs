//! The `dorixona-scan decode` command: decodes picture files and prints one JSON line per file,
//! `{"file", "codes": [{"text", "format", "corners"}], "ms"}`, corners in the original
//! picture's pixels and `ms` the decode time without loading (and without the optional
//! downscale to `--max-dim`).

use crate::decode::{resize_to_max, DecodedCode, Decoder, Format, Strategy};
use crate::picture::load_gray;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Options of one `decode` run.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    /// Downscale so the longest side is at most this (0 = keep the size).
    pub max_dim: u32,
    /// Worker threads; each owns its own decoder.
    pub threads: usize,
    /// Which pipeline to run.
    pub strategy: Strategy,
    /// Decode each picture this many times and report the median time (steadier timings on a
    /// busy machine); 1 = once.
    pub repeat: u32,
    /// Formats to look for (all when empty).
    pub formats: Vec<Format>,
}

/// One output line.
#[derive(Debug, Clone, Serialize)]
pub struct FileResult {
    pub file: String,
    pub codes: Vec<DecodedCode>,
    pub ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Decodes one file with `decoder`, `repeat` times (at least once); `ms` is the median time.
pub fn decode_file(decoder: &mut Decoder, path: &Path, max_dim: u32, repeat: u32) -> FileResult {
    let file = path.display().to_string();
    match load_gray(path) {
        Err(e) => FileResult {
            file,
            codes: Vec::new(),
            ms: 0.0,
            error: Some(e.to_string()),
        },
        Ok(gray) => {
            let (small, factor) = resize_to_max(&gray, max_dim);
            let mut times = Vec::new();
            let mut codes = Vec::new();
            for _ in 0..repeat.max(1) {
                decoder.reset();
                let start = Instant::now();
                codes = decoder.decode(&small);
                times.push(start.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            let ms = times[times.len() / 2];
            FileResult {
                file,
                codes: codes
                    .into_iter()
                    .map(|c| c.mapped(factor, 0.0, 0.0))
                    .collect(),
                ms: (ms * 1000.0).round() / 1000.0,
                error: None,
            }
        }
    }
}

/// Decodes every file, in order, calling `emit` with each result in the order of `files`.
pub fn decode_files(files: &[PathBuf], opts: &DecodeOptions, mut emit: impl FnMut(&FileResult)) {
    let threads = opts.threads.clamp(1, 64).min(files.len().max(1));
    if threads == 1 {
        let mut decoder = Decoder::new(opts.strategy).with_formats(&opts.formats);
        for f in files {
            emit(&decode_file(&mut decoder, f, opts.max_dim, opts.repeat));
        }
        return;
    }
    let chunk = files.len().div_ceil(threads);
    let results: Vec<Vec<FileResult>> = std::thread::scope(|s| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut decoder = Decoder::new(opts.strategy).with_formats(&opts.formats);
                    part.iter()
                        .map(|f| decode_file(&mut decoder, f, opts.max_dim, opts.repeat))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .zip(files.chunks(chunk))
            .map(|(w, part)| {
                w.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|f| FileResult {
                            file: f.display().to_string(),
                            codes: Vec::new(),
                            ms: 0.0,
                            error: Some("worker failed".into()),
                        })
                        .collect()
                })
            })
            .collect()
    });
    for r in results.iter().flatten() {
        emit(r);
    }
}
