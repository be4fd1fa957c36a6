//! The updates part of the in-memory backend: a feed that tests set (what it offers, whether
//! its signature verifies), the gate's rules as the shell applies them (newer only; while the
//! counter is busy only with "install anyway"), and the restart.

import { BackendError } from "./errors";
import type { CounterBusy, UpdateCheck, UpdateInstalled, UpdateOffer, UpdateRelease } from "./bindings";

/** `offered` against `running` as `major.minor.patch` (a pre-release is older than its release). */
export function compareVersions(running: string, offered: string): UpdateOffer {
  const parse = (v: string) => {
    const [core = "", pre] = v.replace(/^v/, "").split("+")[0]!.split("-", 2);
    return { nums: core.split(".").map((n) => Number(n) || 0), pre: pre ?? null };
  };
  const a = parse(running);
  const b = parse(offered);
  for (let i = 0; i < 3; i++) {
    const d = (b.nums[i] ?? 0) - (a.nums[i] ?? 0);
    if (d !== 0) return d > 0 ? "newer" : "older";
  }
  if (a.pre === b.pre) return "same";
  if (a.pre === null) return "older";
  if (b.pre === null) return "newer";
  return b.pre > a.pre ? "newer" : "older";
}

/** Whether nothing would be interrupted. */
export function isIdle(busy: CounterBusy): boolean {
  return busy.open_dispenses === 0 && busy.parked_sessions === 0 && busy.outbox_pending === 0;
}

/** The reasons of a busy counter, as `details.reasons` of `UPDATE_BUSY` names them. */
export function busyReasons(busy: CounterBusy): string[] {
  const reasons: string[] = [];
  if (busy.open_dispenses > 0) reasons.push("open_dispense");
  if (busy.parked_sessions > 0) reasons.push("parked_session");
  if (busy.outbox_pending > 0) reasons.push("outbox");
  return reasons;
}

/** The simulated update feed and installer. */
export class UpdateMock {
  /** The running version. */
  current = "0.1.0";
  /** What the feed offers; `null`: nothing. */
  offered: UpdateRelease | null = {
    version: "0.2.0",
    notes: "Dorixona 0.2.0: faster lookups; receipts in Uzbek Cyrillic.",
    date: "2026-12-01T09:00:00Z",
  };
  /** How this copy was installed: `deb`, `rpm`, `appimage` or `not_packaged`. */
  installKind = "deb";
  /** People who stepped away at the lock screen (the rest of the busy state comes from the mock's
   *  holds and outbox). */
  parkedSessions = 0;
  /** The feed cannot be reached. */
  unreachable = false;
  /** The next download does not verify against the release key. */
  badSignature = false;
  /** The version installed in this run, waiting for a restart. */
  installed: string | null = null;
  /** How many times the app was restarted into an update. */
  restarts = 0;

  private feed(): UpdateRelease | null {
    if (this.unreachable) throw new BackendError("UPDATE_UNREACHABLE", "the update feed: connection refused");
    return this.offered ? { ...this.offered } : null;
  }

  check(busy: CounterBusy): UpdateCheck {
    const release = this.feed();
    const offer = release ? compareVersions(this.current, release.version) : null;
    return {
      current: this.current,
      release,
      offer,
      busy,
      install_kind: this.installKind,
      may_install_now: offer === "newer" && this.installKind !== "not_packaged" && isIdle(busy),
    };
  }

  install(version: string, anyway: boolean, busy: CounterBusy): UpdateInstalled {
    if (this.installKind === "not_packaged") {
      throw new BackendError("UPDATE_FAILED", "this copy was not installed from a package", {
        reason: "not_packaged",
      });
    }
    const release = this.feed();
    if (!release) {
      throw new BackendError("UPDATE_DOWNGRADE", "the feed offers nothing newer", {
        current: this.current,
        offer: "none",
      });
    }
    if (release.version !== version) {
      throw new BackendError("UPDATE_FAILED", "the feed now offers another version", {
        reason: "offer_changed",
        offered: release.version,
      });
    }
    const offer = compareVersions(this.current, version);
    if (offer !== "newer") {
      throw new BackendError("UPDATE_DOWNGRADE", "not newer than the running version", {
        current: this.current,
        offered: version,
        offer,
      });
    }
    if (!isIdle(busy) && !anyway) {
      throw new BackendError("UPDATE_BUSY", "the counter is busy", {
        reasons: busyReasons(busy),
        ...busy,
      });
    }
    if (this.badSignature) {
      this.badSignature = false;
      throw new BackendError("UPDATE_SIGNATURE_INVALID", "the update: signature verification failed");
    }
    this.installed = version;
    return { version, anyway: anyway && !isIdle(busy) };
  }

  restart(): void {
    if (!this.installed) {
      throw new BackendError("UPDATE_FAILED", "no update was installed", { reason: "nothing_installed" });
    }
    this.restarts += 1;
    this.current = this.installed;
    this.installed = null;
  }
}
