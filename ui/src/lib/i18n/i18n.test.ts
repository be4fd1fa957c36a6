import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { get } from "svelte/store";
import { afterEach, describe, expect, it } from "vitest";
import { catalogues, LANGS, locale, setLocale, t, translate, type Lang, type MessageKey } from "./index";
import { uz } from "./uz";

afterEach(() => setLocale("uz"));

/** The arguments of a parsed message: name → kind (`plain`, `number`, `plural`, `select` …), nested ones too. */
function argumentsOf(
  ast: MessageFormatElement[],
  into = new Map<string, Set<string>>(),
): Map<string, Set<string>> {
  const add = (name: string, kind: string) => {
    const kinds = into.get(name) ?? new Set<string>();
    kinds.add(kind);
    into.set(name, kinds);
  };
  for (const el of ast) {
    switch (el.type) {
      case TYPE.argument:
        add(el.value, "plain");
        break;
      case TYPE.number:
        add(el.value, "number");
        break;
      case TYPE.date:
        add(el.value, "date");
        break;
      case TYPE.time:
        add(el.value, "time");
        break;
      case TYPE.select:
        add(el.value, "select");
        break;
      case TYPE.plural:
        add(el.value, el.pluralType === "ordinal" ? "selectordinal" : "plural");
        break;
      case TYPE.tag:
        add(el.value, "tag");
        argumentsOf(el.children, into);
        break;
      default:
        break;
    }
    if (el.type === TYPE.select || el.type === TYPE.plural) {
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

/** `{name: "kind,kind"}`, sorted, for comparing. */
function signature(message: string): Record<string, string> {
  const args = argumentsOf(parse(message, { ignoreTag: true }));
  return Object.fromEntries(
    [...args.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, kinds]) => [name, [...kinds].sort().join(",")]),
  );
}

/** The select branches a message offers, per argument (`erx: no,other,yes`). */
function selectBranches(
  ast: MessageFormatElement[],
  into: Record<string, string> = {},
): Record<string, string> {
  for (const el of ast) {
    if (el.type === TYPE.select) into[el.value] = Object.keys(el.options).sort().join(",");
    if (el.type === TYPE.select || el.type === TYPE.plural) {
      for (const option of Object.values(el.options)) selectBranches(option.value, into);
    }
  }
  return into;
}

const reference = Object.keys(uz).sort();
const others = LANGS.filter((l) => l !== "uz");

describe("message catalogues", () => {
  it("offers four languages, Uzbek Latin first and by default", () => {
    expect(LANGS).toEqual(["uz", "uz-Cyrl", "ru", "en"]);
    expect(Object.keys(catalogues).sort()).toEqual([...LANGS].sort());
  });

  for (const lang of others) {
    it(`${lang} has every key of the reference (uz) and no other`, () => {
      const keys = Object.keys(catalogues[lang]).sort();
      const missing = reference.filter((k) => !keys.includes(k));
      const extra = keys.filter((k) => !reference.includes(k));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    });
  }

  it("every message of every language parses as ICU MessageFormat", () => {
    const broken: string[] = [];
    for (const lang of LANGS) {
      for (const [key, message] of Object.entries(catalogues[lang])) {
        try {
          parse(message, { ignoreTag: true, requiresOtherClause: true });
        } catch (e) {
          broken.push(`${lang} ${key}: ${String(e)}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("every key has the same arguments, of the same kinds, in every language", () => {
    const differ: string[] = [];
    for (const key of reference as MessageKey[]) {
      const want = signature(uz[key]);
      for (const lang of others) {
        const got = signature(catalogues[lang][key]);
        if (JSON.stringify(got) !== JSON.stringify(want))
          differ.push(`${lang} ${key}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it("select messages offer the same branches in every language", () => {
    const differ: string[] = [];
    for (const key of reference as MessageKey[]) {
      const want = selectBranches(parse(uz[key], { ignoreTag: true }));
      for (const lang of others) {
        const got = selectBranches(parse(catalogues[lang][key], { ignoreTag: true }));
        if (JSON.stringify(got) !== JSON.stringify(want)) differ.push(`${lang} ${key}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it("Russian plurals give every form Russian needs: one, few, many and other", () => {
    const short: string[] = [];
    const walk = (key: string, ast: MessageFormatElement[]) => {
      for (const el of ast) {
        if (el.type === TYPE.plural) {
          const forms = Object.keys(el.options);
          if (!["one", "few", "many", "other"].every((f) => forms.includes(f))) short.push(key);
          for (const option of Object.values(el.options)) walk(key, option.value);
        }
      }
    };
    for (const [key, message] of Object.entries(catalogues.ru))
      walk(key, parse(message, { ignoreTag: true }));
    expect(short).toEqual([]);
  });

  it("no message is empty", () => {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(catalogues[lang]))
        expect(text.trim(), `${lang} ${key}`).not.toBe("");
    }
  });

  it("Uzbek uses the modifier letter ʻ (U+02BB) for oʻ and gʻ, never an apostrophe", () => {
    for (const [key, text] of Object.entries(uz)) {
      expect(text, key).not.toMatch(/[oOgG]['’‘`]/);
    }
    expect(uz["training.ribbon"]).toContain("Oʻquv rejimi");
  });

  it("Uzbek in Cyrillic is written in Cyrillic, with ў, қ, ғ and ҳ, and no Latin left", () => {
    // What stays Latin: arguments, codes and names that are Latin in any script.
    const latin =
      /DMED|PDF|CSV|XLSX|BOM|GTIN|ATC|API|FHIR R5|Uzinfocom|ESC\/POS|A4|QR|ID|A–Z|Data Matrix|Excel|Ctrl\+L|Enter|https?:\/\/|v1|DORIXONA_DB_KEY_FILE|'dorixona audit verify'|'dorixona restore'|TLS|HTTP|NTP|SQLite|CUPS|Wi-Fi|video/g;
    const leftovers: string[] = [];
    for (const [key, message] of Object.entries(catalogues["uz-Cyrl"])) {
      const text = message
        .replace(/\{[a-zA-Z]+(, (plural|select), )?/g, "")
        .replace(/\b(one|few|many|other|yes|no) \{/g, "");
      if (/[A-Za-zʻʼ]/.test(text.replace(latin, ""))) leftovers.push(`${key}: ${message}`);
    }
    expect(leftovers).toEqual([]);
    const all = Object.values(catalogues["uz-Cyrl"]).join(" ");
    for (const letter of ["ў", "қ", "ғ", "ҳ"]) expect(all).toContain(letter);
    expect(catalogues["uz-Cyrl"]["app.name"]).toBe("Дорихона");
    expect(catalogues["uz-Cyrl"]["training.ribbon"]).toBe("Ўқув режими — ҳақиқий рецептлар эмас");
  });

  it("Russian has no Uzbek letters", () => {
    for (const [key, text] of Object.entries(catalogues.ru)) expect(text, key).not.toMatch(/[ўқғҳʻʼЎҚҒҲ]/);
  });
});

describe("translate", () => {
  it("fills arguments; a missing plain one stays visible", () => {
    expect(translate("en", "rx.expiresIn", { days: 5 })).toBe("expires in 5 days");
    expect(translate("uz", "rx.expiresIn", { days: 5 })).toBe("5 kundan keyin tugaydi");
    expect(translate("en", "lock.signedIn", { name: "Ali" })).toBe("Signed in: Ali ({role}), {pharmacy}");
  });

  it("formats counts with the grouping of the language", () => {
    expect(translate("ru", "rx.expiresIn", { days: 1500 })).toBe("истекает через 1\u00a0500 дней");
    expect(translate("en", "rx.expiresIn", { days: 1500 })).toBe("expires in 1,500 days");
  });

  it("keeps each compiled message: the same text comes back for the same input", () => {
    for (let i = 0; i < 3; i++)
      expect(translate("ru", "list.title", { count: 2 })).toBe("Действующие рецепты пациента: 2");
  });

  it("the t store follows the current language; an unknown one is the default", () => {
    setLocale("en");
    expect(get(t)("signin.title")).toBe("Sign in");
    setLocale("ru");
    expect(get(t)("signin.title")).toBe("Вход в систему");
    setLocale("uz-Cyrl");
    expect(get(t)("signin.title")).toBe("Тизимга кириш");
    expect(document.documentElement.lang).toBe("uz-Cyrl-UZ");
    setLocale("uz");
    expect(get(t)("signin.title")).toBe("Tizimga kirish");
    setLocale("fr");
    expect(get(locale)).toBe("uz");
  });
});

describe("plurals in every language", () => {
  const days = (lang: Lang, n: number) => translate(lang, "rx.expiresIn", { days: n });

  it("Russian: 1 день, 2 дня, 5 дней, 21 день", () => {
    expect([1, 2, 5, 21].map((n) => days("ru", n))).toEqual([
      "истекает через 1 день",
      "истекает через 2 дня",
      "истекает через 5 дней",
      "истекает через 21 день",
    ]);
    expect([1, 2, 5, 21].map((n) => translate("ru", "error.UNAUTHENTICATED.attempts", { n }))).toEqual([
      "Неверный пароль. До выхода из системы осталась 1 попытка.",
      "Неверный пароль. До выхода из системы осталось 2 попытки.",
      "Неверный пароль. До выхода из системы осталось 5 попыток.",
      "Неверный пароль. До выхода из системы осталась 21 попытка.",
    ]);
    expect([1, 2, 5, 21].map((n) => translate("ru", "lock.parked", { name: "Ali", minutes: n }))).toEqual([
      "Незавершённый отпуск (Ali): хранится ещё 1 минуту.",
      "Незавершённый отпуск (Ali): хранится ещё 2 минуты.",
      "Незавершённый отпуск (Ali): хранится ещё 5 минут.",
      "Незавершённый отпуск (Ali): хранится ещё 21 минуту.",
    ]);
  });

  it("English: 1 day, 2 days, 5 days, 21 days", () => {
    expect([1, 2, 5, 21].map((n) => days("en", n))).toEqual([
      "expires in 1 day",
      "expires in 2 days",
      "expires in 5 days",
      "expires in 21 days",
    ]);
  });

  it("Uzbek (both scripts): the noun does not change after a number", () => {
    expect([1, 2, 5, 21].map((n) => days("uz", n))).toEqual([
      "1 kundan keyin tugaydi",
      "2 kundan keyin tugaydi",
      "5 kundan keyin tugaydi",
      "21 kundan keyin tugaydi",
    ]);
    expect([1, 2, 5, 21].map((n) => days("uz-Cyrl", n))).toEqual([
      "1 кундан кейин тугайди",
      "2 кундан кейин тугайди",
      "5 кундан кейин тугайди",
      "21 кундан кейин тугайди",
    ]);
  });
});
