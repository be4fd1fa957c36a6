// The paper record's item row fits a 1280×800 (and a 1366×768) window: jsdom lays nothing out,
// so this reads the form's style instead. The row wraps (flex with wrapping), nothing in it keeps
// a width of its own (the fieldset's min-content, a long product name in the picker, an input's
// default size) and no column is given a fixed width wider than a window; the real window is
// checked by the end-to-end screenshots and the accessibility pass at 1280 and 1366 px.

import { describe, expect, it } from "vitest";
import source from "./PaperMode.svelte?raw";

/** The component's style, without its comments. */
const style = (/<style>([\s\S]*)<\/style>/.exec(source)?.[1] ?? "").replace(/\/\*[\s\S]*?\*\//g, "");

/** The declarations of `selector` in the component's style (all its rules, joined). */
function rule(selector: string): string {
  const found: string[] = [];
  for (const m of style.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const selectors = (m[1] ?? "").split(",").map((s) => s.trim());
    if (selectors.includes(selector)) found.push(m[2] ?? "");
  }
  return found.join(";");
}

describe("the paper form's item row at 1280 px", () => {
  it("wraps its fields instead of keeping them on one line", () => {
    expect(rule(".line")).toMatch(/display:\s*flex/);
    expect(rule(".line")).toMatch(/flex-wrap:\s*wrap/);
    // A fieldset is as wide as its content unless told otherwise.
    expect(rule(".line")).toMatch(/min-width:\s*0/);
    expect(source).toMatch(/<fieldset class="line"/);
  });

  it("lets each field and control shrink to its share", () => {
    expect(rule(".line > label")).toMatch(/min-width:\s*0/);
    for (const control of [".line input", ".line select", ".line textarea"]) {
      expect(rule(control), control).toMatch(/width:\s*100%/);
      expect(rule(control), control).toMatch(/min-width:\s*0/);
    }
  });

  it("gives no field a basis wider than half a 1280 px window (large text too), no track a content width", () => {
    // A grid's fraction tracks may shrink below their content only as minmax(0, …).
    for (const m of style.matchAll(/grid-template-columns:([^;]*);/g)) {
      expect((m[1] ?? "").replace(/minmax\(0, [\d.]+fr\)/g, ""), m[0]).not.toMatch(/fr\b/);
    }
    for (const m of style.matchAll(/flex:\s*\d+ \d+ (\d+(?:\.\d+)?)rem/g)) {
      // 17 px a rem, 150 % in large-text mode.
      expect(Number(m[1]) * 17 * 1.5).toBeLessThan(1280 / 2);
    }
  });
});
