//! The scanner thread: repeat suppression, newest-frame-only decoding, panic containment,
//! status reporting, and the synthetic source decoded back to its payloads.

use image::GrayImage;
use scan::scanner::ScannerConfig;
use scan::{
    CodeDecoder, DecodedCode, Decoder, Format, Frame, FrameSource, ScanEvent, Scanner, SourceError,
    SourceStatus, SyntheticSource,
};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn dmed(body: &str, code: &str) -> String {
    let n = dmed_api::RxNumber::from_body(body).expect("valid body");
    format!("DMEDRX:1:{}:{code}", n.as_str())
}

/// Collects events from a scanner into a shared list.
fn collector() -> (
    Arc<Mutex<Vec<ScanEvent>>>,
    impl Fn(ScanEvent) + Send + 'static,
) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    (events, move |e| sink.lock().unwrap().push(e))
}

fn codes(events: &[ScanEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            ScanEvent::Code(c) => Some(c.text.clone()),
            _ => None,
        })
        .collect()
}

fn statuses(events: &[ScanEvent]) -> Vec<SourceStatus> {
    events
        .iter()
        .filter_map(|e| match e {
            ScanEvent::Status(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn wait_until_finished(handle: &scan::ScannerHandle) {
    let start = Instant::now();
    while handle.is_running() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "scanner did not finish"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn synthetic_frames_decode_back_to_their_payloads() {
    let payloads = [dmed("AB12CD34EF5", "0420"), dmed("ZZ00YY11XX2", "9876")];
    let mut src = SyntheticSource::new(payloads.clone());
    let mut decoder = Decoder::default();
    for i in 0..6 {
        let frame = src.next_frame().unwrap();
        assert_eq!(frame.seq, i);
        let found = decoder.decode(&frame.luma);
        assert_eq!(found.len(), 1, "frame {i}");
        assert_eq!(found[0].text, payloads[i as usize % 2]);
        assert_eq!(found[0].format, Format::Qr);
        assert!(found[0].lookup_key().is_some());
    }
}

/// Counts the calls of the production decoder.
struct CountingDecoder {
    inner: Decoder,
    calls: Arc<AtomicU64>,
}

impl CodeDecoder for CountingDecoder {
    fn decode(&mut self, luma: &GrayImage) -> Vec<DecodedCode> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.inner.decode(luma)
    }
}

/// Passes on a source's frames one at a time, each only once the previous one is being
/// decoded, so no frame is skipped whatever the machine's load.
struct Lockstep<S> {
    inner: S,
    given: u64,
    calls: Arc<AtomicU64>,
}

impl<S: FrameSource> FrameSource for Lockstep<S> {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        let start = Instant::now();
        while self.calls.load(Ordering::SeqCst) < self.given
            && start.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        self.given += 1;
        self.inner.next_frame()
    }
    fn describe(&self) -> String {
        self.inner.describe()
    }
}

#[test]
fn repeats_within_three_seconds_are_reported_once() {
    let a = dmed("AB12CD34EF5", "0420");
    let b = dmed("QQ99RR88SS7", "1111");
    // 12 frames alternating two codes, each seen again long before 3 s pass: each is reported
    // once.
    let calls = Arc::new(AtomicU64::new(0));
    let c2 = calls.clone();
    let src = Lockstep {
        inner: SyntheticSource::new([a.clone(), b.clone()])
            .with_size(320, 240)
            .with_limit(12),
        given: 0,
        calls,
    };
    let (events, sink) = collector();
    let handle = Scanner::spawn_with(
        src,
        move || {
            Box::new(CountingDecoder {
                inner: Decoder::default(),
                calls: c2,
            }) as Box<dyn CodeDecoder>
        },
        ScannerConfig::default(),
        sink,
    );
    wait_until_finished(&handle);
    let stats = handle.stop();
    assert_eq!(stats.frames_decoded, 12, "{stats:?}");
    let events = events.lock().unwrap();
    assert_eq!(codes(&events), vec![a, b]);
}

/// A source producing small frames as fast as it can.
struct FastSource {
    seq: u64,
    limit: u64,
}

impl FrameSource for FastSource {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        if self.seq >= self.limit {
            return Err(SourceError::Exhausted);
        }
        std::thread::sleep(Duration::from_millis(1));
        let f = Frame::from_luma(GrayImage::new(8, 8), self.seq);
        self.seq += 1;
        Ok(f)
    }
    fn describe(&self) -> String {
        "fast".into()
    }
}

/// A decoder that takes 25 ms per frame and counts its calls.
struct SlowDecoder {
    seen: Arc<Mutex<Vec<u64>>>,
    calls: u64,
}

impl CodeDecoder for SlowDecoder {
    fn decode(&mut self, _luma: &GrayImage) -> Vec<DecodedCode> {
        self.calls += 1;
        self.seen.lock().unwrap().push(self.calls);
        std::thread::sleep(Duration::from_millis(25));
        Vec::new()
    }
}

#[test]
fn a_slow_decoder_only_sees_the_newest_frames() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s2 = seen.clone();
    let (_, sink) = collector();
    let handle = Scanner::spawn_with(
        FastSource { seq: 0, limit: 200 },
        move || Box::new(SlowDecoder { seen: s2, calls: 0 }) as Box<dyn CodeDecoder>,
        ScannerConfig::default(),
        sink,
    );
    wait_until_finished(&handle);
    let stats = handle.stop();
    assert_eq!(stats.frames_captured, 200);
    // Decoding at ~40 frames/s while capture runs at up to ~1000: most frames must be skipped,
    // none queued behind the decoder.
    assert!(stats.frames_decoded < 100, "{stats:?}");
    assert_eq!(
        stats.frames_decoded + stats.frames_skipped,
        stats.frames_captured,
        "{stats:?}"
    );
    assert_eq!(seen.lock().unwrap().len() as u64, stats.frames_decoded);
}

/// A source whose frames carry their sequence number in the first pixel.
struct NumberedSource {
    seq: u64,
    limit: u64,
    latest: Arc<AtomicU64>,
}

impl FrameSource for NumberedSource {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        if self.seq >= self.limit {
            return Err(SourceError::Exhausted);
        }
        std::thread::sleep(Duration::from_millis(2));
        let f = Frame::from_luma(
            GrayImage::from_pixel(1, 1, image::Luma([self.seq as u8])),
            self.seq,
        );
        self.latest.store(self.seq, Ordering::SeqCst);
        self.seq += 1;
        Ok(f)
    }
    fn describe(&self) -> String {
        "numbered".into()
    }
}

