// The self-check's words: every outcome `crates/doctor` can give has words (and advice, where it
// can be a problem) in every language, read from the Rust list itself so that a new outcome
// without words fails here; and the findings read as the command line's report does.

import { afterEach, describe, expect, it } from "vitest";
import type { Finding } from "$lib/backend";
import { demoDoctorFindings } from "$lib/backend/mock-setup";
import { catalogues, LANGS, setLocale, type MessageKey } from "$lib/i18n";
import { checkLabel, findingAdvice, findingWords, reportLines, summaryOf } from "./findings";

afterEach(() => setLocale("uz"));

/** `crates/doctor/src/lib.rs`, read from the repository (node's fs: the test runs in node). */
async function doctorSource(): Promise<string> {
  const fs = (await import(/* @vite-ignore */ "node:" + "fs")) as {
    readFileSync(path: string, encoding: "utf8"): string;
  };
  // The repository is the folder above `ui/` (a path: node's fs does not take the DOM's URL).
  const here = decodeURIComponent(import.meta.url.replace(/^file:\/\//, ""));
  const repository = here.slice(0, here.lastIndexOf("/ui/src/"));
  return fs.readFileSync(`${repository}/crates/doctor/src/lib.rs`, "utf8");
}

/** The `(check, outcome, problem)` entries of `OUTCOMES`. */
async function outcomes(): Promise<Array<{ check: string; outcome: string; problem: boolean }>> {
  const source = await doctorSource();
  const body = /pub const OUTCOMES[^=]*=\s*&\[([\s\S]*?)\];/.exec(source)?.[1] ?? "";
  return [...body.matchAll(/\(\s*"([a-z_]+)"\s*,\s*"([a-z_]+)"\s*,\s*(true|false)\s*\)/g)].map((m) => ({
    check: m[1] ?? "",
    outcome: m[2] ?? "",
    problem: m[3] === "true",
  }));
}

/** Every fact any outcome's words use, with a value. */
const FACTS: Finding["facts"] = {
  url: "https://api.dmed.uz",
  reason: "connection refused",
  problem: "locked",
  until: "2027-01-31",
  date: "2026-11-18",
  names: "USB Camera",
  version: "0.1.0",
  latest: "0.2.0",
  ms: 84,
  status: 503,
  days: 3,
  seconds: 2,
  problems: 2,
  rows: 21,
  row: 7,
  mb: 512,
  count: 3,
  hours: 5,
};

describe("the words of every outcome of crates/doctor", () => {
  it("reads the outcomes from the Rust list", async () => {
    const list = await outcomes();
    expect(list.length).toBeGreaterThan(50);
    expect(list).toContainEqual({ check: "tls", outcome: "expires_soon", problem: true });
    expect(list).toContainEqual({ check: "endpoint", outcome: "training", problem: false });
  });

  for (const lang of LANGS) {
    it(`${lang}: words for each outcome, advice for each that can be a problem, a label for each check`, async () => {
      const missing: string[] = [];
      const has = (key: string) => Boolean(catalogues[lang][key as MessageKey]);
      for (const { check, outcome, problem } of await outcomes()) {
        if (!has(`doctor.${check}.${outcome}`)) missing.push(`doctor.${check}.${outcome}`);
        if (problem && !has(`doctor.${check}.${outcome}.advice`))
          missing.push(`doctor.${check}.${outcome}.advice`);
        if (!has(`doctor.check.${check}`)) missing.push(`doctor.check.${check}`);
        // Filled in, no argument or key is left showing.
        const f: Finding = { check, status: problem ? "warn" : "ok", outcome, facts: FACTS };
        const words = findingWords(lang, f);
        expect(words, `${lang} ${check}/${outcome}`).not.toMatch(/[{}]|doctor\./);
        if (problem)
          expect(findingAdvice(lang, f), `${lang} ${check}/${outcome}`).not.toMatch(/[{}]|doctor\./);
      }
      for (const status of ["ok", "warn", "fail", "skip"])
        if (!has(`doctor.status.${status}`)) missing.push(`doctor.status.${status}`);
      expect([...new Set(missing)]).toEqual([]);
    });
  }

  it("no outcome has advice the Rust list says it never needs, and no words for an outcome it does not have", async () => {
    const list = await outcomes();
    const known = new Set(list.map((o) => `doctor.${o.check}.${o.outcome}`));
    const problems = new Set(
      list.filter((o) => o.problem).map((o) => `doctor.${o.check}.${o.outcome}.advice`),
    );
    const extra = Object.keys(catalogues.uz).filter(
      (k) =>
        k.startsWith("doctor.") &&
        !k.startsWith("doctor.check.") &&
        !k.startsWith("doctor.status.") &&
        k !== "doctor.summary" &&
        !known.has(k) &&
        !problems.has(k),
    );
    expect(extra).toEqual([]);
  });
});

describe("findings in words", () => {
  it("fills the facts, a date as a date of the language, and counts in each language's plural", () => {
    const tls: Finding = {
      check: "tls",
      status: "warn",
      outcome: "expires_soon",
      facts: { until: "2027-01-31", days: 5 },
    };
    expect(findingWords("en", tls)).toBe("The server's certificate expires on 31/01/2027 (in 5 days)");
    expect(findingWords("ru", tls)).toBe(
      "Срок действия сертификата сервера истекает 31.01.2027 (через 5 дней)",
    );
    expect(findingWords("uz-Cyrl", tls)).toBe(
      "Сервер сертификатининг муддати 31.01.2027 да тугайди (5 кундан кейин)",
    );
    expect(findingAdvice("en", tls)).toBe("Tell the central system's support before it expires");
    const one = { ...tls, facts: { until: "2027-01-31", days: 1 } };
    expect(findingWords("ru", one)).toContain("через 1 день");
    expect(findingWords("en", one)).toContain("(in 1 day)");
  });

  it("an address at the start stays as written; a finding that is no problem has no advice", () => {
    const f: Finding = {
      check: "endpoint",
      status: "ok",
      outcome: "reachable",
      facts: { url: "https://api.dmed.uz", ms: 84 },
    };
    expect(findingWords("en", f)).toBe("https://api.dmed.uz answers in 84 ms");
    expect(findingAdvice("en", f)).toBeNull();
    expect(checkLabel("ru", "endpoint")).toBe("Центральная система");
  });

  it("an outcome this window has no words for is shown by its id", () => {
    const f: Finding = { check: "quantum", status: "warn", outcome: "entangled", facts: {} };
    expect(findingWords("en", f)).toBe("entangled");
    expect(checkLabel("en", "quantum")).toBe("quantum");
    expect(findingAdvice("en", f)).toBeNull();
  });

  it("the summary counts failures and warnings, with Russian plurals", () => {
    const findings = demoDoctorFindings();
    expect(summaryOf("en", findings)).toBe("no failures, 1 warning");
    const two: Finding[] = [
      ...findings,
      { check: "disk", status: "fail", outcome: "low", facts: { mb: 80 } },
      { check: "audit", status: "fail", outcome: "broken", facts: { row: 3 } },
    ];
    expect(summaryOf("ru", two)).toBe("2 ошибки, 1 предупреждение");
    expect(summaryOf("uz", two)).toBe("2 ta xato, 1 ta ogohlantirish");
  });

  it("the report lines up status and check, puts the advice under each problem and ends with the summary", () => {
    const lines = reportLines("en", [
      { check: "database", status: "ok", outcome: "sound", facts: { mb: 12 } },
      { check: "outbox", status: "fail", outcome: "pending", facts: { count: 5, hours: 30 } },
    ]);
    expect(lines[0]).toBe("ok    Database  Whole and encrypted (12 MB)");
    expect(lines[1]).toBe("FAIL  Outbox    5 records wait to be sent, the oldest for 30 h");
    expect(lines[2]).toMatch(/^ {6}→ Restore the connection/);
    expect(lines.slice(-2)).toEqual(["", "1 failure, no warnings"]);
  });
});
