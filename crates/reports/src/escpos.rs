//! The receipt as ESC/POS for 80 mm thermal printers that take raw jobs: 48 columns of font A,
//! code page 866 (Cyrillic; `ESC t 17` on Epson-compatible printers), bold titles, the QR code
//! of the dispense id drawn by the printer (`GS ( k`), and a partial cut at the end.
//!
//! Uzbek Latin is plain ASCII but for the modifier letter ʻ (U+02BB) of oʻ and gʻ, printed as
//! `'`. Uzbek Cyrillic letters outside code page 866 print as their nearest Russian letter
//! (Қ→К, Ғ→Г, Ҳ→Х); Ўў are in the page. Anything else unprintable becomes `?`, never a byte the
//! printer would read as a command.

use crate::labels::labels;
use crate::receipt::{code_tail, ReceiptData};
use crate::Lang;

/// Characters per line of font A on 80 mm paper.
pub const COLUMNS: usize = 48;

const ESC: u8 = 0x1b;
const GS: u8 = 0x1d;

/// `c` in code page 866, when it has one.
fn cp866(c: char) -> Option<u8> {
    let u = c as u32;
    Some(match c {
        ' '..='~' => u as u8,
        'А'..='Я' => (u - 0x0410 + 0x80) as u8,
        'а'..='п' => (u - 0x0430 + 0xA0) as u8,
        'р'..='я' => (u - 0x0440 + 0xE0) as u8,
        'Ё' => 0xF0,
        'ё' => 0xF1,
        'Ў' => 0xF6,
        'ў' => 0xF7,
        '°' => 0xF8,
        '·' => 0xFA,
        '№' => 0xFC,
        _ => return None,
    })
}

/// The nearest printable text of `c` when code page 866 lacks it.
fn fallback(c: char) -> &'static str {
    match c {
        'ʻ' | 'ʼ' | '‘' | '’' | '`' => "'",
        '“' | '”' | '«' | '»' => "\"",
        '—' | '–' | '−' => "-",
        '…' => "...",
        'Қ' => "К",
        'қ' => "к",
        'Ғ' => "Г",
        'ғ' => "г",
        'Ҳ' => "Х",
        'ҳ' => "х",
        '\u{a0}' => " ",
        _ => "?",
    }
}

/// `text` in code page 866; control characters and what the page lacks are replaced, so the
/// bytes are always printable.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match cp866(c) {
            Some(b) => out.push(b),
            None => out.extend(fallback(c).chars().filter_map(cp866)),
        }
    }
    out
}

