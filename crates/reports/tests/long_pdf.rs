//! A document longer than the pages the canvas holds as operations: its pages are written out
//! in parts and joined at the end. Read back with poppler, every page is there in order, with
//! its own text, its number out of the total, and text that appears only on an early, written-
//! out page still reads back (the fonts know its glyphs).

mod common;

use common::poppler;
use reports::pdf::canvas::{mm, Canvas, Weight, FLUSH_EVERY};

#[test]
fn pages_written_out_in_parts_read_back_whole_in_order_with_their_numbers() {
    let pages = 2 * FLUSH_EVERY + 37;
    let mut c = Canvas::new("long", mm(297.0), mm(210.0), mm(12.0)).unwrap();
    c.set_footer("Dorixona №1 · hisobot".into());
    for p in 1..=pages {
        if p > 1 {
            c.new_page();
        }
        let y = c.y - 20.0;
        c.text(
            c.margin,
            y,
            10.0,
            Weight::Regular,
            &format!("row of page {p}"),
        );
        if p == 3 {
            // Characters used nowhere else, in the bold face, on a page written out long before
            // the end.
            c.text(c.margin, y - 20.0, 10.0, Weight::Bold, "Ғўзал Ҳамидова");
        }
    }
    assert_eq!(c.page_count(), pages);
    let bytes = c
        .finish(|page, pages| format!("Page {page} / {pages}"))
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let info = poppler("pdfinfo", &[], &path);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(&format!(" {pages}"))),
        "{info}"
    );
    for p in [1, 3, FLUSH_EVERY, FLUSH_EVERY + 1, pages] {
        let n = p.to_string();
        let text = poppler("pdftotext", &["-layout", "-f", &n, "-l", &n], &path);
        assert!(
            text.contains(&format!("row of page {p}\n")),
            "page {p}: {text}"
        );
        assert!(
            text.contains(&format!("Page {p} / {pages}")),
            "page {p}: {text}"
        );
        assert!(text.contains("Dorixona №1 · hisobot"), "page {p}: {text}");
        assert_eq!(text.contains("Ғўзал Ҳамидова"), p == 3, "page {p}: {text}");
    }
    let fonts = poppler("pdffonts", &[], &path);
    let listed: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(listed.len(), 2, "both faces, once each: {fonts}");
    assert!(listed.iter().all(|l| l.contains(" yes ")), "{fonts}");
}
