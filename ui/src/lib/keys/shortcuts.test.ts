import { afterEach, describe, expect, it } from "vitest";
import {
  actionOf,
  ariaKeysOf,
  capOf,
  fieldNeeds,
  inTopDialog,
  matches,
  screenActionOf,
  SHORTCUTS,
  type Action,
} from "./shortcuts";
import source from "./shortcuts.ts?raw";

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
        const mods = `${"ctrl" in chord && chord.ctrl ? "Ctrl+" : ""}${"alt" in chord && chord.alt ? "Alt+" : ""}`;
        const id = `${mods}${code}`;
        expect(chords.has(id), `${id} is taken twice`).toBe(false);
        chords.add(id);
      }
    }
  });

  it("avoids the keys the scanners and the window use: F8 (a scanner's GS), F5, F7, F10, F11, F12", () => {
    const codes = ACTIONS.flatMap((a) => SHORTCUTS[a].chord.codes as readonly string[]);
    for (const taken of ["F5", "F7", "F8", "F10", "F11", "F12"]) expect(codes).not.toContain(taken);
  });

  it("leaves Ctrl with C, V, X, A, Z, Y (text editing) and W (the window) alone", () => {
    for (const letter of "CVXAZYW") {
      const e = press(`Key${letter}`, letter.toLowerCase(), { ctrlKey: true });
      expect(
        ACTIONS.filter((a) => matches(e, a)),
        `Ctrl+${letter}`,
      ).toEqual([]);
    }
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
    expect(actionOf(press("Digit2", "2"), ["choice2"], input)).toBeNull();
    expect(actionOf(press("Digit2", "2"), ["choice2"], document.body)).toBe("choice2");
    expect(
      actionOf(press("Enter", "Enter", { ctrlKey: true }), ["submit"], el("<textarea></textarea>")),
    ).toBe("submit");
    expect(actionOf(press("F9", "F9"), ["submitPrint"], input)).toBe("submitPrint");
  });

  it("a date field keeps the digits and the arrows (typed, stepped); a button leaves 4 to the periods", () => {
    const date = el('<input type="date">');
    expect(actionOf(press("Digit4", "4"), ["choice4"], date)).toBeNull();
    expect(actionOf(press("ArrowUp", "ArrowUp"), ["previous"], date)).toBeNull();
    expect(actionOf(press("Numpad4", "4"), ["choice4"], el("<button>x</button>"))).toBe("choice4");
    expect(actionOf(press("Digit4", "4"), ["choice4"], el('<input type="checkbox">'))).toBe("choice4");
  });

  it("an IME composition keeps every key, and a held key does not repeat an action (but the arrows)", () => {
    expect(actionOf({ ...press("Escape", "Escape"), isComposing: true }, ["back"], null)).toBeNull();
    expect(actionOf({ ...press("F9", "F9"), repeat: true }, ["submitPrint"], null)).toBeNull();
    expect(actionOf({ ...press("ArrowUp", "ArrowUp"), repeat: true }, ["previous"], null)).toBe("previous");
  });
});

