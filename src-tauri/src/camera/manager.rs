//! The camera manager: owns at most one running scanner, opens the chosen source off the UI's
//! threads, turns the scanner's events into the UI's (codes with a read id, status, previews)
//! and keeps what is needed to measure frame-to-screen latency.

use super::events::{CameraPreview, CameraState, CameraStatus, ScanCode};
use super::latency::{LatencyLog, LatencySummary, UiStages};
use super::spec::SourceSpec;
use super::timed::{Stamps, TimedSource};
use scan::{
    FolderSource, FrameSource, ScanEvent, Scanner, ScannerConfig, ScannerHandle, SourceError,
};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Previews: at most three a second, 480 px wide.
const PREVIEW_INTERVAL: Duration = Duration::from_millis(333);
const PREVIEW_WIDTH: u32 = 480;
/// A folder of pictures is played at ten frames a second.
const FOLDER_INTERVAL: Duration = Duration::from_millis(100);

/// One thing to tell the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum CameraEvent {
    Code(ScanCode),
    Status(CameraStatus),
    Preview(CameraPreview),
}

/// Where the manager's events go (the Tauri app in the shell, a collector in tests).
pub type Sink = Arc<dyn Fn(CameraEvent) + Send + Sync>;

#[derive(Default)]
struct Shared {
    status: Mutex<Option<CameraStatus>>,
    latency: Mutex<LatencyLog>,
    next_id: AtomicU32,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Owns the scanner. One per app.
#[derive(Default)]
pub struct CameraManager {
    running: Mutex<Option<ScannerHandle>>,
    shared: Arc<Shared>,
}

impl CameraManager {
    /// The current state (`off` before any start).
    pub fn status(&self) -> CameraStatus {
        lock(&self.shared.status)
            .clone()
            .unwrap_or_else(|| CameraStatus::of(CameraState::Off))
    }

    /// Stops whatever runs, opens `spec` (blocking: call it off the UI's threads) and starts
    /// scanning it. A camera that cannot be opened is not an error: the returned status says
    /// why (no camera, busy, permission denied), and typing and handheld scanners go on working.
    pub fn start(&self, spec: &SourceSpec, sink: Sink) -> CameraStatus {
        self.stop();
        self.set_status(CameraStatus::of(CameraState::Starting), &sink);
        let stamps = Stamps::default();
        let opened: Result<(Box<dyn FrameSource>, String), SourceError> = match spec {
            SourceSpec::Camera(name) => open_camera(name.as_deref()),
            SourceSpec::Folder(path) => FolderSource::open(path).map(|f| {
                let d = f.describe();
                let s: Box<dyn FrameSource> =
                    Box::new(f.looping(true).with_interval(FOLDER_INTERVAL));
                (s, d)
            }),
            SourceSpec::Synthetic(payloads) => {
                let s = TimedSource::new(payloads.clone(), stamps.clone());
                let d = s.describe();
                Ok((Box::new(s), d))
            }
        };
        let (source, described) = match opened {
            Ok(opened) => opened,
            Err(e) => {
                tracing::warn!(error = %e, "the camera could not be opened");
                let status = CameraStatus::from_error(&e, None);
                self.set_status(status.clone(), &sink);
                return status;
            }
        };
        tracing::info!(source = %described, "scanner started");
        let config = ScannerConfig {
            preview_interval: Some(PREVIEW_INTERVAL),
            preview_max_width: PREVIEW_WIDTH,
            ..ScannerConfig::default()
        };
        let shared = self.shared.clone();
        let source_name = described.clone();
        let events_sink = sink.clone();
        let handle = Scanner::spawn_live(source, config, move |event| match event {
            ScanEvent::Code(code) => {
                let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
                let captured = stamps.take(&code.text).unwrap_or_else(Instant::now);
                lock(&shared.latency).captured(id, captured, Instant::now());
                events_sink(CameraEvent::Code(ScanCode {
                    id,
                    text: code.text,
                    format: code.format.into(),
                }));
            }
            ScanEvent::Preview(jpeg) => {
                events_sink(CameraEvent::Preview(CameraPreview::from_jpeg(&jpeg)))
            }
            ScanEvent::Status(st) => {
                let status = CameraStatus::from_source(&st, Some(source_name.clone()));
                *lock(&shared.status) = Some(status.clone());
                events_sink(CameraEvent::Status(status));
            }
        });
        *lock(&self.running) = Some(handle);
        let status = CameraStatus {
            state: CameraState::Running,
            source: Some(described),
            detail: None,
        };
        *lock(&self.shared.status) = Some(status.clone());
        status
    }

