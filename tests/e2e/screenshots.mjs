// The screenshots in docs/screenshots/: the counter with a prescription card, the dispense step
// and the receipt (its PDF rendered by poppler's pdftoppm) in each of the four languages, taken
// from the real app in training mode in a 1366×768 window, the language chosen through the
// window's own language switch. PNGs are made small with pngquant. Run through screenshots.sh.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { ROOT, RunningApp, checkPrerequisites, startXvfb, stop } from "./lib/harness.mjs";
import { chooseFirstProduct, staffMember, tid, typeInto } from "./lib/flows.mjs";

/** Debian's programs (scripts/setup.sh installs them), by path. */
const PDFTOPPM = "/usr/bin/pdftoppm";
const PNGQUANT = "/usr/bin/pngquant";
const OUT = join(ROOT, "docs", "screenshots");
const LANGS = ["uz", "uz-Cyrl", "ru", "en"];
const WIDTH = 1366;
const HEIGHT = 768;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `png` (a Buffer or a file) to docs/screenshots/<name>.png, quantised to 256 colours. */
function savePng(name, source) {
  const target = join(OUT, `${name}.png`);
  const work = mkdtempSync(join(tmpdir(), "dorixona-shot-"));
  try {
    let raw = source;
    if (Buffer.isBuffer(source)) {
      raw = join(work, "raw.png");
      writeFileSync(raw, source);
    }
    const small = join(work, "small.png");
    execFileSync(PNGQUANT, ["--quality=65-95", "--speed=1", "--strip", "--force", "--output", small, raw]);
    renameSync(small, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`  ${target.slice(ROOT.length + 1)}`);
}

/** Scrolls the element `css` to the top of the window. */
function scrollToTop(s, css) {
  return s.execute("document.querySelector(arguments[0])?.scrollIntoView({ block: 'start' });", [css]);
}

/** Types into the counter's input a key at a time (as a person, not a scanner's burst), then Enter. */
async function typeLookup(s, text) {
  const input = await s.waitFor(tid("lookup-input"));
  await input.clear();
  await input.click();
  await s.typeKeys(text, { gapMs: 80, enter: true });
}

/** Chooses a product and what remains for every item of the open dispense form; does not submit. */
async function fillDispense(s) {
  const itemIds = await s.until("product pickers", async () => {
    const ids = await s.execute(
      `return Array.from(document.querySelectorAll('${tid("desk-current")} [data-testid^="product-select-"]'))
         .map((el) => el.getAttribute("data-testid").slice("product-select-".length));`,
    );
    return ids.length > 0 ? ids : null;
  });
  for (const itemId of itemIds) {
    await s.until(`a product for item ${itemId}`, () => chooseFirstProduct(s, itemId));
    const remaining = await s.until(`the quantity of item ${itemId}`, async () => {
      const value = String(await (await s.waitFor(tid(`qty-${itemId}`))).property("value")).trim();
      return /^[1-9]\d*$/.test(value) ? value : null;
    });
    await typeInto(s, `qty-${itemId}`, remaining);
  }
  await s.until("the submit button to be enabled", async () => {
    for (const itemId of itemIds) if (!(await chooseFirstProduct(s, itemId))) return false;
    return (await s.waitFor(tid("dispense-submit"))).enabled();
  });
}

/** The three pictures of one language, from a fresh app (the same demo prescription each time). */
async function shoot(display, lang) {
  console.log(`${lang}:`);
  const app = await RunningApp.launch(`screenshots-${lang}`, display);
  let failed = true;
  try {
    const s = app.session;
    await s.cmd("POST", "/window/rect", { width: WIDTH, height: HEIGHT });
    await s.waitFor(tid("signin-submit"), { timeout: 45000 });
    const who = staffMember(app.demo, "pharmacist");
    await typeInto(s, "signin-pharmacy", who.pharmacy_id);
    await typeInto(s, "signin-login", who.login);
    await typeInto(s, "signin-secret", who.secret);
    await (await s.waitFor(tid("signin-submit"))).click();
    await s.waitFor(tid("lookup-input"), { timeout: 20000 });
    // The person's own language, through the switch in the top bar.
    await (await s.waitFor(tid(`lang-${lang}`))).click();
    await s.waitFor(`${tid(`lang-${lang}`)}[aria-pressed="true"]`);

    const rx = app.demo.prescriptions.find((p) => p.state === "active" && p.inns.length === 2);
    await typeLookup(s, rx.payload);
    await s.waitFor(tid("start-dispense"), { timeout: 20000 });
    await (await s.waitFor(tid("lookup-input"))).click(); // the focus where a pharmacist leaves it
    await sleep(500);
    savePng(`counter-${lang}`, await s.screenshot());

    await (await s.waitFor(tid("start-dispense"))).click();
    await fillDispense(s);
    await scrollToTop(s, tid("dispense-form"));
    await sleep(500);
    savePng(`dispense-${lang}`, await s.screenshot());

    await (await s.waitFor(tid("dispense-submit"))).click();
    await s.waitFor(tid("dispense-result"), { timeout: 30000 });
    await (await s.waitFor(tid("receipt-print"))).click();
    const saved = await (await s.waitFor(tid("receipt-saved"), { timeout: 20000 })).text();
    const pdf = /(\/\S+?\.pdf)/.exec(saved)?.[1];
    if (!pdf || !existsSync(pdf)) throw new Error(`no receipt PDF in "${saved}"`);
    const work = mkdtempSync(join(tmpdir(), "dorixona-receipt-"));
    try {
      execFileSync(PDFTOPPM, ["-png", "-r", "150", "-gray", "-singlefile", pdf, join(work, "receipt")]);
      savePng(`receipt-${lang}`, join(work, "receipt.png"));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    failed = false;
  } finally {
    await app.close({ failed });
  }
}

async function main() {
  checkPrerequisites();
  for (const tool of [PDFTOPPM, PNGQUANT]) {
    if (!existsSync(tool)) throw new Error(`${tool} is missing (run: sudo bash scripts/setup.sh)`);
  }
  mkdirSync(OUT, { recursive: true });
  const xvfb = await startXvfb();
  try {
    for (const lang of LANGS) await shoot(xvfb.display, lang);
  } finally {
    await stop(xvfb.child);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err.stack ?? String(err));
    process.exit(1);
  },
);
