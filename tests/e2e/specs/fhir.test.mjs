// End-to-end on the `dhp-fhir` adapter: the app speaks FHIR R5 to its training server under
// `/fhir`, and staff sign in through OAuth 2.0 (authorization code + PKCE) in the system
// browser, here the scripted `sandbox-browser` named by DORIXONA_BROWSER. The happy path of
// contract v1 (look up, dispense all, recorded centrally), then the dispense read back from the
// central system's own FHIR face.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";

import { SANDBOX_BROWSER, useXvfb, withApp } from "../lib/harness.mjs";
import { cardStatus, demoIn, dispenseWhatRemains, lookUp, signInAs, tid, trainingEndpoint } from "../lib/flows.mjs";
import { knownDemo } from "../lib/scan.mjs";

const xvfb = useXvfb();

/** Dorixona's identifier system of a dispense (`dhp_fhir::systems::DISPENSE`). */
const DISPENSE_SYSTEM = "https://dorixona.uz/fhir/sid/dispense";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The training server's request log lines (`… method=M path=P …: answered status=S …`). */
function requests(logText) {
  const out = [];
  // The log is coloured (ANSI escapes around names and values).
  for (const line of logText.replace(/\x1b\[[0-9;]*m/g, "").split("\n")) {
    const m = /method=(\w+)\s+path=(\S+?)\}?:?\s.*answered\s+status=(\d+)/.exec(line);
    if (m) out.push({ method: m[1], path: m[2], status: Number(m[3]) });
  }
  return out;
}

/** Waits for a request matching `predicate` in the training server's log. */
function logged(app, what, predicate) {
  return app.session.until(`${what} in the server log`, async () => requests(app.logText).some(predicate), {
    timeout: 10000,
  });
}

