// End-to-end: accessibility of every screen, checked by axe-core in the real window (WebKitGTK
// computes the layout and the colours, so colour contrast is checked too) with every rule on:
// sign-in, the counter with a prescription card, the dispense step, the result with the
// prescription's history, the settings dialog, reports, paper mode and the outbox while the
// central system is out, the conflict queue with a conflict in it, and the lock screen. Any
// violation fails the test, listed rule by rule with the elements found. Then large-text mode:
// chosen in Settings, it scales the window's text at once, the sign-in screen's too, is kept in
// the settings file, and is applied again when the window starts.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { assertAccessible, axeViolations } from "../lib/axe.mjs";
import { useXvfb, withApp } from "../lib/harness.mjs";
import {
  completeDispense,
  demoIn,
  fillPaperForm,
  sandboxControl,
  signInAs,
  staffMember,
  tid,
  trainingEndpoint,
  typeInto,
} from "../lib/flows.mjs";

const xvfb = useXvfb();

/** The root font size the window uses now, in px. */
const rootFontSize = (s) => s.execute("return parseFloat(getComputedStyle(document.documentElement).fontSize);");

/**
 * Types `text` into the counter's input as a person does, a key at a time, and presses Enter.
 * (WebDriver's synthetic keys carry no Shift; typed as one fast burst they would be read as a
 * scanner's, from the physical keys, and `:` would arrive as `;`.)
 */
async function typeLookup(s, text) {
  const input = await s.waitFor(tid("lookup-input"));
  await input.clear();
  await input.click();
  await s.typeKeys(text, { gapMs: 80, enter: true });
}

/** Clicks the checkbox `testId` until it is checked (a click can miss while the layout moves). */
async function check(s, testId) {
  await s.until(`${testId} checked`, async () => {
    const box = await s.waitFor(tid(testId));
    await s.execute("arguments[0].scrollIntoView({ block: 'center' });", [box.asArg()]);
    if (!(await box.property("checked"))) await box.click();
    return box.property("checked");
  });
}

/** Clicks the option `value` of the select `testId` until it is chosen. */
async function choose(s, testId, value) {
  await s.until(`${testId} = ${value}`, async () => {
    await (await s.waitFor(`${tid(testId)} option[value="${value}"]`)).click();
    const now = await s.execute("const el = document.querySelector(arguments[0]); return el ? el.value : null;", [
      tid(testId),
    ]);
    return now === value;
  });
}

