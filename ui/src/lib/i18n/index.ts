//! Translation: the current language as a store and `t(key, params)` that fills `{placeholders}`.

import { derived, get, writable } from "svelte/store";
import { en } from "./en";
import { uz, type MessageKey } from "./uz";

export type { MessageKey } from "./uz";
export type Lang = "uz" | "en";
export type Params = Record<string, string | number>;

export const LANGS: readonly Lang[] = ["uz", "en"];
export const DEFAULT_LANG: Lang = "uz";

export const catalogues: Record<Lang, Record<MessageKey, string>> = { uz, en };

export function isLang(value: unknown): value is Lang {
  return value === "uz" || value === "en";
}

/** Names of the `{placeholders}` in a message, in order of first appearance. */
export function placeholders(message: string): string[] {
  const names: string[] = [];
  for (const m of message.matchAll(/\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g)) {
    const name = m[1];
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

/** The message for `key` in `lang` with its placeholders filled; unknown ones stay visible. */
export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  const message = catalogues[lang][key] ?? catalogues[DEFAULT_LANG][key] ?? key;
  return message.replace(/\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The UI language. */
export const locale = writable<Lang>(DEFAULT_LANG);

/** `$t(key, params)` in components; re-renders when the language changes. */
export const t = derived(
  locale,
  (lang) => (key: MessageKey, params?: Params) => translate(lang, key, params),
);

export function setLocale(lang: string): void {
  locale.set(isLang(lang) ? lang : DEFAULT_LANG);
  if (typeof document !== "undefined") document.documentElement.lang = get(locale);
}

export function currentLocale(): Lang {
  return get(locale);
}
