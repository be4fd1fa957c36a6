//! The counter's keyboard shortcuts, in one table: which key does what, what its button's hint
//! shows, and the `aria-keyshortcuts` value for it. Keys are matched by their physical position
//! (`KeyboardEvent.code`), so Ctrl+P is the same key with the Russian or the Uzbek Cyrillic
//! layout on (where it types "з"); the character (`key`) is used only for keys a driver sends
//! without a position. The same action has the same key on every screen:
//!
//! - Enter: the next step (find, start dispensing the item in focus, confirm a dialog, record
//!   another paper prescription);
//! - Ctrl+Enter: send the form in use (dispense, withdraw, the paper prescription) from any of
//!   its fields; acknowledge the conflict in focus; install the update offered (or install it
//!   anyway), then restart;
//! - F9: dispense and print the receipt;
//! - Esc: back one step (dialog → dispense form → card → empty input; a report's drill-down);
//! - Ctrl+P: print (the receipt of the result, else the newest one in the history; the day's
//!   paper log; the report, on the report printer);
//! - Ctrl+S: save (the settings; the receipt as PDF where a printer is offered beside it; the
//!   report as PDF; the note of the conflict in focus);
//! - Ctrl+E: export the report as XLSX; Ctrl+D as CSV; Ctrl+O: open the file just saved;
//! - Ctrl+R: run again (the report, the audit log's filters, the check for updates);
//! - Ctrl+F: to the screen's search or filters (products, audit log);
//! - Ctrl+U: send the outbox now; Ctrl+N: install the update later;
//! - Ctrl+B: back the counter up now (the settings' backups, administrators);
//! - Ctrl+L: lock the counter; Ctrl+K: start or stop the camera;
//! - ↑ ↓: the previous or next item or choice (also the conflict queue's conflicts);
//! - 1 2 3 4: the n-th of a row of choices: the documents of the identity check, the report's
//!   periods (today, this week, this month, a range);
//! - in the dispense form, for the item in focus: F2 another product, F3 remove a product
//!   (the one in focus, else the item's last), F4 close the rest as not dispensed; Ctrl+1 the
//!   patient collects, Ctrl+2 someone else collects for them; in paper mode F2 adds a line, F3
//!   removes one (the one in focus, else the last);
//! - F6: withdraw the newest dispense of the prescription shown (its history's button);
//! - the header: Alt+1 the counter, Alt+2 paper mode, Alt+3 the conflict queue, Alt+4 products,
//!   Alt+5 reports, Alt+6 the audit log, Alt+8 the diagnostics (each where its button is
//!   shown), Alt+7 the settings; Ctrl+Q sign out; Ctrl+3 Oʻzbekcha, Ctrl+4 Ўзбекча, Ctrl+5
//!   Русский, Ctrl+6 English.
//!
//! A screen's keys work while it is shown and no dialog is over it (a dialog's keys are its
//! own: [`screenActionOf`]); the settings' parts act on their keys as Ctrl+S does, for the part
//! in focus. F8 is left to scanners (a GS), F5, F7 and F10 to F12 to the web view; Alt with a
//! digit of the number pad to Windows's character entry; Ctrl with C, V, X, A, Z, Y, W to text
//! editing and the window. A key a focused field needs is left to it ([`fieldNeeds`]): Enter in
//! text fields, on buttons and selects, Escape in a search field with text, arrows and digits
//! while typing (a date too).

