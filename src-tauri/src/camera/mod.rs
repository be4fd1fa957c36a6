//! The camera in the shell: which source to scan ([`spec`]), a synthetic source with capture
//! stamps for tests and the latency benchmark ([`timed`]), the manager that owns the scanner
//! thread ([`manager`]), the events it sends to the UI ([`events`]) and the frame-to-screen
//! latency log ([`latency`]).

pub mod events;
pub mod latency;
pub mod manager;
pub mod spec;
pub mod timed;

pub use events::{CameraPreview, CameraState, CameraStatus, CodeFormat, ScanCode};
pub use latency::{LatencySummary, ReadTiming, UiStages};
pub use manager::{list_cameras, CameraEvent, CameraManager, Sink};
pub use spec::{SourceSpec, ENV_SOURCE};
