import { render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import ConnectionBanner from "./ConnectionBanner.svelte";

afterEach(() => setLocale("uz"));

describe("offline banner", () => {
  it("appears with the time the connection was lost and disappears by itself when it is back", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true });
    render(ConnectionBanner, { backend, everyMs: 30 });
    await waitFor(() => expect(backend.calls.some((c) => c.command === "connectionStatus")).toBe(true));
    expect(screen.queryByTestId("offline-banner")).toBeNull();

    backend.outage.setOnline(false);
    const since = (await backend.connectionStatus()).since;
    const d = new Date(since);
    const hhmm = `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
    const banner = await screen.findByTestId("offline-banner");
    expect(banner).toHaveTextContent(`Offline since ${hhmm}`);

    backend.outage.setOnline(true);
    await waitFor(() => expect(screen.queryByTestId("offline-banner")).toBeNull());
  });

  it("speaks Uzbek by default", async () => {
    const backend = createMockBackend({ signedIn: true });
    backend.outage.setOnline(false);
    render(ConnectionBanner, { backend, everyMs: 30 });
    expect(await screen.findByTestId("offline-banner")).toHaveTextContent("dan beri aloqa yoʻq");
  });
});
