// Scanner helpers for the end-to-end tests and the latency benchmark: the demo payloads known
// before the app starts (the demo is seeded with a fixed seed), QR pictures rendered offline,
// and the app's frame-to-screen latency figures read through its own IPC.

import { mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { SCAN_TOOL, seedDemo } from "./harness.mjs";

/** The demo information the app will seed (same binary, same fixed seed). */
export function knownDemo() {
  const dir = mkdtempSync(join(tmpdir(), "dorixona-demo-"));
  try {
    return seedDemo(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders `text` as a QR code into `path` (PNG) with the project's own encoder. */
export function renderQr(text, path) {
  const r = spawnSync(SCAN_TOOL, ["encode", text, "--out", path, "--scale", "8", "--border", "4"], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`rendering a QR code failed: ${r.stderr || r.error}`);
}

/** The app's latency summary (`scan_latency` command), from inside its window. */
export async function scanLatency(session) {
  return session.execute("return window.__TAURI_INTERNALS__.invoke('scan_latency');");
}

/** Characters a US keyboard types with Shift held (a wedge scanner presses Shift for them). */
const SHIFTED = new Set([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ~!@#$%^&*()_+{}|:"<>?']);
const SHIFT = "\uE008";
const ENTER = "\uE007";

/**
 * Sends `keys` and Enter as one burst, as a handheld scanner in keyboard-wedge mode does: each
 * key with Shift held where a US keyboard needs it (capitals, ":"), as fast as the driver goes.
 * The page records when each key arrives; if the driver could not keep every gap under 50 ms (a
 * busy machine), that attempt was typing, not a scan: `reset()` puts the screen back and the
 * burst is sent again, up to 5 times. Returns the largest gap of the burst that went through.
 */
export async function scanBurst(s, keys, reset) {
  const actions = [];
  for (const key of [...keys, ENTER]) {
    const shift = SHIFTED.has(key);
    if (shift) actions.push({ type: "keyDown", value: SHIFT });
    actions.push({ type: "keyDown", value: key }, { type: "keyUp", value: key });
    if (shift) actions.push({ type: "keyUp", value: SHIFT });
  }
  for (let attempt = 1; attempt <= 5; attempt++) {
    // A hand goes from the keyboard to the scanner: a key typed just before would join the burst.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await s.execute(
      "window.__keyTimes = []; if (!window.__keyRec) { window.__keyRec = true; window.addEventListener('keydown', (e) => { if (e.key !== 'Shift') window.__keyTimes.push(e.timeStamp); }, true); } return 1;",
    );
    await s.cmd("POST", "/actions", { actions: [{ type: "key", id: "scanner", actions }] });
    await s.cmd("DELETE", "/actions");
    const times = await s.execute("return window.__keyTimes;");
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    const gap = Math.max(...gaps);
    if (times.length === keys.length + 1 && gap < 45) return gap;
    console.log(
      `# the driver's burst had a ${gap.toFixed(0)} ms gap after key ${gaps.indexOf(gap) + 1} of ${times.length} (attempt ${attempt}); sending it again`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await reset();
  }
  throw new Error("the WebDriver server could not send a burst of keys under 50 ms apart");
}
