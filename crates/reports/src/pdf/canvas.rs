//! A small page builder over printpdf: pages of operations with a cursor, text runs in the
//! embedded fonts, lines and filled rectangles, and "page / pages" numbers stamped at the end.

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb, TextItem, TextMatrix, WindingOrder,
};

use super::fonts::{fonts, Face, Fonts};
use crate::ReportError;

/// Which face a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// Horizontal alignment of a run inside its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// An RGB colour from 0–255 components.
pub fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color::Rgb(Rgb {
        r: f32::from(r) / 255.0,
        g: f32::from(g) / 255.0,
        b: f32::from(b) / 255.0,
        icc_profile: None,
    })
}

/// Pages being built. Coordinates are points from the bottom-left corner.
pub struct Canvas {
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    /// The cursor: the top of the free space on the current page.
    pub y: f32,
    pub fonts: &'static Fonts,
    doc: PdfDocument,
    regular: FontId,
    bold: FontId,
    pages: Vec<Vec<Op>>,
    footer: Option<String>,
    /// The text object left open for the next run with the same face and size.
    open_text: Option<(Weight, f32)>,
    /// The characters written in each face (regular, bold): only their glyphs are embedded.
    used: [Chars; 2],
}

/// A set of characters, cheap to add to: a bit per character of the Basic Multilingual Plane
/// (a report writes millions), a sorted set for the rest.
#[derive(Debug, Clone)]
struct Chars {
    bmp: Vec<u64>,
    rest: std::collections::BTreeSet<char>,
}

impl Default for Chars {
    fn default() -> Self {
        Chars {
            bmp: vec![0; 0x10000 / 64],
            rest: Default::default(),
        }
    }
}

impl Chars {
    fn add(&mut self, text: &str) {
        for c in text.chars() {
            let u = c as usize;
            match self.bmp.get_mut(u / 64) {
                Some(word) => *word |= 1 << (u % 64),
                None => {
                    self.rest.insert(c);
                }
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = char> + '_ {
        let bmp = self.bmp.iter().enumerate().flat_map(|(w, bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .filter_map(move |b| char::from_u32((w * 64 + b) as u32))
        });
        bmp.chain(self.rest.iter().copied())
    }
}

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

impl Canvas {
    /// A document titled `title` with pages of `width` × `height` points.
    pub fn new(title: &str, width: f32, height: f32, margin: f32) -> Result<Canvas, ReportError> {
        let fonts = fonts()?;
        let mut doc = PdfDocument::new(title);
        let regular = doc.add_font(&fonts.regular.parsed);
        let bold = doc.add_font(&fonts.bold.parsed);
        Ok(Canvas {
            width,
            height,
            margin,
            y: height - margin,
            fonts,
            doc,
            regular,
            bold,
            pages: vec![Vec::new()],
            footer: None,
            open_text: None,
            used: Default::default(),
        })
    }

    /// Text stamped at the bottom left of every page, beside the page number.
    pub fn set_footer(&mut self, text: String) {
        self.footer = Some(text);
    }

    /// The face of a weight.
    pub fn face(&self, weight: Weight) -> &'static Face {
        match weight {
            Weight::Regular => &self.fonts.regular,
            Weight::Bold => &self.fonts.bold,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page and puts the cursor at its top.
    pub fn new_page(&mut self) {
        self.end_text();
        self.pages.push(Vec::new());
        self.y = self.height - self.margin;
    }

    /// The lowest y content may reach (above the footer).
    pub fn bottom(&self) -> f32 {
        self.margin + 14.0
    }

    /// Starts a new page unless `needed` points remain below the cursor.
    pub fn ensure(&mut self, needed: f32) -> bool {
        if self.y - needed < self.bottom() {
            self.new_page();
            true
        } else {
            false
        }
    }

    fn font(&self, weight: Weight) -> PdfFontHandle {
        PdfFontHandle::External(match weight {
            Weight::Regular => self.regular.clone(),
            Weight::Bold => self.bold.clone(),
        })
    }

    /// Opens a text object with this face and size, or keeps the open one: consecutive runs
    /// share one text object, which keeps long tables small.
    fn begin_text(&mut self, weight: Weight, size: f32) {
        if self.open_text == Some((weight, size)) {
            return;
        }
        self.end_text();
        let font = self.font(weight);
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFont {
                font,
                size: Pt(size),
            },
        ]);
        self.open_text = Some((weight, size));
    }

    /// Closes the open text object, if any (before drawing shapes).
    fn end_text(&mut self) {
        if self.open_text.take().is_some() {
            self.ops().push(Op::EndTextSection);
        }
    }

    fn show(&mut self, x: f32, y: f32, size: f32, weight: Weight, items: Vec<TextItem>) {
        let used = &mut self.used[weight as usize];
        for item in &items {
            if let TextItem::Text(t) = item {
                used.add(t);
            }
        }
        self.begin_text(weight, size);
        self.ops().extend([
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            },
            Op::ShowText { items },
        ]);
    }

