import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend, type Session } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import Counter from "../Counter.svelte";

afterEach(() => setLocale("uz"));

/** Opens the active demo prescription's dispense form with one product chosen. */
async function readyToDispense(): Promise<{
  backend: MockBackend;
  user: ReturnType<typeof userEvent.setup>;
}> {
  setLocale("en");
  const backend = createMockBackend({ signedIn: true });
  const session = (await backend.currentSession()) as Session;
  render(Counter, { backend, session });
  const user = userEvent.setup();
  const d = backend.demo.find((x) => x.state === "active");
  if (!d) throw new Error("no active demo prescription");
  await user.type(await screen.findByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
  await user.click(await screen.findByTestId("start-dispense"));
  await waitFor(() => expect(screen.getByTestId("product-select-1")).toBeEnabled());
  await user.selectOptions(screen.getByTestId("product-select-1"), "P-AMX-1");
  await user.clear(screen.getByTestId("qty-2"));
  await user.type(screen.getByTestId("qty-2"), "0");
  return { backend, user };
}

describe("a dispense that takes longer than the answer bound", () => {
  it("recorded but not yet sent: shown as queued, not to be repeated, receipt printable", async () => {
    const { backend, user } = await readyToDispense();
    backend.queueNextDispense();
    await user.click(screen.getByTestId("dispense-submit"));
    const result = await screen.findByTestId("dispense-result");
    expect(within(result).getByTestId("dispense-state")).toHaveAttribute("data-state", "queued");
    expect(within(result).getByTestId("dispense-recorded")).toHaveTextContent(
      "The dispense is recorded on this counter: do not dispense it again.",
    );
    await user.click(within(result).getByTestId("receipt-print"));
    expect(await screen.findByTestId("receipt-saved")).toBeInTheDocument();
    expect(backend.calls.some((c) => c.command === "receiptPdf")).toBe(true);
  });

  it("not recorded: says nothing was saved or sent and lets the pharmacist try again", async () => {
    const { backend, user } = await readyToDispense();
    backend.failNext("DISPENSE_NOT_RECORDED", { recorded: false }, "dispense");
    await user.click(screen.getByTestId("dispense-submit"));
    const error = await screen.findByTestId("error-message");
    expect(error).toHaveAttribute("data-code", "DISPENSE_NOT_RECORDED");
    expect(error).toHaveTextContent("Nothing was recorded");
    expect(error).toHaveTextContent("It is safe to dispense again.");
    expect(screen.queryByTestId("dispense-result")).toBeNull();
    expect(screen.getByTestId("dispense-form")).toBeInTheDocument();

    // The same form goes again and is accepted.
    await waitFor(() => expect(screen.getByTestId("dispense-submit")).toBeEnabled());
    await user.click(screen.getByTestId("dispense-submit"));
    const result = await screen.findByTestId("dispense-result");
    expect(within(result).getByTestId("dispense-state")).toHaveAttribute("data-state", "delivered");
    expect(backend.calls.filter((c) => c.command === "dispense")).toHaveLength(2);
  });

  it("the not-recorded message exists in Uzbek", async () => {
    const { translate } = await import("$lib/i18n");
    expect(translate("uz", "error.DISPENSE_NOT_RECORDED")).toContain("Qayta berish xavfsiz");
  });
});
