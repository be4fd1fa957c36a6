//! Handheld 2D scanners in keyboard-wedge mode type the code as a burst of key presses ended by
//! Enter. This detector tells such a burst from a person typing: at least `minLength` characters,
//! each key less than `maxGapMs` after the one before, and Enter (also within `maxGapMs`).
//! Slower keys are typing and are left alone.
//!
//! GS1 pack codes carry FNC1 as the group separator GS (U+001D). Wedge scanners send it as the
//! character itself, as a special key, or drop it; many can be set to send a substitute instead.
//! Keys whose `key` is U+001D, `"GroupSeparator"`, or `F8` (a common scanner mapping) become GS, and
//! so does any configured substitute string in the scanned text (default `<GS>`; add `|` or
//! another string the scanners of the pharmacy are set to send).

/** The group separator. */
export const GS = "\u001d";

export interface WedgeOptions {
  /** Longest pause between two keys of a scan. Default 50 ms. */
  maxGapMs?: number;
  /** Fewest characters of a scan. Default 5. */
  minLength?: number;
  /** Strings a scanner sends in place of GS. Default `["<GS>"]`. */
  gsSubstitutes?: string[];
}

/** A key press as the detector needs it: the key and when it happened (ms). */
export interface WedgeKey {
  key: string;
  time: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

/** What a key press turned out to be. */
export type WedgeResult =
  /** Part of what may be a scan, or ordinary typing: let it through. */
  | { kind: "key" }
  /** Enter ending a scan: the caller should swallow it and route `text`. */
  | { kind: "scan"; text: string; startedAt: number };

const GS_KEYS = new Set([GS, "GroupSeparator", "F8"]);
const MODIFIERS = new Set(["Shift", "Control", "Alt", "AltGraph", "Meta", "CapsLock"]);

/** Tells scanner bursts from typing, one key at a time. */
export class WedgeDetector {
  private readonly maxGapMs: number;
  private readonly minLength: number;
  private readonly substitutes: string[];
  private buffer = "";
  private startedAt = 0;
  private last = Number.NEGATIVE_INFINITY;

  constructor(opts: WedgeOptions = {}) {
    this.maxGapMs = opts.maxGapMs ?? 50;
    this.minLength = opts.minLength ?? 5;
    this.substitutes = (opts.gsSubstitutes ?? ["<GS>"]).filter((s) => s.length > 0);
  }

  /** Feeds one key press. */
  feed(k: WedgeKey): WedgeResult {
    if (MODIFIERS.has(k.key)) return { kind: "key" };
    const quick = k.time - this.last < this.maxGapMs;
    if (k.key === "Enter") {
      const text = this.buffer;
      const done = quick && text.length >= this.minLength;
      const startedAt = this.startedAt;
      this.reset();
      return done ? { kind: "scan", text: this.normalise(text), startedAt } : { kind: "key" };
    }
    let ch: string | null = null;
    if (GS_KEYS.has(k.key)) ch = GS;
    else if (k.key === "]" && k.ctrlKey)
      ch = GS; // Ctrl+] is GS on a keyboard
    else if (k.key.length === 1 && !k.ctrlKey && !k.altKey && !k.metaKey) ch = k.key;
    if (ch === null) {
      this.reset();
      return { kind: "key" };
    }
    if (!quick || this.buffer === "") {
      this.buffer = "";
      this.startedAt = k.time;
    }
    this.buffer += ch;
    this.last = k.time;
    return { kind: "key" };
  }

  /** Whether the keys so far may be the start of a scan (a quick run of at least two). */
  get inBurst(): boolean {
    return this.buffer.length >= 2;
  }

  /** Forgets the keys so far. */
  reset(): void {
    this.buffer = "";
    this.last = Number.NEGATIVE_INFINITY;
  }

  private normalise(text: string): string {
    let out = text;
    for (const s of this.substitutes) out = out.split(s).join(GS);
    return out;
  }
}
