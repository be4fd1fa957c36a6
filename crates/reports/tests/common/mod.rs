//! Reading PDFs back in tests with poppler, by the path Debian installs it at (never a bare name:
//! another tool of that name first on `PATH` must not answer).

use std::path::Path;
use std::process::Command;

/// `name` (`pdftotext`, `pdfinfo`, `pdffonts`) run with `args` on `pdf`; its output. Text goes
/// to standard output.
pub fn poppler(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(format!("/usr/bin/{name}"))
        .args(args)
        .arg(pdf)
        .args(if name == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils): {e}"));
    assert!(out.status.success(), "{name}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
