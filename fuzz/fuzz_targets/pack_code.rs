//! `PackCode::parse` (GS1 marking codes) on arbitrary text: GS separators, `<GS>` text, FNC1
//! symbology identifiers, control and zero-width characters included. An accepted code keeps
//! its canonical element string in `raw`, which reads back as the same code, alone, with a
//! GS1 DataMatrix symbology identifier and line ending, and in the bracketed `(01)…` form when
//! its fields allow it; a refused code gets a readable error about the pack code.
#![no_main]

use dmed_api::ids::GS;
use dmed_api::{IdField, PackCode};
use dorixona_fuzz::{check_error, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let code = match PackCode::parse(&input) {
        Ok(code) => code,
        Err(e) => return check_error(&e, Some(IdField::PackCode)),
    };
    assert_eq!(code.raw, code.to_element_string());
    assert_eq!(code.gtin.len(), 14);
    assert!(!code.serial.is_empty());
    assert_eq!(PackCode::parse(&code.raw).as_ref(), Ok(&code));
    let scanned = format!("]d2{GS}{}\r\n", code.raw);
    assert_eq!(PackCode::parse(&scanned).as_ref(), Ok(&code), "{scanned:?}");
    let values = [
        Some(&code.serial),
        code.batch.as_ref(),
        code.key.as_ref(),
        code.crypto.as_ref(),
    ];
    if values.iter().flatten().all(|v| !v.contains(['(', ')'])) {
        let mut bracketed = format!("(01){}(21){}", code.gtin, code.serial);
        if let Some(e) = code.expiry {
            let m = u8::from(e.month());
            bracketed.push_str(&format!("(17){:02}{m:02}{:02}", e.year() % 100, e.day()));
        }
        for (ai, v) in [("10", &code.batch), ("91", &code.key), ("92", &code.crypto)] {
            if let Some(v) = v {
                bracketed.push_str(&format!("({ai}){v}"));
            }
        }
        assert_eq!(
            PackCode::parse(&bracketed).as_ref(),
            Ok(&code),
            "{bracketed:?}"
        );
    }
    let _ = (code.pack_id(), code.tail());
});
