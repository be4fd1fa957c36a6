import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode } from "$lib/backend";
import { LANGS, translate } from "$lib/i18n";
import { formatError, formatIdProblem } from "./format";

const NOW = new Date("2026-11-21T10:00:00Z");

/** Details a real backend sends with some codes. */
const RICH: Partial<Record<ErrorCode, Record<string, unknown>>> = {
  QUANTITY_EXCEEDED: { item_id: "1", remaining: 7 },
  HELD_BY_OTHER_PHARMACY: {
    holder: "PH-0002",
    holder_name: "Oltin Shifo",
    expires_at: "2026-11-21T10:12:00Z",
  },
  PRODUCT_INN_MISMATCH: { item_inn: "Amoxicillin", product_inn: "Paracetamol" },
  SERVICE_UNAVAILABLE: { retry_after_secs: 30 },
  TOO_MANY_ATTEMPTS: { retry_after_secs: 840 },
  INVALID_IDENTIFIER: { problem: "length", field: "pinfl", expected: 14, found: 13 },
};

describe("formatError", () => {
  for (const lang of LANGS) {
    it(`has a distinct, complete message for every ErrorCode in ${lang}`, () => {
      const seen = new Set<string>();
      for (const code of ERROR_CODES) {
        for (const details of [{}, RICH[code] ?? {}]) {
          const text = formatError(lang, { code, details }, NOW);
          expect(text, code).not.toMatch(/[{}]/);
          expect(text, code).not.toContain("error.");
          expect(text.length, code).toBeGreaterThan(20);
        }
        seen.add(formatError(lang, { code }, NOW));
      }
      expect(seen.size).toBe(ERROR_CODES.length);
    });
  }

  it("words the lock screen's refusals: tries left, signed out, another's draft", () => {
    for (const lang of LANGS) {
      const left = formatError(lang, { code: "UNAUTHENTICATED", details: { attempts_left: 3 } }, NOW);
      expect(left).toContain("3");
      expect(left).not.toBe(formatError(lang, { code: "UNAUTHENTICATED" }, NOW));
      const out = formatError(
        lang,
        { code: "TOO_MANY_ATTEMPTS", details: { reason: "unlock_attempts" } },
        NOW,
      );
      expect(out).not.toBe(formatError(lang, { code: "TOO_MANY_ATTEMPTS" }, NOW));
      const draft = formatError(
        lang,
        { code: "FORBIDDEN", details: { reason: "draft_of_another", owner: "Karimova Dilnoza" } },
        NOW,
      );
      expect(draft).toContain("Karimova Dilnoza");
      expect(draft).not.toMatch(/[{}]/);
    }
  });

  it("names the product, its group and ATC code when it needs an e-prescription", () => {
    const details = { trade_name: "Amoksiklav", atc: "J01CR02", group: "antibiotic" };
    expect(formatError("en", { code: "E_RX_REQUIRED", details }, NOW)).toBe(
      "Amoksiklav (an antibiotic, ATC J01CR02) is sold only on an e-prescription. A paper prescription can cover it only with the number of an e-prescription printed or shown during an outage.",
    );
    expect(formatError("uz", { code: "E_RX_REQUIRED", details }, NOW)).toContain("antibiotik");
    expect(formatError("en", { code: "E_RX_REQUIRED", details: { ...details, group: "x" } }, NOW)).toBe(
      formatError("en", { code: "E_RX_REQUIRED" }, NOW),
    );
  });

  it("says in whole minutes when a TOO_MANY_ATTEMPTS lock ends", () => {
    const locked = { code: "TOO_MANY_ATTEMPTS" as const, details: { retry_after_secs: 841 } };
    expect(formatError("en", locked)).toContain("in 15 min");
    expect(formatError("uz", locked)).toContain("15 daqiqadan soʻng");
    expect(formatError("en", { ...locked, details: { retry_after_secs: 5 } })).toContain("in 1 min");
  });

  it("uses the remaining quantity for QUANTITY_EXCEEDED", () => {
    expect(formatError("en", { code: "QUANTITY_EXCEEDED", details: { remaining: 7 } })).toContain(
      "at most 7",
    );
    expect(formatError("uz", { code: "QUANTITY_EXCEEDED", details: { remaining: 7 } })).toContain(
      "koʻpi bilan 7",
    );
  });

  it("names the holder and the hold's end for HELD_BY_OTHER_PHARMACY", () => {
    const expires = "2026-11-21T10:12:00Z";
    const local = new Date(expires);
    const hhmm = `${String(local.getHours()).padStart(2, "0")}:${String(local.getMinutes()).padStart(2, "0")}`;
    const en = formatError(
      "en",
      { code: "HELD_BY_OTHER_PHARMACY", details: RICH.HELD_BY_OTHER_PHARMACY },
      NOW,
    );
    expect(en).toContain("Oltin Shifo");
    expect(en).toContain(hhmm);
    const byObject = formatError(
      "uz",
      {
        code: "HELD_BY_OTHER_PHARMACY",
        details: { holder: { pharmacy_id: "PH-9", name: "Nur" }, expires_at: expires },
      },
      NOW,
    );
    expect(byObject).toContain("(Nur)");
  });

  it("names both INNs for PRODUCT_INN_MISMATCH", () => {
    const text = formatError("en", { code: "PRODUCT_INN_MISMATCH", details: RICH.PRODUCT_INN_MISMATCH });
    expect(text).toContain("(Paracetamol)");
    expect(text).toContain("Choose a product containing Amoxicillin");
  });

  it("uses the Retry-After seconds for SERVICE_UNAVAILABLE", () => {
    expect(formatError("en", { code: "SERVICE_UNAVAILABLE", details: { retry_after_secs: 30 } })).toContain(
      "in 30 seconds",
    );
    expect(formatError("uz", { code: "SERVICE_UNAVAILABLE", details: { retry_after: "45" } })).toContain(
      "45 soniyadan",
    );
  });
});

