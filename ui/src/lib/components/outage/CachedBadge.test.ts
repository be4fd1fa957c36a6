import { render, screen, waitFor } from "@testing-library/svelte";
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

describe("dispensing from the saved copy while offline", () => {
  it("opens the form without a hold and queues the dispense", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true });
    const session = (await backend.currentSession())!;
    const sample = backend.demo.find((d) => d.state === "active")!;
    const payload = `DMEDRX:1:${sample.rx.number}:${sample.code}`;
    render(Counter, { backend, session });
    const user = userEvent.setup();
    await user.type(await screen.findByTestId("lookup-input"), `${payload}{Enter}`);
    await screen.findByTestId("rx-card");
    backend.outage.setOnline(false);
    await user.type(screen.getByTestId("lookup-input"), `${payload}{Enter}`);
    await screen.findByTestId("rx-cached");

    await user.click(screen.getByTestId("start-dispense"));
    expect(await screen.findByTestId("dispense-offline")).toHaveTextContent("without a hold");
    expect(screen.queryByTestId("error-message")).toBeNull();
    const item = sample.rx.items[0]!;
    const select = await screen.findByTestId(`product-select-${item.item_id}`);
    await waitFor(() => expect(select).toBeEnabled());
    const option = select.querySelector("option:not([value=''])") as HTMLOptionElement;
    await user.selectOptions(select, option.value);
    for (const other of sample.rx.items.slice(1)) {
      const s = screen.getByTestId(`product-select-${other.item_id}`);
      await waitFor(() => expect(s).toBeEnabled());
      await user.selectOptions(s, (s.querySelector("option:not([value=''])") as HTMLOptionElement).value);
    }
    await user.click(screen.getByTestId("dispense-submit"));
    expect(await screen.findByTestId("dispense-result")).toBeInTheDocument();
    const call = backend.calls.find((c) => c.command === "dispense");
    expect((call?.args[0] as { hold_id: string | null }).hold_id).toBeNull();
    expect((await backend.outboxStatus()).pending).toBe(1);
  });
});
