// Where the focus goes when a dialog closes: back to what opened it, or, when that is gone, to
// the lookup input; never left on the page.

import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend, type Session } from "$lib/backend";
import { DEMO_PINFL_MULTI } from "$lib/backend/mock-data";
import { setLocale } from "$lib/i18n";
import App from "../../App.svelte";
import Counter from "./Counter.svelte";

afterEach(() => setLocale("uz"));

type User = ReturnType<typeof userEvent.setup>;

async function counter(): Promise<{ backend: MockBackend; user: User }> {
  const backend = createMockBackend({ signedIn: true });
  const session = (await backend.currentSession()) as Session;
  render(Counter, { backend, session });
  const user = userEvent.setup();
  await waitFor(() => expect(screen.getByTestId("lookup-input")).toHaveFocus());
  return { backend, user };
}

/** Looks the active demo prescription up and dispenses what remains of it by key. */
async function dispensed(backend: MockBackend, user: User) {
  const d = backend.demo.find((x) => x.state === "active");
  if (!d) throw new Error("no active demo prescription");
  await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
  await user.keyboard("{Enter}");
  await waitFor(() => expect(screen.getByTestId("product-select-1")).toHaveFocus());
  await user.selectOptions(screen.getByTestId("product-select-1"), "P-AMX-1");
  await user.selectOptions(screen.getByTestId("product-select-2"), "P-PCM-2");
  await user.keyboard("{Control>}{Enter}{/Control}");
  await screen.findByTestId("dispense-result");
  return screen.findByTestId("withdraw-open");
}

describe("the focus after a dialog closes", () => {
  it("Escape in the access code dialog gives the focus back to the lookup input that opened it", async () => {
    const { backend, user } = await counter();
    const d = backend.demo.find((x) => x.state === "active")!;
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number}{Enter}`);
    await waitFor(() => expect(screen.getByTestId("access-code-input")).toHaveFocus());
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("access-code-dialog")).toBeNull();
    expect(screen.getByTestId("lookup-input")).toHaveFocus();
  });

  it("closing the withdrawal dialog gives the focus back to the Withdraw button that opened it", async () => {
    const { backend, user } = await counter();
    const open = await dispensed(backend, user);
    open.focus();
    await user.keyboard("{Enter}");
    await screen.findByTestId("withdraw-dialog");
    expect(open).not.toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("withdraw-dialog")).toBeNull();
    expect(open).toHaveFocus();
    // Escape closed the dialog only: the result is still there.
    expect(screen.getByTestId("dispense-result")).toBeInTheDocument();
  });

  it("after a withdrawal (Ctrl+Enter) its button is gone and the focus is on the lookup input, not lost", async () => {
    const { backend, user } = await counter();
    const open = await dispensed(backend, user);
    await user.click(open);
    await screen.findByTestId("withdraw-dialog");
    await user.keyboard("{Control>}{Enter}{/Control}");
    await screen.findByTestId("withdraw-done");
    await waitFor(() => expect(screen.queryByTestId("withdraw-open")).toBeNull());
    await waitFor(() => expect(screen.getByTestId("lookup-input")).toHaveFocus());
  });

  it("a dialog opened by a scan while nothing had the focus leaves it on the lookup input", async () => {
    const { backend, user } = await counter();
    (document.activeElement as HTMLElement).blur();
    expect(document.activeElement).toBe(document.body);
    backend.scan.emitScan(DEMO_PINFL_MULTI);
    await screen.findByTestId("id-check-dialog");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("id-check-dialog")).toBeNull();
    expect(screen.getByTestId("lookup-input")).toHaveFocus();
  });

  it("Escape in the settings dialog gives the focus back to the Settings button", async () => {
    render(App, { backend: createMockBackend({ signedIn: true }) });
    const user = userEvent.setup();
    const button = await screen.findByTestId("settings-open");
    const lookup = await screen.findByTestId("lookup-input");
    await waitFor(() => expect(lookup).toHaveFocus());
    button.focus();
    await user.keyboard("{Enter}");
    await screen.findByTestId("settings-dialog");
    await waitFor(() => expect(button).not.toHaveFocus());
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("settings-dialog")).toBeNull());
    expect(button).toHaveFocus();
  });
});
