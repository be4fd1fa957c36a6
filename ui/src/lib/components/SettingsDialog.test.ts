import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockBackend, type Session, type Settings } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import SettingsDialog from "./SettingsDialog.svelte";

afterEach(() => setLocale("uz"));

describe("the central system setting", () => {
  it("an administrator points the counter at a FHIR endpoint and names its adapter", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "administrator", language: "en" });
    const session = (await backend.currentSession()) as Session;
    const onsaved = vi.fn();
    render(SettingsDialog, { backend, session, endpoint: "https://api.dmed.uz", onsaved, onclose: () => {} });
    const user = userEvent.setup();
    const adapter = await screen.findByTestId("settings-adapter");
    await waitFor(() => expect(adapter).toBeEnabled());
    expect(adapter).toHaveValue("dmed-v1");
    expect(adapter).toHaveTextContent("Digital Health Platform (FHIR R5, Uzinfocom)");
    const url = screen.getByTestId("settings-endpoint");
    await user.clear(url);
    await user.type(url, "https://playground.dhp.uz/fhir");
    await user.selectOptions(adapter, "dhp-fhir");
    await user.click(screen.getByTestId("settings-save"));
    await screen.findByTestId("settings-saved");
    expect(await backend.getSettings()).toMatchObject({
      endpoint: "https://playground.dhp.uz/fhir",
      adapter: "dhp-fhir",
    });
    expect(onsaved).toHaveBeenCalledWith(expect.objectContaining({ adapter: "dhp-fhir" }));
  });

  it("a pharmacist sees the adapter chosen on this counter but cannot change it", async () => {
    const backend = createMockBackend({ signedIn: true });
    await backend.saveSettings({
      endpoint: "https://api.dmed.uz",
      adapter: "dmed-v1",
      language: "uz",
      camera: null,
    });
    const session = (await backend.currentSession()) as Session;
    render(SettingsDialog, {
      backend,
      session,
      endpoint: "https://api.dmed.uz",
      onsaved: () => {},
      onclose: () => {},
    });
    const adapter = await screen.findByTestId("settings-adapter");
    await waitFor(() => expect(adapter).toHaveValue("dmed-v1"));
    expect(adapter).toBeDisabled();
  });
});

describe("the pharmacy setting", () => {
  it("an administrator changes the pharmacy, saved with the other device settings", async () => {
    setLocale("en");
    const backend = createMockBackend({
      signedIn: true,
      role: "administrator",
      language: "en",
      pharmacyId: "PH-0001",
    });
    const session = (await backend.currentSession()) as Session;
    const onsaved = vi.fn();
    render(SettingsDialog, { backend, session, endpoint: "", onsaved, onclose: () => {} });
    const user = userEvent.setup();
    const field = await screen.findByTestId("settings-pharmacy");
    await waitFor(() => expect(field).toHaveValue("PH-0001"));
    expect(field).toBeEnabled();
    expect(field).not.toHaveAttribute("readonly");
    expect(field).toHaveAccessibleName(/^Pharmacy ID/);
    expect(screen.queryByTestId("settings-pharmacy-fixed")).toBeNull();
    await user.clear(field);
    await user.type(field, " PH-0042 ");
    await user.selectOptions(screen.getByTestId("settings-text-size"), "125");
    await user.click(screen.getByTestId("settings-save"));
    await screen.findByTestId("settings-saved");
    const sent = backend.calls.find((c) => c.command === "saveSettings")?.args[0] as Settings;
    expect(sent).toMatchObject({ pharmacy_id: "PH-0042", text_size: 125 });
    expect(await backend.getSettings()).toMatchObject({ pharmacy_id: "PH-0042", text_size: 125 });
    expect(onsaved).toHaveBeenCalledWith(expect.objectContaining({ pharmacy_id: "PH-0042" }));
    expect(field).toHaveValue("PH-0042");

    // Emptied: no pharmacy, typed at each sign-in.
    await user.clear(field);
    await user.click(screen.getByTestId("settings-save"));
    await waitFor(async () => expect((await backend.getSettings()).pharmacy_id).toBeNull());
  });

  it("is read-only with the note when the machine configuration fixes it, and sent as read", async () => {
    setLocale("en");
    const backend = createMockBackend({
      signedIn: true,
      role: "administrator",
      language: "en",
      fixed: { pharmacy_id: "PH-0042" },
    });
    const session = (await backend.currentSession()) as Session;
    render(SettingsDialog, { backend, session, endpoint: "", onsaved: () => {}, onclose: () => {} });
    const user = userEvent.setup();
    const field = await screen.findByTestId("settings-pharmacy");
    await waitFor(() => expect(field).toHaveValue("PH-0042"));
    expect(field).toHaveAttribute("readonly");
    expect(screen.getByTestId("settings-pharmacy-fixed")).toHaveTextContent(
      "Set by your organisation's configuration.",
    );
    expect(field).toHaveAccessibleDescription("Set by your organisation's configuration.");
    await user.type(field, "9");
    expect(field).toHaveValue("PH-0042");
    await user.click(screen.getByTestId("settings-save"));
    await screen.findByTestId("settings-saved");
    const sent = backend.calls.find((c) => c.command === "saveSettings")?.args[0] as Settings;
    expect(sent.pharmacy_id).toBe("PH-0042");
  });

  it("is not shown to others, who keep the pharmacy as it is", async () => {
    const backend = createMockBackend({ signedIn: true, role: "manager", pharmacyId: "PH-0001" });
    const session = (await backend.currentSession()) as Session;
    render(SettingsDialog, { backend, session, endpoint: "", onsaved: () => {}, onclose: () => {} });
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByTestId("settings-text-size")).toBeEnabled());
    expect(screen.queryByTestId("settings-pharmacy")).toBeNull();
    expect(screen.queryByTestId("backups")).toBeNull();
    await user.click(screen.getByTestId("settings-save"));
    await screen.findByTestId("settings-saved");
    const sent = backend.calls.find((c) => c.command === "saveSettings")?.args[0] as Settings;
    expect(sent.pharmacy_id).toBe("PH-0001");
  });
});
