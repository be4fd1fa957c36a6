//! What the scanner's decode lanes share: one way out for events (the caller's callback, called
//! by one lane at a time, panics contained) with one repeat filter, so a code read by both lanes
//! is reported once; and the lower scheduling priority of the second lane.

use super::{Dedup, ScanEvent};
use crate::decode::{contain, DecodedCode};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Plain values behind these locks: a panic elsewhere cannot leave them half-changed.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The scanner's events, as the lanes send them.
pub(super) struct Emitter {
    on_event: Mutex<Box<dyn Fn(ScanEvent) + Send>>,
    dedup: Mutex<Dedup>,
}

impl Emitter {
    pub(super) fn new(on_event: impl Fn(ScanEvent) + Send + 'static, window: Duration) -> Self {
        Self {
            on_event: Mutex::new(Box::new(on_event)),
            dedup: Mutex::new(Dedup::new(window)),
        }
    }

    /// Sends `event`; a failing callback must not take the scanner down.
    pub(super) fn emit(&self, event: ScanEvent) {
        let f = lock(&self.on_event);
        let _ = contain(|| f(event));
    }

    /// Sends the codes not seen within the repeat window before `now`.
    pub(super) fn codes(&self, codes: Vec<DecodedCode>, now: Instant) {
        for code in codes {
            let new = lock(&self.dedup).admit(&code.text, now);
            if new {
                self.emit(ScanEvent::Code(code));
            }
        }
    }
}

/// Lowers the calling thread's priority (Linux: nice 10 for this thread only), so the thorough
/// lane takes what the quick lane, the window and the rest of the app leave over. Elsewhere, or
/// if the system refuses, the thread keeps its priority (returns false).
pub(super) fn lower_priority() -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: gettid and setpriority take plain integers and touch no memory of ours. On
        // Linux the nice value is per thread, and PRIO_PROCESS with a thread id sets just it.
        unsafe {
            let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
            libc::setpriority(libc::PRIO_PROCESS, tid, 10) == 0
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Format;
    use std::sync::Arc;

    fn code(text: &str) -> DecodedCode {
        DecodedCode {
            text: text.into(),
            format: Format::Qr,
            corners: [[0.0; 2]; 4],
        }
    }

    #[test]
    fn a_code_read_by_both_lanes_is_sent_once_and_a_failing_callback_is_contained() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let emitter = Emitter::new(
            move |e| {
                if let ScanEvent::Code(c) = e {
                    if c.text == "BOOM" {
                        panic!("callback fault");
                    }
                    sink.lock().unwrap().push(c.text);
                }
            },
            Duration::from_secs(3),
        );
        let t0 = Instant::now();
        emitter.codes(vec![code("A")], t0);
        emitter.codes(vec![code("A"), code("B")], t0 + Duration::from_millis(40));
        emitter.codes(vec![code("BOOM")], t0);
        emitter.codes(vec![code("C")], t0);
        assert_eq!(*seen.lock().unwrap(), ["A", "B", "C"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_second_lane_runs_at_a_lower_priority() {
        let nice = std::thread::spawn(|| {
            assert!(lower_priority());
            // SAFETY: plain integer arguments.
            unsafe {
                let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
                libc::getpriority(libc::PRIO_PROCESS, tid)
            }
        })
        .join()
        .unwrap();
        // SAFETY: as above, for this thread.
        let ours = unsafe {
            libc::getpriority(
                libc::PRIO_PROCESS,
                libc::syscall(libc::SYS_gettid) as libc::id_t,
            )
        };
        assert_eq!(nice, (ours + 10).min(19));
    }
}