/** One way of pressing a shortcut: physical keys (any of them) and the modifiers held. */
interface Chord {
  codes: readonly string[];
  /** The `key` values that stand for it when a driver sends no `code`. */
  keys: readonly string[];
  ctrl?: boolean;
  alt?: boolean;
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

/** Ctrl (or Alt) with a digit of the main row; Ctrl takes the number pad's too. */
const modDigit = (mod: "ctrl" | "alt", n: number): Shortcut => ({
  chord:
    mod === "ctrl"
      ? { codes: [`Digit${n}`, `Numpad${n}`], keys: [String(n)], ctrl: true }
      : { codes: [`Digit${n}`], keys: [String(n)], alt: true },
  cap: `${mod === "ctrl" ? "Ctrl" : "Alt"}+${n}`,
  aria: `${mod === "ctrl" ? "Control" : "Alt"}+${n}`,
});

/** Ctrl with a letter key, by its place (whatever letter the layout types on it). */
const ctrlKey = (letter: string): Shortcut => ({
  chord: { codes: [`Key${letter}`], keys: [], ctrl: true },
  cap: `Ctrl+${letter}`,
  aria: `Control+${letter}`,
});

const fKey = (n: number): Shortcut => ({
  chord: { codes: [`F${n}`], keys: [`F${n}`] },
  cap: `F${n}`,
  aria: `F${n}`,
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
  print: ctrlKey("P"),
  save: ctrlKey("S"),
  lock: ctrlKey("L"),
  camera: ctrlKey("K"),
  exportXlsx: ctrlKey("E"),
  exportCsv: ctrlKey("D"),
  openFile: ctrlKey("O"),
  refresh: ctrlKey("R"),
  find: ctrlKey("F"),
  sendNow: ctrlKey("U"),
  later: ctrlKey("N"),
  next: { chord: { codes: ["ArrowDown"], keys: ["ArrowDown", "Down"] }, cap: "↓", aria: "ArrowDown" },
  previous: { chord: { codes: ["ArrowUp"], keys: ["ArrowUp", "Up"] }, cap: "↑", aria: "ArrowUp" },
  choice1: digit(1),
  choice2: digit(2),
  choice3: digit(3),
  choice4: digit(4),
  addProduct: fKey(2),
  removeProduct: fKey(3),
  closeItem: fKey(4),
  withdraw: fKey(6),
  receiverPatient: modDigit("ctrl", 1),
  receiverRepresentative: modDigit("ctrl", 2),
  goCounter: modDigit("alt", 1),
  goPaper: modDigit("alt", 2),
  goConflicts: modDigit("alt", 3),
  goProducts: modDigit("alt", 4),
  goReports: modDigit("alt", 5),
  goAudit: modDigit("alt", 6),
  settings: modDigit("alt", 7),
  /** The diagnostics screen (administrators), the header's last screen. */
  goDiagnostics: modDigit("alt", 8),
  signOut: ctrlKey("Q"),
  langUz: modDigit("ctrl", 3),
  langUzCyrl: modDigit("ctrl", 4),
  langRu: modDigit("ctrl", 5),
  langEn: modDigit("ctrl", 6),
  backupNow: ctrlKey("B"),
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
  if (e.metaKey || e.shiftKey) return false;
  if (e.ctrlKey !== (chord.ctrl ?? false) || e.altKey !== (chord.alt ?? false)) return false;
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

const TEXT_TYPES = new Set([
  "text",
  "search",
  "email",
  "number",
  "password",
  "tel",
  "url",
  "",
  // Typed too, digit by digit, and stepped with the arrows.
  "date",
  "time",
  "datetime-local",
  "month",
  "week",
]);

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

/** The n-th of a row of choices, by its digit. */
export const CHOICES = ["choice1", "choice2", "choice3", "choice4"] as const satisfies readonly Action[];

/** Whether the focused element `el` needs the key `e` for itself, so no shortcut may take it. */
export function fieldNeeds(e: KeyLike & { isComposing?: boolean }, el: Element | null): boolean {
  if (e.isComposing) return true;
  if (!el) return false;
  if (matches(e, "confirm")) return activatesOnEnter(el);
  if (matches(e, "back")) return el instanceof HTMLInputElement && el.type === "search" && el.value !== "";
  if (matches(e, "next") || matches(e, "previous")) return takesText(el) || el instanceof HTMLSelectElement;
  if (CHOICES.some((a) => matches(e, a))) return takesText(el) || el instanceof HTMLSelectElement;
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

/**
 * The first of `actions` that `e` presses for a screen (see [`actionOf`]), unless another part
 * took the key already or a dialog is open over the screen (its keys are its own).
 */
export function screenActionOf(e: KeyboardEvent, actions: readonly Action[]): Action | null {
  if (e.defaultPrevented || modalOpen()) return null;
  return actionOf(e, actions, document.activeElement);
}

/** Whether the dialog on top (if any is open) holds `el`: the keys of a part of it are its own. */
export function inTopDialog(el: Element | null | undefined): boolean {
  if (!el || typeof document === "undefined") return false;
  const dialogs = document.querySelectorAll('[aria-modal="true"]');
  const top = dialogs[dialogs.length - 1];
  return top === undefined || top.contains(el);
}
