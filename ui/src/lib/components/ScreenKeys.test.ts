// The keys of the screens beside the counter, pressed as a Russian layout sends them (the letter
// keys type Cyrillic: R is "к", E "у", D "в", O "щ", F "а", U "г", N "т", S "ы", P "з"; the
// shortcut is read from the key's place): paper mode's lines, saving and log; the reports'
// periods, run again, exports, printing, the file saved and the drill-down; the audit log's and
// the products' Ctrl+F; the conflict queue; the outbox's "send now"; the updates panel in the
// settings. Each screen's keys wait while a dialog is open over it, and every control that says
// a key in `aria-keyshortcuts` shows the same key on screen, and the other way round.

import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend, type ReportQuery, type Session } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import { ariaKeysOf, capOf, SHORTCUTS, type Action } from "$lib/keys/shortcuts";
import App from "../../App.svelte";
import AuditLog from "./audit/AuditLog.svelte";
import ConflictQueue from "./outage/ConflictQueue.svelte";
import OutboxStatus from "./outage/OutboxStatus.svelte";
import PaperMode from "./outage/PaperMode.svelte";
import ProductSearch from "./products/ProductSearch.svelte";
import Reports from "./reports/Reports.svelte";
import SettingsDialog from "./SettingsDialog.svelte";

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
  { code: "Backspace", key: "Backspace" },
  { code: "ControlLeft", key: "Control" },
  { code: "AltLeft", key: "Alt" },
  { code: "ArrowUp", key: "ArrowUp" },
  { code: "ArrowDown", key: "ArrowDown" },
  ...["F2", "F3"].map((f) => ({ code: f, key: f })),
  ...[..."0123456789"].map((d) => ({ code: `Digit${d}`, key: d })),
  { code: "Minus", key: "-" },
  { code: "Period", key: "." },
  { code: "Space", key: " " },
  // Latin letters, for the names and codes typed into the fields.
  ...[..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((c) => ({ code: `Key${c}`, key: c })),
  ...[..."abcdefghijklmnopqrstuvwxyz"].map((c) => ({ code: `Key${c.toUpperCase()}`, key: c })),
];

function keyboard(): User {
  return userEvent.setup({ keyboardMap: KEYBOARD });
}

const ctrl = (user: User, code: string) => user.keyboard(`{Control>}[${code}]{/Control}`);

const calls = (backend: MockBackend, command: string) => backend.calls.filter((c) => c.command === command);

/** What `aria-keyshortcuts` says for each action (every value is one action's). */
const ACTION_OF_ARIA = new Map((Object.keys(SHORTCUTS) as Action[]).map((a) => [ariaKeysOf(a), a] as const));

/** Where the key of `el` shows: in the control, or (a field, a check box) in its label. */
function hintHolder(el: Element): Element {
  return el instanceof HTMLInputElement ? (el.closest("label") ?? el) : el;
}

/** Every control that says a key shows that key (one `<kbd>`, hidden from screen readers), and
 *  every key shown is said by its control. Returns the keys said, by test id. */
function expectHintsMatch(root: Element = document.body): Map<string, Action> {
  const said = new Map<string, Action>();
  for (const el of root.querySelectorAll("[aria-keyshortcuts]")) {
    const aria = el.getAttribute("aria-keyshortcuts") ?? "";
    const action = ACTION_OF_ARIA.get(aria);
    const name = el.getAttribute("data-testid") ?? el.outerHTML.slice(0, 80);
    expect(action, `${name}: ${aria} is in the table`).toBeDefined();
    const hints = hintHolder(el).querySelectorAll("kbd.key-hint");
    expect(hints.length, `${name} shows its key`).toBe(1);
    expect(hints[0]).toHaveTextContent(capOf(action as Action));
    expect(hints[0]).toHaveAttribute("aria-hidden", "true");
    expect(hints[0]).toHaveAttribute("data-key", action);
    said.set(name, action as Action);
  }
  for (const hint of root.querySelectorAll("kbd.key-hint")) {
    const owner =
      hint.closest("[aria-keyshortcuts]") ?? hint.closest("label")?.querySelector("[aria-keyshortcuts]");
    expect(owner, `the hint ${hint.textContent} belongs to a control`).not.toBeNull();
    expect(owner).toHaveAttribute("aria-keyshortcuts", ariaKeysOf(hint.getAttribute("data-key") as Action));
  }
  return said;
}