test("every screen passes axe-core's rules, colour contrast included", async () => {
  await withApp("a11y-screens", xvfb.display, async (app) => {
    const s = app.session;
    const axe = async (screen) => {
      await app.screenshot(`a11y-${screen}`);
      await assertAccessible(s, screen);
    };

    await s.waitFor(tid("signin-submit"), { timeout: 45000 });
    await axe("sign-in");

    // The window computes contrast: light grey text on white is found.
    await s.execute(
      `const p = document.createElement("p"); p.id = "a11y-probe"; p.textContent = "probe";
       p.style.cssText = "color:#b8b8b8;background:#ffffff;font-size:16px";
       document.querySelector("main").append(p);`,
    );
    const found = await axeViolations(s, { context: "#a11y-probe" });
    await s.execute(`document.getElementById("a11y-probe").remove();`);
    assert.deepEqual(
      found.map((v) => v.id),
      ["color-contrast"],
      "axe-core in the window finds low contrast",
    );

    const manager = staffMember(app.demo, "manager");
    await signInAs(app, manager);
    await axe("counter");

    const rx = demoIn(app.demo, "chronic_active")[0];
    await typeLookup(s, rx.payload);
    await s.waitFor(tid("rx-status"), { timeout: 20000 });
    await s.until("the card announced to a screen reader", async () => {
      const said = await s.execute(
        `return document.querySelector('${tid("desk-current")} ${tid("lookup-announcement")}')?.textContent ?? "";`,
      );
      return String(said).replace(/-/g, "").includes(rx.number);
    });
    await axe("counter-with-card");

    await (await s.waitFor(tid("start-dispense"))).click();
    await s.waitFor('[data-testid^="product-select-"]:not([disabled])', { timeout: 20000 });
    await axe("dispense-step");

    await completeDispense(s);
    await s.waitFor(tid("dispense-result"), { timeout: 30000 });
    await s.waitFor(tid("history-entry"), { timeout: 20000 });
    await axe("result-and-history");

    await (await s.waitFor(tid("settings-open"))).click();
    await s.waitFor(tid("settings-dialog"));
    await s.waitFor(tid("cache-policy-form"), { timeout: 10000 });
    await axe("settings");
    await (await s.waitFor(tid("settings-close"))).click();

    await (await s.waitFor(tid("nav-reports"))).click();
    await s.until("the report's total", async () =>
      /\d/.test(
        String(await s.execute(`return document.querySelector('${tid("total-dispenses")}')?.textContent ?? "";`)),
      ),
    );
    await axe("reports");
    await (await s.waitFor(tid("nav-reports"))).click();
    await s.waitFor(tid("lookup-input"));

    // The central system goes away: the offline banner and paper mode. A paper record whose
    // patient is not the prescription's waits in the outbox, and becomes a conflict when sent.
    const endpoint = await trainingEndpoint(s);
    await s.waitFor(tid("outbox-empty"), { timeout: 20000 });
    await sandboxControl(endpoint, "faults", { outage: true });
    await s.waitFor(tid("offline-banner"), { timeout: 15000 });
    const other = demoIn(app.demo, "active").find((p) => p.pinfl !== "30211975910033");
    await fillPaperForm(s, { pinfl: "30211975910033", inn: other.inns[0] });
    await typeInto(s, "paper-number", other.number);
    await check(s, "paper-id-checked");
    await check(s, "paper-declaration");
    await axe("paper-mode");
    await (await s.waitFor(tid("paper-save"))).click();
    await s.waitFor(tid("paper-saved"), { timeout: 10000 });
    await s.until("the outbox to count the record", async () => {
      const el = await s.waitFor(tid("outbox-status"));
      return (await el.attribute("data-pending")) === "1";
    });
    await axe("paper-mode-offline-outbox");

    await sandboxControl(endpoint, "faults", {});
    await s.waitFor(tid("outbox-conflicts"), { timeout: 40000 });
    await (await s.waitFor(tid("nav-conflicts"))).click();
    await s.waitFor(tid("conflict"), { timeout: 15000 });
    await axe("conflict-queue");

    await (await s.waitFor(tid("nav-counter"))).click();
    await (await s.waitFor(tid("lock-now"))).click();
    await s.waitFor(tid("lock-screen"));
    await axe("lock-screen");
  });
});

test("large text: chosen in Settings, it scales the window's text at once, is kept, and comes back at start", async () => {
  await withApp("a11y-large-text", xvfb.display, async (app) => {
    const s = app.session;
    await s.waitFor(tid("signin-submit"), { timeout: 45000 });
    const normal = await rootFontSize(s);
    assert.equal(normal, 17, "the normal root font size");

    // On the sign-in screen, before anyone signs in: the device's setting.
    await (await s.waitFor(tid("settings-open"))).click();
    await choose(s, "settings-text-size", "150");
    await (await s.waitFor(tid("settings-save"))).click();
    await s.waitFor(tid("settings-saved"));
    await s.until("the text to grow by half", async () => (await rootFontSize(s)) === 25.5);
    await (await s.waitFor(tid("settings-close"))).click();
    await assertAccessible(s, "sign-in at 150 %");
    await app.screenshot("a11y-large-text");

    // Kept in the data directory's settings, and applied when the window starts.
    const saved = JSON.parse(readFileSync(join(app.dataDir, "settings.json"), "utf8"));
    assert.equal(saved.text_size, 150, "settings.json keeps the text size");
    await s.execute("location.reload();");
    await s.waitFor(tid("signin-submit"), { timeout: 45000 });
    await s.until("the large text again when the window starts", async () => (await rootFontSize(s)) === 25.5);
    await signInAs(app, staffMember(app.demo, "pharmacist"));
    assert.equal(await rootFontSize(s), 25.5, "signed in, the text stays large");

    // Back to the normal size, by a pharmacist: the size is anyone's to choose.
    await (await s.waitFor(tid("settings-open"))).click();
    await choose(s, "settings-text-size", "100");
    await (await s.waitFor(tid("settings-save"))).click();
    await s.until("the normal size again", async () => (await rootFontSize(s)) === 17);
  });
});