/// Records the frame number it was given and how far capture had got at that moment.
struct LagProbe {
    latest: Arc<AtomicU64>,
    lags: Arc<Mutex<Vec<(u64, u64)>>>,
}

impl CodeDecoder for LagProbe {
    fn decode(&mut self, luma: &GrayImage) -> Vec<DecodedCode> {
        let got = luma.get_pixel(0, 0).0[0] as u64;
        self.lags
            .lock()
            .unwrap()
            .push((got, self.latest.load(Ordering::SeqCst)));
        std::thread::sleep(Duration::from_millis(35));
        Vec::new()
    }
}

#[test]
fn each_decoded_frame_is_the_newest_captured_so_far() {
    let latest = Arc::new(AtomicU64::new(0));
    let lags = Arc::new(Mutex::new(Vec::new()));
    let (l2, lags2) = (latest.clone(), lags.clone());
    let (_, sink) = collector();
    let handle = Scanner::spawn_with(
        NumberedSource {
            seq: 0,
            limit: 60,
            latest: latest.clone(),
        },
        move || {
            Box::new(LagProbe {
                latest: l2,
                lags: lags2,
            }) as Box<dyn CodeDecoder>
        },
        ScannerConfig::default(),
        sink,
    );
    wait_until_finished(&handle);
    handle.stop();
    let lags = lags.lock().unwrap();
    assert!(lags.len() >= 3);
    let mut prev = None;
    for &(got, newest) in lags.iter() {
        // At most one frame may have arrived between the take and the probe reading the counter.
        assert!(
            newest - got <= 1,
            "decoded frame {got} while {newest} was captured"
        );
        if let Some(p) = prev {
            assert!(got > p, "frames go forward");
        }
        prev = Some(got);
    }
}

/// Panics on every other call, finds a code on the others; counts its calls in `calls`.
struct FlakyDecoder {
    calls: Arc<AtomicU64>,
}

impl CodeDecoder for FlakyDecoder {
    fn decode(&mut self, _luma: &GrayImage) -> Vec<DecodedCode> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if n % 2 == 1 {
            panic!("decoder fault on call {n}");
        }
        vec![DecodedCode {
            text: format!("code-{n}"),
            format: Format::Qr,
            corners: [[0.0; 2]; 4],
        }]
    }
}

/// Gives its next frame only once the decoder has taken the previous one, so every frame is
/// decoded whatever the machine's load.
struct LockstepSource {
    seq: u64,
    limit: u64,
    calls: Arc<AtomicU64>,
}

impl FrameSource for LockstepSource {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        if self.seq >= self.limit {
            return Err(SourceError::Exhausted);
        }
        let start = Instant::now();
        while self.calls.load(Ordering::SeqCst) < self.seq
            && start.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        let f = Frame::from_luma(GrayImage::new(8, 8), self.seq);
        self.seq += 1;
        Ok(f)
    }
    fn describe(&self) -> String {
        "lockstep".into()
    }
}

