//! Repeat suppression: a code seen again within the window of its previous sighting is not
//! reported again. Each sighting renews the window, so a code held in front of the camera is
//! reported once, and again only after it has been out of view for the whole window.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The repeat filter.
pub struct Dedup {
    window: Duration,
    seen: HashMap<String, Instant>,
}

impl Dedup {
    /// A filter with the given window (the scanner uses 3 s).
    pub fn new(window: Duration) -> Self {
        Self {
            window,
            seen: HashMap::new(),
        }
    }

    /// True when `text` seen at `now` is new (not seen within the window before `now`).
    pub fn admit(&mut self, text: &str, now: Instant) -> bool {
        let window = self.window;
        self.seen
            .retain(|_, at| now.checked_duration_since(*at).is_none_or(|d| d <= window));
        let fresh = !self.seen.contains_key(text);
        self.seen.insert(text.to_owned(), now);
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_within_three_seconds_are_dropped_and_later_ones_pass() {
        let t0 = Instant::now();
        let s = |ms: u64| t0 + Duration::from_millis(ms);
        let mut d = Dedup::new(Duration::from_secs(3));
        assert!(d.admit("A", s(0)));
        assert!(!d.admit("A", s(1000)));
        assert!(d.admit("B", s(1500)), "another code is not a repeat");
        assert!(
            !d.admit("A", s(3900)),
            "the sighting at 1 s renewed the window"
        );
        assert!(d.admit("A", s(7000)), "out of view for more than 3 s");
        assert!(!d.admit("A", s(9000)), "2 s after the sighting at 7 s");
    }
}
