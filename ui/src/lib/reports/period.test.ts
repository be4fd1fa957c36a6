import { describe, expect, it } from "vitest";
import { daysOf, localToday, presetRange, validRange } from "./period";

describe("report periods", () => {
  it("the local day changes at 19:00 UTC", () => {
    expect(localToday(new Date("2026-11-20T18:59:00Z"))).toBe("2026-11-20");
    expect(localToday(new Date("2026-11-20T19:00:00Z"))).toBe("2026-11-21");
  });

  it("presets cover today, the week from Monday and the month from the 1st", () => {
    const now = new Date("2026-11-19T08:00:00Z"); // Thursday
    expect(presetRange("today", now)).toEqual({ from: "2026-11-19", to: "2026-11-19" });
    expect(presetRange("week", now)).toEqual({ from: "2026-11-16", to: "2026-11-19" });
    expect(presetRange("month", now)).toEqual({ from: "2026-11-01", to: "2026-11-19" });
  });

  it("lists every day of a range and refuses a reversed one", () => {
    expect(daysOf("2026-02-27", "2026-03-02")).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
    ]);
    expect(validRange("2026-03-02", "2026-02-27")).toBe(false);
    expect(validRange("2026-02-27", "2026-02-27")).toBe(true);
  });
});
