//! Picture preparation for the decoders: fast 2× downscaling (pyramid levels), the negative,
//! resizing to a
//! longest side, and a local-mean adaptive threshold that copes with shadows, glare and
//! low contrast better than rqrr's own row-wise threshold.

use image::{imageops, GrayImage};
use std::borrow::Cow;

/// Halves both sides, averaging each 2×2 block. A side of 1 pixel stays 1.
pub fn downscale_half(src: &GrayImage) -> GrayImage {
    let (w, h) = src.dimensions();
    let (nw, nh) = ((w / 2).max(1), (h / 2).max(1));
    if w < 2 || h < 2 {
        return src.clone();
    }
    let s = src.as_raw();
    let stride = w as usize;
    let mut out = Vec::with_capacity(nw as usize * nh as usize);
    for y in 0..nh as usize {
        let r0 = &s[2 * y * stride..2 * y * stride + stride];
        let r1 = &s[(2 * y + 1) * stride..(2 * y + 1) * stride + stride];
        for x in 0..nw as usize {
            let sum =
                r0[2 * x] as u16 + r0[2 * x + 1] as u16 + r1[2 * x] as u16 + r1[2 * x + 1] as u16;
            out.push(((sum + 2) / 4) as u8);
        }
    }
    GrayImage::from_raw(nw, nh, out).unwrap_or_else(|| GrayImage::new(nw, nh))
}

/// The picture's negative: light codes on dark screens become dark codes on light ones.
pub fn invert(src: &GrayImage) -> GrayImage {
    let raw = src.as_raw().iter().map(|&p| 255 - p).collect();
    GrayImage::from_raw(src.width(), src.height(), raw).unwrap_or_else(|| src.clone())
}

/// `src` halved (by [`downscale_half`]) until its longest side is at most `max_dim`, and the
/// factor to multiply its coordinates by to get back to `src`'s pixels. A picture that fits
/// already is borrowed, not copied; one with a side of a single pixel cannot be halved and is
/// returned as it is.
pub fn halved_to_fit(src: &GrayImage, max_dim: u32) -> (Cow<'_, GrayImage>, f32) {
    let mut level = Cow::Borrowed(src);
    let mut factor = 1.0f32;
    while level.width().max(level.height()) > max_dim && level.width().min(level.height()) >= 2 {
        level = Cow::Owned(downscale_half(&level));
        factor *= 2.0;
    }
    (level, factor)
}

/// A third of each side, averaging each 3×3 block (zxing-cpp's own pyramid step). A side
/// shorter than 3 pixels stays as it is.
pub fn downscale_third(src: &GrayImage) -> GrayImage {
    let (w, h) = src.dimensions();
    if w < 3 || h < 3 {
        return src.clone();
    }
    let (nw, nh) = (w / 3, h / 3);
    let s = src.as_raw();
    let stride = w as usize;
    let mut out = Vec::with_capacity(nw as usize * nh as usize);
    for y in 0..nh as usize {
        let rows = [0, 1, 2].map(|k| &s[(3 * y + k) * stride..(3 * y + k + 1) * stride]);
        for x in 0..nw as usize {
            let sum: u16 = rows
                .iter()
                .map(|r| r[3 * x] as u16 + r[3 * x + 1] as u16 + r[3 * x + 2] as u16)
                .sum();
            out.push(((sum + 4) / 9) as u8);
        }
    }
    GrayImage::from_raw(nw, nh, out).unwrap_or_else(|| GrayImage::new(nw, nh))
}

/// Shrinks `src` so that its longest side is at most `max_dim` (never enlarges). Returns the
/// picture and the factor to multiply its coordinates by to get back to `src`'s pixels.
pub fn resize_to_max(src: &GrayImage, max_dim: u32) -> (GrayImage, f32) {
    let (w, h) = src.dimensions();
    let longest = w.max(h);
    if max_dim == 0 || longest <= max_dim {
        return (src.clone(), 1.0);
    }
    let f = max_dim as f64 / longest as f64;
    let nw = ((w as f64 * f).round() as u32).max(1);
    let nh = ((h as f64 * f).round() as u32).max(1);
    let out = imageops::resize(src, nw, nh, imageops::FilterType::Triangle);
    (out, w as f32 / nw as f32)
}

