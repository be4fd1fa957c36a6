//! The lookup conversation: one call to the backend, and what the screen must do next when the
//! backend asks for an identity-document check (PINFL) or the patient's access code (number).

import { BackendError, type Backend, type IdDocumentKind, type LookupResult } from "$lib/backend";

export type LookupStep =
  /** One prescription (show the card) or several (show the list). */
  | { kind: "found"; result: LookupResult }
  /** Ask which identity document was checked; then call `lookup(input, document)`. */
  | { kind: "needIdCheck"; input: string }
  /** Ask for the 4-digit code; then call `lookup(withAccessCode(number, code), …)`. */
  | { kind: "needAccessCode"; number: string; document: IdDocumentKind | null }
  | { kind: "failed"; error: BackendError };

/** The number part of an input that lacked its access code. */
export function numberOf(input: string, details: Record<string, unknown> = {}): string {
  if (typeof details.number === "string" && details.number.trim()) return details.number.trim();
  const s = input.trim();
  const url = /\/rx\/([^/?#\s]+)/i.exec(s);
  if (url?.[1]) return url[1];
  const qr = /^DMEDRX:1:([^:]+)/i.exec(s);
  if (qr?.[1]) return qr[1];
  return s;
}

/** `"<number> <code>"`, the form the backend reads as a number with its access code. */
export function withAccessCode(number: string, code: string): string {
  return `${number.trim()} ${code.trim()}`;
}

/** Exactly four digits. */
export function isAccessCode(code: string): boolean {
  return /^[0-9]{4}$/.test(code.trim());
}

/** Runs one lookup and says what comes next. Never throws. */
export async function runLookup(
  backend: Backend,
  input: string,
  document: IdDocumentKind | null = null,
): Promise<LookupStep> {
  try {
    const result = await backend.lookup(input, document);
    return { kind: "found", result };
  } catch (raw) {
    const error = BackendError.from(raw);
    if (error.code === "ID_DOCUMENT_CHECK_REQUIRED" && document === null) {
      return { kind: "needIdCheck", input };
    }
    if (error.code === "ACCESS_CODE_REQUIRED") {
      return { kind: "needAccessCode", number: numberOf(input, error.details), document };
    }
    return { kind: "failed", error };
  }
}
