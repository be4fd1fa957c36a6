//! What the fuzz targets share: how raw bytes become the text a scanner or keyboard would have
//! sent, and the checks every identifier error must pass (a message a person can read).

use dmed_api::ids::is_invisible;
use dmed_api::{IdError, IdField};
use std::borrow::Cow;

/// The bytes as text; invalid UTF-8 becomes U+FFFD, as a text field would show it.
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Checks an identifier error: it is about `field` (when given), its message is not empty and
/// never carries an invisible character raw, an invisible character is named by its code point,
/// and its details serialise.
pub fn check_error(e: &IdError, field: Option<IdField>) {
    if let Some(field) = field {
        assert_eq!(e.field(), field, "{e:?}");
    }
    let message = e.to_string();
    assert!(!message.is_empty());
    assert!(
        !message.chars().any(is_invisible),
        "raw invisible character in {message:?}"
    );
    if let IdError::ControlCharacter { found, .. } = e {
        let c = found.chars().next().expect("the character is kept");
        assert!(is_invisible(c), "{e:?}");
        assert!(
            message.contains(&format!("U+{:04X}", c as u32)),
            "{message}"
        );
    }
    assert!(e.details().contains_key("problem"), "{e:?}");
}
