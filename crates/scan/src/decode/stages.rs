//! Every code in a still picture: a list of decode stages run in order, each adding the codes
//! the earlier ones did not find. A stage that finds codes does not end the search; the codes
//! found so far are painted out of the picture the later stages see, so they look only at the
//! rest of the frame and do not spend time finding and decoding the same codes again.

use super::prep::{downscale_half, downscale_third, halved_to_fit, invert};
use super::rqrr_stage;
use super::zxing_stage::Zxing;
use super::{DecodedCode, Format};
use image::GrayImage;
use std::borrow::Cow;

/// Which copy of the picture a stage searches, and with what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// zxing-cpp's plain search (every row, every direction, no extra copies) on the whole
    /// picture.
    Zxing,
    /// zxing-cpp's quick search (every few rows) on the whole picture.
    ZxingQuick,
    /// zxing-cpp's plain search on the inverted picture: light codes on dark screens.
    ZxingInverted,
    /// zxing-cpp's plain search on the picture and on its negative, from one binarization.
    ZxingBothWays,
    /// zxing-cpp's plain search on the picture halved.
    ZxingHalf,
    /// zxing-cpp's plain search on the picture at a third of its size (zxing-cpp's own
    /// downscaled copy): codes too large or too blurred for the full-size search.
    ZxingThird,
    /// zxing-cpp's thorough search (inverted and downscaled copies) on the whole picture.
    ZxingThorough,
    /// rqrr, its own threshold, on the picture halved until its longest side is ≤ 800 px:
    /// QR codes on curved and moiré surfaces that zxing-cpp misses.
    Rqrr,
    /// rqrr on the picture halved until its longest side is ≤ 400 px.
    RqrrSmall,
}

/// Which symbologies a stage looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kinds {
    /// Every wanted format.
    All,
    /// QR codes only.
    Qr,
    /// Data Matrix only.
    DataMatrix,
}

/// One stage of the still-picture search: a look at one copy of the picture for some kinds
/// of code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    /// The copy and the reader.
    pub look: Look,
    /// The symbologies.
    pub kinds: Kinds,
    /// Runs only when the earlier stages found nothing.
    pub if_none: bool,
}

impl Stage {
    /// The spelling used on the command line: a letter for the look (`Z` plain, `Q` quick,
    /// `I` inverted, `H` half, `D` third, `T` thorough, `R` rqrr), then `q` for QR codes only
    /// or `m` for Data Matrix only; a leading `?` runs it only when nothing was found before.
    pub fn parse(token: &str) -> Option<Self> {
        let (if_none, token) = match token.strip_prefix('?') {
            Some(rest) => (true, rest),
            None => (false, token),
        };
        let mut chars = token.chars();
        let look = match chars.next()? {
            'Z' => Look::Zxing,
            'Q' => Look::ZxingQuick,
            'I' => Look::ZxingInverted,
            'H' => Look::ZxingHalf,
            'V' => Look::ZxingBothWays,
            'D' => Look::ZxingThird,
            'T' => Look::ZxingThorough,
            'R' => Look::Rqrr,
            'S' => Look::RqrrSmall,
            _ => return None,
        };
        let kinds = match chars.next() {
            None => Kinds::All,
            Some('q') => Kinds::Qr,
            Some('m') => Kinds::DataMatrix,
            Some(_) => return None,
        };
        if chars.next().is_some() {
            return None;
        }
        Some(Self {
            look,
            kinds,
            if_none,
        })
    }
}

/// At most this many stages in a list.
pub const MAX_STAGES: usize = 6;

/// An ordered list of stages, and whether found codes are painted out before the next stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stages {
    list: [Option<Stage>; MAX_STAGES],
    /// Paint found codes out of the picture the later stages see.
    pub mask: bool,
}

impl Stages {
    /// The stages in this order.
    pub const fn new(list: [Option<Stage>; MAX_STAGES], mask: bool) -> Self {
        Self { list, mask }
    }

    /// Parses `Z,Iq,R…` (stages separated by commas, see [`Stage::parse`]).
    pub fn parse(tokens: &str, mask: bool) -> Option<Self> {
        let mut list = [None; MAX_STAGES];
        let mut n = 0;
        for token in tokens.split(',') {
            if n == MAX_STAGES {
                return None;
            }
            list[n] = Some(Stage::parse(token)?);
            n += 1;
        }
        (n > 0).then_some(Self { list, mask })
    }

    /// The stages, in order.
    pub fn iter(&self) -> impl Iterator<Item = Stage> + '_ {
        self.list.iter().flatten().copied()
    }
}

