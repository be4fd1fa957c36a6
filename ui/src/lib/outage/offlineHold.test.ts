import { describe, expect, it } from "vitest";
import {
  dispenseWithoutHold,
  heldId,
  isNoHoldOffered,
  isOfflineHold,
  noHoldOffered,
  offlineHold,
} from "./offlineHold";

describe("dispensing without a hold", () => {
  it("only for a saved copy while the central system cannot be reached", () => {
    expect(dispenseWithoutHold("NETWORK_UNAVAILABLE", true)).toBe(true);
    expect(dispenseWithoutHold("TIMEOUT", true)).toBe(true);
    expect(dispenseWithoutHold("SERVICE_UNAVAILABLE", true)).toBe(true);
    expect(dispenseWithoutHold("NETWORK_UNAVAILABLE", false)).toBe(false);
    expect(dispenseWithoutHold("HELD_BY_OTHER_PHARMACY", true)).toBe(false);
  });

  it("the stand-in hold is recognised and no real hold is", () => {
    expect(isOfflineHold(offlineHold())).toBe(true);
    expect(
      isOfflineHold({ hold_id: "0b9c6f3e-1d2a-4c1b-9a7e-2f3d4c5b6a79", expires_at: "2025-01-01T10:00:00Z" }),
    ).toBe(false);
  });
});

describe("a central system that offers no holds", () => {
  it("its stand-in is neither offline nor a real hold, and names no hold", () => {
    const none = noHoldOffered();
    expect(isNoHoldOffered(none)).toBe(true);
    expect(isOfflineHold(none)).toBe(false);
    expect(heldId(none)).toBeNull();
    expect(heldId(offlineHold())).toBeNull();
    expect(
      heldId({ hold_id: "0b9c6f3e-1d2a-4c1b-9a7e-2f3d4c5b6a79", expires_at: "2025-01-01T10:00:00Z" }),
    ).toBe("0b9c6f3e-1d2a-4c1b-9a7e-2f3d4c5b6a79");
  });
});
