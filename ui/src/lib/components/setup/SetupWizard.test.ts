// The first-run setup: shown before the sign-in screen while the counter is not set up, driven by
// the keyboard alone, with a connection test that says what to do, values the machine
// configuration fixes shown read-only and sent as they are, and the restart when the central
// system changed.

import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockBackend, type MockBackend, type Settings } from "$lib/backend";
import { unreachableFindings } from "$lib/backend/mock-setup";
import { setLocale } from "$lib/i18n";
import App from "../../../App.svelte";
import SetupWizard from "./SetupWizard.svelte";

afterEach(() => setLocale("uz"));

/** The settings and printer the (only) finished setup sent. */
function finished(backend: MockBackend): { settings: Settings; printing: unknown } {
  const call = backend.calls.find((c) => c.command === "finishSetup");
  if (!call) throw new Error("finishSetup was not called");
  return { settings: call.args[0] as Settings, printing: call.args[1] };
}

async function wizard(backend: MockBackend) {
  const onfinished = vi.fn();
  render(SetupWizard, { backend, onfinished });
  await screen.findByTestId(/^setup-step-/);
  return { onfinished, user: userEvent.setup() };
}

describe("the first-run setup", () => {
  it("comes before the sign-in screen and is done with the keyboard alone", async () => {
    const backend = createMockBackend({ setupNeeded: true });
    render(App, { backend });
    const user = userEvent.setup();

    // (a) the language: the choice in focus, the arrows pick another, spoken at once.
    await screen.findByTestId("setup-step-language");
    expect(screen.queryByTestId("signin-submit")).toBeNull();
    expect(screen.queryByTestId("settings-open")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("setup-lang-uz")).toHaveFocus());
    expect(screen.getByTestId("setup-next")).toHaveAttribute("aria-keyshortcuts", "Enter");
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowDown}");
    expect(screen.getByTestId("setup-lang-en")).toBeChecked();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Set up this counter");
    await user.keyboard("{Enter}");

    // (b) the pharmacy: typed, Enter goes on.
    await screen.findByTestId("setup-step-pharmacy");
    expect(screen.getByTestId("setup-pharmacy")).toHaveFocus();
    expect(screen.getByTestId("setup-back")).toHaveAttribute("aria-keyshortcuts", "Escape");
    await user.keyboard("PH-0001{Enter}");

    // (c) the central system: training mode stays chosen.
    await screen.findByTestId("setup-step-central");
    expect(screen.getByTestId("setup-mode-training")).toHaveFocus();
    expect(screen.getByTestId("setup-mode-training")).toBeChecked();
    // Esc goes back, and what was typed is still there.
    await user.keyboard("{Escape}");
    await screen.findByTestId("setup-step-pharmacy");
    expect(screen.getByTestId("setup-pharmacy")).toHaveValue("PH-0001");
    await user.keyboard("{Enter}");
    await screen.findByTestId("setup-step-central");
    await user.keyboard("{Enter}");

    // (d) the camera and the printer: the first choice is none; the arrows pick the camera.
    await screen.findByTestId("setup-step-devices");
    expect(screen.getByTestId("setup-camera-none")).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByTestId("setup-camera")).toBeChecked();
    await user.keyboard("{Enter}");

    // (e) the summary, then Finish.
    const summary = await screen.findByTestId("setup-summary");
    expect(within(summary).getByTestId("summary-language")).toHaveTextContent("English");
    expect(within(summary).getByTestId("summary-pharmacy")).toHaveTextContent("PH-0001");
    expect(within(summary).getByTestId("summary-central")).toHaveTextContent("Training mode");
    expect(within(summary).getByTestId("summary-camera")).toHaveTextContent("Mock camera");
    expect(within(summary).getByTestId("summary-printer")).toHaveTextContent("None: save receipts as PDF");
    expect(screen.getByTestId("setup-finish")).toHaveFocus();
    await user.keyboard("{Enter}");

    // Saved, and the sign-in screen follows with the pharmacy filled in.
    const pharmacy = await screen.findByTestId("signin-pharmacy");
    await waitFor(() => expect(pharmacy).toHaveValue("PH-0001"));
    expect(screen.queryByTestId("setup-wizard")).toBeNull();
    expect(finished(backend)).toEqual({
      settings: {
        endpoint: null,
        adapter: "dmed-v1",
        language: "en",
        camera: "Mock camera",
        text_size: 100,
        pharmacy_id: "PH-0001",
      },
      printing: null,
    });
    expect((await backend.appInfo()).setup_needed).toBe(false);
    expect((await backend.getSettings()).language).toBe("en");
  });

  it("a printer picked is sent with the settings", async () => {
    setLocale("en");
    const backend = createMockBackend({ setupNeeded: true, language: "en" });
    const { onfinished, user } = await wizard(backend);
    await user.keyboard("{Enter}");
    await user.keyboard("{Enter}");
    await user.keyboard("{Enter}");
    await screen.findByTestId("setup-step-devices");
    const printers = await screen.findAllByTestId("setup-printer");
    expect(printers[1]?.parentElement).toHaveTextContent("Ofis · not ready");
    await user.click(printers[0]!);
    await user.keyboard("{Enter}");
    await screen.findByTestId("setup-summary");
    expect(screen.getByTestId("summary-printer")).toHaveTextContent("Kassa-80");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(onfinished).toHaveBeenCalledTimes(1));
    expect(finished(backend).printing).toEqual({
      printer: "Kassa-80",
      format: "pdf",
      after_dispense: false,
      report_printer: null,
    });
    expect(backend.printing.printer).toBe("Kassa-80");
  });

  it("a connection test that fails shows each finding with its status in words and what to do", async () => {
    setLocale("en");
    const backend = createMockBackend({ setupNeeded: true, language: "en" });
    backend.setup.endpointFindings = unreachableFindings("https://dmed.example.uz");
    const { user } = await wizard(backend);
    await user.keyboard("{Enter}{Enter}");
    await screen.findByTestId("setup-step-central");
    await user.click(screen.getByTestId("setup-mode-dmed-v1"));
    // Going on without an address says what is missing.
    await user.click(screen.getByTestId("setup-next"));
    expect(await screen.findByTestId("setup-url-problem")).toHaveTextContent(
      "Enter the address of the central system, or choose training mode.",
    );
    expect(screen.getByTestId("setup-url")).toHaveFocus();
    await user.type(screen.getByTestId("setup-url"), "https://dmed.example.uz");
    await user.click(screen.getByTestId("setup-test"));

    const list = await screen.findByTestId("setup-findings");
    const findings = within(list).getAllByTestId("finding");
    expect(findings.map((f) => [f.dataset.check, f.dataset.status])).toEqual([
      ["endpoint", "fail"],
      ["tls", "skip"],
      ["clock", "skip"],
    ]);
    const endpoint = findings[0]!;
    expect(within(endpoint).getByTestId("finding-status")).toHaveTextContent("✕FAIL");
    expect(within(endpoint).getByTestId("finding-label")).toHaveTextContent("Central system:");
    expect(within(endpoint).getByTestId("finding-words")).toHaveTextContent(
      "https://dmed.example.uz cannot be reached (connection refused)",
    );
    expect(within(endpoint).getByTestId("finding-advice")).toHaveTextContent(
      "What to do: Check the network, the address in Settings and the firewall; dispenses wait in the outbox meanwhile",
    );
    expect(within(findings[1]!).getByTestId("finding-status")).toHaveTextContent("skip");
    expect(within(findings[1]!).queryByTestId("finding-advice")).toBeNull();
    expect(backend.calls.find((c) => c.command === "testEndpoint")?.args).toEqual([
      "dmed-v1",
      "https://dmed.example.uz",
    ]);
    // The address stays typed; changing the choice drops the stale findings.
    expect(screen.getByTestId("setup-url")).toHaveValue("https://dmed.example.uz");
    await user.click(screen.getByTestId("setup-mode-dhp-fhir"));
    expect(screen.queryByTestId("setup-findings")).toBeNull();
    expect(screen.getByTestId("setup-url")).toHaveValue("https://dmed.example.uz");
  });

  it("a refused connection test is said in the UI language, and nothing typed is lost", async () => {
    setLocale("ru");
    const backend = createMockBackend({ setupNeeded: true, language: "ru" });
    const { user } = await wizard(backend);
    await user.keyboard("{Enter}");
    await user.type(await screen.findByTestId("setup-pharmacy"), "PH-0007{Enter}");
    await screen.findByTestId("setup-step-central");
    await user.click(screen.getByTestId("setup-mode-dmed-v1"));
    await user.type(screen.getByTestId("setup-url"), "https://dmed.example.uz");
    backend.failNext("INVALID_SETTING", { setting: "endpoint", reason: "bad host" }, "testEndpoint");
    await user.click(screen.getByTestId("setup-test"));
    const error = await screen.findByTestId("setup-test-error");
    expect(error).toHaveAttribute("data-code", "INVALID_SETTING");
    expect(error).toHaveTextContent("Настройка неверна");
    expect(screen.getByTestId("setup-url")).toHaveValue("https://dmed.example.uz");

    // Finish refused too: said, and every answer is still there.
    await user.click(screen.getByTestId("setup-next"));
    await user.click(await screen.findByTestId("setup-next"));
    await screen.findByTestId("setup-summary");
    backend.failNext("STORAGE_ERROR", {}, "finishSetup");
    await user.click(screen.getByTestId("setup-finish"));
    expect(await screen.findByTestId("error-message")).toHaveAttribute("data-code", "STORAGE_ERROR");
    expect(screen.getByTestId("summary-pharmacy")).toHaveTextContent("PH-0007");
    await user.keyboard("{Escape}{Escape}");
    await screen.findByTestId("setup-step-central");
    expect(screen.getByTestId("setup-url")).toHaveValue("https://dmed.example.uz");
    expect(screen.getByTestId("setup-mode-dmed-v1")).toBeChecked();
  });

  it("says the app restarts when the central system changed, and does not go on to sign-in", async () => {
    setLocale("en");
    const backend = createMockBackend({ setupNeeded: true, language: "en" });
    render(App, { backend });
    const user = userEvent.setup();
    await screen.findByTestId("setup-step-language");
    await user.keyboard("{Enter}");
    await screen.findByTestId("setup-step-pharmacy");
    await user.keyboard("{Enter}");
    await screen.findByTestId("setup-step-central");
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(screen.getByTestId("setup-mode-dhp-fhir")).toBeChecked();
    await user.click(screen.getByTestId("setup-url"));
    await user.keyboard("https://playground.dhp.uz/fhir{Enter}");
    await screen.findByTestId("setup-step-devices");
    await user.keyboard("{Enter}");
    await screen.findByTestId("setup-summary");
    expect(screen.getByTestId("summary-central")).toHaveTextContent(
      "Digital Health Platform (FHIR R5, Uzinfocom) https://playground.dhp.uz/fhir",
    );
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("setup-restart")).toHaveTextContent(
      "Saved. The app restarts now to connect to the central system you chose…",
    );
    expect(screen.getByTestId("setup-finish")).toBeDisabled();
    expect(screen.getByTestId("setup-back")).toBeDisabled();
    expect(screen.queryByTestId("signin-submit")).toBeNull();
    expect(finished(backend).settings).toMatchObject({
      endpoint: "https://playground.dhp.uz/fhir",
      adapter: "dhp-fhir",
    });
  });
});

