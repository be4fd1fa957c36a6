import { get } from "svelte/store";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "$lib/i18n";
import {
  daysBetween,
  fmt,
  formatDate,
  formatDayMonth,
  formatList,
  formatLocalMinute,
  formatMoney,
  formatNumber,
  formatRxNumber,
  formatTashkent,
  formatTime,
  localToday,
} from "./format";

afterEach(() => setLocale("uz"));

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

  it("shows a day and its month alone (a chart's axis) in the form of each language", () => {
    expect(formatDayMonth("2026-11-29", "uz")).toBe("29.11");
    expect(formatDayMonth("2026-11-29", "uz-Cyrl")).toBe("29.11");
    expect(formatDayMonth("2026-03-05", "ru")).toBe("05.03");
    expect(formatDayMonth("2026-11-29", "en")).toBe("29/11");
    expect(formatDayMonth("2026-02-30", "ru")).toBe("2026-02-30");
    setLocale("ru");
    expect(get(fmt).dayMonth("2026-11-29")).toBe("29.11");
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

describe("formats in the UI language", () => {
  it("writes a date as Uzbek documents do in Uzbek, as Russian does in Russian, British in English", () => {
    expect(formatDate("2026-11-29", "uz")).toBe("29.11.2026");
    expect(formatDate("2026-11-29", "uz-Cyrl")).toBe("29.11.2026");
    expect(formatDate("2026-11-29", "ru")).toBe("29.11.2026");
    expect(formatDate("2026-11-29", "en")).toBe("29/11/2026");
    expect(formatDate("2026-02-31", "en")).toBe("2026-02-31");
  });

  it("writes times with 24 hours, and the date of another day in the language's form", () => {
    const now = new Date(2026, 10, 21, 10, 0);
    const other = new Date(2026, 10, 22, 21, 5).toISOString();
    expect(formatTime(other, now, "ru")).toBe("22.11.2026 21:05");
    expect(formatTime(other, now, "en")).toBe("22/11/2026 21:05");
    expect(formatLocalMinute("2026-11-19 13:45", "en")).toBe("19/11/2026 13:45");
    expect(formatLocalMinute("2026-11-19 13:45", "uz")).toBe("19.11.2026 13:45");
    expect(formatTashkent("2026-11-19T08:45:00Z", "ru")).toBe("19.11.2026 13:45");
  });

  it("groups digits and writes decimals as each language does", () => {
    expect(formatNumber(1234567.5, "ru")).toBe("1\u00a0234\u00a0567,5");
    expect(formatNumber(1234567.5, "uz")).toBe("1\u00a0234\u00a0567,5");
    expect(formatNumber(1234567.5, "en")).toBe("1,234,567.5");
    expect(formatNumber(42, "uz-Cyrl")).toBe("42");
  });

  it("writes soʻm in the language's script", () => {
    expect(formatMoney(125000, "uz")).toBe("125\u00a0000\u00a0soʻm");
    expect(formatMoney(125000, "uz-Cyrl")).toBe("125\u00a0000\u00a0сўм");
    expect(formatMoney(125000, "ru")).toMatch(/^125\u00a0000\u00a0(UZS|сум)$/);
    expect(formatMoney(1250.5, "en")).toMatch(/1,250\.50/);
  });

  it("joins lists with the language's word for 'and'", () => {
    expect(formatList(["a", "b", "c"], "uz")).toBe("a, b va c");
    expect(formatList(["a", "b", "c"], "ru")).toBe("a, b и c");
    expect(formatList(["a", "b", "c"], "en")).toBe("a, b and c");
  });

  it("$fmt follows the current language", () => {
    setLocale("en");
    expect(get(fmt).date("2026-11-29")).toBe("29/11/2026");
    setLocale("ru");
    expect(get(fmt).date("2026-11-29")).toBe("29.11.2026");
    expect(formatDate("2026-11-29")).toBe("29.11.2026");
  });
});
