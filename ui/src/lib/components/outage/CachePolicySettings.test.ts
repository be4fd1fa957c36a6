import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import SettingsDialog from "../SettingsDialog.svelte";
import CachePolicySettings from "./CachePolicySettings.svelte";

afterEach(() => setLocale("uz"));

describe("offline dispensing policy in settings", () => {
  it("a manager sees each choice explained, changes it and saves it through the backend", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "manager" });
    render(CachePolicySettings, { backend });
    const chronic = await screen.findByTestId("cache-policy-chronic");
    expect(chronic).toBeChecked();
    const section = screen.getByTestId("cache-policy");
    expect(section).toHaveTextContent("dispensed twice");
    expect(section).toHaveTextContent("not left without medicine");
    expect(section).toHaveTextContent("served on paper prescriptions or must wait");

    const user = userEvent.setup();
    await user.click(screen.getByTestId("cache-policy-any"));
    await user.clear(screen.getByTestId("cache-policy-retention"));
    await user.type(screen.getByTestId("cache-policy-retention"), "14");
    await user.clear(screen.getByTestId("cache-policy-max-age"));
    await user.type(screen.getByTestId("cache-policy-max-age"), "48");
    await user.click(screen.getByTestId("cache-policy-save"));
    expect(await screen.findByTestId("cache-policy-saved")).toHaveTextContent("Policy saved.");
    expect(backend.lastCall()).toEqual({
      command: "saveCachePolicy",
      args: [{ offline_dispense: "any", retention_days: 14, offline_max_age_hours: 48 }],
    });
    expect(await backend.getCachePolicy()).toEqual({
      offline_dispense: "any",
      retention_days: 14,
      offline_max_age_hours: 48,
    });
  });

  it("checks the ranges before saving and says what is allowed", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "manager" });
    render(CachePolicySettings, { backend });
    const user = userEvent.setup();
    const retention = await screen.findByTestId("cache-policy-retention");
    await user.clear(retention);
    await user.type(retention, "91");
    await user.click(screen.getByTestId("cache-policy-save"));
    expect(await screen.findByTestId("cache-policy-retention-invalid")).toHaveTextContent(
      "Enter whole days from 1 to 90.",
    );

    await user.clear(retention);
    await user.type(retention, "2");
    const maxAge = screen.getByTestId("cache-policy-max-age");
    await user.clear(maxAge);
    await user.type(maxAge, "49");
    await user.click(screen.getByTestId("cache-policy-save"));
    expect(await screen.findByTestId("cache-policy-max-age-invalid")).toHaveTextContent(
      "Enter whole hours from 1 to 48.",
    );
    expect(screen.queryByTestId("cache-policy-retention-invalid")).toBeNull();
    expect(backend.calls.some((c) => c.command === "saveCachePolicy")).toBe(false);
  });

  it("shows a refusal of the backend with its code and message", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "manager" });
    render(CachePolicySettings, { backend });
    await screen.findByTestId("cache-policy-form");
    backend.failNext("INVALID_SETTING", { setting: "outage.cache_retention_days" }, "saveCachePolicy");
    await userEvent.setup().click(screen.getByTestId("cache-policy-save"));
    const error = await screen.findByTestId("cache-policy-error");
    expect(error).toHaveAttribute("data-code", "INVALID_SETTING");
    expect(screen.getByTestId("cache-policy-error-text")).toHaveTextContent(/^INVALID_SETTING: .+/);
    expect(screen.queryByTestId("cache-policy-saved")).toBeNull();
  });

  it("a pharmacist sees the policy read-only; the backend refuses a change from them too", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "pharmacist" });
    render(CachePolicySettings, { backend });
    expect(await screen.findByTestId("cache-policy-current")).toHaveTextContent(
      "Chronic prescriptions only (recommended)",
    );
    expect(screen.getByTestId("cache-policy-summary")).toHaveTextContent(
      "Saved copies are kept 7 days; dispensing from copies up to 72 h old.",
    );
    expect(screen.getByTestId("cache-policy-readonly")).toHaveTextContent("Only a manager");
    expect(screen.queryByTestId("cache-policy-form")).toBeNull();
    await expect(
      backend.saveCachePolicy({ offline_dispense: "any", retention_days: 7, offline_max_age_hours: 72 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("is part of the settings dialog, in Uzbek too, and hidden when nobody is signed in", async () => {
    const backend = createMockBackend({ signedIn: true, role: "manager" });
    const shown = render(SettingsDialog, { backend, endpoint: "", onsaved: () => {}, onclose: () => {} });
    expect(await screen.findByTestId("cache-policy-form")).toBeInTheDocument();
    expect(screen.getByTestId("cache-policy")).toHaveTextContent("Faqat surunkali retseptlar");
    shown.unmount();

    const signedOut = createMockBackend({ signedIn: false });
    render(SettingsDialog, { backend: signedOut, endpoint: "", onsaved: () => {}, onclose: () => {} });
    await waitFor(() => expect(signedOut.calls.some((c) => c.command === "getCachePolicy")).toBe(true));
    await screen.findByTestId("settings-endpoint");
    expect(screen.queryByTestId("cache-policy")).toBeNull();
  });
});
