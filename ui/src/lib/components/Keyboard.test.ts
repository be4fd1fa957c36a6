// The counter from the keyboard alone: a lookup lands on the first item to dispense, Enter and
// the arrows go on from there, the product and the quantity are filled in where they can be,
// F9 dispenses and prints, Escape backs out one step, and every button shows its key.

import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend, type Prescription, type Session } from "$lib/backend";
import { DEMO_PINFL_MULTI } from "$lib/backend/mock-data";
import { localToday } from "$lib/format";
import { setLocale } from "$lib/i18n";
import { ariaKeysOf, capOf, type Action } from "$lib/keys/shortcuts";
import App from "../../App.svelte";
import Counter from "./Counter.svelte";
import PrescriptionCard from "./PrescriptionCard.svelte";

afterEach(() => setLocale("uz"));

type User = ReturnType<typeof userEvent.setup>;

/** A keyboard whose P key types "з", as with the Russian layout on; F9 is a key of its own. */
const RUSSIAN_P = [
  { code: "KeyP", key: "з" },
  { code: "F9", key: "F9" },
  { code: "Digit2", key: "2" },
];

async function counter(prepare?: (b: MockBackend) => void): Promise<{ backend: MockBackend; user: User }> {
  setLocale("en");
  const backend = createMockBackend({ signedIn: true });
  prepare?.(backend);
  const session = (await backend.currentSession()) as Session;
  render(Counter, { backend, session });
  const user = userEvent.setup({ keyboardMap: [...RUSSIAN_P, ...DEFAULT_KEYS] });
  await waitFor(() => expect(screen.getByTestId("lookup-input")).toHaveFocus());
  return { backend, user };
}

/** The keys the tests press besides those above (as user-event names them). */
const DEFAULT_KEYS = [
  { code: "Enter", key: "Enter" },
  { code: "Escape", key: "Escape" },
  { code: "ArrowUp", key: "ArrowUp" },
  { code: "ArrowDown", key: "ArrowDown" },
  { code: "ControlLeft", key: "Control" },
  { code: "Tab", key: "Tab" },
  ...[..."0123456789"].map((d) => ({ code: `Digit${d}`, key: d })),
  ...[..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((c) => ({ code: `Key${c}`, key: c })),
  ...[..."abcdefghijklmnoqrstuvwxyz"].map((c) => ({ code: `Key${c.toUpperCase()}`, key: c })),
  { code: "Space", key: " " },
];

function demo(backend: MockBackend, state: string, number?: string) {
  const d = backend.demo.find((x) => x.state === state && (!number || x.rx.number.startsWith(number)));
  if (!d) throw new Error(`no demo prescription in state ${state}`);
  return d;
}

/** The one-item azithromycin prescription, its catalogue narrowed so that exactly one product
 *  has its INN and strength (the other is made 250 mg). */
function oneMatch(backend: MockBackend) {
  const search = backend.searchProducts.bind(backend);
  backend.searchProducts = async (inn, query) =>
    (await search(inn, query)).map((p) => (p.product_id === "P-AZI-2" ? { ...p, strength: "250 mg" } : p));
}

async function lookUp(user: User, backend: MockBackend, state = "active", number?: string) {
  const d = demo(backend, state, number);
  await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
  await screen.findByTestId("rx-card");
  return d;
}

const AZI = "A8Z2K5M1Q3D";

describe("a lookup lands on the first item to dispense", () => {
  it("Enter after the number shows the card with its first dispensable item focused", async () => {
    const { backend, user } = await counter();
    await lookUp(user, backend);
    await waitFor(() => expect(screen.getByTestId("item-start-1")).toHaveFocus());
  });

  it("a scan shows the card with its first dispensable item focused", async () => {
    const { backend } = await counter();
    const d = demo(backend, "active");
    backend.scan.emitScan(`DMEDRX:1:${d.rx.number}:${d.code}`);
    await screen.findByTestId("rx-card");
    await waitFor(() => expect(screen.getByTestId("item-start-1")).toHaveFocus());
  });

  it("the item focused is the first one left to dispense, skipping those already dispensed", async () => {
    const d = demo(createMockBackend(), "active");
    const rx: Prescription = structuredClone(d.rx);
    rx.items[0]!.quantity_dispensed = rx.items[0]!.quantity_prescribed;
    rx.items[0]!.status = "dispensed";
    rx.status = "partially_dispensed";
    const { component } = render(PrescriptionCard, {
      rx,
      today: localToday(),
      ownPharmacyId: null,
      onitem: () => {},
    });
    expect(screen.queryByTestId("item-start-1")).toBeNull();
    expect(component.focusItem()).toBe(true);
    expect(screen.getByTestId("item-start-2")).toHaveFocus();
  });

  it("the arrows move between the items and Enter opens the form on the focused item's product picker", async () => {
    const { backend, user } = await counter();
    await lookUp(user, backend);
    await waitFor(() => expect(screen.getByTestId("item-start-1")).toHaveFocus());
    await user.keyboard("{ArrowDown}");
    expect(screen.getByTestId("item-start-2")).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByTestId("item-start-2")).toHaveFocus(); // the last one stays
    await user.keyboard("{ArrowUp}{ArrowDown}{Enter}");
    await screen.findByTestId("dispense-form");
    // Paracetamol 500 mg has two products: its picker waits for a choice.
    await waitFor(() => expect(screen.getByTestId("product-select-2")).toHaveFocus());
    expect(screen.getByTestId("product-select-2")).toHaveValue("");
  });

  it("for a nurse, who may not dispense, the lookup input keeps the focus and the items are plain text", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "nurse" });
    const session = (await backend.currentSession()) as Session;
    render(Counter, { backend, session });
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByTestId("lookup-input")).toHaveFocus());
    await lookUp(user, backend);
    expect(screen.queryByTestId("item-start-1")).toBeNull();
    await user.keyboard("{Enter}");
    expect(screen.getByTestId("lookup-input")).toHaveFocus();
    expect(screen.queryByTestId("dispense-form")).toBeNull();
    expect(backend.calls.some((c) => c.command === "hold")).toBe(false);
  });

  it("Enter in the empty lookup input starts dispensing the card shown", async () => {
    const { backend, user } = await counter();
    await lookUp(user, backend);
    await user.click(screen.getByTestId("lookup-input"));
    expect(screen.getByTestId("lookup-input")).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("dispense-form")).toBeInTheDocument();
  });
});

