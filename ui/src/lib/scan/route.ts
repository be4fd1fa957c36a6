//! Where a scanned code goes: a GS1 pack code to the dispense step's pack field, anything else
//! (a DMED prescription QR, a number with its code, a PINFL) to the lookup. And what the lookup
//! reads of text typed by hand: a prescription number typed with a Cyrillic layout on is read as
//! the keys that typed it.

import { latinFromCyrillicKeys } from "./cyrillic";
import { GS } from "./wedge";

/** True when `text` looks like a GS1 pack marking code: `01` + 14 digits, or `(01)`. */
export function isPackCode(text: string): boolean {
  const s = text
    .trim()
    .replace(/^\](d2|D2|Q3|C1|e0)/, "")
    .replace(new RegExp(`^${GS}+`), "");
  return /^01\d{14}21/.test(s) || /^\(01\)\d{14}/.test(s);
}

/** Where a code goes on the counter screen. */
export type ScanTarget = "lookup" | "pack" | "ignore";

/**
 * Pack codes go to the pack field while a dispense is open and are ignored otherwise (a pack
 * is not a prescription); everything else goes to the lookup, except while a dispense is open
 * (the lookup is closed then).
 */
export function routeScan(text: string, dispensing: boolean): ScanTarget {
  if (isPackCode(text)) return dispensing ? "pack" : "ignore";
  return dispensing ? "ignore" : "lookup";
}

const RX_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+";

/**
 * True when `text` is a well-formed prescription number, optionally followed by its 4-digit
 * access code: 11 characters of `0-9A-Z` (dashes allowed, any case) and their ISO/IEC 7064
 * MOD 37-2 check character (`0-9A-Z` or `+`). The counter's own rules decide the rest.
 */
export function isRxNumberInput(text: string): boolean {
  const m = /^([0-9A-Za-z-]+\+?)(?:\s+[0-9]{4})?$/.exec(text.trim());
  const chars = (m?.[1] ?? "").replace(/-/g, "").toUpperCase();
  if (chars.length !== 12) return false;
  let p = 0;
  for (const ch of chars.slice(0, 11)) p = ((p + RX_ALPHABET.indexOf(ch)) * 2) % 37;
  return chars[11] === RX_ALPHABET[(38 - p) % 37];
}

/**
 * What the lookup should read of `text` typed into the counter's input by hand. Text typed with
 * the Russian or Uzbek Cyrillic layout on (`А8ПЩ-8Й2Ф-ВГ21`, with or without the access code) is
 * read as the keys that typed it (`F8GO-8Q2A-DU21`) when that is a prescription number with a
 * valid check character; anything else, a name among them, is read as typed. Cyrillic text is
 * never a valid number, PINFL or QR payload as it stands, so nothing valid is changed.
 */
export function manualLookupText(text: string): string {
  const latin = latinFromCyrillicKeys(text.trim());
  return latin !== null && isRxNumberInput(latin) ? latin : text;
}
