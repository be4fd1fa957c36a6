//! The report's two charts drawn as vector shapes: daily volume as vertical bars and the top
//! INNs as horizontal bars, each with its numbers written beside the bars.

use super::canvas::{rgb, Align, Canvas, Weight};
use crate::Lang;

const BAR: (u8, u8, u8) = (31, 111, 139);

/// A vertical bar chart of `(label, value)` pairs, `height` points tall, numbers as `lang`
/// writes them.
pub fn columns(canvas: &mut Canvas, title: &str, data: &[(String, u32)], height: f32, lang: Lang) {
    super::table::heading(canvas, title);
    canvas.ensure(height + 24.0);
    let margin = canvas.margin;
    let width = canvas.width - 2.0 * margin;
    let top = canvas.y - 10.0;
    let base = top - height;
    let max = data.iter().map(|d| d.1).max().unwrap_or(0).max(1);
    let axis = 28.0;
    let plot = width - axis;
    let n = data.len().max(1) as f32;
    let slot = plot / n;
    let bar = (slot * 0.7).max(0.6);
    canvas.line(
        margin + axis,
        base,
        margin + width,
        base,
        0.6,
        rgb(120, 120, 120),
    );
    canvas.line(
        margin + axis,
        base,
        margin + axis,
        top,
        0.6,
        rgb(120, 120, 120),
    );
    let max_label = lang.number(max);
    let w = canvas.fonts.regular.width(&max_label, 7.0);
    canvas.text(
        margin + axis - 3.0 - w,
        top - 6.0,
        7.0,
        Weight::Regular,
        &max_label,
    );
    canvas.text(margin + axis - 8.0, base, 7.0, Weight::Regular, "0");
    let (r, g, b) = BAR;
    let every = ((data.len() as f32) / 12.0).ceil().max(1.0) as usize;
    for (i, (label, value)) in data.iter().enumerate() {
        let x = margin + axis + slot * i as f32 + (slot - bar) / 2.0;
        let h = height * (*value as f32) / (max as f32);
        if *value > 0 {
            canvas.rect(x, base, bar, h.max(0.5), rgb(r, g, b));
        }
        if i % every == 0 {
            canvas.text_row(
                base - 9.0,
                6.5,
                Weight::Regular,
                &[(x - 10.0, bar + 20.0, Align::Left, label.as_str())],
            );
        }
    }
    canvas.y = base - 14.0;
}

/// A horizontal bar chart of `(label, value)` pairs, one row each, numbers as `lang` writes
/// them.
pub fn bars(canvas: &mut Canvas, title: &str, data: &[(String, u32)], empty: &str, lang: Lang) {
    super::table::heading(canvas, title);
    let margin = canvas.margin;
    let width = canvas.width - 2.0 * margin;
    if data.is_empty() {
        let y = canvas.y - 10.0;
        canvas.text(margin, y, 7.5, Weight::Regular, empty);
        canvas.y -= 12.0;
        return;
    }
    let label_w = width * 0.3;
    let value_w = 40.0;
    let plot = width - label_w - value_w;
    let max = data.iter().map(|d| d.1).max().unwrap_or(0).max(1);
    let (r, g, b) = BAR;
    for (label, value) in data {
        canvas.ensure(13.0);
        let y = canvas.y - 11.0;
        let w = plot * (*value as f32) / (max as f32);
        canvas.rect(margin + label_w, y, w.max(0.5), 9.0, rgb(r, g, b));
        let count = lang.number(*value);
        canvas.text_row(
            y + 2.0,
            7.5,
            Weight::Regular,
            &[
                (margin, label_w - 4.0, Align::Left, label.as_str()),
                (margin + label_w + w + 3.0, value_w, Align::Left, &count),
            ],
        );
        canvas.y -= 13.0;
    }
}