describe("the dispense step starts filled in", () => {
  it("preselects the product when exactly one has the item's INN and strength, and focuses its quantity", async () => {
    const { backend, user } = await counter(oneMatch);
    await lookUp(user, backend, "active", AZI);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("qty-1")).toHaveFocus());
    expect(screen.getByTestId("product-select-1")).toHaveValue("P-AZI-1");
    expect(screen.getByTestId("qty-1")).toHaveValue("3");
  });

  it("preselects nothing when two products have the item's INN and strength, the prescribed form listed first", async () => {
    const { backend, user } = await counter();
    await lookUp(user, backend, "active", AZI);
    await user.keyboard("{Enter}");
    const select = await screen.findByTestId("product-select-1");
    await waitFor(() => expect(select).toHaveFocus());
    expect(select).toHaveValue("");
    const options = within(select)
      .getAllByRole("option")
      .map((o) => (o as HTMLOptionElement).value);
    // Both are 500 mg; the tablet (the item's form) comes before the capsule.
    expect(options).toEqual(["", "P-AZI-1", "P-AZI-2"]);
  });

  it("quantities default to what remains of each item", async () => {
    const { backend, user } = await counter();
    await lookUp(user, backend, "chronic_partially_dispensed");
    await user.keyboard("{Enter}");
    await screen.findByTestId("dispense-form");
    expect(screen.getByTestId("qty-1")).toHaveValue("120"); // 180 prescribed, 60 given before
    expect(screen.getByTestId("remaining-1")).toHaveTextContent("120");
  });
});

describe("one key dispenses and prints", () => {
  it("F9 dispenses and prints the receipt on the chosen printer, with printing after each dispense off", async () => {
    const { backend, user } = await counter((b) => {
      oneMatch(b);
      b.printing = { printer: "Kassa-80", format: "esc_pos", after_dispense: false, report_printer: null };
    });
    await lookUp(user, backend, "active", AZI);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("qty-1")).toHaveFocus());
    await user.keyboard("[F9]");
    expect(await screen.findByTestId("auto-printed")).toHaveTextContent("Kassa-80");
    const dispense = backend.calls.find((c) => c.command === "dispense")?.args[0];
    expect(dispense).toMatchObject({ lines: [{ item_id: "1", product_id: "P-AZI-1", quantity: 3 }] });
    expect(backend.calls.filter((c) => c.command === "printReceipt")).toHaveLength(1);
  });

  it("F9 without a printer dispenses, then saves the receipt as PDF and opens it", async () => {
    const { backend, user } = await counter(oneMatch);
    await lookUp(user, backend, "active", AZI);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("qty-1")).toHaveFocus());
    await user.keyboard("[F9]");
    expect(await screen.findByTestId("auto-printed")).toHaveTextContent("chek_");
    await waitFor(() => expect(backend.calls.some((c) => c.command === "openDocument")).toBe(true));
  });

  it("Ctrl+Enter dispenses from the product picker, without printing", async () => {
    const { backend, user } = await counter();
    await lookUp(user, backend, "active", AZI);
    await user.keyboard("{Enter}");
    const select = await screen.findByTestId("product-select-1");
    await waitFor(() => expect(select).toHaveFocus());
    await user.selectOptions(select, "P-AZI-2");
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(await screen.findByTestId("dispense-result")).toBeInTheDocument();
    expect(backend.calls.some((c) => ["printReceipt", "receiptPdf"].includes(c.command))).toBe(false);
  });

  it("F9 on a form with a product still to choose sends nothing and focuses that product's picker", async () => {
    const { backend, user } = await counter();
    await lookUp(user, backend);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("product-select-1")).toHaveFocus());
    await user.selectOptions(screen.getByTestId("product-select-1"), "P-AMX-1");
    screen.getByTestId("qty-1").focus();
    await user.keyboard("[F9]");
    expect(screen.getByTestId("product-select-2")).toHaveFocus();
    expect(backend.calls.some((c) => c.command === "dispense")).toBe(false);
  });
});

