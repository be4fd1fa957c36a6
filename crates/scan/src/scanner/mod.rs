//! The scanner: a capture thread pulls frames from a [`FrameSource`] into a newest-only slot,
//! and a decode thread takes the newest frame, runs the decoder (a panic inside it is contained
//! and counted), drops repeats of a code within 3 s, and reports codes, previews and status
//! through one callback. Neither thread ever blocks the caller.

mod dedup;
mod preview;
mod slot;

pub use dedup::Dedup;
pub use preview::Previewer;
pub use slot::{LatestSlot, Take};

use crate::decode::{contain, CodeDecoder, DecodedCode, Decoder};
use crate::source::FrameSource;
use crate::{Frame, SourceError};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The state of the frame source, as the camera panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "detail", rename_all = "snake_case")]
pub enum SourceStatus {
    /// No camera is attached, or the named one is missing.
    NoCamera,
    /// Another program holds the camera.
    Busy,
    /// The system refused access to the camera.
    PermissionDenied,
    /// Frames are coming in.
    Running,
    /// The scanner stopped (asked to, or the source ended).
    Stopped,
    /// The source failed in another way; the text says how.
    Failed(String),
}

impl From<&SourceError> for SourceStatus {
    fn from(e: &SourceError) -> Self {
        match e {
            SourceError::NoCamera(_) => SourceStatus::NoCamera,
            SourceError::Busy(_) => SourceStatus::Busy,
            SourceError::PermissionDenied(_) => SourceStatus::PermissionDenied,
            SourceError::Exhausted => SourceStatus::Stopped,
            other => SourceStatus::Failed(other.to_string()),
        }
    }
}

/// What the scanner reports.
#[derive(Debug, Clone, PartialEq)]
pub enum ScanEvent {
    /// A code not seen in the last 3 s.
    Code(DecodedCode),
    /// A small JPEG of the current frame.
    Preview(Vec<u8>),
    /// The source's state changed.
    Status(SourceStatus),
}

/// Tuning of a scanner.
#[derive(Debug, Clone)]
pub struct ScannerConfig {
    /// Repeats of a code within this window are dropped.
    pub dedup_window: Duration,
    /// At most one preview per this interval; `None` turns previews off.
    pub preview_interval: Option<Duration>,
    /// Previews are no wider than this.
    pub preview_max_width: u32,
}

impl Default for ScannerConfig {
    fn default() -> Self {
        Self {
            dedup_window: Duration::from_secs(3),
            preview_interval: Some(Duration::from_millis(250)),
            preview_max_width: 320,
        }
    }
}

/// Counters of a running scanner.
#[derive(Debug, Default)]
struct Counters {
    captured: AtomicU64,
    decoded: AtomicU64,
    panics: AtomicU64,
}

/// A snapshot of a scanner's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScanStats {
    /// Frames the source delivered.
    pub frames_captured: u64,
    /// Frames the decoder ran on.
    pub frames_decoded: u64,
    /// Frames dropped unread because a newer one arrived first.
    pub frames_skipped: u64,
    /// Decoder calls that panicked (and were contained).
    pub decoder_panics: u64,
}

/// Starts scanners.
pub struct Scanner;

impl Scanner {
    /// Scans `source` with the production decoder and default settings, calling `on_event` on
    /// the scanner's own thread.
    pub fn spawn<S, F>(source: S, on_event: F) -> ScannerHandle
    where
        S: FrameSource + 'static,
        F: Fn(ScanEvent) + Send + 'static,
    {
        Self::spawn_with(
            source,
            || Box::new(Decoder::default()) as Box<dyn CodeDecoder>,
            ScannerConfig::default(),
            on_event,
        )
    }

