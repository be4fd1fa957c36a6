import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type Session } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import Counter from "./Counter.svelte";
import PrinterSettings from "./PrinterSettings.svelte";

afterEach(() => setLocale("uz"));

describe("receipt printer", () => {
  it("a manager chooses the printer, the format and printing after each dispense", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "manager", language: "en" });
    const session = (await backend.currentSession()) as Session;
    render(PrinterSettings, { backend, session });
    const user = userEvent.setup();
    const printer = await screen.findByTestId("print-printer");
    await waitFor(() => expect(within(printer).getAllByRole("option")).toHaveLength(3));
    expect(printer).toHaveTextContent("Kassa-80 · default");
    expect(printer).toHaveTextContent("Ofis · not ready");
    expect(screen.getByTestId("print-after-dispense")).toBeDisabled(); // no printer yet
    await user.selectOptions(printer, "Kassa-80");
    await user.selectOptions(screen.getByTestId("print-format"), "esc_pos");
    await user.click(screen.getByTestId("print-after-dispense"));
    await user.click(screen.getByTestId("print-save"));
    expect(await screen.findByTestId("print-saved")).toBeInTheDocument();
    await user.selectOptions(screen.getByTestId("print-report-printer"), "Ofis");
    await user.click(screen.getByTestId("print-save"));
    await waitFor(() =>
      expect(backend.printing).toEqual({
        printer: "Kassa-80",
        format: "esc_pos",
        after_dispense: true,
        report_printer: "Ofis",
      }),
    );
  });

  it("others see the choice but cannot change it", async () => {
    const backend = createMockBackend({ signedIn: true });
    backend.printing = { printer: "Kassa-80", format: "pdf", after_dispense: false, report_printer: null };
    const session = (await backend.currentSession()) as Session;
    render(PrinterSettings, { backend, session });
    const printer = await screen.findByTestId("print-printer");
    await waitFor(() => expect(printer).toHaveValue("Kassa-80"));
    expect(printer).toBeDisabled();
    expect(screen.queryByTestId("print-save")).toBeNull();
  });

  it("prints each dispense's receipt at once when chosen, and says so when the printer cannot print", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, language: "en" });
    backend.printing = { printer: "Kassa-80", format: "esc_pos", after_dispense: true, report_printer: null };
    const session = (await backend.currentSession()) as Session;
    render(Counter, { backend, session });
    const user = userEvent.setup();
    const d = backend.demo.find((x) => x.state === "active");
    if (!d) throw new Error("no active demo prescription");
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
    await user.click(await screen.findByTestId("start-dispense"));
    await waitFor(() => expect(screen.getByTestId("product-select-1")).toBeEnabled());
    await user.selectOptions(screen.getByTestId("product-select-1"), "P-AMX-1");
    await user.clear(screen.getByTestId("qty-2"));
    await user.type(screen.getByTestId("qty-2"), "0");
    await user.click(screen.getByTestId("dispense-submit"));
    expect(await screen.findByTestId("auto-printed")).toHaveTextContent("Sent to Kassa-80");
    const call = backend.calls.find((c) => c.command === "printReceipt");
    expect(call?.args).toEqual([d.rx.number, expect.any(String), false]);

    // The printer runs out of paper: the receipt button says why, in words.
    const kassa = backend.printerList[0];
    if (kassa) kassa.ready = false;
    const result = screen.getByTestId("dispense-result");
    await user.click(within(result).getByTestId("receipt-to-printer"));
    const error = await within(result).findByTestId("error-message");
    expect(error).toHaveAttribute("data-code", "PRINTER_UNAVAILABLE");
    expect(error).toHaveTextContent("has paper");
  });
});
