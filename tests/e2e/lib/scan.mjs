// Scanner helpers for the end-to-end tests and the latency benchmark: the demo payloads known
// before the app starts (the demo is seeded with a fixed seed), QR pictures rendered offline,
// and the app's frame-to-screen latency figures read through its own IPC.

import { mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { seedDemo } from "./harness.mjs";

/** The demo information the app will seed (same binary, same fixed seed). */
export function knownDemo() {
  const dir = mkdtempSync(join(tmpdir(), "dorixona-demo-"));
  try {
    return seedDemo(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders `text` as a QR code into `path` (PNG) with Python's `qrcode` (installed by setup). */
export function renderQr(text, path) {
  const script = [
    "import sys, qrcode",
    "img = qrcode.make(sys.argv[1], box_size=8, border=4)",
    "img.save(sys.argv[2])",
  ].join("\n");
  const r = spawnSync("python3", ["-c", script, text, path], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`rendering a QR code failed: ${r.stderr}`);
}

/** The app's latency summary (`scan_latency` command), from inside its window. */
export async function scanLatency(session) {
  return session.execute("return window.__TAURI_INTERNALS__.invoke('scan_latency');");
}
