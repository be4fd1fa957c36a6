//! The character a physical key stands for on a US-QWERTY keyboard. Wedge scanners type as a US
//! keyboard: they send key positions (USB HID usages) with Shift, and the active layout of the
//! computer turns them into characters. `KeyboardEvent.code` names the position whatever that
//! layout is, so the character the scanner meant is read back from it here.

/** Unshifted and shifted characters of the keys that type one, by `KeyboardEvent.code`. */
const US_QWERTY: Record<string, readonly [string, string]> = {
  Backquote: ["`", "~"],
  Minus: ["-", "_"],
  Equal: ["=", "+"],
  BracketLeft: ["[", "{"],
  BracketRight: ["]", "}"],
  Backslash: ["\\", "|"],
  Semicolon: [";", ":"],
  Quote: ["'", '"'],
  Comma: [",", "<"],
  Period: [".", ">"],
  Slash: ["/", "?"],
  Space: [" ", " "],
};
for (const [i, shifted] of [..."!@#$%^&*()"].entries()) {
  const digit = String((i + 1) % 10);
  US_QWERTY[`Digit${digit}`] = [digit, shifted];
}
for (const letter of "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  US_QWERTY[`Key${letter}`] = [letter.toLowerCase(), letter];
}

/** Number-pad keys, which type the same on every layout while NumLock is on. */
const NUMPAD: Record<string, string> = {
  NumpadDecimal: ".",
  NumpadAdd: "+",
  NumpadSubtract: "-",
  NumpadMultiply: "*",
  NumpadDivide: "/",
};
for (let d = 0; d <= 9; d++) NUMPAD[`Numpad${d}`] = String(d);

/**
 * The US-QWERTY character of the key `code` with `shift` held, or `null` when the key types no
 * character or is not known here. `capsLock` upper-cases and lower-cases letters the other way
 * round, as it does on screen; the caller decides whether to pass it.
 */
export function usCharOf(code: string, shift: boolean, capsLock = false): string | null {
  const key = US_QWERTY[code];
  if (!key) return NUMPAD[code] ?? null;
  const upper = code.startsWith("Key") ? shift !== capsLock : shift;
  return upper ? key[1] : key[0];
}

/**
 * Whether `ch` is a character the US-QWERTY key `code` types (with or without Shift) and the key
 * is not a letter: the active layout then agrees with US-QWERTY on this key, and `ch` itself says
 * whether Shift was held (some key senders, such as WebDriver, type `:` without reporting Shift).
 */
export function isUsSymbolOf(code: string, ch: string): boolean {
  const key = US_QWERTY[code];
  return key !== undefined && !code.startsWith("Key") && key.includes(ch);
}

/** Whether `ch` is the Latin letter of the letter key `code`, in either case. */
export function isUsLetterOf(code: string, ch: string): boolean {
  return code.startsWith("Key") && code.length === 4 && ch.toUpperCase() === code.slice(3);
}

/** Whether `code` is a number-pad key that types a character while NumLock is on. */
export function isNumpadChar(code: string): boolean {
  return code in NUMPAD;
}
