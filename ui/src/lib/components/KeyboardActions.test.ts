// Every action by key, as a Russian layout sends them: the letter keys type Cyrillic (K is "л",
// S is "ы", P is "з") and the shortcut is read from the key's place (`code`). The camera, the
// dispense form's lines, closing an item and who collects, the receipts and the withdrawal in the
// history, the header's screens and the settings' Save; Cancel asks as Escape does; and every
// control that says a key in `aria-keyshortcuts` shows the same key on screen.

import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend, type Session } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import { ariaKeysOf, capOf, SHORTCUTS, type Action } from "$lib/keys/shortcuts";
import App from "../../App.svelte";
import Counter from "./Counter.svelte";

afterEach(() => setLocale("uz"));

type User = ReturnType<typeof userEvent.setup>;

/** The letter keys as the Russian layout types them (ЙЦУКЕН on the Latin keys' places). */
const RUSSIAN_LETTERS = Object.fromEntries(
  [..."QWERTYUIOPASDFGHJKLZXCVBNM"].map((c, i) => [`Key${c}`, "йцукенгшщзфывапролдячсмить"[i]!]),
);
const KEYBOARD = [
  ...Object.entries(RUSSIAN_LETTERS).map(([code, key]) => ({ code, key })),
  { code: "Enter", key: "Enter" },
  { code: "Escape", key: "Escape" },
  { code: "Tab", key: "Tab" },
  { code: "ControlLeft", key: "Control" },
  { code: "AltLeft", key: "Alt" },
  ...["F2", "F3", "F4", "F6", "F9"].map((f) => ({ code: f, key: f })),
  ...[..."0123456789"].map((d) => ({ code: `Digit${d}`, key: d })),
  { code: "Space", key: " " },
  // Latin letters, to type a prescription's number as a scanner would (the lookup reads them).
  ...[..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((c) => ({ code: `Key${c}`, key: c })),
];

function keyboard(): User {
  return userEvent.setup({ keyboardMap: KEYBOARD });
}

async function counter(prepare?: (b: MockBackend) => void): Promise<{ backend: MockBackend; user: User }> {
  setLocale("en");
  const backend = createMockBackend({ signedIn: true });
  prepare?.(backend);
  const session = (await backend.currentSession()) as Session;
  render(Counter, { backend, session });
  const user = keyboard();
  await waitFor(() => expect(screen.getByTestId("lookup-input")).toHaveFocus());
  return { backend, user };
}

function demo(backend: MockBackend, state: string, number?: string) {
  const d = backend.demo.find((x) => x.state === state && (!number || x.rx.number.startsWith(number)));
  if (!d) throw new Error(`no demo prescription in state ${state}`);
  return d;
}

/** Looks the prescription up by hand (with its access code) and waits for its card. */
async function lookUp(user: User, backend: MockBackend, state = "active", number?: string) {
  const d = demo(backend, state, number);
  await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
  await screen.findByTestId("rx-card");
  return d;
}

const AZI = "A8Z2K5M1Q3D";

/** A dispense of the azithromycin prescription made before the screen opens (its history). */
async function dispensedBefore(backend: MockBackend) {
  const d = demo(backend, "active", AZI);
  const hold = await backend.hold(d.rx.number);
  await backend.dispense({
    prescription_number: d.rx.number,
    hold_id: hold.hold_id,
    lines: [{ item_id: "1", product_id: "P-AZI-1", quantity: 1 }],
  });
  await backend.releaseHold(d.rx.number, hold.hold_id).catch(() => {});
}

const calls = (backend: MockBackend, command: string) => backend.calls.filter((c) => c.command === command);

/** What `aria-keyshortcuts` says for each action (every value is one action's). */
const ACTION_OF_ARIA = new Map((Object.keys(SHORTCUTS) as Action[]).map((a) => [ariaKeysOf(a), a] as const));

/** Where the key of `el` shows: in the control, or (a check box, a radio) in its label. */
function hintHolder(el: Element): Element {
  return el instanceof HTMLInputElement ? (el.closest("label") ?? el) : el;
}

/** Every control that says a key shows that key (one `<kbd>`, hidden from screen readers), and
 *  every key shown is said by its control. Returns how many controls were checked. */
function expectHintsMatch(root: Element = document.body): number {
  const keyed = [...root.querySelectorAll("[aria-keyshortcuts]")];
  for (const el of keyed) {
    const aria = el.getAttribute("aria-keyshortcuts") ?? "";
    const action = ACTION_OF_ARIA.get(aria);
    const name = el.getAttribute("data-testid") ?? el.outerHTML.slice(0, 80);
    expect(action, `${name}: ${aria} is in the table`).toBeDefined();
    const hints = hintHolder(el).querySelectorAll("kbd.key-hint");
    expect(hints.length, `${name} shows its key`).toBe(1);
    expect(hints[0]).toHaveTextContent(capOf(action as Action));
    expect(hints[0]).toHaveAttribute("aria-hidden", "true");
    expect(hints[0]).toHaveAttribute("data-key", action);
  }
  for (const hint of root.querySelectorAll("kbd.key-hint")) {
    const owner =
      hint.closest("[aria-keyshortcuts]") ?? hint.closest("label")?.querySelector("[aria-keyshortcuts]");
    expect(owner, `the hint ${hint.textContent} belongs to a control`).not.toBeNull();
    expect(owner).toHaveAttribute("aria-keyshortcuts", ariaKeysOf(hint.getAttribute("data-key") as Action));
  }
  return keyed.length;
}

describe("the camera by key", () => {
  it("Ctrl+K (л) stops the camera and starts it again, the lookup input keeping its focus and text", async () => {
    const { backend, user } = await counter();
    const panel = screen.getByTestId("camera-panel");
    await waitFor(() => expect(panel).toHaveAttribute("data-state", "running"));
    await user.keyboard("AB");
    await user.keyboard("{Control>}[KeyK]{/Control}");
    await waitFor(() => expect(panel).toHaveAttribute("data-state", "off"));
    expect(calls(backend, "stopCamera")).toHaveLength(1);
    expect(screen.getByTestId("lookup-input")).toHaveFocus();
    expect(screen.getByTestId("lookup-input")).toHaveValue("AB");
    await user.keyboard("{Control>}[KeyK]{/Control}");
    await waitFor(() => expect(panel).toHaveAttribute("data-state", "running"));
    expect(calls(backend, "startCamera")).toHaveLength(2);
  });
});

describe("the dispense form by key, for the item in focus", () => {
  async function form() {
    const ready = await counter();
    await lookUp(ready.user, ready.backend);
    await ready.user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("product-select-1")).toHaveFocus());
    return ready;
  }

  it("F2 adds a product to the item in focus, its picker focused; F3 removes it, back on the quantity", async () => {
    const { user } = await form();
    await user.selectOptions(screen.getByTestId("product-select-1"), "P-AMX-1");
    const quantity = (screen.getByTestId("qty-1") as HTMLInputElement).value;
    screen.getByTestId("qty-1").focus();
    await user.keyboard("[F2]");
    expect(await screen.findByTestId("part-1-2")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("product-select-1-2")).toHaveFocus());
    expect(screen.queryByTestId("part-2-2")).toBeNull();

    // The second item: its own line gets the product.
    const second = (screen.getByTestId("qty-2") as HTMLInputElement).value;
    screen.getByTestId("qty-2").focus();
    await user.keyboard("[F2]");
    expect(await screen.findByTestId("part-2-2")).toBeInTheDocument();
    await user.clear(screen.getByTestId("qty-2-2"));
    await user.type(screen.getByTestId("qty-2-2"), "3");
    // F3 from the item's first line removes its last one, never the first.
    screen.getByTestId("qty-2").focus();
    await user.keyboard("[F3]");
    await waitFor(() => expect(screen.queryByTestId("part-2-2")).toBeNull());
    expect(screen.getByTestId("qty-2")).toHaveValue(second);
    await user.keyboard("[F3]");
    expect(screen.getByTestId("part-2")).toBeInTheDocument();
    expect(screen.getByTestId("qty-2")).toHaveValue(second);
    // F3 in the added line removes that one.
    screen.getByTestId("qty-1-2").focus();
    await user.keyboard("[F3]");
    await waitFor(() => expect(screen.queryByTestId("part-1-2")).toBeNull());
    await waitFor(() => expect(screen.getByTestId("qty-1")).toHaveFocus());
    // The keys did not type into the quantity.
    expect(screen.getByTestId("qty-1")).toHaveValue(quantity);
  });

  it("F4 closes the rest of the item in focus, its reason focused, and opens it again", async () => {
    const { user } = await form();
    screen.getByTestId("qty-2").focus();
    await user.keyboard("[F4]");
    expect(await screen.findByTestId("close-fields-2")).toBeInTheDocument();
    expect(screen.getByTestId("close-item-2")).toBeChecked();
    await waitFor(() => expect(screen.getByTestId("close-reason-2")).toHaveFocus());
    expect(screen.queryByTestId("close-fields-1")).toBeNull();
    await user.keyboard("[F4]");
    await waitFor(() => expect(screen.queryByTestId("close-fields-2")).toBeNull());
    expect(screen.getByTestId("close-item-2")).not.toBeChecked();
    await waitFor(() => expect(screen.getByTestId("qty-2")).toHaveFocus());
  });

  it("Ctrl+2 has someone else collect (their name focused), Ctrl+1 the patient; the draft counts as changed", async () => {
    const { user } = await form();
    screen.getByTestId("qty-1").focus();
    await user.keyboard("{Control>}[Digit2]{/Control}");
    expect(screen.getByTestId("receiver-representative")).toBeChecked();
    await waitFor(() => expect(screen.getByTestId("receiver-name")).toHaveFocus());
    await user.keyboard("[KeyK][KeyF]"); // typed on the Russian layout: "ла"
    expect(screen.getByTestId("receiver-name")).toHaveValue("ла");
    await user.keyboard("{Control>}[Digit1]{/Control}");
    expect(screen.getByTestId("receiver-patient")).toBeChecked();
    expect(screen.queryByTestId("receiver-name")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("receiver-patient")).toHaveFocus());
    await user.keyboard("{Escape}");
    expect(await screen.findByTestId("discard-dialog")).toBeInTheDocument();
  });
});

