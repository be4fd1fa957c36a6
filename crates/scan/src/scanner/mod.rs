//! The scanner: a capture thread pulls frames from a [`FrameSource`] into a newest-only slot,
//! and a decode thread takes the newest frame, runs the decoder (a panic inside it is contained
//! and counted), drops repeats of a code within 3 s, and reports codes, previews and status
//! through one callback. Neither thread ever blocks the caller.
//!
//! Optionally a second lane: frames in which the (quick) decoder found nothing are handed,
//! newest only, to a slower, more thorough decoder on its own low-priority thread. The quick lane
//! keeps up with the camera whatever the thorough one costs, so a code coming into view is read
//! within a frame or two instead of waiting for a long search of an empty frame to end.

mod dedup;
mod lanes;
mod preview;
mod slot;

pub use dedup::Dedup;
use lanes::{lower_priority, Emitter};
pub use preview::Previewer;
pub use slot::{LatestSlot, Take};

use crate::decode::{contain, CodeDecoder, DecodedCode, Decoder, Strategy};
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
    /// The second lane starts a look at most once per this interval: its thorough search
    /// costs several quick frames, and a code only it can read is still read within a fraction
    /// of a second, without it taking a whole core from the window and the app.
    pub second_lane_interval: Duration,
}

impl Default for ScannerConfig {
    fn default() -> Self {
        Self {
            dedup_window: Duration::from_secs(3),
            preview_interval: Some(Duration::from_millis(250)),
            preview_max_width: 320,
            second_lane_interval: Duration::from_millis(150),
        }
    }
}

/// Counters of a running scanner.
#[derive(Debug, Default)]
struct Counters {
    captured: AtomicU64,
    decoded: AtomicU64,
    second_looks: AtomicU64,
    panics: AtomicU64,
}

/// Builds a decoder on the thread that will use it.
pub type MakeDecoder = Box<dyn FnOnce() -> Box<dyn CodeDecoder> + Send>;

/// A snapshot of a scanner's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScanStats {
    /// Frames the source delivered.
    pub frames_captured: u64,
    /// Frames the decoder ran on.
    pub frames_decoded: u64,
    /// Frames the second, thorough lane looked at (0 without one).
    pub frames_second_look: u64,
    /// Frames dropped unread because a newer one arrived first.
    pub frames_skipped: u64,
    /// Decoder calls that panicked (and were contained).
    pub decoder_panics: u64,
}

/// Starts scanners.
pub struct Scanner;

impl Scanner {
    /// Scans `source` with the production decoders (see [`Scanner::spawn_live`]) and default
    /// settings, calling `on_event` on the scanner's own threads.
    pub fn spawn<S, F>(source: S, on_event: F) -> ScannerHandle
    where
        S: FrameSource + 'static,
        F: Fn(ScanEvent) + Send + 'static,
    {
        Self::spawn_live(source, ScannerConfig::default(), on_event)
    }

    /// Scans a live source the way the counter does: the quick pipeline
    /// ([`Strategy::Quick`]) on every newest frame, and zxing-cpp's thorough search
    /// ([`Strategy::Zxing`]) as the second lane on frames the quick one found nothing in.
    pub fn spawn_live<S, F>(source: S, config: ScannerConfig, on_event: F) -> ScannerHandle
    where
        S: FrameSource + 'static,
        F: Fn(ScanEvent) + Send + 'static,
    {
        Self::spawn_lanes(
            source,
            Box::new(|| Box::new(Decoder::new(Strategy::Quick)) as Box<dyn CodeDecoder>),
            Some(Box::new(|| {
                Box::new(Decoder::new(Strategy::Zxing)) as Box<dyn CodeDecoder>
            })),
            config,
            on_event,
        )
    }

