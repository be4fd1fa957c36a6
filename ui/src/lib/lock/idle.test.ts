import { describe, expect, it } from "vitest";
import { HEARTBEAT_MS, IdleTimer, isLockShortcut } from "./idle";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("IdleTimer", () => {
  it("is idle only once the limit passed without activity", () => {
    const c = clock();
    const timer = new IdleTimer(5, c.now);
    c.advance(5 * 60_000 - 1);
    expect(timer.idle()).toBe(false);
    c.advance(1);
    expect(timer.idle()).toBe(true);
  });

  it("starts the time again on activity", () => {
    const c = clock();
    const timer = new IdleTimer(1, c.now);
    c.advance(50_000);
    timer.activity();
    c.advance(50_000);
    expect(timer.idle()).toBe(false);
    c.advance(10_000);
    expect(timer.idle()).toBe(true);
  });

  it("reports activity to the counter at most every 30 seconds", () => {
    const c = clock();
    const timer = new IdleTimer(5, c.now);
    expect(timer.activity()).toBe(true);
    c.advance(HEARTBEAT_MS - 1);
    expect(timer.activity()).toBe(false);
    c.advance(1);
    expect(timer.activity()).toBe(true);
  });

  it("keeps the limit within 1 to 30 minutes", () => {
    const c = clock();
    const timer = new IdleTimer(0, c.now);
    c.advance(60_000);
    expect(timer.idle()).toBe(true);
    timer.setLimit(90);
    timer.reset();
    c.advance(30 * 60_000 - 1);
    expect(timer.idle()).toBe(false);
  });
});

describe("isLockShortcut", () => {
  it("is Ctrl+L by the physical key, whatever the layout types", () => {
    expect(isLockShortcut({ ctrlKey: true, altKey: false, metaKey: false, code: "KeyL" })).toBe(true);
    expect(isLockShortcut({ ctrlKey: false, altKey: false, metaKey: false, code: "KeyL" })).toBe(false);
    expect(isLockShortcut({ ctrlKey: true, altKey: true, metaKey: false, code: "KeyL" })).toBe(false);
    expect(isLockShortcut({ ctrlKey: true, altKey: false, metaKey: false, code: "KeyK" })).toBe(false);
  });
});
