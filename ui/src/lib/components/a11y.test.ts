// Accessibility of the main screens, as axe-core sees them in jsdom: names of controls and
// landmarks, ARIA use, headings, lists and tables. Colour contrast needs a real layout engine and
// is checked in the real window instead (tests/e2e/specs/a11y.test.mjs).

import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend } from "$lib/backend";
import { unreachableFindings } from "$lib/backend/mock-setup";
import { setLocale } from "$lib/i18n";
import App from "../../App.svelte";

afterEach(() => setLocale("uz"));

/** What axe finds wrong in the document, as `rule: element, element …` lines (none: `[]`). */
async function violations(): Promise<string[]> {
  const result = await axe.run(document.body, {
    resultTypes: ["violations"],
    rules: { "color-contrast": { enabled: false } },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function signedIn(role: "pharmacist" | "manager" = "manager"): Promise<{
  backend: MockBackend;
  user: ReturnType<typeof userEvent.setup>;
}> {
  const backend = createMockBackend({ signedIn: true, role });
  render(App, { backend });
  await screen.findByTestId("lookup-input");
  return { backend, user: userEvent.setup() };
}

describe("accessibility (axe-core, without colour contrast)", () => {
  it("finds what it is there to find (a control without a name)", async () => {
    const input = document.body.appendChild(document.createElement("input"));
    try {
      expect((await violations()).some((v) => v.startsWith("label:"))).toBe(true);
    } finally {
      input.remove();
    }
  });

  it("the sign-in screen", async () => {
    render(App, { backend: createMockBackend() });
    await screen.findByTestId("signin-submit");
    expect(await violations()).toEqual([]);
  });

  it("the counter, a prescription card and the dispense step", async () => {
    const { backend, user } = await signedIn();
    expect(await violations()).toEqual([]);
    const d = backend.demo.find((x) => x.state === "active");
    if (!d) throw new Error("no active demo prescription");
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
    await screen.findByTestId("rx-card");
    expect(await violations()).toEqual([]);
    await user.click(screen.getByTestId("start-dispense"));
    await screen.findByTestId("dispense-form");
    await waitFor(() => expect(screen.queryAllByTestId(/^product-select-/)[0]).toBeEnabled());
    expect(await violations()).toEqual([]);
  });

  it("the settings dialog", async () => {
    const { user } = await signedIn();
    await user.click(screen.getByTestId("settings-open"));
    await screen.findByTestId("settings-dialog");
    await waitFor(() => expect(screen.getByTestId("settings-text-size")).toBeEnabled());
    expect(await violations()).toEqual([]);
  });

  it("the settings dialog of an administrator: the pharmacy and the backups", async () => {
    const backend = createMockBackend({ signedIn: true, role: "administrator" });
    backend.backup.settings = { folder: "/media/usb", keep: 14 };
    backend.backup.passphrase = "olma anor uzum qovun";
    render(App, { backend });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("settings-open"));
    await screen.findByTestId("backups");
    await waitFor(() => expect(screen.getByTestId("settings-pharmacy")).toBeEnabled());
    expect(await violations()).toEqual([]);
    await user.click(screen.getByTestId("backup-now"));
    await screen.findByTestId("backup-written");
    await user.click(screen.getByTestId("backup-passphrase-submit"));
    await screen.findByTestId("backup-passphrase-problem");
    await user.clear(screen.getByTestId("backup-folder"));
    await user.type(screen.getByTestId("backup-folder"), "usb");
    await user.click(screen.getByTestId("backup-save"));
    await screen.findByTestId("backup-folder-invalid");
    expect(await violations()).toEqual([]);
  });

  it("reports, paper mode, the conflict queue and products", async () => {
    const { user } = await signedIn();
    await user.click(screen.getByTestId("nav-reports"));
    await screen.findByTestId("report-scope");
    expect(await violations()).toEqual([]);
    await user.click(screen.getByTestId("nav-paper"));
    await screen.findByTestId("paper-mode");
    expect(await violations()).toEqual([]);
    await user.click(screen.getByTestId("nav-conflicts"));
    await screen.findByTestId("conflict-queue");
    expect(await violations()).toEqual([]);
    await user.click(screen.getByTestId("nav-products"));
    await user.type(await screen.findByTestId("product-search"), "amox");
    await screen.findAllByTestId("product-hit");
    expect(await violations()).toEqual([]);
  });

  it("the lock screen", async () => {
    const { user } = await signedIn("pharmacist");
    await user.click(screen.getByTestId("lock-now"));
    await screen.findByTestId("lock-screen");
    expect(await violations()).toEqual([]);
  });

  it("the first-run setup: each step, a connection test's findings, fixed values", async () => {
    const backend = createMockBackend({ setupNeeded: true, fixed: { camera: "Kassa kamerasi" } });
    backend.setup.endpointFindings = unreachableFindings("https://dmed.example.uz");
    render(App, { backend });
    const user = userEvent.setup();
    await screen.findByTestId("setup-step-language");
    expect(await violations()).toEqual([]);
    await user.keyboard("{Enter}");
    await screen.findByTestId("setup-step-pharmacy");
    expect(await violations()).toEqual([]);
    await user.keyboard("{Enter}");
    await screen.findByTestId("setup-step-central");
    await user.click(screen.getByTestId("setup-mode-dmed-v1"));
    await user.type(screen.getByTestId("setup-url"), "https://dmed.example.uz");
    await user.click(screen.getByTestId("setup-test"));
    await screen.findByTestId("setup-findings");
    expect(await violations()).toEqual([]);
    await user.click(screen.getByTestId("setup-next"));
    await screen.findByTestId("setup-step-devices");
    expect(await violations()).toEqual([]);
    await user.click(screen.getByTestId("setup-next"));
    await screen.findByTestId("setup-summary");
    expect(await violations()).toEqual([]);
  });

  it("the diagnostics screen", async () => {
    const backend = createMockBackend({ signedIn: true, role: "administrator" });
    render(App, { backend });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-diagnostics"));
    await screen.findByTestId("diagnostics-summary");
    expect(await violations()).toEqual([]);
  });
});
