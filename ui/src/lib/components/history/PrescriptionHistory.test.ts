import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend } from "$lib/backend";
import { DEMO_PRODUCTS } from "$lib/backend/mock-data";
import { setLocale } from "$lib/i18n";
import PrescriptionHistory from "./PrescriptionHistory.svelte";

afterEach(() => setLocale("uz"));

/** Two dispenses of one active demo prescription; returns its number and their ids. */
async function twoDispenses(backend: MockBackend): Promise<{ number: string; ids: string[] }> {
  const d = backend.demo.find((x) => x.state === "active");
  if (!d) throw new Error("no active demo prescription");
  const item = d.rx.items[0]!;
  const product = DEMO_PRODUCTS.find((p) => p.inn.toLowerCase() === item.inn.toLowerCase());
  if (!product) throw new Error(`no demo product for ${item.inn}`);
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const hold = await backend.hold(d.rx.number);
    const out = await backend.dispense({
      prescription_number: d.rx.number,
      hold_id: hold.hold_id,
      lines: [{ item_id: item.item_id, product_id: product.product_id, quantity: 1 }],
    });
    ids.push(out.dispense_id);
  }
  return { number: d.rx.number, ids };
}

describe("prescription history", () => {
  it("shows an item closed as not dispensed with its reason, and who collected", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, language: "en" });
    const d = backend.demo.find((x) => x.state === "active");
    if (!d) throw new Error("no active demo prescription");
    const item = d.rx.items[0]!;
    const hold = await backend.hold(d.rx.number);
    await backend.dispense({
      prescription_number: d.rx.number,
      hold_id: hold.hold_id,
      lines: [
        {
          item_id: item.item_id,
          product_id: "",
          quantity: 0,
          not_dispensed: { reason: "clinical", note: "interaction with warfarin" },
        },
      ],
      receiver: {
        kind: "representative",
        full_name: "Karimova Malika",
        relation: "mother",
        document: "passport",
        document_number: "AA1234567",
      },
    });
    render(PrescriptionHistory, { backend, number: d.rx.number, items: d.rx.items });
    const closed = await screen.findByTestId("history-not-dispensed");
    expect(closed).toHaveTextContent(item.inn);
    expect(closed).toHaveTextContent(
      "not dispensed: Clinical reason (contraindication, interaction): interaction with warfarin",
    );
    expect(screen.getByTestId("history-receiver")).toHaveTextContent("Collected by Karimova Malika (mother)");
  });

  it("lists the dispenses and offers to withdraw only the newest, with its receipt", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, language: "en" });
    const { number, ids } = await twoDispenses(backend);
    render(PrescriptionHistory, { backend, number });
    const entries = await screen.findAllByTestId("history-entry");
    expect(entries.map((e) => e.getAttribute("data-dispense"))).toEqual(ids);
    expect(entries[0]!.querySelector("[data-testid=withdraw-open]")).toBeNull();
    expect(entries[1]!.querySelector("[data-testid=withdraw-open]")).not.toBeNull();
    const print = entries[1]!.querySelector<HTMLButtonElement>("[data-testid=receipt-print]")!;
    await userEvent.setup().click(print);
    await waitFor(() =>
      expect(backend.calls.find((c) => c.command === "reprintReceipt")?.args).toEqual([number, ids[1]]),
    );
  });

  it("withdraws with a reason; 'other' needs words; the entry is marked and the older one comes next", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, language: "en" });
    const { number, ids } = await twoDispenses(backend);
    let told = 0;
    render(PrescriptionHistory, { backend, number, onwithdrawn: () => (told += 1) });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("withdraw-open"));
    await user.selectOptions(screen.getByTestId("withdraw-reason"), "other");
    await user.click(screen.getByTestId("withdraw-confirm"));
    expect(screen.getByTestId("withdraw-text-missing")).toBeInTheDocument();
    expect(backend.calls.some((c) => c.command === "withdraw")).toBe(false);
    await user.type(screen.getByTestId("withdraw-text"), "pack damaged at the counter");
    await user.click(screen.getByTestId("withdraw-confirm"));
    expect(await screen.findByTestId("withdraw-done")).toHaveAttribute("data-state", "delivered");
    await waitFor(() => expect(told).toBe(1));
    const entries = screen.getAllByTestId("history-entry");
    expect(entries[1]).toHaveAttribute("data-withdrawn", "true");
    expect(entries[1]).toHaveTextContent("Reason: Other: pack damaged at the counter");
    expect(entries[0]!.getAttribute("data-dispense")).toBe(ids[0]);
    expect(entries[0]!.querySelector("[data-testid=withdraw-open]")).not.toBeNull();
    // The withdrawn one prints its withdrawal slip instead of its receipt.
    expect(entries[1]!.querySelector("[data-testid=receipt-print]")).toBeNull();
    const slip = entries[1]!.querySelector<HTMLButtonElement>("[data-testid=slip-print]")!;
    await user.click(slip);
    // From the history, any counter's withdrawal of this pharmacy: by prescription and dispense.
    await waitFor(() => expect(backend.calls.some((c) => c.command === "reprintWithdrawalSlip")).toBe(true));
    expect(backend.calls.find((c) => c.command === "reprintWithdrawalSlip")?.args).toEqual([number, ids[1]]);
  });

  it("explains a refusal in words", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, language: "en" });
    const { number } = await twoDispenses(backend);
    render(PrescriptionHistory, { backend, number });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("withdraw-open"));
    backend.failNext("WITHDRAW_NOT_ALLOWED", { reason: "too_late" }, "withdraw");
    await user.click(screen.getByTestId("withdraw-confirm"));
    expect(await screen.findByTestId("error-message")).toHaveTextContent("within 24 hours");
    expect(screen.getByTestId("withdraw-dialog")).toBeInTheDocument();
  });
});
