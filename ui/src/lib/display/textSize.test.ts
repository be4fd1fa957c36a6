import { afterEach, describe, expect, it } from "vitest";
import { applyTextSize, textSizeOf, TEXT_SIZES } from "./textSize";

afterEach(() => applyTextSize(100));

describe("text size", () => {
  it("offers the sizes the counter accepts, normal first", () => {
    expect(TEXT_SIZES).toEqual([100, 125, 150]);
  });

  it("takes an unknown or missing size as normal", () => {
    expect(textSizeOf(125)).toBe(125);
    for (const odd of [undefined, null, 0, 110, 200]) expect(textSizeOf(odd)).toBe(100);
  });

  it("scales the root font size through --text-scale", () => {
    const root = document.documentElement;
    applyTextSize(150);
    expect(root.style.getPropertyValue("--text-scale")).toBe("1.5");
    expect(root.dataset.textSize).toBe("150");
    applyTextSize(125);
    expect(root.style.getPropertyValue("--text-scale")).toBe("1.25");
    applyTextSize(999);
    expect(root.style.getPropertyValue("--text-scale")).toBe("1");
    expect(root.dataset.textSize).toBe("100");
  });
});
