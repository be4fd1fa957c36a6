//! The dispense form's rules: each dispensable item gets a product and a whole quantity
//! (0 skips the item, never more than what remains); the draft is sent only when at least one
//! line is valid and none is invalid.

import type { DispenseDraft, DraftLine, Item } from "$lib/backend";
import { remaining } from "./dispensability";

/** What the pharmacist entered for one item. */
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

/** Checks one line. An empty quantity counts as 0 (skip). */
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

export interface DraftCheck {
  checks: LineCheck[];
  /** At least one valid line and no invalid one. */
  canSubmit: boolean;
  draft: DispenseDraft;
}

/** Checks every line and builds the draft from the valid ones. */
export function buildDraft(
  prescriptionNumber: string,
  holdId: string | null,
  inputs: LineInput[],
): DraftCheck {
  const checks = inputs.map(checkLine);
  const lines = checks.flatMap((c) => (c.state === "valid" ? [c.line] : []));
  const canSubmit = lines.length > 0 && checks.every((c) => c.state !== "invalid");
  return { checks, canSubmit, draft: { prescription_number: prescriptionNumber, hold_id: holdId, lines } };
}
