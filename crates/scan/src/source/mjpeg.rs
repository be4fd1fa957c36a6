//! Frames from a Motion-JPEG video file (`.mjpeg`, `.mjpg`: JPEG pictures one after another, as
//! `ffmpeg -f mjpeg` or a webcam's MJPEG stream records them), to replay counter footage.

use crate::{Frame, SourceError};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A Motion-JPEG file played as frames.
pub struct MjpegSource {
    path: PathBuf,
    data: Vec<u8>,
    /// Byte ranges of the frames in `data`.
    frames: Vec<(usize, usize)>,
    next: usize,
    seq: u64,
    looping: bool,
    interval: Option<Duration>,
}

/// Splits a Motion-JPEG stream where an end-of-image marker is followed by a start-of-image
/// marker (or the data ends).
fn split_frames(data: &[u8]) -> Vec<(usize, usize)> {
    let mut frames = Vec::new();
    let Some(mut start) = data.windows(2).position(|w| w == [0xFF, 0xD8]) else {
        return frames;
    };
    let mut i = start + 2;
    while i + 1 < data.len() {
        if data[i] == 0xFF && data[i + 1] == 0xD9 {
            let end = i + 2;
            let next_soi = data.get(end..end + 2) == Some(&[0xFF, 0xD8][..]);
            if next_soi || end == data.len() {
                frames.push((start, end));
                start = end;
                i = end + 2;
                continue;
            }
        }
        i += 1;
    }
    frames
}

impl MjpegSource {
    /// Reads `path` and finds its frames.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, SourceError> {
        let path = path.as_ref().to_owned();
        let data = std::fs::read(&path).map_err(|e| SourceError::Read {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        let frames = split_frames(&data);
        if frames.is_empty() {
            return Err(SourceError::NoImages(path));
        }
        Ok(Self {
            path,
            data,
            frames,
            next: 0,
            seq: 0,
            looping: false,
            interval: None,
        })
    }

    /// Starts again from the first frame after the last instead of ending.
    pub fn looping(mut self, looping: bool) -> Self {
        self.looping = looping;
        self
    }

    /// Waits this long before each frame, like the camera's frame period.
    pub fn with_interval(mut self, interval: Duration) -> Self {
        self.interval = Some(interval);
        self
    }

    /// How many frames the file holds.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// True when the file holds no frame (never for an opened source).
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }
}

impl super::FrameSource for MjpegSource {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        if self.next >= self.frames.len() {
            if !self.looping {
                return Err(SourceError::Exhausted);
            }
            self.next = 0;
        }
        if let Some(d) = self.interval {
            std::thread::sleep(d);
        }
        let (a, b) = self.frames[self.next];
        self.next += 1;
        let luma = image::load_from_memory_with_format(&self.data[a..b], image::ImageFormat::Jpeg)
            .map_err(|e| SourceError::Read {
                path: self.path.clone(),
                reason: format!("frame {}: {e}", self.next - 1),
            })?
            .to_luma8();
        let frame = Frame::from_luma(luma, self.seq);
        self.seq += 1;
        Ok(frame)
    }

    fn describe(&self) -> String {
        format!("video {}", self.path.display())
    }
}

#[cfg(test)]
mod tests {
    use super::super::FrameSource;
    use super::*;

    fn jpeg(shade: u8) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        image::GrayImage::from_pixel(16, 8, image::Luma([shade]))
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn a_motion_jpeg_file_plays_its_frames_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("counter.mjpeg");
        let stream: Vec<u8> = [jpeg(30), jpeg(220), jpeg(120)].concat();
        std::fs::write(&path, &stream).unwrap();
        let mut src = MjpegSource::open(&path).unwrap();
        assert_eq!(src.len(), 3);
        let shades: Vec<u8> = (0..3)
            .map(|_| src.next_frame().unwrap().luma.get_pixel(4, 4).0[0])
            .collect();
        assert!(
            shades[0] < 60 && shades[1] > 190 && (100..140).contains(&shades[2]),
            "{shades:?}"
        );
        assert!(matches!(src.next_frame(), Err(SourceError::Exhausted)));
    }

    #[test]
    fn a_file_without_jpeg_frames_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.mjpeg");
        std::fs::write(&path, b"not a video").unwrap();
        assert!(matches!(
            MjpegSource::open(&path),
            Err(SourceError::NoImages(_))
        ));
        assert!(
            split_frames(&[0xFF, 0xD8, 1, 2]).is_empty(),
            "an unfinished frame is not a frame"
        );
    }
}
