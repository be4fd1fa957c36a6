// End-to-end: a receipt printed on a real CUPS queue through the window. A manager chooses the
// queue in Settings, as ESC/POS and printed after each dispense; a dispense prints its receipt
// at once, and the job that reached the queue holds the dispense and the prescription, in code
// page 866 after the printer's initialisation.

import assert from "node:assert/strict";
import { test } from "node:test";

import { QUEUE, startCups } from "../lib/cups.mjs";
import { useXvfb, withApp } from "../lib/harness.mjs";
import { demoIn, dispenseWhatRemains, lookUp, signInAs, staffMember, tid } from "../lib/flows.mjs";

const xvfb = useXvfb();

/** Clicks the option `value` of the select `testId`. */
async function choose(s, testId, value) {
  await s.until(`${testId} = ${value}`, async () => {
    await (await s.waitFor(`${tid(testId)} option[value="${value}"]`)).click();
    const now = await s.execute("const el = document.querySelector(arguments[0]); return el ? el.value : null;", [
      tid(testId),
    ]);
    return now === value;
  });
}

test("a dispense's receipt prints at once on the CUPS queue chosen in Settings, as ESC/POS", async () => {
  const cups = await startCups();
  try {
    await withApp(
      "printing",
      xvfb.display,
      async (app) => {
        const s = app.session;
        await signInAs(app, staffMember(app.demo, "manager"));

        await (await s.waitFor(tid("settings-open"))).click();
        await s.waitFor(tid("print-settings"), { timeout: 15000 });
        await choose(s, "print-printer", QUEUE);
        await choose(s, "print-format", "esc_pos");
        await s.until("printing after each dispense chosen", async () => {
          const box = await s.waitFor(tid("print-after-dispense"));
          if (!(await box.property("checked"))) await box.click();
          return box.property("checked");
        });
        await (await s.waitFor(tid("print-save"))).click();
        await s.waitFor(tid("print-saved"), { timeout: 10000 });
        await app.screenshot("printing-settings");
        await (await s.waitFor(tid("settings-close"))).click();

        const rx = demoIn(app.demo, "chronic_active")[0];
        await lookUp(app, rx.payload);
        await dispenseWhatRemains(s);
        await s.waitFor(tid("dispense-result"), { timeout: 30000 });
        const printed = await s.waitFor(tid("auto-printed"), { timeout: 20000 });
        assert.match(await printed.text(), new RegExp(QUEUE));
        const id = await (await s.waitFor(tid("dispense-id"))).text();

        const job = await cups.nextJob();
        assert.deepEqual([...job.subarray(0, 5)], [0x1b, 0x40, 0x1b, 0x74, 17], "ESC/POS in code page 866");
        const text = job.toString("latin1");
        assert.ok(text.includes(id.trim()), "the dispense id reached the printer");
        assert.ok(text.includes(rx.number), "the prescription number reached the printer");
        await app.screenshot("printing-printed");
      },
      { CUPS_SERVER: cups.server },
    );
  } finally {
    await cups.stop();
  }
});
