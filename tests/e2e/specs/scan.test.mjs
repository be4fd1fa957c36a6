// End-to-end: the app with a file-backed camera (a folder holding a rendered QR code of a demo
// prescription) shows that prescription without anything typed, and says so in its camera panel;
// a handheld scanner in keyboard-wedge mode (a burst of keys through WebDriver) looks a
// prescription up from anywhere on the screen and, in the dispense step, adds a pack, while slow
// typing stays typing.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { useXvfb, withApp } from "../lib/harness.mjs";
import { knownDemo, renderQr, scanBurst, scanLatency } from "../lib/scan.mjs";

const tid = (id) => `[data-testid="${id}"]`;

const xvfb = useXvfb();
let pictures;

before(() => {
  pictures = mkdtempSync(join(tmpdir(), "dorixona-camera-"));
});

after(() => {
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

test("a handheld scanner's burst looks up from anywhere and adds packs in the dispense step; slow typing stays typing", async () => {
  const demo = knownDemo();
  const innOf = Object.fromEntries(demo.products.map((p) => [p.product_id, p.inn]));
  const rx = demo.prescriptions.find(
    (p) => p.state === "active" && demo.marking_codes.some((m) => p.inns.includes(innOf[m.product_id])),
  );
  assert.ok(rx, "the demo has an active prescription with an unsold pack of one of its medicines");
  const pack = demo.marking_codes.find((m) => rx.inns.includes(innOf[m.product_id]));
  // Scanners set to send a substitute for the invisible GS separator send "<GS>" (the default).
  const packKeys = pack.code.replaceAll("\u001d", "<GS>");

  await withApp(
    "scan-wedge",
    xvfb.display,
    async (app) => {
      const s = app.session;
      await signIn(app);
      const blur = () => s.execute("document.activeElement?.blur(); return document.activeElement?.tagName;");

      // Slow typing (120 ms between keys) is typing: the text stays in the field, nothing is looked up.
      const input = await s.waitFor(tid("lookup-input"));
      await input.click();
      await s.typeKeys(rx.number.slice(0, 6), { gapMs: 120 });
      assert.equal(await input.property("value"), rx.number.slice(0, 6));
      assert.equal((await s.findAll(tid("rx-card"))).length, 0, "nothing looked up");
      await input.clear();

      // A burst with the focus nowhere in particular is a scan, routed to the lookup.
      assert.equal(await blur(), "BODY");
      await scanBurst(s, rx.payload, async () => {
        await input.clear();
        await blur();
      });
      const number = await s.waitFor(tid("rx-number"), { timeout: 20000 });
      assert.equal((await number.text()).replace(/-/g, ""), rx.number);
      assert.equal(await (await s.waitFor(tid("lookup-input"))).property("value"), "", "the burst left no text");

      // In the dispense step a burst is a pack: checked and added to its item.
      await (await s.waitFor(tid("start-dispense"))).click();
      const packInput = await s.waitFor(tid("pack-input"), { timeout: 20000 });
      // Packs are matched against the local catalogue, synced after sign-in: wait for its products.
      await s.until("the catalogue's products in the dispense form", async () =>
        s.execute(
          'return document.querySelectorAll(\'[data-testid^="product-select-"] option[value]:not([value=""])\').length > 0;',
        ),
      );
      assert.equal(await blur(), "BODY");
      await scanBurst(s, packKeys, blur);
      const verdict = await s.until(
        "the pack to be added or refused",
        async () => {
          const [added] = await s.findAll(tid("pack-added"));
          const [refused] = await s.findAll(tid("pack-refusal"));
          if (refused) return { refused: await refused.text() };
          return added ? { added: await added.text() } : null;
        },
        { timeout: 20000 },
      );
      assert.ok(verdict.added?.trim(), `the pack is confirmed, not refused: ${JSON.stringify(verdict)}`);

      // The same pack again, scanned while "x" was typed in the pack field: refused as a
      // duplicate, and the field the burst landed in is as it was.
      const typeX = async () => {
        await packInput.clear();
        await packInput.click();
        await s.typeKeys("x");
      };
      await typeX();
      await scanBurst(s, packKeys, typeX);
      const refusal = await s.waitFor(tid("pack-refusal"), { timeout: 20000 });
      await s.until("the refusal to say the pack was already scanned", async () =>
        (await refusal.text()).includes("allaqachon skanerlangan"),
      );
      assert.equal(await packInput.property("value"), "x", "the burst's keys were taken back out of the field");
    },
    { DORIXONA_CAMERA_SOURCE: `folder:${pictures}/none` },
  );
});
