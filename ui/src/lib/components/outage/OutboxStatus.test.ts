import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import OutboxStatus from "./OutboxStatus.svelte";

afterEach(() => setLocale("uz"));

describe("outbox status", () => {
  it("says everything is sent when nothing waits", async () => {
    setLocale("en");
    render(OutboxStatus, { backend: createMockBackend({ signedIn: true }), everyMs: 30 });
    expect(await screen.findByTestId("outbox-empty")).toHaveTextContent("Everything sent");
    expect(screen.queryByTestId("outbox-send-now")).toBeNull();
  });

  it("shows the pending count, the age of the oldest and the last error; send now empties it", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true });
    backend.outage.setOnline(false, "connection refused");
    backend.outage.queue(3, 12 * 60 + 5);
    render(OutboxStatus, { backend, everyMs: 30 });
    expect(await screen.findByTestId("outbox-pending")).toHaveTextContent("To send: 3 · oldest 12 min");
    expect(screen.getByTestId("outbox-error")).toHaveTextContent("Last error: connection refused");

    backend.outage.setOnline(true);
    await userEvent.setup().click(screen.getByTestId("outbox-send-now"));
    expect(backend.calls.some((c) => c.command === "sendNow")).toBe(true);
    await waitFor(() => expect(screen.getByTestId("outbox-status")).toHaveAttribute("data-pending", "0"));
    expect(screen.getByTestId("outbox-empty")).toBeInTheDocument();
  });

  it("counts open conflicts", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true });
    backend.outage.addConflict();
    backend.outage.addConflict();
    render(OutboxStatus, { backend, everyMs: 30 });
    expect(await screen.findByTestId("outbox-conflicts")).toHaveTextContent("Conflicts: 2");
  });
});
