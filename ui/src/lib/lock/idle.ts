//! The window's inactivity timer. The window locks itself when nobody touched a key, the mouse or
//! the screen for the chosen minutes; it tells the counter about activity at most every
//! `HEARTBEAT_MS`, since the counter enforces the same limit a minute later as a backstop.

import { matches } from "$lib/keys/shortcuts";

/** The least time between two reports of activity to the counter. */
export const HEARTBEAT_MS = 30_000;

/** The DOM events that count as someone at the counter. */
export const ACTIVITY_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;

export class IdleTimer {
  private last: number;
  private lastBeat = Number.NEGATIVE_INFINITY;
  private limitMs: number;
  private readonly now: () => number;

  constructor(limitMinutes: number, now: () => number = () => Date.now()) {
    this.now = now;
    this.limitMs = minutesToMs(limitMinutes);
    this.last = now();
  }

  /** A new limit (the manager changed it); the time already idle still counts. */
  setLimit(minutes: number): void {
    this.limitMs = minutesToMs(minutes);
  }

  /** Someone is at the counter. True when the counter should hear of it now. */
  activity(): boolean {
    const t = this.now();
    this.last = t;
    if (t - this.lastBeat >= HEARTBEAT_MS) {
      this.lastBeat = t;
      return true;
    }
    return false;
  }

  /** Whether the limit passed since the last activity. */
  idle(): boolean {
    return this.now() - this.last >= this.limitMs;
  }

  /** Starts the time again (after unlocking or signing in). */
  reset(): void {
    this.last = this.now();
    this.lastBeat = Number.NEGATIVE_INFINITY;
  }
}

function minutesToMs(minutes: number): number {
  const m = Number.isFinite(minutes) ? Math.min(30, Math.max(1, Math.round(minutes))) : 5;
  return m * 60_000;
}

/** Whether a key press is the lock shortcut (Ctrl+L, on any layout: the physical key). */
export function isLockShortcut(e: Pick<KeyboardEvent, "ctrlKey" | "altKey" | "metaKey" | "code">): boolean {
  return matches(e, "lock");
}
