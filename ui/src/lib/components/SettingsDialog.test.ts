import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockBackend, type Session } from "$lib/backend";
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