/// The readers the stages use, for the formats the decoder wants.
pub(crate) struct Readers {
    /// zxing-cpp's plain search: every wanted format, QR only, Data Matrix only (`None` when
    /// that format is not wanted).
    plain: [Option<Zxing>; 3],
    /// zxing-cpp's plain search on the picture and its negative, the same three ways.
    both_ways: [Option<Zxing>; 3],
    /// zxing-cpp's quick search, the same three ways.
    quick: [Option<Zxing>; 3],
    /// zxing-cpp's thorough search, the same three ways.
    thorough: [Option<Zxing>; 3],
    /// Whether QR codes are wanted (rqrr reads nothing else).
    qr: bool,
}

impl Readers {
    /// Readers for `formats` (all when empty).
    pub(crate) fn new(formats: &[Format]) -> Self {
        let all = formats.is_empty();
        let qr = all || formats.contains(&Format::Qr);
        let dm = all || formats.contains(&Format::DataMatrix);
        let three = |make: fn(&[Format]) -> Zxing| {
            [
                Some(make(formats)),
                qr.then(|| make(&[Format::Qr])),
                dm.then(|| make(&[Format::DataMatrix])),
            ]
        };
        Self {
            plain: three(Zxing::plain),
            both_ways: three(Zxing::both_ways),
            quick: three(|f| Zxing::new(f, false)),
            thorough: three(|f| Zxing::new(f, true)),
            qr,
        }
    }
}

/// zxing-cpp's reading of `small`, a copy of a picture `factor` times smaller, with corners in
/// the picture's pixels.
fn read_scaled(reader: &Zxing, small: &GrayImage, factor: f32) -> Vec<DecodedCode> {
    reader
        .read(small)
        .into_iter()
        .map(|c| c.mapped(factor, 0.0, 0.0))
        .collect()
}

/// Runs `stages` on `img` and returns every distinct code found, corners in `img`'s pixels.
pub(crate) fn run(stages: &Stages, readers: &Readers, img: &GrayImage) -> Vec<DecodedCode> {
    let mut found: Vec<DecodedCode> = Vec::new();
    let mut view: Cow<'_, GrayImage> = Cow::Borrowed(img);
    let mut painted = 0;
    for stage in stages.iter() {
        if stage.if_none && !found.is_empty() {
            continue;
        }
        if stages.mask && painted < found.len() {
            paint_out(view.to_mut(), &found[painted..]);
            painted = found.len();
        }
        let k = match stage.kinds {
            Kinds::All => 0,
            Kinds::Qr => 1,
            Kinds::DataMatrix => 2,
        };
        let (plain, quick, thorough) = (&readers.plain[k], &readers.quick[k], &readers.thorough[k]);
        let new = match (stage.look, plain) {
            (Look::Rqrr, _) if readers.qr && stage.kinds != Kinds::DataMatrix => {
                rqrr_reduced(&view, RQRR_MAX_DIM)
            }
            (Look::RqrrSmall, _) if readers.qr && stage.kinds != Kinds::DataMatrix => {
                rqrr_reduced(&view, 400)
            }
            (Look::Rqrr | Look::RqrrSmall, _) | (_, None) => Vec::new(),
            (Look::Zxing, Some(z)) => z.read(&view),
            (Look::ZxingBothWays, _) => readers.both_ways[k]
                .as_ref()
                .map(|z| z.read(&view))
                .unwrap_or_default(),
            (Look::ZxingQuick, _) => quick.as_ref().map(|z| z.read(&view)).unwrap_or_default(),
            (Look::ZxingThorough, _) => {
                thorough.as_ref().map(|z| z.read(&view)).unwrap_or_default()
            }
            (Look::ZxingInverted, Some(z)) => z.read(&invert(&view)),
            (Look::ZxingHalf, Some(z)) => {
                let half = downscale_half(&view);
                read_scaled(z, &half, view.width() as f32 / half.width().max(1) as f32)
            }
            (Look::ZxingThird, Some(z)) => {
                let third = downscale_third(&view);
                read_scaled(z, &third, view.width() as f32 / third.width().max(1) as f32)
            }
        };
        for code in new {
            if !found
                .iter()
                .any(|c| c.text == code.text && c.format == code.format)
            {
                found.push(code);
            }
        }
    }
    found
}

/// The longest side rqrr works at; larger pictures are halved until they fit.
pub(crate) const RQRR_MAX_DIM: u32 = 800;

/// rqrr (own threshold) on `img` halved until its longest side is at most [`RQRR_MAX_DIM`];
/// every QR code it reads, corners in `img`'s pixels.
pub(crate) fn rqrr_reduced(img: &GrayImage, max_dim: u32) -> Vec<DecodedCode> {
    let (level, factor) = halved_to_fit(img, max_dim);
    rqrr_stage::read_gray(&level)
        .into_iter()
        .map(|c| c.mapped(factor, 0.0, 0.0))
        .collect()
}

