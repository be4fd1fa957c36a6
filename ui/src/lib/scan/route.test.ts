import { describe, expect, it } from "vitest";
import { isPackCode, routeScan } from "./route";
import { GS } from "./wedge";

const PACK = `0104601234567893215Ab8kQ3xY7${GS}91EE06${GS}92abcd`;

describe("routeScan", () => {
  it("recognises GS1 pack codes in every spelling", () => {
    expect(isPackCode(PACK)).toBe(true);
    expect(isPackCode(`]d2${PACK}`)).toBe(true);
    expect(isPackCode(`${GS}${PACK}`)).toBe(true);
    expect(isPackCode("(01)04601234567893(21)ABC")).toBe(true);
    expect(isPackCode("DMEDRX:1:ABCD23456789:1234")).toBe(false);
    expect(isPackCode("30101901234567")).toBe(false);
  });

  it("sends prescriptions to the lookup and packs to the open dispense", () => {
    expect(routeScan("DMEDRX:1:ABCD23456789:1234", false)).toBe("lookup");
    expect(routeScan(PACK, true)).toBe("pack");
    expect(routeScan(PACK, false)).toBe("ignore");
    expect(routeScan("DMEDRX:1:ABCD23456789:1234", true)).toBe("ignore");
  });
});
