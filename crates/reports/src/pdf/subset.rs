//! Shrinks a TrueType font to the glyphs a document uses, keeping every glyph's number and the
//! character map, so the text already laid out with the whole font stays right: the outlines of
//! unused glyphs are dropped from `glyf` (their `loca` entries become empty), the glyph names of
//! `post` go (format 3), and the tables a PDF viewer does not read for an embedded font
//! (substitution and positioning, kerning, device metrics, signatures) are left out. A receipt
//! then carries a few kilobytes of outlines instead of two whole fonts.

use std::collections::BTreeSet;

/// Tables a PDF viewer reads from an embedded TrueType font, kept as they are (`glyf`, `loca`,
/// `head`, `hmtx`, `name` and `post` are rewritten).
const KEPT: [&[u8; 4]; 8] = [
    b"cmap", b"cvt ", b"fpgm", b"gasp", b"hhea", b"maxp", b"OS/2", b"prep",
];

/// A `name` table with only the family, style, full and PostScript names of `old` (Windows,
/// Unicode, English), without the long licence and description texts.
fn short_names(old: &[u8]) -> Option<Vec<u8>> {
    let count = u16_at(old, 2)? as usize;
    let strings = u16_at(old, 4)? as usize;
    let mut kept: Vec<(u16, &[u8])> = Vec::new();
    for i in 0..count {
        let r = 6 + 12 * i;
        let (platform, encoding, language, id) = (
            u16_at(old, r)?,
            u16_at(old, r + 2)?,
            u16_at(old, r + 4)?,
            u16_at(old, r + 6)?,
        );
        let (length, offset) = (u16_at(old, r + 8)? as usize, u16_at(old, r + 10)? as usize);
        if platform == 3 && encoding == 1 && language == 0x409 && matches!(id, 1 | 2 | 4 | 6) {
            kept.push((id, old.get(strings + offset..strings + offset + length)?));
        }
    }
    let mut out = Vec::new();
    out.extend(0u16.to_be_bytes());
    out.extend((kept.len() as u16).to_be_bytes());
    out.extend(((6 + 12 * kept.len()) as u16).to_be_bytes());
    let mut offset = 0usize;
    for (id, s) in &kept {
        for v in [3u16, 1, 0x409, *id, s.len() as u16, offset as u16] {
            out.extend(v.to_be_bytes());
        }
        offset += s.len();
    }
    for (_, s) in &kept {
        out.extend_from_slice(s);
    }
    Some(out)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The glyphs a composite glyph is made of.
fn components(glyph: &[u8]) -> Vec<u16> {
    const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
    const WE_HAVE_A_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
    const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
    let mut out = Vec::new();
    if glyph.len() < 10 || (glyph[0] as i8) >= 0 {
        return out; // simple (or empty) glyph
    }
    let mut at = 10;
    while let (Some(flags), Some(index)) = (u16_at(glyph, at), u16_at(glyph, at + 2)) {
        out.push(index);
        at += 4;
        at += if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        if flags & WE_HAVE_A_SCALE != 0 {
            at += 2;
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            at += 4;
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            at += 8;
        }
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    out
}

/// `font` with only the glyphs `used` (and `.notdef`, and the parts of composite glyphs) keeping
/// their outlines; `None` when it is not a TrueType font this can read.
pub fn keep_glyphs(font: &[u8], used: &BTreeSet<u16>) -> Option<Vec<u8>> {
    if u32_at(font, 0)? != 0x0001_0000 {
        return None;
    }
    let count = u16_at(font, 4)? as usize;
    let mut tables: Vec<([u8; 4], &[u8])> = Vec::with_capacity(count);
    for i in 0..count {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let offset = u32_at(font, rec + 8)? as usize;
        let length = u32_at(font, rec + 12)? as usize;
        tables.push((tag, font.get(offset..offset.checked_add(length)?)?));
    }
    let table = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, d)| *d);
    let head = table(b"head")?;
    let glyf = table(b"glyf")?;
    let loca = table(b"loca")?;
    let glyphs = u16_at(table(b"maxp")?, 4)? as usize;
    let long = u16_at(head, 50)? == 1;
    let offset_of = |gid: usize| -> Option<usize> {
        if long {
            u32_at(loca, gid * 4).map(|o| o as usize)
        } else {
            u16_at(loca, gid * 2).map(|o| o as usize * 2)
        }
    };
    let glyph = |gid: usize| -> Option<&[u8]> { glyf.get(offset_of(gid)?..offset_of(gid + 1)?) };

    // The glyphs to keep: those used, .notdef, and every part of a composite, transitively.
    let mut keep: BTreeSet<u16> = used
        .iter()
        .copied()
        .filter(|g| (*g as usize) < glyphs)
        .collect();
    keep.insert(0);
    let mut todo: Vec<u16> = keep.iter().copied().collect();
    while let Some(g) = todo.pop() {
        for part in components(glyph(g as usize)?) {
            if (part as usize) < glyphs && keep.insert(part) {
                todo.push(part);
            }
        }
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((glyphs + 1) * 4);
    for gid in 0..glyphs {
        new_loca.extend((new_glyf.len() as u32).to_be_bytes());
        if keep.contains(&(gid as u16)) {
            new_glyf.extend_from_slice(glyph(gid)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend((new_glyf.len() as u32).to_be_bytes());
    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]); // checkSumAdjustment, set below
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes()); // long loca
    let mut new_post = table(b"post")?.get(..32)?.to_vec();
    new_post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    // The metrics of unused glyphs are zero (the PDF states every width it uses itself).
    let metrics = u16_at(table(b"hhea")?, 34)? as usize;
    let mut new_hmtx = table(b"hmtx")?.to_vec();
    for gid in 0..glyphs {
        if keep.contains(&(gid as u16)) {
            continue;
        }
        let at = if gid < metrics {
            gid * 4
        } else {
            metrics * 4 + (gid - metrics) * 2
        };
        let len = if gid < metrics { 4 } else { 2 };
        if let Some(entry) = new_hmtx.get_mut(at..at + len) {
            entry.fill(0);
        }
    }
    let new_name = short_names(table(b"name")?)?;

    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"glyf", new_glyf),
        (*b"head", new_head),
        (*b"hmtx", new_hmtx),
        (*b"loca", new_loca),
        (*b"name", new_name),
        (*b"post", new_post),
    ];
    for tag in KEPT {
        if let Some(data) = table(tag) {
            out_tables.push((*tag, data.to_vec()));
        }
    }
    out_tables.sort_by_key(|t| t.0);

    let n = out_tables.len();
    let mut power = 1usize;
    let mut log2 = 0u16;
    while power * 2 <= n {
        power *= 2;
        log2 += 1;
    }
    let mut out = Vec::new();
    out.extend(0x0001_0000u32.to_be_bytes());
    out.extend((n as u16).to_be_bytes());
    out.extend(((power * 16) as u16).to_be_bytes());
    out.extend(log2.to_be_bytes());
    out.extend(((n * 16 - power * 16) as u16).to_be_bytes());
    let mut offset = 12 + 16 * n;
    let mut head_at = 0;
    for (tag, data) in &out_tables {
        if tag == b"head" {
            head_at = offset;
        }
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &out_tables {
        out.extend(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(head_at + 8..head_at + 12)?
        .copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use printpdf::ParsedFont;

    static FONT: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");

    #[test]
    fn the_kept_glyphs_keep_their_numbers_outlines_and_widths_and_the_font_shrinks() {
        let full = ParsedFont::from_bytes(FONT, 0, &mut Vec::new()).unwrap();
        let text = "Dorixona №1 Oʻzbekiston Шоира Ўткирова 0123456789";
        let used: BTreeSet<u16> = text
            .chars()
            .filter_map(|c| full.lookup_glyph_index(c as u32))
            .collect();
        let small = keep_glyphs(FONT, &used).expect("a TrueType font");
        assert!(
            small.len() * 5 < FONT.len(),
            "{} of {}",
            small.len(),
            FONT.len()
        );
        let reparsed = ParsedFont::from_bytes(&small, 0, &mut Vec::new()).expect("still a font");
        for c in text.chars() {
            assert_eq!(
                reparsed.lookup_glyph_index(c as u32),
                full.lookup_glyph_index(c as u32),
                "{c}"
            );
        }
        assert_eq!(
            checksum(&small),
            0xB1B0_AFBA,
            "the whole-font checksum holds"
        );
    }

    #[test]
    fn anything_but_a_truetype_font_is_left_alone() {
        assert_eq!(keep_glyphs(b"%PDF-1.7", &BTreeSet::new()), None);
        assert_eq!(keep_glyphs(&FONT[..100], &BTreeSet::new()), None);
    }
}
