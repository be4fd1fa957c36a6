//! Focus rules of the counter screen: the lookup input keeps the focus so that a handheld
//! scanner (which types like a keyboard and ends with Enter) always lands in it, except while
//! the pharmacist is using another input, a dialog is open, or the focus is on an element marked
//! to keep it (a looked-up prescription's items); typed characters reach the lookup input from
//! there too. A dialog that closes gives the focus back to what opened it.

/** True for elements that take typed text or a choice: inputs, selects, text areas, editable content. */
export function isEditable(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === "SELECT" || tag === "TEXTAREA") return true;
  if (tag === "INPUT") {
    const type = (el.getAttribute("type") ?? "text").toLowerCase();
    return !["button", "submit", "reset", "checkbox", "radio", "image", "file", "range", "color"].includes(
      type,
    );
  }
  return (el as HTMLElement).isContentEditable === true;
}

export interface FocusContext {
  /** `document.activeElement`. */
  active: Element | null;
  /** The lookup input, if it is on screen. */
  lookup: HTMLElement | null;
  /** A modal dialog (ID check, access code, settings) is open. */
  dialogOpen: boolean;
  /** The dispense form is open (it owns the focus: product pickers, quantities, Tab order). */
  dispensing: boolean;
}

/** Elements marked so keep the focus they were given (the card's items, a list's choices): the
 *  keyboard works from there, and typing still reaches the lookup input. */
export const KEEPS_FOCUS = "data-keeps-focus";

/** Whether `el` keeps the focus: it takes typed text, or it is marked to keep it. */
export function keepsFocus(el: Element | null): boolean {
  return isEditable(el) || (el !== null && el.closest(`[${KEEPS_FOCUS}]`) !== null);
}

/** Whether focus should go back to the lookup input now. */
export function shouldRefocusLookup(ctx: FocusContext): boolean {
  if (!ctx.lookup || ctx.dialogOpen || ctx.dispensing) return false;
  if (ctx.active === ctx.lookup) return false;
  return !keepsFocus(ctx.active);
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * Whether a key pressed while the focus is elsewhere (a button, the page) should be sent to
 * the lookup input: printable characters that a scanner or a typist produces, when no other
 * input is in use.
 */
export function shouldCaptureKey(e: KeyLike, ctx: FocusContext): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  if (e.key.length !== 1) return false;
  if (!ctx.lookup || ctx.dialogOpen || ctx.dispensing || ctx.active === ctx.lookup) return false;
  return !isEditable(ctx.active);
}

/** Moves focus to the lookup input when the rules allow it. Returns whether it did. */
export function refocusLookup(lookup: HTMLElement | null, dialogOpen: boolean, dispensing: boolean): boolean {
  const ctx: FocusContext = {
    active: typeof document === "undefined" ? null : document.activeElement,
    lookup,
    dialogOpen,
    dispensing,
  };
  if (!shouldRefocusLookup(ctx) || !lookup) return false;
  lookup.focus();
  return true;
}

/** Whether `el` can take the focus now: in the page, not disabled, not inside something hidden. */
function canFocus(el: Element | null): el is HTMLElement {
  if (!(el instanceof HTMLElement) || !el.isConnected || el === document.body) return false;
  if ((el as HTMLButtonElement).disabled) return false;
  return el.closest("[hidden], [inert]") === null;
}

/** The lookup input of the counter screen in use. */
export function lookupInput(): HTMLElement | null {
  if (typeof document === "undefined") return null;
  const inDesk = document.querySelector<HTMLElement>('[data-testid="desk-current"] #lookup-input');
  return inDesk ?? document.querySelector<HTMLElement>("#lookup-input");
}

/**
 * After `dialog` closed: the focus back on `opener` (what had it when the dialog opened), or,
 * when that is gone or cannot take it, on `fallback`, else on the lookup input; never lost on
 * the page. Focus that something else took meanwhile (a screen that replaced the dialog) stays
 * where it is. Returns the element focused, if any.
 */
export function focusAfterDialog(
  opener: Element | null,
  fallback: HTMLElement | null,
  dialog: Element | null = null,
): HTMLElement | null {
  if (typeof document === "undefined") return null;
  const now = document.activeElement;
  if (now && now !== document.body && !dialog?.contains(now)) return null;
  for (const el of [opener, fallback, lookupInput()]) {
    if (!canFocus(el)) continue;
    el.focus();
    if (document.activeElement === el) return el;
  }
  return null;
}
