import { describe, expect, it } from "vitest";

import type { Session, StaffRole } from "$lib/backend";
import { allows, can, PERMISSIONS } from "./access";

function session(role: StaffRole): Session {
  return {
    pharmacy: { pharmacy_id: "PH", name: "D", address: "" },
    pharmacist: { pinfl: "30211975910033", full_name: "A", role },
    expires_at: "2026-12-02T18:00:00Z",
  };
}

describe("access", () => {
  it("lets nurses and registrars read but not dispense", () => {
    for (const role of ["nurse", "registrar"] as const) {
      expect(allows("read", role)).toBe(true);
      expect(allows("dispense", role)).toBe(false);
    }
  });

  it("makes a manager a pharmacist too, and only the administrator administer", () => {
    expect(allows("dispense", "manager")).toBe(true);
    expect(allows("manage", "pharmacist")).toBe(false);
    expect(allows("administer", "manager")).toBe(false);
    expect(allows("administer", "administrator")).toBe(true);
    expect(allows("read", "administrator")).toBe(false);
  });

  it("needs a session for everything but anyone", () => {
    for (const p of PERMISSIONS) expect(can(null, p)).toBe(p === "anyone");
    expect(can(session("pharmacist"), "dispense")).toBe(true);
  });
});
