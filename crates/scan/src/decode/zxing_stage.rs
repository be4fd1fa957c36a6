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
        Self::with(formats, thorough, thorough, thorough)
    }

    /// A reader for the given formats with zxing-cpp's every-row search (`try_harder`) and its
    /// search in every direction (`try_rotate`, which the Data Matrix detector uses) but no
    /// extra copies of the picture (inverted, downscaled): the still-picture stages make those
    /// copies themselves, in the order measured.
    pub(crate) fn plain(formats: &[Format]) -> Self {
        Self::with(formats, true, true, false)
    }

    /// [`Zxing::plain`] that also reads the picture's negative, from the same binarization.
    pub(crate) fn both_ways(formats: &[Format]) -> Self {
        let mut z = Self::plain(formats);
        z.reader = z.reader.try_invert(true);
        z
    }

    fn with(formats: &[Format], harder: bool, rotate: bool, copies: bool) -> Self {
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
            .try_harder(harder)
            .try_rotate(rotate)
            .try_invert(copies)
            .try_downscale(copies);
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
