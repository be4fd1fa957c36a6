//! One captured picture: its grayscale plane (what the decoders read), an optional colour copy
//! (for the preview), when it was captured and its sequence number within its source.

use image::{GrayImage, RgbImage};
use std::time::Instant;

/// A frame from a [`crate::FrameSource`].
#[derive(Debug, Clone)]
pub struct Frame {
    /// The grayscale plane, one byte per pixel.
    pub luma: GrayImage,
    /// The colour picture when the source has one.
    pub rgb: Option<RgbImage>,
    /// When the source produced the frame.
    pub captured_at: Instant,
    /// Position of the frame in its source's stream, counting from 0.
    pub seq: u64,
}

impl Frame {
    /// A frame from a grayscale picture.
    pub fn from_luma(luma: GrayImage, seq: u64) -> Self {
        Self {
            luma,
            rgb: None,
            captured_at: Instant::now(),
            seq,
        }
    }

    /// A frame from a colour picture; the grayscale plane is computed from it.
    pub fn from_rgb(rgb: RgbImage, seq: u64) -> Self {
        Self {
            luma: luma_of_rgb(&rgb),
            rgb: Some(rgb),
            captured_at: Instant::now(),
            seq,
        }
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.luma.width()
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.luma.height()
    }
}

/// ITU-R BT.601 luma of an RGB picture, in integer arithmetic.
pub fn luma_of_rgb(rgb: &RgbImage) -> GrayImage {
    let (w, h) = rgb.dimensions();
    let data: Vec<u8> = rgb
        .as_raw()
        .chunks_exact(3)
        .map(|p| ((77 * p[0] as u32 + 150 * p[1] as u32 + 29 * p[2] as u32) >> 8) as u8)
        .collect();
    GrayImage::from_raw(w, h, data).unwrap_or_else(|| GrayImage::new(w, h))
}

/// The luma plane of a packed YUYV (YUY2) buffer: every other byte. Returns `None` when the
/// buffer is shorter than `width × height × 2`.
pub fn luma_of_yuyv(buf: &[u8], width: u32, height: u32) -> Option<GrayImage> {
    let n = (width as usize).checked_mul(height as usize)?;
    if buf.len() < n.checked_mul(2)? {
        return None;
    }
    let data: Vec<u8> = buf.iter().step_by(2).take(n).copied().collect();
    GrayImage::from_raw(width, height, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuyv_luma_takes_every_other_byte() {
        let buf = [10, 128, 20, 128, 30, 128, 40, 128];
        let g = luma_of_yuyv(&buf, 2, 2).unwrap();
        assert_eq!(g.as_raw(), &vec![10, 20, 30, 40]);
        assert!(luma_of_yuyv(&buf[..7], 2, 2).is_none());
    }

    #[test]
    fn rgb_luma_is_white_for_white_and_black_for_black() {
        let mut rgb = RgbImage::new(2, 1);
        rgb.put_pixel(0, 0, image::Rgb([255, 255, 255]));
        let g = luma_of_rgb(&rgb);
        assert_eq!(g.get_pixel(0, 0).0[0], 255);
        assert_eq!(g.get_pixel(1, 0).0[0], 0);
    }
}
