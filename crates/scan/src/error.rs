//! Typed errors of the scanner crate, each mapped to an [`ErrorCode`] of the contract so the
//! shell can show them like any other error.

use dmed_api::ErrorCode;
use std::path::PathBuf;

/// Why a frame source could not give a frame.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// No camera is attached (or none matches the requested name).
    #[error("no camera found{}", .0.as_deref().map(|n| format!(" named {n:?}")).unwrap_or_default())]
    NoCamera(Option<String>),
    /// The camera exists but another program holds it.
    #[error("the camera is busy: {0}")]
    Busy(String),
    /// The operating system refused access to the camera.
    #[error("access to the camera was denied: {0}")]
    PermissionDenied(String),
    /// The camera or its driver failed while streaming.
    #[error("camera error: {0}")]
    Camera(String),
    /// A file or folder could not be read.
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    /// A folder holds no image the decoder can read.
    #[error("no images in {0}")]
    NoImages(PathBuf),
    /// A finite source has given all its frames.
    #[error("no more frames")]
    Exhausted,
    /// A frame came in a pixel layout this crate does not convert.
    #[error("unsupported frame: {0}")]
    Unsupported(String),
}

impl SourceError {
    /// The contract's error code for this failure.
    pub fn code(&self) -> ErrorCode {
        match self {
            SourceError::NoCamera(_) | SourceError::Unsupported(_) => ErrorCode::InvalidSetting,
            SourceError::Busy(_) | SourceError::Camera(_) => ErrorCode::Internal,
            SourceError::PermissionDenied(_) => ErrorCode::Forbidden,
            SourceError::Read { .. } | SourceError::NoImages(_) => ErrorCode::StorageError,
            SourceError::Exhausted => ErrorCode::NotFound,
        }
    }
}

/// Why an image could not be loaded for decoding.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be opened or decoded as an image.
    #[error("cannot load {path}: {reason}")]
    Image { path: PathBuf, reason: String },
}

impl LoadError {
    /// The contract's error code for this failure.
    pub fn code(&self) -> ErrorCode {
        ErrorCode::StorageError
    }
}
