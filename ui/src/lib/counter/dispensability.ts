//! Whether a prescription can be dispensed today, and if not, the error code that says why
//! (the same code the backend would answer with, so the message is the same).

import type { ErrorCode, Item, Prescription } from "$lib/backend";

/** Items with something left to give. */
export function dispensableItems(rx: Prescription): Item[] {
  return rx.items.filter(
    (i) =>
      (i.status === "to_dispense" || i.status === "partial") && i.quantity_prescribed > i.quantity_dispensed,
  );
}

export function remaining(item: Item): number {
  return Math.max(0, item.quantity_prescribed - item.quantity_dispensed);
}

/** Why `rx` cannot be dispensed on `today` (`YYYY-MM-DD`), or `null` if it can. */
export function whyNotDispensable(rx: Prescription, today: string): ErrorCode | null {
  switch (rx.status) {
    case "cancelled":
      return "CANCELLED";
    case "completed":
      return "ALREADY_DISPENSED";
    case "expired":
      return "EXPIRED";
    default:
      break;
  }
  if (rx.valid_until < today) return "EXPIRED";
  if (rx.valid_from > today) return "NOT_YET_VALID";
  if (dispensableItems(rx).length === 0) return "ALREADY_DISPENSED";
  return null;
}

/** A live hold by a pharmacy other than `ownPharmacyId`, if any. */
export function foreignHold(rx: Prescription, ownPharmacyId: string | null, now: Date = new Date()) {
  const hold = rx.hold;
  if (!hold) return null;
  if (ownPharmacyId !== null && hold.pharmacy_id === ownPharmacyId) return null;
  if (Date.parse(hold.expires_at) <= now.getTime()) return null;
  return hold;
}
