import { describe, expect, it } from "vitest";
import { emptyForm, missingFields, toDraft, type PaperForm } from "./paperForm";

function filled(): PaperForm {
  return {
    ...emptyForm(),
    number: "7K3M-9P2Q-4R8X",
    pinfl: "30211975910033",
    prescriber: "Karimova D.",
    facility: "Poliklinika 12",
    lines: [{ inn: "Metformin", product_id: "P-1", quantity: 2, batch: " B12 ", marking: "010A\n\n010B \n" }],
    idChecked: true,
    declaration: true,
  };
}

describe("missingFields", () => {
  it("names every empty required field of a blank form", () => {
    expect(missingFields(emptyForm(), false)).toEqual([
      "outage.paper.pinfl",
      "outage.paper.prescriber",
      "outage.paper.facility",
      "outage.paper.inn",
      "outage.paper.product",
      "outage.paper.idChecked",
      "outage.paper.declaration",
    ]);
  });

  it("is empty for a complete form, and asks for the override reason only when needed", () => {
    expect(missingFields(filled(), false)).toEqual([]);
    expect(missingFields(filled(), true)).toEqual(["outage.paper.overrideReason"]);
    expect(missingFields({ ...filled(), overrideReason: "printer" }, true)).toEqual([]);
  });

  it("refuses a PINFL that is not 14 digits and a zero quantity", () => {
    const f = filled();
    f.pinfl = "3021197591003";
    f.lines[0]!.quantity = 0;
    expect(missingFields(f, false)).toEqual(["outage.paper.pinfl", "outage.paper.quantity"]);
  });
});

describe("toDraft", () => {
  it("trims, strips the number's dashes and splits marking codes per line", () => {
    const d = toDraft(filled(), false);
    expect(d.prescription_number).toBe("7K3M9P2Q4R8X");
    expect(d.lines[0]).toEqual({
      inn: "Metformin",
      product_id: "P-1",
      quantity: 2,
      batch: "B12",
      marking_codes: ["010A", "010B"],
    });
    expect(d.id_document_checked).toBe(true);
    expect(d.patient_declaration).toBe(true);
    expect(d.override_reason).toBeNull();
  });

  it("sends no number when the paper has none, and the override reason only when needed", () => {
    const f = { ...filled(), number: "  ", overrideReason: "system slow" };
    expect(toDraft(f, false).prescription_number).toBeNull();
    expect(toDraft(f, false).override_reason).toBeNull();
    expect(toDraft(f, true).override_reason).toBe("system slow");
  });
});
