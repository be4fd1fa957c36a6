//! The one error type the UI catches from the backend: a code to branch on, the backend's
//! English message (for logs), and structured details for the translated message.

import type { ErrorCode, IpcError } from "./bindings";

/** Every error code the backend can report, in the order of `dmed_api::ErrorCode::ALL`. */
export const ERROR_CODES = [
  "PRESCRIPTION_NOT_FOUND",
  "INVALID_IDENTIFIER",
  "ACCESS_CODE_MISMATCH",
  "NOT_YET_VALID",
  "EXPIRED",
  "CANCELLED",
  "ALREADY_DISPENSED",
  "HELD_BY_OTHER_PHARMACY",
  "HOLD_EXPIRED",
  "QUANTITY_EXCEEDED",
  "PRODUCT_INN_MISMATCH",
  "MARKING_CODE_INVALID",
  "MARKING_CODE_RETIRED",
  "IDEMPOTENCY_CONFLICT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "SERVICE_UNAVAILABLE",
  "ID_DOCUMENT_NOT_CHECKED",
  "BAD_REQUEST",
  "NOT_FOUND",
  "WITHDRAW_NOT_ALLOWED",
  "INTERNAL",
  "TOO_MANY_ATTEMPTS",
  "NETWORK_UNAVAILABLE",
  "TIMEOUT",
  "STORAGE_ERROR",
  "NOT_SIGNED_IN",
  "LOCKED",
  "ID_DOCUMENT_CHECK_REQUIRED",
  "ACCESS_CODE_REQUIRED",
  "E_RX_REQUIRED",
  "INVALID_SETTING",
  "PROTOCOL_ERROR",
  "DISPENSE_NOT_RECORDED",
  "PRINTER_UNAVAILABLE",
  "NOT_OFFERED",
  "UPDATE_NOT_CONFIGURED",
  "UPDATE_UNREACHABLE",
  "UPDATE_SIGNATURE_INVALID",
  "UPDATE_DOWNGRADE",
  "UPDATE_BUSY",
  "UPDATE_FAILED",
] as const satisfies readonly ErrorCode[];

// Compile-time proof that the list above names every code of the union.
type Missing = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const _allCodesListed: Missing extends never ? true : Missing = true;
void _allCodesListed;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

/** A failed backend call. */
export class BackendError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "BackendError";
    this.code = code;
    this.details = details;
  }

  /** Turns whatever a failed call produced into a `BackendError`. */
  static from(raw: unknown): BackendError {
    if (raw instanceof BackendError) return raw;
    if (raw && typeof raw === "object" && "code" in raw && isErrorCode((raw as IpcError).code)) {
      const ipc = raw as IpcError;
      const details = ipc.details && typeof ipc.details === "object" ? { ...ipc.details } : {};
      return new BackendError(ipc.code, String(ipc.message ?? ipc.code), details);
    }
    const text = raw instanceof Error ? raw.message : String(raw);
    return new BackendError("PROTOCOL_ERROR", text, {});
  }
}
