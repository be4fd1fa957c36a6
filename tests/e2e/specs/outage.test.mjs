// End-to-end: the real app loses the central system (the training server's outage knob), shows
// the offline banner by itself, records a paper prescription locally, and uploads it when the
// connection is back; the banner goes away and the outbox empties.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useXvfb, withApp } from "../lib/harness.mjs";

import {
  fillPaperForm,
  sandboxControl,
  signInAs,
  staffMember,
  tid,
  trainingEndpoint,
  typeInto,
} from "../lib/flows.mjs";

const xvfb = useXvfb();

/** Sets the training server's fault knobs. */
const faults = (endpoint, knobs) => sandboxControl(endpoint, "faults", knobs);

test("offline: the banner appears, a paper prescription is saved locally and uploaded when back", async () => {
  await withApp("outage", xvfb.display, async (app) => {
    const s = app.session;
    await s.waitFor(tid("training-ribbon"), { timeout: 45000 });
    const creds = app.demo.pharmacies[0];
    await typeInto(s, "signin-pharmacy", creds.pharmacy_id);
    await typeInto(s, "signin-login", creds.login);
    await typeInto(s, "signin-secret", creds.secret);
    await (await s.waitFor(tid("signin-submit"))).click();
    await s.waitFor(tid("lookup-input"), { timeout: 20000 });

    const endpoint = await trainingEndpoint(s);
    await s.waitFor(tid("outbox-empty"), { timeout: 20000 });
    // The background catalogue sync runs within 5 s of signing in; paper mode needs it offline.
    await new Promise((resolve) => setTimeout(resolve, 7000));

    await faults(endpoint, { outage: true });
    const banner = await s.waitFor(tid("offline-banner"), { timeout: 10000 });
    assert.match(
      await banner.text(),
      /\d{2}:\d{2}/,
      "the banner says since when",
    );

    // Paper mode while offline: no reason needed.
    const product = app.demo.products.find((p) => !p.e_rx_required);
    await fillPaperForm(s, { pinfl: "30211975910033", inn: product.inn });
    await (await s.waitFor(tid("paper-save"))).click();
    const saved = await s.waitFor(tid("paper-saved"), { timeout: 10000 });
    assert.ok((await saved.text()).length > 0);
    await s.until("the paper record in today's log, pending", async () => {
      const rows = await s.findAll(
        `${tid("paper-log-row")}[data-state="pending"]`,
      );
      return rows.length === 1;
    });
    await s.until("the outbox to count it", async () => {
      const el = await s.waitFor(tid("outbox-status"));
      return (await el.attribute("data-pending")) === "1";
    });

    // The connection comes back: the banner goes by itself and the record is uploaded.
    await faults(endpoint, { outage: false });
    await s.until(
      "the banner to go",
      async () => (await s.findAll(tid("offline-banner"))).length === 0,
      {
        timeout: 10000,
      },
    );
    await s.until(
      "the outbox to empty",
      async () => {
        const el = await s.waitFor(tid("outbox-status"));
        return (await el.attribute("data-pending")) === "0";
      },
      { timeout: 40000 },
    );
    await s.until(
      "the log to show the record accepted",
      async () =>
        (await s.findAll(`${tid("paper-log-row")}[data-state="accepted"]`))
          .length === 1,
      { timeout: 15000 },
    );
    await app.screenshot("outage");
  });
});

test("settings: a manager changes the offline dispensing policy and it is kept", async () => {
  await withApp("outage-policy", xvfb.display, async (app) => {
    const s = app.session;
    await s.waitFor(tid("training-ribbon"), { timeout: 45000 });
    const pharmacy = app.demo.pharmacies[0].pharmacy_id;
    const manager = app.demo.staff.find(
      (m) => m.pharmacy_id === pharmacy && m.role === "manager",
    );
    assert.ok(manager, "the demo pharmacy has a manager");
    await typeInto(s, "signin-pharmacy", manager.pharmacy_id);
    await typeInto(s, "signin-login", manager.login);
    await typeInto(s, "signin-secret", manager.secret);
    await (await s.waitFor(tid("signin-submit"))).click();
    await s.waitFor(tid("lookup-input"), { timeout: 20000 });

    await (await s.waitFor(tid("settings-open"))).click();
    await s.waitFor(tid("cache-policy-form"), { timeout: 10000 });
    // The policy sits below the other settings: bring each control into the dialog's view.
    const reveal = (id) =>
      s.execute(
        `document.querySelector('${tid(id)}').scrollIntoView({ block: "center" });`,
      );
    await reveal("cache-policy-never");
    await (await s.waitFor(tid("cache-policy-never"))).click();
    await reveal("cache-policy-retention");
    await typeInto(s, "cache-policy-retention", "10");
    await reveal("cache-policy-save");
    await (await s.waitFor(tid("cache-policy-save"))).click();
    await s.waitFor(tid("cache-policy-saved"), { timeout: 10000 });
    await (await s.waitFor(tid("settings-close"))).click();

    // Opened again, the dialog reads the saved policy back from the counter.
    await (await s.waitFor(tid("settings-open"))).click();
    await s.until("the saved policy read back", async () => {
      const state = await s.execute(
        `const never = document.querySelector('${tid("cache-policy-never")}');
         const days = document.querySelector('${tid("cache-policy-retention")}');
         return never && days ? never.checked + ":" + days.value : "";`,
      );
      return state === "true:10" ? true : null;
    });
    await app.screenshot("outage-policy");
  });
});

test("a paper record with an antibiotic and no e-prescription number is refused, in words", async () => {
  await withApp("paper-e-rx-required", xvfb.display, async (app) => {
    const s = app.session;
    await signInAs(app, staffMember(app.demo, "manager"));
    const product = app.demo.products.find((p) => p.e_rx_required && p.atc.startsWith("J01"));
    assert.ok(product, "the demo has an antibiotic, sold only on an e-prescription");
    await fillPaperForm(s, {
      pinfl: "30211975910033",
      inn: product.inn,
      overrideReason: "the QR printer of the clinic is broken",
    });
    await (await s.waitFor(tid("paper-save"))).click();
    const refusal = await s.waitFor(`${tid("error-message")}[data-code="E_RX_REQUIRED"]`);
    const words = await refusal.text();
    assert.match(words, new RegExp(`ATC ${product.atc}`), "the refusal names the ATC code");
    assert.match(words, /antibiotik/, "and the group");
    assert.equal((await s.findAll(tid("paper-saved"))).length, 0, "nothing was saved");
    await app.screenshot("paper-e-rx-required");
  });
});
