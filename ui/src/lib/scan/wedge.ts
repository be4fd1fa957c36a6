//! Handheld 2D scanners in keyboard-wedge mode type the code as a burst of key presses ended by
//! Enter. This detector tells such a burst from a person typing: at least `minLength` characters,
//! each key less than `maxGapMs` after the one before, and Enter (also within `maxGapMs`).
//! Slower keys are typing and are left alone.
//!
//! The scanner types as a US-QWERTY keyboard, through whatever layout is active: with the Russian
//! layout on, `F8GO` arrives as `А8ПЩ`. Each key of a scan is therefore read from its physical key
//! (`KeyboardEvent.code` with Shift, see `keys.ts`), not from the character the layout made of
//! it. Where a driver sends no `code`, the character is taken, and Cyrillic letters (and, once the
//! scan shows a Cyrillic layout, the punctuation that layout moves) are read back as their keys
//! (`cyrillic.ts`). Letter case follows the scanner's Shift: a scanner in its usual setting does
//! not know of CapsLock, so CapsLock is ignored unless `honourCapsLock` is set (for scanners set
//! to follow it). Keys without `code` keep the case they arrived in: such drivers often type
//! characters directly, and there is no telling what CapsLock did to them.
//!
//! GS1 pack codes carry FNC1 as the group separator GS (U+001D). Wedge scanners send it as the
//! character itself, as a special key, or drop it; many can be set to send a substitute instead.
//! Keys whose `key` is U+001D, `"GroupSeparator"`, or `F8` (a common scanner mapping) become GS, as
//! does Ctrl+] (the `]` key, whatever the layout types on it), and so does any configured
//! substitute string in the scanned text (default `<GS>`; add `|` or another string the scanners
//! of the pharmacy are set to send).

import { latinOfCyrillicKey, latinOfCyrillicPunctuation } from "./cyrillic";
import { isNumpadChar, isUsLetterOf, isUsSymbolOf, usCharOf } from "./keys";

/** The group separator. */
export const GS = "\u001d";

export interface WedgeOptions {
  /** Longest pause between two keys of a scan. Default 50 ms. */
  maxGapMs?: number;
  /** Fewest characters of a scan. Default 5. */
  minLength?: number;
  /** Strings a scanner sends in place of GS. Default `["<GS>"]`. */
  gsSubstitutes?: string[];
  /** Let CapsLock flip the case of scanned letters, for scanners that follow it. Default off. */
  honourCapsLock?: boolean;
}

/** A key press as the detector needs it: the key and when it happened (ms). */
export interface WedgeKey {
  key: string;
  time: number;
  /** The physical key (`KeyboardEvent.code`); empty or missing when the driver sends none. */
  code?: string;
  shiftKey?: boolean;
  /** Whether CapsLock was on. */
  capsLock?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

/** The detector's view of a keyboard event. */
export function wedgeKeyOf(e: KeyboardEvent, time: number): WedgeKey {
  return {
    key: e.key,
    time,
    code: e.code,
    shiftKey: e.shiftKey,
    capsLock: e.getModifierState("CapsLock"),
    ctrlKey: e.ctrlKey,
    altKey: e.altKey,
    metaKey: e.metaKey,
  };
}

/** What a key press turned out to be. */
export type WedgeResult =
  /** Part of what may be a scan, or ordinary typing: let it through. */
  | { kind: "key" }
  /** Enter ending a scan: the caller should swallow it and route `text`. */
  | { kind: "scan"; text: string; startedAt: number };

const GS_KEYS = new Set([GS, "GroupSeparator", "F8"]);
/** What the `]` key types with Ctrl held, when there is no `code` to say it is that key. */
const CTRL_GS_KEYS = new Set(["]", "ъ", "Ъ"]);
const MODIFIERS = new Set(["Shift", "Control", "Alt", "AltGraph", "Meta", "CapsLock"]);

/**
 * One key of a scan: the character the scanner meant and, for a key without `code`, whether it
 * was a letter only a Cyrillic layout types (`cyrillic`, already read back) or punctuation a
 * Cyrillic layout types on another key (`shared`, read back once the scan shows that layout).
 */
interface ScanKey {
  ch: string;
  layout?: "cyrillic" | "shared";
}

/** Tells scanner bursts from typing, one key at a time. */
export class WedgeDetector {
  private readonly maxGapMs: number;
  private readonly minLength: number;
  private readonly substitutes: string[];
  private readonly honourCapsLock: boolean;
  private keys: ScanKey[] = [];
  private startedAt = 0;
  private last = Number.NEGATIVE_INFINITY;

