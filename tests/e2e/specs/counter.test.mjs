// End-to-end: the real app in training mode, driven through its window like a pharmacist would.

import assert from "node:assert/strict";
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { ROOT, useXvfb, withApp } from "../lib/harness.mjs";
import {
  cardStatus,
  clickUntil,
  completeDispense,
  demoIn,
  dispenseWhatRemains,
  lookUp,
  sandboxControl,
  signInAs,
  tid,
  trainingEndpoint,
} from "../lib/flows.mjs";

/** Signs in with the demo pharmacy's credentials. */
const signIn = (app) => signInAs(app, app.demo.pharmacies[0]);
const RX_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

const xvfb = useXvfb();

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
    await dispenseWhatRemains(s);

    await s.waitFor(tid("dispense-result"), { timeout: 30000 });
    const dispenseId = (await (await s.waitFor(tid("dispense-id"))).text()).trim();
    assert.match(dispenseId, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    const state = await s.waitFor(tid("dispense-state"));
    assert.ok((await state.text()).trim().length > 0, "the result says whether it was recorded centrally");
    await s.until("the prescription status to become completed", async () => (await cardStatus(s)) === "completed");

    await s.execute("window.scrollTo(0, 0);");

    const shot = await app.screenshot("happy-path");
    assert.ok(shot, "a screenshot was saved");
    // The README's screenshot: written when missing, or on request (it differs on every run).
    const readmeShot = join(ROOT, "docs", "screenshot.png");
    if (!existsSync(readmeShot) || process.env.DORIXONA_UPDATE_SCREENSHOT) copyFileSync(shot, readmeShot);
  });
});

test("a dispense outlives its first hold: the counter renews the hold on the central system's clock", async () => {
  await withApp("hold-renewed", xvfb.display, async (app) => {
    const s = app.session;
    await signIn(app);
    const endpoint = await trainingEndpoint(s);
    const rx = demoIn(app.demo, "chronic_active")[0];
    await lookUp(app, rx.payload);
    await clickUntil(s, "start-dispense", tid("dispense-submit"));
    // The training server logs one line per answered request; a hold is POSTed to `…/hold`.
    const holds = () => (app.logText.match(/\/v1\/prescriptions\/[0-9A-Z]+\/hold(?![/0-9A-Za-z])/g) ?? []).length;
    assert.equal(holds(), 1, "one hold so far");

    // 13 minutes pass on the central system, twice: the first hold would have run out.
    for (const expected of [2, 3]) {
      await sandboxControl(endpoint, "clock", { advance_secs: 13 * 60 });
      await s.until(`hold renewal ${expected - 1}`, async () => holds() >= expected, { timeout: 30000 });
    }
    await completeDispense(s);
    await s.waitFor(tid("dispense-result"), { timeout: 30000 });
    assert.equal((await s.findAll(`${tid("error-message")}[data-code="HOLD_EXPIRED"]`)).length, 0);
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
      return status === "cancelled" && !startEnabled;
    });

    // The embedded server logs every request path; the cancelled lookup went through it.
    await s.until("the cancelled lookup in the server log", () =>
      app.logText.includes(`/v1/prescriptions/${cancelled.number}`),
    );

    const active = demoIn(app.demo, "active")[0];
    const mistyped = withWrongCheckCharacter(active.number);
    await lookUp(app, `${mistyped} ${active.code}`);
    const error = await s.waitFor(`${tid("error-message")}[data-code="INVALID_IDENTIFIER"]`);
    assert.ok((await error.text()).trim().length > 0, "the message explains the mistake");
    assert.ok(
      !app.logText.includes(`/v1/prescriptions/${mistyped}`),
      "a number with a wrong check character is refused before any request",
    );
    await app.screenshot("error-rows");
  });
});

test("a start-up failure is shown in the window instead of a blank screen", async () => {
  await withApp(
    "start-up-error",
    xvfb.display,
    async (app) => {
      const s = app.session;
      const error = await s.waitFor(`${tid("error-message")}[data-code="INVALID_SETTING"]`, { timeout: 45000 });
      assert.ok((await error.text()).trim().length > 0, "the message says what is wrong");
      assert.equal((await s.findAll(tid("training-ribbon"))).length, 0, "not in training mode");
      await app.screenshot("start-up-error");
    },
    { DORIXONA_ENDPOINT: "ftp://central.example" },
  );
});
