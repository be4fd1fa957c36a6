import { afterEach, describe, expect, it } from "vitest";
import {
  focusAfterDialog,
  isEditable,
  keepsFocus,
  refocusLookup,
  shouldCaptureKey,
  shouldRefocusLookup,
} from "./focus";

function el(html: string): HTMLElement {
  const wrap = document.createElement("div");
  wrap.innerHTML = html;
  const node = wrap.firstElementChild as HTMLElement;
  document.body.appendChild(node);
  return node;
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("focus rules", () => {
  it("text inputs, selects and text areas are editable; buttons and checkboxes are not", () => {
    expect(isEditable(el("<input>"))).toBe(true);
    expect(isEditable(el('<input type="password">'))).toBe(true);
    expect(isEditable(el("<select></select>"))).toBe(true);
    expect(isEditable(el("<textarea></textarea>"))).toBe(true);
    expect(isEditable(el("<button>x</button>"))).toBe(false);
    expect(isEditable(el('<input type="checkbox">'))).toBe(false);
    expect(isEditable(null)).toBe(false);
  });

  it("refocuses the lookup input after a button was used", () => {
    const lookup = el("<input>");
    const button = el("<button>x</button>");
    expect(shouldRefocusLookup({ active: button, lookup, dialogOpen: false, dispensing: false })).toBe(true);
    expect(shouldRefocusLookup({ active: document.body, lookup, dialogOpen: false, dispensing: false })).toBe(
      true,
    );
  });

  it("leaves the focus alone while another input is in use", () => {
    const lookup = el("<input>");
    const other = el("<input>");
    expect(shouldRefocusLookup({ active: other, lookup, dialogOpen: false, dispensing: false })).toBe(false);
  });

  it("leaves the focus alone while a dialog is open or the dispense form is open", () => {
    const lookup = el("<input>");
    expect(shouldRefocusLookup({ active: document.body, lookup, dialogOpen: true, dispensing: false })).toBe(
      false,
    );
    expect(shouldRefocusLookup({ active: document.body, lookup, dialogOpen: false, dispensing: true })).toBe(
      false,
    );
  });

  it("does nothing when the lookup input already has the focus or is not on screen", () => {
    const lookup = el("<input>");
    expect(shouldRefocusLookup({ active: lookup, lookup, dialogOpen: false, dispensing: false })).toBe(false);
    expect(
      shouldRefocusLookup({ active: document.body, lookup: null, dialogOpen: false, dispensing: false }),
    ).toBe(false);
  });

  it("sends printable scanner keys to the lookup input, but not shortcuts or named keys", () => {
    const lookup = el("<input>");
    const ctx = { active: document.body, lookup, dialogOpen: false, dispensing: false };
    const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
      key: k,
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      ...mods,
    });
    expect(shouldCaptureKey(key("7"), ctx)).toBe(true);
    expect(shouldCaptureKey(key("K"), ctx)).toBe(true);
    expect(shouldCaptureKey(key("Enter"), ctx)).toBe(false);
    expect(shouldCaptureKey(key("Tab"), ctx)).toBe(false);
    expect(shouldCaptureKey(key("c", { ctrlKey: true }), ctx)).toBe(false);
    expect(shouldCaptureKey(key("7"), { ...ctx, dialogOpen: true })).toBe(false);
  });

  it("refocusLookup moves the focus when allowed and reports it", () => {
    const lookup = el("<input>");
    const button = el("<button>x</button>");
    button.focus();
    expect(refocusLookup(lookup, false, false)).toBe(true);
    expect(document.activeElement).toBe(lookup);
    const other = el("<input>");
    other.focus();
    expect(refocusLookup(lookup, false, false)).toBe(false);
    expect(document.activeElement).toBe(other);
  });

  it("leaves the focus on an element marked to keep it (a card's item), but typing still goes to the lookup", () => {
    const lookup = el("<input>");
    const item = el("<button data-keeps-focus>Amoxicillin</button>");
    expect(keepsFocus(item)).toBe(true);
    const ctx = { active: item, lookup, dialogOpen: false, dispensing: false };
    expect(shouldRefocusLookup(ctx)).toBe(false);
    expect(shouldCaptureKey({ key: "7", ctrlKey: false, metaKey: false, altKey: false }, ctx)).toBe(true);
  });
});

describe("the focus after a dialog", () => {
  it("goes back to what opened the dialog", () => {
    el('<input id="lookup-input">');
    const opener = el("<button>Withdraw</button>");
    expect(focusAfterDialog(opener, null)).toBe(opener);
    expect(document.activeElement).toBe(opener);
  });

  it("goes to the fallback, else to the lookup input, when the opener is gone, disabled or the page", () => {
    const lookup = el('<input id="lookup-input">');
    const gone = el("<button>x</button>");
    gone.remove();
    const fallback = el("<button>fallback</button>");
    // (Each time the dialog's control that had the focus is gone: the page has it.)
    expect(focusAfterDialog(gone, fallback)).toBe(fallback);
    fallback.blur();
    const disabled = el("<button disabled>x</button>");
    expect(focusAfterDialog(disabled, null)).toBe(lookup);
    lookup.blur();
    expect(focusAfterDialog(document.body, null)).toBe(lookup);
    expect(document.activeElement).toBe(lookup);
  });

  it("leaves the focus where a screen that replaced the dialog put it", () => {
    const dialog = el('<div role="dialog"><button>Close</button></div>');
    const opener = el("<button>Settings</button>");
    const password = el("<input>");
    password.focus();
    expect(focusAfterDialog(opener, null, dialog)).toBeNull();
    expect(document.activeElement).toBe(password);
    (dialog.querySelector("button") as HTMLElement).focus();
    expect(focusAfterDialog(opener, null, dialog)).toBe(opener);
  });
});
