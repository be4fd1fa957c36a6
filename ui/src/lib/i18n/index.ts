//! Translation: the current language as a store, and `t(key, params)` that formats the message
//! of `key` in it. Messages are ICU MessageFormat (`{name}`, `{n, plural, one {…} other {…}}`),
//! formatted by `intl-messageformat` with the language's locale; each compiled message is kept.

import { isArgumentElement, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { derived, get, writable } from "svelte/store";
import { en } from "./en";
import { ru } from "./ru";
import { uz, type MessageKey } from "./uz";
import { uzCyrl } from "./uz-Cyrl";

export type { MessageKey } from "./uz";
/** The languages of the UI, as the settings name them. */
export type Lang = "uz" | "uz-Cyrl" | "ru" | "en";
export type Params = Record<string, string | number>;

/** In the order the language picker offers them. */
export const LANGS: readonly Lang[] = ["uz", "uz-Cyrl", "ru", "en"];
export const DEFAULT_LANG: Lang = "uz";

/** The locale of each language, for plurals, dates and numbers (`Intl`). */
export const LOCALE_TAGS: Record<Lang, string> = {
  uz: "uz-Latn-UZ",
  "uz-Cyrl": "uz-Cyrl-UZ",
  ru: "ru-RU",
  en: "en-GB",
};

/** Each language named in itself, as the picker shows it whatever the UI language is. */
export const LANGUAGE_NAMES: Record<Lang, string> = {
  uz: "Oʻzbekcha",
  "uz-Cyrl": "Ўзбекча",
  ru: "Русский",
  en: "English",
};

export const catalogues: Record<Lang, Record<MessageKey, string>> = { uz, "uz-Cyrl": uzCyrl, ru, en };

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** A compiled message and the names of its plain `{name}` arguments. */
interface Compiled {
  format: IntlMessageFormat;
  plain: string[];
}

const compiled = new Map<string, Compiled | null>();

/** Names of the plain arguments in a parsed message, nested ones (in plural branches) too. */
function plainArguments(ast: MessageFormatElement[], into: Set<string>): Set<string> {
  for (const el of ast) {
    if (isArgumentElement(el)) into.add(el.value);
    if ("options" in el) {
      for (const option of Object.values(el.options)) plainArguments(option.value, into);
    }
  }
  return into;
}

/** The compiled message of `key` in `lang` (kept), or `null` when it does not parse. */
function compile(lang: Lang, key: MessageKey, message: string): Compiled | null {
  const id = `${lang}\u0000${key}`;
  let c = compiled.get(id);
  if (c === undefined) {
    try {
      const format = new IntlMessageFormat(message, LOCALE_TAGS[lang], undefined, { ignoreTag: true });
      c = { format, plain: [...plainArguments(format.getAst(), new Set())] };
    } catch {
      c = null;
    }
    compiled.set(id, c);
  }
  return c;
}

/** The message for `key` in `lang` with its arguments filled; a missing plain argument stays
 *  visible as `{name}`, and a message that cannot be formatted is shown as written. */
export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  const message = catalogues[lang][key] ?? catalogues[DEFAULT_LANG][key] ?? key;
  const c = compile(lang, key, message);
  if (!c) return message;
  const values: Params = { ...params };
  for (const name of c.plain) if (!(name in values)) values[name] = `{${name}}`;
  try {
    return String(c.format.format(values));
  } catch {
    return message;
  }
}

/** The UI language. */
export const locale = writable<Lang>(DEFAULT_LANG);

/** `$t(key, params)` in components; re-renders when the language changes. */
export const t = derived(
  locale,
  (lang) => (key: MessageKey, params?: Params) => translate(lang, key, params),
);

/** Switches the UI language (anything unknown: the default). */
export function setLocale(lang: string): void {
  locale.set(isLang(lang) ? lang : DEFAULT_LANG);
  if (typeof document !== "undefined") document.documentElement.lang = LOCALE_TAGS[get(locale)];
}

export function currentLocale(): Lang {
  return get(locale);
}