describe("paper mode by key", () => {
  async function paper() {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true });
    backend.outage.setOnline(false);
    const session = (await backend.currentSession()) as Session;
    render(PaperMode, { backend, session });
    await screen.findByTestId("paper-form");
    return { backend, user: keyboard() };
  }

  it("F2 adds a line (its INN focused), F3 removes the one in focus, else the last; the keys type nothing", async () => {
    const { user } = await paper();
    await user.type(screen.getByTestId("paper-inn"), "Amoxicillin");
    await user.keyboard("[F2]");
    await waitFor(() => expect(screen.getAllByTestId("paper-line")).toHaveLength(2));
    await waitFor(() => expect(screen.getAllByTestId("paper-inn")[1]).toHaveFocus());
    await user.keyboard("Metformin[F2]");
    await waitFor(() => expect(screen.getAllByTestId("paper-line")).toHaveLength(3));
    expect(screen.getAllByTestId("paper-remove-line")).toHaveLength(3);

    // F3 in the first line removes that one; the focus goes to the line now first.
    screen.getAllByTestId("paper-inn")[0]!.focus();
    await user.keyboard("[F3]");
    await waitFor(() => expect(screen.getAllByTestId("paper-line")).toHaveLength(2));
    expect(screen.getAllByTestId("paper-inn").map((i) => (i as HTMLInputElement).value)).toEqual([
      "Metformin",
      "",
    ]);
    await waitFor(() => expect(screen.getAllByTestId("paper-inn")[0]).toHaveFocus());
    // From outside the lines, F3 removes the last one; one line always stays.
    screen.getByTestId("paper-number").focus();
    await user.keyboard("[F3]");
    await waitFor(() => expect(screen.getAllByTestId("paper-line")).toHaveLength(1));
    await user.keyboard("[F3]");
    expect(screen.getAllByTestId("paper-line")).toHaveLength(1);
    expect(screen.queryByTestId("paper-remove-line")).toBeNull();
    expect(screen.getByTestId("paper-inn")).toHaveValue("Metformin");
  });

  it("Ctrl+Enter saves from the marking codes, Ctrl+P (з) prints the log, Enter starts another", async () => {
    const { backend, user } = await paper();
    await user.type(screen.getByTestId("paper-number"), "7K3M-9P2Q-4R8X");
    await user.type(screen.getByTestId("paper-pinfl"), "30211975910033");
    await user.type(screen.getByTestId("paper-prescriber"), "Karimova Dilnoza");
    await user.type(screen.getByTestId("paper-facility"), "Poliklinika 12");
    await user.type(screen.getByTestId("paper-inn"), "Amoxicillin");
    await user.tab();
    await waitFor(() => expect(screen.getByTestId("paper-product")).not.toHaveValue(""));
    await user.type(screen.getByTestId("paper-marking"), "0104600000000017215ABC");

    // Missing the identity check: the form says so and records nothing.
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(await screen.findByTestId("paper-missing")).toBeInTheDocument();
    expect(calls(backend, "recordPaper")).toHaveLength(0);
    expect(screen.getByTestId("paper-marking")).toHaveValue("0104600000000017215ABC");

    await user.click(screen.getByTestId("paper-id-checked"));
    await user.click(screen.getByTestId("paper-declaration"));
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(await screen.findByTestId("paper-saved")).toBeInTheDocument();
    expect(calls(backend, "recordPaper")).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId("paper-another")).toHaveFocus());
    await screen.findByTestId("paper-log-row");
    expectHintsMatch();

    await ctrl(user, "KeyP");
    expect(await screen.findByTestId("paper-printed")).toBeInTheDocument();
    expect(calls(backend, "printPaperLog")).toHaveLength(1);

    // Enter from the page, as from the button in focus, starts another: its first field focused.
    (document.activeElement as HTMLElement).blur();
    await user.keyboard("{Enter}");
    await screen.findByTestId("paper-form");
    await waitFor(() => expect(screen.getByTestId("paper-number")).toHaveFocus());
    expect(screen.getByTestId("paper-number")).toHaveValue("");
  });

  it("every key said is shown: the lines, Save, the log's Print", async () => {
    const { user } = await paper();
    await user.click(screen.getByTestId("paper-add-line"));
    await screen.findAllByTestId("paper-remove-line");
    const said = expectHintsMatch();
    expect(Object.fromEntries(said)).toMatchObject({
      "paper-add-line": "addProduct",
      "paper-remove-line": "removeProduct",
      "paper-save": "submit",
      "paper-print": "print",
    });
  });
});

