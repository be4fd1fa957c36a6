//! Decoding real pictures: a subset of the shared photographed corpus and the committed
//! generated fixtures must decode to their exact expected text, and no picture of the whole
//! corpus (nor malformed input) may panic or hang the decoder.

use scan::decode::resize_to_max;
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
