//! Display formats shared by the screens: prescription numbers, and dates, times, numbers, money
//! and lists in the UI language (through `Intl`, with the language's locale). Each function takes
//! the language (the current one by default); `$fmt` gives them bound to the current language,
//! so a screen re-renders when the language changes.

import { derived } from "svelte/store";
import { currentLocale, locale, LOCALE_TAGS, type Lang } from "$lib/i18n";

/** `7K3M9P2Q4R8X` → `7K3M-9P2Q-4R8X`; anything that is not 12 characters is shown as given. */
export function formatRxNumber(number: string): string {
  const s = number.replace(/[-\s]/g, "").toUpperCase();
  if (s.length !== 12) return number;
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

const DATE_OPTIONS: Record<"date" | "dayMonth" | "time", Intl.DateTimeFormatOptions> = {
  date: { day: "2-digit", month: "2-digit", year: "numeric" },
  dayMonth: { day: "2-digit", month: "2-digit" },
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
};

function dateFormat(lang: Lang, kind: "date" | "dayMonth" | "time", timeZone?: string): Intl.DateTimeFormat {
  const id = `${lang}/${kind}/${timeZone ?? ""}`;
  let f = dateFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE_TAGS[lang], { ...DATE_OPTIONS[kind], timeZone });
    dateFormats.set(id, f);
  }
  return f;
}

/** A calendar day (or, with `dayMonth`, its day and month) in the numeric form of `lang`.
 *  Uzbek (both scripts) writes it as on Uzbek documents, `DD.MM.YYYY`, where the locale data
 *  has slashes. */
function numericDate(lang: Lang, d: Date, timeZone?: string, kind: "date" | "dayMonth" = "date"): string {
  const parts = dateFormat(lang, kind, timeZone).formatToParts(d);
  if (lang !== "uz" && lang !== "uz-Cyrl") return parts.map((p) => p.value).join("");
  return parts.map((p) => (p.type === "literal" ? "." : p.value)).join("");
}

/** The UTC midnight of a `YYYY-MM-DD` (or the start of a timestamp); null when it is no day. */
function calendarDay(ymd: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d;
}

/** `YYYY-MM-DD` (or the start of a timestamp) as a date of `lang`: `29.11.2026` in Uzbek and
 *  Russian, `29/11/2026` in English. Anything else is shown as given. */
export function formatDate(ymd: string, lang: Lang = currentLocale()): string {
  const d = calendarDay(ymd);
  return d ? numericDate(lang, d, "UTC") : ymd;
}

/** `YYYY-MM-DD` as its day and month only, for a chart's axis: `29.11` in Uzbek and Russian,
 *  `29/11` in English. Anything else is shown as given. */
export function formatDayMonth(ymd: string, lang: Lang = currentLocale()): string {
  const d = calendarDay(ymd);
  return d ? numericDate(lang, d, "UTC", "dayMonth") : ymd;
}

/** An RFC 3339 timestamp as local `HH:MM` (with the date when it is not today). */
export function formatTime(iso: string, now: Date = new Date(), lang: Lang = currentLocale()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = dateFormat(lang, "time").format(d);
  const sameDay =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return sameDay ? time : `${numericDate(lang, d)} ${time}`;
}

/** A local `YYYY-MM-DD HH:MM` (as reports give times) with the date in the form of `lang`. */
export function formatLocalMinute(text: string, lang: Lang = currentLocale()): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(text);
  return m && m[1] && m[2] ? `${formatDate(m[1], lang)} ${m[2]}` : formatDate(text, lang);
}

/** A timestamp with its date and time as in Tashkent, the counter's local day. */
export function formatTashkent(iso: string, lang: Lang = currentLocale()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const zone = "Asia/Tashkent";
  return `${numericDate(lang, d, zone)} ${dateFormat(lang, "time", zone).format(d)}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, options: Intl.NumberFormatOptions, id: string): Intl.NumberFormat {
  const key = `${lang}/${id}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE_TAGS[lang], options);
    numberFormats.set(key, f);
  }
  return f;
}

/** A number with the grouping and decimal mark of `lang` (`12 345,5`, `12,345.5`). */
export function formatNumber(n: number, lang: Lang = currentLocale()): string {
  return numberFormat(lang, { maximumFractionDigits: 3 }, "number").format(n);
}

/** An amount in Uzbek soʻm, whole when it is whole (`125 000 soʻm`, `125 000 сўм`). */
export function formatMoney(amount: number, lang: Lang = currentLocale()): string {
  const whole = Number.isInteger(amount);
  return numberFormat(
    lang,
    { style: "currency", currency: "UZS", minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 },
    whole ? "money0" : "money2",
  ).format(amount);
}

/** Items joined as a list of `lang` (`a, b va c`, `a, b и c`, `a, b and c`). */
export function formatList(items: readonly string[], lang: Lang = currentLocale()): string {
  return new Intl.ListFormat(LOCALE_TAGS[lang], { type: "conjunction" }).format(items);
}

/** The formats above bound to the current language: `$fmt.date(ymd)` re-renders on a switch. */
export const fmt = derived(locale, (lang) => ({
  date: (ymd: string) => formatDate(ymd, lang),
  dayMonth: (ymd: string) => formatDayMonth(ymd, lang),
  time: (iso: string, now?: Date) => formatTime(iso, now, lang),
  localMinute: (text: string) => formatLocalMinute(text, lang),
  tashkent: (iso: string) => formatTashkent(iso, lang),
  number: (n: number) => formatNumber(n, lang),
  money: (amount: number) => formatMoney(amount, lang),
  list: (items: readonly string[]) => formatList(items, lang),
}));

/** Today's calendar date, local, as `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from.slice(0, 10)}T00:00:00Z`);
  const b = Date.parse(`${to.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) return 0;
  return Math.round((b - a) / 86_400_000);
}
