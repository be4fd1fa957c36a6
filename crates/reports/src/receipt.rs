//! The receipt of one dispense: an 80 mm wide PDF (72 mm printable) as tall as its content,
//! with the pharmacy, pharmacist, prescription number, masked PINFL, each item with product,
//! quantity, batch and expiry and the tail of each marking code, the time, and a QR code of the
//! dispense id drawn as vector squares. The withdrawal slip of a withdrawn dispense is the same
//! paper under its own title, with when and why it was withdrawn.

use qrcode::{Color as QrColor, EcLevel, QrCode};

use super::labels::labels;
use super::pdf::canvas::{mm, rgb, Canvas, Weight};
use super::pdf::fonts::{fonts, Face};
use super::{Lang, ReportError};
use crate::model::{LineRow, PharmacyRef, ReportMode};

/// How many characters of a marking code's end the receipt shows.
pub const CODE_TAIL: usize = 8;

const WIDTH_MM: f32 = 80.0;
const MARGIN_MM: f32 = 4.0;
const QR_MM: f32 = 30.0;

/// The last [`CODE_TAIL`] characters of a marking code, after `…`.
pub fn code_tail(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() <= CODE_TAIL {
        return code.to_owned();
    }
    let tail: String = chars[chars.len() - CODE_TAIL..].iter().collect();
    format!("…{tail}")
}

/// `text` broken into lines no wider than `max` points at `size`.
pub fn wrap(face: &Face, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if face.width(&candidate, size) <= max || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_owned();
        }
        if face.width(&current, size) > max {
            lines.push(face.fit(&current, size, max).into_owned());
            current.clear();
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

enum Row {
    Text {
        size: f32,
        weight: Weight,
        text: String,
        indent: f32,
    },
    Rule,
    Gap(f32),
    Qr,
}

impl Row {
    fn height(&self) -> f32 {
        match self {
            Row::Text { size, .. } => size * 1.35,
            Row::Rule => 7.0,
            Row::Gap(h) => *h,
            Row::Qr => mm(QR_MM) + 6.0,
        }
    }
}

/// The head of a receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptHead {
    pub dispense_id: String,
    pub prescription_number: String,
    pub pharmacy: PharmacyRef,
    pub pharmacist_name: String,
    pub mode: ReportMode,
    /// Local time, `YYYY-MM-DD HH:MM`.
    pub time: String,
    /// Whole PINFL when known; mask it before showing it.
    pub patient_pinfl: Option<String>,
    /// Who received the medicine, as the dispense recorded it.
    pub receiver: Option<dmed_api::handover::Receiver>,
}

/// Everything a receipt prints.
#[derive(Debug, Clone)]
pub struct ReceiptData {
    pub head: ReceiptHead,
    /// Masked PINFL, or `None` when unknown.
    pub patient_masked: Option<String>,
    pub lines: Vec<LineRow>,
    /// Set for the withdrawal slip of a withdrawn dispense.
    pub withdrawal: Option<Withdrawal>,
}

/// When and why a dispense was withdrawn, as its slip prints it.
#[derive(Debug, Clone)]
pub struct Withdrawal {
    /// Local time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub reason: String,
}

