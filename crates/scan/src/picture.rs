//! Loading picture files as grayscale, for the command line and the folder source.

use crate::error::LoadError;
use std::path::Path;

/// Loads a picture (PNG, JPEG, GIF, BMP; format guessed from the content) as grayscale.
pub fn load_gray(path: &Path) -> Result<image::GrayImage, LoadError> {
    let img = image::ImageReader::open(path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|e| LoadError::Image {
            path: path.to_owned(),
            reason: e.to_string(),
        })?
        .decode()
        .map_err(|e| LoadError::Image {
            path: path.to_owned(),
            reason: e.to_string(),
        })?;
    Ok(img.to_luma8())
}
