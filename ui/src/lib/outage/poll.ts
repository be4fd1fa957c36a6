//! Calls `tick` now and then every `everyMs` until the returned stop function is called; a
//! call still running is not started again (a slow backend never piles calls up).

export function poll(tick: () => Promise<void>, everyMs: number): () => void {
  let stopped = false;
  let running = false;
  const run = async () => {
    if (stopped || running) return;
    running = true;
    try {
      await tick();
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), everyMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
