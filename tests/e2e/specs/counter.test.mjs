// End-to-end: the real app in training mode, driven through its window like a pharmacist would.

import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ROOT, checkPrerequisites, startXvfb, stop, withApp } from "../lib/harness.mjs";
import { ENTER } from "../lib/webdriver.mjs";

const tid = (id) => `[data-testid="${id}"]`;
const RX_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

let xvfb;

before(async () => {
  checkPrerequisites();
  xvfb = await startXvfb();
});

after(async () => {
  await stop(xvfb?.child);
});

/** The demo prescriptions in a given interesting state. */
function demoIn(demo, state) {
  const found = demo.prescriptions.filter((p) => p.state === state);
  assert.ok(found.length > 0, `the demo data has a ${state} prescription`);
  return found;
}

/** Replaces the text of an input. */
async function typeInto(session, testId, text) {
  const input = await session.waitFor(tid(testId));
  await input.clear();
  await input.sendKeys(text);
  return input;
}

/** Waits for the training ribbon, then signs in with the demo pharmacy's credentials. */
async function signIn(app) {
  const s = app.session;
  const ribbon = await s.waitFor(tid("training-ribbon"), { timeout: 45000 });
  assert.ok((await ribbon.text()).trim().length > 0, "the training ribbon says something");
  const creds = app.demo.pharmacies[0];
  await typeInto(s, "signin-pharmacy", creds.pharmacy_id);
  await typeInto(s, "signin-login", creds.login);
  await typeInto(s, "signin-secret", creds.secret);
  await (await s.waitFor(tid("signin-submit"))).click();
  await s.waitFor(tid("lookup-input"), { timeout: 20000 });
}

/** Types into the counter's single input and presses Enter. */
async function lookUp(app, text) {
  await typeInto(app.session, "lookup-input", text + ENTER);
}

/** The prescription status the card shows: its `data-status`, else its text. */
async function cardStatus(session) {
  const el = await session.waitFor(tid("rx-status"));
  return ((await el.attribute("data-status")) ?? (await el.text())).trim();
}

/** A prescription number with its check character replaced by another one. */
function withWrongCheckCharacter(number) {
  const plain = number.replace(/-/g, "").toUpperCase();
  const last = plain.at(-1);
  const other = RX_ALPHABET[(RX_ALPHABET.indexOf(last) + 1) % RX_ALPHABET.length];
  return plain.slice(0, -1) + other;
}

test("a pharmacist signs in, looks up an active prescription and dispenses all of it", async () => {
  await withApp("happy-path", xvfb.display, async (app) => {
    const s = app.session;
    await signIn(app);
    const rx = demoIn(app.demo, "active")[0];
    await lookUp(app, `${rx.number} ${rx.code}`);
    await s.waitFor(tid("rx-card"));
    await (await s.waitFor(tid("start-dispense"))).click();

    const selects = await s.until("product pickers", async () => {
      const found = await s.findAll('[data-testid^="product-select-"]');
      return found.length > 0 ? found : null;
    });
    for (const select of selects) {
      const itemId = (await select.attribute("data-testid")).slice("product-select-".length);
      // Choose the first real product once the options have loaded.
      await s.until(`products for item ${itemId}`, () =>
        s.execute(
          `const el = arguments[0];
           const opt = Array.from(el.options).find((o) => o.value && !o.disabled);
           if (!opt) return null;
           el.value = opt.value;
           el.dispatchEvent(new Event("input", { bubbles: true }));
           el.dispatchEvent(new Event("change", { bubbles: true }));
           return opt.value;`,
          [select.asArg()],
        ),
      );
      const qty = await s.waitFor(tid(`qty-${itemId}`));
      const remaining = String(await qty.property("value")).trim();
      assert.match(remaining, /^[1-9]\d*$/, `item ${itemId} offers its remaining quantity`);
      await qty.clear();
      await qty.sendKeys(remaining);
    }

    const submit = await s.waitFor(tid("dispense-submit"));
    await s.until("the submit button to be enabled", () => submit.enabled());
    await submit.click();

    await s.waitFor(tid("dispense-result"), { timeout: 30000 });
    const dispenseId = (await (await s.waitFor(tid("dispense-id"))).text()).trim();
    assert.match(dispenseId, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    const state = await s.waitFor(tid("dispense-state"));
    assert.ok((await state.text()).trim().length > 0, "the result says whether it was recorded centrally");
    await s.until("the prescription status to become completed", async () =>
      /completed|yakunlangan|toʻliq|to'liq/i.test(await cardStatus(s)),
    );

    const shot = await app.screenshot("happy-path");
    assert.ok(shot, "a screenshot was saved");
    copyFileSync(shot, join(ROOT, "docs", "screenshot.png"));
  });
});

test("the counter explains a cancelled prescription and a mistyped number", async () => {
  await withApp("error-rows", xvfb.display, async (app) => {
    const s = app.session;
    await signIn(app);

    const cancelled = demoIn(app.demo, "cancelled")[0];
    await lookUp(app, `${cancelled.number} ${cancelled.code}`);
    await s.until("a CANCELLED message", async () => {
      const errors = await s.findAll(`${tid("error-message")}[data-code="CANCELLED"]`);
      for (const el of errors) if (await el.displayed()) return true;
      // The card may show the prescription with its not-dispensable reason instead.
      const cards = await s.findAll(tid("rx-card"));
      if (cards.length === 0) return false;
      const status = await cardStatus(s);
      const canStart = (await s.findAll(tid("start-dispense"))).length > 0;
      const startEnabled = canStart && (await (await s.waitFor(tid("start-dispense"))).enabled());
      return /cancelled|bekor/i.test(status) && !startEnabled;
    });

    const active = demoIn(app.demo, "active")[0];
    await lookUp(app, `${withWrongCheckCharacter(active.number)} ${active.code}`);
    const error = await s.waitFor(`${tid("error-message")}[data-code="INVALID_IDENTIFIER"]`);
    assert.ok((await error.text()).trim().length > 0, "the message explains the mistake");
    await app.screenshot("error-rows");
  });
});
