//! The `dorixona-scan decode` command line: one JSON line per file in the exact format, corners
//! in the original picture's pixels also after `--max-dim`, and a failed file reported in its
//! line and the exit status.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dorixona-scan"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn prints_one_json_line_per_file_in_the_exact_format() {
    let qr = fixture("dmed-screen.jpg");
    let dm = fixture("pack-gs1.jpg");
    let out = bin()
        .args(["decode", "--threads", "1"])
        .arg(&qr)
        .arg(&dm)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = lines(&out.stdout);
    assert_eq!(recs.len(), 2);
    for (rec, path, format) in [(&recs[0], &qr, "qr"), (&recs[1], &dm, "datamatrix")] {
        assert_eq!(keys(rec), ["codes", "file", "ms"]);
        assert_eq!(rec["file"], path.display().to_string());
        assert!(rec["ms"].as_f64().unwrap() >= 0.0);
        let codes = rec["codes"].as_array().unwrap();
        assert_eq!(codes.len(), 1);
        assert_eq!(keys(&codes[0]), ["corners", "format", "text"]);
        assert_eq!(codes[0]["format"], format);
        let want = std::fs::read_to_string(path.with_extension("txt")).unwrap();
        assert_eq!(codes[0]["text"], want);
        let corners = codes[0]["corners"].as_array().unwrap();
        assert_eq!(corners.len(), 4);
        for c in corners {
            let xy = c.as_array().unwrap();
            assert_eq!(xy.len(), 2);
            assert!(xy.iter().all(|v| v.as_f64().is_some()));
        }
    }
}

#[test]
fn corners_stay_in_original_pixels_after_downscaling() {
    let qr = fixture("dmed-screen.jpg");
    let full = lines(&bin().arg("decode").arg(&qr).output().unwrap().stdout);
    let small = lines(
        &bin()
            .args(["decode", "--max-dim", "640"])
            .arg(&qr)
            .output()
            .unwrap()
            .stdout,
    );
    let corners = |v: &Value| -> Vec<f64> {
        v["codes"][0]["corners"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c.as_array().unwrap().iter().map(|n| n.as_f64().unwrap()))
            .collect()
    };
    let (a, b) = (corners(&full[0]), corners(&small[0]));
    assert_eq!(a.len(), 8);
    let (w, _) = image::image_dimensions(&qr).unwrap();
    assert!(w > 640, "the fixture must be larger than the downscale");
    for (x, y) in a.iter().zip(&b) {
        // Same place within a few of the downscaled picture's pixels.
        assert!((x - y).abs() < 12.0, "full {a:?} vs downscaled {b:?}");
    }
}

#[test]
fn several_threads_keep_the_order_of_the_files() {
    let files = [
        fixture("dmed-screen.jpg"),
        fixture("pack-gs1.jpg"),
        fixture("dmed-screen-small.jpg"),
    ];
    let out = bin()
        .args(["decode", "--threads", "2"])
        .args(&files)
        .output()
        .unwrap();
    let recs = lines(&out.stdout);
    let got: Vec<String> = recs
        .iter()
        .map(|r| r["file"].as_str().unwrap().to_owned())
        .collect();
    let want: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    assert_eq!(got, want);
}

#[test]
fn an_unreadable_file_is_reported_and_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("not-a-picture.png");
    std::fs::write(&bad, b"hello").unwrap();
    let good = fixture("dmed-screen.jpg");
    let out = bin().arg("decode").arg(&bad).arg(&good).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let recs = lines(&out.stdout);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["codes"].as_array().unwrap().len(), 0);
    assert!(recs[0]["error"]
        .as_str()
        .unwrap()
        .contains("not-a-picture.png"));
    assert_eq!(recs[1]["codes"].as_array().unwrap().len(), 1);
}

#[test]
fn an_unknown_pipeline_is_refused() {
    let out = bin()
        .args(["decode", "--pipeline", "magic"])
        .arg(fixture("dmed-screen.jpg"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn formats_narrow_what_is_read_and_unknown_ones_are_refused() {
    let out = bin()
        .args(["decode", "--formats", "datamatrix"])
        .arg(fixture("dmed-screen.jpg"))
        .arg(fixture("pack-gs1.jpg"))
        .output()
        .unwrap();
    let recs = lines(&out.stdout);
    assert_eq!(recs[0]["codes"].as_array().unwrap().len(), 0);
    assert_eq!(recs[1]["codes"][0]["format"], "datamatrix");
    let bad = bin()
        .args(["decode", "--formats", "pdf417"])
        .arg(fixture("pack-gs1.jpg"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn encode_writes_a_qr_picture_that_decodes_back_to_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("rx.png");
    let text = "DMEDRX:1:F8GO8Q2ADU21:4821";
    let out = bin()
        .args(["encode", text, "--out"])
        .arg(&png)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoded = bin().arg("decode").arg(&png).output().unwrap();
    assert!(decoded.status.success());
    let recs = lines(&decoded.stdout);
    assert_eq!(recs[0]["codes"][0]["text"], text);
    assert_eq!(recs[0]["codes"][0]["format"], "qr");
}

#[test]
fn encode_refuses_text_too_long_for_a_qr_code_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("long.png");
    let out = bin()
        .args(["encode", &"9".repeat(8000), "--out"])
        .arg(&png)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot encode"));
    assert!(!png.exists());
}
