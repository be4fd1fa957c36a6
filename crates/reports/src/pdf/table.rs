//! Tables that flow across pages: a bold header on a grey band, repeated at the top of every
//! page the table continues on; cells cut to their column with an ellipsis.

use super::canvas::{rgb, Align, Canvas, Weight};

/// One column: its title, its share of the table width and its alignment.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub title: &'a str,
    pub share: f32,
    pub align: Align,
}

/// A left-aligned column.
pub fn left(title: &str, share: f32) -> Column<'_> {
    Column {
        title,
        share,
        align: Align::Left,
    }
}

/// A right-aligned (numeric) column.
pub fn right(title: &str, share: f32) -> Column<'_> {
    Column {
        title,
        share,
        align: Align::Right,
    }
}

const SIZE: f32 = 7.5;
const ROW: f32 = 11.0;
const PAD: f32 = 2.5;

/// A section title.
pub fn heading(canvas: &mut Canvas, title: &str) {
    canvas.ensure(22.0 + 2.0 * ROW);
    canvas.y -= 14.0;
    let margin = canvas.margin;
    let y = canvas.y;
    canvas.text(margin, y, 11.0, Weight::Bold, title);
    canvas.y -= 6.0;
}

fn header(canvas: &mut Canvas, cells: &[(f32, f32, Align, &str)]) {
    let margin = canvas.margin;
    let width = canvas.width - 2.0 * margin;
    canvas.rect(margin, canvas.y - ROW, width, ROW, rgb(225, 229, 235));
    let y = canvas.y - ROW + 3.2;
    canvas.text_row(y, SIZE, Weight::Bold, cells);
    canvas.y -= ROW;
}

/// Draws a table titled `title` with `rows` (each as many cells as `columns`); `empty` is
/// printed when there are no rows.
pub fn table<I, R>(canvas: &mut Canvas, title: &str, columns: &[Column<'_>], rows: I, empty: &str)
where
    I: IntoIterator<Item = R>,
    R: AsRef<[String]>,
{
    heading(canvas, title);
    let margin = canvas.margin;
    let width = canvas.width - 2.0 * margin;
    let total: f32 = columns
        .iter()
        .map(|c| c.share)
        .sum::<f32>()
        .max(f32::EPSILON);
    let mut x = margin;
    let boxes: Vec<(f32, f32, Align)> = columns
        .iter()
        .map(|c| {
            let w = width * c.share / total;
            let b = (x + PAD, w - 2.0 * PAD, c.align);
            x += w;
            b
        })
        .collect();
    let titles: Vec<(f32, f32, Align, &str)> = boxes
        .iter()
        .zip(columns)
        .map(|((l, w, a), c)| (*l, *w, *a, c.title))
        .collect();
    header(canvas, &titles);
    let mut any = false;
    for row in rows {
        any = true;
        if canvas.ensure(ROW) {
            header(canvas, &titles);
        }
        let cells: Vec<(f32, f32, Align, &str)> = boxes
            .iter()
            .zip(row.as_ref())
            .map(|((l, w, a), t)| (*l, *w, *a, t.as_str()))
            .collect();
        let y = canvas.y - ROW + 3.2;
        canvas.text_row(y, SIZE, Weight::Regular, &cells);
        canvas.y -= ROW;
    }
    if !any {
        let y = canvas.y - ROW + 3.2;
        canvas.text(margin + PAD, y, SIZE, Weight::Regular, empty);
        canvas.y -= ROW;
    }
    let y = canvas.y;
    canvas.line(margin, y, margin + width, y, 0.4, rgb(160, 165, 175));
}
