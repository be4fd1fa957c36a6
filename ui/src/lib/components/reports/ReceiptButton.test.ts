import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createMockBackend } from "$lib/backend";
import ReceiptButton from "./ReceiptButton.svelte";

describe("receipt button", () => {
  it("saves the receipt of the dispense and opens it for printing", async () => {
    const backend = createMockBackend({ signedIn: true });
    render(ReceiptButton, { backend, dispenseId: "d-42" });
    await userEvent.setup().click(screen.getByTestId("receipt-print"));
    expect(await screen.findByTestId("receipt-saved")).toHaveTextContent("chek_d-42.pdf");
    const commands = backend.calls.map((c) => c.command);
    expect(commands.slice(-2)).toEqual(["receiptPdf", "openDocument"]);
  });

  it("shows why the receipt could not be made", async () => {
    const backend = createMockBackend({ signedIn: true });
    backend.failNext("NOT_FOUND", {}, "receiptPdf");
    render(ReceiptButton, { backend, dispenseId: "nope" });
    await userEvent.setup().click(screen.getByTestId("receipt-print"));
    expect(await screen.findByRole("alert")).toBeInTheDocument();
  });
});
