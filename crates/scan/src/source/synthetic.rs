//! Synthetic frames for tests: each payload rendered as a QR code into a noisy frame at a
//! varying place and size, cycling through the payloads (with optional empty frames between).

use crate::{Frame, SourceError};
use image::{GrayImage, Luma};
use qrcode::{Color, QrCode};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Duration;

/// Renders payloads into frames.
pub struct SyntheticSource {
    payloads: Vec<String>,
    width: u32,
    height: u32,
    next: usize,
    seq: u64,
    blank_every: Option<u64>,
    interval: Option<Duration>,
    limit: Option<u64>,
    rng: StdRng,
}

impl SyntheticSource {
    /// Frames of 640×480 showing `payloads` in turn, forever; deterministic (fixed seed).
    pub fn new<S: Into<String>>(payloads: impl IntoIterator<Item = S>) -> Self {
        Self {
            payloads: payloads.into_iter().map(Into::into).collect(),
            width: 640,
            height: 480,
            next: 0,
            seq: 0,
            blank_every: None,
            interval: None,
            limit: None,
            rng: StdRng::seed_from_u64(0x5ca9),
        }
    }

    /// Frame size in pixels.
    pub fn with_size(mut self, width: u32, height: u32) -> Self {
        self.width = width.max(64);
        self.height = height.max(64);
        self
    }

    /// Every `n`-th frame shows no code.
    pub fn with_blank_every(mut self, n: u64) -> Self {
        self.blank_every = (n > 0).then_some(n);
        self
    }

    /// Waits this long before each frame, like a camera's frame period.
    pub fn with_interval(mut self, interval: Duration) -> Self {
        self.interval = Some(interval);
        self
    }

    /// Ends with [`SourceError::Exhausted`] after `n` frames.
    pub fn with_limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }

    /// One frame showing `payload` (or no code when `None`).
    pub fn render(&mut self, payload: Option<&str>) -> GrayImage {
        let (w, h) = (self.width, self.height);
        let base: i32 = self.rng.gen_range(90..170);
        let mut img = GrayImage::from_fn(w, h, |x, y| Luma([(base + ((x + y) % 7) as i32) as u8]));
        if let Some(text) = payload {
            if let Ok(code) = QrCode::new(text.as_bytes()) {
                let modules = code.width() as u32;
                let colors = code.to_colors();
                let total = modules + 8;
                let max_scale = (w.min(h) / total).max(1);
                let scale = self.rng.gen_range((max_scale / 2).max(1)..=max_scale);
                let side = total * scale;
                let left = self.rng.gen_range(0..=w.saturating_sub(side));
                let top = self.rng.gen_range(0..=h.saturating_sub(side));
                for y in 0..side.min(h) {
                    for x in 0..side.min(w) {
                        let (mx, my) = (x / scale, y / scale);
                        let dark = mx >= 4
                            && my >= 4
                            && mx < modules + 4
                            && my < modules + 4
                            && colors[((my - 4) * modules + (mx - 4)) as usize] == Color::Dark;
                        let v = if dark { 30 } else { 230 };
                        img.put_pixel(left + x, top + y, Luma([v]));
                    }
                }
            }
        }
        for p in img.pixels_mut() {
            let n: i32 = self.rng.gen_range(-12..=12);
            p.0[0] = (p.0[0] as i32 + n).clamp(0, 255) as u8;
        }
        img
    }
}

impl super::FrameSource for SyntheticSource {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        if self.limit.is_some_and(|n| self.seq >= n) {
            return Err(SourceError::Exhausted);
        }
        if let Some(d) = self.interval {
            std::thread::sleep(d);
        }
        let blank =
            self.payloads.is_empty() || self.blank_every.is_some_and(|n| self.seq % n == n - 1);
        let payload = if blank {
            None
        } else {
            let p = self.payloads[self.next % self.payloads.len()].clone();
            self.next += 1;
            Some(p)
        };
        let luma = self.render(payload.as_deref());
        let frame = Frame::from_luma(luma, self.seq);
        self.seq += 1;
        Ok(frame)
    }

    fn describe(&self) -> String {
        format!("synthetic frames of {} payload(s)", self.payloads.len())
    }
}
