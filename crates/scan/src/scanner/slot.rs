//! A one-place mailbox between the capture thread and the decode thread: putting a frame
//! replaces whatever was waiting, so the decoder always takes the newest frame and stale ones
//! are dropped, never queued.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

struct State<T> {
    item: Option<T>,
    closed: bool,
    replaced: u64,
}

/// The newest-item mailbox.
pub struct LatestSlot<T> {
    state: Mutex<State<T>>,
    ready: Condvar,
}

/// What [`LatestSlot::take`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Take<T> {
    /// The newest item.
    Item(T),
    /// Nothing arrived within the timeout.
    Empty,
    /// The producer closed the slot and nothing is left.
    Closed,
}

impl<T> Default for LatestSlot<T> {
    fn default() -> Self {
        Self {
            state: Mutex::new(State {
                item: None,
                closed: false,
                replaced: 0,
            }),
            ready: Condvar::new(),
        }
    }
}

impl<T> LatestSlot<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // A panic while holding this lock cannot leave the state inconsistent (plain stores).
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Puts `item`, dropping the one still waiting, if any.
    pub fn put(&self, item: T) {
        let mut s = self.lock();
        if s.item.replace(item).is_some() {
            s.replaced += 1;
        }
        self.ready.notify_one();
    }

    /// No more items will come; a waiting taker wakes up.
    pub fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }

    /// Takes the newest item, waiting up to `timeout` for one.
    pub fn take(&self, timeout: Duration) -> Take<T> {
        let mut s = self.lock();
        if s.item.is_none() && !s.closed {
            s = self
                .ready
                .wait_timeout_while(s, timeout, |s| s.item.is_none() && !s.closed)
                .map(|(g, _)| g)
                .unwrap_or_else(|p| p.into_inner().0);
        }
        match s.item.take() {
            Some(item) => Take::Item(item),
            None if s.closed => Take::Closed,
            None => Take::Empty,
        }
    }

    /// How many items were dropped because a newer one replaced them.
    pub fn replaced(&self) -> u64 {
        self.lock().replaced
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_item_is_taken() {
        let slot = LatestSlot::default();
        for i in 0..5 {
            slot.put(i);
        }
        assert_eq!(slot.take(Duration::ZERO), Take::Item(4));
        assert_eq!(slot.replaced(), 4);
        assert_eq!(slot.take(Duration::from_millis(5)), Take::Empty);
    }

    #[test]
    fn closing_wakes_the_taker_after_the_last_item() {
        let slot = std::sync::Arc::new(LatestSlot::default());
        slot.put(1);
        slot.close();
        assert_eq!(slot.take(Duration::ZERO), Take::Item(1));
        assert_eq!(slot.take(Duration::from_secs(5)), Take::Closed);
        let s2 = std::sync::Arc::new(LatestSlot::<u8>::default());
        let s3 = s2.clone();
        let t = std::thread::spawn(move || s3.take(Duration::from_secs(30)));
        std::thread::sleep(Duration::from_millis(20));
        s2.close();
        assert_eq!(t.join().unwrap(), Take::Closed);
    }
}
