import { describe, expect, it } from "vitest";
import { BackendError, ERROR_CODES, createMockBackend, getBackend, inTauri } from "./index";
import { rxNumber } from "./mock-data";

describe("backend seam", () => {
  it("outside Tauri the mock answers", async () => {
    expect(inTauri()).toBe(false);
    const info = await getBackend().appInfo();
    expect(info.training).toBe(true);
    expect(info.training_demo?.samples.length).toBeGreaterThan(0);
  });

  it("BackendError.from keeps an IPC error's code and details and wraps anything else", () => {
    const e = BackendError.from({
      code: "QUANTITY_EXCEEDED",
      message: "too many",
      details: { remaining: 3 },
    });
    expect(e).toBeInstanceOf(BackendError);
    expect(e.code).toBe("QUANTITY_EXCEEDED");
    expect(e.details).toEqual({ remaining: 3 });
    expect(BackendError.from("command lookup not found").code).toBe("PROTOCOL_ERROR");
    expect(BackendError.from({ code: "NOPE" }).code).toBe("PROTOCOL_ERROR");
  });

  it("the mock can fail any call with every error code", async () => {
    const backend = createMockBackend({ signedIn: true });
    for (const code of ERROR_CODES) {
      backend.failNext(code, { marker: code });
      const err = await backend.getSettings().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackendError);
      expect((err as BackendError).code).toBe(code);
      expect((err as BackendError).details).toEqual({ marker: code });
    }
    await expect(backend.getSettings()).resolves.toBeTruthy();
  });

  it("the mock refuses lookups before sign-in and wrong credentials", async () => {
    const backend = createMockBackend();
    const active = backend.demo[0];
    if (!active) throw new Error("no demo data");
    await expect(backend.lookup(`${active.rx.number} ${active.code}`, null)).rejects.toMatchObject({
      code: "NOT_SIGNED_IN",
    });
    await expect(backend.signIn("PH-0001", "farmatsevt1", "wrong")).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });

  it("the mock's demo numbers carry valid MOD 37-2 check characters", () => {
    const backend = createMockBackend();
    for (const d of backend.demo) expect(rxNumber(d.rx.number.slice(0, 11))).toBe(d.rx.number);
  });

  it("the mock enforces the rules of a dispense", async () => {
    const backend = createMockBackend({ signedIn: true });
    const active = backend.demo.find((d) => d.state === "active");
    if (!active) throw new Error("no active demo prescription");
    const number = active.rx.number;
    const hold = await backend.hold(number);
    await expect(
      backend.dispense({
        prescription_number: number,
        hold_id: hold.hold_id,
        lines: [{ item_id: "1", product_id: "P-PCM-1", quantity: 1 }],
      }),
    ).rejects.toMatchObject({
      code: "PRODUCT_INN_MISMATCH",
      details: { item_inn: "Amoxicillin", product_inn: "Paracetamol" },
    });
    await expect(
      backend.dispense({
        prescription_number: number,
        hold_id: hold.hold_id,
        lines: [{ item_id: "1", product_id: "P-AMX-1", quantity: 99 }],
      }),
    ).rejects.toMatchObject({ code: "QUANTITY_EXCEEDED", details: { remaining: 21 } });
    await expect(
      backend.dispense({
        prescription_number: number,
        hold_id: "not-the-hold",
        lines: [{ item_id: "1", product_id: "P-AMX-1", quantity: 1 }],
      }),
    ).rejects.toMatchObject({ code: "HOLD_EXPIRED" });
    const out = await backend.dispense({
      prescription_number: number,
      hold_id: hold.hold_id,
      lines: [
        { item_id: "1", product_id: "P-AMX-1", quantity: 21 },
        { item_id: "2", product_id: "P-PCM-2", quantity: 10 },
      ],
    });
    expect(out.state).toBe("delivered");
    expect(out.prescription?.status).toBe("completed");
    expect(out.dispense?.items.map((i) => i.remaining)).toEqual([0, 0]);
    await expect(backend.hold(number)).rejects.toMatchObject({ code: "ALREADY_DISPENSED" });
  });
});
