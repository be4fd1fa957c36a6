// End-to-end: the catalogue searched through the real window. The product screen finds a
// product by a Latin prefix of its name, by its INN typed in Cyrillic and by a scanned pack
// code, and says in words how it may be sold; in the dispense step the picker of an INN with
// many products narrows as the pharmacist types, and a single match is chosen.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useXvfb, withApp } from "../lib/harness.mjs";
import { clickUntil, lookUp, signInAs, staffMember, tid, typeInto } from "../lib/flows.mjs";

const xvfb = useXvfb();

/** The product ids of the rows the product screen shows. */
function shownProducts(s) {
  return s.execute(
    `return Array.from(document.querySelectorAll('[data-testid="product-hit"]')).map((r) => r.dataset.product);`,
  );
}

test("the product screen finds by name, by INN in Cyrillic and by a scanned pack, and says how each is sold", async () => {
  await withApp("products-screen", xvfb.display, async (app) => {
    const s = app.session;
    await signInAs(app, staffMember(app.demo, "pharmacist"));
    await (await s.waitFor(tid("nav-products"))).click();
    await s.waitFor(tid("products-screen"));

    const amoxicillin = app.demo.products.find((p) => p.inn === "Amoxicillin");
    assert.ok(amoxicillin, "the demo has amoxicillin");
    await typeInto(s, "product-search", amoxicillin.trade_name.slice(0, 4));
    await s.until("the product by a Latin prefix of its name", async () =>
      (await shownProducts(s)).includes(amoxicillin.product_id),
    );

    await typeInto(s, "product-search", "амоксициллин");
    await s.until("the INN's products, typed in Cyrillic", async () =>
      (await shownProducts(s)).includes(amoxicillin.product_id),
    );
    const sale = await s.waitFor(`[data-product="${amoxicillin.product_id}"] ${tid("product-sale")}`);
    assert.match(await sale.text(), /antibiotik/, "sold only on an e-prescription, as an antibiotic");

    // A pack as a keyboard scanner types it: the group separator as the text <GS>.
    const pack = app.demo.marking_codes[0];
    await typeInto(s, "product-search", pack.code.replaceAll("\u001d", "<GS>"));
    await s.until("exactly the scanned pack's product", async () => {
      const shown = await shownProducts(s);
      return shown.length === 1 && shown[0] === pack.product_id;
    });
    await app.screenshot("products-screen");
  });
});

test("the dispense step's picker narrows as one types and picks a single match", async () => {
  await withApp("products-picker", xvfb.display, async (app) => {
    const s = app.session;
    await signInAs(app, staffMember(app.demo, "pharmacist"));
    // A prescription with an item whose INN has many products.
    const byInn = new Map();
    for (const p of app.demo.products) byInn.set(p.inn, [...(byInn.get(p.inn) ?? []), p]);
    const rx = app.demo.prescriptions.find(
      (p) => ["active", "chronic_active"].includes(p.state) && p.inns.some((i) => (byInn.get(i) ?? []).length > 5),
    );
    assert.ok(rx, "a demo prescription of an INN with more than five products");
    const inn = rx.inns.find((i) => byInn.get(i).length > 5);

    await lookUp(app, rx.payload);
    await clickUntil(s, "start-dispense", `[data-testid^="product-filter-"]`);
    const filter = await s.waitFor(`[data-testid^="product-filter-"]`, { timeout: 20000 });
    const itemId = (await filter.attribute("data-testid")).slice("product-filter-".length);
    const options = () =>
      s.execute(
        `return Array.from(document.querySelector('[data-testid="product-select-${itemId}"]').options)
           .filter((o) => o.value).map((o) => ({ value: o.value, text: o.textContent }));`,
      );
    const all = await options();
    assert.ok(all.length > 5, `the picker of ${inn} offers ${all.length} products`);
    // One whose name and strength no other product shares, by them, as a pharmacist types them
    // (the picker lists the prescribed strength and form first, so not simply the last).
    const nameOf = (o) => o.text.trim().split(/\s+/)[0];
    const strengthOf = (o) => o.text.match(/\d+(?:[.,]\d+)?/)?.[0] ?? "";
    const sharing = (o) =>
      all.filter((x) => nameOf(x).toLowerCase() === nameOf(o).toLowerCase() && strengthOf(x) === strengthOf(o));
    const wanted = [...all].reverse().find((o) => sharing(o).length === 1);
    assert.ok(wanted, "a product of its own name and strength");
    const name = nameOf(wanted);
    const strength = strengthOf(wanted);
    await typeInto(s, `product-filter-${itemId}`, `${name} ${strength}`);
    await s.until("the picker to show and choose the one product typed", async () => {
      const left = await options();
      const value = await s.execute(`return document.querySelector('[data-testid="product-select-${itemId}"]').value;`);
      return left.length === 1 && value === wanted.value;
    });
    await app.screenshot("products-picker");
  });
});
