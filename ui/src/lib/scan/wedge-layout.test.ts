import { describe, expect, it } from "vitest";
import { isPackCode, routeScan } from "./route";
import { GS, WedgeDetector, wedgeKeyOf, type WedgeKey, type WedgeResult } from "./wedge";

/**
 * Keyboards as a wedge scanner meets them: rows of physical keys (`KeyboardEvent.code`) and what
 * each layout types on them, unshifted and with Shift. The scanner presses the US-QWERTY key of
 * each character; the layout decides the `key` the browser reports.
 */
const CODES = [
  ["Backquote", ..."1234567890".split("").map((d) => `Digit${d}`), "Minus", "Equal"],
  [..."QWERTYUIOP".split("").map((l) => `Key${l}`), "BracketLeft", "BracketRight", "Backslash"],
  [..."ASDFGHJKL".split("").map((l) => `Key${l}`), "Semicolon", "Quote"],
  [..."ZXCVBNM".split("").map((l) => `Key${l}`), "Comma", "Period", "Slash"],
  ["Space"],
];

type Layout = [plain: string, shifted: string][];

const US: Layout = [
  ["`1234567890-=", "~!@#$%^&*()_+"],
  ["qwertyuiop[]\\", "QWERTYUIOP{}|"],
  ["asdfghjkl;'", 'ASDFGHJKL:"'],
  ["zxcvbnm,./", "ZXCVBNM<>?"],
  [" ", " "],
];

/** Windows "Russian" (ЙЦУКЕН). */
const RU: Layout = [
  ["ё1234567890-=", 'Ё!"№;%:?*()_+'],
  ["йцукенгшщзхъ\\", "ЙЦУКЕНГШЩЗХЪ/"],
  ["фывапролджэ", "ФЫВАПРОЛДЖЭ"],
  ["ячсмитьбю.", "ЯЧСМИТЬБЮ,"],
  [" ", " "],
];

/** Windows "Uzbek Cyrillic": ў for щ, қ for ы, ғ and ҳ on the minus and equals keys. */
const UZ: Layout = [
  ["ё1234567890ғҳ", 'Ё!"№;%:?*()ҒҲ'],
  ["йцукенгшўзхъ\\", "ЙЦУКЕНГШЎЗХЪ/"],
  ["фқвапролджэ", "ФҚВАПРОЛДЖЭ"],
  ["ячсмитьбю.", "ЯЧСМИТЬБЮ,"],
  [" ", " "],
];

/**
 * The Linux xkb "uz" layout, which places its letters otherwise (ў and қ on minus and equals, х
 * on O, з on S…): the character tables do not know it, the physical keys still say it all.
 */
const XKB_UZ: Layout = [
  ["ё1234567890ўқ", 'Ё!"#;%:?*()ЎҚ'],
  ["йцукенгшхъғҳ\\", "ЙЦУКЕНГШХЪҒҲ|"],
  ["фзвапролджэ", "ФЗВАПРОЛДЖЭ"],
  ["ячсмитьбю.", "ЯЧСМИТЬБЮ,"],
  [" ", " "],
];

/** Where the scanner's US-QWERTY keyboard has `ch`: row, column, Shift. */
function place(ch: string): [number, number, boolean] {
  for (const [r, [plain, shifted]] of US.entries()) {
    if (plain.includes(ch)) return [r, plain.indexOf(ch), false];
    if (shifted.includes(ch)) return [r, shifted.indexOf(ch), true];
  }
  throw new Error(`no key types ${JSON.stringify(ch)}`);
}

interface Typing {
  layout: Layout;
  /** Send no `code` (some wedge drivers do not). */
  noCode?: boolean;
  capsLock?: boolean;
  /** How the scanner sends GS. */
  gs?: "ctrl]" | "F8" | "char";
}

/** The key presses a scanner makes for `text` (GS included) under `t.layout`, without timing. */
function presses(text: string, t: Typing): Omit<WedgeKey, "time">[] {
  const out: Omit<WedgeKey, "time">[] = [];
  const code = (c: string) => (t.noCode ? "" : c);
  for (const ch of text) {
    if (ch === GS) {
      if (t.gs === "F8") out.push({ key: "F8", code: code("F8") });
      else if (t.gs === "char") out.push({ key: GS, code: "" });
      else {
        out.push({ key: "Control", code: code("ControlLeft"), ctrlKey: true });
        out.push({ key: t.layout[1]![0][11]!, code: code("BracketRight"), ctrlKey: true });
      }
      continue;
    }
    const [r, c, shift] = place(ch);
    const [plain, shifted] = t.layout[r]!;
    let key = (shift ? shifted : plain)[c]!;
    // CapsLock flips the case of letters on screen; the scanner's Shift stays what it sent.
    if (t.capsLock && key.toLowerCase() !== key.toUpperCase()) {
      key = shift ? key.toLowerCase() : key.toUpperCase();
    }
    if (shift) out.push({ key: "Shift", code: code("ShiftLeft"), shiftKey: true, capsLock: t.capsLock });
    out.push({ key, code: code(CODES[r]![c]!), shiftKey: shift, capsLock: t.capsLock });
  }
  return out;
}

