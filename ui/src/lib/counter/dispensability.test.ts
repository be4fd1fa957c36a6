import { describe, expect, it } from "vitest";
import type { Prescription } from "$lib/backend";
import { demoPrescriptions } from "$lib/backend/mock-data";
import { dispensableItems, foreignHold, whyNotDispensable } from "./dispensability";

const NOW = new Date("2026-11-21T10:00:00Z");
const TODAY = "2026-11-21";

function rx(state: string): Prescription {
  const found = demoPrescriptions(NOW).find((d) => d.state === state);
  if (!found) throw new Error(`no demo prescription in state ${state}`);
  return found.rx;
}

describe("dispensability", () => {
  it("an active prescription inside its window can be dispensed", () => {
    expect(whyNotDispensable(rx("active"), TODAY)).toBeNull();
    expect(whyNotDispensable(rx("chronic_partially_dispensed"), TODAY)).toBeNull();
  });

  it("says why the others cannot, with the backend's codes", () => {
    expect(whyNotDispensable(rx("cancelled"), TODAY)).toBe("CANCELLED");
    expect(whyNotDispensable(rx("completed"), TODAY)).toBe("ALREADY_DISPENSED");
    expect(whyNotDispensable(rx("expired"), TODAY)).toBe("EXPIRED");
    expect(whyNotDispensable(rx("not_yet_valid"), TODAY)).toBe("NOT_YET_VALID");
  });

  it("an active prescription past its end date is expired", () => {
    expect(whyNotDispensable({ ...rx("active"), valid_until: "2026-11-20" }, TODAY)).toBe("EXPIRED");
  });

  it("only items with something left are dispensable", () => {
    const items = dispensableItems(rx("chronic_partially_dispensed"));
    expect(items.map((i) => i.item_id)).toEqual(["1"]);
  });

  it("a live hold by another pharmacy is reported, one by us or a stale one is not", () => {
    const held = rx("held_by_other_pharmacy");
    expect(foreignHold(held, "PH-0001", NOW)?.pharmacy_id).toBe("PH-0002");
    expect(foreignHold(held, "PH-0002", NOW)).toBeNull();
    expect(foreignHold(held, "PH-0001", new Date(NOW.getTime() + 3600_000))).toBeNull();
  });
});
