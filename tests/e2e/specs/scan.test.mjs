// End-to-end: the app with a file-backed camera (a folder holding a rendered QR code of a demo
// prescription) shows that prescription without anything typed, and says so in its camera panel.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { checkPrerequisites, startXvfb, stop, withApp } from "../lib/harness.mjs";
import { knownDemo, renderQr, scanLatency } from "../lib/scan.mjs";

const tid = (id) => `[data-testid="${id}"]`;

let xvfb;
let pictures;

before(async () => {
  checkPrerequisites();
  xvfb = await startXvfb();
  pictures = mkdtempSync(join(tmpdir(), "dorixona-camera-"));
});

after(async () => {
  await stop(xvfb?.child);
  if (pictures) rmSync(pictures, { recursive: true, force: true });
});

async function signIn(app) {
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
  await s.waitFor(tid("lookup-input"), { timeout: 20000 });
}

test("a QR code in front of the (file-backed) camera opens its prescription without typing", async () => {
  const demo = knownDemo();
  const rx = demo.prescriptions.find((p) => p.state === "active");
  assert.ok(rx, "the demo has an active prescription");
  renderQr(rx.payload, join(pictures, "rx.png"));

  await withApp(
    "scan-camera",
    xvfb.display,
    async (app) => {
      assert.equal(app.demo.prescriptions.find((p) => p.state === "active")?.payload, rx.payload);
      const s = app.session;
      await signIn(app);
      const panel = await s.waitFor(tid("camera-panel"));
      await s.until("the camera panel to be running", async () => (await panel.attribute("data-state")) === "running");
      const number = await s.waitFor(tid("rx-number"), { timeout: 20000 });
      assert.equal((await number.text()).replace(/-/g, ""), rx.number);
      const input = await s.waitFor(tid("lookup-input"));
      assert.equal(await input.property("value"), "", "nothing was typed");
      await s.waitFor(tid("camera-preview"));
      const latency = await s.until("the read to be reported on screen", async () => {
        const l = await scanLatency(s);
        return l.count > 0 ? l : null;
      });
      assert.ok(latency.p50_ms > 0, "a frame-to-screen time was measured");
    },
    { DORIXONA_CAMERA_SOURCE: `folder:${pictures}` },
  );
});