/** What the presses for `text` put on screen under the layout (GS and modifiers left out). */
function onScreen(text: string, t: Typing): string {
  return presses(text, t)
    .filter((p) => p.key.length === 1 && p.key !== GS && !p.ctrlKey)
    .map((p) => p.key)
    .join("");
}

/** Feeds `text` as a scanner types it, `gap` ms between presses, then Enter; returns Enter's result. */
function scan(d: WedgeDetector, text: string, t: Typing, gap = 4): WedgeResult {
  let time = 1000;
  for (const p of presses(text, t)) {
    d.feed({ ...p, time });
    time += gap;
  }
  return d.feed({ key: "Enter", code: t.noCode ? "" : "Enter", time: time - gap + Math.min(gap, 10) });
}

const NUMBER = "F8GO-8Q2A-DU21";
const QR = "DMEDRX:1:F8GO8Q2ADU21:1234";
const URL_QR = "https://dmed.uz/rx/F8GO8Q2ADU21?c=1234";
/** An Asl belgisi pack: GTIN, serial with lower case, GS, 91 key, GS, 92 crypto tail. */
const PACK = `0104601234567893215Ab8kQ3x&Y7/z${GS}91EE06${GS}92dGVzdC1jcnlwdG8+L3RhaWw9P/aB+cD=`;

describe("a scan typed through the Russian layout", () => {
  it("reads the prescription QR payload and the number with its code as the scanner sent them", () => {
    expect(onScreen(QR, { layout: RU })).toBe("ВЬУВКЧЖ1ЖА8ПЩ8Й2ФВГ21Ж1234");
    expect(onScreen(NUMBER, { layout: RU })).toBe("А8ПЩ-8Й2Ф-ВГ21");
    for (const text of [QR, `${NUMBER} 1234`, URL_QR]) {
      expect(scan(new WedgeDetector(), text, { layout: RU })).toMatchObject({ kind: "scan", text });
    }
  });

  it("reads a GS1 pack code with its GS separators, lower case and punctuation intact", () => {
    for (const gs of ["ctrl]", "F8", "char"] as const) {
      const r = scan(new WedgeDetector(), PACK, { layout: RU, gs });
      expect(r).toMatchObject({ kind: "scan", text: PACK });
      if (r.kind === "scan") expect(routeScan(r.text, true)).toBe("pack");
    }
    const prefixed = scan(new WedgeDetector(), `]d2${PACK}`, { layout: RU });
    expect(prefixed).toMatchObject({ kind: "scan", text: `]d2${PACK}` });
    if (prefixed.kind === "scan") expect(isPackCode(prefixed.text)).toBe(true);
  });

  it("reads each key from its code where the character could not say which key it was", () => {
    // Only digits and punctuation: nothing on screen shows the layout.
    const pack = "0104601234567893213/4&5?6";
    expect(onScreen(pack, { layout: RU })).toBe("0104601234567893213.4?5,6");
    expect(scan(new WedgeDetector(), pack, { layout: RU })).toMatchObject({ kind: "scan", text: pack });
    // A layout the character tables do not know.
    expect(onScreen(QR, { layout: XKB_UZ })).toBe("ВЬУВКЧЖ1ЖА8ПХ8Й2ФВГ21Ж1234");
    expect(scan(new WedgeDetector(), QR, { layout: XKB_UZ })).toMatchObject({ kind: "scan", text: QR });
    expect(scan(new WedgeDetector(), PACK, { layout: XKB_UZ })).toMatchObject({ kind: "scan", text: PACK });
  });

  it("takes GS substitutes typed on Cyrillic keys", () => {
    const r = scan(new WedgeDetector(), "0104601234567893<GS>21AB<GS>91X", { layout: RU });
    expect(r).toMatchObject({ kind: "scan", text: `0104601234567893${GS}21AB${GS}91X` });
  });

  it("with CapsLock on, letter case follows the scanner's Shift unless told to follow CapsLock", () => {
    const t: Typing = { layout: RU, capsLock: true };
    expect(scan(new WedgeDetector(), "ab12CD34ef", t)).toMatchObject({ text: "ab12CD34ef" });
    expect(scan(new WedgeDetector({ honourCapsLock: true }), "ab12CD34ef", t)).toMatchObject({
      text: "AB12cd34EF",
    });
  });

  it("leaves a person typing slowly alone: no key is taken as a scan", () => {
    const d = new WedgeDetector();
    let time = 0;
    const results: WedgeResult[] = [];
    for (const p of presses("Paracetamol 500", { layout: RU })) {
      results.push(d.feed({ ...p, time }));
      time += 150;
    }
    results.push(d.feed({ key: "Enter", code: "Enter", time }));
    expect(results.every((r) => r.kind === "key")).toBe(true);
  });
});

