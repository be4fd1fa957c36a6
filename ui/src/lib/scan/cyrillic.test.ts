import { describe, expect, it } from "vitest";
import { latinFromCyrillicKeys, latinOfCyrillicKey, latinOfCyrillicPunctuation } from "./cyrillic";

describe("Cyrillic layouts read back as keys", () => {
  it("maps every Russian letter to its ЙЦУКЕН key, in both cases", () => {
    const ru = "йцукенгшщзхъфывапролджэячсмитьбюё";
    const us = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
    expect([...ru].map(latinOfCyrillicKey).join("")).toBe(us);
    expect([...ru.toUpperCase()].map(latinOfCyrillicKey).join("")).toBe('QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>~');
  });

  it("maps the Uzbek Cyrillic letters ў, қ, ғ, ҳ to the O, S, minus and equals keys", () => {
    expect([..."ўқғҳ"].map(latinOfCyrillicKey).join("")).toBe("os-=");
    expect([..."ЎҚҒҲ"].map(latinOfCyrillicKey).join("")).toBe("OS_+");
  });

  it("maps № to # and leaves Latin letters and digits alone", () => {
    expect(latinOfCyrillicKey("№")).toBe("#");
    for (const ch of "aZ09-") expect(latinOfCyrillicKey(ch)).toBeNull();
  });

  it("knows the punctuation the Cyrillic layouts type on other keys", () => {
    expect([...'";:?.,/'].map(latinOfCyrillicPunctuation).join("")).toBe("@$^&/?|");
    for (const ch of "!%*()-_=+") expect(latinOfCyrillicPunctuation(ch)).toBeNull();
  });
});

describe("latinFromCyrillicKeys", () => {
  it("reads a prescription number typed on the Russian layout as its keys", () => {
    expect(latinFromCyrillicKeys("А8ПЩ-8Й2Ф-ВГ21")).toBe("F8GO-8Q2A-DU21");
    expect(latinFromCyrillicKeys("а8пщ8й2фвг21 1234")).toBe("f8go8q2adu21 1234");
  });

  it("reads one typed on the Uzbek Cyrillic layout, where minus is ғ", () => {
    expect(latinFromCyrillicKeys("А8ПЎғ8Й2ФғВГ21")).toBe("F8GO-8Q2A-DU21");
  });

  it("gives null for text with no Cyrillic letter or with anything else in it", () => {
    expect(latinFromCyrillicKeys("F8GO-8Q2A-DU21")).toBeNull();
    expect(latinFromCyrillicKeys("30101901234567")).toBeNull();
    expect(latinFromCyrillicKeys("Парацетамол, 500")).toBeNull();
    expect(latinFromCyrillicKeys("ПарацетамолF")).toBeNull();
  });
});
