//! How the in-memory backend reads the counter input. It mirrors the rules of the `dmed-api`
//! crate closely enough that a browser session and the tests see the same kinds of
//! `INVALID_IDENTIFIER` details the real backend sends; the real rules live in Rust.

import { pinflCheckDigit, rxCheckChar } from "./mock-data";

export type IdDetails = Record<string, unknown> & { problem: string };

export type ParsedInput =
  { kind: "number"; number: string; code: string | null } | { kind: "pinfl"; pinfl: string };

/** A parse failure, carrying the same details as `IdError::details()`. */
export class IdProblem {
  constructor(readonly details: IdDetails) {}
}

const LOOKALIKES: Record<string, string> = {
  А: "A",
  а: "A",
  В: "B",
  в: "B",
  Е: "E",
  е: "E",
  К: "K",
  к: "K",
  М: "M",
  м: "M",
  Н: "H",
  н: "H",
  О: "O",
  о: "O",
  Р: "P",
  р: "P",
  С: "C",
  с: "C",
  Т: "T",
  т: "T",
  Х: "X",
  х: "X",
  З: "3",
  з: "3",
};

const DASHES = /[-‐‑‒–—−]/g;

function isControl(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return c < 0x20 || (c >= 0x7f && c < 0xa0);
}

export function parseRxNumber(input: string): string {
  const field = "prescription_number";
  const s = input.trim();
  if (!s) throw new IdProblem({ problem: "empty", field });
  const chars = [...s.replace(DASHES, "")].map((c) => (/[a-z]/.test(c) ? c.toUpperCase() : c));
  if (chars.length === 0) throw new IdProblem({ problem: "empty", field });
  for (const [i, c] of chars.entries()) {
    if (isControl(c)) throw new IdProblem({ problem: "control_character", field, position: i + 1 });
    const ok = /[0-9A-Z]/.test(c) || (c === "+" && i === 11);
    if (!ok) {
      throw new IdProblem({
        problem: "invalid_character",
        field,
        position: i + 1,
        found: c,
        lookalike: LOOKALIKES[c] ?? null,
      });
    }
  }
  if (chars.length !== 12) {
    throw new IdProblem({ problem: "length", field, expected: 12, found: chars.length });
  }
  const body = chars.slice(0, 11).join("");
  const expected = rxCheckChar(body);
  if (chars[11] !== expected) {
    throw new IdProblem({ problem: "check_character", field, expected, found: chars[11] });
  }
  return chars.join("");
}

export function parseAccessCode(input: string): string {
  const field = "access_code";
  const s = input.trim();
  if (!s) throw new IdProblem({ problem: "empty", field });
  for (const [i, c] of [...s].entries()) {
    if (isControl(c)) throw new IdProblem({ problem: "control_character", field, position: i + 1 });
    if (!/[0-9]/.test(c)) throw new IdProblem({ problem: "non_digit", field, position: i + 1, found: c });
  }
  if (s.length !== 4) throw new IdProblem({ problem: "length", field, expected: 4, found: s.length });
  return s;
}

export function parsePinfl(input: string): string {
  const field = "pinfl";
  const s = input.trim();
  if (!s) throw new IdProblem({ problem: "empty", field });
  for (const [i, c] of [...s].entries()) {
    if (isControl(c)) throw new IdProblem({ problem: "control_character", field, position: i + 1 });
    if (!/[0-9]/.test(c)) throw new IdProblem({ problem: "non_digit", field, position: i + 1, found: c });
  }
  if (s.length !== 14) throw new IdProblem({ problem: "length", field, expected: 14, found: s.length });
  const first = Number(s[0]);
  if (first < 1 || first > 6) throw new IdProblem({ problem: "sex_century", found: s[0] });
  const century = first <= 2 ? 1800 : first <= 4 ? 1900 : 2000;
  const day = Number(s.slice(1, 3));
  const month = Number(s.slice(3, 5));
  const year = century + Number(s.slice(5, 7));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) {
    throw new IdProblem({ problem: "birth_date", day, month, year });
  }
  const expected = String(pinflCheckDigit(s.slice(0, 13)));
  if (s[13] !== expected) throw new IdProblem({ problem: "check_character", field, expected, found: s[13] });
  return s;
}

/** Classifies one counter input: QR payload, URL, number (with or without code), or PINFL. */
export function parseLookupInput(input: string): ParsedInput {
  const s = input.trim();
  if (!s) throw new IdProblem({ problem: "empty", field: "prescription_number" });
  if (s.length > 512)
    throw new IdProblem({ problem: "length", field: "prescription_number", expected: 12, found: s.length });
  if (s.slice(0, 7).toUpperCase() === "DMEDRX:") {
    const parts = s.slice(7).split(":");
    if (parts[0] !== "1") {
      throw new IdProblem({ problem: "unsupported_qr_version", found: (parts[0] ?? "").slice(0, 8) });
    }
    if (parts.length !== 3) throw new IdProblem({ problem: "unknown_qr_format" });
    return { kind: "number", number: parseRxNumber(parts[1] ?? ""), code: parseAccessCode(parts[2] ?? "") };
  }
  if (/^https?:\/\//i.test(s)) {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      throw new IdProblem({ problem: "unknown_qr_format" });
    }
    const segments = url.pathname.split("/").filter(Boolean);
    const number = segments.pop();
    if (!number || segments.pop() !== "rx") throw new IdProblem({ problem: "unknown_qr_format" });
    const c = url.searchParams.get("c");
    return { kind: "number", number: parseRxNumber(number), code: c === null ? null : parseAccessCode(c) };
  }
  if (/^[0-9]{13,15}$/.test(s)) return { kind: "pinfl", pinfl: parsePinfl(s) };
  const m = /^(.*\S)\s+([0-9]{4})$/s.exec(s);
  if (m) return { kind: "number", number: parseRxNumber(m[1] ?? ""), code: m[2] ?? null };
  return { kind: "number", number: parseRxNumber(s), code: null };
}
