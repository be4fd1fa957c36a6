//! `Pinfl::parse` on arbitrary text. An accepted PINFL is 14 ASCII digits whose birth date and
//! sex can be read, reads back from its canonical form (and from JSON) as the same value; a
//! refused one gets a readable error about the PINFL.
#![no_main]

use dmed_api::{IdField, Pinfl};
use dorixona_fuzz::{check_error, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    match Pinfl::parse(&input) {
        Ok(p) => {
            assert_eq!(p.as_str().len(), 14);
            assert!(p.as_str().bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(Pinfl::parse(p.as_str()).unwrap(), p);
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<Pinfl>(&json).unwrap(), p);
            let _ = (p.birth_date(), p.sex());
            assert_eq!(p.masked().len(), 14);
        }
        Err(e) => check_error(&e, Some(IdField::Pinfl)),
    }
});