#[test]
fn a_panicking_decoder_does_not_kill_the_scanner() {
    let calls = Arc::new(AtomicU64::new(0));
    let c2 = calls.clone();
    let (events, sink) = collector();
    let handle = Scanner::spawn_with(
        LockstepSource {
            seq: 0,
            limit: 8,
            calls: calls.clone(),
        },
        move || Box::new(FlakyDecoder { calls: c2 }) as Box<dyn CodeDecoder>,
        ScannerConfig::default(),
        sink,
    );
    wait_until_finished(&handle);
    let stats = handle.stop();
    let events = events.lock().unwrap();
    assert_eq!(stats.frames_decoded, 8, "{stats:?}");
    assert_eq!(stats.decoder_panics, 4, "{stats:?}");
    assert_eq!(
        codes(&events),
        ["code-2", "code-4", "code-6", "code-8"],
        "every call after a panic still reports"
    );
    assert_eq!(statuses(&events).last(), Some(&SourceStatus::Stopped));
}

#[test]
fn status_goes_running_then_stopped_and_previews_are_jpegs() {
    let src = SyntheticSource::new([dmed("AB12CD34EF5", "0420")])
        .with_interval(Duration::from_millis(5))
        .with_limit(5);
    let (events, sink) = collector();
    let handle = Scanner::spawn(src, sink);
    wait_until_finished(&handle);
    handle.stop();
    let events = events.lock().unwrap();
    assert_eq!(
        statuses(&events),
        vec![SourceStatus::Running, SourceStatus::Stopped]
    );
    let preview = events.iter().find_map(|e| match e {
        ScanEvent::Preview(p) => Some(p.clone()),
        _ => None,
    });
    assert_eq!(&preview.expect("a preview")[..2], &[0xFF, 0xD8]);
}

/// Fails like a camera another program holds.
struct BusySource;

impl FrameSource for BusySource {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        Err(SourceError::Busy("/dev/video0".into()))
    }
    fn describe(&self) -> String {
        "busy".into()
    }
}

#[test]
fn a_busy_source_is_reported_as_busy() {
    let (events, sink) = collector();
    let handle = Scanner::spawn(BusySource, sink);
    wait_until_finished(&handle);
    handle.stop();
    assert_eq!(statuses(&events.lock().unwrap()), vec![SourceStatus::Busy]);
}

#[test]
fn stop_ends_an_endless_source() {
    let src = SyntheticSource::new(["loop"]).with_interval(Duration::from_millis(5));
    let (events, sink) = collector();
    let handle = Scanner::spawn(src, sink);
    std::thread::sleep(Duration::from_millis(100));
    assert!(handle.is_running());
    let stats = handle.stop();
    assert!(stats.frames_captured > 0);
    assert_eq!(
        statuses(&events.lock().unwrap()).last(),
        Some(&SourceStatus::Stopped)
    );
}

/// Panics on its second frame.
struct PanickySource {
    seq: u64,
}

impl FrameSource for PanickySource {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        self.seq += 1;
        if self.seq > 1 {
            panic!("driver fault");
        }
        Ok(Frame::from_luma(GrayImage::new(8, 8), 0))
    }
    fn describe(&self) -> String {
        "panicky".into()
    }
}

#[test]
fn a_panicking_source_ends_the_scan_with_a_failure_status() {
    let (events, sink) = collector();
    let handle = Scanner::spawn(PanickySource { seq: 0 }, sink);
    wait_until_finished(&handle);
    handle.stop();
    let st = statuses(&events.lock().unwrap());
    assert!(matches!(st.last(), Some(SourceStatus::Failed(_))), "{st:?}");
}

/// A decoder that finds `text` in frames from `from_seq` on (the frame's first pixel carries
/// the sequence number), taking `cost` per frame and counting its calls.
struct SeqDecoder {
    text: &'static str,
    from_seq: u8,
    cost: Duration,
    calls: Arc<AtomicU64>,
}

impl CodeDecoder for SeqDecoder {
    fn decode(&mut self, luma: &GrayImage) -> Vec<DecodedCode> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(self.cost);
        if luma.get_pixel(0, 0).0[0] < self.from_seq {
            return Vec::new();
        }
        vec![DecodedCode {
            text: self.text.into(),
            format: Format::Qr,
            corners: [[0.0; 2]; 4],
        }]
    }
}

/// Small frames every 5 ms, the first pixel holding the sequence number (up to `limit`).
struct PixelSeqSource {
    seq: u64,
    limit: u64,
}

impl FrameSource for PixelSeqSource {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        if self.seq >= self.limit {
            return Err(SourceError::Exhausted);
        }
        std::thread::sleep(Duration::from_millis(5));
        let mut img = GrayImage::new(8, 8);
        img.put_pixel(0, 0, image::Luma([self.seq.min(255) as u8]));
        let f = Frame::from_luma(img, self.seq);
        self.seq += 1;
        Ok(f)
    }
    fn describe(&self) -> String {
        "numbered".into()
    }
}

