import { describe, expect, it } from "vitest";
import type { Item, Receiver } from "$lib/backend";
import { buildDraft, checkItem, checkLine, receiverComplete, type CloseInput } from "./dispenseLines";

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
    const one = (productId: string, quantityText: string) => [{ productId, quantityText }];
    const none = buildDraft("N", "h", [
      { item, parts: one("", "0"), close: null },
      { item: other, parts: one("", "0"), close: null },
    ]);
    expect(none.canSubmit).toBe(false);

    const single = buildDraft("N", "h", [
      { item, parts: one("P1", "15"), close: null },
      { item: other, parts: one("", "0"), close: null },
    ]);
    expect(single.canSubmit).toBe(true);
    expect(single.draft).toEqual({
      prescription_number: "N",
      hold_id: "h",
      lines: [{ item_id: "1", product_id: "P1", quantity: 15 }],
      receiver: null,
    });

    const mixed = buildDraft("N", null, [
      { item, parts: one("P1", "15"), close: null },
      { item: other, parts: one("P2", "11"), close: null },
    ]);
    expect(mixed.canSubmit).toBe(false);
    expect(mixed.checks[1]?.parts[0]).toMatchObject({ state: "invalid", problem: "exceeds", remaining: 10 });
  });
});

describe("an item as several products, and closing what remains", () => {
  it("two products of one item are valid together up to what remains, not beyond", () => {
    const within = checkItem({
      item,
      parts: [
        { productId: "P1", quantityText: "10" },
        { productId: "P2", quantityText: "5" },
      ],
      close: null,
    });
    expect(within.invalid).toBe(false);
    expect(within.total).toBe(15);
    expect(within.lines.map((l) => [l.product_id, l.quantity])).toEqual([
      ["P1", 10],
      ["P2", 5],
    ]);
    const beyond = checkItem({
      item,
      parts: [
        { productId: "P1", quantityText: "10" },
        { productId: "P2", quantityText: "6" },
      ],
      close: null,
    });
    expect(beyond.exceeds).toBe(true);
    expect(beyond.invalid).toBe(true);
  });

  it("closing needs a reason, words for other, and something left after the parts", () => {
    const closing = (reason: CloseInput["reason"], note = "", quantityText = "") =>
      checkItem({ item, parts: [{ productId: "P1", quantityText }], close: { reason, note } });
    expect(closing("").close).toEqual({ state: "invalid", problem: "no_reason" });
    expect(closing("other", "  ").close).toEqual({ state: "invalid", problem: "no_note" });
    expect(closing("out_of_stock", "", "15").close).toEqual({ state: "invalid", problem: "nothing_left" });
    const some = closing("patient_declined", " will come back ", "5");
    expect(some.invalid).toBe(false);
    expect(some.lines).toEqual([
      { item_id: "1", product_id: "P1", quantity: 5 },
      {
        item_id: "1",
        product_id: "",
        quantity: 0,
        not_dispensed: { reason: "patient_declined", note: "will come back" },
      },
    ]);
    const draft = buildDraft("N", null, [{ item, parts: [], close: { reason: "clinical", note: "" } }]);
    expect(draft.canSubmit).toBe(true);
  });

  it("someone collecting for the patient needs name, relation, an adult's document and its number", () => {
    expect(receiverComplete(null)).toBe(true);
    expect(
      receiverComplete({
        kind: "patient",
        document: null,
        document_number: null,
        full_name: null,
        relation: null,
      }),
    ).toBe(true);
    const mother: Receiver = {
      kind: "representative",
      document: "passport",
      document_number: "AA1234567",
      full_name: "Karimova Malika",
      relation: "mother",
    };
    expect(receiverComplete(mother)).toBe(true);
    expect(receiverComplete({ ...mother, document_number: " " })).toBe(false);
    expect(receiverComplete({ ...mother, document: "birth_certificate" })).toBe(false);
    const parts = [{ productId: "P1", quantityText: "1" }];
    expect(buildDraft("N", null, [{ item, parts, close: null }], { ...mother, relation: "" }).canSubmit).toBe(
      false,
    );
  });
});
