//! The paper-prescription form: its state, what is still missing, and the draft it becomes.

import type { PaperDraft } from "$lib/backend";
import type { MessageKey } from "$lib/i18n";

/** One item as typed on the form. */
export interface PaperLineForm {
  inn: string;
  product_id: string;
  quantity: number;
  batch: string;
  /** Marking codes, one per line (a scanner types one and presses Enter). */
  marking: string;
}

/** The whole form. */
export interface PaperForm {
  number: string;
  pinfl: string;
  prescriber: string;
  facility: string;
  lines: PaperLineForm[];
  idChecked: boolean;
  declaration: boolean;
  reason: string;
  overrideReason: string;
}

export function emptyLine(): PaperLineForm {
  return { inn: "", product_id: "", quantity: 1, batch: "", marking: "" };
}

export function emptyForm(): PaperForm {
  return {
    number: "",
    pinfl: "",
    prescriber: "",
    facility: "",
    lines: [emptyLine()],
    idChecked: false,
    declaration: false,
    reason: "",
    overrideReason: "",
  };
}

/** The labels of what must still be filled in (empty when the form can be sent). */
export function missingFields(form: PaperForm, needsOverride: boolean): MessageKey[] {
  const out: MessageKey[] = [];
  if (!/^\d{14}$/.test(form.pinfl.trim())) out.push("outage.paper.pinfl");
  if (!form.prescriber.trim()) out.push("outage.paper.prescriber");
  if (!form.facility.trim()) out.push("outage.paper.facility");
  const lines = form.lines;
  if (lines.length === 0 || lines.some((l) => !l.inn.trim())) out.push("outage.paper.inn");
  if (lines.some((l) => !l.product_id)) out.push("outage.paper.product");
  if (lines.some((l) => !Number.isInteger(l.quantity) || l.quantity < 1)) out.push("outage.paper.quantity");
  if (!form.idChecked) out.push("outage.paper.idChecked");
  if (!form.declaration) out.push("outage.paper.declaration");
  if (needsOverride && !form.overrideReason.trim()) out.push("outage.paper.overrideReason");
  return out;
}

function optional(s: string): string | null {
  const v = s.trim();
  return v ? v : null;
}

/** The draft the backend records. */
export function toDraft(form: PaperForm, needsOverride: boolean): PaperDraft {
  return {
    prescription_number: optional(form.number.replace(/[-\s]/g, "")),
    patient_pinfl: form.pinfl.trim(),
    prescriber_name: form.prescriber.trim(),
    facility: form.facility.trim(),
    lines: form.lines.map((l) => ({
      inn: l.inn.trim(),
      product_id: l.product_id,
      quantity: l.quantity,
      batch: optional(l.batch),
      marking_codes: l.marking
        .split(/\r?\n/)
        .map((c) => c.trim())
        .filter((c) => c !== ""),
    })),
    id_document_checked: form.idChecked,
    patient_declaration: form.declaration,
    reason: optional(form.reason),
    override_reason: needsOverride ? optional(form.overrideReason) : null,
  };
}
