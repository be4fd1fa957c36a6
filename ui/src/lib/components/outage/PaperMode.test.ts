import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend, type Session } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import PaperMode from "./PaperMode.svelte";

afterEach(() => setLocale("uz"));

async function setUp(role: "pharmacist" | "manager", online: boolean) {
  setLocale("en");
  const backend = createMockBackend({ signedIn: true, role });
  backend.outage.setOnline(online);
  const session = (await backend.currentSession()) as Session;
  render(PaperMode, { backend, session });
  return backend;
}

async function fill(backend: MockBackend) {
  const user = userEvent.setup();
  await user.type(await screen.findByTestId("paper-number"), "7K3M-9P2Q-4R8X");
  await user.type(screen.getByTestId("paper-pinfl"), "30211975910033");
  await user.type(screen.getByTestId("paper-prescriber"), "Karimova Dilnoza");
  await user.type(screen.getByTestId("paper-facility"), "Poliklinika 12");
  const inn = (await backend.searchProducts("Amoxicillin", ""))[0]!;
  await user.type(screen.getByTestId("paper-inn"), "Amoxicillin");
  await user.tab();
  await waitFor(() => expect(screen.getByTestId("paper-product")).toHaveValue(inn.product_id));
  await user.clear(screen.getByTestId("paper-quantity"));
  await user.type(screen.getByTestId("paper-quantity"), "2");
  await user.type(screen.getByTestId("paper-batch"), "B-77");
  await user.type(screen.getByTestId("paper-marking"), "0104600000000017215ABC{Enter}");
  return { user, product: inn.product_id };
}

describe("paper mode", () => {
  it("while offline, records the form locally and lists it in today's log with a print button", async () => {
    const backend = await setUp("pharmacist", false);
    const { user, product } = await fill(backend);

    await user.click(screen.getByTestId("paper-save"));
    expect(await screen.findByTestId("paper-missing")).toHaveTextContent(
      "I checked the patient's identity document",
    );
    expect(backend.calls.some((c) => c.command === "recordPaper")).toBe(false);

    await user.click(screen.getByTestId("paper-id-checked"));
    await user.click(screen.getByTestId("paper-declaration"));
    await user.click(screen.getByTestId("paper-save"));
    expect(await screen.findByTestId("paper-saved")).toHaveTextContent("It will be uploaded");

    const call = backend.calls.find((c) => c.command === "recordPaper");
    expect(call?.args[0]).toMatchObject({
      prescription_number: "7K3M9P2Q4R8X",
      patient_pinfl: "30211975910033",
      prescriber_name: "Karimova Dilnoza",
      facility: "Poliklinika 12",
      id_document_checked: true,
      patient_declaration: true,
      override_reason: null,
      lines: [
        {
          inn: "Amoxicillin",
          product_id: product,
          quantity: 2,
          batch: "B-77",
          marking_codes: ["0104600000000017215ABC"],
        },
      ],
    });
    const row = await screen.findByTestId("paper-log-row");
    expect(row).toHaveAttribute("data-state", "pending");
    expect(row).toHaveTextContent("30**********33");
    expect((await backend.outboxStatus()).pending).toBe(1);

    await user.click(screen.getByTestId("paper-print"));
    expect(await screen.findByTestId("paper-printed")).toHaveTextContent("qogoz-jurnali_");
    expect(backend.calls.some((c) => c.command === "openDocument")).toBe(true);
  });

  it("is closed to a pharmacist while the central system is reachable", async () => {
    await setUp("pharmacist", true);
    expect(await screen.findByTestId("paper-blocked")).toHaveTextContent("dispense online");
    expect(screen.queryByTestId("paper-form")).toBeNull();
  });

  it("lets a manager record while online only with a reason, which is sent", async () => {
    const backend = await setUp("manager", true);
    const { user } = await fill(backend);
    await user.click(screen.getByTestId("paper-id-checked"));
    await user.click(screen.getByTestId("paper-declaration"));
    await user.click(screen.getByTestId("paper-save"));
    expect(await screen.findByTestId("paper-missing")).toHaveTextContent("Manager's reason");
    await user.type(screen.getByTestId("paper-override-reason"), "central system rejects valid codes");
    await user.click(screen.getByTestId("paper-save"));
    expect(await screen.findByTestId("paper-saved")).toBeInTheDocument();
    const call = backend.calls.find((c) => c.command === "recordPaper");
    expect(call?.args[0]).toMatchObject({ override_reason: "central system rejects valid codes" });
  });
});

describe("paper log day", () => {
  it("is the Tashkent day, also late in the evening UTC when the machine's date is still yesterday", async () => {
    setLocale("en");
    // 21:30 UTC is 02:30 the next day in Tashkent.
    const at = new Date("2025-03-01T21:30:00Z");
    const backend = createMockBackend({ signedIn: true, now: at });
    backend.outage.setOnline(false);
    const session = (await backend.currentSession()) as Session;
    render(PaperMode, { backend, session, now: () => at });
    await screen.findByTestId("paper-form");
    await waitFor(() => expect(backend.calls.some((c) => c.command === "paperLog")).toBe(true));
    expect(backend.calls.find((c) => c.command === "paperLog")?.args[0]).toBe("2025-03-02");
  });
});
