//! The decode pipelines: which decoders and picture preparations are tried on one picture, in
//! what order, and when to stop. Chosen by measurement (docs/decisions/0005-decode-pipeline.md):
//! - still pictures ([`Strategy::Full`]) are searched for every code: zxing-cpp for QR codes on
//!   the picture, its negative and a downscaled copy, then, with those codes painted out,
//!   zxing-cpp for Data Matrix codes, then rqrr only when nothing was found;
//! - the live scanner's fast lane ([`Strategy::Quick`]) stops at the first stage that finds a
//!   code: the region of the last hit, rqrr on a reduced picture, zxing-cpp's quick search.

use super::prep::{binarize_local_mean, halved_to_fit};
use super::rqrr_stage;
use super::stages::{self, Kinds, Look, Stage, Stages, RQRR_MAX_DIM};
use super::zxing_stage::Zxing;
use super::{DecodedCode, Format};
use image::{imageops, GrayImage};
use std::time::{Duration, Instant};

/// Which decoders a [`Decoder`] runs. Everything but [`Strategy::Full`], [`Strategy::Quick`]
/// and [`Strategy::Zxing`] (the live scanner's lanes) exists to measure the alternatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Every code in a still picture: the stages of [`FULL_STAGES`], none of which ends the
    /// search.
    Full,
    /// The pipeline before every code was looked for: region of the last hit, rqrr (reduced
    /// picture), zxing-cpp's thorough search, stopping at the first stage that finds a code.
    FirstHit,
    /// The fast lane of a live scanner: region of the last hit, rqrr on the reduced picture,
    /// then zxing-cpp without its slower search. The scanner runs [`Strategy::Zxing`] beside it
    /// on its own thread, so a frame without a code never holds up the next one.
    Quick,
    /// [`Strategy::Full`], then, while nothing is found, rqrr with the local-mean threshold and
    /// rqrr on the full-size picture.
    Thorough,
    /// rqrr alone on the picture as given.
    Rqrr,
    /// All rqrr passes (own threshold, local mean, inverted local mean) without the fallback.
    RqrrPasses,
    /// zxing-cpp alone with its thorough search.
    Zxing,
    /// One rqrr pass alone, to measure what each pass costs and adds.
    Pass(RqrrPass),
    /// A list of still-picture stages (`stages:Tq,Zm,?R`, or `mstages:…` to paint found codes
    /// out before each next stage; see [`Stages::parse`]), to measure orders and scales.
    Stages(Stages),
    /// rxing (pure-Rust port of ZXing) alone, for comparison.
    #[cfg(feature = "rxing")]
    Rxing,
}

impl Strategy {
    /// Parses the command-line spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "full" => Self::Full,
            "quick" => Self::Quick,
            "first-hit" => Self::FirstHit,
            "thorough" => Self::Thorough,
            "rqrr" => Self::Rqrr,
            "rqrr-passes" => Self::RqrrPasses,
            "zxing" => Self::Zxing,
            "pass:own" => Self::Pass(RqrrPass::Own),
            "pass:mean" => Self::Pass(RqrrPass::LocalMean),
            "pass:inverted" => Self::Pass(RqrrPass::Inverted),
            #[cfg(feature = "rxing")]
            "rxing" => Self::Rxing,
            _ => {
                if let Some(list) = s.strip_prefix("stages:") {
                    Self::Stages(Stages::parse(list, false)?)
                } else if let Some(list) = s.strip_prefix("mstages:") {
                    Self::Stages(Stages::parse(list, true)?)
                } else {
                    return None;
                }
            }
        })
    }
}

/// One way of running rqrr on the reduced picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RqrrPass {
    /// rqrr's own row-wise threshold.
    Own,
    /// The local-mean adaptive threshold.
    LocalMean,
    /// The local-mean threshold, inverted (light codes on dark screens).
    Inverted,
}

/// How long the region of the last hit is tried first.
const ROI_TTL: Duration = Duration::from_millis(1500);

/// Where the last code was, in the picture's pixels.
#[derive(Debug, Clone, Copy)]
struct LastHit {
    bbox: (f32, f32, f32, f32),
    dims: (u32, u32),
    at: Instant,
}

/// The decode pipeline, with state kept between frames (the region of the last hit).
pub struct Decoder {
    strategy: Strategy,
    qr: bool,
    fallback: Zxing,
    quick: Zxing,
    readers: stages::Readers,
    last_hit: Option<LastHit>,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new(Strategy::Full)
    }
}

