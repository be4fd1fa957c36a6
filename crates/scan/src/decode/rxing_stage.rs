//! rxing (the pure-Rust port of ZXing), built only with the `rxing` feature to compare it with
//! zxing-cpp in the benchmark. Calls are panic-contained.

use super::{contain, DecodedCode, Format};
use image::GrayImage;
use rxing::{BarcodeFormat, DecodeHints};
use std::collections::HashSet;

/// The QR and Data Matrix codes rxing finds in `img` (thorough search).
pub(crate) fn read(img: &GrayImage) -> Vec<DecodedCode> {
    let mut hints = DecodeHints {
        PossibleFormats: Some(HashSet::from([
            BarcodeFormat::QR_CODE,
            BarcodeFormat::DATA_MATRIX,
        ])),
        TryHarder: Some(true),
        ..Default::default()
    };
    let luma = img.as_raw().clone();
    let (w, h) = img.dimensions();
    let found =
        contain(|| rxing::helpers::detect_multiple_in_luma_with_hints(luma, w, h, &mut hints));
    let Some(Ok(results)) = found else {
        return Vec::new();
    };
    results
        .iter()
        .filter_map(|r| {
            let format = match r.getBarcodeFormat() {
                BarcodeFormat::QR_CODE => Format::Qr,
                BarcodeFormat::DATA_MATRIX => Format::DataMatrix,
                _ => return None,
            };
            let p = r.getPoints();
            let pt = |i: usize| p.get(i).map(|q| [q.x, q.y]).unwrap_or([0.0, 0.0]);
            Some(DecodedCode {
                text: r.getText().to_owned(),
                format,
                corners: [pt(0), pt(1), pt(2), pt(3)],
            })
        })
        .collect()
}
