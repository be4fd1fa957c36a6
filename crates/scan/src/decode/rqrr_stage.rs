//! The rqrr QR decoder, called on a grayscale picture (rqrr's own threshold) or on a picture
//! already made binary by [`super::binarize_local_mean`]. Every call is panic-contained.

use super::{contain, DecodedCode, Format};
use image::GrayImage;
use rqrr::PreparedImage;

/// QR codes rqrr finds in `img` using its own threshold.
pub(crate) fn read_gray(img: &GrayImage) -> Vec<DecodedCode> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let raw = img.as_raw();
    contain(|| {
        let mut prepared = PreparedImage::prepare_from_greyscale(w, h, |x, y| raw[y * w + x]);
        collect(prepared.detect_grids())
    })
    .unwrap_or_default()
}

/// QR codes rqrr finds in a binary picture (1 = black, 0 = white).
pub(crate) fn read_binary(bin: &GrayImage) -> Vec<DecodedCode> {
    let (w, h) = (bin.width() as usize, bin.height() as usize);
    let raw = bin.as_raw();
    contain(|| {
        let mut prepared = PreparedImage::prepare_from_bitmap(w, h, |x, y| raw[y * w + x] != 0);
        collect(prepared.detect_grids())
    })
    .unwrap_or_default()
}

fn collect<G: rqrr::BitGrid>(grids: Vec<rqrr::Grid<G>>) -> Vec<DecodedCode> {
    let mut out: Vec<DecodedCode> = Vec::new();
    for grid in grids {
        // A grid that does not decode is only a candidate; skip it.
        if let Ok((_, text)) = grid.decode() {
            if out.iter().any(|c| c.text == text) {
                continue;
            }
            let b = grid.bounds;
            out.push(DecodedCode {
                text,
                format: Format::Qr,
                corners: [
                    [b[0].x as f32, b[0].y as f32],
                    [b[1].x as f32, b[1].y as f32],
                    [b[2].x as f32, b[2].y as f32],
                    [b[3].x as f32, b[3].y as f32],
                ],
            });
        }
    }
    out
}
