import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import Counter from "../Counter.svelte";
import CachedBadge from "./CachedBadge.svelte";

afterEach(() => setLocale("uz"));

describe("cached-copy badge", () => {
  it("shows the time and age of the saved copy", () => {
    setLocale("en");
    const now = new Date();
    const at = new Date(now.getTime() - (2 * 3600 + 10 * 60) * 1000);
    render(CachedBadge, { cachedAt: at.toISOString(), now });
    expect(screen.getByTestId("rx-cached")).toHaveTextContent("(2 h 10 min old)");
  });

  it("shows nothing for a fresh answer", () => {
    render(CachedBadge, { cachedAt: null });
    expect(screen.queryByTestId("rx-cached")).toBeNull();
  });

  it("appears on the counter when a lookup is answered from the saved copy, not when fresh", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true });
    const session = (await backend.currentSession())!;
    const sample = backend.demo.find((d) => d.state === "active")!;
    const payload = `DMEDRX:1:${sample.rx.number}:${sample.code}`;
    render(Counter, { backend, session });
    const user = userEvent.setup();
    const input = await screen.findByTestId("lookup-input");
    await user.type(input, `${payload}{Enter}`);
    expect(await screen.findByTestId("rx-card")).toBeInTheDocument();
    expect(screen.queryByTestId("rx-cached")).toBeNull();

    backend.outage.setOnline(false);
    await user.type(screen.getByTestId("lookup-input"), `${payload}{Enter}`);
    expect(await screen.findByTestId("rx-cached")).toHaveTextContent("Saved copy from");
    expect(screen.getByTestId("rx-card")).toBeInTheDocument();
  });
});
