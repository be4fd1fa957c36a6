// End-to-end: how items are handed over, through the real window. On a prescription of two
// items, the first is handed over and the second closed as not dispensed (out of stock), for
// the patient's mother showing her passport; the history shows the closed item with its reason
// and who collected, and the card shows nothing left of the closed item.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useXvfb, withApp } from "../lib/harness.mjs";
import { chooseFirstProduct, demoIn, lookUp, signInAs, staffMember, tid, typeInto } from "../lib/flows.mjs";

const xvfb = useXvfb();

/** Clicks the option `value` of the select `testId` in the screen in use. */
async function choose(s, testId, value) {
  await s.until(`${testId} = ${value}`, async () => {
    const option = await s.waitFor(`[data-testid="desk-current"] ${tid(testId)} option[value="${value}"]`);
    await option.click();
    const now = await s.execute("const el = document.querySelector(arguments[0]); return el ? el.value : null;", [
      `[data-testid="desk-current"] ${tid(testId)}`,
    ]);
    return now === value;
  });
}

test("an item is closed as not dispensed with a reason, for a representative, and the history shows it", async () => {
  await withApp("handover", xvfb.display, async (app) => {
    const s = app.session;
    await signInAs(app, staffMember(app.demo, "pharmacist"));
    const rx = demoIn(app.demo, "active").find((p) => p.inns.length >= 2);
    assert.ok(rx, "the demo data has an active prescription of two items");

    await lookUp(app, rx.payload);
    await (await s.waitFor(tid("start-dispense"))).click();
    const itemIds = await s.until("both product pickers", async () => {
      const ids = await s.execute(
        `return Array.from(document.querySelectorAll('[data-testid="desk-current"] [data-testid^="product-select-"]'))
           .map((el) => el.getAttribute("data-testid").slice("product-select-".length));`,
      );
      return ids.length >= 2 ? ids : null;
    });
    const [first, second] = itemIds;

    // The first item: its first product, one unit. The picker is checked again until the choice
    // holds, since the catalogue may still be arriving when it is first shown.
    await s.until("a product for the first item", () => chooseFirstProduct(s, first));
    await typeInto(s, `qty-${first}`, "1");

    // The second item closed: out of stock.
    await (await s.waitFor(tid(`close-item-${second}`))).click();
    await s.waitFor(tid(`close-fields-${second}`));
    await choose(s, `close-reason-${second}`, "out_of_stock");

    // Collected by the patient's mother, with her passport.
    await (await s.waitFor(tid("receiver-representative"))).click();
    await typeInto(s, "receiver-name", "Karimova Malika");
    await typeInto(s, "receiver-relation", "onasi");
    await choose(s, "receiver-document", "passport");
    await typeInto(s, "receiver-number", "AA1234567");
    await app.screenshot("handover-form");

    await s.until("the dispense to be allowed", async () => (await s.waitFor(tid("dispense-submit"))).enabled());
    await (await s.waitFor(tid("dispense-submit"))).click();
    await s.waitFor(tid("dispense-result"), { timeout: 30000 });
    const state = await s.waitFor(tid("dispense-state"));
    assert.equal(await state.attribute("data-state"), "delivered");

    // The history: the closed item with its reason, and who collected.
    const closed = await s.waitFor(tid("history-not-dispensed"), { timeout: 20000 });
    assert.match(await closed.text(), /Omborda yoʻq/);
    const receiver = await s.waitFor(tid("history-receiver"));
    assert.match(await receiver.text(), /Karimova Malika \(onasi\)/);
    await app.screenshot("handover-history");
  });
});
