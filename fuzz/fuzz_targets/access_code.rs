//! `AccessCode::parse` on arbitrary text. An accepted code is four ASCII digits and reads back
//! as the same value from its canonical form and JSON; a refused one gets a readable error about
//! the access code.
#![no_main]

use dmed_api::{AccessCode, IdField};
use dorixona_fuzz::{check_error, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    match AccessCode::parse(&input) {
        Ok(c) => {
            assert_eq!(c.as_str().len(), 4);
            assert!(c.as_str().bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(AccessCode::parse(c.as_str()).unwrap(), c);
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(serde_json::from_str::<AccessCode>(&json).unwrap(), c);
        }
        Err(e) => check_error(&e, Some(IdField::AccessCode)),
    }
});
