//! Which frame source the scanner uses: a real camera (by name), a folder of pictures, or
//! synthetic frames of given payloads. Chosen by `DORIXONA_CAMERA_SOURCE` when set, so the
//! end-to-end tests and the latency benchmark run without hardware.
//!
//! Spellings: `camera` or `camera:<name>`; `folder:<path>` (pictures played in name order,
//! looping, 10 per second); `synthetic:<payload>|<payload>|…` (each payload shown for 300 ms,
//! then 700 ms of frames without a code, 30 frames a second at 1280×720).

use std::path::PathBuf;

/// The environment variable that overrides the camera.
pub const ENV_SOURCE: &str = "DORIXONA_CAMERA_SOURCE";

/// A frame source, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceSpec {
    /// A camera; `None` takes the first one.
    Camera(Option<String>),
    /// The pictures of a folder (or one picture).
    Folder(PathBuf),
    /// Synthetic frames showing these payloads in turn.
    Synthetic(Vec<String>),
}

/// Why a source spelling was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a camera source: use camera[:NAME], folder:PATH or synthetic:PAYLOAD|…")]
pub struct BadSpec(pub String);

impl SourceSpec {
    /// Parses a spelling (see the module documentation).
    pub fn parse(text: &str) -> Result<Self, BadSpec> {
        let text = text.trim();
        let (kind, rest) = text.split_once(':').unwrap_or((text, ""));
        match kind {
            "camera" => Ok(SourceSpec::Camera(
                Some(rest.trim())
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned),
            )),
            "folder" if !rest.trim().is_empty() => Ok(SourceSpec::Folder(PathBuf::from(rest))),
            "synthetic" => {
                let payloads: Vec<String> = rest
                    .split('|')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect();
                if payloads.is_empty() {
                    Err(BadSpec(text.to_owned()))
                } else {
                    Ok(SourceSpec::Synthetic(payloads))
                }
            }
            _ => Err(BadSpec(text.to_owned())),
        }
    }

    /// The source to use: the environment override when set, else the camera `asked` for,
    /// else the `saved` camera choice, else the first camera.
    pub fn choose(
        env: Option<&str>,
        asked: Option<&str>,
        saved: Option<&str>,
    ) -> Result<Self, BadSpec> {
        if let Some(env) = env.filter(|e| !e.trim().is_empty()) {
            return Self::parse(env);
        }
        let name = asked.or(saved).map(str::trim).filter(|n| !n.is_empty());
        Ok(SourceSpec::Camera(name.map(str::to_owned)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_parse_into_sources() {
        assert_eq!(SourceSpec::parse("camera"), Ok(SourceSpec::Camera(None)));
        assert_eq!(
            SourceSpec::parse("camera:HD Webcam"),
            Ok(SourceSpec::Camera(Some("HD Webcam".into())))
        );
        assert_eq!(
            SourceSpec::parse("folder:/tmp/qr"),
            Ok(SourceSpec::Folder("/tmp/qr".into()))
        );
        assert_eq!(
            SourceSpec::parse("synthetic:DMEDRX:1:A:1234| DMEDRX:1:B:5678 "),
            Ok(SourceSpec::Synthetic(vec![
                "DMEDRX:1:A:1234".into(),
                "DMEDRX:1:B:5678".into()
            ]))
        );
        for bad in ["", "folder:", "synthetic:", "webcam:x"] {
            assert!(SourceSpec::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_environment_wins_then_the_request_then_the_setting() {
        assert_eq!(
            SourceSpec::choose(Some("folder:/x"), Some("A"), Some("B")),
            Ok(SourceSpec::Folder("/x".into()))
        );
        assert_eq!(
            SourceSpec::choose(None, Some("A"), Some("B")),
            Ok(SourceSpec::Camera(Some("A".into())))
        );
        assert_eq!(
            SourceSpec::choose(Some(" "), None, Some("B")),
            Ok(SourceSpec::Camera(Some("B".into())))
        );
        assert_eq!(
            SourceSpec::choose(None, None, None),
            Ok(SourceSpec::Camera(None))
        );
    }
}
