// Steps the specs share, done through the window as staff would: typing, signing in as a given
// member of staff, looking up, reading what the window shows.

import assert from "node:assert/strict";

import { ENTER } from "./webdriver.mjs";

export const tid = (id) => `[data-testid="${id}"]`;

/** Replaces the text of an input. */
export async function typeInto(session, testId, text) {
  const input = await session.waitFor(tid(testId));
  await input.clear();
  await input.sendKeys(text);
  return input;
}

/**
 * Clicks the visible `testId` in the screen in use until `done` (a CSS selector) is there: a
 * click can miss when the layout moves under it (a camera panel or a result settling above).
 */
export async function clickUntil(session, testId, done, { timeout = 20000 } = {}) {
  await session.until(
    `${done} after clicking ${testId}`,
    async () => {
      if ((await session.findAll(done)).length > 0) return true;
      for (const button of await session.findAll(tid(testId))) {
        if (await button.displayed()) {
          await button.click();
          break;
        }
      }
      return false;
    },
    { timeout },
  );
}

/** The demo member of staff of the first pharmacy with `role` (`pharmacist`, `nurse` …). */
export function staffMember(demo, role) {
  const pharmacyId = demo.pharmacies[0].pharmacy_id;
  const found = demo.staff.find((m) => m.pharmacy_id === pharmacyId && m.role === role);
  assert.ok(found, `the demo data has a ${role} in ${pharmacyId}`);
  return found;
}

/**
 * Waits for the training ribbon, then signs in as `who` (`{pharmacy_id, login, secret}`) and
 * waits up to `timeout` ms for `expect`. With `platform` (the `dhp-fhir` adapter) it first
 * checks that the screen says the person signs in in the browser, where the secret typed here
 * only unlocks the counter; the browser named by `DORIXONA_BROWSER` then does the sign-in.
 */
export async function signInAs(app, who, { expect = "lookup-input", platform = false, timeout = 20000 } = {}) {
  const s = app.session;
  await s.waitFor(tid("training-ribbon"), { timeout: 45000 });
  if (platform) {
    const note = await s.waitFor(tid("signin-platform"));
    assert.ok((await note.text()).trim().length > 0, "the sign-in screen explains the browser sign-in");
  } else {
    assert.equal((await s.findAll(tid("signin-platform"))).length, 0, "no browser sign-in note on contract v1");
  }
  await typeInto(s, "signin-pharmacy", who.pharmacy_id);
  await typeInto(s, "signin-login", who.login);
  await typeInto(s, "signin-secret", who.secret);
  await (await s.waitFor(tid("signin-submit"))).click();
  await s.waitFor(tid(expect), { timeout });
}

/** Types into the counter's single input and presses Enter. */
export async function lookUp(app, text) {
  await typeInto(app.session, "lookup-input", text + ENTER);
}

/** The demo prescriptions in a given interesting state. */
export function demoIn(demo, state) {
  const found = demo.prescriptions.filter((p) => p.state === state);
  assert.ok(found.length > 0, `the demo data has a ${state} prescription`);
  return found;
}

/**
 * Opens paper mode and fills its form for one line of `inn` (the first product of it in the
 * local catalogue), the identity check and the patient's declaration, and the manager's
 * override reason when given; does not save.
 */
export async function fillPaperForm(s, { pinfl, inn, overrideReason = null }) {
  await (await s.waitFor(tid("nav-paper"))).click();
  await s.waitFor(tid("paper-form"));
  await typeInto(s, "paper-pinfl", pinfl);
  await typeInto(s, "paper-prescriber", "Karimova Dilnoza");
  await typeInto(s, "paper-facility", "Poliklinika 12");
  await typeInto(s, "paper-inn", inn);
  await (await s.waitFor(tid("paper-batch"))).click();
  await s.until("a product chosen from the local catalogue", async () => {
    const v = await s.execute(`return document.querySelector('${tid("paper-product")}').value;`);
    return v ? v : null;
  });
  await (await s.waitFor(tid("paper-id-checked"))).click();
  await (await s.waitFor(tid("paper-declaration"))).click();
  if (overrideReason) await typeInto(s, "paper-override-reason", overrideReason);
}

/** Posts `body` to a test control route of the training server (`/_sandbox/…`). */
export async function sandboxControl(endpoint, route, body) {
  const res = await fetch(`${endpoint}/_sandbox/${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, `/_sandbox/${route} answered ${res.status}`);
}

/** The training server's address, read from the window's footer. */
export async function trainingEndpoint(session) {
  return session.until("the endpoint in the footer", async () => {
    const text = await session.execute(
      "const el = document.querySelector('footer .mono'); return el ? el.textContent : '';",
    );
    const m = /http:\/\/127\.0\.0\.1:\d+/.exec(String(text));
    return m ? m[0] : null;
  });
}

/** The status the prescription card shows (its `data-status`, the wire status). */
export async function cardStatus(session) {
  const el = await session.waitFor(tid("rx-status"));
  return (await el.attribute("data-status")) ?? "";
}

/**
 * Makes sure the product picker of an item has a product chosen, clicking its first real option
 * if not. Returns the chosen product id, or null when none could be chosen yet (the picker is
 * disabled while the item's products load, and its one option then is only a label).
 */
export async function chooseFirstProduct(session, itemId) {
  const select = tid(`product-select-${itemId}`);
  const valueNow = () =>
    session.execute("const el = document.querySelector(arguments[0]); return el && !el.disabled ? el.value : null;", [
      select,
    ]);
  const current = await valueNow();
  if (current) return current;
  for (const option of await session.findAll(`${select} option`)) {
    if ((await option.property("value")) && (await option.enabled())) {
      await option.click();
      return (await valueNow()) || null;
    }
  }
  return null;
}

/** From a prescription card: starts the dispense, gives every item a product and what remains,
 * and submits. */
export async function dispenseWhatRemains(s) {
  await (await s.waitFor(tid("start-dispense"))).click();
  await completeDispense(s);
}

/** In an open dispense form: chooses the first product and what remains for every item, then
 * submits. */
export async function completeDispense(s) {
  const itemIds = await s.until("product pickers", async () => {
    const ids = await s.execute(
      `const desk = document.querySelector('[data-testid="desk-current"]') ?? document;
       return Array.from(desk.querySelectorAll('[data-testid^="product-select-"]'))
         .map((el) => el.getAttribute("data-testid").slice("product-select-".length));`,
    );
    return ids.length > 0 ? ids : null;
  });
  for (const itemId of itemIds) {
    await s.until(`a product chosen for item ${itemId}`, () => chooseFirstProduct(s, itemId));
    const remaining = await s.until(`the quantity of item ${itemId}`, async () => {
      const qty = await s.waitFor(tid(`qty-${itemId}`));
      const value = String(await qty.property("value")).trim();
      return /^[1-9]\d*$/.test(value) ? value : null;
    });
    await typeInto(s, `qty-${itemId}`, remaining);
  }
  // Every line complete (a late re-render may have reset a choice), then submit.
  await s.until("every item to have a product and the submit button to be enabled", async () => {
    for (const itemId of itemIds) if (!(await chooseFirstProduct(s, itemId))) return false;
    return (await s.waitFor(tid("dispense-submit"))).enabled();
  });
  await (await s.waitFor(tid("dispense-submit"))).click();
}
