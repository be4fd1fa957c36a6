//! The embedded fonts (DejaVu Sans regular and bold, from `assets/fonts/`, covering Uzbek
//! Latin with ʻ U+02BB, Uzbek Cyrillic and Russian) and text measuring with their advances.

use std::collections::HashMap;
use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::ReportError;

static REGULAR_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Characters below this are measured from a flat table (Latin, Cyrillic and ʻ all are).
const FAST: usize = 0x500;

/// A parsed face with its advance widths in em.
pub struct Face {
    pub parsed: ParsedFont,
    fast: Vec<f32>,
    other: HashMap<char, f32>,
}

impl Face {
    fn load(bytes: &[u8]) -> Result<Face, ReportError> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .ok_or_else(|| ReportError::Render(format!("the font cannot be read: {warnings:?}")))?;
        let upem = f32::from(parsed.units_per_em.max(1));
        let advance = |c: char| -> Option<f32> {
            let gid = parsed.lookup_glyph_index(c as u32)?;
            Some(f32::from(parsed.get_glyph_width(gid)?) / upem)
        };
        let fast = (0..FAST)
            .map(|c| char::from_u32(c as u32).and_then(advance).unwrap_or(0.0))
            .collect();
        let mut other = HashMap::new();
        for c in ['ʻ', '…', '—', '№', '–', '’', '‘', '«', '»'] {
            if let Some(w) = advance(c) {
                other.insert(c, w);
            }
        }
        let fallback = advance('?').unwrap_or(0.6);
        other.insert('\u{fffd}', fallback);
        Ok(Face {
            parsed,
            fast,
            other,
        })
    }

    /// Advance of one character, in em.
    pub fn advance(&self, c: char) -> f32 {
        let i = c as usize;
        if i < FAST {
            return self.fast[i];
        }
        match self.other.get(&c) {
            Some(w) => *w,
            None => self.other.get(&'\u{fffd}').copied().unwrap_or(0.6),
        }
    }

    /// Width of `text` at `size` points, in points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// `text` cut to fit `max` points at `size`, ending with `…` when cut.
    pub fn fit<'a>(&self, text: &'a str, size: f32, max: f32) -> std::borrow::Cow<'a, str> {
        if self.width(text, size) <= max {
            return std::borrow::Cow::Borrowed(text);
        }
        let budget = max - self.advance('…') * size;
        let mut used = 0.0;
        let mut out = String::new();
        for c in text.chars() {
            used += self.advance(c) * size;
            if used > budget {
                break;
            }
            out.push(c);
        }
        out.push('…');
        std::borrow::Cow::Owned(out)
    }
}

/// The two faces.
pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();

/// The faces, parsed once per process.
pub fn fonts() -> Result<&'static Fonts, ReportError> {
    FONTS
        .get_or_init(|| {
            Ok(Fonts {
                regular: Face::load(REGULAR_TTF).map_err(|e| e.to_string())?,
                bold: Face::load(BOLD_TTF).map_err(|e| e.to_string())?,
            })
        })
        .as_ref()
        .map_err(|e| ReportError::Render(e.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_have_glyphs_for_uzbek_and_russian_letters() {
        let f = fonts().unwrap();
        for c in "oʻgʻ ўқғҳ ЖЩЫЭЮЯ №".chars().filter(|c| *c != ' ') {
            assert!(
                f.regular.parsed.lookup_glyph_index(c as u32).is_some(),
                "no glyph for {c}"
            );
            assert!(f.regular.advance(c) > 0.0, "no width for {c}");
        }
    }

    #[test]
    fn text_that_does_not_fit_is_cut_with_an_ellipsis() {
        let f = &fonts().unwrap().regular;
        let cut = f.fit("Amoksitsillin klavulanat kislotasi bilan", 9.0, 60.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(f.width(&cut, 9.0) <= 60.0);
        assert_eq!(f.fit("Oʻzbek", 9.0, 200.0), "Oʻzbek");
    }
}
