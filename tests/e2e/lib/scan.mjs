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
