//! The first-run setup's answers and what is sent of them: the steps a counter needs (a step
//! whose every value the machine configuration fixes is skipped), the answers as the settings
//! start them, and the settings and printer `finishSetup` gets. A fixed value is always sent as
//! it was read, whatever else changed.

import type { PrintSettings, Settings } from "$lib/backend";
import { isLang, type Lang } from "$lib/i18n";

/** The central systems to choose from: training mode, or an adapter with its address. */
export const MODES = ["training", "dmed-v1", "dhp-fhir"] as const;
export type Mode = (typeof MODES)[number];

export type StepId = "language" | "pharmacy" | "central" | "devices" | "summary";

/** What the person answered so far. */
export interface Answers {
  pharmacyId: string;
  mode: Mode;
  /** The central system's address (for a mode other than training). */
  url: string;
  camera: string | null;
  printer: string | null;
}

/** One choice of a step (`ChoiceGroup`): its value, its words (in `lang`, when they are a
 *  language's own) and its test id; a choice the fixed values rule out is `disabled`. */
export interface Choice<T> {
  value: T;
  label: string;
  testid: string;
  disabled?: boolean;
  lang?: string;
}

/** Whether the machine configuration fixes `name`. */
export function isFixed(settings: Settings, name: string): boolean {
  return (settings.fixed ?? []).includes(name);
}

/** The steps to go through, in order: those with something left to choose, then the summary. */
export function stepsOf(settings: Settings): StepId[] {
  const fixed = (name: string) => isFixed(settings, name);
  const steps: StepId[] = [];
  if (!fixed("language")) steps.push("language");
  if (!fixed("pharmacy_id")) steps.push("pharmacy");
  if (!(fixed("endpoint") && fixed("adapter"))) steps.push("central");
  steps.push("devices", "summary");
  return steps;
}

/** The adapter of the settings (contract v1 when none is named). */
function adapterOf(settings: Settings): "dmed-v1" | "dhp-fhir" {
  return settings.adapter === "dhp-fhir" ? "dhp-fhir" : "dmed-v1";
}

/** The answers as the settings read start them. */
export function answersOf(settings: Settings): Answers {
  return {
    pharmacyId: settings.pharmacy_id ?? "",
    mode: settings.endpoint ? adapterOf(settings) : "training",
    url: settings.endpoint ?? "",
    camera: settings.camera ?? null,
    printer: null,
  };
}

/** Whether `mode` may be chosen under the fixed values (a fixed address rules out training; a
 *  fixed adapter the other adapter). */
export function modeAllowed(settings: Settings, mode: Mode): boolean {
  if (mode === "training") return !isFixed(settings, "endpoint");
  return !isFixed(settings, "adapter") || adapterOf(settings) === mode;
}

/** What is wrong with the address of the answers (`null`: nothing, or training mode). */
export function urlProblem(answers: Answers): "missing" | "invalid" | null {
  if (answers.mode === "training") return null;
  const url = answers.url.trim();
  if (!url) return "missing";
  return /^https?:\/\/[^\s/]+/i.test(url) ? null : "invalid";
}

/** The central system the answers choose, as `testEndpoint` takes it. */
export function targetOf(settings: Settings, answers: Answers): { adapter: string; url: string | null } {
  const fixed = (name: string) => isFixed(settings, name);
  const url = fixed("endpoint")
    ? (settings.endpoint ?? null)
    : answers.mode === "training"
      ? null
      : answers.url.trim() || null;
  const adapter = fixed("adapter") || answers.mode === "training" ? adapterOf(settings) : answers.mode;
  return { adapter, url };
}

/** The settings `finishSetup` gets: the answers, with every fixed value as it was read and the
 *  rest (the text size) kept. */
export function settingsOf(settings: Settings, answers: Answers, language: Lang): Settings {
  const fixed = (name: string) => isFixed(settings, name);
  const { adapter, url } = targetOf(settings, answers);
  return {
    endpoint: url,
    adapter,
    language: fixed("language") || !isLang(language) ? settings.language : language,
    camera: fixed("camera") ? (settings.camera ?? null) : answers.camera,
    text_size: settings.text_size,
    pharmacy_id: fixed("pharmacy_id") ? (settings.pharmacy_id ?? null) : answers.pharmacyId.trim() || null,
  };
}

/** The receipt printer `finishSetup` gets: the one picked, or none (receipts saved as PDF). */
export function printingOf(answers: Answers): PrintSettings | null {
  return answers.printer
    ? { printer: answers.printer, format: "pdf", after_dispense: false, report_printer: null }
    : null;
}