    /// Stops the scanner, if one runs (its last event is the `off` status).
    pub fn stop(&self) {
        let handle = lock(&self.running).take();
        if let Some(handle) = handle {
            let stats = handle.stop();
            tracing::info!(?stats, "scanner stopped");
        }
        *lock(&self.shared.status) = Some(CameraStatus::of(CameraState::Off));
    }

    /// The UI has the result of read `id` on screen (with its own stage times, when it measured
    /// them): its latency in ms, when known.
    pub fn rendered(&self, id: u32, ui: Option<UiStages>) -> Option<f64> {
        let ms = lock(&self.shared.latency).rendered(id, Instant::now(), ui);
        if let Some(ms) = ms {
            tracing::info!(id, ms = format!("{ms:.1}"), "scan to screen");
        }
        ms
    }

    /// Latency figures so far.
    pub fn latency(&self) -> LatencySummary {
        lock(&self.shared.latency).summary()
    }

    fn set_status(&self, status: CameraStatus, sink: &Sink) {
        *lock(&self.shared.status) = Some(status.clone());
        sink(CameraEvent::Status(status));
    }
}

fn open_camera(name: Option<&str>) -> Result<(Box<dyn FrameSource>, String), SourceError> {
    let cam = scan::CameraSource::open(name)?;
    let d = format!("{} ({})", cam.describe(), cam.format());
    Ok((Box::new(cam), d))
}

/// The cameras the system offers; none when the camera layer is unavailable.
pub fn list_cameras() -> Vec<scan::CameraInfo> {
    scan::list_cameras().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collector() -> (Arc<Mutex<Vec<CameraEvent>>>, Sink) {
        let events = Arc::new(Mutex::new(Vec::new()));
        let e = events.clone();
        (events, Arc::new(move |ev| e.lock().unwrap().push(ev)))
    }

    fn wait_for(events: &Mutex<Vec<CameraEvent>>, what: impl Fn(&CameraEvent) -> bool) -> bool {
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if events.lock().unwrap().iter().any(&what) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn synthetic_frames_give_a_code_a_preview_and_a_measurable_read() {
        let manager = CameraManager::default();
        let (events, sink) = collector();
        let payload = "DMEDRX:1:ABCD23456789:1234";
        let status = manager.start(&SourceSpec::Synthetic(vec![payload.into()]), sink);
        assert_eq!(status.state, CameraState::Running);
        assert!(wait_for(
            &events,
            |e| matches!(e, CameraEvent::Code(c) if c.text == payload)
        ));
        assert!(wait_for(
            &events,
            |e| matches!(e, CameraEvent::Preview(p) if p.data_url.starts_with("data:image/jpeg;base64,"))
        ));
        let id = events
            .lock()
            .unwrap()
            .iter()
            .find_map(|e| match e {
                CameraEvent::Code(c) => Some(c.id),
                _ => None,
            })
            .unwrap();
        let ms = manager.rendered(id, None).expect("a latency for the read");
        assert!(ms > 0.0 && ms < 10_000.0, "{ms}");
        assert_eq!(manager.latency().count, 1);
        manager.stop();
        assert_eq!(manager.status().state, CameraState::Off);
        assert!(wait_for(
            &events,
            |e| matches!(e, CameraEvent::Status(s) if s.state == CameraState::Off)
        ));
    }

    #[test]
    fn a_missing_folder_is_a_failed_status_not_an_error() {
        let manager = CameraManager::default();
        let (events, sink) = collector();
        let status = manager.start(&SourceSpec::Folder("/nonexistent/dorixona".into()), sink);
        assert_eq!(status.state, CameraState::Failed);
        assert_eq!(manager.status(), status);
        let seen = events.lock().unwrap().clone();
        assert_eq!(
            seen.iter()
                .filter_map(|e| match e {
                    CameraEvent::Status(s) => Some(s.state),
                    _ => None,
                })
                .collect::<Vec<_>>(),
            [CameraState::Starting, CameraState::Failed]
        );
    }
}
