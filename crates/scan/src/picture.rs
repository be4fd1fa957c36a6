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

/// A clean QR code of `text` as a picture: `scale` pixels per module and a quiet zone of
/// `border` modules, black on white. For test pictures (`dorixona-scan encode`) and support.
pub fn render_qr(
    text: &str,
    scale: u32,
    border: u32,
) -> Result<image::GrayImage, qrcode::types::QrError> {
    let code = qrcode::QrCode::new(text.as_bytes())?;
    let modules = code.width() as u32;
    let colors = code.to_colors();
    let scale = scale.max(1);
    let side = (modules + 2 * border) * scale;
    Ok(image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        let inside =
            (border..border + modules).contains(&mx) && (border..border + modules).contains(&my);
        let dark = inside
            && colors[((my - border) * modules + (mx - border)) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    }))
}
