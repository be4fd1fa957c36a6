//! Who may do what, as the Rust side enforces it (`counter::access`, `docs/roles.md`): the UI
//! uses it only to hide what the signed-in role cannot do. The backend refuses it anyway.

import type { Session, StaffRole } from "$lib/backend";

/** The permissions of `docs/roles.md`. */
export const PERMISSIONS = ["anyone", "signed_in", "read", "dispense", "manage", "administer"] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(v: string): v is Permission {
  return (PERMISSIONS as readonly string[]).includes(v);
}

const HOLDERS: Record<Permission, readonly StaffRole[] | "all"> = {
  anyone: "all",
  signed_in: "all",
  read: ["pharmacist", "manager", "nurse", "registrar"],
  dispense: ["pharmacist", "manager"],
  manage: ["manager"],
  administer: ["administrator"],
};

/** Whether `role` holds `permission`. */
export function allows(permission: Permission, role: StaffRole): boolean {
  const holders = HOLDERS[permission];
  return holders === "all" || holders.includes(role);
}

/** Whether the session (none: nobody signed in) may do what needs `permission`. */
export function can(session: Session | null, permission: Permission): boolean {
  if (permission === "anyone") return true;
  return session !== null && allows(permission, session.pharmacist.role);
}