describe("Escape backs out one step", () => {
  it("from the untouched form to the card, then to the empty input, then clears typed text", async () => {
    const { backend, user } = await counter();
    await lookUp(user, backend);
    await user.keyboard("{ArrowDown}{Enter}");
    await screen.findByTestId("dispense-form");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("dispense-form")).toBeNull());
    expect(backend.calls.some((c) => c.command === "releaseHold")).toBe(true);
    // Back on the card, on the item dispensing started from.
    await waitFor(() => expect(screen.getByTestId("item-start-2")).toHaveFocus());
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("rx-card")).toBeNull();
    expect(screen.getByTestId("lookup-input")).toHaveFocus();
    await user.keyboard("AB12");
    expect(screen.getByTestId("lookup-input")).toHaveValue("AB12");
    await user.keyboard("{Escape}");
    expect(screen.getByTestId("lookup-input")).toHaveValue("");
  });

  it("asks before dropping a changed draft: Escape keeps it and its field's focus, Enter drops it", async () => {
    const { backend, user } = await counter(oneMatch);
    await lookUp(user, backend, "active", AZI);
    await user.keyboard("{Enter}");
    const qty = await screen.findByTestId("qty-1");
    await waitFor(() => expect(qty).toHaveFocus());
    await user.keyboard("2");
    expect(qty).toHaveValue("2");
    await user.keyboard("{Escape}");
    expect(await screen.findByTestId("discard-dialog")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("discard-dialog")).toBeNull();
    expect(screen.getByTestId("qty-1")).toHaveValue("2");
    expect(screen.getByTestId("qty-1")).toHaveFocus();
    expect(backend.calls.some((c) => c.command === "releaseHold")).toBe(false);

    await user.keyboard("{Escape}");
    await screen.findByTestId("discard-dialog");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.queryByTestId("dispense-form")).toBeNull());
    expect(backend.calls.some((c) => c.command === "releaseHold")).toBe(true);
    await waitFor(() => expect(screen.getByTestId("item-start-1")).toHaveFocus());
  });

  it("from the result to a new lookup, after Ctrl+P (the Russian з key) printed the receipt again", async () => {
    const { backend, user } = await counter((b) => {
      oneMatch(b);
      b.printing = { printer: "Kassa-80", format: "esc_pos", after_dispense: false, report_printer: null };
    });
    await lookUp(user, backend, "active", AZI);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("qty-1")).toHaveFocus());
    await user.keyboard("[F9]");
    await screen.findByTestId("auto-printed");
    await user.keyboard("{Control>}[KeyP]{/Control}");
    expect(await screen.findByTestId("print-sent")).toHaveTextContent("Kassa-80");
    expect(backend.calls.filter((c) => c.command === "printReceipt")).toHaveLength(2);
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("dispense-result")).toBeNull();
    expect(screen.queryByTestId("rx-card")).toBeNull();
    expect(screen.getByTestId("lookup-input")).toHaveFocus();
  });
});

describe("a focused field keeps the keys it needs", () => {
  it("Enter in the pack field checks the pack and does not dispense", async () => {
    const { backend, user } = await counter(oneMatch);
    await lookUp(user, backend, "active", AZI);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("qty-1")).toHaveFocus());
    await user.click(screen.getByTestId("pack-input"));
    await user.keyboard("0104780000000001{Enter}");
    await waitFor(() => expect(backend.calls.some((c) => c.command === "checkPack")).toBe(true));
    expect(backend.calls.some((c) => c.command === "dispense")).toBe(false);
    expect(screen.getByTestId("dispense-form")).toBeInTheDocument();
  });

  it("Escape in a product filter with text stays in the filter, the form open", async () => {
    const { backend, user } = await counter((b) => {
      // Six amoxicillin products: the picker gets a filter.
      const search = b.searchProducts.bind(b);
      b.searchProducts = async (inn, query) => {
        const found = await search(inn, query);
        if (inn !== "Amoxicillin" || query) return found;
        const more = [1, 2, 3].map((n) => ({
          ...found[0]!,
          product_id: `P-AMX-X${n}`,
          trade_name: `Amox ${n}`,
        }));
        return [...found, ...more];
      };
    });
    await lookUp(user, backend);
    await user.keyboard("{Enter}");
    const filter = await screen.findByTestId("product-filter-1");
    await user.click(filter);
    await user.keyboard("amo");
    await user.keyboard("{Escape}");
    expect(screen.getByTestId("dispense-form")).toBeInTheDocument();
    expect(screen.queryByTestId("discard-dialog")).toBeNull();
    expect(backend.calls.some((c) => c.command === "releaseHold")).toBe(false);
  });
});

