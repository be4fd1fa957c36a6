//! Report periods: the local (Tashkent, UTC+5) day and the presets of the reports screen.

export type Preset = "today" | "week" | "month" | "custom";
export const PRESETS: readonly Preset[] = ["today", "week", "month", "custom"];

const OFFSET_MS = 5 * 3600_000;

function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The local (Tashkent) date at `now`, `YYYY-MM-DD`. */
export function localToday(now: Date): string {
  return ymd(new Date(now.getTime() + OFFSET_MS));
}

/** The days `from..=to` of a preset at `now`: today; this week from Monday; this month from the 1st. */
export function presetRange(preset: Exclude<Preset, "custom">, now: Date): { from: string; to: string } {
  const local = new Date(now.getTime() + OFFSET_MS);
  const to = ymd(local);
  if (preset === "today") return { from: to, to };
  if (preset === "week") {
    const sinceMonday = (local.getUTCDay() + 6) % 7;
    return { from: ymd(new Date(local.getTime() - sinceMonday * 86_400_000)), to };
  }
  return { from: `${to.slice(0, 8)}01`, to };
}

/** Every day of `from..=to` (empty when `to` is before `from`). */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < 4000; t += 86_400_000) {
    out.push(ymd(new Date(t)));
  }
  return out;
}

/** Whether `from..=to` is a valid period. */
export function validRange(from: string, to: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
}
