//! What the camera manager tells the UI, as typed Tauri events (declared in the generated
//! bindings): decoded codes, the camera's state, and small preview pictures.

use serde::{Deserialize, Serialize};

/// The symbology of a decoded code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CodeFormat {
    Qr,
    Datamatrix,
}

impl From<scan::Format> for CodeFormat {
    fn from(f: scan::Format) -> Self {
        match f {
            scan::Format::Qr => CodeFormat::Qr,
            scan::Format::DataMatrix => CodeFormat::Datamatrix,
        }
    }
}

/// A code the camera read (not seen in the last 3 s).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct ScanCode {
    /// Identifies this read, for `scan_rendered`.
    pub id: u32,
    /// The decoded text; GS1 separators appear as GS (U+001D).
    pub text: String,
    pub format: CodeFormat,
}

/// The camera's state as the panel shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CameraState {
    /// Not started, or stopped.
    Off,
    /// Opening the camera.
    Starting,
    /// Frames are coming in.
    Running,
    /// No camera is attached, or the chosen one is missing.
    NoCamera,
    /// Another program holds the camera.
    Busy,
    /// The system refused access to the camera.
    PermissionDenied,
    /// Another failure; `detail` says what.
    Failed,
}

/// The camera's state with what is behind it.
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type, tauri_specta::Event,
)]
pub struct CameraStatus {
    pub state: CameraState,
    /// The source in use (camera name, folder), when known.
    pub source: Option<String>,
    /// The failure's text, for `failed` (and the driver's words for the others).
    pub detail: Option<String>,
}

impl CameraStatus {
    /// A status without source or detail.
    pub fn of(state: CameraState) -> Self {
        Self {
            state,
            source: None,
            detail: None,
        }
    }

    /// The status a scanner reports.
    pub fn from_source(status: &scan::SourceStatus, source: Option<String>) -> Self {
        let (state, detail) = match status {
            scan::SourceStatus::NoCamera => (CameraState::NoCamera, None),
            scan::SourceStatus::Busy => (CameraState::Busy, None),
            scan::SourceStatus::PermissionDenied => (CameraState::PermissionDenied, None),
            scan::SourceStatus::Running => (CameraState::Running, None),
            scan::SourceStatus::Stopped => (CameraState::Off, None),
            scan::SourceStatus::Failed(why) => (CameraState::Failed, Some(why.clone())),
        };
        Self {
            state,
            source,
            detail,
        }
    }

    /// The status of a source that could not be opened.
    pub fn from_error(e: &scan::SourceError, source: Option<String>) -> Self {
        let mut status = Self::from_source(&scan::SourceStatus::from(e), source);
        status.detail = Some(e.to_string());
        status
    }
}

/// A small JPEG of the current frame, a few times a second.
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type, tauri_specta::Event,
)]
pub struct CameraPreview {
    /// `data:image/jpeg;base64,…`
    pub data_url: String,
}

impl CameraPreview {
    /// A preview from JPEG bytes.
    pub fn from_jpeg(jpeg: &[u8]) -> Self {
        use base64::Engine;
        Self {
            data_url: format!(
                "data:image/jpeg;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(jpeg)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanner_states_map_onto_the_panel_states() {
        let map = |s| CameraStatus::from_source(&s, None).state;
        assert_eq!(map(scan::SourceStatus::NoCamera), CameraState::NoCamera);
        assert_eq!(map(scan::SourceStatus::Busy), CameraState::Busy);
        assert_eq!(
            map(scan::SourceStatus::PermissionDenied),
            CameraState::PermissionDenied
        );
        assert_eq!(map(scan::SourceStatus::Running), CameraState::Running);
        assert_eq!(map(scan::SourceStatus::Stopped), CameraState::Off);
        let e = scan::SourceError::Busy("device or resource busy".into());
        let st = CameraStatus::from_error(&e, Some("cam".into()));
        assert_eq!(st.state, CameraState::Busy);
        assert!(st.detail.unwrap().contains("busy"));
        let wire = serde_json::to_value(CameraStatus::of(CameraState::PermissionDenied)).unwrap();
        assert_eq!(wire["state"], "permission_denied");
    }

    #[test]
    fn a_preview_is_a_jpeg_data_url() {
        let p = CameraPreview::from_jpeg(&[0xff, 0xd8, 0xff]);
        assert_eq!(p.data_url, "data:image/jpeg;base64,/9j/");
    }
}
