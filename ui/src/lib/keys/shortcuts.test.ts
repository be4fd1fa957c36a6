import { afterEach, describe, expect, it } from "vitest";
import { actionOf, ariaKeysOf, capOf, fieldNeeds, matches, SHORTCUTS, type Action } from "./shortcuts";

afterEach(() => {
  document.body.innerHTML = "";
});

/** A key press: `code` is the physical key, `key` what the active layout typed on it. */
function press(
  code: string,
  key: string,
  mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
) {
  return { code, key, ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, ...mods };
}

function el(html: string): HTMLElement {
  const wrap = document.createElement("div");
  wrap.innerHTML = html;
  const node = wrap.firstElementChild as HTMLElement;
  document.body.appendChild(node);
  return node;
}

const ACTIONS = Object.keys(SHORTCUTS) as Action[];

describe("the shortcut table", () => {
  it("reads Ctrl+P and Ctrl+L from the physical key, so the Russian layout (з, д) gives the same action", () => {
    expect(matches(press("KeyP", "з", { ctrlKey: true }), "print")).toBe(true);
    expect(matches(press("KeyL", "д", { ctrlKey: true }), "lock")).toBe(true);
    // The letter typed does not count: "p" typed on another key is not Ctrl+P.
    expect(matches(press("KeyH", "p", { ctrlKey: true }), "print")).toBe(false);
  });

  it("matches its modifiers exactly: Enter is not Ctrl+Enter, F9 with Shift is nothing", () => {
    expect(matches(press("Enter", "Enter"), "confirm")).toBe(true);
    expect(matches(press("Enter", "Enter"), "submit")).toBe(false);
    expect(matches(press("NumpadEnter", "Enter", { ctrlKey: true }), "submit")).toBe(true);
    expect(matches(press("Enter", "Enter", { ctrlKey: true }), "confirm")).toBe(false);
    expect(matches(press("F9", "F9"), "submitPrint")).toBe(true);
    expect(matches(press("F9", "F9", { shiftKey: true }), "submitPrint")).toBe(false);
  });

  it("falls back to the key's name when a driver sends no physical key", () => {
    expect(matches({ key: "Escape", ctrlKey: false, altKey: false, metaKey: false }, "back")).toBe(true);
    expect(
      matches({ key: "F9", code: "", ctrlKey: false, altKey: false, metaKey: false }, "submitPrint"),
    ).toBe(true);
  });

  it("gives every action one key cap and an aria-keyshortcuts value, and no two actions the same key", () => {
    const chords = new Set<string>();
    for (const a of ACTIONS) {
      expect(capOf(a)).not.toBe("");
      expect(ariaKeysOf(a)).not.toBe("");
      const { chord } = SHORTCUTS[a];
      for (const code of chord.codes) {
        const id = `${"ctrl" in chord && chord.ctrl ? "Ctrl+" : ""}${code}`;
        expect(chords.has(id), `${id} is taken twice`).toBe(false);
        chords.add(id);
      }
    }
  });

  it("avoids the keys the scanners and the window use: F8 (a scanner's GS), F5, F7, F10, F11, F12", () => {
    const codes = ACTIONS.flatMap((a) => SHORTCUTS[a].chord.codes as readonly string[]);
    for (const taken of ["F5", "F7", "F8", "F10", "F11", "F12"]) expect(codes).not.toContain(taken);
  });
});

describe("keys a focused field needs are left to it", () => {
  it("Enter belongs to text fields, selects and buttons; not to the page", () => {
    const enter = press("Enter", "Enter");
    expect(fieldNeeds(enter, el("<input>"))).toBe(true);
    expect(fieldNeeds(enter, el("<select></select>"))).toBe(true);
    expect(fieldNeeds(enter, el("<button>x</button>"))).toBe(true);
    expect(fieldNeeds(enter, el("<textarea></textarea>"))).toBe(true);
    expect(fieldNeeds(enter, document.body)).toBe(false);
    expect(actionOf(enter, ["confirm"], document.body)).toBe("confirm");
    expect(actionOf(enter, ["confirm"], el("<input>"))).toBeNull();
  });

  it("Escape belongs to a search field with text (it clears it), otherwise it backs out", () => {
    const esc = press("Escape", "Escape");
    const search = el('<input type="search">') as HTMLInputElement;
    expect(actionOf(esc, ["back"], search)).toBe("back");
    search.value = "amox";
    expect(actionOf(esc, ["back"], search)).toBeNull();
    expect(actionOf(esc, ["back"], el("<input>"))).toBe("back");
  });

  it("the arrows and digits belong to text fields and selects; Ctrl+Enter and F9 to no field", () => {
    const input = el("<input>");
    expect(actionOf(press("ArrowDown", "ArrowDown"), ["next"], input)).toBeNull();
    expect(actionOf(press("ArrowDown", "ArrowDown"), ["next"], el("<button>x</button>"))).toBe("next");
    expect(actionOf(press("Digit2", "2"), ["document2"], input)).toBeNull();
    expect(actionOf(press("Digit2", "2"), ["document2"], document.body)).toBe("document2");
    expect(
      actionOf(press("Enter", "Enter", { ctrlKey: true }), ["submit"], el("<textarea></textarea>")),
    ).toBe("submit");
    expect(actionOf(press("F9", "F9"), ["submitPrint"], input)).toBe("submitPrint");
  });

  it("an IME composition keeps every key, and a held key does not repeat an action (but the arrows)", () => {
    expect(actionOf({ ...press("Escape", "Escape"), isComposing: true }, ["back"], null)).toBeNull();
    expect(actionOf({ ...press("F9", "F9"), repeat: true }, ["submitPrint"], null)).toBeNull();
    expect(actionOf({ ...press("ArrowUp", "ArrowUp"), repeat: true }, ["previous"], null)).toBe("previous");
  });
});
