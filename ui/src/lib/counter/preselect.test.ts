import { describe, expect, it } from "vitest";
import type { Item, Product } from "$lib/backend";
import { orderForItem, preselectedProduct, strengthKey } from "./preselect";

const item = (inn: string, strength: string, form = "tablet"): Item => ({
  item_id: "1",
  inn,
  form,
  strength,
  dosage_text: "",
  quantity_prescribed: 10,
  quantity_dispensed: 0,
  unit: form,
  status: "to_dispense",
});

const product = (id: string, inn: string, strength: string, form = "tablet"): Product => ({
  product_id: id,
  trade_name: id,
  inn,
  atc: "",
  form,
  strength,
  pack_size: 10,
  unit: form,
  manufacturer: "",
  gtins: [],
  rx_only: true,
  e_rx_required: false,
});

describe("the preselected product", () => {
  it("is the only product of the item's INN and strength, though the INN has others", () => {
    const found = [product("A", "Enalapril", "5 mg"), product("B", "Enalapril", "10 mg")];
    expect(preselectedProduct(item("Enalapril", "10 mg"), found)?.product_id).toBe("B");
  });

  it("is none when two products share the item's INN and strength", () => {
    const found = [product("A", "Enalapril", "10 mg"), product("B", "Enalapril", "10 mg", "capsule")];
    expect(preselectedProduct(item("Enalapril", "10 mg"), found)).toBeNull();
  });

  it("is none when no product has the item's strength", () => {
    expect(preselectedProduct(item("Enalapril", "20 mg"), [product("A", "Enalapril", "10 mg")])).toBeNull();
  });

  it("compares strengths whatever the spacing, case and decimal comma, and INNs whatever the case", () => {
    expect(strengthKey(" 500 MG ")).toBe(strengthKey("500mg"));
    expect(strengthKey("2,5 mg")).toBe(strengthKey("2.5 mg"));
    expect(
      preselectedProduct(item("amoxicillin", "500mg"), [product("A", "Amoxicillin", "500 mg")])?.product_id,
    ).toBe("A");
  });
});

describe("the picker's order", () => {
  it("lists the products of the prescribed strength first, of the prescribed form before others", () => {
    const found = [
      product("weak", "Enalapril", "5 mg"),
      product("capsule", "Enalapril", "10 mg", "capsule"),
      product("tablet", "Enalapril", "10 mg"),
      product("weak-capsule", "Enalapril", "5 mg", "capsule"),
    ];
    expect(orderForItem(item("Enalapril", "10 mg"), found).map((p) => p.product_id)).toEqual([
      "tablet",
      "capsule",
      "weak",
      "weak-capsule",
    ]);
  });
});
