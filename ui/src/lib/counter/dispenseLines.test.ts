import { describe, expect, it } from "vitest";
import type { Item } from "$lib/backend";
import { buildDraft, checkLine } from "./dispenseLines";

const item: Item = {
  item_id: "1",
  inn: "Amoxicillin",
  form: "capsule",
  strength: "500 mg",
  dosage_text: "1 x 3",
  quantity_prescribed: 21,
  quantity_dispensed: 6,
  unit: "capsule",
  status: "partial",
};
const other: Item = {
  ...item,
  item_id: "2",
  inn: "Paracetamol",
  quantity_prescribed: 10,
  quantity_dispensed: 0,
};

describe("dispense line validation", () => {
  it("a whole quantity up to what remains with a product is valid", () => {
    expect(checkLine({ item, productId: "P1", quantityText: "15" })).toEqual({
      state: "valid",
      line: { item_id: "1", product_id: "P1", quantity: 15 },
    });
    expect(checkLine({ item, productId: "P1", quantityText: " 3 " }).state).toBe("valid");
  });

  it("0 or empty skips the item, with or without a product", () => {
    expect(checkLine({ item, productId: "", quantityText: "0" })).toEqual({ state: "skip" });
    expect(checkLine({ item, productId: "P1", quantityText: "" })).toEqual({ state: "skip" });
  });

  it("more than what remains is refused with the remaining quantity", () => {
    expect(checkLine({ item, productId: "P1", quantityText: "16" })).toEqual({
      state: "invalid",
      problem: "exceeds",
      remaining: 15,
    });
  });

  it("fractions, words and negative numbers are refused", () => {
    expect(checkLine({ item, productId: "P1", quantityText: "1.5" })).toMatchObject({ problem: "not_whole" });
    expect(checkLine({ item, productId: "P1", quantityText: "abc" })).toMatchObject({ problem: "not_whole" });
    expect(checkLine({ item, productId: "P1", quantityText: "1e3" })).toMatchObject({ problem: "not_whole" });
    expect(checkLine({ item, productId: "P1", quantityText: "-2" })).toMatchObject({ problem: "negative" });
  });

  it("a quantity without a product asks for the product", () => {
    expect(checkLine({ item, productId: "", quantityText: "2" })).toMatchObject({ problem: "no_product" });
  });

  it("the draft can be sent only with at least one valid line and no invalid one", () => {
    const none = buildDraft("N", "h", [
      { item, productId: "", quantityText: "0" },
      { item: other, productId: "", quantityText: "0" },
    ]);
    expect(none.canSubmit).toBe(false);

    const one = buildDraft("N", "h", [
      { item, productId: "P1", quantityText: "15" },
      { item: other, productId: "", quantityText: "0" },
    ]);
    expect(one.canSubmit).toBe(true);
    expect(one.draft).toEqual({
      prescription_number: "N",
      hold_id: "h",
      lines: [{ item_id: "1", product_id: "P1", quantity: 15 }],
    });

    const mixed = buildDraft("N", null, [
      { item, productId: "P1", quantityText: "15" },
      { item: other, productId: "P2", quantityText: "11" },
    ]);
    expect(mixed.canSubmit).toBe(false);
    expect(mixed.checks[1]).toMatchObject({ state: "invalid", problem: "exceeds", remaining: 10 });
  });
});
