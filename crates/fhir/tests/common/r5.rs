//! The independent R5 check: writes resources to a folder and runs `tests/fhir/validate.py`
//! (the `fhir.resources` models) with the project's Python, which `scripts/setup.sh` makes in
//! `.tools/py`. Shared by the crates whose tests produce FHIR (`#[path]`-included).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's root.
pub fn root() -> PathBuf {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    while !dir.join("scripts/python-tools.txt").exists() {
        assert!(
            dir.pop(),
            "the repository root is above {}",
            env!("CARGO_MANIFEST_DIR")
        );
    }
    dir
}

/// Writes each `(name, json)` to its own file in a fresh folder and checks them all; panics
/// with the validator's report when any fails.
pub fn assert_valid_r5(resources: &[(String, serde_json::Value)]) {
    assert!(!resources.is_empty(), "nothing to check");
    let dir = tempfile::tempdir().unwrap();
    for (name, json) in resources {
        let file = dir.path().join(format!("{name}.json"));
        std::fs::write(&file, serde_json::to_vec_pretty(json).unwrap()).unwrap();
    }
    assert_valid_r5_dir(dir.path(), resources.len());
}

/// Checks every JSON file in `dir` (`expected` of them).
pub fn assert_valid_r5_dir(dir: &Path, expected: usize) {
    let root = root();
    let python = root.join(".tools/py/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `sudo bash scripts/setup.sh` (it installs scripts/python-tools.txt)",
        python.display()
    );
    let out = Command::new(&python)
        .arg(root.join("tests/fhir/validate.py"))
        .arg(dir)
        .output()
        .expect("the validator runs");
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "R5 validation failed:\n{report}");
    let passed = report.lines().filter(|l| l.starts_with("ok ")).count();
    assert_eq!(passed, expected, "every file checked:\n{report}");
}
