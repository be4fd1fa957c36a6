import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend, type Session } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import Counter from "./Counter.svelte";

afterEach(() => setLocale("uz"));

/** The counter with the first active demo prescription's dispense form open (English). */
async function formOpen(): Promise<{ backend: MockBackend; user: ReturnType<typeof userEvent.setup> }> {
  setLocale("en");
  const backend = createMockBackend({ signedIn: true });
  const session = (await backend.currentSession()) as Session;
  render(Counter, { backend, session });
  const user = userEvent.setup();
  const d = backend.demo.find((x) => x.state === "active");
  if (!d) throw new Error("no active demo prescription");
  await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
  await user.click(await screen.findByTestId("start-dispense"));
  await waitFor(() => expect(screen.getByTestId("product-select-1")).toBeEnabled());
  await waitFor(() => expect(screen.getByTestId("product-select-2")).toBeEnabled());
  return { backend, user };
}

async function typeQty(user: ReturnType<typeof userEvent.setup>, testid: string, value: string) {
  const el = screen.getByTestId(testid);
  await user.clear(el);
  await user.type(el, value);
}

describe("dispense form: several products, closing an item, who collects", () => {
  it("hands one item over as two products, closes the other with a reason, for a representative", async () => {
    const { backend, user } = await formOpen();
    await user.selectOptions(screen.getByTestId("product-select-1"), "P-AMX-1");
    await typeQty(user, "qty-1", "10");
    await user.click(screen.getByTestId("add-product-1"));
    expect(screen.getByTestId("qty-1-2")).toHaveValue("11"); // what is left after the first
    await user.selectOptions(screen.getByTestId("product-select-1-2"), "P-AMX-3");

    await user.click(screen.getByTestId("close-item-2"));
    expect(screen.getByTestId("qty-2")).toHaveValue("0");
    expect(screen.getByTestId("dispense-submit")).toBeDisabled(); // no reason yet
    await user.selectOptions(screen.getByTestId("close-reason-2"), "patient_declined");
    expect(screen.getByTestId("dispense-submit")).toBeEnabled();

    await user.click(screen.getByTestId("receiver-representative"));
    await user.type(screen.getByTestId("receiver-name"), "Karimova Malika");
    expect(screen.getByTestId("receiver-incomplete")).toBeInTheDocument();
    expect(screen.getByTestId("dispense-submit")).toBeDisabled();
    await user.type(screen.getByTestId("receiver-relation"), "mother");
    await user.selectOptions(screen.getByTestId("receiver-document"), "passport");
    await user.type(screen.getByTestId("receiver-number"), "AA1234567");
    expect(screen.queryByTestId("receiver-incomplete")).toBeNull();

    await user.click(screen.getByTestId("dispense-submit"));
    await screen.findByTestId("dispense-result");
    const draft = backend.calls.find((c) => c.command === "dispense")?.args[0];
    expect(draft).toMatchObject({
      lines: [
        { item_id: "1", product_id: "P-AMX-1", quantity: 10 },
        { item_id: "1", product_id: "P-AMX-3", quantity: 11 },
        {
          item_id: "2",
          product_id: "",
          quantity: 0,
          not_dispensed: { reason: "patient_declined", note: null },
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
    expect(screen.getByTestId("remaining-2")).toHaveTextContent("0");
  });

  it("refuses products that together exceed what remains, and 'other' without words", async () => {
    const { user } = await formOpen();
    await user.selectOptions(screen.getByTestId("product-select-1"), "P-AMX-1");
    await typeQty(user, "qty-1", "20");
    await user.click(screen.getByTestId("add-product-1"));
    await user.selectOptions(screen.getByTestId("product-select-1-2"), "P-AMX-3");
    await typeQty(user, "qty-1-2", "2");
    expect(screen.getByTestId("item-error-1")).toHaveTextContent("Together the products come to 22; only 21");
    expect(screen.getByTestId("dispense-submit")).toBeDisabled();
    await user.click(screen.getByTestId("remove-product-1-2"));
    expect(screen.queryByTestId("item-error-1")).toBeNull();

    await user.click(screen.getByTestId("close-item-2"));
    await user.selectOptions(screen.getByTestId("close-reason-2"), "other");
    expect(screen.getByTestId("item-error-2")).toHaveTextContent("Say in words why");
    expect(screen.getByTestId("dispense-submit")).toBeDisabled();
    await user.type(screen.getByTestId("close-note-2"), "Prescriber will call back");
    expect(screen.getByTestId("dispense-submit")).toBeEnabled();
  });
});