    /// Scans `source` with the decoder `make_decoder` builds (on the decode thread, so it need
    /// not be `Send`) and the given settings; one lane.
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
        Self::spawn_lanes(source, Box::new(make_decoder), None, config, on_event)
    }

    /// Scans `source` with `make_quick`'s decoder on every newest frame and, when given,
    /// `make_second`'s on the frames the first found nothing in, on a second thread at a lower
    /// priority (newest such frame only; it never holds up the first lane).
    pub fn spawn_lanes<S, F>(
        source: S,
        make_quick: MakeDecoder,
        make_second: Option<MakeDecoder>,
        config: ScannerConfig,
        on_event: F,
    ) -> ScannerHandle
    where
        S: FrameSource + 'static,
        F: Fn(ScanEvent) + Send + 'static,
    {
        let stop = Arc::new(AtomicBool::new(false));
        let slot = Arc::new(LatestSlot::<Frame>::default());
        let counters = Arc::new(Counters::default());
        let ended = Arc::new(Mutex::new(None::<SourceError>));
        let emitter = Arc::new(Emitter::new(on_event, config.dedup_window));
        let second_slot = make_second
            .is_some()
            .then(|| Arc::new(LatestSlot::<Frame>::default()));

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

        let second = match (make_second, &second_slot) {
            (Some(make), Some(second_slot)) => {
                let (stop, second_slot, counters, emitter) = (
                    stop.clone(),
                    second_slot.clone(),
                    counters.clone(),
                    emitter.clone(),
                );
                let interval = config.second_lane_interval;
                std::thread::Builder::new()
                    .name("scan-decode-2".into())
                    .spawn(move || {
                        // At the normal priority if the system refuses: still its own thread.
                        let _ = lower_priority();
                        second_loop(&stop, &second_slot, &counters, make, interval, &emitter);
                    })
                    .ok()
            }
            _ => None,
        };

        let decode = {
            let (stop, slot, counters, emitter) = (
                stop.clone(),
                slot.clone(),
                counters.clone(),
                emitter.clone(),
            );
            let second_slot = second_slot.clone();
            std::thread::Builder::new()
                .name("scan-decode".into())
                .spawn(move || {
                    decode_loop(
                        &stop,
                        &slot,
                        second_slot.as_deref(),
                        &counters,
                        make_quick,
                        config,
                        &emitter,
                    );
                    if let Some(second_slot) = &second_slot {
                        second_slot.close();
                    }
                    let end = ended.lock().unwrap_or_else(|p| p.into_inner()).take();
                    let status = match end {
                        Some(e) => SourceStatus::from(&e),
                        None => SourceStatus::Stopped,
                    };
                    emitter.emit(ScanEvent::Status(status));
                })
                .ok()
        };

        ScannerHandle {
            stop,
            slot,
            second_slot,
            counters,
            capture,
            decode,
            second,
        }
    }
}

/// The second lane: the thorough decoder on the newest frame the first lane found nothing in,
/// at most one look per `interval`.
fn second_loop(
    stop: &AtomicBool,
    slot: &LatestSlot<Frame>,
    counters: &Counters,
    make_decoder: MakeDecoder,
    interval: Duration,
    emitter: &Emitter,
) {
    // Without its decoder the second lane just stays out; the first lane goes on.
    let Some(mut decoder) = contain(make_decoder) else {
        return;
    };
    let mut last_start: Option<Instant> = None;
    while !stop.load(Ordering::Relaxed) {
        if let Some(wait) = last_start.and_then(|t| interval.checked_sub(t.elapsed())) {
            // Short naps, so a stop is seen promptly.
            std::thread::sleep(wait.min(Duration::from_millis(50)));
            continue;
        }
        let frame = match slot.take(Duration::from_millis(100)) {
            Take::Empty => continue,
            Take::Closed => break,
            Take::Item(frame) => frame,
        };
        last_start = Some(Instant::now());
        counters.second_looks.fetch_add(1, Ordering::Relaxed);
        match contain(|| decoder.decode(&frame.luma)) {
            Some(codes) => emitter.codes(codes, Instant::now()),
            None => {
                counters.panics.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

fn decode_loop(
    stop: &AtomicBool,
    slot: &LatestSlot<Frame>,
    second: Option<&LatestSlot<Frame>>,
    counters: &Counters,
    make_decoder: MakeDecoder,
    config: ScannerConfig,
    emitter: &Emitter,
) {
    let emit = |e: ScanEvent| emitter.emit(e);
    let Some(mut decoder) = contain(make_decoder) else {
        emit(ScanEvent::Status(SourceStatus::Failed(
            "the decoder could not be created".into(),
        )));
        return;
    };
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
        counters.decoded.fetch_add(1, Ordering::Relaxed);
        let codes = match contain(|| decoder.decode(&frame.luma)) {
            Some(codes) => codes,
            None => {
                counters.panics.fetch_add(1, Ordering::Relaxed);
                Vec::new()
            }
        };
        let found = !codes.is_empty();
        emitter.codes(codes, Instant::now());
        // The preview after the decode, so a code is never held up by one.
        if let Some(jpeg) = previewer
            .as_mut()
            .and_then(|p| p.maybe(&frame.luma, Instant::now()))
        {
            emit(ScanEvent::Preview(jpeg));
        }
        if !found {
            if let Some(second) = second {
                second.put(frame);
            }
        }
    }
}

/// A running scanner. Dropping it stops it too.
pub struct ScannerHandle {
    stop: Arc<AtomicBool>,
    slot: Arc<LatestSlot<Frame>>,
    second_slot: Option<Arc<LatestSlot<Frame>>>,
    counters: Arc<Counters>,
    capture: Option<JoinHandle<()>>,
    decode: Option<JoinHandle<()>>,
    second: Option<JoinHandle<()>>,
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
            frames_second_look: self.counters.second_looks.load(Ordering::Relaxed),
            frames_skipped: self.slot.replaced(),
            decoder_panics: self.counters.panics.load(Ordering::Relaxed),
        }
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.slot.close();
        if let Some(second) = &self.second_slot {
            second.close();
        }
        if let Some(d) = self.decode.take() {
            let _ = d.join();
        }
        if let Some(d) = self.second.take() {
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
