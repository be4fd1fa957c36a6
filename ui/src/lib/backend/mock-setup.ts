//! The first-run setup and diagnostics part of the in-memory backend: whether the setup is still
//! to be done, the values a machine configuration fixes (`/etc/dorixona/config.toml`'s
//! `[fixed]`), what a connection test finds and what the self-check (`dorixona doctor`) finds.
//! Tests set these knobs; the findings follow the outcome ids of `crates/doctor`.

import type { Finding, Settings } from "./bindings";

/** The values a machine configuration may fix, by the names `Settings.fixed` gives them. */
export interface MachineFixed {
  endpoint?: string;
  adapter?: string;
  language?: string;
  camera?: string;
  text_size?: number;
  pharmacy_id?: string;
  lock_after_minutes?: number;
  update_url?: string;
}

/** The fixed values that are fields of `Settings` (the rest live elsewhere). */
export const FIXED_SETTINGS = [
  "endpoint",
  "adapter",
  "language",
  "camera",
  "text_size",
  "pharmacy_id",
] as const;

/** The host of `url` as findings show it: scheme, host and port, nothing else. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "(not a URL)";
  }
}

/** What testing the central system finds in the mock: training mode, or a server that answers. */
export function endpointFindings(url: string | null): Finding[] {
  if (url === null) {
    return [
      { check: "endpoint", status: "ok", outcome: "training", facts: {} },
      { check: "tls", status: "skip", outcome: "training", facts: {} },
      { check: "clock", status: "skip", outcome: "training", facts: {} },
    ];
  }
  const plain = url.startsWith("http:");
  return [
    {
      check: "endpoint",
      status: "ok",
      outcome: "reachable",
      facts: { url: shownUrl(url), ms: 84, status: 200 },
    },
    plain
      ? { check: "tls", status: "warn", outcome: "plain", facts: {} }
      : { check: "tls", status: "ok", outcome: "valid", facts: { days: 200, until: "2027-06-30" } },
    { check: "clock", status: "ok", outcome: "in_step", facts: { seconds: 1 } },
  ];
}

/** What a server that cannot be reached gives (a test's knob for a failing connection test). */
export function unreachableFindings(url: string): Finding[] {
  return [
    {
      check: "endpoint",
      status: "fail",
      outcome: "unreachable",
      facts: { url: shownUrl(url), reason: "connection refused" },
    },
    { check: "tls", status: "skip", outcome: "unreachable", facts: {} },
    { check: "clock", status: "skip", outcome: "unreachable", facts: {} },
  ];
}

/** A self-check of a counter in training mode with a few records waiting to be sent. */
export function demoDoctorFindings(): Finding[] {
  return [
    ...endpointFindings(null),
    { check: "keyring", status: "ok", outcome: "available", facts: {} },
    { check: "database", status: "ok", outcome: "sound", facts: { mb: 12 } },
    { check: "audit", status: "ok", outcome: "intact", facts: { rows: 42 } },
    { check: "disk", status: "ok", outcome: "free", facts: { mb: 51200 } },
    { check: "outbox", status: "warn", outcome: "pending", facts: { count: 3, hours: 5 } },
    { check: "catalog", status: "ok", outcome: "fresh", facts: { date: "2026-11-18" } },
    { check: "cameras", status: "ok", outcome: "found", facts: { count: 1, names: "USB Camera" } },
    { check: "printers", status: "ok", outcome: "found", facts: { count: 2, names: "Kassa-80, Ofis" } },
    { check: "version", status: "ok", outcome: "current", facts: { version: "0.1.0" } },
  ];
}

/** The simulated first run, machine configuration and self-check. */
export class SetupMock {
  /** The first-run setup is still to be done. */
  needed: boolean;
  /** The machine configuration's fixed values. */
  readonly fixed: MachineFixed;
  /** What the next connection tests find (`null`: as `endpointFindings` says). */
  endpointFindings: Finding[] | null = null;
  /** What the self-check finds. */
  doctorFindings: Finding[] = demoDoctorFindings();

  constructor(needed: boolean, fixed: MachineFixed) {
    this.needed = needed;
    this.fixed = { ...fixed };
  }

  /** The names of the fixed values, as `Settings.fixed` lists them. */
  names(): string[] {
    return Object.keys(this.fixed).filter((k) => this.fixed[k as keyof MachineFixed] !== undefined);
  }

  /** `settings` with the fixed values in place (as the counter reads its settings). */
  apply(settings: Settings): Settings {
    const out: Settings = { ...settings };
    const f = this.fixed;
    if (f.endpoint !== undefined) out.endpoint = f.endpoint;
    if (f.adapter !== undefined) out.adapter = f.adapter;
    if (f.language !== undefined) out.language = f.language;
    if (f.camera !== undefined) out.camera = f.camera;
    if (f.text_size !== undefined) out.text_size = f.text_size;
    if (f.pharmacy_id !== undefined) out.pharmacy_id = f.pharmacy_id;
    return out;
  }

  /** The first fixed setting `settings` changes (normalised as saved), if any. */
  changedFixed(settings: Settings): string | null {
    const f = this.fixed;
    const differs: Array<[string, unknown, unknown]> = [
      ["endpoint", f.endpoint, settings.endpoint],
      ["adapter", f.adapter, settings.adapter],
      ["language", f.language, settings.language],
      ["camera", f.camera, settings.camera],
      ["text_size", f.text_size, settings.text_size],
      ["pharmacy_id", f.pharmacy_id, settings.pharmacy_id],
    ];
    const changed = differs.find(([, fixed, value]) => fixed !== undefined && fixed !== value);
    return changed ? changed[0] : null;
  }
}