/** A bearer token for the pharmacy's own system (OAuth client credentials). */
async function clientToken(endpoint, pharmacy) {
  const res = await fetch(`${endpoint}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: pharmacy.client_id,
      client_secret: pharmacy.client_secret,
    }),
  });
  assert.equal(res.status, 200, `/oauth/token answered ${res.status}`);
  const { access_token: token } = await res.json();
  assert.ok(token, "a client-credentials token");
  return token;
}

/** A FHIR search on the training server, as the pharmacy's system. */
async function fhirSearch(endpoint, token, query) {
  const res = await fetch(`${endpoint}/fhir/${query}`, {
    headers: { authorization: `Bearer ${token}`, accept: "application/fhir+json" },
  });
  const body = await res.json();
  assert.equal(res.status, 200, `GET /fhir/${query} answered ${res.status}: ${JSON.stringify(body)}`);
  assert.equal(body.resourceType, "Bundle");
  return (body.entry ?? []).map((e) => e.resource);
}

test("on dhp-fhir a pharmacist signs in through the browser, dispenses all of a prescription over FHIR", async () => {
  assert.ok(existsSync(SANDBOX_BROWSER), `${SANDBOX_BROWSER} is built (cargo build --workspace)`);
  // The person at the browser signs in with the demo pharmacist's own account (the seed is fixed,
  // so the app's demo is known before it starts).
  const pharmacist = knownDemo().pharmacies[0];
  await withApp(
    "fhir-happy-path",
    xvfb.display,
    async (app) => {
      const s = app.session;
      const who = app.demo.pharmacies[0];
      assert.deepEqual(
        [who.pharmacy_id, who.login, who.secret],
        [pharmacist.pharmacy_id, pharmacist.login, pharmacist.secret],
      );

      // Sign-in: the counter's screen says it happens in the browser; the secret typed here only
      // unlocks the counter, the browser types the same one at the platform's page.
      await signInAs(app, who, { platform: true, timeout: 30000 });
      // Who the platform says signed in is who the counter now shows.
      const shown = await s.waitFor(tid("header-pharmacist"), { visible: false });
      const title = await shown.attribute("title");
      assert.ok(title.startsWith(`${who.full_name} · `), `the header names ${who.full_name}: ${title}`);
      const endpoint = await trainingEndpoint(s);
      await logged(
        app,
        "the browser's sign-in at the platform's page",
        (r) => r.method === "POST" && r.path === "/oauth/authorize" && r.status < 400,
      );
      await logged(
        app,
        "the code exchanged for a token",
        (r) => r.method === "POST" && r.path === "/oauth/token" && r.status === 200,
      );

      // The happy path, as on contract v1.
      const rx = demoIn(app.demo, "active")[0];
      await lookUp(app, `${rx.number} ${rx.code}`);
      await s.waitFor(tid("rx-card"));
      await dispenseWhatRemains(s);
      await s.waitFor(tid("dispense-result"), { timeout: 30000 });
      const dispenseId = (await (await s.waitFor(tid("dispense-id"))).text()).trim();
      assert.match(dispenseId, UUID);
      const state = await s.waitFor(tid("dispense-state"));
      assert.equal(await state.attribute("data-state"), "delivered", "recorded by the central system at once");
      await s.until("the prescription status to become completed", async () => (await cardStatus(s)) === "completed");

      // The history, read from the central system, shows the dispense confirmed.
      const entry = `${tid("history-entry")}[data-dispense="${dispenseId}"]`;
      await s.waitFor(entry, { timeout: 20000 });
      assert.equal((await s.findAll(tid("history-local-only"))).length, 0, "the history came from the central system");
      assert.equal((await s.findAll(`${entry} ${tid("history-unconfirmed")}`)).length, 0, "the dispense is confirmed");

      // Everything went over FHIR: the lookup, the dispense's transaction; nothing over /v1.
      await logged(
        app,
        "the lookup as a MedicationRequest search",
        (r) => r.method === "GET" && r.path === "/fhir/MedicationRequest" && r.status === 200,
      );
      await logged(
        app,
        "the dispense posted as a FHIR transaction",
        (r) => r.method === "POST" && r.path === "/fhir" && r.status === 200,
      );
      assert.deepEqual(
        requests(app.logText).filter((r) => r.path.startsWith("/v1/")),
        [],
        "no request to contract v1",
      );

      // The central system holds it: its lines, completed, for this prescription.
      const token = await clientToken(endpoint, who);
      const lines = await fhirSearch(
        endpoint,
        token,
        `MedicationDispense?identifier=${encodeURIComponent(`${DISPENSE_SYSTEM}|${dispenseId}`)}`,
      );
      assert.ok(lines.length > 0, "the central system has the dispense's lines");
      for (const line of lines) {
        assert.equal(line.resourceType, "MedicationDispense");
        assert.equal(line.status, "completed");
        assert.ok(
          line.identifier.some((i) => i.system === DISPENSE_SYSTEM && i.value === dispenseId),
          "each line names the dispense",
        );
        assert.ok(line.authorizingPrescription?.length > 0, "each line names its MedicationRequest");
      }
      const requestsOfRx = await fhirSearch(
        endpoint,
        token,
        `MedicationRequest?identifier=${encodeURIComponent(`https://dorixona.uz/fhir/sid/prescription|${rx.number}`)}`,
      );
      assert.ok(requestsOfRx.length > 0, "the prescription is there as MedicationRequests");
      const requestRefs = new Set(requestsOfRx.map((r) => `MedicationRequest/${r.id}`));
      for (const line of lines) {
        for (const ref of line.authorizingPrescription) {
          assert.ok(requestRefs.has(ref.reference), `${ref.reference} is a request of ${rx.number}`);
        }
      }
      for (const request of requestsOfRx) assert.equal(request.status, "completed");

      await s.execute("window.scrollTo(0, 0);");
      assert.ok(await app.screenshot("fhir-happy-path"), "a screenshot was saved");
    },
    {
      DORIXONA_ADAPTER: "dhp-fhir",
      DORIXONA_BROWSER: SANDBOX_BROWSER,
      SANDBOX_BROWSER_PHARMACY: pharmacist.pharmacy_id,
      SANDBOX_BROWSER_SECRET: pharmacist.secret,
    },
  );
});
