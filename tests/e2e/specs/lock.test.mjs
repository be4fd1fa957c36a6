// End-to-end: auto-lock and switching user, through the real window. After the chosen minute
// without activity the window locks to a screen that names who is signed in and shows nothing
// about the patient; a wrong secret is refused and the right one unlocks, also while the central
// system is out. Someone else signs in from the lock screen while the first pharmacist's open
// dispense stays theirs: hidden from the other, refused to them, and there as it was when its
// owner comes back to finish it.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useXvfb, withApp } from "../lib/harness.mjs";
import {
  clickUntil,
  completeDispense,
  demoIn,
  lookUp,
  sandboxControl,
  signInAs,
  staffMember,
  tid,
  trainingEndpoint,
  typeInto,
} from "../lib/flows.mjs";

const xvfb = useXvfb();

/** What the window shows as text (hidden elements excluded). */
function visibleText(s) {
  return s.execute("return document.body.innerText;");
}

/** Who the header names as signed in. */
function signedInName(s) {
  return s.execute(`return document.querySelector('[data-testid="header-pharmacist"]')?.textContent ?? "";`);
}

/** Turns the training server's outage on or off (its test control route). */
const outage = (endpoint, on) => sandboxControl(endpoint, "faults", on ? { outage: true } : {});

/** Signs in from the lock screen as `who`. */
async function switchTo(s, who) {
  await (await s.waitFor(tid("lock-someone-else"))).click();
  await typeInto(s, "switch-login", who.login);
  await typeInto(s, "switch-secret", who.secret);
  await (await s.waitFor(tid("switch-submit"))).click();
}

test("after a minute without activity the window locks, hides the patient, and unlocks with the right secret also offline", async () => {
  await withApp("lock-idle", xvfb.display, async (app) => {
    const s = app.session;
    const manager = staffMember(app.demo, "manager");
    await signInAs(app, manager);

    // The manager chooses one minute.
    await (await s.waitFor(tid("settings-open"))).click();
    await typeInto(s, "lock-minutes", "1");
    await (await s.waitFor(tid("lock-save"))).click();
    await s.waitFor(tid("lock-saved"));
    await (await s.waitFor(tid("settings-close"))).click();

    const rx = demoIn(app.demo, "active")[0];
    await lookUp(app, rx.payload);
    const patient = (await (await s.waitFor(tid("rx-patient"))).text()).trim();
    assert.ok(patient.length > 3);

    // Nobody touches it: it locks by itself.
    const started = Date.now();
    await s.waitFor(tid("lock-screen"), { timeout: 120000 });
    const waited = (Date.now() - started) / 1000;
    assert.ok(waited >= 45, `it locked after ${waited.toFixed(0)} s, not the chosen minute`);
    assert.match(await (await s.waitFor(tid("lock-who"))).text(), new RegExp(manager.full_name));
    const shown = await visibleText(s);
    assert.ok(!shown.includes(patient), "the lock screen shows nothing about the patient");
    assert.ok(!shown.includes(rx.number), "nor the prescription");
    await app.screenshot("lock-idle");

    await typeInto(s, "unlock-secret", "not the secret");
    await (await s.waitFor(tid("unlock-submit"))).click();
    await s.waitFor(`${tid("error-message")}[data-code="UNAUTHENTICATED"]`);

    // The central system is out: the counter's own verifier knows the secret.
    const endpoint = await trainingEndpoint(s);
    await outage(endpoint, true);
    await typeInto(s, "unlock-secret", manager.secret);
    await (await s.waitFor(tid("unlock-submit"))).click();
    const card = await s.waitFor(tid("rx-patient"));
    assert.equal((await card.text()).trim(), patient, "the screen is as it was");
    assert.equal((await s.findAll(tid("lock-screen"))).length, 0);
    await outage(endpoint, false);
  });
});

test("someone else signs in from the lock screen; the first pharmacist's open dispense stays theirs and they finish it", async () => {
  await withApp("lock-switch", xvfb.display, async (app) => {
    const s = app.session;
    const aziza = staffMember(app.demo, "pharmacist");
    const manager = staffMember(app.demo, "manager");
    await signInAs(app, aziza);
    const rx = demoIn(app.demo, "chronic_active")[0];
    await lookUp(app, rx.payload);
    const patient = (await (await s.waitFor(tid("rx-patient"))).text()).trim();
    await clickUntil(s, "start-dispense", tid("dispense-submit"));

    // She steps away: the lock button, then the manager signs in from the lock screen.
    // (Clicked again if a click is lost while the dispense form settles.)
    await clickUntil(s, "lock-now", tid("lock-screen"));
    await switchTo(s, manager);
    await s.waitFor(tid("lookup-input"), { timeout: 20000 });
    assert.match(await signedInName(s), new RegExp(manager.full_name));
    assert.ok(!(await visibleText(s)).includes(patient), "the manager does not see her patient");

    // The prescription is in her draft: the manager may not take it.
    await lookUp(app, rx.payload);
    // (Clicked again if the first click missed: the camera panel may grow under it as it starts.)
    const refused = `${tid("error-message")}[data-code="FORBIDDEN"]`;
    const refusal = await s.until("the refusal of her prescription", async () => {
      const [shown] = await s.findAll(refused);
      if (shown) return shown;
      await (await s.waitFor(tid("start-dispense"))).click();
      return null;
    });
    assert.match(await refusal.text(), new RegExp(aziza.full_name), "the refusal names whose draft it is");
    await app.screenshot("lock-switch-refused");

    // She comes back: her draft is as she left it, and she finishes it.
    await clickUntil(s, "lock-now", tid("lock-parked"));
    const parked = await s.waitFor(tid("lock-parked"));
    assert.match(await parked.text(), new RegExp(aziza.full_name));
    await switchTo(s, aziza);
    await s.waitFor(tid("dispense-submit"), { timeout: 20000 });
    assert.match(await signedInName(s), new RegExp(aziza.full_name));
    assert.equal((await (await s.waitFor(tid("rx-patient"))).text()).trim(), patient);
    await completeDispense(s);
    await s.waitFor(tid("dispense-result"), { timeout: 30000 });
    await app.screenshot("lock-switch-done");
  });
});
