// The daily chart speaks the UI language: its axes' titles come from the catalogues, its days
// and numbers from the language's formats (no ISO date, no English word, no bare digits
// grouped the English way).

import { cleanup, render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { DayRow } from "$lib/backend";
import { formatDayMonth, formatNumber } from "$lib/format";
import { LANGS, setLocale, translate, type Lang } from "$lib/i18n";
import DailyChart from "./DailyChart.svelte";

afterEach(() => {
  cleanup();
  setLocale("uz");
});

const day = (date: string, packs: number): DayRow => ({
  date,
  volume: { dispenses: 1, items: 1, quantity: packs, packs },
});

const DAYS = [day("2026-11-28", 3), day("2026-11-29", 1500), day("2026-11-30", 21)];

function chart(lang: Lang, days = DAYS, onday: (date: string) => void = () => {}) {
  setLocale(lang);
  render(DailyChart, { days, label: translate(lang, "reports.daily"), onday });
  return screen.getByTestId("daily-chart");
}

const texts = (testid: string) => screen.getAllByTestId(testid).map((e) => e.textContent);

describe("the daily chart's axes", () => {
  it("in Russian: titles from the catalogue, days as 29.11, numbers grouped with a space, bars in words", () => {
    chart("ru");
    expect(screen.getByTestId("daily-axis-day")).toHaveTextContent("День");
    expect(screen.getByTestId("daily-axis-packs")).toHaveTextContent("Упаковки");
    expect(texts("daily-tick")).toEqual(["28.11", "29.11", "30.11"]);
    expect(texts("daily-mark")).toEqual(["0", "750", "1\u00a0500"]);
    expect(screen.getByTestId("day-bar-2026-11-29")).toHaveAttribute(
      "aria-label",
      "29.11.2026: 1\u00a0500 упаковок",
    );
    expect(screen.getByTestId("day-bar-2026-11-30")).toHaveAttribute("aria-label", "30.11.2026: 21 упаковка");
    expect(screen.getByTestId("day-bar-2026-11-28")).toHaveAttribute("aria-label", "28.11.2026: 3 упаковки");
  });

  it("in Uzbek Cyrillic: Cyrillic titles, days as 29.11 (not the locale data's 29/11)", () => {
    chart("uz-Cyrl");
    expect(screen.getByTestId("daily-axis-day")).toHaveTextContent("Кун");
    expect(screen.getByTestId("daily-axis-packs")).toHaveTextContent("Қадоқлар");
    expect(texts("daily-tick")).toEqual(["28.11", "29.11", "30.11"]);
    expect(texts("daily-mark")).toEqual(["0", "750", "1\u00a0500"]);
    expect(screen.getByTestId("day-bar-2026-11-29")).toHaveAttribute(
      "aria-label",
      "29.11.2026: 1\u00a0500 қадоқ",
    );
  });

  for (const lang of LANGS) {
    it(`${lang}: every text is the catalogue's or a formatted day or number, none an ISO date`, () => {
      const svg = chart(lang);
      expect(svg.textContent).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(screen.getByTestId("daily-axis-day")).toHaveTextContent(
        translate(lang, "reports.daily.axisDay"),
      );
      expect(screen.getByTestId("daily-axis-packs")).toHaveTextContent(
        translate(lang, "reports.daily.axisPacks"),
      );
      expect(texts("daily-tick")).toEqual(DAYS.map((d) => formatDayMonth(d.date, lang)));
      expect(texts("daily-mark")).toEqual([0, 750, 1500].map((n) => formatNumber(n, lang)));
    });
  }

  it("an odd most is marked alone with nothing; a long period marks every few days", () => {
    const many = Array.from({ length: 31 }, (_, i) =>
      day(`2026-01-${String(i + 1).padStart(2, "0")}`, i === 4 ? 7 : 1),
    );
    chart("en", many);
    expect(texts("daily-mark")).toEqual(["0", "7"]);
    expect(texts("daily-tick")).toEqual([
      "01/01",
      "05/01",
      "09/01",
      "13/01",
      "17/01",
      "21/01",
      "25/01",
      "29/01",
    ]);
  });

  it("a bar still opens its day", async () => {
    let opened = "";
    chart("ru", DAYS, (d) => (opened = d));
    await userEvent.setup().click(screen.getByTestId("day-bar-2026-11-29"));
    expect(opened).toBe("2026-11-29");
  });
});