describe("reports by key", () => {
  const NOW = new Date("2026-11-19T08:00:00Z"); // Thursday, 13:00 in Tashkent

  async function reports(printer: string | null = null) {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "manager", now: NOW });
    backend.printing = { printer: null, format: "pdf", after_dispense: false, report_printer: printer };
    render(Reports, { backend, now: () => NOW });
    await screen.findByTestId("total-dispenses");
    return { backend, user: keyboard() };
  }

  function lastQuery(backend: MockBackend): ReportQuery {
    return calls(backend, "report").pop()?.args[0] as ReportQuery;
  }

  it("1 2 3 choose the period, Ctrl+R (к) runs it again; 4 opens a range whose dates take digits", async () => {
    const { backend, user } = await reports();
    await user.keyboard("2");
    await waitFor(() => expect(lastQuery(backend)).toMatchObject({ from: "2026-11-16", to: "2026-11-19" }));
    expect(screen.getByTestId("preset-week")).toHaveAttribute("aria-pressed", "true");
    await user.keyboard("3");
    await waitFor(() => expect(lastQuery(backend).from).toBe("2026-11-01"));
    await user.keyboard("1");
    await waitFor(() => expect(lastQuery(backend).from).toBe("2026-11-19"));
    const before = calls(backend, "report").length;
    await ctrl(user, "KeyR");
    await waitFor(() => expect(calls(backend, "report")).toHaveLength(before + 1));
    expect(lastQuery(backend)).toMatchObject({ from: "2026-11-19", to: "2026-11-19" });

    await user.keyboard("4");
    const from = await screen.findByTestId("range-from");
    await waitFor(() => expect(from).toHaveFocus());
    await user.clear(from);
    await user.type(from, "2026-11-02");
    const to = screen.getByTestId("range-to");
    await user.clear(to);
    await user.type(to, "2026-11-05");
    // The digits went into the dates, not to the periods.
    expect(screen.getByTestId("preset-custom")).toHaveAttribute("aria-pressed", "true");
    expect(screen.queryByTestId("report-refresh")).toBeNull();
    await ctrl(user, "KeyR");
    await waitFor(() => expect(lastQuery(backend)).toMatchObject({ from: "2026-11-02", to: "2026-11-05" }));
    expect(screen.getByTestId("range-show")).toHaveAttribute("aria-keyshortcuts", ariaKeysOf("refresh"));
  });

  it("Ctrl+D (в) CSV, Ctrl+S (ы) PDF, Ctrl+E (у) XLSX, Ctrl+O (щ) opens the file, Ctrl+P (з) prints, Esc closes the drill-down", async () => {
    const { backend, user } = await reports("Ofis");
    await screen.findByTestId("report-to-printer");
    // Each export once the one before is done (the buttons wait meanwhile, and so do the keys).
    const idle = () => waitFor(() => expect(screen.getByTestId("export-pdf")).toBeEnabled());
    await ctrl(user, "KeyD");
    await waitFor(() => expect(calls(backend, "exportReport")).toHaveLength(1));
    await idle();
    await ctrl(user, "KeyS");
    await waitFor(() => expect(calls(backend, "exportReport")).toHaveLength(2));
    await idle();
    await ctrl(user, "KeyE");
    await waitFor(() => expect(calls(backend, "exportReport")).toHaveLength(3));
    await idle();
    expect(calls(backend, "exportReport").map((c) => c.args[1])).toEqual(["csv", "pdf", "xlsx"]);
    await waitFor(() => expect(screen.getByTestId("export-saved")).toHaveTextContent(".xlsx"));
    await ctrl(user, "KeyO");
    await waitFor(() => expect(calls(backend, "openDocument")).toHaveLength(1));
    expect(String(calls(backend, "openDocument")[0]?.args[0])).toMatch(/\.xlsx$/);
    await ctrl(user, "KeyP");
    expect(await screen.findByTestId("report-printed")).toHaveTextContent("Sent to Ofis");
    expect(calls(backend, "printReport")).toHaveLength(1);

    await user.keyboard("2");
    await user.click((await screen.findAllByTestId("by-pharmacist-row"))[0]!);
    await screen.findByTestId("drill");
    const said = expectHintsMatch();
    expect(Object.fromEntries(said)).toMatchObject({
      "preset-today": "choice1",
      "preset-week": "choice2",
      "preset-month": "choice3",
      "preset-custom": "choice4",
      "report-refresh": "refresh",
      "export-pdf": "save",
      "export-csv": "exportCsv",
      "export-xlsx": "exportXlsx",
      "report-to-printer": "print",
      "export-open": "openFile",
      "drill-close": "back",
    });
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("drill")).toBeNull());
  });

  it("without a report printer Ctrl+P is not taken", async () => {
    const { backend, user } = await reports();
    await ctrl(user, "KeyP");
    expect(calls(backend, "printReport")).toHaveLength(0);
    expect(screen.queryByTestId("report-to-printer")).toBeNull();
  });
});

