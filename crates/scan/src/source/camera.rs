//! The webcam source (nokhwa; V4L2 on Linux): lists cameras, opens one by name, negotiates
//! 1280×720 in MJPEG or YUYV, and turns each captured buffer into a grayscale frame. The
//! scanner's capture thread reads it continuously, so the decoder only ever sees the newest
//! frame, never one queued in the driver.

use super::CameraInfo;
use crate::frame::luma_of_yuyv;
use crate::{Frame, SourceError};
use image::GrayImage;
use nokhwa::pixel_format::LumaFormat;
use nokhwa::utils::{
    ApiBackend, CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType,
    Resolution,
};
use nokhwa::{Camera, NokhwaError};

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 720;
const FPS: u32 = 30;

fn backend() -> Result<ApiBackend, SourceError> {
    nokhwa::native_api_backend().ok_or(SourceError::NoCamera(None))
}

/// Classifies a driver error by what the user can do about it.
fn classify(e: NokhwaError) -> SourceError {
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("busy") || lower.contains("ebusy") {
        SourceError::Busy(text)
    } else if lower.contains("permission") || lower.contains("eacces") || lower.contains("denied") {
        SourceError::PermissionDenied(text)
    } else {
        SourceError::Camera(text)
    }
}

/// The cameras the system offers (empty when there are none).
pub fn list_cameras() -> Result<Vec<CameraInfo>, SourceError> {
    let cams = nokhwa::query(backend()?).map_err(classify)?;
    Ok(cams
        .into_iter()
        .map(|c| CameraInfo {
            name: c.human_name(),
            description: c.description().to_owned(),
            index: match c.index() {
                CameraIndex::Index(i) => *i,
                CameraIndex::String(_) => 0,
            },
        })
        .collect())
}

/// Which of the cameras called `names` to open for `wanted`: the first when nothing is asked
/// for; else the one of exactly that name (two of one model: "USB Camera" is not "USB Camera
/// 2"), else the first whose name contains it, ignoring case and surrounding spaces.
fn pick(names: &[String], wanted: Option<&str>) -> Option<usize> {
    let Some(wanted) = wanted.map(str::trim).filter(|w| !w.is_empty()) else {
        return (!names.is_empty()).then_some(0);
    };
    let lower = wanted.to_lowercase();
    names
        .iter()
        .position(|n| n.trim() == wanted)
        .or_else(|| names.iter().position(|n| n.trim().to_lowercase() == lower))
        .or_else(|| names.iter().position(|n| n.to_lowercase().contains(&lower)))
}

/// An open, streaming camera.
pub struct CameraSource {
    camera: Camera,
    name: String,
    seq: u64,
}

impl CameraSource {
    /// Opens the camera whose name contains `name` (case-insensitive), or the first one when
    /// `name` is `None`, asking for 1280×720 MJPEG, then YUYV, then whatever is closest.
    pub fn open(name: Option<&str>) -> Result<Self, SourceError> {
        let cams = nokhwa::query(backend()?).map_err(classify)?;
        let names: Vec<String> = cams.iter().map(|c| c.human_name()).collect();
        let chosen = pick(&names, name)
            .and_then(|i| cams.get(i))
            .ok_or_else(|| SourceError::NoCamera(name.map(str::to_owned)))?;
        let index = chosen.index().clone();
        let mut last_err = None;
        for fourcc in [FrameFormat::MJPEG, FrameFormat::YUYV] {
            let wanted = CameraFormat::new(Resolution::new(WIDTH, HEIGHT), fourcc, FPS);
            let request = RequestedFormat::new::<LumaFormat>(RequestedFormatType::Closest(wanted));
            match Camera::new(index.clone(), request) {
                Ok(mut camera) => {
                    camera.open_stream().map_err(classify)?;
                    return Ok(Self {
                        camera,
                        name: chosen.human_name(),
                        seq: 0,
                    });
                }
                Err(e) => last_err = Some(e),
            }
        }
        let request =
            RequestedFormat::new::<LumaFormat>(RequestedFormatType::AbsoluteHighestFrameRate);
        let mut camera =
            Camera::new(index, request).map_err(|e| classify(last_err.unwrap_or(e)))?;
        camera.open_stream().map_err(classify)?;
        Ok(Self {
            camera,
            name: chosen.human_name(),
            seq: 0,
        })
    }

    /// The negotiated format, e.g. `1280x720 MJPEG @ 30`.
    pub fn format(&self) -> String {
        let f = self.camera.camera_format();
        format!(
            "{}x{} {} @ {}",
            f.width(),
            f.height(),
            f.format(),
            f.frame_rate()
        )
    }
}

