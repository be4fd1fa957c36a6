//! Decoding: what a decoded code is, the [`CodeDecoder`] seam the scanner calls, and the
//! measured pipeline ([`Decoder`]) that tries rqrr first and zxing-cpp as the fallback.

mod guard;
mod pipeline;
mod prep;
mod rqrr_stage;
#[cfg(feature = "rxing")]
mod rxing_stage;
mod stages;
mod zxing_stage;

pub use guard::contain;
pub use pipeline::{Decoder, RqrrPass, Strategy};
pub use prep::{binarize_local_mean, downscale_half, downscale_third, invert, resize_to_max};
pub use stages::{Kinds, Look, Stage, Stages};

use dmed_api::{LookupKey, PackCode};
use serde::Serialize;

/// The symbology a code was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Format {
    /// QR code (prescriptions).
    #[serde(rename = "qr")]
    Qr,
    /// Data Matrix (pack marking codes, GS1 with FNC1 sent as GS).
    #[serde(rename = "datamatrix")]
    DataMatrix,
}

impl Format {
    /// Parses the spelling used in the JSON output (`qr`, `datamatrix`).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "qr" => Some(Format::Qr),
            "datamatrix" => Some(Format::DataMatrix),
            _ => None,
        }
    }
}

/// One code found in a picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecodedCode {
    /// The decoded text; GS1 FNC1 separators appear as GS (`\u{1d}`).
    pub text: String,
    /// The symbology.
    pub format: Format,
    /// The four corners in the decoded picture's pixels: top-left, top-right, bottom-right,
    /// bottom-left of the code as it reads.
    pub corners: [[f32; 2]; 4],
}

impl DecodedCode {
    /// The code read as a counter lookup (a DMED prescription QR payload), if it is one.
    pub fn lookup_key(&self) -> Option<LookupKey> {
        LookupKey::parse(&self.text).ok()
    }

    /// The code read as a pack marking code (GS1 Data Matrix), if it is one.
    pub fn pack_code(&self) -> Option<PackCode> {
        PackCode::parse(&self.text).ok()
    }

    /// The axis-aligned box around the corners: `(min_x, min_y, max_x, max_y)`.
    pub fn bounding_box(&self) -> (f32, f32, f32, f32) {
        let xs = self.corners.iter().map(|c| c[0]);
        let ys = self.corners.iter().map(|c| c[1]);
        (
            xs.clone().fold(f32::INFINITY, f32::min),
            ys.clone().fold(f32::INFINITY, f32::min),
            xs.fold(f32::NEG_INFINITY, f32::max),
            ys.fold(f32::NEG_INFINITY, f32::max),
        )
    }

    /// The same code with its corners scaled by `factor` and moved by `(dx, dy)`.
    pub fn mapped(mut self, factor: f32, dx: f32, dy: f32) -> Self {
        for c in &mut self.corners {
            c[0] = c[0] * factor + dx;
            c[1] = c[1] * factor + dy;
        }
        self
    }
}

/// Something that finds codes in a grayscale picture. The scanner thread owns one and calls
/// it once per frame; implementations may keep state between frames (e.g. where the last code
/// was).
pub trait CodeDecoder {
    /// All distinct codes found in `luma`.
    fn decode(&mut self, luma: &image::GrayImage) -> Vec<DecodedCode>;
}

impl CodeDecoder for Decoder {
    fn decode(&mut self, luma: &image::GrayImage) -> Vec<DecodedCode> {
        Decoder::decode(self, luma)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_parses_what_it_serialises_to() {
        for f in [Format::Qr, Format::DataMatrix] {
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(Format::parse(json.trim_matches('"')), Some(f));
        }
        assert_eq!(Format::parse("pdf417"), None);
    }

    #[test]
    fn format_serialises_as_the_cli_spells_it() {
        assert_eq!(serde_json::to_string(&Format::Qr).unwrap(), "\"qr\"");
        assert_eq!(
            serde_json::to_string(&Format::DataMatrix).unwrap(),
            "\"datamatrix\""
        );
    }

    #[test]
    fn a_dmed_payload_reads_as_a_lookup_and_a_gs1_code_as_a_pack() {
        let rx = dmed_api::RxNumber::from_body("AB12CD34EF5").unwrap();
        let qr = DecodedCode {
            text: format!("DMEDRX:1:{}:0420", rx.as_str()),
            format: Format::Qr,
            corners: [[0.0; 2]; 4],
        };
        assert!(matches!(qr.lookup_key(), Some(LookupKey::Number { .. })));
        assert!(qr.pack_code().is_none());
        let dm = DecodedCode {
            text: "0104601234567893215Ab1c2D3eF4g\u{1d}91EE06".into(),
            format: Format::DataMatrix,
            corners: [[0.0; 2]; 4],
        };
        assert_eq!(dm.pack_code().unwrap().serial, "5Ab1c2D3eF4g");
    }

    #[test]
    fn mapping_scales_then_moves_the_corners() {
        let c = DecodedCode {
            text: String::new(),
            format: Format::Qr,
            corners: [[1.0, 2.0], [3.0, 2.0], [3.0, 4.0], [1.0, 4.0]],
        }
        .mapped(2.0, 10.0, 20.0);
        assert_eq!(c.corners[0], [12.0, 24.0]);
        assert_eq!(c.bounding_box(), (12.0, 24.0, 16.0, 28.0));
    }
}
