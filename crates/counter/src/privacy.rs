//! Patients' PINFLs stay inside the counter: masked in everything the facade hands out, and
//! replaced by a keyed hash where records only need to tell patients apart (reports).

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

/// A keyed hash of a PINFL: the same patient gives the same key in this database, and the key
/// reveals nothing without the database's own secret (`salt`).
pub(crate) fn patient_key(salt: &str, pinfl: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(salt.as_bytes())
        .chain_update(b":")
        .chain_update(pinfl.as_bytes())
        .finalize();
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patient_keys_tell_patients_apart_per_salt() {
        let a = patient_key("salt-1", "30211975910033");
        assert_eq!(a.len(), 32);
        assert_eq!(a, patient_key("salt-1", "30211975910033"));
        assert_ne!(a, patient_key("salt-1", "40211975910031"));
        assert_ne!(a, patient_key("salt-2", "30211975910033"));
        assert!(!a.contains("3021197"));
    }

    #[test]
    fn valid_pinfls_keep_two_digits_at_each_end() {
        assert_eq!(mask_pinfl("30211975910033"), "30**********33");
    }

    #[test]
    fn anything_else_is_masked_whole() {
        assert_eq!(mask_pinfl("12345"), "*****");
    }
}
