//! Bounds on the text the client keeps from a failed or unreadable answer: an error envelope's
//! message and details, and the reason a body could not be read. A broken or hostile central
//! system can make any of them megabytes long; what is kept (in errors, logs, the outbox and the
//! UI) stays small.

use serde_json::{Map, Value};

/// The most bytes of one text (a message, a reason, one detail string) that are kept.
pub const MAX_TEXT_BYTES: usize = 1024;
/// The most detail entries that are kept.
pub const MAX_DETAIL_ENTRIES: usize = 32;
/// The most bytes of details, as JSON, that are kept.
pub const MAX_DETAILS_BYTES: usize = 8 * 1024;
/// The longest detail key that is kept.
const MAX_KEY_BYTES: usize = 64;

/// `s` cut to at most [`MAX_TEXT_BYTES`] (on a character boundary), with `…` when cut.
pub fn text(mut s: String) -> String {
    if s.len() > MAX_TEXT_BYTES {
        let mut end = MAX_TEXT_BYTES - '…'.len_utf8();
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push('…');
    }
    s
}

/// The details worth keeping: short keys, strings cut as [`text`] cuts them, other values only
/// when small, at most [`MAX_DETAIL_ENTRIES`] entries and [`MAX_DETAILS_BYTES`] in all.
pub fn details(details: Map<String, Value>) -> Map<String, Value> {
    let mut kept = Map::new();
    let mut budget = MAX_DETAILS_BYTES;
    for (key, value) in details {
        if kept.len() == MAX_DETAIL_ENTRIES {
            break;
        }
        if key.len() > MAX_KEY_BYTES {
            continue;
        }
        let value = match value {
            Value::String(s) => Value::String(text(s)),
            other => other,
        };
        let size = key.len() + serde_json::to_string(&value).map_or(usize::MAX, |s| s.len());
        if size > MAX_TEXT_BYTES + MAX_KEY_BYTES || size > budget {
            continue;
        }
        budget -= size;
        kept.insert(key, value);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_on_a_character_boundary_with_an_ellipsis() {
        let s = text("ж".repeat(5_000));
        assert!(s.len() <= MAX_TEXT_BYTES, "{}", s.len());
        assert!(s.ends_with('…'));
        assert_eq!(text("short".into()), "short");
        let exact = "a".repeat(MAX_TEXT_BYTES);
        assert_eq!(text(exact.clone()), exact);
    }

    #[test]
    fn details_keep_small_values_and_drop_or_cut_large_ones() {
        let mut d = Map::new();
        d.insert("remaining".into(), Value::from(3));
        d.insert("note".into(), Value::from("x".repeat(100_000)));
        d.insert("blob".into(), Value::from(vec![1; 10_000]));
        d.insert("k".repeat(1_000), Value::from(1));
        let kept = details(d);
        assert_eq!(kept["remaining"], 3);
        assert!(kept["note"].as_str().unwrap().len() <= MAX_TEXT_BYTES);
        assert!(!kept.contains_key("blob"));
        assert_eq!(kept.len(), 2);
    }

    #[test]
    fn details_stop_at_the_entry_and_size_limits() {
        let many: Map<String, Value> = (0..10_000)
            .map(|i| (format!("k{i}"), Value::from(i)))
            .collect();
        assert_eq!(details(many).len(), MAX_DETAIL_ENTRIES);
        let big: Map<String, Value> = (0..30)
            .map(|i| (format!("k{i}"), Value::from("y".repeat(900))))
            .collect();
        let kept = details(big);
        assert!(serde_json::to_string(&kept).unwrap().len() <= MAX_DETAILS_BYTES + 64);
        assert!(kept.len() < 30);
    }
}
