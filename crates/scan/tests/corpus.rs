//! Decoding real pictures: a subset of the shared photographed corpus and the committed
//! generated fixtures must decode to their exact expected text, and no picture of the whole
//! corpus (nor malformed input) may panic or hang the decoder.

use scan::decode::resize_to_max;
use scan::decode::Strategy;
use scan::picture::load_gray;
use scan::{Decoder, Format};
use std::path::{Path, PathBuf};

/// The shared corpus, beside the checkout (`../shared/corpus/zxing-blackbox`).
fn corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/zxing-blackbox");
    assert!(
        dir.is_dir(),
        "the shared test corpus is missing: expected it at {} (see shared/corpus/README.md)",
        dir.display()
    );
    dir
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn expected(picture: &Path) -> String {
    let txt = picture.with_extension("txt");
    let bytes = std::fs::read(&txt).unwrap_or_else(|e| panic!("{}: {e}", txt.display()));
    String::from_utf8(bytes).unwrap()
}

/// Decodes like `dorixona-scan decode --max-dim 1280`.
fn decode(decoder: &mut Decoder, picture: &Path) -> Vec<scan::DecodedCode> {
    let gray = load_gray(picture).unwrap_or_else(|e| panic!("{e}"));
    let (small, _) = resize_to_max(&gray, 1280);
    decoder.reset();
    decoder.decode(&small)
}

#[test]
fn a_corpus_subset_decodes_to_the_exact_text() {
    let subset = [
        ("qrcode-1/1.png", Format::Qr),
        ("qrcode-1/15.png", Format::Qr),
        ("qrcode-2/15.png", Format::Qr),
        ("qrcode-2/23.png", Format::Qr),
        ("qrcode-3/09.png", Format::Qr),
        ("qrcode-3/27.png", Format::Qr),
        ("qrcode-4/09.png", Format::Qr),
        ("qrcode-4/25.png", Format::Qr),
        ("qrcode-5/09.png", Format::Qr),
        ("qrcode-6/2.png", Format::Qr),
        ("datamatrix-1/0123456789.png", Format::DataMatrix),
        ("datamatrix-1/abcd-26x12.png", Format::DataMatrix),
        ("datamatrix-2/07.png", Format::DataMatrix),
    ];
    let root = corpus();
    let mut decoder = Decoder::default();
    for (name, format) in subset {
        let path = root.join(name);
        let want = expected(&path);
        let found = decode(&mut decoder, &path);
        assert!(
            found.iter().any(|c| c.text == want && c.format == format),
            "{name}: expected {want:?} as {format:?}, got {found:?}"
        );
    }
}

#[test]
fn dmed_qr_codes_on_a_phone_screen_decode_to_valid_lookups() {
    let mut decoder = Decoder::default();
    for name in ["dmed-screen.jpg", "dmed-screen-small.jpg"] {
        let path = fixtures().join(name);
        let want = expected(&path);
        let found = decode(&mut decoder, &path);
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(found[0].text, want);
        assert!(
            matches!(
                found[0].lookup_key(),
                Some(dmed_api::LookupKey::Number { code: Some(_), .. })
            ),
            "{name}"
        );
    }
}

#[test]
fn a_gs1_pack_code_decodes_with_group_separators() {
    let path = fixtures().join("pack-gs1.jpg");
    let want = expected(&path);
    assert!(want.contains('\u{1d}'));
    let found = decode(&mut Decoder::default(), &path);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].format, Format::DataMatrix);
    assert_eq!(found[0].text, want);
    let pack = found[0].pack_code().expect("a valid pack code");
    assert_eq!(pack.raw, want);
}