/// The receipt as PDF bytes.
pub fn render(data: &ReceiptData, lang: Lang) -> Result<Vec<u8>, ReportError> {
    let l = labels(lang);
    let f = fonts()?;
    let width = mm(WIDTH_MM);
    let margin = mm(MARGIN_MM);
    let max = width - 2.0 * margin;
    let mut rows = Vec::new();
    let text = |rows: &mut Vec<Row>, size: f32, weight: Weight, s: &str, indent: f32| {
        let face = match weight {
            Weight::Regular => &f.regular,
            Weight::Bold => &f.bold,
        };
        for line in wrap(face, s, size, max - indent) {
            rows.push(Row::Text {
                size,
                weight,
                text: line,
                indent,
            });
        }
    };
    let h = &data.head;
    text(&mut rows, 11.0, Weight::Bold, &h.pharmacy.name, 0.0);
    text(
        &mut rows,
        8.0,
        Weight::Regular,
        &format!("ID {}", h.pharmacy.id),
        0.0,
    );
    rows.push(Row::Rule);
    let title = match &data.withdrawal {
        Some(_) => &l.withdrawal_title,
        None => &l.receipt_title,
    };
    text(&mut rows, 10.0, Weight::Bold, title, 0.0);
    if let Some(w) = &data.withdrawal {
        text(&mut rows, 8.0, Weight::Regular, &l.withdrawal_note, 0.0);
        text(
            &mut rows,
            8.5,
            Weight::Bold,
            &format!("{}: {}", l.withdrawn_at, l.datetime(&w.at)),
            0.0,
        );
        text(
            &mut rows,
            8.5,
            Weight::Regular,
            &format!("{}: {}", l.reason, w.reason),
            0.0,
        );
    }
    text(
        &mut rows,
        8.5,
        Weight::Regular,
        &format!("{}: {}", l.time, l.datetime(&h.time)),
        0.0,
    );
    text(
        &mut rows,
        8.5,
        Weight::Regular,
        &format!("{}: {}", l.pharmacist, h.pharmacist_name),
        0.0,
    );
    text(
        &mut rows,
        8.5,
        Weight::Regular,
        &format!("{}: {}", l.prescription, h.prescription_number),
        0.0,
    );
    let patient = data.patient_masked.as_deref().unwrap_or("—");
    text(
        &mut rows,
        8.5,
        Weight::Regular,
        &format!("{}: {patient}", l.patient),
        0.0,
    );
    if let Some(r) = &h.receiver {
        text(
            &mut rows,
            8.5,
            Weight::Regular,
            &format!("{}: {}", l.received_by, l.receiver(r)),
            0.0,
        );
    }
    text(
        &mut rows,
        8.5,
        Weight::Regular,
        &format!("{}: {}", l.mode, l.mode(h.mode)),
        0.0,
    );
    rows.push(Row::Rule);
    for (i, line) in data.lines.iter().enumerate() {
        let name = if line.trade_name.is_empty() {
            line.inn.clone()
        } else {
            format!("{} ({})", line.trade_name, line.inn)
        };
        text(
            &mut rows,
            8.5,
            Weight::Bold,
            &format!("{}. {name}", i + 1),
            0.0,
        );
        if let Some(reason) = &line.not_dispensed_reason {
            text(
                &mut rows,
                8.0,
                Weight::Regular,
                &format!("{}: {}", l.not_dispensed_line, l.reason_text(reason)),
                8.0,
            );
            rows.push(Row::Gap(3.0));
            continue;
        }
        text(
            &mut rows,
            8.0,
            Weight::Regular,
            &format!("{}: {} {}", l.quantity, l.number(line.quantity), line.unit),
            8.0,
        );
        let batch = line.batch.as_deref().unwrap_or("—");
        let expiry = line.expiry.as_deref().map_or("—".into(), |e| l.datetime(e));
        text(
            &mut rows,
            8.0,
            Weight::Regular,
            &format!("{}: {batch}   {}: {expiry}", l.batch, l.expiry),
            8.0,
        );
        if !line.marking_codes.is_empty() {
            let tails: Vec<String> = line.marking_codes.iter().map(|c| code_tail(c)).collect();
            text(
                &mut rows,
                8.0,
                Weight::Regular,
                &format!("{}: {}", l.marking_codes, tails.join(" ")),
                8.0,
            );
        }
        rows.push(Row::Gap(3.0));
    }
    rows.push(Row::Rule);
    rows.push(Row::Qr);
    text(&mut rows, 6.5, Weight::Regular, &h.dispense_id, 0.0);

    let height = 2.0 * margin + rows.iter().map(Row::height).sum::<f32>();
    let mut c = Canvas::new(title, width, height, margin)?;
    let mut y = height - margin;
    for row in &rows {
        match row {
            Row::Text {
                size,
                weight,
                text,
                indent,
            } => {
                c.text(margin + indent, y - size, *size, *weight, text);
            }
            Row::Rule => {
                c.line(margin, y - 3.5, width - margin, y - 3.5, 0.5, rgb(0, 0, 0));
            }
            Row::Gap(_) => {}
            Row::Qr => {
                let side = mm(QR_MM);
                qr(
                    &mut c,
                    &h.dispense_id,
                    (width - side) / 2.0,
                    y - 3.0 - side,
                    side,
                )?;
            }
        }
        y -= row.height();
    }
    finish_single_page(c)
}

fn finish_single_page(c: Canvas) -> Result<Vec<u8>, ReportError> {
    c.finish_plain()
}

/// Draws the QR code of `data` as dark squares in a `side`-point square at `(x, y)` (lower
/// left), one rectangle per run of dark modules in a row.
pub fn qr(c: &mut Canvas, data: &str, x: f32, y: f32, side: f32) -> Result<(), ReportError> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .map_err(|e| ReportError::Render(format!("QR code: {e}")))?;
    let n = code.width();
    let colors = code.to_colors();
    let quiet = 2.0;
    let module = side / (n as f32 + 2.0 * quiet);
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == QrColor::Dark {
                let start = col;
                while col < n && colors[row * n + col] == QrColor::Dark {
                    col += 1;
                }
                let run = (col - start) as f32;
                let left = x + (quiet + start as f32) * module;
                let top = y + side - (quiet + row as f32) * module;
                c.rect(left, top - module, run * module, module, rgb(0, 0, 0));
            } else {
                col += 1;
            }
        }
    }
    Ok(())
}