    /// Scans `source` with the decoder `make_decoder` builds (on the decode thread, so it need
    /// not be `Send`) and the given settings.
    pub fn spawn_with<S, D, F>(
        source: S,
        make_decoder: D,
        config: ScannerConfig,
        on_event: F,
    ) -> ScannerHandle
    where
        S: FrameSource + 'static,
        D: FnOnce() -> Box<dyn CodeDecoder> + Send + 'static,
        F: Fn(ScanEvent) + Send + 'static,
    {
        let stop = Arc::new(AtomicBool::new(false));
        let slot = Arc::new(LatestSlot::<Frame>::default());
        let counters = Arc::new(Counters::default());
        let ended = Arc::new(Mutex::new(None::<SourceError>));

        let capture = {
            let (stop, slot, counters, ended) =
                (stop.clone(), slot.clone(), counters.clone(), ended.clone());
            let mut source = source;
            std::thread::Builder::new()
                .name("scan-capture".into())
                .spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let next = contain(|| source.next_frame()).unwrap_or_else(|| {
                            Err(SourceError::Camera("the frame source failed".into()))
                        });
                        match next {
                            Ok(frame) => {
                                counters.captured.fetch_add(1, Ordering::Relaxed);
                                slot.put(frame);
                            }
                            Err(e) => {
                                // Kept aside, so the frame still waiting is decoded first.
                                *ended.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                                break;
                            }
                        }
                    }
                    slot.close();
                })
                .ok()
        };

        let decode = {
            let (stop, slot, counters) = (stop.clone(), slot.clone(), counters.clone());
            std::thread::Builder::new()
                .name("scan-decode".into())
                .spawn(move || {
                    decode_loop(&stop, &slot, &counters, make_decoder, config, &on_event);
                    let end = ended.lock().unwrap_or_else(|p| p.into_inner()).take();
                    let status = match end {
                        Some(e) => SourceStatus::from(&e),
                        None => SourceStatus::Stopped,
                    };
                    let _ = contain(|| on_event(ScanEvent::Status(status)));
                })
                .ok()
        };

        ScannerHandle {
            stop,
            slot,
            counters,
            capture,
            decode,
        }
    }
}

fn decode_loop<D, F>(
    stop: &AtomicBool,
    slot: &LatestSlot<Frame>,
    counters: &Counters,
    make_decoder: D,
    config: ScannerConfig,
    on_event: &F,
) where
    D: FnOnce() -> Box<dyn CodeDecoder>,
    F: Fn(ScanEvent),
{
    let emit = |e: ScanEvent| {
        // A failing callback must not take the scanner down.
        let _ = contain(|| on_event(e));
    };
    let Some(mut decoder) = contain(make_decoder) else {
        emit(ScanEvent::Status(SourceStatus::Failed(
            "the decoder could not be created".into(),
        )));
        return;
    };
    let mut dedup = Dedup::new(config.dedup_window);
    let mut previewer = config
        .preview_interval
        .map(|i| Previewer::new(i, config.preview_max_width));
    let mut running = false;
    while !stop.load(Ordering::Relaxed) {
        let frame = match slot.take(Duration::from_millis(100)) {
            Take::Empty => continue,
            Take::Closed => break,
            Take::Item(frame) => frame,
        };
        if !running {
            running = true;
            emit(ScanEvent::Status(SourceStatus::Running));
        }
        if let Some(jpeg) = previewer
            .as_mut()
            .and_then(|p| p.maybe(&frame.luma, Instant::now()))
        {
            emit(ScanEvent::Preview(jpeg));
        }
        counters.decoded.fetch_add(1, Ordering::Relaxed);
        let codes = match contain(|| decoder.decode(&frame.luma)) {
            Some(codes) => codes,
            None => {
                counters.panics.fetch_add(1, Ordering::Relaxed);
                continue;
            }
        };
        let now = Instant::now();
        for code in codes {
            if dedup.admit(&code.text, now) {
                emit(ScanEvent::Code(code));
            }
        }
    }
}

/// A running scanner. Dropping it stops it too.
pub struct ScannerHandle {
    stop: Arc<AtomicBool>,
    slot: Arc<LatestSlot<Frame>>,
    counters: Arc<Counters>,
    capture: Option<JoinHandle<()>>,
    decode: Option<JoinHandle<()>>,
}

impl ScannerHandle {
    /// Stops both threads and waits for them; the last event reported is a status
    /// ([`SourceStatus::Stopped`], or why the source ended).
    /// A source blocked inside a read is waited for until that read returns.
    pub fn stop(mut self) -> ScanStats {
        self.shutdown();
        self.stats()
    }

    /// True while the decode thread runs (it ends when stopped or when the source ends).
    pub fn is_running(&self) -> bool {
        self.decode.as_ref().is_some_and(|d| !d.is_finished())
    }

    /// The counters so far.
    pub fn stats(&self) -> ScanStats {
        ScanStats {
            frames_captured: self.counters.captured.load(Ordering::Relaxed),
            frames_decoded: self.counters.decoded.load(Ordering::Relaxed),
            frames_skipped: self.slot.replaced(),
            decoder_panics: self.counters.panics.load(Ordering::Relaxed),
        }
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.slot.close();
        if let Some(d) = self.decode.take() {
            let _ = d.join();
        }
        if let Some(c) = self.capture.take() {
            let _ = c.join();
        }
    }
}

impl Drop for ScannerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}
