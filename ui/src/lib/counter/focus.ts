//! Focus rules of the counter screen: the lookup input keeps the focus so that a handheld
//! scanner (which types like a keyboard and ends with Enter) always lands in it, except while
//! the pharmacist is using another input or a dialog is open.

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

/** Whether focus should go back to the lookup input now. */
export function shouldRefocusLookup(ctx: FocusContext): boolean {
  if (!ctx.lookup || ctx.dialogOpen || ctx.dispensing) return false;
  if (ctx.active === ctx.lookup) return false;
  return !isEditable(ctx.active);
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
  return shouldRefocusLookup(ctx);
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
