// End-to-end: a sale from the keyboard alone, in a 1366×768 window. A handheld scanner's burst
// looks a one-item prescription up: the card shows its item in focus, the item and its quantity
// on screen without scrolling, the camera panel (no camera here) a slim line. Enter opens the
// dispense step (the product chosen when the catalogue has one of the item's INN and strength,
// else the arrow picks the first of that strength; the quantity is what remains), and F9
// dispenses and prints the receipt on the CUPS queue, with printing after each dispense off.
// The keys pressed after the scan are counted: at most 4.

import assert from "node:assert/strict";
import { test } from "node:test";

import { QUEUE, startCups } from "../lib/cups.mjs";
import { useXvfb, withApp } from "../lib/harness.mjs";
import { signInAs, staffMember, tid } from "../lib/flows.mjs";
import { scanBurst } from "../lib/scan.mjs";

const xvfb = useXvfb();

/** WebDriver's codes of the keys pressed (W3C WebDriver, "keyboard actions"). */
const KEYS = { Enter: "\uE007", ArrowDown: "\uE015", F9: "\uE039" };
const WIDTH = 1366;
const HEIGHT = 768;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks for a window of `width`×`height`; returns the page's inner size as it then is. */
async function sizeWindow(s, width, height) {
  try {
    await s.cmd("POST", "/window/rect", { width, height });
  } catch (err) {
    console.log(`# the window could not be resized: ${err.message}`);
  }
  return s.until(
    `a window of at most ${width}×${height}`,
    async () => {
      const [w, h] = await s.execute("return [window.innerWidth, window.innerHeight];");
      return w <= width && h <= height ? { width: w, height: h } : null;
    },
    { timeout: 10000 },
  );
}

/** Where `testId` (in the screen in use) is against the viewport, and how far the page is scrolled. */
function placeOf(s, testId) {
  return s.execute(
    `const desk = document.querySelector('[data-testid="desk-current"]') ?? document;
     const el = desk.querySelector(arguments[0]);
     if (!el) return null;
     const r = el.getBoundingClientRect();
     return { top: r.top, bottom: r.bottom, viewport: window.innerHeight, scrolled: window.scrollY };`,
    [tid(testId)],
  );
}

function assertVisible(place, what) {
  assert.ok(place, `${what} is on the screen`);
  assert.ok(
    place.top >= 0 && place.bottom <= place.viewport,
    `${what} is inside the ${place.viewport} px high viewport: ${JSON.stringify(place)}`,
  );
}

/** The `data-testid` of the element with the focus. */
function focused(s) {
  return s.execute("return document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName;");
}

/** Saves the receipt printer settings through the app's own command (a manager is signed in). */
async function choosePrinter(s, printer) {
  const answer = await s.cmd("POST", "/execute/async", {
    script: `const done = arguments[arguments.length - 1];
      window.__TAURI_INTERNALS__
        .invoke("save_print_settings", { settings: { printer: arguments[0], format: "esc_pos", after_dispense: false } })
        .then(() => done("saved"), (e) => done(JSON.stringify(e)));`,
    args: [printer],
  });
  assert.equal(answer, "saved", "the receipt printer is chosen");
}

