//! The counter's code scanner: frame sources (a camera, a folder of pictures, synthetic frames
//! for tests), the decode pipeline that reads DMED prescription QR codes and GS1 Data Matrix
//! pack codes from them, and the scanner thread that ties the two together.
//!
//! ```no_run
//! use scan::{Scanner, ScanEvent, source::FolderSource};
//! let source = FolderSource::open("pictures/").unwrap();
//! let handle = Scanner::spawn(source, |event| {
//!     if let ScanEvent::Code(code) = event {
//!         println!("{}", code.text);
//!     }
//! });
//! handle.stop();
//! ```

pub mod cli;
pub mod decode;
pub mod error;
pub mod frame;
pub mod picture;
pub mod scanner;
pub mod source;

pub use decode::{CodeDecoder, DecodedCode, Decoder, Format, Strategy};
pub use error::{LoadError, SourceError};
pub use frame::Frame;
pub use scanner::{ScanEvent, ScanStats, Scanner, ScannerConfig, ScannerHandle, SourceStatus};
#[cfg(feature = "camera")]
pub use source::{list_cameras, CameraSource};
pub use source::{CameraInfo, FolderSource, FrameSource, MjpegSource, SyntheticSource};
