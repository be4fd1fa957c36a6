//! Preview pictures for the camera panel: the frame shrunk to a small width and encoded as
//! JPEG, at most a few times per second.

use crate::decode::downscale_half;
use image::GrayImage;
use std::io::Cursor;
use std::time::{Duration, Instant};

/// Decides when a preview is due and makes it.
pub struct Previewer {
    interval: Duration,
    max_width: u32,
    last: Option<Instant>,
}

impl Previewer {
    /// Previews at most once per `interval`, no wider than `max_width` pixels.
    pub fn new(interval: Duration, max_width: u32) -> Self {
        Self {
            interval,
            max_width: max_width.max(16),
            last: None,
        }
    }

    /// The JPEG bytes of `luma` if a preview is due at `now`.
    pub fn maybe(&mut self, luma: &GrayImage, now: Instant) -> Option<Vec<u8>> {
        if self
            .last
            .is_some_and(|l| now.saturating_duration_since(l) < self.interval)
        {
            return None;
        }
        self.last = Some(now);
        let mut small = std::borrow::Cow::Borrowed(luma);
        while small.width() > self.max_width {
            small = std::borrow::Cow::Owned(downscale_half(&small));
        }
        let mut out = Cursor::new(Vec::new());
        small.write_to(&mut out, image::ImageFormat::Jpeg).ok()?;
        Some(out.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_are_small_jpegs_and_rate_limited() {
        let t0 = Instant::now();
        let mut p = Previewer::new(Duration::from_millis(250), 320);
        let frame = GrayImage::new(1280, 720);
        let jpeg = p.maybe(&frame, t0).unwrap();
        assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
        let back = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (320, 180));
        assert!(p.maybe(&frame, t0 + Duration::from_millis(100)).is_none());
        assert!(p.maybe(&frame, t0 + Duration::from_millis(300)).is_some());
    }
}
