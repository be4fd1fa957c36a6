//! The outage part of the in-memory backend: a connection that tests switch off and on, an
//! outbox, paper records with their day log, the conflict queue and the cache policy.

import { BackendError } from "$lib/backend/errors";
import type {
  CachePolicy,
  Conflict,
  ConnectionStatus,
  LookupResult,
  OutboxStatus,
  PaperDraft,
  PaperLogEntry,
  PaperReceipt,
  StaffRole,
} from "$lib/backend";

interface Waiting {
  created_at: string;
  record_id: string | null;
}

function fail(code: ConstructorParameters<typeof BackendError>[0], message: string, details = {}): never {
  throw new BackendError(code, message, details);
}

function maskPinfl(pinfl: string): string {
  return pinfl.length === 14 ? `${pinfl.slice(0, 2)}**********${pinfl.slice(12)}` : pinfl;
}

/** Outage state of the mock; `now` gives the mock's clock. */
export class OutageMock {
  private online = true;
  private since: string;
  private lastError: string | null = null;
  private waiting: Waiting[] = [];
  private paper: Array<PaperLogEntry & { day: string }> = [];
  private list: Conflict[] = [];
  private policy: CachePolicy = { retention_days: 7, offline_dispense: "chronic", offline_max_age_hours: 72 };
  /** Whether "send now" delivers (true) or the central system refuses the next paper upload. */
  private conflictNextPaper = false;
  /** When each prescription was last fetched online. */
  private fetched = new Map<string, string>();

  constructor(private readonly now: () => Date) {
    this.since = now().toISOString();
  }

  // ---- knobs for tests and the browser demo

  /** Switches the simulated connection. */
  setOnline(online: boolean, error = "connection refused"): void {
    if (online === this.online) return;
    this.online = online;
    this.since = this.now().toISOString();
    this.lastError = online ? null : error;
  }

  /** Adds `count` waiting rows made `ageSecs` ago. */
  queue(count: number, ageSecs = 0): void {
    const at = new Date(this.now().getTime() - ageSecs * 1000).toISOString();
    for (let i = 0; i < count; i += 1) this.waiting.push({ created_at: at, record_id: null });
  }

  /** How many rows wait to be sent. */
  pending(): number {
    return this.waiting.length;
  }

  /** The next paper record sent is refused as already dispensed (lands in the queue). */
  refuseNextPaper(): void {
    this.conflictNextPaper = true;
  }

  /** Puts a conflict in the queue; returns its id. */
  addConflict(c: Partial<Conflict> = {}): number {
    const id = this.list.reduce((m, x) => Math.max(m, x.id), 0) + 1;
    this.list.push({
      id,
      source: "dispense",
      dispense_id: "d-" + id,
      record_id: null,
      prescription_number: "7K3M9P2Q4R8X",
      code: "ALREADY_DISPENSED",
      reason: "The prescription was already dispensed by another pharmacy",
      created_at: this.now().toISOString(),
      status: "open",
      note: null,
      acknowledged_by: null,
      acknowledged_at: null,
      ...c,
    });
    return id;
  }

  /** A lookup answer as the counter gives it: fresh while online (remembered as cached), from
   * the saved copy while offline (with `cached_at`), or `NETWORK_UNAVAILABLE` with no copy. */
  answerLookup(result: LookupResult): LookupResult {
    const numbers = result.prescriptions.map((rx) => rx.number);
    if (this.online) {
      const at = this.now().toISOString();
      for (const n of numbers) this.fetched.set(n, at);
      return result;
    }
    const times = numbers.map((n) => this.fetched.get(n));
    if (times.some((t) => t === undefined))
      fail("NETWORK_UNAVAILABLE", this.lastError ?? "the counter is offline");
    const oldest = (times as string[]).sort()[0] ?? null;
    return { ...result, cached_at: oldest };
  }

  /** Fails like a call to the central system while offline. */
  requireOnline(): void {
    if (!this.online) fail("NETWORK_UNAVAILABLE", this.lastError ?? "the counter is offline");
  }

  // ---- the commands

  connectionStatus(): ConnectionStatus {
    return { online: this.online, since: this.since, last_error: this.online ? null : this.lastError };
  }

  outboxStatus(): OutboxStatus {
    const oldest = this.waiting.map((w) => w.created_at).sort()[0] ?? null;
    return {
      pending: this.waiting.length,
      oldest_created_at: oldest,
      oldest_age_secs: oldest
        ? Math.max(0, Math.floor((this.now().getTime() - Date.parse(oldest)) / 1000))
        : null,
      last_error: this.waiting.length > 0 ? this.lastError : null,
      open_conflicts: this.list.filter((c) => c.status === "open").length,
    };
  }