describe("the keys of every action, on the Russian layout (the letter typed is Cyrillic, the key's place Latin)", () => {
  /** Each action with a key press of it as the Russian layout sends it. */
  const PRESSES: [Action, ReturnType<typeof press>][] = [
    ["camera", press("KeyK", "л", { ctrlKey: true })],
    ["save", press("KeyS", "ы", { ctrlKey: true })],
    ["print", press("KeyP", "з", { ctrlKey: true })],
    ["lock", press("KeyL", "д", { ctrlKey: true })],
    ["addProduct", press("F2", "F2")],
    ["removeProduct", press("F3", "F3")],
    ["closeItem", press("F4", "F4")],
    ["withdraw", press("F6", "F6")],
    ["receiverPatient", press("Digit1", "1", { ctrlKey: true })],
    ["receiverRepresentative", press("Numpad2", "2", { ctrlKey: true })],
    ["goCounter", press("Digit1", "1", { altKey: true })],
    ["goPaper", press("Digit2", "2", { altKey: true })],
    ["goConflicts", press("Digit3", "3", { altKey: true })],
    ["goProducts", press("Digit4", "4", { altKey: true })],
    ["goReports", press("Digit5", "5", { altKey: true })],
    ["goAudit", press("Digit6", "6", { altKey: true })],
    ["settings", press("Digit7", "7", { altKey: true })],
    ["goDiagnostics", press("Digit8", "8", { altKey: true })],
    ["signOut", press("KeyQ", "й", { ctrlKey: true })],
    ["langUz", press("Digit3", "3", { ctrlKey: true })],
    ["langUzCyrl", press("Digit4", "4", { ctrlKey: true })],
    ["langRu", press("Digit5", "5", { ctrlKey: true })],
    ["langEn", press("Numpad6", "6", { ctrlKey: true })],
    ["exportXlsx", press("KeyE", "у", { ctrlKey: true })],
    ["exportCsv", press("KeyD", "в", { ctrlKey: true })],
    ["openFile", press("KeyO", "щ", { ctrlKey: true })],
    ["refresh", press("KeyR", "к", { ctrlKey: true })],
    ["find", press("KeyF", "а", { ctrlKey: true })],
    ["sendNow", press("KeyU", "г", { ctrlKey: true })],
    ["later", press("KeyN", "т", { ctrlKey: true })],
    ["backupNow", press("KeyB", "и", { ctrlKey: true })],
  ];

  it("each key gives its action and no other", () => {
    for (const [action, e] of PRESSES) {
      expect(
        ACTIONS.filter((a) => matches(e, a)),
        `${action}`,
      ).toEqual([action]);
    }
  });

  it("the same letter on another key is not the shortcut: Ctrl with the Cyrillic л typed elsewhere", () => {
    expect(matches(press("KeyQ", "k", { ctrlKey: true }), "camera")).toBe(false);
    expect(matches(press("KeyB", "s", { ctrlKey: true }), "save")).toBe(false);
  });

  it("modifiers count exactly: Alt+1 is no document, Ctrl+1 no screen, AltGr (Ctrl+Alt) nothing, Shift nothing", () => {
    expect(matches(press("Digit1", "1", { altKey: true }), "choice1")).toBe(false);
    expect(matches(press("Digit1", "1", { ctrlKey: true }), "goCounter")).toBe(false);
    expect(matches(press("Digit1", "1"), "goCounter")).toBe(false);
    const altGr = press("Digit1", "1", { ctrlKey: true, altKey: true });
    expect(ACTIONS.filter((a) => matches(altGr, a))).toEqual([]);
    expect(matches(press("KeyS", "Ы", { ctrlKey: true, shiftKey: true }), "save")).toBe(false);
    expect(matches(press("F2", "F2", { altKey: true }), "addProduct")).toBe(false);
  });

  it("Alt with the number pad's digits stays Windows's character entry", () => {
    expect(ACTIONS.filter((a) => matches(press("Numpad1", "1", { altKey: true }), a))).toEqual([]);
  });

  it("no field needs them: they act from a text field, a select, a check box", () => {
    const fields = [
      el("<input>"),
      el("<select></select>"),
      el('<input type="checkbox">'),
      el("<textarea></textarea>"),
    ];
    for (const [action, e] of PRESSES) {
      for (const field of fields)
        expect(actionOf(e, [action], field), `${action} in ${field.tagName}`).toBe(action);
    }
  });

  it("a held key does not repeat them", () => {
    for (const [action, e] of PRESSES) expect(actionOf({ ...e, repeat: true }, [action], null)).toBeNull();
  });

  it("the caps and aria values say the modifier and the key", () => {
    expect([capOf("camera"), ariaKeysOf("camera")]).toEqual(["Ctrl+K", "Control+K"]);
    expect([capOf("save"), ariaKeysOf("save")]).toEqual(["Ctrl+S", "Control+S"]);
    expect([capOf("receiverRepresentative"), ariaKeysOf("receiverRepresentative")]).toEqual([
      "Ctrl+2",
      "Control+2",
    ]);
    expect([capOf("goReports"), ariaKeysOf("goReports")]).toEqual(["Alt+5", "Alt+5"]);
    expect([capOf("withdraw"), ariaKeysOf("withdraw")]).toEqual(["F6", "F6"]);
    expect([capOf("refresh"), ariaKeysOf("refresh")]).toEqual(["Ctrl+R", "Control+R"]);
    expect([capOf("choice4"), ariaKeysOf("choice4")]).toEqual(["4", "4"]);
  });

  it("every action is tested here or above, and the table's comment names every key", () => {
    const tested = new Set<Action>([
      ...PRESSES.map(([a]) => a),
      ...(["confirm", "submit", "submitPrint", "back", "next", "previous"] as const),
      ...(["choice1", "choice2", "choice3", "choice4"] as const),
    ]);
    expect(ACTIONS.filter((a) => !tested.has(a))).toEqual([]);
    const comment = source
      .split("\n")
      .filter((l) => l.startsWith("//!"))
      .join("\n");
    for (const a of ACTIONS) expect(comment, `${a} (${capOf(a)})`).toContain(capOf(a));
  });
});

describe("a screen's keys", () => {
  const ctrlR = () =>
    new KeyboardEvent("keydown", { code: "KeyR", key: "к", ctrlKey: true, cancelable: true });

  it("are the screen's while no dialog is open and no other part took the key", () => {
    expect(screenActionOf(ctrlR(), ["refresh"])).toBe("refresh");
    const taken = ctrlR();
    taken.preventDefault();
    expect(screenActionOf(taken, ["refresh"])).toBeNull();
    el('<div role="dialog" aria-modal="true"></div>');
    expect(screenActionOf(ctrlR(), ["refresh"])).toBeNull();
  });

  it("a part of a dialog owns its keys only while its dialog is the one on top", () => {
    const alone = el("<section></section>");
    expect(inTopDialog(alone)).toBe(true);
    const dialog = el('<div role="dialog" aria-modal="true"><section></section></div>');
    const part = dialog.querySelector("section");
    expect(inTopDialog(part)).toBe(true);
    expect(inTopDialog(alone)).toBe(false);
    el('<div role="dialog" aria-modal="true"></div>');
    expect(inTopDialog(part)).toBe(false);
  });
});