describe("values the machine configuration fixes", () => {
  it("skip the steps with nothing left to choose, are shown with the note and are sent as they are", async () => {
    setLocale("en");
    const backend = createMockBackend({
      setupNeeded: true,
      language: "en",
      fixed: { pharmacy_id: "PH-0042", endpoint: "https://api.dmed.uz", adapter: "dmed-v1" },
    });
    render(App, { backend });
    const user = userEvent.setup();
    await screen.findByTestId("setup-step-language");
    expect(screen.getByTestId("setup-progress")).toHaveTextContent("Step 1 of 3");
    await user.keyboard("{Enter}");
    // No pharmacy and no central system step.
    await screen.findByTestId("setup-step-devices");
    await user.keyboard("{Enter}");
    const summary = await screen.findByTestId("setup-summary");
    const pharmacy = within(summary).getByTestId("summary-pharmacy");
    expect(pharmacy).toHaveTextContent("PH-0042");
    expect(within(pharmacy).getByTestId("fixed-note")).toHaveTextContent(
      "Set by your organisation's configuration.",
    );
    const central = within(summary).getByTestId("summary-central");
    expect(central).toHaveTextContent("https://api.dmed.uz");
    expect(within(central).getByTestId("fixed-note")).toBeInTheDocument();
    expect(within(within(summary).getByTestId("summary-camera")).queryByTestId("fixed-note")).toBeNull();
    await user.keyboard("{Enter}");
    const field = await screen.findByTestId("signin-pharmacy");
    await waitFor(() => expect(field).toHaveValue("PH-0042"));
    expect(field).toHaveAttribute("readonly");
    expect(screen.getByTestId("signin-pharmacy-fixed")).toBeInTheDocument();
    expect(finished(backend).settings).toMatchObject({
      pharmacy_id: "PH-0042",
      endpoint: "https://api.dmed.uz",
      adapter: "dmed-v1",
    });
  });

  it("a fixed address is read-only and rules out training mode; a fixed language is not changed by the bar", async () => {
    setLocale("ru");
    const backend = createMockBackend({
      setupNeeded: true,
      fixed: { endpoint: "https://api.dmed.uz", language: "ru", camera: "Kassa kamerasi" },
    });
    render(App, { backend });
    const user = userEvent.setup();
    // No language step: the pharmacy comes first.
    await screen.findByTestId("setup-step-pharmacy");
    // The bar's language buttons change the words shown, not what is sent, and save nothing.
    await user.click(screen.getByTestId("lang-en"));
    await user.click(screen.getByTestId("setup-next"));
    await screen.findByTestId("setup-step-central");
    expect(screen.getByTestId("setup-mode-training")).toBeDisabled();
    expect(screen.getByTestId("setup-mode-dmed-v1")).toBeChecked();
    expect(screen.getByTestId("setup-mode-dhp-fhir")).toBeEnabled();
    expect(screen.getByTestId("setup-url")).toHaveAttribute("readonly");
    expect(screen.getByTestId("setup-url")).toHaveValue("https://api.dmed.uz");
    expect(screen.getByTestId("setup-central-fixed")).toBeInTheDocument();
    // Typing into the read-only address changes nothing.
    await user.type(screen.getByTestId("setup-url"), "/evil");
    expect(screen.getByTestId("setup-url")).toHaveValue("https://api.dmed.uz");
    await user.click(screen.getByTestId("setup-next"));
    await screen.findByTestId("setup-step-devices");
    expect(screen.getByTestId("setup-camera-fixed")).toHaveTextContent("Kassa kamerasi");
    expect(screen.queryByTestId("setup-camera-none")).toBeNull();
    await user.click(screen.getByTestId("setup-next"));
    await screen.findByTestId("setup-summary");
    expect(screen.getByTestId("summary-language")).toHaveTextContent("Русский");
    await user.click(screen.getByTestId("setup-finish"));
    await screen.findByTestId("signin-submit");
    expect(finished(backend).settings).toMatchObject({
      endpoint: "https://api.dmed.uz",
      adapter: "dmed-v1",
      language: "ru",
      camera: "Kassa kamerasi",
    });
    expect(backend.calls.filter((c) => c.command === "saveSettings")).toEqual([]);
    // The sign-in screen speaks the counter's (fixed) language.
    await waitFor(() => expect(screen.getByTestId("signin-submit")).toHaveTextContent("Войти"));
  });
});

describe("the setup's commands", () => {
  it("are anyone's while the counter is not set up, and an administrator's afterwards", async () => {
    const backend = createMockBackend({ setupNeeded: true });
    await expect(backend.setupPrinters()).resolves.toHaveLength(2);
    await backend.finishSetup(await backend.getSettings(), null);
    await expect(backend.testEndpoint("dmed-v1", null)).rejects.toMatchObject({ code: "NOT_SIGNED_IN" });
    const signedIn = createMockBackend({ signedIn: true });
    await expect(signedIn.setupPrinters()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = createMockBackend({ signedIn: true, role: "administrator" });
    await expect(admin.testEndpoint("dmed-v1", null)).resolves.toHaveLength(3);
  });
});