describe("Cancel asks as Escape does", () => {
  it("an unchanged draft closes at once, the hold given back, the item in focus again", async () => {
    const { backend, user } = await counter();
    await lookUp(user, backend);
    await user.keyboard("{Enter}");
    await screen.findByTestId("dispense-form");
    await user.click(screen.getByTestId("dispense-cancel"));
    await waitFor(() => expect(screen.queryByTestId("dispense-form")).toBeNull());
    expect(screen.queryByTestId("discard-dialog")).toBeNull();
    expect(calls(backend, "releaseHold")).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId("item-start-1")).toHaveFocus());
  });

  it("a changed draft: Cancel asks; keeping it goes back to Cancel, dropping it back to the item", async () => {
    const { backend, user } = await counter();
    await lookUp(user, backend);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("product-select-1")).toHaveFocus());
    await user.clear(screen.getByTestId("qty-2"));
    await user.type(screen.getByTestId("qty-2"), "2");

    await user.click(screen.getByTestId("dispense-cancel"));
    expect(await screen.findByTestId("discard-dialog")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("discard-dialog")).toBeNull());
    expect(screen.getByTestId("dispense-form")).toBeInTheDocument();
    expect(screen.getByTestId("qty-2")).toHaveValue("2");
    expect(screen.getByTestId("dispense-cancel")).toHaveFocus();
    expect(calls(backend, "releaseHold")).toHaveLength(0);

    // The same with the dialog's own button, then dropping the draft by Enter.
    await user.click(screen.getByTestId("dispense-cancel"));
    await user.click(await screen.findByTestId("discard-keep"));
    expect(screen.getByTestId("dispense-cancel")).toHaveFocus();
    await user.click(screen.getByTestId("dispense-cancel"));
    await screen.findByTestId("discard-dialog");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.queryByTestId("dispense-form")).toBeNull());
    expect(calls(backend, "releaseHold")).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId("item-start-1")).toHaveFocus());
  });
});

