//! Frame sources: where the scanner's pictures come from (camera, picture folder,
//! Motion-JPEG video, synthetic frames). A source hands out frames one at a
//! time; the scanner's capture thread pulls them as fast as the source gives them and keeps only
//! the newest for decoding.

#[cfg(feature = "camera")]
mod camera;
mod folder;
mod mjpeg;
mod synthetic;

#[cfg(feature = "camera")]
pub use camera::{list_cameras, CameraSource};
pub use folder::FolderSource;
pub use mjpeg::MjpegSource;
pub use synthetic::SyntheticSource;

use crate::{Frame, SourceError};
use serde::Serialize;

/// Something that produces frames.
pub trait FrameSource: Send {
    /// The next frame; blocks until one is available. [`SourceError::Exhausted`] ends a finite
    /// source.
    fn next_frame(&mut self) -> Result<Frame, SourceError>;
    /// A short human-readable description (camera name, folder path).
    fn describe(&self) -> String;
}

impl FrameSource for Box<dyn FrameSource> {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        (**self).next_frame()
    }
    fn describe(&self) -> String {
        (**self).describe()
    }
}

/// A camera the system offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CameraInfo {
    /// The name to pick it by (e.g. "HD Pro Webcam C920").
    pub name: String,
    /// The driver's description (e.g. the V4L2 device path).
    pub description: String,
    /// The backend's index of the device.
    pub index: u32,
}
