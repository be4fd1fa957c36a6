//! The zxing-cpp decoder (QR and Data Matrix), the fallback after rqrr and the only Data Matrix
//! reader. Text is read in plain mode, so GS1 FNC1 separators come through as GS.

use super::{contain, DecodedCode, Format};
use image::GrayImage;
use zxingcpp::{BarcodeFormat, BarcodeReader, ImageFormat, ImageView, TextMode};

/// A configured zxing-cpp reader.
pub(crate) struct Zxing {
    reader: BarcodeReader,
}

impl Zxing {
    /// A reader for the given formats (both when empty); `thorough` turns on zxing-cpp's
    /// slower search (rotations, inverted pictures, downscaled copies).
    pub(crate) fn new(formats: &[Format], thorough: bool) -> Self {
        let mut wanted: Vec<BarcodeFormat> = formats
            .iter()
            .map(|f| match f {
                Format::Qr => BarcodeFormat::QRCode,
                Format::DataMatrix => BarcodeFormat::DataMatrix,
            })
            .collect();
        if wanted.is_empty() {
            wanted = vec![BarcodeFormat::QRCode, BarcodeFormat::DataMatrix];
        }
        let reader = BarcodeReader::new()
            .formats(wanted)
            .text_mode(TextMode::Plain)
            .try_harder(thorough)
            .try_rotate(thorough)
            .try_invert(thorough)
            .try_downscale(thorough);
        Self { reader }
    }

    /// The codes found in `img`.
    pub(crate) fn read(&self, img: &GrayImage) -> Vec<DecodedCode> {
        let found = contain(|| {
            let view =
                ImageView::from_slice(img.as_raw(), img.width(), img.height(), ImageFormat::Lum)
                    .ok()?;
            let codes = self.reader.from(view).ok()?;
            Some(
                codes
                    .into_iter()
                    .filter(|c| c.is_valid())
                    .filter_map(|c| {
                        let format = match c.format() {
                            BarcodeFormat::DataMatrix => Format::DataMatrix,
                            BarcodeFormat::QRCode => Format::Qr,
                            _ => return None,
                        };
                        let p = c.position();
                        let pt = |q: zxingcpp::PointI| [q.x as f32, q.y as f32];
                        Some(DecodedCode {
                            text: c.text(),
                            format,
                            corners: [
                                pt(p.top_left),
                                pt(p.top_right),
                                pt(p.bottom_right),
                                pt(p.bottom_left),
                            ],
                        })
                    })
                    .collect::<Vec<_>>(),
            )
        });
        found.flatten().unwrap_or_default()
    }
}
