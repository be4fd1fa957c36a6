//! `LookupKey::parse`, the single counter input (QR payload, typed number with or without its
//! code, PINFL), on arbitrary text. An accepted key is rendered back in every form that can
//! carry it (`DMEDRX:1:…`, the URL, `NUMBER CODE`, the bare number or PINFL) and each reads as
//! the same key; a refused input gets a readable error.
#![no_main]

use dmed_api::LookupKey;
use dorixona_fuzz::{check_error, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let key = match LookupKey::parse(&input) {
        Ok(key) => key,
        Err(e) => return check_error(&e, None),
    };
    let forms = match &key {
        LookupKey::Number {
            number,
            code: Some(code),
        } => vec![
            format!("DMEDRX:1:{}:{}", number.as_str(), code.as_str()),
            format!("https://dmed.uz/rx/{}?c={}", number.as_str(), code.as_str()),
            format!("{} {}", number.display(), code.as_str()),
        ],
        LookupKey::Number { number, code: None } => {
            vec![number.as_str().to_owned(), number.display()]
        }
        LookupKey::Pinfl(p) => vec![p.as_str().to_owned()],
    };
    for form in forms {
        assert_eq!(LookupKey::parse(&form).as_ref(), Ok(&key), "{form:?}");
    }
});
