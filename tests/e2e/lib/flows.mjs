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

/** The demo member of staff of the first pharmacy with `role` (`pharmacist`, `nurse` …). */
export function staffMember(demo, role) {
  const pharmacyId = demo.pharmacies[0].pharmacy_id;
  const found = demo.staff.find((m) => m.pharmacy_id === pharmacyId && m.role === role);
  assert.ok(found, `the demo data has a ${role} in ${pharmacyId}`);
  return found;
}

/** Waits for the training ribbon, then signs in as `who` (`{pharmacy_id, login, secret}`). */
export async function signInAs(app, who, { expect = "lookup-input" } = {}) {
  const s = app.session;
  await s.waitFor(tid("training-ribbon"), { timeout: 45000 });
  await typeInto(s, "signin-pharmacy", who.pharmacy_id);
  await typeInto(s, "signin-login", who.login);
  await typeInto(s, "signin-secret", who.secret);
  await (await s.waitFor(tid("signin-submit"))).click();
  await s.waitFor(tid(expect), { timeout: 20000 });
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