impl Decoder {
    /// A decoder running `strategy`.
    pub fn new(strategy: Strategy) -> Self {
        Self {
            strategy,
            qr: true,
            fallback: Zxing::new(&[], true),
            quick: Zxing::new(&[], false),
            readers: stages::Readers::new(&[]),
            last_hit: None,
        }
    }

    /// Looks only for these formats (all when empty): e.g. only Data Matrix in the pack field,
    /// which skips rqrr (a QR reader) and narrows zxing-cpp's search.
    pub fn with_formats(mut self, formats: &[Format]) -> Self {
        self.qr = formats.is_empty() || formats.contains(&Format::Qr);
        self.fallback = Zxing::new(formats, true);
        self.quick = Zxing::new(formats, false);
        self.readers = stages::Readers::new(formats);
        self
    }

    /// Forgets the region of the last hit (e.g. when decoding unrelated still pictures).
    pub fn reset(&mut self) {
        self.last_hit = None;
    }

    /// All distinct codes found in `img`, corners in `img`'s pixels.
    pub fn decode(&mut self, img: &GrayImage) -> Vec<DecodedCode> {
        let found = match self.strategy {
            Strategy::Full => stages::run(&FULL_STAGES, &self.readers, img),
            Strategy::FirstHit => self.first_hit(img),
            Strategy::Quick => self.quick_stages(img),
            Strategy::Thorough => {
                let mut found = stages::run(&FULL_STAGES, &self.readers, img);
                if found.is_empty() && self.qr {
                    found = rqrr_passes(img, &[RqrrPass::LocalMean]);
                }
                if found.is_empty() && self.qr && img.width().max(img.height()) > RQRR_MAX_DIM {
                    found = rqrr_stage::read_gray(img);
                }
                found
            }
            Strategy::Rqrr => rqrr_stage::read_gray(img),
            Strategy::RqrrPasses => rqrr_passes(
                img,
                &[RqrrPass::Own, RqrrPass::LocalMean, RqrrPass::Inverted],
            ),
            Strategy::Pass(pass) => rqrr_passes(img, &[pass]),
            Strategy::Zxing => self.fallback.read(img),
            Strategy::Stages(stages) => stages::run(&stages, &self.readers, img),
            #[cfg(feature = "rxing")]
            Strategy::Rxing => super::rxing_stage::read(img),
        };
        if let Some(first) = found.first() {
            self.last_hit = Some(LastHit {
                bbox: first.bounding_box(),
                dims: img.dimensions(),
                at: Instant::now(),
            });
        }
        found
    }

    /// The cheap stages both pipelines start with: the region of the last hit, then rqrr on
    /// the reduced picture.
    fn cheap_stages(&mut self, img: &GrayImage) -> Vec<DecodedCode> {
        let roi = self.roi_hits(img);
        if !roi.is_empty() || !self.qr {
            return roi;
        }
        rqrr_passes(img, &RQRR_PASSES)
    }

    fn quick_stages(&mut self, img: &GrayImage) -> Vec<DecodedCode> {
        let found = self.cheap_stages(img);
        if !found.is_empty() {
            return found;
        }
        self.quick.read(img)
    }

    fn first_hit(&mut self, img: &GrayImage) -> Vec<DecodedCode> {
        let found = self.cheap_stages(img);
        if !found.is_empty() {
            return found;
        }
        self.fallback.read(img)
    }

    /// Codes in the neighbourhood of the last hit, if it is recent and the picture size is the
    /// same: a moving code is found again without searching the whole frame.
    fn roi_hits(&self, img: &GrayImage) -> Vec<DecodedCode> {
        let Some(hit) = self.last_hit else {
            return Vec::new();
        };
        if hit.dims != img.dimensions() || hit.at.elapsed() > ROI_TTL {
            return Vec::new();
        }
        let (x0, y0, x1, y1) = hit.bbox;
        let (mw, mh) = ((x1 - x0) * 0.5, (y1 - y0) * 0.5);
        let left = (x0 - mw).max(0.0) as u32;
        let top = (y0 - mh).max(0.0) as u32;
        let right = ((x1 + mw).max(0.0) as u32).min(img.width());
        let bottom = ((y1 + mh).max(0.0) as u32).min(img.height());
        if right <= left + 8 || bottom <= top + 8 {
            return Vec::new();
        }
        let crop = imageops::crop_imm(img, left, top, right - left, bottom - top).to_image();
        let (dx, dy) = (left as f32, top as f32);
        let mut found = if self.qr {
            rqrr_stage::read_gray(&crop)
        } else {
            Vec::new()
        };
        if found.is_empty() {
            found = self.quick.read(&crop);
        }
        found.into_iter().map(|c| c.mapped(1.0, dx, dy)).collect()
    }
}

