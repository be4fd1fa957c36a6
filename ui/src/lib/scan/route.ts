//! Where a scanned code goes: a GS1 pack code to the dispense step's pack field, anything else
//! (a DMED prescription QR, a number with its code, a PINFL) to the lookup.

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
