//! Frames from picture files: one file or every picture in a folder (sorted by name), optionally
//! looping and paced at a fixed interval to stand in for a camera.

use crate::picture::load_gray;
use crate::{Frame, SourceError};
use std::path::{Path, PathBuf};
use std::time::Duration;

const EXTENSIONS: [&str; 5] = ["png", "jpg", "jpeg", "gif", "bmp"];

/// A folder (or single file) of pictures played as frames.
pub struct FolderSource {
    root: PathBuf,
    files: Vec<PathBuf>,
    next: usize,
    seq: u64,
    looping: bool,
    interval: Option<Duration>,
}

impl FolderSource {
    /// Opens `path`: a picture file, or a folder whose pictures (PNG, JPEG, GIF, BMP) are played
    /// in name order.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, SourceError> {
        let root = path.as_ref().to_owned();
        let read_err = |e: std::io::Error| SourceError::Read {
            path: root.clone(),
            reason: e.to_string(),
        };
        let files = if root.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
                .map_err(read_err)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_picture(p))
                .collect();
            files.sort();
            files
        } else {
            std::fs::metadata(&root).map_err(read_err)?;
            vec![root.clone()]
        };
        if files.is_empty() {
            return Err(SourceError::NoImages(root));
        }
        Ok(Self {
            root,
            files,
            next: 0,
            seq: 0,
            looping: false,
            interval: None,
        })
    }

    /// Starts again from the first picture after the last instead of ending.
    pub fn looping(mut self, looping: bool) -> Self {
        self.looping = looping;
        self
    }

    /// Waits this long before each frame, like a camera's frame period.
    pub fn with_interval(mut self, interval: Duration) -> Self {
        self.interval = Some(interval);
        self
    }

    /// The pictures played, in order.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }
}

fn is_picture(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .map(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}

impl super::FrameSource for FolderSource {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        if self.next >= self.files.len() {
            if !self.looping {
                return Err(SourceError::Exhausted);
            }
            self.next = 0;
        }
        if let Some(d) = self.interval {
            std::thread::sleep(d);
        }
        let path = &self.files[self.next];
        self.next += 1;
        let luma = load_gray(path).map_err(|e| SourceError::Read {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        let frame = Frame::from_luma(luma, self.seq);
        self.seq += 1;
        Ok(frame)
    }

    fn describe(&self) -> String {
        format!("pictures in {}", self.root.display())
    }
}

#[cfg(test)]
mod tests {
    use super::super::FrameSource;
    use super::*;

    #[test]
    fn plays_the_pictures_of_a_folder_in_name_order_then_ends() {
        let dir = tempfile::tempdir().unwrap();
        for (name, shade) in [("b.png", 200u8), ("a.png", 100), ("notes.txt", 0)] {
            let p = dir.path().join(name);
            if name.ends_with(".png") {
                image::GrayImage::from_pixel(4, 3, image::Luma([shade]))
                    .save(&p)
                    .unwrap();
            } else {
                std::fs::write(&p, "x").unwrap();
            }
        }
        let mut src = FolderSource::open(dir.path()).unwrap();
        assert_eq!(src.files().len(), 2);
        let a = src.next_frame().unwrap();
        let b = src.next_frame().unwrap();
        assert_eq!((a.luma.get_pixel(0, 0).0[0], a.seq), (100, 0));
        assert_eq!((b.luma.get_pixel(0, 0).0[0], b.seq), (200, 1));
        assert!(matches!(src.next_frame(), Err(SourceError::Exhausted)));
    }

    #[test]
    fn looping_starts_again_and_an_empty_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            FolderSource::open(dir.path()),
            Err(SourceError::NoImages(_))
        ));
        let p = dir.path().join("only.png");
        image::GrayImage::new(2, 2).save(&p).unwrap();
        let mut src = FolderSource::open(&p).unwrap().looping(true);
        for seq in 0..3 {
            assert_eq!(src.next_frame().unwrap().seq, seq);
        }
    }
}
