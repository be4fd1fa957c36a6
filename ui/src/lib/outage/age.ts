//! How old something is, in words of the UI language: "45 s", "12 min", "3 h 5 min", "2 d 4 h".

import { translate, type Lang } from "$lib/i18n";

/** Whole seconds from the RFC 3339 `iso` to `now` (0 when unreadable or in the future). */
export function ageSecs(iso: string, now: Date): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 0;
  return Math.max(0, Math.floor((now.getTime() - t) / 1000));
}

/** `secs` as a short age in `lang`. */
export function formatAge(lang: Lang, secs: number): string {
  const s = Math.max(0, Math.floor(secs));
  if (s < 60) return translate(lang, "outage.age.seconds", { n: s });
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return translate(lang, "outage.age.minutes", { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return translate(lang, "outage.age.hours", { h: hours, m: minutes % 60 });
  return translate(lang, "outage.age.days", { d: Math.floor(hours / 24), h: hours % 24 });
}