test("a sale from scan to printed receipt with the keyboard only, in a 1366×768 window", async () => {
  const cups = await startCups();
  try {
    await withApp(
      "keyboard",
      xvfb.display,
      async (app) => {
        const s = app.session;
        const size = await sizeWindow(s, WIDTH, HEIGHT);
        console.log(`# the page is ${size.width}×${size.height} px`);
        assert.ok(size.width >= WIDTH - 40 && size.height >= HEIGHT - 80, "the window is about 1366×768");

        await signInAs(app, staffMember(app.demo, "manager"));
        await choosePrinter(s, QUEUE);
        const rx = app.demo.prescriptions.find(
          (p) => (p.state === "active" || p.state === "chronic_active") && p.inns.length === 1,
        );
        assert.ok(rx, "the demo has an active prescription of one item");

        // No camera on this machine: the panel is one slim line.
        const panel = await s.waitFor(tid("camera-panel"));
        await s.until("the camera panel to settle", async () => (await panel.attribute("data-state")) !== "starting");
        assert.notEqual(await panel.attribute("data-state"), "running");
        const panelPlace = await placeOf(s, "camera-panel");
        assert.ok(panelPlace.bottom - panelPlace.top < 70, `the camera panel is slim: ${JSON.stringify(panelPlace)}`);

        // The scan: a burst of keys ended by Enter, with the focus nowhere in particular.
        const blur = () => s.execute("document.activeElement?.blur(); return 1;");
        await blur();
        await scanBurst(s, rx.payload, async () => {
          await (await s.waitFor(tid("lookup-input"))).clear();
          await blur();
        });
        await s.waitFor(tid("rx-card"), { timeout: 20000 });
        const itemFocus = await s.until("the first item to have the focus", async () => {
          const id = await focused(s);
          return typeof id === "string" && id.startsWith("item-start-") ? id : null;
        });
        const itemId = itemFocus.slice("item-start-".length);
        assertVisible(await placeOf(s, `item-row-${itemId}`), "the first item");
        const remainingPlace = await placeOf(s, `remaining-${itemId}`);
        assertVisible(remainingPlace, "the first item's quantity");
        assert.equal(remainingPlace.scrolled, 0, "nothing was scrolled");
        const remaining = (await (await s.waitFor(tid(`remaining-${itemId}`))).text()).match(/\d+/)?.[0];
        await app.screenshot("keyboard-card");

        // From here on every key is counted.
        let pressed = 0;
        const press = async (name) => {
          pressed += 1;
          console.log(`# key ${pressed}: ${name}`);
          await s.typeKeys(KEYS[name]);
          await sleep(150);
        };

        await press("Enter");
        const first = await s.until(
          "the item's first field in the dispense step to have the focus",
          async () => {
            const id = await focused(s);
            return id === `qty-${itemId}` || id === `product-select-${itemId}` ? id : null;
          },
          { timeout: 30000 },
        );
        const select = tid(`product-select-${itemId}`);
        const chosen = () => s.execute("return document.querySelector(arguments[0])?.value ?? '';", [select]);
        if (first.startsWith("product-select-")) {
          console.log("# several products have the item's INN and strength: the first of them is chosen");
          await press("ArrowDown");
          await s.until("a product chosen with the arrow", chosen);
        } else {
          console.log("# one product has the item's INN and strength: it is chosen already");
        }
        assert.ok(await chosen(), "a product is chosen");
        const qty = await s.waitFor(tid(`qty-${itemId}`));
        assert.equal(await qty.property("value"), remaining, "the quantity is what remains");
        assertVisible(await placeOf(s, `qty-${itemId}`), "the first item's quantity field");
        await app.screenshot("keyboard-form");

        await press("F9");
        await s.waitFor(tid("dispense-result"), { timeout: 30000 });
        const printed = await s.waitFor(tid("auto-printed"), { timeout: 20000 });
        assert.match(await printed.text(), new RegExp(QUEUE));
        const id = (await (await s.waitFor(tid("dispense-id"))).text()).trim();
        assertVisible(await placeOf(s, "dispense-result"), "the result with its printed receipt");
        assert.equal(await focused(s), "lookup-input", "the next scan or number goes to the lookup input");
        await app.screenshot("keyboard-printed");

        console.log(`keys beyond the scan: ${pressed}`);
        assert.ok(pressed <= 4, `a one-item prescription takes at most 4 keys after the scan, not ${pressed}`);

        const job = await cups.nextJob();
        assert.deepEqual([...job.subarray(0, 2)], [0x1b, 0x40], "an ESC/POS job");
        const text = job.toString("latin1");
        assert.ok(text.includes(id), "the dispense id reached the printer");
        assert.ok(text.includes(rx.number), "the prescription number reached the printer");
      },
      { CUPS_SERVER: cups.server },
    );
  } finally {
    await cups.stop();
  }
});