/// The still-picture stages, in order, found codes painted out before each next stage:
/// zxing-cpp for QR codes (the picture and its negative from one binarization, then a copy a
/// third the size), zxing-cpp for Data Matrix codes in every direction, and rqrr (reduced
/// picture) only when nothing was found. Measured in docs/decisions/0005-decode-pipeline.md.
pub const FULL_STAGES: Stages = Stages::new(
    [
        Some(Stage {
            look: Look::ZxingThorough,
            kinds: Kinds::Qr,
            if_none: false,
        }),
        Some(Stage {
            look: Look::Zxing,
            kinds: Kinds::DataMatrix,
            if_none: false,
        }),
        Some(Stage {
            look: Look::Rqrr,
            kinds: Kinds::All,
            if_none: true,
        }),
        None,
        None,
        None,
    ],
    true,
);

/// The rqrr passes the fast lane runs before zxing-cpp. The local-mean pass
/// costs as much again and is only in [`Strategy::Thorough`]; the inverted pass found no code
/// that zxing-cpp (which tries inverted pictures itself) missed.
const RQRR_PASSES: [RqrrPass; 1] = [RqrrPass::Own];

/// rqrr passes on the picture halved until its longest side fits [`RQRR_MAX_DIM`], stopping at
/// the first that finds a code. Corners come back in `img`'s pixels.
fn rqrr_passes(img: &GrayImage, passes: &[RqrrPass]) -> Vec<DecodedCode> {
    let (level, factor) = halved_to_fit(img, RQRR_MAX_DIM);
    let window = (level.width().max(level.height()) / 10).max(15);
    for pass in passes {
        let found = match pass {
            RqrrPass::Own => rqrr_stage::read_gray(&level),
            RqrrPass::LocalMean => {
                rqrr_stage::read_binary(&binarize_local_mean(&level, window, 12, false))
            }
            RqrrPass::Inverted => {
                rqrr_stage::read_binary(&binarize_local_mean(&level, window, 12, true))
            }
        };
        if !found.is_empty() {
            return found
                .into_iter()
                .map(|c| c.mapped(factor, 0.0, 0.0))
                .collect();
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FrameSource, SyntheticSource};

    #[test]
    fn the_region_of_the_last_hit_is_searched_first_and_forgotten_on_reset() {
        let mut src = SyntheticSource::new(["ROI-TEST"]).with_size(800, 600);
        let frame = src.next_frame().unwrap().luma;
        let mut d = Decoder::new(Strategy::Quick);
        assert!(d.roi_hits(&frame).is_empty(), "no hit yet");
        let first = d.decode(&frame);
        assert_eq!(first.len(), 1);
        let again = d.roi_hits(&frame);
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].text, "ROI-TEST");
        // Corners found in the crop are mapped back to the whole frame.
        for (a, b) in first[0].corners.iter().zip(again[0].corners.iter()) {
            assert!(
                (a[0] - b[0]).abs() < 4.0 && (a[1] - b[1]).abs() < 4.0,
                "{first:?} {again:?}"
            );
        }
        let other_size = GrayImage::new(400, 300);
        assert!(d.roi_hits(&other_size).is_empty());
        d.reset();
        assert!(d.roi_hits(&frame).is_empty());
    }

    #[test]
    fn strategies_parse_from_their_command_line_names() {
        assert_eq!(Strategy::parse("full"), Some(Strategy::Full));
        assert_eq!(Strategy::parse("first-hit"), Some(Strategy::FirstHit));
        assert_eq!(
            Strategy::parse("mstages:Tq,Zm,?R"),
            Some(Strategy::Stages(FULL_STAGES))
        );
        let Some(Strategy::Stages(unmasked)) = Strategy::parse("stages:Tq,Zm,?R") else {
            panic!("stages: does not parse");
        };
        assert!(!unmasked.mask);
        assert!(unmasked.iter().eq(FULL_STAGES.iter()));
        assert_eq!(
            Strategy::parse("pass:mean"),
            Some(Strategy::Pass(RqrrPass::LocalMean))
        );
        assert_eq!(Strategy::parse("nonsense"), None);
    }
}
