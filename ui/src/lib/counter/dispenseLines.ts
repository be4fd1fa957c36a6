//! The dispense form's rules. Each dispensable item is handed over as one or more parts (a
//! product and a whole quantity; 0 skips the part), together never more than what remains; the
//! rest of an item may be closed as not dispensed with a reason (words needed for "other"). The
//! draft is sent when something is handed over or closed and nothing is invalid; who collects
//! for the patient needs their name, relation, document and its number.

import type { DispenseDraft, DraftLine, Item, NotDispensedReason, Receiver } from "$lib/backend";
import { remaining } from "./dispensability";

/** What the pharmacist entered for one part of an item. */
export interface LineInput {
  item: Item;
  productId: string;
  quantityText: string;
}

export type LineProblem = "not_whole" | "negative" | "exceeds" | "no_product";

export type LineCheck =
  | { state: "skip" }
  | { state: "valid"; line: DraftLine }
  | { state: "invalid"; problem: LineProblem; remaining: number };

/** Checks one part on its own. An empty quantity counts as 0 (skip). */
export function checkLine(input: LineInput): LineCheck {
  const left = remaining(input.item);
  const text = input.quantityText.trim();
  if (text === "" || /^0+$/.test(text)) return { state: "skip" };
  if (/^-\d+$/.test(text)) return { state: "invalid", problem: "negative", remaining: left };
  if (!/^\d+$/.test(text)) return { state: "invalid", problem: "not_whole", remaining: left };
  const quantity = Number(text);
  if (!Number.isSafeInteger(quantity) || quantity > left) {
    return { state: "invalid", problem: "exceeds", remaining: left };
  }
  if (!input.productId) return { state: "invalid", problem: "no_product", remaining: left };
  return { state: "valid", line: { item_id: input.item.item_id, product_id: input.productId, quantity } };
}

/** Closing the rest of an item: the reason chosen ("" while none is) and the words. */
export interface CloseInput {
  reason: NotDispensedReason | "";
  note: string;
}

/** What the pharmacist entered for one item. */
export interface ItemInput {
  item: Item;
  parts: { productId: string; quantityText: string }[];
  close: CloseInput | null;
}

export type CloseProblem = "no_reason" | "no_note" | "nothing_left";

export interface ItemCheck {
  parts: LineCheck[];
  /** What the valid parts hand over together. */
  total: number;
  /** The parts are each valid but together exceed what remains. */
  exceeds: boolean;
  close: { state: "none" } | { state: "valid" } | { state: "invalid"; problem: CloseProblem };
  /** The draft lines of this item (valid parts, then the closing line). */
  lines: DraftLine[];
  invalid: boolean;
}

/** Checks an item: each part, their total against what remains, and the closing. */
export function checkItem(input: ItemInput): ItemCheck {
  const parts = input.parts.map((p) =>
    checkLine({ item: input.item, productId: p.productId, quantityText: p.quantityText }),
  );
  const lines = parts.flatMap((c) => (c.state === "valid" ? [c.line] : []));
  const total = lines.reduce((sum, l) => sum + l.quantity, 0);
  const left = remaining(input.item);
  const exceeds = total > left;
  let close: ItemCheck["close"] = { state: "none" };
  if (input.close) {
    const note = input.close.note.trim();
    if (!input.close.reason) close = { state: "invalid", problem: "no_reason" };
    else if (input.close.reason === "other" && !note) close = { state: "invalid", problem: "no_note" };
    else if (left - total <= 0) close = { state: "invalid", problem: "nothing_left" };
    else {
      close = { state: "valid" };
      lines.push({
        item_id: input.item.item_id,
        product_id: "",
        quantity: 0,
        not_dispensed: { reason: input.close.reason, note: note || null },
      });
    }
  }
  const invalid = exceeds || close.state === "invalid" || parts.some((c) => c.state === "invalid");
  return { parts, total, exceeds, close, lines, invalid };
}

/** Who collects: complete when it is the patient, or someone with name, relation, an adult's
 *  document and its number. */
export function receiverComplete(r: Receiver | null): boolean {
  if (r === null || r.kind === "patient") return true;
  return (
    !!r.full_name?.trim() &&
    !!r.relation?.trim() &&
    (r.document === "passport" || r.document === "id_card") &&
    !!r.document_number?.trim()
  );
}

export interface DraftCheck {
  checks: ItemCheck[];
  /** Something handed over or closed, nothing invalid, and the receiver complete. */
  canSubmit: boolean;
  draft: DispenseDraft;
}

/** Checks every item and builds the draft from what is valid. */
export function buildDraft(
  prescriptionNumber: string,
  holdId: string | null,
  items: ItemInput[],
  receiver: Receiver | null = null,
): DraftCheck {
  const checks = items.map(checkItem);
  const lines = checks.flatMap((c) => c.lines);
  const canSubmit = lines.length > 0 && checks.every((c) => !c.invalid) && receiverComplete(receiver);
  return {
    checks,
    canSubmit,
    draft: { prescription_number: prescriptionNumber, hold_id: holdId, lines, receiver },
  };
}
