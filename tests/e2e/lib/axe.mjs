// Accessibility checks in the real window: axe-core's source is injected through WebDriver's
// `execute` and run on whatever the window shows, with every rule on (colour contrast too, which
// only a real layout engine can compute). Violations come back as one readable report.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** axe-core's browser bundle (tests/e2e/node_modules, installed by scripts/setup.sh with npm ci). */
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Injects axe into the page unless it is there already (it goes on every reload). */
export async function injectAxe(session) {
  const present = await session.execute("return typeof window.axe === 'object';");
  if (present) return;
  // The bundle defines `window.axe` when run as a script body.
  await session.execute(`${AXE_SOURCE}\n;return typeof window.axe === 'object';`);
  const now = await session.execute("return typeof window.axe === 'object';");
  assert.ok(now, "axe-core could not be injected into the window");
}

/**
 * Runs axe on the document (or on `context`, a CSS selector) and returns its violations, each
 * `{id, impact, help, helpUrl, nodes: [{target, html, summary}]}`. Every rule runs, including
 * those of best practice; `disable` names rules to leave out (with a reason, by the caller).
 */
export async function axeViolations(session, { context = null, disable = [] } = {}) {
  await injectAxe(session);
  const json = await session.executeAsync(
    `const [context, disable, done] = arguments;
     const rules = Object.fromEntries(disable.map((id) => [id, { enabled: false }]));
     window.axe
       .run(context ? document.querySelector(context) : document, {
         resultTypes: ["violations"],
         rules,
       })
       .then((r) => done(JSON.stringify(r.violations.map((v) => ({
         id: v.id,
         impact: v.impact,
         help: v.help,
         helpUrl: v.helpUrl,
         nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
       })))))
       .catch((e) => done(JSON.stringify({ error: String(e && e.stack ? e.stack : e) })));`,
    [context, disable],
  );
  const parsed = JSON.parse(json);
  if (parsed && parsed.error) throw new Error(`axe-core failed in the window: ${parsed.error}`);
  return parsed;
}

/** The violations as text a person reads: rule, impact, what to do, and each element found. */
export function formatViolations(screen, violations) {
  const lines = [`${screen}: ${violations.length} accessibility rule(s) violated`];
  for (const v of violations) {
    lines.push(`  [${v.impact ?? "?"}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes.slice(0, 8)) {
      lines.push(`    - ${n.target.join(" ")}`);
      lines.push(`      ${n.html.replace(/\s+/g, " ").slice(0, 200)}`);
      if (n.summary) lines.push(...n.summary.split("\n").map((l) => `      ${l}`));
    }
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more`);
  }
  return lines.join("\n");
}

/** Fails with a readable report when axe finds anything on the screen the window shows. */
export async function assertAccessible(session, screen, options = {}) {
  const violations = await axeViolations(session, options);
  if (violations.length > 0) assert.fail(formatViolations(screen, violations));
}
