// The colours of app.css against WCAG 2.1 AA: text on the backgrounds it is used on at 4.5:1 or
// more, and the borders of controls and the focus ring at 3:1 or more (non-text contrast). The
// real window is checked too, by axe-core (tests/e2e/specs/a11y.test.mjs); this names the pairs.

import { describe, expect, it } from "vitest";
import css from "../../app.css?raw";

/** The `--name: #rrggbb` colours of `:root`. */
function palette(source: string): Record<string, string> {
  const root = /:root\s*{([^}]*)}/.exec(source)?.[1] ?? "";
  const out: Record<string, string> = {};
  for (const m of root.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) out[m[1] as string] = m[2] as string;
  return out;
}

/** Relative luminance of `#rrggbb` (WCAG 2.1). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const colours: Record<string, string> = { ...palette(css), white: "#ffffff" };
const LIGHT = ["bg", "surface", "ok-bg", "warn-bg", "danger-bg", "info-bg"];

/** [foreground, background] pairs of text as the screens use them. */
const TEXT: [string, string][] = [
  ...["ink", "ink-2", "muted"].flatMap((fg) => LIGHT.map((bg) => [fg, bg] as [string, string])),
  ["ok-ink", "ok-bg"],
  ["warn-ink", "warn-bg"],
  ["danger-ink", "danger-bg"],
  ["info-ink", "info-bg"],
  ["white", "brand"],
  ["white", "brand-dark"],
  ["brand-dark", "white"],
  ["white", "danger"],
  ["danger-ink", "surface"],
  ["ok-ink", "surface"],
];

/** Borders of controls and the focus ring, on what they sit on. */
const NON_TEXT: [string, string][] = [
  ...LIGHT.map((bg) => ["line-strong", bg] as [string, string]),
  ...LIGHT.map((bg) => ["focus-ring", bg] as [string, string]),
  ["focus-ring-on-dark", "brand-dark"],
];

describe("colours of app.css", () => {
  it("are all named, as #rrggbb", () => {
    for (const [fg, bg] of [...TEXT, ...NON_TEXT]) {
      expect(colours[fg], fg).toMatch(/^#[0-9a-f]{6}$/i);
      expect(colours[bg], bg).toMatch(/^#[0-9a-f]{6}$/i);
    }
  });

  it("give text 4.5:1 or more on its backgrounds", () => {
    const low = TEXT.map(
      ([fg, bg]) => [fg, bg, contrast(colours[fg] ?? "", colours[bg] ?? "")] as const,
    ).filter(([, , ratio]) => ratio < 4.5);
    expect(low).toEqual([]);
  });

  it("give borders of controls and the focus ring 3:1 or more", () => {
    const low = NON_TEXT.map(
      ([fg, bg]) => [fg, bg, contrast(colours[fg] ?? "", colours[bg] ?? "")] as const,
    ).filter(([, , ratio]) => ratio < 3);
    expect(low).toEqual([]);
  });

  it("computes ratios as WCAG does", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });
});
