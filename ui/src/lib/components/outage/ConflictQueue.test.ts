import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import App from "../../../App.svelte";
import ConflictQueue from "./ConflictQueue.svelte";

afterEach(() => setLocale("uz"));

describe("conflict queue", () => {
  it("shows the central system's code and reason; the manager notes and acknowledges", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "manager" });
    const id = backend.outage.addConflict({ code: "QUANTITY_EXCEEDED", reason: "only 1 pack remained" });
    render(ConflictQueue, { backend });
    const card = await screen.findByTestId("conflict");
    expect(card).toHaveAttribute("data-id", String(id));
    expect(screen.getByTestId("conflict-code")).toHaveTextContent("QUANTITY_EXCEEDED");
    expect(screen.getByTestId("conflict-reason")).toHaveTextContent("only 1 pack remained");

    const user = userEvent.setup();
    await user.type(screen.getByTestId("conflict-note"), "patient called back, pack returned");
    await user.click(screen.getByTestId("conflict-save-note"));
    await waitFor(async () =>
      expect((await backend.conflicts(true))[0]?.note).toBe("patient called back, pack returned"),
    );

    await user.click(screen.getByTestId("conflict-acknowledge"));
    expect(await screen.findByTestId("conflicts-empty")).toBeInTheDocument();
    await user.click(screen.getByTestId("conflicts-all"));
    expect(await screen.findByTestId("conflict-acknowledged")).toHaveTextContent(
      "Acknowledged by Yusupova Malika Baxtiyorovna",
    );
  });

  it("a refused paper upload lands in the queue with its reason", async () => {
    const backend = createMockBackend({ signedIn: true, role: "manager" });
    backend.outage.setOnline(false);
    await backend.recordPaper({
      prescription_number: null,
      patient_pinfl: "30211975910033",
      prescriber_name: "A",
      facility: "B",
      lines: [{ inn: "Amoxicillin", product_id: "P-AMX-1", quantity: 1, batch: null, marking_codes: [] }],
      id_document_checked: true,
      patient_declaration: true,
      reason: null,
      override_reason: null,
    });
    backend.outage.refuseNextPaper();
    backend.outage.setOnline(true);
    await backend.sendNow();
    render(ConflictQueue, { backend });
    expect(await screen.findByTestId("conflict-reason")).toHaveTextContent("dispensed in full elsewhere");
  });

  it("is reached from the header by a manager only", async () => {
    const user = userEvent.setup();
    const pharmacist = render(App, { backend: createMockBackend({ signedIn: true }) });
    expect(await screen.findByTestId("nav-paper")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-conflicts")).toBeNull();
    pharmacist.unmount();

    render(App, { backend: createMockBackend({ signedIn: true, role: "manager" }) });
    await user.click(await screen.findByTestId("nav-conflicts"));
    expect(await screen.findByTestId("conflict-queue")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-paper"));
    expect(await screen.findByTestId("paper-mode")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-counter"));
    expect(await screen.findByTestId("lookup-input")).toBeInTheDocument();
  });
});
