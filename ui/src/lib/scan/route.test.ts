import { describe, expect, it } from "vitest";
import { latinFromCyrillicKeys } from "./cyrillic";
import { isPackCode, isRxNumberInput, manualLookupText, routeScan } from "./route";
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

describe("manualLookupText", () => {
  it("reads a prescription number typed on a Cyrillic layout as the keys that typed it", () => {
    expect(manualLookupText("А8ПЩ-8Й2Ф-ВГ21")).toBe("F8GO-8Q2A-DU21");
    expect(manualLookupText(" А8ПЩ8Й2ФВГ21 1234 ")).toBe("F8GO8Q2ADU21 1234");
    expect(manualLookupText("А8ПЎғ8Й2ФғВГ21")).toBe("F8GO-8Q2A-DU21");
  });

  it("leaves a name alone, Парацетамол among them", () => {
    expect(manualLookupText("Парацетамол")).toBe("Парацетамол");
    expect(manualLookupText("Иванов Иван")).toBe("Иванов Иван");
    // Twelve letters that map to twelve Latin letters, but without a valid check character.
    expect(latinFromCyrillicKeys("Аспиринкарди")).toBe("Fcgbhbyrfhlb");
    expect(isRxNumberInput("Fcgbhbyrfhlb")).toBe(false);
    expect(manualLookupText("Аспиринкарди")).toBe("Аспиринкарди");
  });

  it("leaves valid Latin input as typed", () => {
    for (const text of [
      "F8GO-8Q2A-DU21",
      "f8go8q2adu21 1234",
      "30101901234567",
      "DMEDRX:1:F8GO8Q2ADU21:1234",
    ]) {
      expect(manualLookupText(text)).toBe(text);
    }
  });
});

describe("isRxNumberInput", () => {
  it("takes a number with a valid check character, with or without dashes and code", () => {
    expect(isRxNumberInput("F8GO-8Q2A-DU21")).toBe(true);
    expect(isRxNumberInput("f8go8q2adu21 1234")).toBe(true);
    expect(isRxNumberInput("F8GO-8Q2A-DU22")).toBe(false);
    expect(isRxNumberInput("F8GO-8Q2A-DU2")).toBe(false);
    expect(isRxNumberInput("F8GO 8Q2A DU21")).toBe(false);
  });
});