describe("dialogs and lists by key", () => {
  it("in the identity check 2 chooses the passport; the list's first choice has the focus, the arrows move, Enter opens", async () => {
    const { backend, user } = await counter();
    await user.type(screen.getByTestId("lookup-input"), `${DEMO_PINFL_MULTI}{Enter}`);
    await screen.findByTestId("id-check-dialog");
    await user.keyboard("2");
    const list = await screen.findByTestId("rx-list");
    expect(backend.calls.filter((c) => c.command === "lookup").pop()?.args).toEqual([
      DEMO_PINFL_MULTI,
      "passport",
    ]);
    const choices = within(list).getAllByRole("button");
    await waitFor(() => expect(choices[0]).toHaveFocus());
    await user.keyboard("{ArrowDown}");
    expect(choices[1]).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("rx-card")).toBeInTheDocument();
  });
});

/** The button `testid` shows the key of `action` and says it in `aria-keyshortcuts`. */
function expectKey(testid: string, action: Action, inside: HTMLElement = document.body) {
  const button = within(inside).getByTestId(testid);
  const hint = button.querySelector("kbd");
  expect(hint, `${testid} shows a key`).not.toBeNull();
  expect(hint).toHaveTextContent(capOf(action));
  expect(hint).toHaveAttribute("aria-hidden", "true");
  expect(button).toHaveAttribute("aria-keyshortcuts", ariaKeysOf(action));
}

describe("every action shows its key on its button", () => {
  it("the lookup, the card, the dispense form, the result and the receipt", async () => {
    const { backend, user } = await counter((b) => {
      oneMatch(b);
      b.printing = { printer: "Kassa-80", format: "esc_pos", after_dispense: true, report_printer: null };
    });
    expectKey("lookup-submit", "confirm");
    await lookUp(user, backend, "active", AZI);
    expectKey("start-dispense", "confirm");
    expect(screen.getByTestId("item-start-1")).toHaveAttribute("aria-keyshortcuts", ariaKeysOf("confirm"));
    await user.keyboard("{Enter}");
    await screen.findByTestId("dispense-form");
    expectKey("dispense-submit", "submit");
    expectKey("dispense-print", "submitPrint");
    expectKey("dispense-cancel", "back");
    expectKey("pack-check", "confirm");
    await waitFor(() => expect(screen.getByTestId("qty-1")).toHaveFocus());
    await user.keyboard("{Control>}{Enter}{/Control}");
    await screen.findByTestId("dispense-result");
    expectKey("new-lookup", "back");
    expectKey("receipt-to-printer", "print", screen.getByTestId("dispense-result"));
  });

  it("the header's Lock and the settings dialog's Close, as on the counter", async () => {
    render(App, { backend: createMockBackend({ signedIn: true }) });
    const user = userEvent.setup();
    await screen.findByTestId("lock-now");
    expectKey("lock-now", "lock");
    await user.click(screen.getByTestId("settings-open"));
    await screen.findByTestId("settings-dialog");
    expectKey("settings-close", "back");
  });

  it("the dialogs: the identity check, the access code, dropping a draft", async () => {
    const { backend, user } = await counter(oneMatch);
    await user.type(screen.getByTestId("lookup-input"), `${DEMO_PINFL_MULTI}{Enter}`);
    await screen.findByTestId("id-check-dialog");
    expectKey("id-check-id_card", "choice1");
    expectKey("id-check-passport", "choice2");
    expectKey("id-check-birth_certificate", "choice3");
    expectKey("id-check-cancel", "back");
    await user.keyboard("{Escape}");

    const d = demo(backend, "active", AZI);
    await user.clear(screen.getByTestId("lookup-input"));
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number}{Enter}`);
    await screen.findByTestId("access-code-dialog");
    expectKey("access-code-submit", "confirm");
    expectKey("access-code-cancel", "back");
    await user.keyboard(`${d.code}{Enter}`);

    await screen.findByTestId("rx-card");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("qty-1")).toHaveFocus());
    await user.keyboard("1{Escape}");
    await screen.findByTestId("discard-dialog");
    expectKey("discard-confirm", "confirm");
    expectKey("discard-keep", "back");
  });
});
