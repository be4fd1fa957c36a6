//! Synthetic frames for the end-to-end tests and the latency benchmark: each payload is shown
//! for a while, then frames without a code, like a patient holding a phone up and taking it
//! away. The moment the first frame showing a payload is captured is kept in [`Stamps`], so the
//! time from that frame to the prescription on screen can be measured.

use scan::{Frame, FrameSource, SourceError, SyntheticSource};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// When a payload first appeared in a frame, by payload text.
#[derive(Debug, Default, Clone)]
pub struct Stamps(Arc<Mutex<HashMap<String, Instant>>>);

impl Stamps {
    fn put(&self, text: &str, at: Instant) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(text.to_owned(), at);
        }
    }

    /// Takes the capture instant of the frame that first showed `text`, if one was stamped.
    pub fn take(&self, text: &str) -> Option<Instant> {
        self.0.lock().ok().and_then(|mut map| map.remove(text))
    }
}

/// Shows payloads in turn: `show` long with the code, then `gap` long without.
pub struct TimedSource {
    frames: Vec<image::GrayImage>,
    blank: image::GrayImage,
    payloads: Vec<String>,
    period: Duration,
    show: Duration,
    gap: Duration,
    started: Option<Instant>,
    seq: u64,
    stamped: Option<u128>,
    stamps: Stamps,
}

impl TimedSource {
    /// Renders each payload once at 1280×720; 30 frames a second, 300 ms shown, 700 ms gap.
    pub fn new(payloads: Vec<String>, stamps: Stamps) -> Self {
        let mut synth = SyntheticSource::new(payloads.clone()).with_size(1280, 720);
        let frames = payloads.iter().map(|p| synth.render(Some(p))).collect();
        let blank = synth.render(None);
        Self {
            frames,
            blank,
            payloads,
            period: Duration::from_millis(33),
            show: Duration::from_millis(300),
            gap: Duration::from_millis(700),
            started: None,
            seq: 0,
            stamped: None,
            stamps,
        }
    }

    /// Which payload is on show `elapsed` after the start, with the number of its showing;
    /// `None` between showings.
    pub fn showing(&self, elapsed: Duration) -> Option<(usize, u128)> {
        if self.payloads.is_empty() {
            return None;
        }
        let cycle = (self.show + self.gap).as_millis().max(1);
        let t = elapsed.as_millis();
        let n = t / cycle;
        (t % cycle < self.show.as_millis()).then(|| ((n % self.payloads.len() as u128) as usize, n))
    }
}

impl FrameSource for TimedSource {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        let start = *self.started.get_or_insert_with(Instant::now);
        std::thread::sleep(self.period);
        let now = Instant::now();
        let luma = match self.showing(now - start) {
            Some((i, showing)) => {
                if self.stamped != Some(showing) {
                    self.stamped = Some(showing);
                    self.stamps.put(&self.payloads[i], now);
                }
                self.frames[i].clone()
            }
            None => self.blank.clone(),
        };
        let mut frame = Frame::from_luma(luma, self.seq);
        frame.captured_at = now;
        self.seq += 1;
        Ok(frame)
    }

    fn describe(&self) -> String {
        format!("synthetic frames of {} payload(s)", self.payloads.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_shown_in_turn_with_gaps_and_first_frames_are_stamped() {
        let stamps = Stamps::default();
        let mut src =
            TimedSource::new(vec!["A-PAYLOAD".into(), "B-PAYLOAD".into()], stamps.clone());
        let ms = Duration::from_millis;
        assert_eq!(src.showing(ms(0)), Some((0, 0)));
        assert_eq!(src.showing(ms(299)), Some((0, 0)));
        assert_eq!(src.showing(ms(300)), None);
        assert_eq!(src.showing(ms(1000)), Some((1, 1)));
        assert_eq!(src.showing(ms(2100)), Some((0, 2)));
        let first = src.next_frame().unwrap();
        assert_eq!((first.width(), first.height()), (1280, 720));
        let stamped = stamps
            .take("A-PAYLOAD")
            .expect("the first showing is stamped");
        assert_eq!(stamped, first.captured_at);
        assert!(stamps.take("A-PAYLOAD").is_none(), "taken once");
        src.next_frame().unwrap();
        assert!(
            stamps.take("A-PAYLOAD").is_none(),
            "not again within one showing"
        );
    }
}