describe("the audit log and the products by key", () => {
  it("audit: Ctrl+F (а) goes to the filters, Ctrl+R (к) shows the log for them", async () => {
    setLocale("en");
    const backend = createMockBackend({ role: "manager" });
    const demo = (await backend.appInfo()).training_demo!;
    await backend.signIn(demo.pharmacy_id, demo.login, demo.secret);
    await backend.signOut();
    await backend.signIn(demo.pharmacy_id, demo.login, demo.secret);
    render(AuditLog, { backend });
    await waitFor(() => expect(screen.getAllByTestId("audit-row")).toHaveLength(3));
    const user = keyboard();
    await ctrl(user, "KeyF");
    expect(screen.getByTestId("audit-from")).toHaveFocus();
    await user.selectOptions(screen.getByTestId("audit-action"), "sign_out");
    await ctrl(user, "KeyR");
    await waitFor(() => expect(screen.getAllByTestId("audit-row")).toHaveLength(1));
    expect(Object.fromEntries(expectHintsMatch())).toEqual({
      "audit-from": "find",
      "audit-apply": "refresh",
    });
  });

  it("products: Ctrl+F (а) goes back to the search with its text selected", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true });
    render(ProductSearch, { backend });
    const search = (await screen.findByTestId("product-search")) as HTMLInputElement;
    await waitFor(() => expect(search).toHaveFocus());
    const user = keyboard();
    await user.type(search, "amox");
    await screen.findAllByTestId("product-hit");
    search.blur();
    await ctrl(user, "KeyF");
    expect(search).toHaveFocus();
    expect([search.selectionStart, search.selectionEnd]).toEqual([0, 4]);
    expect(search).toHaveValue("amox");
    expect(Object.fromEntries(expectHintsMatch())).toEqual({ "product-search": "find" });
  });
});

describe("the conflict queue by key", () => {
  it("the first conflict has the focus; ↓ ↑ go between them; Ctrl+S (ы) saves the note, Ctrl+Enter acknowledges", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "manager" });
    backend.outage.addConflict({ code: "QUANTITY_EXCEEDED" });
    backend.outage.addConflict({ code: "ALREADY_DISPENSED" });
    render(ConflictQueue, { backend });
    await waitFor(() => expect(screen.getAllByTestId("conflict")).toHaveLength(2));
    const [first, second] = screen.getAllByTestId("conflict") as [HTMLElement, HTMLElement];
    await waitFor(() => expect(first).toHaveFocus());
    const user = keyboard();
    await user.keyboard("{ArrowDown}");
    expect(second).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(second).toHaveFocus();
    await user.keyboard("{ArrowUp}");
    expect(first).toHaveFocus();

    // In the note the arrows are the text's; Ctrl+S saves this conflict's note.
    const note = within(first).getByTestId("conflict-note");
    await user.click(note);
    await user.keyboard("pack returned{ArrowUp}");
    expect(note).toHaveFocus();
    await ctrl(user, "KeyS");
    await waitFor(() => expect(calls(backend, "noteConflict")).toHaveLength(1));
    const id = Number(first.dataset.id);
    expect(calls(backend, "noteConflict")[0]?.args).toEqual([id, "pack returned"]);

    expect(Object.fromEntries(expectHintsMatch())).toEqual({
      "conflict-save-note": "save",
      "conflict-acknowledge": "submit",
    });
    within(first).getByTestId("conflict-note").focus();
    await user.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() => expect(screen.getAllByTestId("conflict")).toHaveLength(1));
    expect(calls(backend, "acknowledgeConflict")[0]?.args).toEqual([id]);
    // The conflict now in its place takes the focus.
    await waitFor(() => expect(screen.getByTestId("conflict")).toHaveFocus());
    expect(screen.getByTestId("conflict")).toHaveAttribute("data-id", second.dataset.id);
  });
});

describe("the outbox's send now by key", () => {
  it("Ctrl+U (г) sends what waits; the button says so", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true });
    backend.outage.queue(2);
    render(OutboxStatus, { backend, everyMs: 30 });
    await screen.findByTestId("outbox-send-now");
    expect(Object.fromEntries(expectHintsMatch())).toEqual({ "outbox-send-now": "sendNow" });
    await ctrl(keyboard(), "KeyU");
    await waitFor(() => expect(calls(backend, "sendNow")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("outbox-status")).toHaveAttribute("data-pending", "0"));
    // Nothing waits: no button, and the key is not taken.
    await ctrl(keyboard(), "KeyU");
    expect(calls(backend, "sendNow")).toHaveLength(1);
  });
});

