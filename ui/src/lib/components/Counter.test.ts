import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend, type Session } from "$lib/backend";
import { DEMO_PINFL_MULTI } from "$lib/backend/mock-data";
import { formatRxNumber } from "$lib/format";
import { setLocale } from "$lib/i18n";
import Counter from "./Counter.svelte";

afterEach(() => setLocale("uz"));

async function setup(): Promise<{ backend: MockBackend; user: ReturnType<typeof userEvent.setup> }> {
  const backend = createMockBackend({ signedIn: true });
  const session = (await backend.currentSession()) as Session;
  render(Counter, { backend, session });
  const user = userEvent.setup();
  await waitFor(() => expect(screen.getByTestId("lookup-input")).toHaveFocus());
  return { backend, user };
}

function demo(backend: MockBackend, state: string) {
  const d = backend.demo.find((x) => x.state === state);
  if (!d) throw new Error(`no demo prescription in state ${state}`);
  return d;
}

describe("counter screen", () => {
  it("opens a prescription from 'NUMBER CODE' and shows the card", async () => {
    const { backend, user } = await setup();
    const d = demo(backend, "active");
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
    const card = await screen.findByTestId("rx-card");
    expect(within(card).getByTestId("rx-number")).toHaveTextContent(formatRxNumber(d.rx.number));
    expect(within(card).getByTestId("rx-number").textContent).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    expect(within(card).getByTestId("rx-status")).toHaveTextContent("Faol");
    expect(within(card).getByTestId("rx-pinfl").textContent).toMatch(/^\d{2}\*{10}\d{2}$/);
    expect(within(card).getByTestId("item-row-1")).toHaveTextContent("Amoxicillin");
    expect(within(card).getByTestId("remaining-1")).toHaveTextContent("21 capsule");
    expect(within(card).getByTestId("rx-validity")).toHaveTextContent("8 kundan keyin tugaydi");
    expect(screen.getByTestId("start-dispense")).toBeEnabled();
    // The first dispensable item has the focus (Enter starts dispensing it).
    await waitFor(() => expect(within(card).getByTestId("item-start-1")).toHaveFocus());
  });

  it("opens a prescription whose number was typed with the Russian layout on", async () => {
    const { backend, user } = await setup();
    const d = demo(backend, "active");
    // The same keys pressed with ЙЦУКЕН active (QWERTY letter → the Russian letter on its key).
    const qwerty = "QWERTYUIOPASDFGHJKLZXCVBNM";
    const russian = "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ";
    const typed = [...d.rx.number].map((c) => (qwerty.includes(c) ? russian[qwerty.indexOf(c)] : c)).join("");
    expect(typed).not.toBe(d.rx.number);
    await user.type(screen.getByTestId("lookup-input"), `${typed} ${d.code}{Enter}`);
    const card = await screen.findByTestId("rx-card");
    expect(within(card).getByTestId("rx-number")).toHaveTextContent(formatRxNumber(d.rx.number));
  });

  it("accepts a pasted QR payload", async () => {
    const { backend, user } = await setup();
    const d = demo(backend, "active");
    await user.click(screen.getByTestId("lookup-input"));
    await user.paste(`DMEDRX:1:${d.rx.number}:${d.code}`);
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("rx-card")).toBeInTheDocument();
  });

  it("asks for the access code when only the number was typed", async () => {
    const { backend, user } = await setup();
    const d = demo(backend, "active");
    await user.type(screen.getByTestId("lookup-input"), `${formatRxNumber(d.rx.number)}{Enter}`);
    const code = await screen.findByTestId("access-code-input");
    await waitFor(() => expect(code).toHaveFocus());
    await user.type(code, "12{Enter}");
    expect(screen.getByTestId("access-code-invalid")).toBeInTheDocument();
    await user.clear(code);
    await user.type(code, `${d.code}{Enter}`);
    expect(await screen.findByTestId("rx-card")).toBeInTheDocument();
    // The backend names the number it needs the code for; the code is sent with it.
    const lookups = backend.calls.filter((c) => c.command === "lookup");
    expect(lookups[lookups.length - 1]?.args).toEqual([`${d.rx.number} ${d.code}`, null]);
    await waitFor(() => expect(screen.getByTestId("item-start-1")).toHaveFocus());
  });

  it("shows a wrong access code as ACCESS_CODE_MISMATCH", async () => {
    const { backend, user } = await setup();
    const d = demo(backend, "active");
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number}{Enter}`);
    await user.type(await screen.findByTestId("access-code-input"), "9999{Enter}");
    const error = await screen.findByTestId("error-message");
    expect(error).toHaveAttribute("data-code", "ACCESS_CODE_MISMATCH");
  });

  it("asks which identity document was checked for a PINFL, lists the prescriptions and opens one", async () => {
    const { backend, user } = await setup();
    await user.type(screen.getByTestId("lookup-input"), `${DEMO_PINFL_MULTI}{Enter}`);
    expect(
      await screen.findByText("Bemorning qaysi shaxsni tasdiqlovchi hujjatini tekshirdingiz?"),
    ).toBeInTheDocument();
    expect(screen.getByTestId("id-check-birth_certificate")).toHaveTextContent("Tugʻilganlik");
    await user.click(screen.getByTestId("id-check-passport"));
    const list = await screen.findByTestId("rx-list");
    const choices = within(list).getAllByRole("button");
    expect(choices.length).toBeGreaterThan(1);
    expect(backend.lastCall()?.args).toEqual([DEMO_PINFL_MULTI, "passport"]);
    await user.click(choices[0] as HTMLElement);
    expect(await screen.findByTestId("rx-card")).toBeInTheDocument();
    expect(screen.queryByTestId("rx-list")).toBeNull();
  });

  it("cancelling the identity check does not look up and returns focus to the input", async () => {
    const { backend, user } = await setup();
    await user.type(screen.getByTestId("lookup-input"), `${DEMO_PINFL_MULTI}{Enter}`);
    await user.click(await screen.findByTestId("id-check-cancel"));
    expect(screen.queryByTestId("id-check-id_card")).toBeNull();
    expect(backend.calls.filter((c) => c.command === "lookup")).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId("lookup-input")).toHaveFocus());
  });

  it("explains a mistyped PINFL before anything is fetched", async () => {
    setLocale("en");
    const { user } = await setup();
    await user.type(screen.getByTestId("lookup-input"), "3021197591003X{Enter}");
    const error = await screen.findByTestId("error-message");
    expect(error).toHaveAttribute("data-code", "INVALID_IDENTIFIER");
    expect(error).toHaveTextContent("The prescription number");
    await user.clear(screen.getByTestId("lookup-input"));
    await user.type(screen.getByTestId("lookup-input"), "30211975910034{Enter}");
    await waitFor(() =>
      expect(screen.getByTestId("error-message")).toHaveTextContent(
        "The PINFL is wrong: its check character should be “3” but is “4”",
      ),
    );
  });

  it("says why a cancelled prescription cannot be dispensed and disables dispensing", async () => {
    const { backend, user } = await setup();
    const d = demo(backend, "cancelled");
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
    const blocked = await screen.findByTestId("rx-not-dispensable");
    expect(blocked).toHaveAttribute("data-code", "CANCELLED");
    expect(within(blocked).getByTestId("error-message")).toHaveAttribute("data-code", "CANCELLED");
    expect(screen.getByTestId("rx-status")).toHaveTextContent("Bekor qilingan");
    expect(screen.getByTestId("start-dispense")).toBeDisabled();
  });

  it("warns about a hold by another pharmacy, by its name, and reports the refusal", async () => {
    setLocale("en");
    const { backend, user } = await setup();
    const d = demo(backend, "held_by_other_pharmacy");
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
    expect(await screen.findByTestId("rx-held")).toHaveTextContent(
      "Another pharmacy (Oltin Shifo dorixonasi)",
    );
    await user.click(screen.getByTestId("start-dispense"));
    const error = await screen.findByTestId("error-message");
    expect(error).toHaveAttribute("data-code", "HELD_BY_OTHER_PHARMACY");
    expect(error).toHaveTextContent("Oltin Shifo dorixonasi");
  });

  it("dispenses without a hold when the central system offers none, and says so", async () => {
    setLocale("en");
    const { backend, user } = await setup();
    const d = demo(backend, "active");
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
    backend.failNext("NOT_OFFERED", { operation: "hold" }, "hold");
    await user.click(await screen.findByTestId("start-dispense"));
    expect(await screen.findByTestId("dispense-unheld")).toHaveTextContent("does not reserve prescriptions");
    expect(screen.queryByTestId("error-message")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("product-select-1")).toBeEnabled());
    await waitFor(() => expect(screen.getByTestId("product-select-2")).toBeEnabled());
    await user.selectOptions(screen.getByTestId("product-select-1"), "P-AMX-1");
    await user.selectOptions(screen.getByTestId("product-select-2"), "P-PCM-2");
    await user.click(screen.getByTestId("dispense-submit"));
    await screen.findByTestId("dispense-result");
    const sent = backend.calls.filter((c) => c.command === "dispense").pop();
    expect((sent?.args[0] as { hold_id: string | null }).hold_id).toBeNull();
  });

  it("dispenses: hold, pick products, quantities, submit, result, new lookup", async () => {
    setLocale("en");
    const { backend, user } = await setup();
    const d = demo(backend, "active");
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
    await user.click(await screen.findByTestId("start-dispense"));
    const select1 = await screen.findByTestId("product-select-1");
    await waitFor(() => expect(select1).toBeEnabled());
    await waitFor(() => expect(screen.getByTestId("product-select-2")).toBeEnabled());
    expect(screen.getByTestId("lookup-input")).toBeDisabled();
    expect(screen.getByTestId("qty-1")).toHaveValue("21");
    expect(screen.getByTestId("dispense-submit")).toBeDisabled();

    await user.selectOptions(screen.getByTestId("product-select-1"), "P-AMX-1");
    expect(screen.getByTestId("erx-badge-1")).toHaveTextContent("e-Rx only");
    expect(screen.getByTestId("dispense-submit")).toBeDisabled(); // item 2 has a quantity but no product
    await user.selectOptions(screen.getByTestId("product-select-2"), "P-PCM-2");
    expect(screen.getByTestId("dispense-submit")).toBeEnabled();

    const qty = screen.getByTestId("qty-1");
    await user.clear(qty);
    await user.type(qty, "22");
    expect(screen.getByTestId("qty-error-1")).toHaveTextContent("At most 21 capsule may be dispensed.");
    expect(screen.getByTestId("dispense-submit")).toBeDisabled();
    await user.clear(qty);
    await user.type(qty, "21{Enter}");

    const result = await screen.findByTestId("dispense-result");
    expect(within(result).getByTestId("dispense-state")).toHaveTextContent("recorded centrally");
    expect(within(result).getByTestId("dispense-id").textContent).toMatch(/^[0-9a-f-]{36}$/);
    expect(screen.getByTestId("rx-status")).toHaveAttribute("data-status", "completed");
    expect(screen.getByTestId("remaining-1")).toHaveTextContent("0 capsule");
    expect(screen.queryByTestId("error-message")).toBeNull(); // "completed" is the good news here
    const draft = backend.calls.find((c) => c.command === "dispense")?.args[0];
    expect(draft).toMatchObject({
      prescription_number: d.rx.number,
      lines: [
        { item_id: "1", product_id: "P-AMX-1", quantity: 21 },
        { item_id: "2", product_id: "P-PCM-2", quantity: 10 },
      ],
    });

    await user.click(screen.getByTestId("new-lookup"));
    expect(screen.queryByTestId("rx-card")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("lookup-input")).toHaveFocus());
  });

  it("skips an item with quantity 0 and reports a queued dispense", async () => {
    setLocale("en");
    const { backend, user } = await setup();
    backend.queueNextDispense();
    const d = demo(backend, "active");
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
    await user.click(await screen.findByTestId("start-dispense"));
    await waitFor(() => expect(screen.getByTestId("product-select-1")).toBeEnabled());
    await user.selectOptions(screen.getByTestId("product-select-1"), "P-AMX-3");
    await user.clear(screen.getByTestId("qty-2"));
    await user.type(screen.getByTestId("qty-2"), "0");
    await user.click(screen.getByTestId("dispense-submit"));
    expect(await screen.findByTestId("dispense-state")).toHaveTextContent(
      "it will be sent to the central system when the connection is back",
    );
    const draft = backend.calls.find((c) => c.command === "dispense")?.args[0] as { lines: unknown[] };
    expect(draft.lines).toHaveLength(1);
  });

  it("shows a refused dispense in the form and lets the pharmacist cancel (releasing the hold)", async () => {
    const { backend, user } = await setup();
    const d = demo(backend, "active");
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
    await user.click(await screen.findByTestId("start-dispense"));
    await waitFor(() => expect(screen.getByTestId("product-select-1")).toBeEnabled());
    await user.selectOptions(screen.getByTestId("product-select-1"), "P-AMX-1");
    await user.clear(screen.getByTestId("qty-2"));
    await user.type(screen.getByTestId("qty-2"), "0");
    backend.failNext("SERVICE_UNAVAILABLE", { retry_after_secs: 20 }, "dispense");
    await user.click(screen.getByTestId("dispense-submit"));
    const error = await screen.findByTestId("error-message");
    expect(error).toHaveAttribute("data-code", "SERVICE_UNAVAILABLE");
    expect(error).toHaveTextContent("20 soniyadan keyin");

    // The draft was changed: Cancel asks before it goes, as Escape does.
    await user.click(screen.getByTestId("dispense-cancel"));
    await user.click(await screen.findByTestId("discard-confirm"));
    await waitFor(() => expect(screen.queryByTestId("dispense-form")).toBeNull());
    const others = backend.calls.filter((c) => !["prescriptionHistory", "printSettings"].includes(c.command));
    expect(others[others.length - 1]?.command).toBe("releaseHold");
    // Back on the card, on the item dispensing started from.
    await waitFor(() => expect(screen.getByTestId("item-start-1")).toHaveFocus());
    expect(screen.getByTestId("start-dispense")).toBeEnabled();
  });
});