    /// One run of text with its baseline at `(x, y)`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, weight: Weight, text: &str) {
        if text.is_empty() {
            return;
        }
        self.show(x, y, size, weight, vec![TextItem::Text(text.to_owned())]);
    }

    /// A row of cells in one text run: `cells` are `(left, width, align, text)`, each cut to
    /// its width.
    pub fn text_row(
        &mut self,
        y: f32,
        size: f32,
        weight: Weight,
        cells: &[(f32, f32, Align, &str)],
    ) {
        let face = self.face(weight);
        let mut items = Vec::with_capacity(cells.len() * 2);
        let mut pen: Option<f32> = None;
        let mut start = 0.0;
        for (left, width, align, text) in cells {
            if text.is_empty() {
                continue;
            }
            let fitted = face.fit(text, size, *width);
            let w = face.width(&fitted, size);
            let x = match align {
                Align::Left => *left,
                Align::Right => left + width - w,
            };
            match pen {
                None => start = x,
                Some(p) => items.push(TextItem::Offset(-(x - p) * 1000.0 / size)),
            }
            items.push(TextItem::Text(fitted.into_owned()));
            pen = Some(x + w);
        }
        if items.is_empty() {
            return;
        }
        self.show(start, y, size, weight, items);
    }

    /// Sets the colour of fills and text.
    pub fn fill_color(&mut self, color: Color) {
        self.end_text();
        self.ops().push(Op::SetFillColor { col: color });
    }

    /// A straight line.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, color: Color) {
        self.end_text();
        self.ops().extend([
            Op::SetOutlineColor { col: color },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![point(x1, y1), point(x2, y2)],
                    is_closed: false,
                },
            },
        ]);
    }

    /// A filled rectangle with its lower-left corner at `(x, y)`.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Color) {
        self.end_text();
        self.ops().extend([
            Op::SetFillColor { col: color },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing {
                        points: vec![
                            point(x, y),
                            point(x + w, y),
                            point(x + w, y + h),
                            point(x, y + h),
                        ],
                    }],
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
            Op::SetFillColor { col: rgb(0, 0, 0) },
        ]);
    }

    /// How many pages there are so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Stamps "page / pages" (and the footer) on every page and serialises the document.
    pub fn finish(self, page_label: &str) -> Result<Vec<u8>, ReportError> {
        self.finish_with(Some(page_label))
    }

    /// Serialises the document without page numbers (single-page documents such as receipts).
    pub fn finish_plain(self) -> Result<Vec<u8>, ReportError> {
        self.finish_with(None)
    }

    fn finish_with(mut self, page_label: Option<&str>) -> Result<Vec<u8>, ReportError> {
        self.end_text();
        let total = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        let mut out = Vec::with_capacity(total);
        let (width, height, margin) = (self.width, self.height, self.margin);
        for (i, ops) in pages.into_iter().enumerate() {
            self.pages = vec![ops];
            let Some(page_label) = page_label else {
                let ops = std::mem::take(&mut self.pages).pop().unwrap_or_default();
                out.push(PdfPage::new(
                    Mm(width * 25.4 / 72.0),
                    Mm(height * 25.4 / 72.0),
                    ops,
                ));
                continue;
            };
            let number = format!("{page_label} {} / {total}", i + 1);
            let w = self.fonts.regular.width(&number, 8.0);
            self.fill_color(rgb(90, 90, 90));
            self.text(width - margin - w, margin, 8.0, Weight::Regular, &number);
            if let Some(footer) = self.footer.clone() {
                let max = width - 2.0 * margin - w - 12.0;
                let fitted = self.fonts.regular.fit(&footer, 8.0, max).into_owned();
                self.text(margin, margin, 8.0, Weight::Regular, &fitted);
            }
            self.fill_color(rgb(0, 0, 0));
            self.end_text();
            let ops = std::mem::take(&mut self.pages).pop().unwrap_or_default();
            out.push(PdfPage::new(
                Mm(width * 25.4 / 72.0),
                Mm(height * 25.4 / 72.0),
                ops,
            ));
        }
        self.embed_used_glyphs();
        let mut warnings = Vec::new();
        Ok(self
            .doc
            .with_pages(out)
            .save(&PdfSaveOptions::default(), &mut warnings))
    }

    /// Replaces each face's embedded font program by one holding only the glyphs written
    /// ([`super::subset`]); a face it cannot shrink is embedded whole.
    fn embed_used_glyphs(&mut self) {
        for (weight, id) in [
            (Weight::Regular, self.regular.clone()),
            (Weight::Bold, self.bold.clone()),
        ] {
            let face = self.face(weight);
            let gids: std::collections::BTreeSet<u16> = self.used[weight as usize]
                .iter()
                .filter_map(|c| face.parsed.lookup_glyph_index(c as u32))
                .collect();
            let Some(font) = self.doc.resources.fonts.map.get_mut(&id) else {
                continue;
            };
            if let Some(small) = super::subset::keep_glyphs(&font.parsed_font.original_bytes, &gids)
            {
                font.parsed_font.original_bytes = small;
            }
        }
    }
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}
