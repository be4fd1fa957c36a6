//! The counter's keyboard shortcuts, in one table: which key does what, what its button's hint
//! shows, and the `aria-keyshortcuts` value for it. Keys are matched by their physical position
//! (`KeyboardEvent.code`), so Ctrl+P is the same key with the Russian or the Uzbek Cyrillic
//! layout on (where it types "з"); the character (`key`) is used only for keys a driver sends
//! without a position. The same action has the same key on every screen:
//!
//! - Enter: the next step (find, start dispensing the item in focus, confirm a dialog);
//! - Ctrl+Enter: send the form in use (dispense, withdraw) from any of its fields;
//! - F9: dispense and print the receipt;
//! - Esc: back one step (dialog → dispense form → card → empty input);
//! - Ctrl+P: print the receipt; Ctrl+L: lock the counter;
//! - ↑ ↓: the previous or next item or choice; 1 2 3: the documents of the identity check.
//!
//! A key a focused field needs is left to it ([`fieldNeeds`]): Enter in text fields, on buttons
//! and selects, Escape in a search field with text, arrows and digits while typing.

/** One way of pressing a shortcut: physical keys (any of them) and the modifiers held. */
interface Chord {
  codes: readonly string[];
  /** The `key` values that stand for it when a driver sends no `code`. */
  keys: readonly string[];
  ctrl?: boolean;
}

interface Shortcut {
  chord: Chord;
  /** What the hint on the button shows (key caps are printed in Latin on every layout). */
  cap: string;
  /** The `aria-keyshortcuts` value. */
  aria: string;
}

const digit = (n: number): Shortcut => ({
  chord: { codes: [`Digit${n}`, `Numpad${n}`], keys: [String(n)] },
  cap: String(n),
  aria: String(n),
});

/** Every shortcut of the counter. */
export const SHORTCUTS = {
  confirm: { chord: { codes: ["Enter", "NumpadEnter"], keys: ["Enter"] }, cap: "Enter", aria: "Enter" },
  submit: {
    chord: { codes: ["Enter", "NumpadEnter"], keys: ["Enter"], ctrl: true },
    cap: "Ctrl+Enter",
    aria: "Control+Enter",
  },
  submitPrint: { chord: { codes: ["F9"], keys: ["F9"] }, cap: "F9", aria: "F9" },
  back: { chord: { codes: ["Escape"], keys: ["Escape", "Esc"] }, cap: "Esc", aria: "Escape" },
  print: { chord: { codes: ["KeyP"], keys: [], ctrl: true }, cap: "Ctrl+P", aria: "Control+P" },
  lock: { chord: { codes: ["KeyL"], keys: [], ctrl: true }, cap: "Ctrl+L", aria: "Control+L" },
  next: { chord: { codes: ["ArrowDown"], keys: ["ArrowDown", "Down"] }, cap: "↓", aria: "ArrowDown" },
  previous: { chord: { codes: ["ArrowUp"], keys: ["ArrowUp", "Up"] }, cap: "↑", aria: "ArrowUp" },
  document1: digit(1),
  document2: digit(2),
  document3: digit(3),
} as const satisfies Record<string, Shortcut>;

export type Action = keyof typeof SHORTCUTS;

/** What of a key press the table needs (a `KeyboardEvent` has all of it). */
export interface KeyLike {
  key?: string;
  code?: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  shiftKey?: boolean;
}

/** Whether `e` is the key of `action` (its physical key, with exactly its modifiers). */
export function matches(e: KeyLike, action: Action): boolean {
  const chord: Chord = SHORTCUTS[action].chord;
  if (e.altKey || e.metaKey || e.shiftKey || e.ctrlKey !== (chord.ctrl ?? false)) return false;
  const code = e.code ?? "";
  if (code && code !== "Unidentified") return chord.codes.includes(code);
  return e.key !== undefined && chord.keys.includes(e.key);
}

/** The hint a button of `action` shows. */
export function capOf(action: Action): string {
  return SHORTCUTS[action].cap;
}

/** The `aria-keyshortcuts` value of `action`. */
export function ariaKeysOf(action: Action): string {
  return SHORTCUTS[action].aria;
}

const TEXT_TYPES = new Set(["text", "search", "email", "number", "password", "tel", "url", ""]);

/** Whether `el` takes typed text (a text input, a text area, editable content). */
function takesText(el: Element): boolean {
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return TEXT_TYPES.has(el.type);
  return (el as HTMLElement).isContentEditable === true;
}

/** Whether `el` acts on Enter itself: buttons, links, form fields, selects. */
function activatesOnEnter(el: Element): boolean {
  return (
    el instanceof HTMLButtonElement ||
    el instanceof HTMLInputElement ||
    el instanceof HTMLSelectElement ||
    el instanceof HTMLTextAreaElement ||
    (el instanceof HTMLAnchorElement && el.hasAttribute("href")) ||
    el.tagName === "SUMMARY" ||
    (el as HTMLElement).isContentEditable === true
  );
}

/** Whether the focused element `el` needs the key `e` for itself, so no shortcut may take it. */
export function fieldNeeds(e: KeyLike & { isComposing?: boolean }, el: Element | null): boolean {
  if (e.isComposing) return true;
  if (!el) return false;
  if (matches(e, "confirm")) return activatesOnEnter(el);
  if (matches(e, "back")) return el instanceof HTMLInputElement && el.type === "search" && el.value !== "";
  if (matches(e, "next") || matches(e, "previous")) return takesText(el) || el instanceof HTMLSelectElement;
  if (matches(e, "document1") || matches(e, "document2") || matches(e, "document3")) {
    return takesText(el) || el instanceof HTMLSelectElement;
  }
  return false;
}

/**
 * The first of `actions` that `e` presses, unless the focused element `focused` needs the key
 * (see [`fieldNeeds`]) or it is a held key repeating (but for the arrows).
 */
export function actionOf(
  e: KeyLike & { isComposing?: boolean; repeat?: boolean },
  actions: readonly Action[],
  focused: Element | null,
): Action | null {
  const found = actions.find((a) => matches(e, a)) ?? null;
  if (found === null || fieldNeeds(e, focused)) return null;
  if (e.repeat && found !== "next" && found !== "previous") return null;
  return found;
}

/** Whether a modal dialog is open anywhere in the window (its keys are its own). */
export function modalOpen(): boolean {
  return typeof document !== "undefined" && document.querySelector('[aria-modal="true"]') !== null;
}