/// Adaptive threshold against the mean of a `window`×`window` neighbourhood (summed-area
/// table, so the cost does not depend on the window). A pixel is black when it is darker than
/// `(100 - bias_percent)`% of its local mean. The result is in rqrr's binary form: 1 = black,
/// 0 = white; `invert` swaps them (light codes on dark screens).
pub fn binarize_local_mean(
    src: &GrayImage,
    window: u32,
    bias_percent: u32,
    invert: bool,
) -> GrayImage {
    let (w, h) = src.dimensions();
    let (wu, hu) = (w as usize, h as usize);
    let s = src.as_raw();
    let iw = wu + 1;
    let mut integral = vec![0u32; iw * (hu + 1)];
    for y in 0..hu {
        let mut row = 0u32;
        for x in 0..wu {
            row += s[y * wu + x] as u32;
            integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1] + row;
        }
    }
    let r = (window.max(3) / 2) as usize;
    let keep = 100u32.saturating_sub(bias_percent.min(100));
    let mut out = vec![0u8; wu * hu];
    for y in 0..hu {
        let y0 = y.saturating_sub(r);
        let y1 = (y + r + 1).min(hu);
        for x in 0..wu {
            let x0 = x.saturating_sub(r);
            let x1 = (x + r + 1).min(wu);
            let area = ((y1 - y0) * (x1 - x0)) as u64;
            let sum = integral[y1 * iw + x1] as u64 + integral[y0 * iw + x0] as u64
                - integral[y0 * iw + x1] as u64
                - integral[y1 * iw + x0] as u64;
            let dark = (s[y * wu + x] as u64) * area * 100 < sum * keep as u64;
            out[y * wu + x] = u8::from(dark != invert);
        }
    }
    GrayImage::from_raw(w, h, out).unwrap_or_else(|| GrayImage::new(w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halving_averages_blocks() {
        let g = GrayImage::from_raw(4, 2, vec![0, 255, 10, 10, 255, 0, 10, 10]).unwrap();
        let h = downscale_half(&g);
        assert_eq!(h.dimensions(), (2, 1));
        assert_eq!(h.as_raw(), &vec![128, 10]);
    }

    #[test]
    fn halving_to_fit_stops_at_the_first_level_that_fits() {
        let g = GrayImage::new(1280, 960);
        let (level, factor) = halved_to_fit(&g, 800);
        assert_eq!((level.dimensions(), factor), ((640, 480), 2.0));
        let (same, one) = halved_to_fit(&g, 1280);
        assert!(matches!(same, Cow::Borrowed(_)));
        assert_eq!(one, 1.0);
        let line = GrayImage::new(1, 2000);
        assert_eq!(halved_to_fit(&line, 800).0.dimensions(), (1, 2000));
    }

    #[test]
    fn a_third_averages_three_by_three_blocks() {
        let g = GrayImage::from_fn(7, 3, |x, _| image::Luma([if x < 3 { 9 } else { 90 }]));
        let t = downscale_third(&g);
        assert_eq!(t.dimensions(), (2, 1));
        assert_eq!(t.as_raw(), &vec![9, 90]);
        let tiny = GrayImage::new(2, 5);
        assert_eq!(downscale_third(&tiny).dimensions(), (2, 5));
    }

    #[test]
    fn inverting_gives_the_negative() {
        let g = GrayImage::from_raw(3, 1, vec![0, 100, 255]).unwrap();
        assert_eq!(invert(&g).as_raw(), &vec![255, 155, 0]);
    }

    #[test]
    fn resizing_keeps_small_pictures_and_reports_the_factor() {
        let g = GrayImage::new(2000, 1000);
        let (r, f) = resize_to_max(&g, 1000);
        assert_eq!(r.dimensions(), (1000, 500));
        assert_eq!(f, 2.0);
        let (same, one) = resize_to_max(&r, 1280);
        assert_eq!(same.dimensions(), (1000, 500));
        assert_eq!(one, 1.0);
    }

    #[test]
    fn a_dark_square_on_a_gradient_is_black_and_the_gradient_white() {
        let mut g = GrayImage::from_fn(40, 40, |x, _| image::Luma([100 + (x * 2) as u8]));
        for y in 15..25 {
            for x in 15..25 {
                g.put_pixel(x, y, image::Luma([20]));
            }
        }
        let b = binarize_local_mean(&g, 21, 15, false);
        assert_eq!(b.get_pixel(20, 20).0[0], 1);
        assert_eq!(b.get_pixel(2, 2).0[0], 0);
        assert_eq!(b.get_pixel(38, 38).0[0], 0);
        let inv = binarize_local_mean(&g, 21, 15, true);
        assert_eq!(inv.get_pixel(20, 20).0[0], 0);
    }
}