describe("receipts and the withdrawal by key", () => {
  it("on the result: Ctrl+S (ы) saves the receipt as PDF beside the printer, Ctrl+P (з) prints it, F6 opens the withdrawal", async () => {
    const { backend, user } = await counter((b) => {
      b.printing = { printer: "Kassa-80", format: "esc_pos", after_dispense: false, report_printer: null };
    });
    await lookUp(user, backend, "active", AZI);
    await user.keyboard("{Enter}");
    const select = await screen.findByTestId("product-select-1");
    await waitFor(() => expect(select).toHaveFocus());
    await user.selectOptions(select, "P-AZI-1");
    await user.keyboard("{Control>}{Enter}{/Control}");
    const result = await screen.findByTestId("dispense-result");

    await user.keyboard("{Control>}[KeyS]{/Control}");
    await waitFor(() => expect(calls(backend, "openDocument")).toHaveLength(1));
    expect(calls(backend, "receiptPdf")).toHaveLength(1);
    expect(await within(result).findByTestId("receipt-saved")).toBeInTheDocument();
    await user.keyboard("{Control>}[KeyP]{/Control}");
    await waitFor(() => expect(calls(backend, "printReceipt")).toHaveLength(1));

    await screen.findByTestId("withdraw-open");
    await user.keyboard("[F6]");
    expect(await screen.findByTestId("withdraw-dialog")).toBeInTheDocument();
    // The dialog's keys are its own: the counter's do nothing under it.
    await user.keyboard("{Control>}[KeyP]{/Control}");
    expect(calls(backend, "printReceipt")).toHaveLength(1);
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("withdraw-dialog")).toBeNull());
    expect(screen.getByTestId("dispense-result")).toBeInTheDocument();
  });

  it("on the card: Ctrl+P and Ctrl+S are the history's newest receipt's, F6 withdraws its newest dispense", async () => {
    const { backend, user } = await counter((b) => {
      b.printing = { printer: "Kassa-80", format: "esc_pos", after_dispense: false, report_printer: null };
    });
    await dispensedBefore(backend);
    const d = await lookUp(user, backend, "active", AZI);
    await screen.findByTestId("withdraw-open");
    const entry = screen.getAllByTestId("history-entry").pop()!;
    const id = entry.getAttribute("data-dispense");
    await waitFor(() => expect(screen.getByTestId("item-start-1")).toHaveFocus());

    await user.keyboard("{Control>}[KeyP]{/Control}");
    await waitFor(() => expect(calls(backend, "printReceipt")).toHaveLength(1));
    expect(calls(backend, "printReceipt")[0]?.args).toEqual([d.rx.number, id, false]);
    await user.keyboard("{Control>}[KeyS]{/Control}");
    await waitFor(() => expect(calls(backend, "reprintReceipt")).toHaveLength(1));
    expect(calls(backend, "reprintReceipt")[0]?.args).toEqual([d.rx.number, id]);

    await user.keyboard("[F6]");
    const dialog = await screen.findByTestId("withdraw-dialog");
    await user.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() => expect(calls(backend, "withdraw")).toHaveLength(1));
    expect(calls(backend, "withdraw")[0]?.args.slice(0, 2)).toEqual([d.rx.number, id]);
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
  });

  it("without a printer Ctrl+P saves the receipt (its one button's key) and Ctrl+S does nothing more", async () => {
    const { backend, user } = await counter();
    await dispensedBefore(backend);
    await lookUp(user, backend, "active", AZI);
    await screen.findByTestId("withdraw-open");
    await waitFor(() => expect(screen.getByTestId("item-start-1")).toHaveFocus());
    await user.keyboard("{Control>}[KeyS]{/Control}");
    await user.keyboard("{Control>}[KeyP]{/Control}");
    await waitFor(() => expect(calls(backend, "reprintReceipt")).toHaveLength(1));
    expect(calls(backend, "printReceipt")).toHaveLength(0);
  });
});

