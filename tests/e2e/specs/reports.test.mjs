// End-to-end: the manager's report covers the whole pharmacy. The manager dispenses in the
// window; another counter of the same pharmacy (another pharmacist, straight through the
// training server's API) dispenses too; the window's report shows both, says it covers every
// counter, and lists both pharmacists.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useXvfb, withApp } from "../lib/harness.mjs";
import {
  demoIn,
  dispenseWhatRemains,
  lookUp,
  signInAs,
  staffMember,
  tid,
  trainingEndpoint,
} from "../lib/flows.mjs";

const xvfb = useXvfb();

/** One unit of the first item of `rx`, dispensed by `who` through the API: another counter. */
async function dispenseElsewhere(endpoint, who, rx, products) {
  const json = async (path, init = {}) => {
    const res = await fetch(`${endpoint}${path}`, init);
    const body = await res.json();
    assert.ok(res.ok, `${path} answered ${res.status}: ${JSON.stringify(body)}`);
    return body;
  };
  const { access_token: token, pharmacist } = await json("/v1/auth/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ pharmacy_id: who.pharmacy_id, login: who.login, secret: who.secret }),
  });
  const auth = { authorization: `Bearer ${token}` };
  const found = await json(`/v1/prescriptions/${rx.number}?code=${rx.code}`, { headers: auth });
  const item = found.items[0];
  const product = products.find((p) => p.inn.toLowerCase() === item.inn.toLowerCase());
  assert.ok(product, `a demo product of ${item.inn}`);
  const id = crypto.randomUUID();
  await json("/v1/dispenses", {
    method: "POST",
    headers: { ...auth, "content-type": "application/json", "idempotency-key": id },
    body: JSON.stringify({
      dispense_id: id,
      prescription_number: rx.number,
      pharmacist_pinfl: pharmacist.pinfl,
      handed_over_at: new Date().toISOString(),
      mode: "online",
      items: [{ item_id: item.item_id, product_id: product.product_id, quantity: 1 }],
    }),
  });
  return { id, name: pharmacist.full_name };
}

test("a manager's report includes another counter's dispense and says it covers every counter", async () => {
  await withApp("reports-pharmacy", xvfb.display, async (app) => {
    const s = app.session;
    const manager = staffMember(app.demo, "manager");
    await signInAs(app, manager);
    const endpoint = await trainingEndpoint(s);
    const [mine, theirs] = demoIn(app.demo, "chronic_active").concat(demoIn(app.demo, "active"));

    await lookUp(app, mine.payload);
    await dispenseWhatRemains(s);
    await s.waitFor(tid("dispense-result"), { timeout: 30000 });
    const other = await dispenseElsewhere(endpoint, staffMember(app.demo, "pharmacist"), theirs, app.demo.products);

    await (await s.waitFor(tid("nav-reports"))).click();
    const scope = await s.waitFor(tid("report-scope"), { timeout: 20000 });
    await s.until("the report of the whole pharmacy", async () => (await scope.attribute("data-scope")) === "pharmacy");
    await s.until("both dispenses counted", async () => {
      const text = await s.execute(
        "const el = document.querySelector('[data-testid=\"total-dispenses\"]'); return el ? el.textContent : '';",
      );
      return /\b2\b/.test(String(text));
    });
    const pharmacists = await s.execute(
      "return Array.from(document.querySelectorAll('[data-testid=\"by-pharmacist-row\"]')).map((r) => r.textContent);",
    );
    assert.ok(
      pharmacists.some((t) => t.includes(other.name)),
      `the other counter's pharmacist ${other.name} in ${JSON.stringify(pharmacists)}`,
    );
    await app.screenshot("reports-pharmacy");
  });
});
