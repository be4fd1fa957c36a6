// End-to-end: a prescription's history and withdrawing a dispense, through the real window. The
// newest dispense is withdrawn online (the history marks it, the card shows what remains again);
// then, with the central system out, a dispense made offline is withdrawn too: the withdrawal
// waits behind it and both reach the central system when it is back.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useXvfb, withApp } from "../lib/harness.mjs";
import {
  cardStatus,
  clickUntil,
  demoIn,
  dispenseWhatRemains,
  lookUp,
  sandboxControl,
  signInAs,
  staffMember,
  tid,
  trainingEndpoint,
} from "../lib/flows.mjs";

const xvfb = useXvfb();

/** Withdraws the newest dispense from the history with a reason from the list. */
async function withdrawNewest(s) {
  await clickUntil(s, "withdraw-open", tid("withdraw-dialog"));
  await (await s.waitFor(tid("withdraw-confirm"))).click();
  return s.waitFor(tid("withdraw-done"), { timeout: 20000 });
}

test("the newest dispense is withdrawn online, then one made offline is withdrawn and follows it when back", async () => {
  await withApp("history-withdraw", xvfb.display, async (app) => {
    const s = app.session;
    await signInAs(app, staffMember(app.demo, "pharmacist"));
    const endpoint = await trainingEndpoint(s);
    const rx = demoIn(app.demo, "chronic_active")[0];

    // Online: dispense what remains, then withdraw it.
    await lookUp(app, rx.payload);
    await dispenseWhatRemains(s);
    await s.waitFor(tid("dispense-result"), { timeout: 30000 });
    const online = await withdrawNewest(s);
    assert.equal(await online.attribute("data-state"), "delivered");
    await s.until("the history to mark it withdrawn", async () => {
      const marked = await s.findAll(`${tid("history-entry")}[data-withdrawn="true"]`);
      return marked.length === 1;
    });
    await s.until("the card to show the prescription open again", async () =>
      ["active", "partially_dispensed"].includes(await cardStatus(s)),
    );
    // Its withdrawal slip prints like a receipt.
    await (await s.waitFor(tid("slip-print"))).click();
    const saved = await s.waitFor(tid("receipt-saved"), { timeout: 15000 });
    assert.match(await saved.text(), /qaytarish_/);
    await app.screenshot("history-withdrawn-online");

    // Offline: a dispense from the saved copy, withdrawn at once; both wait in the outbox.
    await sandboxControl(endpoint, "faults", { outage: true });
    await s.waitFor(tid("offline-banner"), { timeout: 15000 });
    await lookUp(app, rx.payload);
    await dispenseWhatRemains(s);
    await s.waitFor(tid("dispense-result"), { timeout: 30000 });
    const state = await s.waitFor(tid("dispense-state"));
    assert.equal(await state.attribute("data-state"), "queued");
    const queued = await withdrawNewest(s);
    assert.equal(await queued.attribute("data-state"), "queued");
    const ids = await s.execute(
      `return Array.from(document.querySelectorAll('[data-testid="desk-current"] [data-testid="history-entry"]')).map((e) => e.dataset.dispense);`,
    );
    const offlineId = ids[ids.length - 1];

    // Back online: the dispense goes first, then its withdrawal.
    const mark = app.logText.length;
    await sandboxControl(endpoint, "faults", {});
    const sent = (path) => new RegExp(`${path}[^\\n]*status[^\\n]*=[^\\n]*20[01]`).test(app.logText);
    await s.until(
      "the offline dispense and then its withdrawal to reach the central system",
      async () => sent(`/v1/dispenses/${offlineId}/withdraw`),
      { timeout: 60000 },
    );
    const log = app.logText.slice(mark);
    const dispensedAt = log.search(new RegExp(`POST[^\\n]*/v1/dispenses[^/\\n]*\\}[^\\n]*status[^\\n]*=[^\\n]*20[01]`));
    const withdrawnAt = log.search(new RegExp(`/v1/dispenses/${offlineId}/withdraw[^\\n]*status[^\\n]*=[^\\n]*200`));
    assert.ok(dispensedAt >= 0 && dispensedAt < withdrawnAt, "the dispense was recorded before its withdrawal");
    await app.screenshot("history-withdrawn-offline");
  });
});
