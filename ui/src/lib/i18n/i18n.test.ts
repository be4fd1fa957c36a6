import { describe, expect, it } from "vitest";
import { get } from "svelte/store";
import { en } from "./en";
import { uz } from "./uz";
import { locale, placeholders, setLocale, t, translate } from "./index";

describe("message catalogues", () => {
  it("uz and en have exactly the same keys", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(uz).sort());
  });

  it("every key has the same placeholders in both languages", () => {
    for (const key of Object.keys(uz) as (keyof typeof uz)[]) {
      expect(placeholders(en[key]).sort(), key).toEqual(placeholders(uz[key]).sort());
    }
  });

  it("no message is empty", () => {
    for (const [key, text] of [...Object.entries(uz), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe("");
    }
  });

  it("Uzbek uses the modifier letter ʻ (U+02BB) for oʻ and gʻ, never an apostrophe", () => {
    for (const [key, text] of Object.entries(uz)) {
      expect(text, key).not.toMatch(/[oOgG]['’‘`]/);
    }
    expect(uz["training.ribbon"]).toContain("Oʻquv rejimi");
  });
});

describe("translate", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("en", "rx.expiresIn", { days: 5 })).toBe("expires in 5 days");
    expect(translate("uz", "rx.expiresIn", { days: 5 })).toBe("5 kundan keyin tugaydi");
    expect(translate("en", "rx.expiresIn")).toBe("expires in {days} days");
  });

  it("the t store follows the current language", () => {
    setLocale("en");
    expect(get(t)("signin.title")).toBe("Sign in");
    setLocale("uz");
    expect(get(t)("signin.title")).toBe("Tizimga kirish");
    setLocale("fr");
    expect(get(locale)).toBe("uz");
  });

  it("placeholders lists names once, in order", () => {
    expect(placeholders("{a} and {b} and {a}")).toEqual(["a", "b"]);
  });
});
