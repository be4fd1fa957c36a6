//! Turns a backend error into one sentence in the UI language that says what happened and what
//! to do next, using the error's details (remaining quantity, holder, INNs, retry delay, and for
//! `INVALID_IDENTIFIER` the exact problem with the identifier).

import type { ErrorCode } from "$lib/backend";
import { formatTime } from "$lib/format";
import { isPermission } from "$lib/access";
import { MIN_PASSPHRASE_CHARS } from "$lib/backup/rules";
import { translate, type Lang, type MessageKey } from "$lib/i18n";

/** What the formatter needs from an error. */
export interface ErrorLike {
  code: ErrorCode;
  details?: Record<string, unknown>;
}

const ID_FIELDS = ["pinfl", "prescription_number", "access_code", "qr_payload"] as const;
type IdField = (typeof ID_FIELDS)[number];

function str(v: unknown): string | undefined {
  if (typeof v === "string" && v.trim()) return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

const WITHDRAW_REFUSALS = ["not_newest", "too_late", "other_pharmacy", "already_withdrawn"] as const;

const ERX_GROUPS = ["antibiotic", "antibacterial", "hormonal", "other"] as const;

function isERxGroup(g: string): g is (typeof ERX_GROUPS)[number] {
  return (ERX_GROUPS as readonly string[]).includes(g);
}

function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** A character as it can be shown between quotes: white space becomes a visible mark. */
function visible(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v !== "string") return "";
  return v.replace(/\s/g, "␣");
}

function fieldName(lang: Lang, field: unknown, fallback: IdField): string {
  const f = (ID_FIELDS as readonly string[]).includes(String(field)) ? (field as IdField) : fallback;
  return translate(lang, `field.${f}`);
}