/// Paints each code's quadrilateral, grown by a quiet-zone margin, in one flat grey (the mean
/// of the picture), so later stages find no edges, finder patterns or timing lines there.
pub(crate) fn paint_out(img: &mut GrayImage, codes: &[DecodedCode]) {
    if codes.is_empty() {
        return;
    }
    let raw = img.as_raw();
    let mean = (raw.iter().map(|&p| p as u64).sum::<u64>() / raw.len().max(1) as u64) as u8;
    let (w, h) = img.dimensions();
    for code in codes {
        let quad = grown(
            &code.corners,
            if code.format == Format::Qr { 0.2 } else { 0.15 },
        );
        let (x0, y0, x1, y1) = bounds(&quad, w, h);
        for y in y0..y1 {
            for x in x0..x1 {
                if inside(&quad, x as f32 + 0.5, y as f32 + 0.5) {
                    img.put_pixel(x, y, image::Luma([mean]));
                }
            }
        }
    }
}

/// The quadrilateral grown about its centre by `margin` of its size on each side.
fn grown(q: &[[f32; 2]; 4], margin: f32) -> [[f32; 2]; 4] {
    let cx = q.iter().map(|p| p[0]).sum::<f32>() / 4.0;
    let cy = q.iter().map(|p| p[1]).sum::<f32>() / 4.0;
    let k = 1.0 + 2.0 * margin;
    q.map(|p| [cx + (p[0] - cx) * k, cy + (p[1] - cy) * k])
}

/// The pixel rows and columns the quadrilateral covers, clipped to the picture.
fn bounds(q: &[[f32; 2]; 4], w: u32, h: u32) -> (u32, u32, u32, u32) {
    let clip = |v: f32, max: u32| (v.max(0.0) as u32).min(max);
    let xs = q.iter().map(|p| p[0]);
    let ys = q.iter().map(|p| p[1]);
    (
        clip(xs.clone().fold(f32::INFINITY, f32::min).floor(), w),
        clip(ys.clone().fold(f32::INFINITY, f32::min).floor(), h),
        clip(xs.fold(f32::NEG_INFINITY, f32::max).ceil() + 1.0, w),
        clip(ys.fold(f32::NEG_INFINITY, f32::max).ceil() + 1.0, h),
    )
}

/// Whether `(x, y)` lies inside the convex quadrilateral, whichever way round it is wound.
fn inside(q: &[[f32; 2]; 4], x: f32, y: f32) -> bool {
    let mut sign = 0.0f32;
    for i in 0..4 {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        let cross = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
        if cross != 0.0 {
            if sign != 0.0 && cross.signum() != sign {
                return false;
            }
            sign = cross.signum();
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(corners: [[f32; 2]; 4]) -> DecodedCode {
        DecodedCode {
            text: "x".into(),
            format: Format::Qr,
            corners,
        }
    }

    #[test]
    fn stage_lists_parse_token_by_token_and_refuse_the_unknown() {
        let s = Stages::parse("Z,?R,Iq", true).unwrap();
        let stage = |look, kinds, if_none| Stage {
            look,
            kinds,
            if_none,
        };
        assert_eq!(
            s.iter().collect::<Vec<_>>(),
            [
                stage(Look::Zxing, Kinds::All, false),
                stage(Look::Rqrr, Kinds::All, true),
                stage(Look::ZxingInverted, Kinds::Qr, false)
            ]
        );
        assert!(s.mask);
        assert_eq!(Stages::parse("Z,X", false), None);
        assert_eq!(Stages::parse("Zx", false), None);
        assert_eq!(Stages::parse("Zqm", false), None);
        assert_eq!(Stages::parse("", false), None);
        assert_eq!(Stages::parse("Z,Z,Z,Z,Z,Z,Z", false), None);
    }

    #[test]
    fn painting_out_fills_a_rotated_code_and_its_margin_and_nothing_far_away() {
        let mut img = GrayImage::from_fn(100, 100, |x, _| {
            image::Luma([if x % 2 == 0 { 0 } else { 200 }])
        });
        // A diamond around (50, 50), wound either way.
        let diamond = [[50.0, 30.0], [70.0, 50.0], [50.0, 70.0], [30.0, 50.0]];
        let mut reversed = diamond;
        reversed.reverse();
        for q in [diamond, reversed] {
            let mut copy = img.clone();
            paint_out(&mut copy, &[code(q)]);
            let centre = copy.get_pixel(50, 50).0[0];
            assert_eq!(centre, copy.get_pixel(51, 50).0[0], "flat inside");
            assert_eq!(centre, copy.get_pixel(50, 72).0[0], "flat in the margin");
            assert_eq!(
                copy.get_pixel(5, 5),
                img.get_pixel(5, 5),
                "untouched far away"
            );
            assert_eq!(
                copy.get_pixel(30, 30),
                img.get_pixel(30, 30),
                "the diamond's corner box is not filled"
            );
        }
        paint_out(&mut img, &[]);
        assert_eq!(img.get_pixel(50, 50).0[0], 0);
    }
}
