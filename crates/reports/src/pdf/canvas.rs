//! A small page builder over printpdf: pages of operations with a cursor, text runs in the
//! embedded fonts, lines and filled rectangles, and "page / pages" numbers stamped at the end.
//!
//! A report of a hundred thousand lines runs to thousands of pages, and printpdf's operations
//! take about a kilobyte a table row. So finished pages do not wait for the end as operations:
//! every [`FLUSH_EVERY`] pages they are written out (by printpdf, with the same fonts under the
//! same names) and kept as compressed content streams. At the end printpdf writes the document
//! with each page's number and footer, and each page's content becomes its body followed by
//! that stamp. The font dictionaries must know every glyph the bodies use, so printpdf also
//! sees one extra page that shows each face's used characters; that page is taken out again.

use lopdf::Object;
use printpdf::{
    to_lopdf_doc, Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb, TextItem, TextMatrix,
    WindingOrder,
};

use super::fonts::{fonts, Face, Fonts};
use crate::ReportError;

/// Finished pages kept as operations before they are written out as content streams.
pub const FLUSH_EVERY: usize = 100;

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
    /// Pages still held as operations; the last is the one being drawn.
    pages: Vec<Vec<Op>>,
    /// The pages before them, written out and compressed.
    bodies: Vec<lopdf::Stream>,
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
            bodies: Vec::new(),
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
        if self.pages.len() >= FLUSH_EVERY {
            let finished = std::mem::take(&mut self.pages);
            self.write_out(finished);
        }
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
        self.bodies.len() + self.pages.len()
    }

    fn page(&self, ops: Vec<Op>) -> PdfPage {
        PdfPage::new(
            Mm(self.width * 25.4 / 72.0),
            Mm(self.height * 25.4 / 72.0),
            ops,
        )
    }

    /// Writes finished pages out through printpdf (a document of just those pages, lent this
    /// document's fonts) and keeps each page's content stream, compressed.
    fn write_out(&mut self, pages: Vec<Vec<Op>>) {
        let mut part = PdfDocument::new("");
        part.pages = pages.into_iter().map(|ops| self.page(ops)).collect();
        std::mem::swap(&mut part.resources.fonts, &mut self.doc.resources.fonts);
        let options = PdfSaveOptions {
            optimize: false,
            ..PdfSaveOptions::default()
        };
        let written = to_lopdf_doc(&part, &options, &mut Vec::new());
        std::mem::swap(&mut part.resources.fonts, &mut self.doc.resources.fonts);
        drop(part);
        for id in written.get_pages().into_values() {
            let content = written
                .get_object(id)
                .and_then(Object::as_dict)
                .and_then(|page| page.get(b"Contents"))
                .and_then(Object::as_reference)
                .and_then(|c| written.get_object(c))
                .and_then(Object::as_stream)
                .map(|s| s.content.clone())
                .unwrap_or_default();
            let mut body = lopdf::Stream::new(lopdf::Dictionary::new(), content);
            // A body too short to gain stays plain; one that fails stays plain too.
            let _ = body.compress();
            self.bodies.push(body);
        }
    }

    /// A page showing every character used in each face: printpdf builds each font's widths
    /// and text map from the glyphs its pages show, and the written-out bodies are not among
    /// them.
    fn glyph_sampler(&mut self) -> Vec<Op> {
        let mut ops = Vec::new();
        for weight in [Weight::Regular, Weight::Bold] {
            let text: String = self.used[weight as usize].iter().collect();
            if text.is_empty() {
                continue;
            }
            ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: self.font(weight),
                    size: Pt(10.0),
                },
                Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(0.0), Pt(0.0)),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text)],
                },
                Op::EndTextSection,
            ]);
        }
        ops
    }

    /// Stamps every page with its number out of the total, as `page_number(page, pages)` words
    /// it, and the footer, and serialises the document.
    pub fn finish(
        self,
        page_number: impl Fn(usize, usize) -> String,
    ) -> Result<Vec<u8>, ReportError> {
        self.finish_with(Some(&page_number))
    }

    /// Serialises the document without page numbers (single-page documents such as receipts).
    pub fn finish_plain(self) -> Result<Vec<u8>, ReportError> {
        self.finish_with(None)
    }

    fn finish_with(
        mut self,
        page_number: Option<&dyn Fn(usize, usize) -> String>,
    ) -> Result<Vec<u8>, ReportError> {
        self.end_text();
        let last = std::mem::take(&mut self.pages);
        self.write_out(last);
        let total = self.bodies.len();
        let (width, margin) = (self.width, self.margin);
        let mut stamps = Vec::with_capacity(total + 1);
        for i in 0..total {
            if let Some(page_number) = page_number {
                self.pages = vec![Vec::new()];
                let number = page_number(i + 1, total);
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
            }
            let ops = std::mem::take(&mut self.pages).pop().unwrap_or_default();
            stamps.push(self.page(ops));
        }
        let sampler = self.glyph_sampler();
        stamps.push(self.page(sampler));
        self.embed_used_glyphs();
        let options = PdfSaveOptions::default();
        let bodies = std::mem::take(&mut self.bodies);
        let mut doc = to_lopdf_doc(self.doc.with_pages(stamps), &options, &mut Vec::new());
        join_bodies(&mut doc, bodies)?;
        if options.optimize {
            doc.compress();
        }
        let mut out = Vec::new();
        doc.save_to(&mut out)
            .map_err(|e| ReportError::Render(format!("PDF: {e}")))?;
        Ok(out)
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

/// Puts each body in front of its page's stamp (`Contents` becomes `[body stamp]`) and takes
/// the glyph sampler, the page after the last body, out of the document.
fn join_bodies(doc: &mut lopdf::Document, bodies: Vec<lopdf::Stream>) -> Result<(), ReportError> {
    let broken = |what: &str| ReportError::Render(format!("PDF: {what}"));
    let pages = doc.get_pages();
    if pages.len() != bodies.len() + 1 {
        return Err(broken("the pages written do not match the pages drawn"));
    }
    let ids: Vec<lopdf::ObjectId> = pages.into_values().collect();
    for (id, body) in ids.iter().zip(bodies) {
        let body = doc.add_object(body);
        let page = doc
            .get_object_mut(*id)
            .and_then(Object::as_dict_mut)
            .map_err(|_| broken("a page is missing"))?;
        let stamp = page
            .get(b"Contents")
            .and_then(Object::as_reference)
            .map_err(|_| broken("a page has no content"))?;
        page.set(
            "Contents",
            Object::Array(vec![Object::Reference(body), Object::Reference(stamp)]),
        );
    }
    let sampler = *ids.last().ok_or_else(|| broken("no pages"))?;
    let (parent, content) = {
        let page = doc
            .get_object(sampler)
            .and_then(Object::as_dict)
            .map_err(|_| broken("the sampler page is missing"))?;
        (
            page.get(b"Parent").and_then(Object::as_reference).ok(),
            page.get(b"Contents").and_then(Object::as_reference).ok(),
        )
    };
    let tree = parent
        .and_then(|p| doc.get_object_mut(p).ok())
        .and_then(|t| t.as_dict_mut().ok())
        .ok_or_else(|| broken("the page tree is missing"))?;
    if let Ok(Object::Array(kids)) = tree.get_mut(b"Kids") {
        kids.retain(|k| k.as_reference().ok() != Some(sampler));
    }
    let count = tree.get(b"Count").and_then(Object::as_i64).unwrap_or(1);
    tree.set("Count", count - 1);
    doc.objects.remove(&sampler);
    if let Some(content) = content {
        doc.objects.remove(&content);
    }
    Ok(())
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}