describe("INVALID_IDENTIFIER problems", () => {
  const cases: Array<{ details: Record<string, unknown>; uz: string; en: string }> = [
    {
      details: { problem: "empty", field: "prescription_number" },
      uz: "Retsept raqami kiritilmagan.",
      en: "The prescription number is empty.",
    },
    {
      details: { problem: "length", field: "pinfl", expected: 14, found: 13 },
      uz: "PINFL 14 ta raqamdan iborat boʻlishi kerak, bu yerda 13 ta.",
      en: "The PINFL must have 14 digits; this one has 13.",
    },
    {
      details: { problem: "length", field: "prescription_number", expected: 12, found: 8 },
      uz: "Retsept raqami 12 ta belgidan iborat boʻlishi kerak, bu yerda 8 ta.",
      en: "The prescription number must have 12 characters; this one has 8.",
    },
    {
      details: { problem: "non_digit", field: "pinfl", position: 14, found: "X" },
      uz: "14-oʻrinda “X” turibdi",
      en: "position 14 has “X”",
    },
    {
      details: { problem: "control_character", field: "pinfl", position: 4 },
      uz: "4-oʻrinda koʻrinmas boshqaruv belgisi bor",
      en: "control character at position 4",
    },
    {
      details: {
        problem: "invalid_character",
        field: "prescription_number",
        position: 6,
        found: "Р",
        lookalike: "P",
      },
      uz: "lotincha “P” harfiga oʻxshaydi",
      en: "looks like the Latin “P”",
    },
    {
      details: {
        problem: "invalid_character",
        field: "prescription_number",
        position: 5,
        found: " ",
        lookalike: null,
      },
      uz: "5-oʻrindagi “␣” belgisiga ruxsat yoʻq",
      en: "has “␣” at position 5, which is not allowed",
    },
    {
      details: { problem: "check_character", field: "pinfl", expected: "3", found: "4" },
      uz: "nazorat belgisi “3” boʻlishi kerak, “4” kiritilgan",
      en: "check character should be “3” but is “4”",
    },
    {
      details: { problem: "sex_century", found: "9" },
      uz: "birinchi raqami 1 dan 6 gacha boʻlishi kerak, bu yerda “9”",
      en: "must be 1 to 6; this one has “9”",
    },
    {
      details: { problem: "birth_date", day: 31, month: 2, year: 1997 },
      uz: "(31.02.1997) mavjud emas",
      en: "(31.02.1997) does not exist",
    },
    {
      details: { problem: "unknown_qr_format" },
      uz: "DMED retsepti emas",
      en: "not a DMED prescription",
    },
    {
      details: { problem: "unsupported_qr_version", found: "2" },
      uz: "versiyasi “2”",
      en: "has version “2”",
    },
  ];

  for (const c of cases) {
    const label = `${String(c.details.problem)}${c.details.lookalike ? " (lookalike)" : ""} ${String(c.details.field ?? "")}`;
    it(`explains ${label} in both languages`, () => {
      const uz = formatError("uz", { code: "INVALID_IDENTIFIER", details: c.details });
      const en = formatError("en", { code: "INVALID_IDENTIFIER", details: c.details });
      expect(uz).toContain(c.uz);
      expect(en).toContain(c.en);
      for (const text of [uz, en]) expect(text).not.toMatch(/[{}]/);
    });
  }

  it("names the access code field in its own words", () => {
    const d = { problem: "length", field: "access_code", expected: 4, found: 3 };
    expect(formatIdProblem("en", d)).toContain("The access code must have 4 digits; this one has 3.");
    expect(formatIdProblem("uz", d)).toContain("Kirish kodi 4 ta raqamdan");
  });

  it("falls back to the generic message for an unknown problem", () => {
    expect(formatIdProblem("en", { problem: "something_new" })).toBe(
      translate("en", "error.INVALID_IDENTIFIER"),
    );
  });
});
