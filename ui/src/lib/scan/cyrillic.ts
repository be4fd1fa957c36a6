//! Cyrillic keyboard layouts read back as the US-QWERTY keys that typed them. With the Russian or
//! the Uzbek Cyrillic layout on, a scanner's (or a person's) `F8GO-8Q2A-DU21` arrives as
//! `А8ПЩ-8Й2Ф-ВГ21`: same keys, other characters. These tables undo that when all there is to go
//! on is the character (no `KeyboardEvent.code`, or text already in an input).
//!
//! Layouts covered, as Windows ships them:
//! - Russian (ЙЦУКЕН, `KBDRU`, KLID 00000419);
//! - Uzbek Cyrillic (`KBDUZB`, KLID 00000843): Russian with ў on the O key (Russian щ), қ on S
//!   (Russian ы), ғ on the minus key and ҳ on the equals key (no `-` or `=` outside the number
//!   pad). Checked against the layout's tables as published by SIL (Keyman `basic_kbduzb`,
//!   imported from KBDUZB.DLL) and ReactOS (`dll/keyboard/kbduzb`).
//!
//! The Linux xkb `uz` layout places its letters differently (ў on minus, қ on equals, х on O…)
//! and is not covered; it only matters where `code` is missing.

/** Letter keys: the Cyrillic letter (lower, then upper case) and the US character of its key. */
const LETTERS_LOWER = "ёйцукенгшщзхъфывапролджэячсмитьбюўқғҳ";
const US_LOWER = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.os-=";
const LETTERS_UPPER = "ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮЎҚҒҲ";
const US_UPPER = '~QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>OS_+';

const LETTER_KEYS = new Map<string, string>();
function addKeys(letters: string, us: string): void {
  const keys = [...us];
  [...letters].forEach((c, i) => LETTER_KEYS.set(c, keys[i] ?? ""));
}
addKeys(LETTERS_LOWER, US_LOWER);
addKeys(LETTERS_UPPER, US_UPPER);

/** Characters only a Cyrillic layout types, on keys that are not letters: Shift+3 is `№`. */
const CYRILLIC_ONLY: Record<string, string> = { "№": "#" };

/**
 * Punctuation both layouts type, on other keys: on these Cyrillic layouts Shift+2 is `"`,
 * Shift+4 `;`, Shift+6 `:`, Shift+7 `?`, the slash key `.` (Shift `,`) and Shift+backslash `/`.
 * Only to be undone when the text is known to come through a Cyrillic layout.
 */
const SHARED_PUNCTUATION: Record<string, string> = {
  '"': "@",
  ";": "$",
  ":": "^",
  "?": "&",
  ".": "/",
  ",": "?",
  "/": "|",
};

/**
 * The US character of the key that types `ch` on the Russian or Uzbek Cyrillic layout, when `ch`
 * is something only those layouts type (a Cyrillic letter, `№`); otherwise `null`.
 */
export function latinOfCyrillicKey(ch: string): string | null {
  return LETTER_KEYS.get(ch) ?? CYRILLIC_ONLY[ch] ?? null;
}

/**
 * The US character of the key that types the punctuation `ch` on the Russian or Uzbek Cyrillic
 * layout, when that is another character (`.` is the slash key there); otherwise `null`.
 */
export function latinOfCyrillicPunctuation(ch: string): string | null {
  return SHARED_PUNCTUATION[ch] ?? null;
}

/**
 * Text typed by hand with a Cyrillic layout on, as the same keys type it on US-QWERTY: for text
 * made only of the Cyrillic letters of those layouts, digits, `-`, `+` and spaces, with at least one
 * such letter (`А8ПЩ-8Й2Ф-ВГ21` → `F8GO-8Q2A-DU21`). Anything else gives `null`. Case follows
 * the letters typed. Whether the result is worth using is for the caller to judge: a drug name
 * maps too, to nonsense.
 */
export function latinFromCyrillicKeys(text: string): string | null {
  let out = "";
  let cyrillic = false;
  for (const ch of text) {
    const latin = LETTER_KEYS.get(ch);
    if (latin !== undefined) {
      out += latin;
      cyrillic = true;
    } else if (/^[0-9\s+-]$/.test(ch)) {
      out += ch;
    } else {
      return null;
    }
  }
  return cyrillic ? out : null;
}
