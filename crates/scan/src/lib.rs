//! The counter's code scanner: frame sources (a camera, a folder of pictures, synthetic frames
//! for tests), the decode pipeline that reads DMED prescription QR codes and GS1 Data Matrix
//! pack codes from them, and the scanner thread that ties the two together.

pub mod decode;
pub mod error;
pub mod frame;

pub use decode::{CodeDecoder, DecodedCode, Decoder, Format, Strategy};
pub use error::{LoadError, SourceError};
pub use frame::Frame;
pub mod cli;
