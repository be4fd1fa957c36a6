// End-to-end: trust at a shared counter, through the real window. A nurse reads but is not
// offered to dispense; a pharmacist whose access is revoked centrally is signed out at once and
// told why; training never writes the real database; and after the counter's flows the raw
// bytes of its database, write-ahead log, settings and log hold no PINFL, patient name, token or
// password.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { useXvfb, withApp } from "../lib/harness.mjs";
import {
  demoIn,
  dispenseWhatRemains,
  fillPaperForm,
  lookUp,
  sandboxControl,
  signInAs,
  staffMember,
  tid,
  trainingEndpoint,
} from "../lib/flows.mjs";

const xvfb = useXvfb();

/** Revokes a member of staff on the training server (its test control route). */
const revoke = (endpoint, who) =>
  sandboxControl(endpoint, "revoke", { pharmacy_id: who.pharmacy_id, login: who.login });

test("a nurse looks a prescription up and reads it, but is not offered to dispense it", async () => {
  await withApp("trust-nurse", xvfb.display, async (app) => {
    const s = app.session;
    await signInAs(app, staffMember(app.demo, "nurse"));
    const rx = demoIn(app.demo, "active")[0];
    await lookUp(app, rx.payload);
    await s.waitFor(tid("rx-card"));
    await s.waitFor(tid("read-only-role"));
    assert.equal((await s.findAll(tid("start-dispense"))).length, 0, "no dispense button");
    assert.equal((await s.findAll(tid("nav-paper"))).length, 0, "no way into paper mode");
    await app.screenshot("trust-nurse");
  });
});

test("a revoked pharmacist is signed out at once and told why; practice stays out of the real database", async () => {
  await withApp("trust-revoked", xvfb.display, async (app) => {
    const s = app.session;
    const who = staffMember(app.demo, "pharmacist");
    await signInAs(app, who);
    const endpoint = await trainingEndpoint(s);
    await revoke(endpoint, who);
    const rx = demoIn(app.demo, "active")[0];
    await lookUp(app, rx.payload);
    await s.waitFor(tid("signin-submit"), { timeout: 15000 });
    const message = await s.waitFor(`${tid("error-message")}[data-code="FORBIDDEN"]`);
    assert.match(await message.text(), /bekor qilingan/, "the sign-in screen says the access was revoked");
    assert.equal((await s.findAll(tid("lookup-input"))).length, 0, "the counter is gone");
    // Signing in again is refused the same way (the first message goes while it is asked).
    const asked = () => (app.logText.match(/\/v1\/auth\/token/g) ?? []).length;
    const before = asked();
    await signInAs(app, who, { expect: "signin-submit" });
    await s.until("the second sign-in to be asked and refused", async () => {
      if (asked() <= before) return false;
      const button = await s.waitFor(tid("signin-submit"));
      if (!(await button.enabled())) return false;
      return (await s.findAll(`${tid("error-message")}[data-code="FORBIDDEN"]`)).length === 1;
    });
    assert.ok(existsSync(join(app.dataDir, "training-counter.sqlite")), "training has its own database");
    assert.ok(!existsSync(join(app.dataDir, "counter.sqlite")), "the real database was never written");
    await app.screenshot("trust-revoked");
  });
});

/** Whether `haystack` holds `needle` as UTF-8 or as UTF-16 (either byte order). */
function holds(haystack, needle) {
  if (haystack.includes(Buffer.from(needle, "utf8"))) return true;
  return haystack.includes(Buffer.from(needle, "utf16le"));
}

test("after lookups by number and by PINFL, a dispense, a paper record and a report export, the database, its log, the settings and the app's log hold no personal data or secret", async () => {
  await withApp("trust-raw-bytes", xvfb.display, async (app) => {
    const s = app.session;
    const manager = staffMember(app.demo, "manager");
    await signInAs(app, manager);
    const rx = demoIn(app.demo, "active")[0];

    // By number and code.
    await lookUp(app, `${rx.number} ${rx.code}`);
    await s.waitFor(tid("rx-card"));
    const patientName = (await (await s.waitFor(tid("rx-patient"))).text()).trim();
    assert.ok(patientName.length > 3, "the card names the patient");
    await dispenseWhatRemains(s);
    await s.waitFor(tid("dispense-result"), { timeout: 30000 });

    // By PINFL, after the identity-document check.
    await lookUp(app, rx.pinfl);
    await (await s.waitFor(tid("id-check-id_card"))).click();
    await s.until("a result of the PINFL lookup", async () =>
      (await s.findAll(`${tid("rx-card")}, ${tid("rx-list")}`)).length > 0,
    );

    // A paper record: the central system is reachable, so as the manager's override.
    const paperPinfl = demoIn(app.demo, "active")[1].pinfl;
    const product = app.demo.products.find((p) => !p.e_rx_required);
    await fillPaperForm(s, {
      pinfl: paperPinfl,
      inn: product.inn,
      overrideReason: "the QR printer of the clinic is broken",
    });
    await (await s.waitFor(tid("paper-save"))).click();
    await s.waitFor(tid("paper-saved"), { timeout: 10000 });

    // A report export, as a manager.
    await (await s.waitFor(tid("nav-reports"))).click();
    await (await s.waitFor(tid("export-csv"))).click();
    await s.waitFor(tid("export-saved"), { timeout: 20000 });
    await app.screenshot("trust-raw-bytes");

    // Whatever is in memory reaches the files now.
    await new Promise((r) => setTimeout(r, 1500));
    const files = ["training-counter.sqlite", "training-counter.sqlite-wal", "settings.json"]
      .map((f) => join(app.dataDir, f))
      .filter((f) => existsSync(f));
    assert.ok(files.some((f) => f.endsWith("training-counter.sqlite")), "the database exists");
    const blobs = files.map((f) => [f, readFileSync(f)]);
    blobs.push([app.logPath, Buffer.from(app.logText, "utf8")]);
    const secrets = [
      ["the patient's PINFL", rx.pinfl],
      ["the paper record's PINFL", paperPinfl],
      ["the patient's name", patientName],
      ["the manager's password", manager.secret],
    ];
    // The search itself works: the training server's own database (the central side, not the
    // counter's) holds the patient's PINFL in the clear.
    const central = readFileSync(join(app.dataDir, "training-sandbox.sqlite"));
    assert.ok(holds(central, rx.pinfl), "the search finds a PINFL where there is one");
    for (const [file, bytes] of blobs) {
      for (const [what, value] of secrets) {
        assert.ok(!holds(bytes, value), `${file} holds ${what}`);
      }
      // Tokens are 64 hex digits; the encrypted files are noise, the rest is text.
      assert.ok(!/[0-9a-f]{64}/i.test(bytes.toString("latin1")), `${file} holds something shaped like a token`);
    }
  });
});
