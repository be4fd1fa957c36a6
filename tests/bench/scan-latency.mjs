// Frame-to-screen latency through the real app: the app runs with the synthetic camera source
// showing the demo prescriptions' QR codes in turn (one a second, 1280×720 frames at 30 fps),
// the training sandbox on loopback, and reports for each read the time from the capture of the
// first frame showing the code to the prescription card being painted (the UI answers after
// the DOM update, in requestAnimationFrame). Prints p50 / p95 over N reads (default 50).
//
//   bash tests/bench/scan-latency.sh [N]     (uses target/debug unless DORIXONA_E2E_PROFILE=release)

import { test } from "node:test";
import assert from "node:assert/strict";

import { useXvfb, withApp } from "../e2e/lib/harness.mjs";
import { knownDemo, scanLatency } from "../e2e/lib/scan.mjs";

const N = Number(process.env.SCAN_LATENCY_N ?? 50);

/** Nearest-rank percentile of numbers. */
function pct(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

/** Where the time went: p50 / p95 of each stage, then the slowest reads one by one. */
function printStages(reads) {
  const stages = (r) => {
    const ui = r.ui ?? { lookup_ms: NaN, dom_ms: NaN, paint_ms: NaN };
    return {
      total: r.total_ms,
      decode: r.decode_ms,
      lookup: ui.lookup_ms,
      dom: ui.dom_ms - ui.lookup_ms,
      paint: ui.paint_ms - ui.dom_ms,
      ipc: r.ipc_ms ?? NaN,
    };
  };
  const rows = reads.map(stages);
  const f = (x) => (x === null || Number.isNaN(x) ? "-" : x.toFixed(1));
  for (const name of ["decode", "ipc", "lookup", "dom", "paint"]) {
    const v = rows.map((r) => r[name]).filter((x) => !Number.isNaN(x));
    console.log(
      `scan-latency stage ${name}: p50=${f(pct(v, 0.5))} ms p95=${f(pct(v, 0.95))} ms max=${f(pct(v, 1))} ms`,
    );
  }
  const slow = rows
    .map((r, i) => ({ ...r, i }))
    .sort((a, b) => b.total - a.total)
    .slice(0, 6);
  for (const r of slow) {
    console.log(
      `scan-latency slow read #${r.i}: total=${f(r.total)} decode=${f(r.decode)} ipc=${f(r.ipc)} lookup=${f(r.lookup)} dom=${f(r.dom)} paint=${f(r.paint)}`,
    );
  }
}
const tid = (id) => `[data-testid="${id}"]`;
const xvfb = useXvfb();

test(`frame → prescription on screen, ${N} reads`, { timeout: 600000 }, async () => {
  const demo = knownDemo();
  const payloads = demo.prescriptions.slice(0, 6).map((p) => p.payload);
  assert.ok(payloads.length >= 4, "at least 4 payloads, so none repeats within the 3 s window");
  await withApp(
    "scan-latency",
    xvfb.display,
    async (app) => {
      const s = app.session;
      await s.waitFor(tid("training-ribbon"), { timeout: 45000 });
      const creds = app.demo.pharmacies[0];
      for (const [id, value] of [
        ["signin-pharmacy", creds.pharmacy_id],
        ["signin-login", creds.login],
        ["signin-secret", creds.secret],
      ]) {
        const input = await s.waitFor(tid(id));
        await input.clear();
        await input.sendKeys(value);
      }
      await (await s.waitFor(tid("signin-submit"))).click();
      await s.waitFor(tid("camera-panel"), { timeout: 20000 });
      const summary = await s.until(
        `${N} reads on screen`,
        async () => {
          const l = await scanLatency(s);
          return l.count >= N ? l : null;
        },
        { timeout: (N * 1.5 + 30) * 1000 },
      );
      const f = (x) => (x === null ? "-" : x.toFixed(1));
      console.log(
        `scan-latency: n=${summary.count} p50=${f(summary.p50_ms)} ms p95=${f(summary.p95_ms)} ms max=${f(summary.max_ms)} ms`,
      );
      console.log(`scan-latency samples: ${summary.samples_ms.map((x) => x.toFixed(1)).join(" ")}`);
      printStages(summary.reads);
    },
    { DORIXONA_CAMERA_SOURCE: `synthetic:${payloads.join("|")}` },
  );
});