  /** Sends what waits when online: paper records become accepted, or a conflict when told to refuse. */
  sendNow(): void {
    if (!this.online) return;
    for (const w of this.waiting) {
      const rec = this.paper.find((p) => p.record_id === w.record_id);
      if (!rec) continue;
      if (this.conflictNextPaper) {
        this.conflictNextPaper = false;
        rec.state = "conflict";
        this.addConflict({
          source: "paper",
          dispense_id: rec.record_id,
          record_id: rec.record_id,
          prescription_number: rec.prescription_number,
          reason: "the prescription was dispensed in full elsewhere",
        });
      } else {
        rec.state = "accepted";
      }
    }
    this.waiting = [];
  }

  getCachePolicy(): CachePolicy {
    return { ...this.policy };
  }

  saveCachePolicy(p: CachePolicy): CachePolicy {
    if (p.retention_days < 1 || p.retention_days > 90)
      fail("INVALID_SETTING", "retention outside 1 to 90 days", { setting: "outage.cache_retention_days" });
    if (p.offline_max_age_hours < 1 || p.offline_max_age_hours > p.retention_days * 24)
      fail("INVALID_SETTING", "max age outside 1 hour to the retention", {
        setting: "outage.offline_max_age_hours",
      });
    this.policy = { ...p };
    return this.getCachePolicy();
  }

  recordPaper(draft: PaperDraft, role: StaffRole, name: string, day: string): PaperReceipt {
    let overrideBy: string | null = null;
    if (this.online) {
      if (role !== "manager") fail("FORBIDDEN", "Paper mode is for outages: dispense online.");
      if (!draft.override_reason?.trim())
        fail("BAD_REQUEST", "A manager's override needs a reason", { field: "override_reason" });
      overrideBy = name;
    }
    if (!/^\d{14}$/.test(draft.patient_pinfl)) fail("INVALID_IDENTIFIER", "bad PINFL", { field: "pinfl" });
    if (!draft.id_document_checked) fail("ID_DOCUMENT_CHECK_REQUIRED", "check the document first");
    if (!draft.patient_declaration)
      fail("BAD_REQUEST", "the patient's declaration is required", { field: "patient_declaration" });
    if (draft.lines.length === 0) fail("BAD_REQUEST", "no lines", { field: "lines" });
    const record_id = `${this.paper.length + 1}`.padStart(8, "0") + "-0000-4000-8000-000000000000";
    const created_at = this.now().toISOString();
    this.paper.push({
      day,
      record_id,
      created_at,
      prescription_number: draft.prescription_number,
      patient_pinfl_masked: maskPinfl(draft.patient_pinfl),
      prescriber_name: draft.prescriber_name,
      facility: draft.facility,
      pharmacist_name: name,
      state: "pending",
      override_by: overrideBy,
      override_reason: overrideBy ? draft.override_reason : null,
      lines: draft.lines.map((l) => `${l.inn} × ${l.quantity} (${l.product_id})`),
    });
    this.waiting.push({ created_at, record_id });
    return { record_id, override_by: overrideBy };
  }

  paperLog(day: string): PaperLogEntry[] {
    return this.paper
      .filter((p) => p.day === day)
      .map((p) => {
        const { day: _day, ...entry } = p;
        void _day;
        return { ...entry, lines: [...entry.lines] };
      });
  }

  private requireManager(role: StaffRole): void {
    if (role !== "manager") fail("FORBIDDEN", "Only a manager can see and settle conflicts");
  }

  conflicts(all: boolean, role: StaffRole): Conflict[] {
    this.requireManager(role);
    return this.list
      .filter((c) => all || c.status === "open")
      .sort((a, b) => b.id - a.id)
      .map((c) => ({ ...c }));
  }

  noteConflict(id: number, note: string, role: StaffRole): void {
    this.requireManager(role);
    const c = this.list.find((x) => x.id === id) ?? fail("NOT_FOUND", `There is no conflict ${id}`);
    c.note = note.trim() || null;
  }

  acknowledgeConflict(id: number, role: StaffRole, name: string): void {
    this.requireManager(role);
    const c =
      this.list.find((x) => x.id === id && x.status === "open") ??
      fail("NOT_FOUND", `There is no open conflict ${id}`);
    c.status = "acknowledged";
    c.acknowledged_by = name;
    c.acknowledged_at = this.now().toISOString();
  }
}
