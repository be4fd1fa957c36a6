//! Dispensing from the saved copy while offline: the central system cannot place a hold, so the
//! dispense form runs without one (the counter records the dispense and sends it when the
//! connection is back; the cache policy decides whether that prescription may be dispensed).

import type { ErrorCode, Hold } from "$lib/backend";

/** Errors of a hold that mean the central system cannot be reached now. */
const UNREACHABLE: readonly ErrorCode[] = ["NETWORK_UNAVAILABLE", "TIMEOUT", "SERVICE_UNAVAILABLE"];

/** Stands for "no hold: dispensing offline" where the dispense form expects a hold. */
export function offlineHold(): Hold {
  return { hold_id: "", expires_at: "" };
}

export function isOfflineHold(hold: Hold): boolean {
  return hold.hold_id === "";
}

/** Stands for "no hold: the central system offers none" (`NOT_OFFERED`): the dispense goes
 * online, without a reservation. */
export function noHoldOffered(): Hold {
  return { hold_id: "-", expires_at: "" };
}

export function isNoHoldOffered(hold: Hold): boolean {
  return hold.hold_id === "-";
}

/** The hold a dispense names: none for either stand-in. */
export function heldId(hold: Hold): string | null {
  return isOfflineHold(hold) || isNoHoldOffered(hold) ? null : hold.hold_id;
}

/** Whether a failed hold should open the form without a hold: the prescription on screen comes
 * from the saved copy and the central system cannot be reached. */
export function dispenseWithoutHold(code: ErrorCode, fromSavedCopy: boolean): boolean {
  return fromSavedCopy && UNREACHABLE.includes(code);
}
