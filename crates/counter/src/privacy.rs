//! Masking of patients' PINFLs in everything the facade hands out.

use dmed_api::types::Prescription;
use dmed_api::Pinfl;

/// The PINFL with all but the first and last two digits replaced by `*`.
pub(crate) fn mask_pinfl(pinfl: &str) -> String {
    match Pinfl::parse(pinfl) {
        Ok(p) => p.masked(),
        // Not a valid PINFL: mask it all the same, keeping only its length.
        Err(_) => "*".repeat(pinfl.chars().count()),
    }
}

/// A copy of the prescription whose patient PINFL is masked.
pub(crate) fn masked(mut p: Prescription) -> Prescription {
    p.patient.pinfl = mask_pinfl(&p.patient.pinfl);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_pinfls_keep_two_digits_at_each_end() {
        assert_eq!(mask_pinfl("30211975910033"), "30**********33");
    }

    #[test]
    fn anything_else_is_masked_whole() {
        assert_eq!(mask_pinfl("12345"), "*****");
    }
}
