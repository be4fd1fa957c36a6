// Settings the machine configuration fixes (`/etc/dorixona/config.toml`): read-only in the
// settings dialog with a note, never sent changed; and the sign-in form's pharmacy, filled in
// from the settings.

import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockBackend, type Session, type Settings } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import SettingsDialog from "./SettingsDialog.svelte";
import SignIn from "./SignIn.svelte";

afterEach(() => setLocale("uz"));

describe("fixed settings in the settings dialog", () => {
  it("are disabled with the note, and saving sends them (and the pharmacy) as they were", async () => {
    setLocale("en");
    const backend = createMockBackend({
      signedIn: true,
      role: "administrator",
      language: "en",
      pharmacyId: "PH-0001",
      fixed: {
        endpoint: "https://api.dmed.uz",
        language: "en",
        camera: "Kassa kamerasi",
        lock_after_minutes: 10,
      },
    });
    const session = (await backend.currentSession()) as Session;
    const onsaved = vi.fn();
    render(SettingsDialog, { backend, session, endpoint: "https://api.dmed.uz", onsaved, onclose: () => {} });
    const user = userEvent.setup();
    const size = await screen.findByTestId("settings-text-size");
    await waitFor(() => expect(size).toBeEnabled());

    expect(screen.getByTestId("settings-endpoint")).toBeDisabled();
    expect(screen.getByTestId("settings-endpoint")).toHaveValue("https://api.dmed.uz");
    expect(screen.getByTestId("settings-endpoint-fixed")).toHaveTextContent(
      "Set by your organisation's configuration.",
    );
    expect(screen.queryByTestId("settings-endpoint-locked")).toBeNull();
    expect(screen.getByTestId("settings-language")).toBeDisabled();
    expect(screen.getByTestId("settings-language-fixed")).toBeInTheDocument();
    expect(screen.getByTestId("settings-camera")).toBeDisabled();
    expect(screen.getByTestId("settings-camera-fixed")).toBeInTheDocument();
    // The adapter is not fixed: an administrator may still change it.
    expect(screen.getByTestId("settings-adapter")).toBeEnabled();
    expect(screen.queryByTestId("settings-adapter-fixed")).toBeNull();

    await user.selectOptions(size, "125");
    await user.click(screen.getByTestId("settings-save"));
    await screen.findByTestId("settings-saved");
    const sent = backend.calls.find((c) => c.command === "saveSettings")?.args[0] as Settings;
    expect(sent).toEqual({
      endpoint: "https://api.dmed.uz",
      adapter: "dmed-v1",
      language: "en",
      camera: "Kassa kamerasi",
      text_size: 125,
      pharmacy_id: "PH-0001",
    });
    expect(onsaved).toHaveBeenCalledWith(expect.objectContaining({ text_size: 125, pharmacy_id: "PH-0001" }));
  });

  it("the auto-lock minutes fixed are read-only even for a manager", async () => {
    setLocale("en");
    const backend = createMockBackend({
      signedIn: true,
      role: "manager",
      language: "en",
      fixed: { lock_after_minutes: 10 },
    });
    const session = (await backend.currentSession()) as Session;
    render(SettingsDialog, { backend, session, endpoint: "", onsaved: () => {}, onclose: () => {} });
    expect(await screen.findByTestId("lock-fixed")).toBeInTheDocument();
    expect(screen.getByTestId("lock-readonly")).toHaveTextContent(
      "The counter locks after 10 minutes without activity.",
    );
    expect(screen.queryByTestId("lock-minutes")).toBeNull();
    await expect(backend.saveLockAfter(5)).rejects.toMatchObject({ code: "INVALID_SETTING" });
  });

  it("a save that changes one anyway is refused, and said so in the UI language", async () => {
    setLocale("ru");
    const backend = createMockBackend({
      signedIn: true,
      role: "administrator",
      fixed: { endpoint: "https://api.dmed.uz" },
    });
    await expect(
      backend.saveSettings({ endpoint: "https://evil.example", language: "uz", camera: null }),
    ).rejects.toMatchObject({ code: "INVALID_SETTING", details: { setting: "endpoint" } });
    backend.failNext(
      "INVALID_SETTING",
      {
        setting: "language",
        reason:
          "it is fixed by the machine configuration (/etc/dorixona/config.toml); only the installer changes it there",
      },
      "saveSettings",
    );
    const session = (await backend.currentSession()) as Session;
    render(SettingsDialog, { backend, session, endpoint: "", onsaved: () => {}, onclose: () => {} });
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByTestId("settings-text-size")).toBeEnabled());
    await user.click(screen.getByTestId("settings-save"));
    const error = await screen.findByTestId("error-message");
    expect(error).toHaveAttribute("data-code", "INVALID_SETTING");
    expect(error).toHaveTextContent("задана конфигурацией вашей организации");
  });
});

describe("the sign-in form's pharmacy", () => {
  it("is filled in from the settings, and the login is next", async () => {
    const backend = createMockBackend({ pharmacyId: "PH-0001" });
    render(SignIn, { backend, onsignedin: () => {} });
    await waitFor(() => expect(screen.getByTestId("signin-pharmacy")).toHaveValue("PH-0001"));
    expect(screen.getByTestId("signin-login")).toHaveFocus();
    expect(screen.getByTestId("signin-pharmacy")).not.toHaveAttribute("readonly");
    expect(screen.queryByTestId("signin-pharmacy-fixed")).toBeNull();
  });

  it("is read-only when fixed, and the demo account does not replace it", async () => {
    setLocale("en");
    const backend = createMockBackend({ fixed: { pharmacy_id: "PH-0042" } });
    const info = await backend.appInfo();
    render(SignIn, { backend, demo: info.training_demo, onsignedin: () => {} });
    const field = screen.getByTestId("signin-pharmacy");
    await waitFor(() => expect(field).toHaveValue("PH-0042"));
    expect(field).toHaveAttribute("readonly");
    expect(field).toHaveAccessibleDescription("Set by your organisation's configuration.");
    await userEvent.setup().click(screen.getByTestId("signin-fill-demo"));
    expect(field).toHaveValue("PH-0042");
    expect(screen.getByTestId("signin-login")).toHaveValue("farmatsevt1");
  });

  it("without a pharmacy in the settings, the field starts empty and has the focus", async () => {
    const backend = createMockBackend();
    render(SignIn, { backend, onsignedin: () => {} });
    await waitFor(() => expect(backend.calls.some((c) => c.command === "getSettings")).toBe(true));
    expect(screen.getByTestId("signin-pharmacy")).toHaveValue("");
    expect(screen.getByTestId("signin-pharmacy")).toHaveFocus();
  });
});
