//! The files the app saves (receipts, reports, the paper log) and the only ones it will open
//! with the system viewer: each saved file is remembered with the SHA-256 of what was written,
//! and `open_document` opens a path only when it is one of them, unchanged since. Anything else,
//! even a PDF in the same folder, is refused: the window cannot be used to open arbitrary files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// Why a document could not be saved or opened.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("The file could not be saved in {dir}: {reason}")]
    Save { dir: String, reason: String },
    #[error("{0} is not a document this app saved (or it was changed since); save it again from Dorixona")]
    NotOurs(String),
}

/// The documents saved by this run of the app.
#[derive(Debug, Default)]
pub struct WrittenDocuments {
    written: Mutex<HashMap<PathBuf, [u8; 32]>>,
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

impl WrittenDocuments {
    /// Writes `bytes` as `dir/name` (creating `dir`) and remembers it; returns its path.
    pub fn save(&self, dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, DocumentError> {
        let failed = |e: std::io::Error| DocumentError::Save {
            dir: dir.display().to_string(),
            reason: e.to_string(),
        };
        std::fs::create_dir_all(dir).map_err(failed)?;
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(failed)?;
        let canonical = path.canonicalize().map_err(failed)?;
        if let Ok(mut written) = self.written.lock() {
            written.insert(canonical, digest(bytes));
        }
        Ok(path)
    }

    /// The path to open when `path` is a document this run saved and it is unchanged.
    pub fn openable(&self, path: &str) -> Result<PathBuf, DocumentError> {
        let not_ours = || DocumentError::NotOurs(path.to_owned());
        let canonical = Path::new(path).canonicalize().map_err(|_| not_ours())?;
        let expected = self
            .written
            .lock()
            .ok()
            .and_then(|w| w.get(&canonical).copied())
            .ok_or_else(not_ours)?;
        let now = std::fs::read(&canonical).map_err(|_| not_ours())?;
        if digest(&now) != expected {
            return Err(not_ours());
        }
        Ok(canonical)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_document_can_be_opened() {
        let dir = tempfile::tempdir().unwrap();
        let docs = WrittenDocuments::default();
        let path = docs
            .save(&dir.path().join("Dorixona"), "chek.pdf", b"%PDF-1.7")
            .unwrap();
        let got = docs.openable(path.to_str().unwrap()).unwrap();
        assert_eq!(got, path.canonicalize().unwrap());
    }

    #[test]
    fn a_file_the_app_did_not_write_is_refused_even_beside_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let docs = WrittenDocuments::default();
        docs.save(dir.path(), "chek.pdf", b"%PDF-1.7").unwrap();
        let stranger = dir.path().join("other.pdf");
        std::fs::write(&stranger, b"%PDF-1.7").unwrap();
        let e = docs.openable(stranger.to_str().unwrap()).unwrap_err();
        assert!(matches!(e, DocumentError::NotOurs(_)));
        assert!(docs.openable("/etc/passwd").is_err());
        assert!(docs.openable("relative/../../nothing.pdf").is_err());
    }

    #[test]
    fn a_saved_document_changed_afterwards_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let docs = WrittenDocuments::default();
        let path = docs.save(dir.path(), "r.csv", b"a,b\n").unwrap();
        std::fs::write(&path, b"=cmd|' /C calc'!A0\n").unwrap();
        assert!(docs.openable(path.to_str().unwrap()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_saved_document_opens_the_document_itself() {
        let dir = tempfile::tempdir().unwrap();
        let docs = WrittenDocuments::default();
        let path = docs.save(dir.path(), "r.pdf", b"%PDF").unwrap();
        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert_eq!(
            docs.openable(link.to_str().unwrap()).unwrap(),
            path.canonicalize().unwrap()
        );
    }
}