/** Uzbek and Russian start sentences with the field name; English puts it after "The". */
function sentenceStart(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The message for an `INVALID_IDENTIFIER` error from its `problem` details. */
export function formatIdProblem(lang: Lang, details: Record<string, unknown>): string {
  const problem = str(details.problem);
  const field = fieldName(
    lang,
    details.field,
    problem === "sex_century" || problem === "birth_date" ? "pinfl" : "prescription_number",
  );
  const position = num(details.position) ?? "?";
  const found = visible(details.found);
  const p = (key: MessageKey, params: Record<string, string | number>) =>
    sentenceStart(translate(lang, key, params));
  switch (problem) {
    case "empty":
      return p("id.empty", { field });
    case "length": {
      const digitsOnly = details.field === "pinfl" || details.field === "access_code";
      return p(digitsOnly ? "id.length.digits" : "id.length.chars", {
        field,
        expected: num(details.expected) ?? "?",
        found: num(details.found) ?? "?",
      });
    }
    case "non_digit":
      return p("id.non_digit", { field, position, found });
    case "control_character":
      return p("id.control_character", { field, position });
    case "invalid_character": {
      const lookalike = str(details.lookalike);
      return lookalike
        ? p("id.invalid_character.lookalike", { field, position, found, lookalike })
        : p("id.invalid_character", { field, position, found });
    }
    case "check_character":
      return p("id.check_character", { field, expected: str(details.expected) ?? "?", found });
    case "sex_century":
      return p("id.sex_century", { found });
    case "birth_date": {
      const day = String(num(details.day) ?? "?").padStart(2, "0");
      const month = String(num(details.month) ?? "?").padStart(2, "0");
      return p("id.birth_date", { date: `${day}.${month}.${num(details.year) ?? "?"}` });
    }
    case "unknown_qr_format":
      return p("id.unknown_qr_format", {});
    case "unsupported_qr_version":
      return p("id.unsupported_qr_version", { found });
    default:
      return translate(lang, "error.INVALID_IDENTIFIER");
  }
}

/** The holder of a hold, as sent in details: a name, an id, or an object with either. */
function holderName(details: Record<string, unknown>): string | undefined {
  const holder = details.holder;
  if (holder && typeof holder === "object") {
    const h = holder as Record<string, unknown>;
    return str(h.name) ?? str(h.pharmacy_id);
  }
  return str(details.holder_name) ?? str(holder) ?? str(details.pharmacy_id);
}

/** The message for any backend error, in `lang`. */
export function formatError(lang: Lang, error: ErrorLike, now: Date = new Date()): string {
  const d = error.details ?? {};
  switch (error.code) {
    case "INVALID_IDENTIFIER":
      return str(d.problem) ? formatIdProblem(lang, d) : translate(lang, "error.INVALID_IDENTIFIER");
    case "QUANTITY_EXCEEDED": {
      const remaining = num(d.remaining);
      return remaining === undefined
        ? translate(lang, "error.QUANTITY_EXCEEDED.plain")
        : translate(lang, "error.QUANTITY_EXCEEDED", { remaining });
    }
    case "HELD_BY_OTHER_PHARMACY": {
      const holder = holderName(d);
      const expires = str(d.expires_at);
      return holder && expires
        ? translate(lang, "error.HELD_BY_OTHER_PHARMACY", { holder, time: formatTime(expires, now, lang) })
        : translate(lang, "error.HELD_BY_OTHER_PHARMACY.plain");
    }
    case "PRODUCT_INN_MISMATCH": {
      const itemInn = str(d.item_inn);
      const productInn = str(d.product_inn);
      return itemInn && productInn
        ? translate(lang, "error.PRODUCT_INN_MISMATCH", { itemInn, productInn })
        : translate(lang, "error.PRODUCT_INN_MISMATCH.plain");
    }
    case "SERVICE_UNAVAILABLE": {
      const seconds = num(d.retry_after_secs) ?? num(d.retry_after) ?? num(d.retry_after_seconds);
      return seconds === undefined
        ? translate(lang, "error.SERVICE_UNAVAILABLE.plain")
        : translate(lang, "error.SERVICE_UNAVAILABLE", { seconds });
    }
    case "FORBIDDEN": {
      if (d.reason === "access_revoked") return translate(lang, "error.FORBIDDEN.revoked");
      if (d.reason === "draft_of_another" && str(d.owner))
        return translate(lang, "error.FORBIDDEN.draft", { owner: str(d.owner) ?? "" });
      const permission = str(d.permission);
      return permission && isPermission(permission)
        ? translate(lang, "error.FORBIDDEN.permission", {
            who: translate(lang, `permission.${permission}`),
          })
        : translate(lang, "error.FORBIDDEN");
    }
    case "E_RX_REQUIRED": {
      const product = str(d.trade_name);
      const atc = str(d.atc);
      const group = str(d.group);
      return product && atc && group && isERxGroup(group)
        ? translate(lang, "error.E_RX_REQUIRED.product", {
            product,
            atc,
            group: translate(lang, `erx.group.${group}`),
          })
        : translate(lang, "error.E_RX_REQUIRED");
    }
    case "WITHDRAW_NOT_ALLOWED": {
      const why = str(d.reason);
      return why && WITHDRAW_REFUSALS.includes(why as (typeof WITHDRAW_REFUSALS)[number])
        ? translate(lang, `error.WITHDRAW_NOT_ALLOWED.${why as (typeof WITHDRAW_REFUSALS)[number]}`)
        : translate(lang, "error.WITHDRAW_NOT_ALLOWED");
    }
    case "INVALID_SETTING":
      // The machine configuration fixes the setting (`settings::fixed_by_machine`).
      if (/fixed by the machine configuration/i.test(str(d.reason) ?? ""))
        return translate(lang, "error.INVALID_SETTING.fixed");
      if (d.setting === "backup.folder") return translate(lang, "error.INVALID_SETTING.backupFolder");
      if (d.setting === "backup.keep") return translate(lang, "error.INVALID_SETTING.backupKeep");
      if (d.setting === "backup")
        return /training/i.test(str(d.reason) ?? "")
          ? translate(lang, "error.INVALID_SETTING.backupTraining")
          : translate(lang, "error.backup.no_folder");
      return translate(lang, "error.INVALID_SETTING");
    case "BAD_REQUEST":
      // A backup's refusal (`counter::backup::BackupProblem`, named in `details.backup`); those
      // of a restore are `dorixona restore`'s, which words them itself.
      switch (d.backup) {
        case "no_passphrase":
          return translate(lang, "error.backup.no_passphrase");
        case "weak_passphrase":
          return translate(lang, "error.backup.weak_passphrase", { min: MIN_PASSPHRASE_CHARS });
        case "no_folder":
          return translate(lang, "error.backup.no_folder");
        case "folder_missing":
          return translate(lang, "error.backup.folder_missing", { folder: str(d.folder) ?? "?" });
        default:
          return translate(lang, "error.BAD_REQUEST");
      }
    case "STORAGE_ERROR":
      return d.problem === "no_keyring"
        ? translate(lang, "error.STORAGE_ERROR.no_keyring")
        : translate(lang, "error.STORAGE_ERROR");
    case "UNAUTHENTICATED": {
      if (d.reason === "unauthenticated") return translate(lang, "error.UNAUTHENTICATED.session");
      const left = num(d.attempts_left);
      return left === undefined
        ? translate(lang, "error.UNAUTHENTICATED")
        : translate(lang, "error.UNAUTHENTICATED.attempts", { n: left });
    }
    case "TOO_MANY_ATTEMPTS": {
      if (d.reason === "unlock_attempts") return translate(lang, "error.TOO_MANY_ATTEMPTS.unlock");
      const seconds = num(d.retry_after_secs);
      return seconds === undefined
        ? translate(lang, "error.TOO_MANY_ATTEMPTS.plain")
        : translate(lang, "error.TOO_MANY_ATTEMPTS", { minutes: Math.max(1, Math.ceil(seconds / 60)) });
    }
    default:
      return translate(lang, `error.${error.code}`);
  }
}
