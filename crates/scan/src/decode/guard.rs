//! Panic containment: third-party decoders are known to panic on some inputs, so every call
//! into one runs inside `catch_unwind` and a panic becomes "nothing found".

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `f`; a panic inside it yields `None` instead of unwinding into the caller.
pub fn contain<T>(f: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_none_and_a_value_passes_through() {
        assert_eq!(contain(|| 7), Some(7));
        let r: Option<u8> = contain(|| panic!("decoder fault"));
        assert_eq!(r, None);
    }
}
