//! Frame-to-screen latency: when the frame behind each code read was captured and when the code
//! left the decoder, and, once the UI says the prescription for it is on screen (with its own
//! stage times), how long that took and where the time went.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::time::Instant;

/// How many reads wait for the UI's answer at most (older ones are forgotten).
const PENDING: usize = 64;

/// The UI's own stage times for one read, in ms since the code event reached it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct UiStages {
    /// The lookup answered (command round trip: counter, central API, local copy).
    pub lookup_ms: f64,
    /// The card is in the DOM (after the framework's update).
    pub dom_ms: f64,
    /// The next animation frame after the update.
    pub paint_ms: f64,
}

/// Where the time of one read went, in ms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, specta::Type)]
pub struct ReadTiming {
    /// Capture of the first frame showing the code → prescription on screen.
    pub total_ms: f64,
    /// Capture → the code event sent (waiting for the decoder, decoding).
    pub decode_ms: f64,
    /// The UI's stages, when it reported them.
    pub ui: Option<UiStages>,
    /// What is left: the event reaching the web view and the answer coming back.
    pub ipc_ms: Option<f64>,
}

/// Latency figures so far, in milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct LatencySummary {
    pub count: u32,
    pub p50_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub max_ms: Option<f64>,
    /// Every measurement, in order.
    pub samples_ms: Vec<f64>,
    /// Every measurement broken down by stage, in order.
    pub reads: Vec<ReadTiming>,
}

#[derive(Debug)]
struct Pending {
    id: u32,
    captured: Instant,
    sent: Instant,
}

/// Capture instants of recent reads and the measured latencies.
#[derive(Debug, Default)]
pub struct LatencyLog {
    pending: VecDeque<Pending>,
    reads: Vec<ReadTiming>,
}

fn ms_between(from: Instant, to: Instant) -> f64 {
    to.saturating_duration_since(from).as_secs_f64() * 1000.0
}

impl LatencyLog {
    /// Remembers that read `id` came from a frame captured `captured` and was sent to the UI at
    /// `sent`.
    pub fn captured(&mut self, id: u32, captured: Instant, sent: Instant) {
        if self.pending.len() >= PENDING {
            self.pending.pop_front();
        }
        self.pending.push_back(Pending { id, captured, sent });
    }

    /// Read `id` is on screen `now`, with the UI's stage times when given: records and returns
    /// its latency (`None` for an unknown or already answered read).
    pub fn rendered(&mut self, id: u32, now: Instant, ui: Option<UiStages>) -> Option<f64> {
        let pos = self.pending.iter().position(|p| p.id == id)?;
        let p = self.pending.remove(pos)?;
        let total_ms = ms_between(p.captured, now);
        let after_send = ms_between(p.sent, now);
        let ui = ui.filter(|u| {
            [u.lookup_ms, u.dom_ms, u.paint_ms]
                .iter()
                .all(|v| v.is_finite() && *v >= 0.0)
        });
        self.reads.push(ReadTiming {
            total_ms,
            decode_ms: ms_between(p.captured, p.sent),
            ipc_ms: ui.map(|u| (after_send - u.paint_ms).max(0.0)),
            ui,
        });
        Some(total_ms)
    }

    /// The figures so far.
    pub fn summary(&self) -> LatencySummary {
        let samples: Vec<f64> = self.reads.iter().map(|r| r.total_ms).collect();
        let mut sorted = samples.clone();
        sorted.sort_by(f64::total_cmp);
        LatencySummary {
            count: sorted.len() as u32,
            p50_ms: percentile(&sorted, 0.50),
            p95_ms: percentile(&sorted, 0.95),
            max_ms: sorted.last().copied(),
            samples_ms: samples,
            reads: self.reads.clone(),
        }
    }
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn latencies_are_measured_once_per_read_with_nearest_rank_percentiles() {
        let mut log = LatencyLog::default();
        let t0 = Instant::now();
        for id in 1..=20u32 {
            log.captured(id, t0, t0);
        }
        for id in 1..=20u32 {
            let ms = log.rendered(id, t0 + Duration::from_millis(id as u64 * 10), None);
            assert_eq!(ms.map(f64::round), Some(id as f64 * 10.0));
        }
        assert_eq!(log.rendered(3, t0, None), None, "answered once");
        assert_eq!(log.rendered(99, t0, None), None, "unknown read");
        let s = log.summary();
        assert_eq!(s.count, 20);
        assert_eq!(s.p50_ms.map(f64::round), Some(100.0));
        assert_eq!(s.p95_ms.map(f64::round), Some(190.0));
        assert_eq!(s.max_ms.map(f64::round), Some(200.0));
    }

    #[test]
    fn a_read_is_broken_down_into_decode_ui_stages_and_ipc() {
        let mut log = LatencyLog::default();
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        log.captured(7, t0, t0 + ms(20));
        let ui = UiStages {
            lookup_ms: 30.0,
            dom_ms: 35.0,
            paint_ms: 50.0,
        };
        assert_eq!(
            log.rendered(7, t0 + ms(80), Some(ui)).map(f64::round),
            Some(80.0)
        );
        let read = log.summary().reads[0];
        assert_eq!(read.decode_ms.round(), 20.0);
        assert_eq!(read.ui, Some(ui));
        // 60 ms after sending, of which the UI accounts for 50.
        assert_eq!(read.ipc_ms.map(f64::round), Some(10.0));
    }

    #[test]
    fn nonsense_stage_times_from_the_ui_are_left_out() {
        let mut log = LatencyLog::default();
        let t0 = Instant::now();
        log.captured(1, t0, t0);
        let ui = UiStages {
            lookup_ms: f64::NAN,
            dom_ms: 1.0,
            paint_ms: -3.0,
        };
        assert!(log.rendered(1, t0, Some(ui)).is_some());
        let read = log.summary().reads[0];
        assert_eq!((read.ui, read.ipc_ms), (None, None));
    }

    #[test]
    fn only_recent_reads_wait_for_an_answer() {
        let mut log = LatencyLog::default();
        let t0 = Instant::now();
        for id in 0..(PENDING as u32 + 5) {
            log.captured(id, t0, t0);
        }
        assert_eq!(log.rendered(0, t0, None), None);
        assert!(log.rendered(PENDING as u32 + 4, t0, None).is_some());
        assert_eq!(LatencyLog::default().summary().p95_ms, None);
    }
}
