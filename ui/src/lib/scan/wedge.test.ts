import { describe, expect, it } from "vitest";
import { GS, WedgeDetector, type WedgeResult } from "./wedge";

/** Types `text` then Enter, `gap` ms apart, starting at `t0`; returns the Enter's result. */
function type(d: WedgeDetector, text: string, gap: number, t0 = 1000, enterGap = gap): WedgeResult {
  let t = t0;
  for (const key of text) {
    d.feed({ key, time: t });
    t += gap;
  }
  return d.feed({ key: "Enter", time: t - gap + enterGap });
}

describe("WedgeDetector", () => {
  it("reads a burst of keys under 50 ms apart ended by Enter as a scan", () => {
    const d = new WedgeDetector();
    const r = type(d, "DMEDRX:1:ABCD23456789:1234", 8);
    expect(r).toEqual({ kind: "scan", text: "DMEDRX:1:ABCD23456789:1234", startedAt: 1000 });
  });

  it("leaves slow typing alone", () => {
    const d = new WedgeDetector();
    expect(type(d, "ABCD23456789", 120)).toEqual({ kind: "key" });
    // 50 ms is already too slow: the rule is strictly under.
    expect(type(new WedgeDetector(), "ABCDEFG", 50)).toEqual({ kind: "key" });
    expect(type(new WedgeDetector(), "ABCDEFG", 49).kind).toBe("scan");
  });

  it("needs at least five characters", () => {
    expect(type(new WedgeDetector(), "1234", 5).kind).toBe("key");
    expect(type(new WedgeDetector(), "12345", 5).kind).toBe("scan");
  });

  it("needs the Enter within the gap too", () => {
    expect(type(new WedgeDetector(), "ABCDEFGH", 5, 0, 200).kind).toBe("key");
  });

  it("starts a new burst after a pause, so typed text before a scan is not part of it", () => {
    const d = new WedgeDetector();
    d.feed({ key: "x", time: 0 });
    d.feed({ key: "y", time: 300 });
    const r = type(d, "SCANNED1", 10, 1000);
    expect(r).toEqual({ kind: "scan", text: "SCANNED1", startedAt: 1000 });
  });

  it("a slow key in the middle breaks the burst", () => {
    const d = new WedgeDetector();
    for (const [i, key] of [..."ABC"].entries()) d.feed({ key, time: i * 10 });
    d.feed({ key: "D", time: 500 });
    d.feed({ key: "E", time: 510 });
    expect(d.feed({ key: "Enter", time: 520 }).kind).toBe("key");
  });

  it("ignores modifier keys inside a burst", () => {
    const d = new WedgeDetector();
    let t = 0;
    for (const key of ["Shift", "A", "Shift", "B", "c", "d", "e"]) {
      d.feed({ key, time: t });
      t += 3;
    }
    expect(d.feed({ key: "Enter", time: t })).toMatchObject({ kind: "scan", text: "ABcde" });
  });

  it("turns GS sent as a character, a special key or Ctrl+] into GS", () => {
    for (const gsKey of [
      { key: GS },
      { key: "GroupSeparator" },
      { key: "F8" },
      { key: "]", ctrlKey: true },
    ]) {
      const d = new WedgeDetector();
      let t = 0;
      const keys = [..."0104601234567893", ..."21ABC"].map((key) => ({ key }));
      for (const k of [...keys, gsKey, { key: "9" }, { key: "1" }, { key: "X" }]) {
        d.feed({ ...k, time: t });
        t += 4;
      }
      const r = d.feed({ key: "Enter", time: t });
      expect(r).toMatchObject({ kind: "scan", text: `010460123456789321ABC${GS}91X` });
    }
  });

  it("turns configured substitutes into GS", () => {
    const d = new WedgeDetector({ gsSubstitutes: ["<GS>", "|"] });
    const r = type(d, "0104601234567893<GS>21AB|91X", 4);
    expect(r).toMatchObject({ kind: "scan", text: `0104601234567893${GS}21AB${GS}91X` });
  });

  it("honours other timings", () => {
    const d = new WedgeDetector({ maxGapMs: 20, minLength: 3 });
    expect(type(d, "ABC", 19).kind).toBe("scan");
    expect(type(d, "ABC", 25).kind).toBe("key");
  });
});