describe("the header's screens and the settings by key", () => {
  async function app(role: Session["pharmacist"]["role"]) {
    const backend = createMockBackend({ signedIn: true, role, language: "ru" });
    render(App, { backend });
    await screen.findByTestId("lock-now");
    return { backend, user: keyboard() };
  }

  const alt = (user: User, n: number) => user.keyboard(`{Alt>}[Digit${n}]{/Alt}`);

  it("a manager goes to every screen with Alt and its digit, and back to the counter with Alt+1", async () => {
    const { user } = await app("manager");
    await waitFor(() => expect(screen.getByTestId("desk-current")).toBeInTheDocument());
    await alt(user, 5);
    expect(await screen.findByTestId("reports")).toBeInTheDocument();
    await alt(user, 6);
    expect(await screen.findByTestId("audit-log")).toBeInTheDocument();
    await alt(user, 4);
    expect(await screen.findByTestId("products-screen")).toBeInTheDocument();
    await alt(user, 2);
    expect(await screen.findByTestId("paper-mode")).toBeInTheDocument();
    await alt(user, 3);
    expect(await screen.findByTestId("conflict-queue")).toBeInTheDocument();
    await alt(user, 1);
    await waitFor(() => expect(screen.getByTestId("desk-current")).not.toHaveAttribute("hidden"));
    expect(screen.queryByTestId("conflict-queue")).toBeNull();
  });

  it("a pharmacist's keys open only the screens the header offers them", async () => {
    const { user } = await app("pharmacist");
    await waitFor(() => expect(screen.getByTestId("desk-current")).toBeInTheDocument());
    await alt(user, 5);
    await alt(user, 3);
    await alt(user, 6);
    expect(screen.queryByTestId("reports")).toBeNull();
    expect(screen.queryByTestId("conflict-queue")).toBeNull();
    expect(screen.queryByTestId("audit-log")).toBeNull();
    expect(screen.getByTestId("desk-current")).not.toHaveAttribute("hidden");
    await alt(user, 2);
    expect(await screen.findByTestId("paper-mode")).toBeInTheDocument();
  });

  it("Ctrl+5 (Russian) and Ctrl+3 (Uzbek) switch the language; Ctrl+Q (й) signs out", async () => {
    const { backend, user } = await app("pharmacist");
    await waitFor(() => expect(screen.getByTestId("desk-current")).toBeInTheDocument());
    await user.keyboard("{Control>}[Digit5]{/Control}");
    await waitFor(() => expect(screen.getByTestId("lang-ru")).toHaveAttribute("aria-pressed", "true"));
    await user.keyboard("{Control>}[Digit3]{/Control}");
    await waitFor(() => expect(screen.getByTestId("lang-uz")).toHaveAttribute("aria-pressed", "true"));
    await user.keyboard("{Control>}[KeyQ]{/Control}");
    await waitFor(() => expect(calls(backend, "signOut")).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId("sign-out")).toBeNull());
  });

  it("Alt+7 opens the settings; under it the screens' keys do nothing; Ctrl+S (ы) saves the part in focus", async () => {
    const { backend, user } = await app("manager");
    await alt(user, 7);
    const dialog = await screen.findByTestId("settings-dialog");
    await alt(user, 5);
    expect(screen.queryByTestId("reports")).toBeNull();

    await waitFor(() => expect(screen.getByTestId("settings-language")).toBeEnabled());
    screen.getByTestId("settings-language").focus();
    await user.keyboard("{Control>}[KeyS]{/Control}");
    expect(await screen.findByTestId("settings-saved")).toBeInTheDocument();
    expect(calls(backend, "saveSettings")).toHaveLength(1);

    // In the auto-lock's field, its own Save.
    const minutes = await within(dialog).findByTestId("lock-minutes");
    await user.clear(minutes);
    await user.type(minutes, "7");
    await user.keyboard("{Control>}[KeyS]{/Control}");
    await waitFor(() => expect(calls(backend, "saveLockAfter")).toHaveLength(1));
    expect(calls(backend, "saveLockAfter")[0]?.args).toEqual([7]);
    expect(calls(backend, "saveSettings")).toHaveLength(1);
  });
});

