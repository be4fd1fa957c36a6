import { describe, expect, it } from "vitest";
import { ageSecs, formatAge } from "./age";

describe("ageSecs", () => {
  const now = new Date("2025-03-01T10:00:00Z");
  it("counts whole seconds back to the timestamp", () => {
    expect(ageSecs("2025-03-01T09:58:30Z", now)).toBe(90);
  });
  it("is 0 for the future and for garbage", () => {
    expect(ageSecs("2025-03-01T10:05:00Z", now)).toBe(0);
    expect(ageSecs("not a time", now)).toBe(0);
  });
});

describe("formatAge", () => {
  it("uses the largest sensible unit in English", () => {
    expect(formatAge("en", 42)).toBe("42 s");
    expect(formatAge("en", 12 * 60 + 5)).toBe("12 min");
    expect(formatAge("en", 3 * 3600 + 5 * 60)).toBe("3 h 5 min");
    expect(formatAge("en", 2 * 86400 + 4 * 3600)).toBe("2 d 4 h");
  });
  it("speaks Uzbek", () => {
    expect(formatAge("uz", 3 * 3600 + 5 * 60)).toBe("3 soat 5 daqiqa");
    expect(formatAge("uz", 30)).toBe("30 soniya");
  });
});