/// The texts listed in `NAME.codes.json` (a picture of several codes).
fn expected_codes(picture: &Path) -> Vec<String> {
    let list = picture.with_extension("codes.json");
    let bytes = std::fs::read(&list).unwrap_or_else(|e| panic!("{}: {e}", list.display()));
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn every_code_in_a_picture_of_several_is_found_once_and_nothing_else() {
    for name in ["multi-rotated-5.jpg", "multi-rotated-6.jpg", "shadow-3.jpg"] {
        let path = fixtures().join(name);
        let mut want = expected_codes(&path);
        let found = decode(&mut Decoder::default(), &path);
        let mut got: Vec<String> = found.iter().map(|c| c.text.clone()).collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{name}");
        for code in &found {
            let gs1 = code.text.contains('\u{1d}');
            let format = if gs1 { Format::DataMatrix } else { Format::Qr };
            assert_eq!(code.format, format, "{name}: {}", code.text);
        }
    }
}

#[test]
fn codes_of_both_kinds_and_both_polarities_in_one_picture_are_all_read() {
    // Four QR codes (one light on a dark screen) and a Data Matrix: a QR stage's finds do not
    // end the search before the negative or the Data Matrix stage has looked.
    let path = fixtures().join("multi-rotated-5.jpg");
    let found = decode(&mut Decoder::default(), &path);
    assert_eq!(found.len(), 5, "{found:?}");
    assert_eq!(
        found
            .iter()
            .filter(|c| c.format == Format::DataMatrix)
            .count(),
        1
    );
    // The pipeline that stopped at the first stage with a find read fewer of them.
    let first_hit = decode(&mut Decoder::new(Strategy::FirstHit), &path);
    assert!(first_hit.len() < found.len(), "{first_hit:?}");
}

#[test]
fn a_stage_marked_if_none_runs_only_when_nothing_was_found() {
    let path = fixtures().join("multi-rotated-5.jpg");
    let run = |stages: &str| {
        let strategy = Strategy::parse(stages).unwrap();
        let found = decode(&mut Decoder::new(strategy), &path);
        found
            .iter()
            .filter(|c| c.format == Format::DataMatrix)
            .count()
    };
    assert_eq!(run("mstages:Tq,Zm"), 1);
    assert_eq!(
        run("mstages:Tq,?Zm"),
        0,
        "QR codes were found, so ?Zm did not run"
    );
    assert_eq!(run("mstages:?Zm"), 1, "nothing before it, so ?Zm ran");
}

#[test]
fn every_found_code_lies_inside_the_picture_it_was_found_in() {
    let path = fixtures().join("multi-rotated-6.jpg");
    let gray = load_gray(&path).unwrap();
    let (small, _) = resize_to_max(&gray, 1280);
    let found = Decoder::default().decode(&small);
    assert_eq!(found.len(), 6);
    let (w, h) = (small.width() as f32, small.height() as f32);
    for code in &found {
        let (x0, y0, x1, y1) = code.bounding_box();
        assert!(
            x0 >= -2.0 && y0 >= -2.0 && x1 <= w + 2.0 && y1 <= h + 2.0,
            "{code:?}"
        );
        assert!(x1 - x0 > 20.0 && y1 - y0 > 20.0, "{code:?}");
    }
}

#[test]
fn no_picture_of_the_corpus_panics_the_decoder() {
    let root = corpus();
    let mut pictures = Vec::new();
    for folder in std::fs::read_dir(&root).unwrap() {
        let folder = folder.unwrap().path();
        if folder.is_dir() {
            for f in std::fs::read_dir(&folder).unwrap() {
                let p = f.unwrap().path();
                if p.extension().is_some_and(|e| e == "png") {
                    pictures.push(p);
                }
            }
        }
    }
    assert!(
        pictures.len() > 200,
        "found only {} pictures",
        pictures.len()
    );
    let mut decoder = Decoder::default();
    let mut decoded = 0;
    for p in &pictures {
        // Full size, no downscale: the decoders see every picture as photographed.
        let gray = load_gray(p).unwrap_or_else(|e| panic!("{e}"));
        decoder.reset();
        if !decoder.decode(&gray).is_empty() {
            decoded += 1;
        }
    }
    assert!(
        decoded > pictures.len() / 2,
        "decoded {decoded} of {}",
        pictures.len()
    );
}

#[test]
fn degenerate_pictures_decode_to_nothing_without_panicking() {
    use image::GrayImage;
    let mut decoder = Decoder::default();
    let mut noise = GrayImage::new(640, 480);
    let mut x: u32 = 12345;
    for p in noise.pixels_mut() {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        p.0[0] = (x >> 16) as u8;
    }
    let stripes = GrayImage::from_fn(300, 300, |x, _| {
        image::Luma([if x % 2 == 0 { 0 } else { 255 }])
    });
    for img in [
        GrayImage::new(0, 0),
        GrayImage::new(1, 1),
        GrayImage::new(1, 500),
        GrayImage::from_pixel(50, 50, image::Luma([255])),
        noise,
        stripes,
    ] {
        assert!(decoder.decode(&img).is_empty(), "{:?}", img.dimensions());
    }
}

#[test]
fn a_decoder_limited_to_one_format_reads_only_that_format() {
    let qr = fixtures().join("dmed-screen.jpg");
    let dm = fixtures().join("pack-gs1.jpg");
    let mut packs_only = Decoder::default().with_formats(&[Format::DataMatrix]);
    assert!(decode(&mut packs_only, &qr).is_empty());
    assert_eq!(decode(&mut packs_only, &dm)[0].text, expected(&dm));
    let mut qr_only = Decoder::default().with_formats(&[Format::Qr]);
    assert!(decode(&mut qr_only, &dm).is_empty());
    assert_eq!(decode(&mut qr_only, &qr)[0].text, expected(&qr));
}
