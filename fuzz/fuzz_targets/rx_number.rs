//! `RxNumber::parse` on arbitrary text. An accepted number is 12 characters of `0-9A-Z` (`+` only
//! as the check character) and reads back as the same value from its canonical form, its printed
//! `XXXX-XXXX-XXXX` form, lower case and JSON; a refused one gets a readable error about the
//! prescription number.
#![no_main]

use dmed_api::{IdField, RxNumber};
use dorixona_fuzz::{check_error, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    match RxNumber::parse(&input) {
        Ok(n) => {
            let s = n.as_str();
            assert_eq!(s.len(), 12);
            assert!(s[..11]
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
            assert_eq!(RxNumber::parse(s).unwrap(), n);
            assert_eq!(RxNumber::parse(&n.display()).unwrap(), n);
            assert_eq!(RxNumber::parse(&s.to_lowercase()).unwrap(), n);
            assert_eq!(RxNumber::from_body(&s[..11]).unwrap(), n);
            let json = serde_json::to_string(&n).unwrap();
            assert_eq!(serde_json::from_str::<RxNumber>(&json).unwrap(), n);
        }
        Err(e) => check_error(&e, Some(IdField::PrescriptionNumber)),
    }
});