describe("the updates panel by key, in the settings", () => {
  async function settings(busy = false) {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "manager", language: "en" });
    if (busy) backend.outage.queue(2);
    const session = (await backend.currentSession()) as Session;
    render(SettingsDialog, { backend, session, endpoint: "", onsaved: () => {}, onclose: () => {} });
    await screen.findByTestId("update-check");
    await waitFor(() => expect(screen.getByTestId("settings-language")).toBeEnabled());
    screen.getByTestId("settings-language").focus();
    return { backend, user: keyboard() };
  }

  it("Ctrl+R (к) checks from anywhere in the settings; Install takes the focus; Ctrl+Enter installs, then restarts", async () => {
    const { backend, user } = await settings();
    await ctrl(user, "KeyR");
    await screen.findByTestId("update-available");
    expect(calls(backend, "checkUpdate")).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId("update-install")).toHaveFocus());
    expectHintsMatch(screen.getByTestId("updates"));
    // Outside the panel Ctrl+Enter installs nothing, even with an update offered.
    screen.getByTestId("settings-language").focus();
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(calls(backend, "installUpdate")).toHaveLength(0);

    screen.getByTestId("update-install").focus();
    await user.keyboard("{Control>}{Enter}{/Control}");
    await screen.findByTestId("update-installed");
    expect(calls(backend, "installUpdate")[0]?.args).toEqual(["0.2.0", false]);
    await waitFor(() => expect(screen.getByTestId("update-restart")).toHaveFocus());
    expect(Object.fromEntries(expectHintsMatch(screen.getByTestId("updates")))).toEqual({
      "update-restart": "submit",
    });
    await user.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() => expect(backend.update.restarts).toBe(1));
  });

  it("a busy counter: Ctrl+Enter installs anyway, Ctrl+N (т) leaves it for later; Ctrl+S still saves the settings", async () => {
    const { backend, user } = await settings(true);
    await ctrl(user, "KeyR");
    await screen.findByTestId("update-busy");
    await waitFor(() => expect(screen.getByTestId("update-install-anyway")).toHaveFocus());
    expect(Object.fromEntries(expectHintsMatch(screen.getByTestId("updates")))).toEqual({
      "update-check": "refresh",
      "update-install-anyway": "submit",
      "update-later-button": "later",
    });
    expectHintsMatch();
    await ctrl(user, "KeyN");
    expect(await screen.findByTestId("update-later")).toBeInTheDocument();
    expect(calls(backend, "installUpdate")).toHaveLength(0);
    await waitFor(() => expect(screen.getByTestId("update-check")).toHaveFocus());

    await ctrl(user, "KeyR");
    await waitFor(() => expect(screen.getByTestId("update-install-anyway")).toHaveFocus());
    await user.keyboard("{Control>}{Enter}{/Control}");
    await screen.findByTestId("update-installed");
    expect(calls(backend, "installUpdate")[0]?.args).toEqual(["0.2.0", true]);

    screen.getByTestId("settings-language").focus();
    await ctrl(user, "KeyS");
    expect(await screen.findByTestId("settings-saved")).toBeInTheDocument();
  });
});

describe("a screen's keys wait while a dialog is open over it", () => {
  it("with the settings open, the reports' and the outbox's keys do nothing; closed, they work", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "manager" });
    backend.outage.queue(2);
    render(App, { backend });
    await screen.findByTestId("lock-now");
    const user = keyboard();
    await user.keyboard("{Alt>}[Digit5]{/Alt}");
    await screen.findByTestId("total-dispenses");
    await screen.findByTestId("outbox-send-now");
    await user.keyboard("{Alt>}[Digit7]{/Alt}");
    await screen.findByTestId("settings-dialog");
    const reportsBefore = calls(backend, "report").length;
    await ctrl(user, "KeyE");
    await ctrl(user, "KeyU");
    (document.activeElement as HTMLElement).blur();
    await user.keyboard("2");
    expect(calls(backend, "exportReport")).toHaveLength(0);
    expect(calls(backend, "sendNow")).toHaveLength(0);
    expect(calls(backend, "report")).toHaveLength(reportsBefore);

    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("settings-dialog")).toBeNull());
    await ctrl(user, "KeyE");
    await waitFor(() => expect(calls(backend, "exportReport")).toHaveLength(1));
    await ctrl(user, "KeyU");
    await waitFor(() => expect(calls(backend, "sendNow")).toHaveLength(1));
    expectHintsMatch();
  });
});