/// `text` broken into lines of at most [`COLUMNS`] characters, at spaces where it can.
pub fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > COLUMNS {
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            lines.push(word.drain(..COLUMNS).collect());
        }
        let word: String = word.into_iter().collect();
        let len = current.chars().count();
        if len > 0 && len + 1 + word.chars().count() > COLUMNS {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

struct Job(Vec<u8>);

impl Job {
    fn bold(&mut self, on: bool) {
        self.0.extend([ESC, b'E', u8::from(on)]);
    }
    fn center(&mut self, on: bool) {
        self.0.extend([ESC, b'a', u8::from(on)]);
    }
    fn text(&mut self, text: &str) {
        for line in wrap(text) {
            self.0.extend(encode(&line));
            self.0.push(b'\n');
        }
    }
    fn rule(&mut self) {
        self.0.extend(std::iter::repeat_n(b'-', COLUMNS));
        self.0.push(b'\n');
    }
    /// The QR code of `data` (model 2, module size 6, error correction M), printed centred.
    fn qr(&mut self, data: &str) {
        let bytes = data.as_bytes();
        let len = bytes.len() + 3;
        let (pl, ph) = ((len % 256) as u8, (len / 256) as u8);
        self.0.extend([GS, b'(', b'k', 4, 0, 49, 65, 50, 0]);
        self.0.extend([GS, b'(', b'k', 3, 0, 49, 67, 6]);
        self.0.extend([GS, b'(', b'k', 3, 0, 49, 69, 49]);
        self.0.extend([GS, b'(', b'k', pl, ph, 49, 80, 48]);
        self.0.extend(bytes);
        self.0.extend([GS, b'(', b'k', 3, 0, 49, 81, 48]);
        self.0.push(b'\n');
    }
}

/// The receipt (or withdrawal slip) of `data` as an ESC/POS job.
pub fn render(data: &ReceiptData, lang: Lang) -> Vec<u8> {
    let l = labels(lang);
    let h = &data.head;
    let mut j = Job(Vec::with_capacity(2048));
    // Initialise; code page 866.
    j.0.extend([ESC, b'@', ESC, b't', 17]);
    j.center(true);
    j.bold(true);
    j.text(&h.pharmacy.name);
    j.bold(false);
    j.text(&format!("ID {}", h.pharmacy.id));
    j.rule();
    let title = match &data.withdrawal {
        Some(_) => &l.withdrawal_title,
        None => &l.receipt_title,
    };
    j.bold(true);
    j.text(title);
    j.bold(false);
    j.center(false);
    if let Some(w) = &data.withdrawal {
        j.text(&l.withdrawal_note);
        j.text(&format!("{}: {}", l.withdrawn_at, l.datetime(&w.at)));
        j.text(&format!("{}: {}", l.reason, w.reason));
    }
    j.text(&format!("{}: {}", l.time, l.datetime(&h.time)));
    j.text(&format!("{}: {}", l.pharmacist, h.pharmacist_name));
    j.text(&format!("{}: {}", l.prescription, h.prescription_number));
    let patient = data.patient_masked.as_deref().unwrap_or("-");
    j.text(&format!("{}: {patient}", l.patient));
    if let Some(r) = &h.receiver {
        j.text(&format!("{}: {}", l.received_by, l.receiver(r)));
    }
    j.text(&format!("{}: {}", l.mode, l.mode(h.mode)));
    j.rule();
    for (i, line) in data.lines.iter().enumerate() {
        let name = if line.trade_name.is_empty() {
            line.inn.clone()
        } else {
            format!("{} ({})", line.trade_name, line.inn)
        };
        j.bold(true);
        j.text(&format!("{}. {name}", i + 1));
        j.bold(false);
        if let Some(reason) = &line.not_dispensed_reason {
            j.text(&format!(
                "  {}: {}",
                l.not_dispensed_line,
                l.reason_text(reason)
            ));
            continue;
        }
        j.text(&format!(
            "  {}: {} {}",
            l.quantity,
            l.number(line.quantity),
            line.unit
        ));
        let batch = line.batch.as_deref().unwrap_or("-");
        let expiry = line.expiry.as_deref().map_or("-".into(), |e| l.datetime(e));
        j.text(&format!("  {}: {batch}  {}: {expiry}", l.batch, l.expiry));
        if !line.marking_codes.is_empty() {
            let tails: Vec<String> = line.marking_codes.iter().map(|c| code_tail(c)).collect();
            j.text(&format!("  {}: {}", l.marking_codes, tails.join(" ")));
        }
    }
    j.rule();
    j.center(true);
    j.qr(&h.dispense_id);
    j.text(&h.dispense_id);
    j.center(false);
    // Feed past the cutter, then a partial cut.
    j.0.extend([ESC, b'd', 4, GS, b'V', 66, 0]);
    j.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LineRow, PharmacyRef, ReportMode};
    use crate::receipt::ReceiptHead;

    #[test]
    fn cyrillic_and_uzbek_latin_become_code_page_866_bytes() {
        assert_eq!(encode("Dori"), b"Dori");
        assert_eq!(
            encode("Аа Яя Рр Ёё Ўў №"),
            [
                0x80, 0xA0, b' ', 0x9F, 0xEF, b' ', 0x90, 0xE0, b' ', 0xF0, 0xF1, b' ', 0xF6, 0xF7,
                b' ', 0xFC
            ]
        );
        assert_eq!(
            encode("Toshkent shahar, oʻrin, gʻisht"),
            b"Toshkent shahar, o'rin, g'isht"
        );
        assert_eq!(encode("Қашқадарё"), encode("Кашкадарё"));
        assert_eq!(
            encode("a\u{1b}b\u{7}c"),
            b"a?b?c",
            "no control byte reaches the printer"
        );
        assert_eq!(encode("中"), b"?");
    }

    #[test]
    fn lines_fit_the_paper() {
        let long = "Amoksitsillin ".repeat(10);
        let lines = wrap(&long);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= COLUMNS));
        let word = "x".repeat(COLUMNS * 2 + 3);
        assert_eq!(wrap(&word).len(), 3);
    }

    #[test]
    fn a_receipt_is_initialised_in_code_page_866_holds_its_lines_and_ends_with_a_cut() {
        let data = ReceiptData {
            head: ReceiptHead {
                dispense_id: "0f0e0d0c-0000-4000-8000-000000000001".into(),
                prescription_number: "F8GO8Q2ADU21".into(),
                pharmacy: PharmacyRef {
                    id: "PH-0001".into(),
                    name: "Dorixona №1, Toshkent".into(),
                },
                pharmacist_name: "Шоира Ўткирова".into(),
                mode: ReportMode::Online,
                time: "2026-12-02 10:15".into(),
                patient_pinfl: None,
                receiver: None,
            },
            patient_masked: Some("30**********33".into()),
            lines: vec![LineRow {
                item_id: "i1".into(),
                product_id: "p1".into(),
                inn: "Amoxicillin".into(),
                trade_name: "Amoksiklav".into(),
                pack_size: 20,
                unit: "kapsula".into(),
                quantity: 20,
                batch: Some("B-1".into()),
                expiry: Some("2027-06-30".into()),
                marking_codes: vec![],
                not_dispensed_reason: None,
            }],
            withdrawal: None,
        };
        let job = render(&data, Lang::Uz);
        assert!(job.starts_with(&[ESC, b'@', ESC, b't', 17]));
        assert!(job.ends_with(&[GS, b'V', 66, 0]));
        let has = |s: &str| {
            job.windows(encode(s).len())
                .any(|w| w == encode(s).as_slice())
        };
        assert!(has("Dorixona №1, Toshkent"));
        assert!(has("Шоира Ўткирова"));
        assert!(has("Amoksiklav (Amoxicillin)"));
        assert!(has("F8GO8Q2ADU21"));
        assert!(has("0f0e0d0c-0000-4000-8000-000000000001"));
    }
}
