import { describe, expect, it } from "vitest";
import { daysBetween, formatDate, formatRxNumber, formatTime, localToday } from "./format";

describe("display formats", () => {
  it("shows prescription numbers as XXXX-XXXX-XXXX whatever the input form", () => {
    expect(formatRxNumber("7K3M9P2Q4R8S")).toBe("7K3M-9P2Q-4R8S");
    expect(formatRxNumber("7k3m-9p2q-4r8s")).toBe("7K3M-9P2Q-4R8S");
    expect(formatRxNumber("SHORT")).toBe("SHORT");
  });

  it("shows calendar dates as DD.MM.YYYY", () => {
    expect(formatDate("2026-11-29")).toBe("29.11.2026");
    expect(formatDate("garbage")).toBe("garbage");
  });

  it("counts whole days between dates, negative when in the past", () => {
    expect(daysBetween("2026-11-21", "2026-11-29")).toBe(8);
    expect(daysBetween("2026-11-21", "2026-11-21")).toBe(0);
    expect(daysBetween("2026-11-21", "2026-11-11")).toBe(-10);
    expect(daysBetween("2026-02-27", "2026-03-01")).toBe(2);
  });

  it("shows a time as HH:MM today and with the date otherwise", () => {
    const now = new Date(2026, 10, 21, 10, 0);
    expect(formatTime(new Date(2026, 10, 21, 9, 5).toISOString(), now)).toBe("09:05");
    expect(formatTime(new Date(2026, 10, 22, 9, 5).toISOString(), now)).toBe("22.11.2026 09:05");
    expect(formatTime("not a time", now)).toBe("not a time");
    expect(localToday(now)).toBe("2026-11-21");
  });
});