fn lane(
    text: &'static str,
    from_seq: u8,
    cost_ms: u64,
    calls: &Arc<AtomicU64>,
) -> scan::scanner::MakeDecoder {
    let calls = calls.clone();
    Box::new(move || {
        Box::new(SeqDecoder {
            text,
            from_seq,
            cost: Duration::from_millis(cost_ms),
            calls,
        }) as Box<dyn CodeDecoder>
    })
}

#[test]
fn a_slow_second_lane_never_holds_up_the_quick_one() {
    // The quick lane (1 ms a frame) reads "QUICK" from frame 120 on; the second lane (300 ms a
    // frame) only ever sees what the quick lane found nothing in, newest first.
    let (quick_calls, second_calls) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let (events, sink) = collector();
    let started = Instant::now();
    let handle = Scanner::spawn_lanes(
        PixelSeqSource { seq: 0, limit: 160 },
        lane("QUICK", 120, 1, &quick_calls),
        Some(lane("NEVER", 255, 300, &second_calls)),
        ScannerConfig::default(),
        sink,
    );
    wait_until_finished(&handle);
    let stats = handle.stop();
    // 160 frames in ~0.8 s: the quick lane kept up with most of them (held up by the second
    // lane it would have managed one per 300 ms) while the second lane managed only a few.
    let most_looks = started.elapsed().as_millis() as u64 / 300 + 2;
    assert!(
        stats.frames_decoded * 2 >= stats.frames_captured,
        "{stats:?}"
    );
    assert!(stats.frames_second_look <= most_looks, "{stats:?}");
    assert_eq!(
        stats.frames_second_look,
        second_calls.load(Ordering::SeqCst)
    );
    assert_eq!(codes(&events.lock().unwrap()), ["QUICK"]);
}

#[test]
fn the_second_lane_reads_what_the_quick_one_misses_and_a_code_is_reported_once() {
    // Only the second lane can read "DEEP" (from frame 20 on), in every frame it looks at from
    // then on, all within 3 s: one report.
    let (quick_calls, second_calls) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let (events, sink) = collector();
    let handle = Scanner::spawn_lanes(
        PixelSeqSource { seq: 0, limit: 100 },
        lane("DEEP", 255, 1, &quick_calls),
        Some(lane("DEEP", 20, 10, &second_calls)),
        ScannerConfig {
            second_lane_interval: Duration::ZERO,
            ..ScannerConfig::default()
        },
        sink,
    );
    wait_until_finished(&handle);
    let stats = handle.stop();
    assert!(stats.frames_second_look > 2, "{stats:?}");
    let events = events.lock().unwrap();
    assert_eq!(codes(&events), ["DEEP"]);
    assert_eq!(
        statuses(&events).last(),
        Some(&SourceStatus::Stopped),
        "the last event is the status, after both lanes"
    );
}

#[test]
fn the_live_scanner_reads_synthetic_frames_with_both_lanes() {
    let a = dmed("AB12CD34EF5", "0420");
    let (events, sink) = collector();
    let handle = Scanner::spawn_live(
        SyntheticSource::new([a.clone()])
            .with_size(1280, 720)
            .with_blank_every(2)
            .with_limit(12),
        ScannerConfig::default(),
        sink,
    );
    wait_until_finished(&handle);
    let stats = handle.stop();
    assert_eq!(stats.decoder_panics, 0, "{stats:?}");
    assert!(
        stats.frames_second_look > 0,
        "empty frames go to the second lane: {stats:?}"
    );
    assert_eq!(codes(&events.lock().unwrap()), vec![a]);
}

#[test]
fn the_second_lane_looks_at_most_once_per_interval() {
    // 200 frames over about a second; the second lane is cheap (1 ms) but may start a look only
    // every 100 ms: about ten looks, not two hundred.
    let (quick_calls, second_calls) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let (_, sink) = collector();
    let started = Instant::now();
    let handle = Scanner::spawn_lanes(
        PixelSeqSource { seq: 0, limit: 200 },
        lane("NEVER", 255, 1, &quick_calls),
        Some(lane("NEVER", 255, 1, &second_calls)),
        ScannerConfig {
            second_lane_interval: Duration::from_millis(100),
            ..ScannerConfig::default()
        },
        sink,
    );
    wait_until_finished(&handle);
    let stats = handle.stop();
    let most = started.elapsed().as_millis() as u64 / 100 + 1;
    assert!(stats.frames_second_look >= 2, "{stats:?}");
    assert!(
        stats.frames_second_look <= most,
        "{stats:?}, at most {most} looks"
    );
}
