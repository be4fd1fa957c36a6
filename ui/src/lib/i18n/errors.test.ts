import { describe, expect, it } from "vitest";
import bindings from "../backend/bindings.ts?raw";
import { ERROR_CODES } from "$lib/backend";
import { formatError } from "$lib/errors/format";
import { catalogues, LANGS, type MessageKey } from "./index";

/** The members of the `ErrorCode` union as the generated bindings spell it. */
function errorCodesOfBindings(): string[] {
  const start = bindings.indexOf("export type ErrorCode =");
  const body = bindings.slice(start, bindings.indexOf("\nexport ", start));
  return [...body.matchAll(/^"([A-Z_]+)"/gm)].map((m) => m[1] ?? "");
}

describe("every error code has a message in every language", () => {
  const codes = errorCodesOfBindings();

  it("reads the codes from the bindings, the same as the UI's list", () => {
    expect(codes.length).toBeGreaterThan(30);
    expect([...codes].sort()).toEqual([...ERROR_CODES].sort());
  });

  for (const lang of LANGS) {
    it(`${lang}: an error.* message for each code, and formatError uses it`, () => {
      const missing = codes.filter((c) => !catalogues[lang][`error.${c}` as MessageKey]);
      expect(missing).toEqual([]);
      for (const code of ERROR_CODES) {
        const text = formatError(lang, { code, details: {} });
        expect(text, code).not.toBe("");
        expect(text, code).not.toMatch(/[{}]|error\.[A-Z]/);
      }
    });
  }
});
