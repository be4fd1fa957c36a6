// End-to-end: the first-run setup in the real window. A counter never set up shows the setup
// instead of the sign-in; it is done with the keyboard (Enter goes on), in Russian once Russian
// is chosen; the connection test of the training server shows its findings; finishing saves the
// choices, and the sign-in follows with the pharmacy filled in. Each step passes axe-core's rules
// (contrast included). Then an administrator's diagnostics screen, run in the real app.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { assertAccessible } from "../lib/axe.mjs";
import { RunningApp, useXvfb, withApp } from "../lib/harness.mjs";
import { signInAs, staffMember, tid, typeInto } from "../lib/flows.mjs";
import { ENTER } from "../lib/webdriver.mjs";

const xvfb = useXvfb();

test("a counter never set up is set up once, by keyboard, and then asks for a sign-in", async () => {
  const app = await RunningApp.launch("setup", xvfb.display, {}, { firstRun: true });
  let failed = true;
  try {
    const s = app.session;
    await s.waitFor(tid("setup-wizard"), { timeout: 45000 });
    assert.equal((await s.findAll(tid("signin-submit"))).length, 0, "no sign-in before the setup");
    await assertAccessible(s, "setup: language");

    // Language: Russian, and the window speaks it at once.
    await (await s.waitFor(tid("setup-lang-ru"))).click();
    await s.until("the window to speak Russian", async () =>
      /Язык|Далее/.test(await (await s.waitFor(tid("setup-wizard"))).text()),
    );
    await (await s.waitFor(tid("setup-next"))).click();

    // The pharmacy, then Enter.
    await typeInto(s, "setup-pharmacy", app.demo.pharmacies[0].pharmacy_id + ENTER);

    // The central system: training, tested.
    await s.waitFor(tid("setup-step-central"));
    await (await s.waitFor(tid("setup-test"))).click();
    const findings = await s.waitFor(tid("setup-findings"), { timeout: 20000 });
    assert.match(await findings.text(), /учебн/i, "the test says training mode, in Russian");
    await assertAccessible(s, "setup: central system, tested");
    await (await s.waitFor(tid("setup-next"))).click();

    // Cameras and printer: none; then the summary and Finish.
    await s.waitFor(tid("setup-step-devices"));
    await (await s.waitFor(tid("setup-next"))).click();
    const summary = await s.waitFor(tid("setup-summary"));
    await assertAccessible(s, "setup: summary");
    assert.match(await summary.text(), new RegExp(app.demo.pharmacies[0].pharmacy_id));
    await (await s.waitFor(tid("setup-finish"))).click();

    const pharmacy = await s.waitFor(tid("signin-pharmacy"), { timeout: 20000 });
    assert.equal(await pharmacy.property("value"), app.demo.pharmacies[0].pharmacy_id, "the sign-in is filled in");
    const saved = JSON.parse(readFileSync(join(app.dataDir, "settings.json"), "utf8"));
    assert.equal(saved.setup_done, true);
    assert.equal(saved.language, "ru");
    assert.equal(saved.pharmacy_id, app.demo.pharmacies[0].pharmacy_id);
    failed = false;
  } finally {
    await app.close({ failed });
  }
});

test("an administrator runs the diagnostics in the window and sees every check", async () => {
  await withApp("diagnostics", xvfb.display, async (app) => {
    const s = app.session;
    await signInAs(app, staffMember(app.demo, "administrator"), { expect: "nav-diagnostics" });
    await (await s.waitFor(tid("nav-diagnostics"))).click();
    const summary = await s.waitFor(tid("diagnostics-summary"), { timeout: 30000 });
    assert.ok((await summary.text()).trim().length > 0);
    const checks = await s.execute(
      "return [...document.querySelectorAll('[data-testid=finding]')].map((f) => f.dataset.check);",
    );
    for (const check of ["endpoint", "keyring", "database", "audit", "disk", "outbox", "catalog", "version"]) {
      assert.ok(checks.includes(check), `${check} in ${checks}`);
    }
    await assertAccessible(s, "diagnostics");
  });
});