  constructor(opts: WedgeOptions = {}) {
    this.maxGapMs = opts.maxGapMs ?? 50;
    this.minLength = opts.minLength ?? 5;
    this.substitutes = (opts.gsSubstitutes ?? ["<GS>"]).filter((s) => s.length > 0);
    this.honourCapsLock = opts.honourCapsLock ?? false;
  }

  /** Feeds one key press. */
  feed(k: WedgeKey): WedgeResult {
    if (MODIFIERS.has(k.key)) return { kind: "key" };
    const quick = k.time - this.last < this.maxGapMs;
    if (k.key === "Enter") {
      const text = this.text();
      const done = quick && this.keys.length >= this.minLength;
      const startedAt = this.startedAt;
      this.reset();
      return done ? { kind: "scan", text: this.normalise(text), startedAt } : { kind: "key" };
    }
    const key = this.decode(k);
    if (key === null) {
      this.reset();
      return { kind: "key" };
    }
    if (!quick || this.keys.length === 0) {
      this.keys = [];
      this.startedAt = k.time;
    }
    this.keys.push(key);
    this.last = k.time;
    return { kind: "key" };
  }

  /** Whether the keys so far may be the start of a scan (a quick run of at least two). */
  get inBurst(): boolean {
    return this.keys.length >= 2;
  }

  /** Forgets the keys so far. */
  reset(): void {
    this.keys = [];
    this.last = Number.NEGATIVE_INFINITY;
  }

  /** What the scanner meant by one key press, or `null` for a key that is not part of a scan. */
  private decode(k: WedgeKey): ScanKey | null {
    const code = k.code ?? "";
    if (GS_KEYS.has(k.key) || code === "F8") return { ch: GS };
    // Ctrl+] is GS on a keyboard.
    if (k.ctrlKey && (code === "BracketRight" || k.key === "]" || (code === "" && CTRL_GS_KEYS.has(k.key)))) {
      return { ch: GS };
    }
    if (k.ctrlKey || k.altKey || k.metaKey) return null;
    // A digit or symbol the layout types as US-QWERTY does: taken as it came.
    if (k.key.length === 1 && isUsSymbolOf(code, k.key)) return { ch: k.key };
    // A Latin letter on its own key keeps its case unless CapsLock is on (then Shift says it).
    if (k.key.length === 1 && !k.capsLock && isUsLetterOf(code, k.key)) return { ch: k.key };
    const ch = usCharOf(code, k.shiftKey ?? false, this.honourCapsLock && (k.capsLock ?? false));
    if (ch !== null) {
      // A number-pad key that types no character has NumLock off: it moves the caret.
      return isNumpadChar(code) && k.key.length !== 1 ? null : { ch };
    }
    if (k.key.length !== 1) return null;
    const latin = latinOfCyrillicKey(k.key);
    if (latin !== null) return { ch: latin, layout: "cyrillic" };
    return latinOfCyrillicPunctuation(k.key) !== null ? { ch: k.key, layout: "shared" } : { ch: k.key };
  }

  /** The keys so far as the scanner meant them. */
  private text(): string {
    const cyrillic = this.keys.some((k) => k.layout === "cyrillic");
    const read = (k: ScanKey) =>
      cyrillic && k.layout === "shared" ? (latinOfCyrillicPunctuation(k.ch) ?? k.ch) : k.ch;
    return this.keys.map(read).join("");
  }

  private normalise(text: string): string {
    let out = text;
    for (const s of this.substitutes) out = out.split(s).join(GS);
    return out;
  }
}
