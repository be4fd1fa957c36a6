//! Codes the backend sends as plain text, in words of the UI language: the state a training
//! sample shows, and a withdrawal's reason (its code, then the pharmacist's words after `: `).

import { translate, type Lang, type MessageKey } from "./index";

/** The states the training samples show (the sandbox's demo and the in-browser mock). */
export const SAMPLE_STATES = [
  "active",
  "chronic_active",
  "partially_dispensed",
  "chronic_partially_dispensed",
  "completed",
  "cancelled",
  "expired",
  "not_yet_valid",
  "held_by_other_pharmacy",
] as const;

/** The words for a training sample's `state`; an unknown state is just "sample". */
export function sampleStateText(lang: Lang, state: string): string {
  const known = (SAMPLE_STATES as readonly string[]).includes(state);
  return translate(lang, (known ? `sample.state.${state}` : "sample.state.other") as MessageKey);
}

/** The reasons a dispense is withdrawn for (`WithdrawReason`). */
export const WITHDRAW_REASONS = [
  "recorded_by_mistake",
  "wrong_product",
  "wrong_quantity",
  "wrong_prescription",
  "returned_at_once",
  "other",
] as const;

/** A withdrawal's reason as sent (`wrong_product`, `other: pack damaged`) in words; text that
 *  does not start with a known code is shown as it is. */
export function withdrawReasonText(lang: Lang, raw: string): string {
  const m = /^([a-z_]+)(?::\s*([\s\S]*))?$/.exec(raw.trim());
  const code = m?.[1];
  if (!m || !code || !(WITHDRAW_REASONS as readonly string[]).includes(code)) return raw;
  const label = translate(lang, `withdraw.reason.${code}` as MessageKey);
  const note = m[2]?.trim();
  return note ? translate(lang, "common.withNote", { label, note }) : label;
}
