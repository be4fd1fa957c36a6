//! Frame-to-screen latency: when the frame behind each code read was captured, and, once the UI
//! says the prescription for it is on screen, how long that took.

use serde::Serialize;
use std::collections::VecDeque;
use std::time::Instant;

/// How many reads wait for the UI's answer at most (older ones are forgotten).
const PENDING: usize = 64;

/// Latency figures so far, in milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct LatencySummary {
    pub count: u32,
    pub p50_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub max_ms: Option<f64>,
    /// Every measurement, in order.
    pub samples_ms: Vec<f64>,
}

/// Capture instants of recent reads and the measured latencies.
#[derive(Debug, Default)]
pub struct LatencyLog {
    pending: VecDeque<(u32, Instant)>,
    samples: Vec<f64>,
}

impl LatencyLog {
    /// Remembers that read `id` came from a frame captured `at`.
    pub fn captured(&mut self, id: u32, at: Instant) {
        if self.pending.len() >= PENDING {
            self.pending.pop_front();
        }
        self.pending.push_back((id, at));
    }

    /// Read `id` is on screen `now`: records and returns its latency (`None` for an unknown or
    /// already answered read).
    pub fn rendered(&mut self, id: u32, now: Instant) -> Option<f64> {
        let pos = self.pending.iter().position(|(i, _)| *i == id)?;
        let (_, at) = self.pending.remove(pos)?;
        let ms = now.saturating_duration_since(at).as_secs_f64() * 1000.0;
        self.samples.push(ms);
        Some(ms)
    }

    /// The figures so far.
    pub fn summary(&self) -> LatencySummary {
        let mut sorted = self.samples.clone();
        sorted.sort_by(f64::total_cmp);
        LatencySummary {
            count: sorted.len() as u32,
            p50_ms: percentile(&sorted, 0.50),
            p95_ms: percentile(&sorted, 0.95),
            max_ms: sorted.last().copied(),
            samples_ms: self.samples.clone(),
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
            log.captured(id, t0);
        }
        for id in 1..=20u32 {
            let ms = log.rendered(id, t0 + Duration::from_millis(id as u64 * 10));
            assert_eq!(ms.map(f64::round), Some(id as f64 * 10.0));
        }
        assert_eq!(log.rendered(3, t0), None, "answered once");
        assert_eq!(log.rendered(99, t0), None, "unknown read");
        let s = log.summary();
        assert_eq!(s.count, 20);
        assert_eq!(s.p50_ms.map(f64::round), Some(100.0));
        assert_eq!(s.p95_ms.map(f64::round), Some(190.0));
        assert_eq!(s.max_ms.map(f64::round), Some(200.0));
    }

    #[test]
    fn only_recent_reads_wait_for_an_answer() {
        let mut log = LatencyLog::default();
        let t0 = Instant::now();
        for id in 0..(PENDING as u32 + 5) {
            log.captured(id, t0);
        }
        assert_eq!(log.rendered(0, t0), None);
        assert!(log.rendered(PENDING as u32 + 4, t0).is_some());
        assert_eq!(LatencyLog::default().summary().p95_ms, None);
    }
}
