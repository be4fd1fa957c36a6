import { describe, expect, it } from "vitest";
import { createMockBackend } from "$lib/backend";
import { DEMO_PINFL_MULTI } from "$lib/backend/mock-data";
import { isAccessCode, numberOf, runLookup, withAccessCode } from "./lookupFlow";

function signedIn() {
  const backend = createMockBackend({ signedIn: true });
  const active = backend.demo.find((d) => d.state === "active");
  if (!active) throw new Error("demo data has no active prescription");
  return { backend, active };
}

describe("lookup flow", () => {
  it("a number with its code finds the prescription", async () => {
    const { backend, active } = signedIn();
    const step = await runLookup(backend, `${active.rx.number} ${active.code}`);
    expect(step.kind).toBe("found");
    if (step.kind === "found") expect(step.result.prescriptions[0]?.number).toBe(active.rx.number);
  });

  it("a bare number asks for the access code, and the code completes the lookup", async () => {
    const { backend, active } = signedIn();
    const first = await runLookup(backend, active.rx.number);
    expect(first).toEqual({ kind: "needAccessCode", number: active.rx.number, document: null });
    if (first.kind !== "needAccessCode") return;
    const second = await runLookup(backend, withAccessCode(first.number, active.code));
    expect(second.kind).toBe("found");
    expect(backend.lastCall()?.args).toEqual([`${active.rx.number} ${active.code}`, null]);
  });

  it("a wrong access code fails with ACCESS_CODE_MISMATCH", async () => {
    const { backend, active } = signedIn();
    const step = await runLookup(backend, withAccessCode(active.rx.number, "9999"));
    expect(step.kind === "failed" && step.error.code).toBe("ACCESS_CODE_MISMATCH");
  });

  it("a PINFL asks for the identity-document check, then finds several prescriptions", async () => {
    const { backend } = signedIn();
    const first = await runLookup(backend, DEMO_PINFL_MULTI);
    expect(first).toEqual({ kind: "needIdCheck", input: DEMO_PINFL_MULTI });
    const second = await runLookup(backend, DEMO_PINFL_MULTI, "id_card");
    expect(second.kind).toBe("found");
    if (second.kind === "found") {
      expect(second.result.via).toBe("pinfl");
      expect(second.result.prescriptions.length).toBeGreaterThan(1);
      for (const rx of second.result.prescriptions) expect(rx.patient.pinfl).toMatch(/^\d{2}\*+\d{2}$/);
    }
    expect(backend.lastCall()?.args).toEqual([DEMO_PINFL_MULTI, "id_card"]);
  });

  it("a refused identity check is not asked twice", async () => {
    const { backend } = signedIn();
    backend.failNext("ID_DOCUMENT_CHECK_REQUIRED", {}, "lookup");
    const step = await runLookup(backend, DEMO_PINFL_MULTI, "id_card");
    expect(step.kind === "failed" && step.error.code).toBe("ID_DOCUMENT_CHECK_REQUIRED");
  });

  it("a mistyped number fails before any prescription is fetched, with the problem in details", async () => {
    const { backend, active } = signedIn();
    const last = active.rx.number.slice(-1) === "0" ? "1" : "0";
    const step = await runLookup(backend, `${active.rx.number.slice(0, 11)}${last} ${active.code}`);
    expect(step.kind).toBe("failed");
    if (step.kind === "failed") {
      expect(step.error.code).toBe("INVALID_IDENTIFIER");
      expect(step.error.details).toMatchObject({ problem: "check_character", field: "prescription_number" });
    }
  });

  it("numberOf takes the number from details, a URL, a QR payload or the input itself", () => {
    expect(numberOf("anything", { number: "ABC" })).toBe("ABC");
    expect(numberOf("https://dmed.uz/rx/7K3M9P2Q4R8X")).toBe("7K3M9P2Q4R8X");
    expect(numberOf("DMEDRX:1:7K3M9P2Q4R8X")).toBe("7K3M9P2Q4R8X");
    expect(numberOf("  7K3M-9P2Q-4R8X ")).toBe("7K3M-9P2Q-4R8X");
  });

  it("an access code is exactly four digits", () => {
    expect(isAccessCode("0420")).toBe(true);
    expect(isAccessCode(" 0420 ")).toBe(true);
    expect(isAccessCode("042")).toBe(false);
    expect(isAccessCode("04a0")).toBe(false);
    expect(isAccessCode("04200")).toBe(false);
  });
});