describe("a scan typed through the Uzbek Cyrillic layout", () => {
  it("reads ў, қ, ғ and ҳ keys as O, S, minus and equals", () => {
    expect(onScreen(URL_QR, { layout: UZ })).toBe("реезқЖ..вьувюгя.кч.А8ПЎ8Й2ФВГ21,сҳ1234");
    expect(scan(new WedgeDetector(), URL_QR, { layout: UZ })).toMatchObject({ kind: "scan", text: URL_QR });
    expect(onScreen(NUMBER, { layout: UZ })).toBe("А8ПЎғ8Й2ФғВГ21");
    expect(scan(new WedgeDetector(), `${NUMBER} 1234`, { layout: UZ })).toMatchObject({
      text: `${NUMBER} 1234`,
    });
    expect(scan(new WedgeDetector(), QR, { layout: UZ })).toMatchObject({ text: QR });
  });

  it("reads a GS1 pack code with its GS separators", () => {
    const r = scan(new WedgeDetector(), PACK, { layout: UZ, gs: "ctrl]" });
    expect(r).toMatchObject({ kind: "scan", text: PACK });
  });
});

describe("a scan without KeyboardEvent.code", () => {
  it("reads Cyrillic letters back as their keys, under either layout", () => {
    for (const layout of [RU, UZ]) {
      const t: Typing = { layout, noCode: true };
      expect(presses(QR, t).every((p) => p.code === "")).toBe(true);
      expect(scan(new WedgeDetector(), QR, t)).toMatchObject({ kind: "scan", text: QR });
      expect(scan(new WedgeDetector(), `${NUMBER} 1234`, t)).toMatchObject({ text: `${NUMBER} 1234` });
      expect(scan(new WedgeDetector(), URL_QR, t)).toMatchObject({ text: URL_QR });
    }
  });

  it("reads a pack code with GS sent as a character or Ctrl+ъ", () => {
    for (const gs of ["char", "ctrl]"] as const) {
      const r = scan(new WedgeDetector(), PACK, { layout: RU, noCode: true, gs });
      expect(r).toMatchObject({ kind: "scan", text: PACK });
    }
  });

  it("leaves punctuation alone when nothing shows a Cyrillic layout", () => {
    const d = new WedgeDetector();
    expect(scan(d, "12.34,56;78", { layout: US, noCode: true })).toMatchObject({ text: "12.34,56;78" });
  });
});

describe("a scan from a key sender that reports no Shift for symbols", () => {
  it("takes capitals and symbols as they came when their keys type them on US-QWERTY, as WebDriver sends them", () => {
    const d = new WedgeDetector();
    const payload = "DMEDRX:1:F8GO8Q2ADU21:1234";
    let scanned = "";
    let t = 0;
    for (const ch of payload) {
      const letter = /[A-Z]/.test(ch);
      const code = letter ? `Key${ch}` : /\d/.test(ch) ? `Digit${ch}` : "Semicolon";
      // No Shift reported, for the capitals either.
      d.feed({ key: ch, code, shiftKey: false, time: (t += 5) });
    }
    const end = d.feed({ key: "Enter", code: "Enter", time: (t += 5) });
    if (end.kind === "scan") scanned = end.text;
    expect(scanned).toBe(payload);
  });
});

describe("wedgeKeyOf", () => {
  it("passes the physical key, Shift and CapsLock on", () => {
    const e = new KeyboardEvent("keydown", {
      key: "А",
      code: "KeyF",
      shiftKey: true,
      modifierCapsLock: true,
    } as KeyboardEventInit);
    expect(wedgeKeyOf(e, 42)).toEqual({
      key: "А",
      time: 42,
      code: "KeyF",
      shiftKey: true,
      capsLock: true,
      ctrlKey: false,
      altKey: false,
      metaKey: false,
    });
  });
});