describe("every key said is a key shown", () => {
  it("on the counter: the card and its history, the dispense form, the result, the dialogs", async () => {
    const { backend, user } = await counter((b) => {
      b.printing = { printer: "Kassa-80", format: "esc_pos", after_dispense: false, report_printer: null };
    });
    await dispensedBefore(backend);
    expect(expectHintsMatch()).toBeGreaterThan(0);
    await lookUp(user, backend, "active", AZI);
    await screen.findByTestId("withdraw-open");
    expect(screen.getByTestId("receipt-to-printer")).toHaveAttribute(
      "aria-keyshortcuts",
      ariaKeysOf("print"),
    );
    expect(screen.getByTestId("receipt-print")).toHaveAttribute("aria-keyshortcuts", ariaKeysOf("save"));
    expect(screen.getByTestId("withdraw-open")).toHaveAttribute("aria-keyshortcuts", ariaKeysOf("withdraw"));
    expect(expectHintsMatch()).toBeGreaterThan(5);

    await user.keyboard("[F6]");
    await screen.findByTestId("withdraw-dialog");
    expectHintsMatch();
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("withdraw-dialog")).toBeNull());

    await user.click(screen.getByTestId("start-dispense"));
    const select = await screen.findByTestId("product-select-1");
    await waitFor(() => expect(select).toHaveFocus());
    await user.selectOptions(select, "P-AZI-1");
    await user.keyboard("[F2]");
    await screen.findByTestId("part-1-2");
    expect(screen.getByTestId("add-product-1")).toHaveAttribute(
      "aria-keyshortcuts",
      ariaKeysOf("addProduct"),
    );
    expectHintsMatch();
    await user.keyboard("[F4]{Control>}[Digit2]{/Control}");
    await screen.findByTestId("receiver-name");
    for (const id of ["remove-product-1-2", "close-item-1", "receiver-patient", "receiver-representative"]) {
      expect(screen.getByTestId(id)).toHaveAttribute("aria-keyshortcuts");
    }
    expect(expectHintsMatch()).toBeGreaterThanOrEqual(10);

    await user.keyboard("{Escape}");
    await screen.findByTestId("discard-dialog");
    expectHintsMatch();
    await user.keyboard("{Escape}");
    await user.click(screen.getByTestId("remove-product-1-2"));
    await user.click(screen.getByTestId("close-item-1"));
    await user.keyboard("{Control>}[Digit1]{/Control}{Control>}{Enter}{/Control}");
    await screen.findByTestId("dispense-result");
    expect(expectHintsMatch()).toBeGreaterThan(5);
  });

  it("on every screen of a manager, with the header's buttons, and in the settings", async () => {
    const backend = createMockBackend({ signedIn: true, role: "manager" });
    render(App, { backend });
    await screen.findByTestId("lock-now");
    const user = keyboard();
    const header = document.querySelector("header") as HTMLElement;
    for (const id of [
      "nav-paper",
      "nav-conflicts",
      "nav-products",
      "nav-reports",
      "nav-audit",
      "settings-open",
    ]) {
      expect(within(header).getByTestId(id)).toHaveAttribute("aria-keyshortcuts");
    }
    expectHintsMatch();
    for (const [n, screenId] of [
      [2, "paper-mode"],
      [3, "conflict-queue"],
      [4, "products-screen"],
      [5, "reports"],
      [6, "audit-log"],
    ] as const) {
      await user.keyboard(`{Alt>}[Digit${n}]{/Alt}`);
      await screen.findByTestId(screenId);
      expectHintsMatch();
      // The screen's own button in the header now leads back to the counter, and says so.
      const back =
        within(header).queryByTestId("nav-counter") ??
        within(header).queryByTestId(`nav-${screenId.split("-")[0]}`);
      if (back) expect(back).toHaveAttribute("aria-keyshortcuts", ariaKeysOf("goCounter"));
    }
    await user.keyboard("{Alt>}[Digit7]{/Alt}");
    await screen.findByTestId("settings-dialog");
    await screen.findByTestId("lock-save");
    await screen.findByTestId("print-save");
    expect(expectHintsMatch()).toBeGreaterThan(8);
  });
});