/// The grayscale plane of one captured buffer.
fn to_luma(
    format: FrameFormat,
    data: &[u8],
    width: u32,
    height: u32,
) -> Result<GrayImage, SourceError> {
    let bad = || {
        SourceError::Unsupported(format!(
            "{format} buffer of {} bytes for {width}x{height}",
            data.len()
        ))
    };
    match format {
        FrameFormat::MJPEG => image::load_from_memory_with_format(data, image::ImageFormat::Jpeg)
            .map(|i| i.to_luma8())
            .map_err(|e| SourceError::Unsupported(format!("MJPEG frame: {e}"))),
        FrameFormat::YUYV => luma_of_yuyv(data, width, height).ok_or_else(bad),
        FrameFormat::NV12 | FrameFormat::GRAY => {
            let n = (width as usize) * (height as usize);
            data.get(..n)
                .and_then(|d| GrayImage::from_raw(width, height, d.to_vec()))
                .ok_or_else(bad)
        }
        FrameFormat::RAWRGB | FrameFormat::RAWBGR => {
            let n = (width as usize) * (height as usize) * 3;
            let rgb = data
                .get(..n)
                .and_then(|d| image::RgbImage::from_raw(width, height, d.to_vec()))
                .ok_or_else(bad)?;
            Ok(crate::frame::luma_of_rgb(&rgb))
        }
    }
}

impl super::FrameSource for CameraSource {
    fn next_frame(&mut self) -> Result<Frame, SourceError> {
        let buf = self.camera.frame().map_err(classify)?;
        let res = buf.resolution();
        let luma = to_luma(
            buf.source_frame_format(),
            buf.buffer(),
            res.width(),
            res.height(),
        )?;
        let frame = Frame::from_luma(luma, self.seq);
        self.seq += 1;
        Ok(frame)
    }

    fn describe(&self) -> String {
        format!("camera {} ({})", self.name, self.format())
    }
}

impl Drop for CameraSource {
    fn drop(&mut self) {
        let _ = self.camera.stop_stream();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuyv_and_gray_buffers_become_luma_and_short_buffers_are_errors() {
        let yuyv = [1, 0, 2, 0, 3, 0, 4, 0];
        assert_eq!(
            to_luma(FrameFormat::YUYV, &yuyv, 2, 2).unwrap().as_raw(),
            &vec![1, 2, 3, 4]
        );
        assert_eq!(
            to_luma(FrameFormat::GRAY, &[9, 8, 7, 6], 2, 2)
                .unwrap()
                .as_raw(),
            &vec![9, 8, 7, 6]
        );
        assert!(matches!(
            to_luma(FrameFormat::YUYV, &yuyv[..3], 2, 2),
            Err(SourceError::Unsupported(_))
        ));
        assert!(matches!(
            to_luma(FrameFormat::MJPEG, b"not a jpeg", 2, 2),
            Err(SourceError::Unsupported(_))
        ));
    }

    #[test]
    fn a_camera_is_picked_by_exact_name_before_a_partial_one() {
        let names: Vec<String> = ["USB Camera 2", "USB Camera", "HD Pro Webcam C920"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            pick(&names, None),
            Some(0),
            "the first when none is asked for"
        );
        assert_eq!(pick(&names, Some("  ")), Some(0));
        assert_eq!(
            pick(&names, Some("USB Camera")),
            Some(1),
            "exact beats partial"
        );
        assert_eq!(
            pick(&names, Some("usb camera")),
            Some(1),
            "then ignoring case"
        );
        assert_eq!(
            pick(&names, Some("c920")),
            Some(2),
            "then a part of the name"
        );
        assert_eq!(pick(&names, Some("Logitech Brio")), None);
        assert_eq!(pick(&[], None), None, "no camera at all");
    }

    #[test]
    fn driver_errors_are_classified() {
        assert!(matches!(
            classify(NokhwaError::OpenDeviceError(
                "/dev/video0".into(),
                "Device or resource busy".into()
            )),
            SourceError::Busy(_)
        ));
        assert!(matches!(
            classify(NokhwaError::OpenDeviceError(
                "/dev/video0".into(),
                "Permission denied".into()
            )),
            SourceError::PermissionDenied(_)
        ));
        assert!(matches!(
            classify(NokhwaError::ReadFrameError("timeout".into())),
            SourceError::Camera(_)
        ));
    }
}

#[cfg(test)]
mod open_tests {
    use super::*;

    #[test]
    fn asking_for_a_camera_that_is_not_there_says_no_camera() {
        // Works with or without cameras attached: no device has this name.
        match CameraSource::open(Some("no such camera 7f3a")) {
            Err(SourceError::NoCamera(Some(name))) => assert_eq!(name, "no such camera 7f3a"),
            Err(other) => panic!("expected NoCamera, got {other}"),
            Ok(_) => panic!("opened a camera that does not exist"),
        }
        // Listing never panics; on a machine without cameras it is empty.
        if let Ok(cams) = list_cameras() {
            assert!(cams.iter().all(|c| !c.name.contains("7f3a")));
        }
    }
}
