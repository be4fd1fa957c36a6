//! The self-check's findings in words: each finding's check, status, outcome and facts become
//! the label, the words (`doctor.<check>.<outcome>`) and, for a problem, the advice
//! (`….advice`) of the UI language, as `dorixona doctor` says them on the command line. Dates
//! among the facts are shown as dates of the language. An outcome without words here (a newer
//! counter than this window) is shown by its id rather than not at all.

import type { CheckStatus, Finding } from "$lib/backend";
import { formatDate } from "$lib/format";
import { catalogues, translate, type Lang, type MessageKey, type Params } from "$lib/i18n";

/** The statuses in the order a report counts them. */
export const STATUSES: readonly CheckStatus[] = ["ok", "warn", "fail", "skip"];

/** The mark beside each status word (the status is never told by colour alone). */
export const STATUS_MARK: Record<CheckStatus, string> = { ok: "✓", warn: "!", fail: "✕", skip: "–" };

/** The facts that are calendar days (`YYYY-MM-DD`). */
const DATE_FACTS = new Set(["until", "date"]);

function isKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogues.uz, key);
}

/** Whether the finding is a problem, so its words come with advice. */
export function isProblem(f: Finding): boolean {
  return f.status === "warn" || f.status === "fail";
}

/** The facts of `f` as the message's arguments. */
export function findingParams(f: Finding, lang: Lang): Params {
  const params: Params = {};
  for (const [name, value] of Object.entries(f.facts)) {
    if (value === null || value === undefined) params[name] = "";
    else if (typeof value === "string" && DATE_FACTS.has(name)) params[name] = formatDate(value, lang);
    else params[name] = value;
  }
  return params;
}

/** The first letter in upper case, unless the message starts with an argument (an address). */
function sentence(lang: Lang, key: MessageKey, text: string): string {
  if (catalogues[lang][key].startsWith("{")) return text;
  return text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);
}

/** The name of `check` ("central system", "database" …). */
export function checkLabel(lang: Lang, check: string): string {
  const key = `doctor.check.${check}`;
  return isKey(key) ? sentence(lang, key, translate(lang, key)) : check;
}

/** The word of `status`. */
export function statusLabel(lang: Lang, status: CheckStatus): string {
  return translate(lang, `doctor.status.${status}`);
}

/** What the finding says. */
export function findingWords(lang: Lang, f: Finding): string {
  const key = `doctor.${f.check}.${f.outcome}`;
  return isKey(key) ? sentence(lang, key, translate(lang, key, findingParams(f, lang))) : f.outcome;
}

/** What to do about a problem (`null` for a finding that is none, or has no advice). */
export function findingAdvice(lang: Lang, f: Finding): string | null {
  if (!isProblem(f)) return null;
  const key = `doctor.${f.check}.${f.outcome}.advice`;
  return isKey(key) ? sentence(lang, key, translate(lang, key, findingParams(f, lang))) : null;
}

/** "1 failure, 2 warnings" in `lang`. */
export function summaryOf(lang: Lang, findings: readonly Finding[]): string {
  const count = (s: CheckStatus) => findings.filter((f) => f.status === s).length;
  return translate(lang, "doctor.summary", { fail: count("fail"), warn: count("warn") });
}

/** The findings as the plain-text report support is sent: a line a check (status, name,
 *  words), the advice under each problem, then the summary, as `dorixona doctor` prints them. */
export function reportLines(lang: Lang, findings: readonly Finding[], heading?: string): string[] {
  const width = Math.max(0, ...findings.map((f) => checkLabel(lang, f.check).length));
  const statusWidth = Math.max(...STATUSES.map((s) => statusLabel(lang, s).length));
  const lines: string[] = heading ? [heading, ""] : [];
  for (const f of findings) {
    const status = statusLabel(lang, f.status).padEnd(statusWidth);
    const label = checkLabel(lang, f.check).padEnd(width);
    lines.push(`${status}  ${label}  ${findingWords(lang, f)}`);
    const advice = findingAdvice(lang, f);
    if (advice) lines.push(`${" ".repeat(statusWidth)}  → ${advice}`);
  }
  lines.push("", summaryOf(lang, findings));
  return lines;
}
