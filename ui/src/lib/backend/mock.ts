//! An in-memory backend with realistic demo data, for tests and for running the UI in a plain
//! browser. It follows the rules of the contract (access codes, identity-document check,
//! holds, quantities, INN match) and can be told to fail the next call with any error code.

import type {
  AppInfo,
  Dispense,
  DispenseDraft,
  DispenseOutcome,
  ErrorCode,
  Hold,
  HistoryEntry,
  LockReason,
  LockState,
  PrescriptionHistory,
  ProductHit,
  WithdrawOutcome,
  WithdrawReason,
  LookupResult,
  Prescription,
  Product,
  Session,
  Settings,
} from "./bindings";
import { BackendError } from "./errors";
import type { Backend } from "./index";
import {
  DEMO_LOGIN,
  DEMO_PHARMACY,
  DEMO_PRODUCTS,
  DEMO_SECRET,
  OTHER_PHARMACY,
  demoPrescriptions,
  demoSession,
  maskPinfl,
  type DemoRx,
} from "./mock-data";
import { IdProblem, parseLookupInput } from "./mock-ids";
import type {
  CsvOptions,
  DispenseSummary,
  Drill,
  ExportFormat,
  Report,
  ReportQuery,
  SavedDocument,
} from "./bindings";
import { demoDrill, demoReport } from "$lib/reports/mock-reports";
import type {
  CachePolicy,
  Conflict,
  ConnectionStatus,
  OutboxStatus,
  PaperDraft,
  PaperLogEntry,
  PaperReceipt,
  StaffRole,
} from "./bindings";
import type { IdDocumentKind, PrintJob, PrintSettings, Printer } from "./bindings";
import { OutageMock } from "$lib/outage/mock-outage";
import { localToday as tashkentToday } from "$lib/reports/period";
import { ScanMock } from "$lib/scan/mock-scan";
import type { CameraChoice, CameraPreview, CameraStatus, PackMatch, ScanCode, UiStages } from "./bindings";
import type { AuditEntry, AuditQuery, SessionEnded } from "./bindings";
import type { CounterBusy, UpdateCheck, UpdateInstalled } from "./bindings";
import { UpdateMock } from "./mock-update";
import type { Finding, SetupFinished } from "./bindings";
import { endpointFindings, SetupMock, type MachineFixed } from "./mock-setup";
import type { BackupSettings, BackupStatus, BackupWritten } from "./bindings";
import { BackupMock } from "./mock-backup";

export interface MockOptions {
  /** Delay of every answer, to make loading states visible in a browser. Default 0. */
  latencyMs?: number;
  /** Whether the app reports training mode. Default true. */
  training?: boolean;
  /** Start already signed in. Default false. */
  signedIn?: boolean;
  /** "Today" for validity windows. Default: now. */
  now?: Date;
  /** The counter's language (the sign-in screen's). Default `uz`. */
  language?: string;
  /** The signed-in person's own language, as if they chose it before. Default: none. */
  userLanguage?: string;
  /** The signed-in role. Default `pharmacist`. */
  role?: StaffRole;
  /** The first-run setup is still to be done (`AppInfo.setup_needed`). Default false. */
  setupNeeded?: boolean;
  /** The values the machine configuration fixes (`/etc/dorixona/config.toml`). Default none. */
  fixed?: MachineFixed;
  /** The pharmacy the settings name (it fills the sign-in form). Default none. */
  pharmacyId?: string;
}

type Command = keyof Backend;

interface Failure {
  code: ErrorCode;
  details: Record<string, unknown>;
  command: Command | null;
}

/** The mock backend, plus knobs for tests. */
export interface MockBackend extends Backend {
  /** The next call (of `command`, or of any command) fails with this code and details. */
  failNext(code: ErrorCode, details?: Record<string, unknown>, command?: Command): void;
  /** The next dispense is saved locally and reported as `queued` instead of `delivered`. */
  queueNextDispense(): void;
  /** Every call made so far, in order. */
  readonly calls: ReadonlyArray<{ command: Command; args: unknown[] }>;
  /** The most recent call, if any. */
  lastCall(): { command: Command; args: unknown[] } | undefined;
  /** The demo prescriptions with their access codes (numbers unmasked). */
  readonly demo: ReadonlyArray<DemoRx>;
  /** The simulated connection, outbox, paper records and conflict queue. */
  readonly outage: OutageMock;
  /** The simulated camera: its state, codes and previews to push, reads reported on screen. */
  readonly scan: ScanMock;
  /** The simulated update feed and installer. */
  readonly update: UpdateMock;
  /** The first run, the machine configuration's fixed values and the self-check's findings. */
  readonly setup: SetupMock;
  /** The backups: the folder and how many are kept, the passphrase, the files written. */
  readonly backup: BackupMock;
  /** The printers of this mock computer (a test may make one not ready). */
  printerList: Printer[];
  /** The receipt printer settings as saved. */
  printing: PrintSettings;
  /** The central system ends the session (`access_revoked` or `unauthenticated`), as the shell
   * reports it: signed out, and every `onSessionEnded` listener told. */
  endSession(reason: "access_revoked" | "unauthenticated"): void;
}

/** The languages the counter accepts (`settings::LANGUAGES`). */
const LANGUAGES = ["uz", "uz-Cyrl", "ru", "en"] as const;

function isLanguage(value: string): boolean {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** The text sizes the counter accepts, in percent (`settings::TEXT_SIZES`); the first by default. */
const TEXT_SIZES = [100, 125, 150] as const;

function fail(code: ErrorCode, message: string, details: Record<string, unknown> = {}): never {
  throw new BackendError(code, message, details);
}

/** The refusal to change `setting`, which the machine configuration fixes. */
function fixedByMachine(setting: string): never {
  fail("INVALID_SETTING", `${setting} is fixed by the machine configuration (/etc/dorixona/config.toml)`, {
    setting,
    reason: "fixed by the machine configuration",
  });
}

function uuid(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

class InMemoryBackend implements MockBackend {
  readonly calls: Array<{ command: Command; args: unknown[] }> = [];
  readonly demo: DemoRx[];
  private readonly latencyMs: number;
  private readonly training: boolean;
  private readonly now: () => Date;
  private session: Session | null;
  private settings: Settings;
  private failures: Failure[] = [];
  private queueNext = false;
  private holds = new Map<string, Hold>();
  readonly outage: OutageMock;
  readonly scan = new ScanMock();
  readonly update = new UpdateMock();
  readonly setup: SetupMock;
  readonly backup = new BackupMock();
  private readonly role: StaffRole;
  private sessionListeners = new Set<(end: SessionEnded) => void>();
  private endpointChosen = false;
  private auditRows: AuditEntry[] = [];
  private locked: LockReason | null = null;
  private lockMinutes = 5;
  /** Each person's own language, by `pharmacy/login` (the counter's `user_language`). */
  private userLanguages = new Map<string, string>();
  private unlockFailures = 0;
  /** What this mock recorded, per prescription, oldest first. */
  private history = new Map<string, HistoryEntry[]>();

  constructor(opts: MockOptions) {
    this.latencyMs = opts.latencyMs ?? 0;
    this.training = opts.training ?? true;
    const fixed = opts.now;
    this.now = () => (fixed ? new Date(fixed.getTime()) : new Date());
    this.demo = demoPrescriptions(this.now());
    this.outage = new OutageMock(this.now);
    this.role = opts.role ?? "pharmacist";
    this.session = opts.signedIn ? this.newSession() : null;
    if (opts.userLanguage) this.userLanguages.set(this.personKey(), opts.userLanguage);
    this.setup = new SetupMock(opts.setupNeeded ?? false, opts.fixed ?? {});
    this.settings = this.setup.apply({
      endpoint: this.training ? null : "https://api.dmed.uz",
      adapter: "dmed-v1",
      language: opts.language ?? "uz",
      text_size: TEXT_SIZES[0],
      pharmacy_id: opts.pharmacyId ?? null,
    });
    if (this.setup.fixed.endpoint !== undefined) this.endpointChosen = true;
    if (this.setup.fixed.lock_after_minutes !== undefined)
      this.lockMinutes = this.setup.fixed.lock_after_minutes;
  }

  failNext(code: ErrorCode, details: Record<string, unknown> = {}, command?: Command): void {
    this.failures.push({ code, details, command: command ?? null });
  }

  queueNextDispense(): void {
    this.queueNext = true;
  }

  lastCall(): { command: Command; args: unknown[] } | undefined {
    return this.calls[this.calls.length - 1];
  }

  private async enter(command: Command, args: unknown[]): Promise<void> {
    this.calls.push({ command, args });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const i = this.failures.findIndex((f) => f.command === null || f.command === command);
    if (i >= 0) {
      const [f] = this.failures.splice(i, 1);
      if (f) fail(f.code, `${f.code} (simulated)`, f.details);
    }
  }

  private requireSession(): Session {
    if (!this.session) fail("NOT_SIGNED_IN", "No pharmacist is signed in; sign in first.");
    if (this.locked) fail("LOCKED", "The counter is locked.");
    return this.session;
  }

  async prescriptionHistory(number: string): Promise<PrescriptionHistory> {
    await this.enter("prescriptionHistory", [number]);
    this.requireSession();
    const entries = (this.history.get(number) ?? []).map((e) => ({ ...e }));
    const newest = entries.map((e) => !e.withdrawn).lastIndexOf(true);
    const dispenses =
      this.session?.pharmacist.role !== "nurse" && this.session?.pharmacist.role !== "registrar";
    entries.forEach((e, i) => {
      e.can_withdraw = dispenses && e.ours && i === newest;
      e.can_reprint = dispenses && e.ours;
    });
    return { number, entries, complete: this.outage.connectionStatus().online };
  }

  async withdraw(
    number: string,
    dispenseId: string,
    reason: WithdrawReason,
    text: string | null,
  ): Promise<WithdrawOutcome> {
    await this.enter("withdraw", [number, dispenseId, reason, text]);
    this.requireSession();
    if (reason === "other" && !text?.trim())
      fail("BAD_REQUEST", "Say why the dispense is withdrawn", { field: "text" });
    const entries = this.history.get(number) ?? [];
    const live = entries.filter((e) => !e.withdrawn);
    const entry = entries.find((e) => e.dispense_id === dispenseId);
    if (!entry) fail("NOT_FOUND", "No such dispense", { dispense_id: dispenseId });
    if (entry.withdrawn) fail("WITHDRAW_NOT_ALLOWED", "Already withdrawn", { reason: "already_withdrawn" });
    if (live[live.length - 1] !== entry)
      fail("WITHDRAW_NOT_ALLOWED", "Only the newest dispense can be withdrawn", { reason: "not_newest" });
    const queued = !this.outage.connectionStatus().online;
    entry.withdrawn = true;
    entry.withdrawal_queued = queued;
    entry.withdraw_reason = text?.trim() ? `${reason}: ${text.trim()}` : reason;
    const rx = this.find(number)?.rx;
    if (rx) {
      for (const line of entry.lines) {
        const it = rx.items.find((i) => i.item_id === line.item_id);
        if (it) {
          it.quantity_dispensed = Math.max(0, it.quantity_dispensed - line.quantity);
          it.status = it.quantity_dispensed === 0 ? "to_dispense" : "partial";
        }
      }
      rx.status = rx.items.some((i) => i.quantity_dispensed > 0) ? "partially_dispensed" : "active";
    }
    this.audit("withdraw", number, { dispense_id: dispenseId, reason });
    return { dispense_id: dispenseId, state: queued ? "queued" : "delivered" };
  }

  private lockView(): LockState {
    return {
      locked: this.session !== null && this.locked !== null,
      reason: this.locked,
      lock_after_minutes: this.lockMinutes,
      attempts_left: 5 - this.unlockFailures,
      parked: [],
    };
  }

  async lockState(): Promise<LockState> {
    await this.enter("lockState", []);
    return this.lockView();
  }

  async stillHere(): Promise<LockState> {
    await this.enter("stillHere", []);
    return this.lockView();
  }

  async lockCounter(reason: LockReason): Promise<LockState> {
    await this.enter("lockCounter", [reason]);
    if (!this.session) fail("NOT_SIGNED_IN", "No pharmacist is signed in; sign in first.");
    if (!this.locked) {
      this.locked = reason;
      this.audit("lock", "-", { reason });
    }
    return this.lockView();
  }

  async unlock(secret: string): Promise<LockState> {
    await this.enter("unlock", ["<redacted>"]);
    if (!this.session) fail("NOT_SIGNED_IN", "No pharmacist is signed in; sign in first.");
    if (secret !== DEMO_SECRET) {
      this.unlockFailures += 1;
      this.audit("unlock_failed", "-", {});
      if (this.unlockFailures >= 5) {
        this.session = null;
        this.locked = null;
        this.unlockFailures = 0;
        fail("TOO_MANY_ATTEMPTS", "5 wrong secrets: signed out.", { reason: "unlock_attempts" });
      }
      fail("UNAUTHENTICATED", "Wrong secret.", { attempts_left: 5 - this.unlockFailures });
    }
    this.locked = null;
    this.unlockFailures = 0;
    this.audit("unlock", "-", {});
    return this.lockView();
  }

  async switchUser(login: string, secret: string): Promise<Session> {
    await this.enter("switchUser", [login, "<redacted>"]);
    if (!this.session) fail("NOT_SIGNED_IN", "No pharmacist is signed in; sign in first.");
    if (login.trim() !== DEMO_LOGIN || secret !== DEMO_SECRET)
      fail("UNAUTHENTICATED", "Wrong pharmacy, login or secret.");
    this.locked = null;
    this.unlockFailures = 0;
    return clone(this.session);
  }

  async saveLockAfter(minutes: number): Promise<void> {
    await this.enter("saveLockAfter", [minutes]);
    if (this.requireSession().pharmacist.role !== "manager")
      fail("FORBIDDEN", "Only a manager chooses when the counter locks", { permission: "manage" });
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 30)
      fail("INVALID_SETTING", `${minutes} is not between 1 and 30 minutes`, {
        setting: "lock_after_minutes",
      });
    if (this.setup.fixed.lock_after_minutes !== undefined) fixedByMachine("lock_after_minutes");
    this.lockMinutes = minutes;
  }

  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  /** The prescription as the central system reports it now (lazy expiry, stale holds dropped). */
  private current(entry: DemoRx): Prescription {
    const rx = entry.rx;
    const dispensable = rx.status === "active" || rx.status === "partially_dispensed";
    if (dispensable && rx.valid_until < this.today()) rx.status = "expired";
    if (rx.hold && Date.parse(rx.hold.expires_at) <= this.now().getTime()) rx.hold = null;
    return rx;
  }

  private forUi(rx: Prescription): Prescription {
    const out = clone(rx);
    out.patient.pinfl = maskPinfl(out.patient.pinfl);
    return out;
  }

  private find(number: string): DemoRx | undefined {
    return this.demo.find((d) => d.rx.number === number);
  }

  async appInfo(): Promise<AppInfo> {
    await this.enter("appInfo", []);
    return {
      version: "0.1.0",
      training: this.training,
      endpoint: this.training ? "http://127.0.0.1:8787 (training sandbox)" : (this.settings.endpoint ?? ""),
      adapter: this.settings.adapter ?? "dmed-v1",
      language: this.settings.language,
      endpoint_locked: this.endpointChosen,
      setup_needed: this.setup.needed,
      training_demo: this.training
        ? {
            pharmacy_id: DEMO_PHARMACY.pharmacy_id,
            login: DEMO_LOGIN,
            secret: DEMO_SECRET,
            samples: this.demo.map((d) => ({
              number: d.rx.number,
              payload: `DMEDRX:1:${d.rx.number}:${d.code}`,
              state: d.state,
            })),
          }
        : null,
    };
  }

  async signIn(pharmacyId: string, login: string, secret: string): Promise<Session> {
    await this.enter("signIn", [pharmacyId, login, "<redacted>"]);
    if (
      pharmacyId.trim() !== DEMO_PHARMACY.pharmacy_id ||
      login.trim() !== DEMO_LOGIN ||
      secret !== DEMO_SECRET
    ) {
      fail("UNAUTHENTICATED", "Wrong pharmacy id, login or secret.");
    }
    this.session = this.newSession();
    this.audit("sign_in", "-", { role: this.session.pharmacist.role });
    return clone(this.session);
  }

  /** Appends a row to the simulated audit log, as the counter does. */
  private audit(action: string, subject: string, details: Record<string, unknown>): void {
    this.auditRows.push({
      seq: this.auditRows.length + 1,
      at: this.now().toISOString(),
      actor: this.session ? `${this.session.pharmacy.pharmacy_id}/${DEMO_LOGIN}` : "-",
      action,
      subject,
      details: JSON.stringify(details),
    });
  }

  async auditLog(query: AuditQuery): Promise<AuditEntry[]> {
    await this.enter("auditLog", [query]);
    if (this.requireSession().pharmacist.role !== "manager")
      fail("FORBIDDEN", "Only managers can see the audit log", { permission: "manage" });
    return this.auditRows
      .filter((r) => !query.action || r.action === query.action)
      .filter((r) => !query.actor || r.actor.includes(query.actor))
      .filter((r) => !query.from || r.at.slice(0, 10) >= query.from)
      .filter((r) => !query.to || r.at.slice(0, 10) <= query.to)
      .slice()
      .reverse()
      .slice(0, 500);
  }

  endSession(reason: "access_revoked" | "unauthenticated"): void {
    const name = this.session?.pharmacist.full_name ?? "";
    this.session = null;
    const end: SessionEnded = {
      code: reason === "access_revoked" ? "FORBIDDEN" : "UNAUTHENTICATED",
      reason,
      message: reason === "access_revoked" ? "Your access was revoked." : "Your session ended.",
      pharmacist_name: name,
    };
    for (const listener of this.sessionListeners) listener(end);
  }

  async onSessionEnded(listener: (end: SessionEnded) => void): Promise<() => void> {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  async currentSession(): Promise<Session | null> {
    await this.enter("currentSession", []);
    return this.session ? clone(this.session) : null;
  }

  async signOut(): Promise<void> {
    await this.enter("signOut", []);
    this.audit("sign_out", "-", {});
    this.session = null;
    this.locked = null;
  }

  async lookup(input: string, document: IdDocumentKind | null): Promise<LookupResult> {
    await this.enter("lookup", [input, document]);
    let parsed;
    try {
      parsed = parseLookupInput(input);
    } catch (e) {
      if (e instanceof IdProblem)
        fail("INVALID_IDENTIFIER", `invalid identifier: ${e.details.problem}`, e.details);
      throw e;
    }
    this.requireSession();
    if (parsed.kind === "pinfl") {
      if (document === null) {
        fail("ID_DOCUMENT_CHECK_REQUIRED", "Confirm that the patient's identity document was checked.");
      }
      const today = this.today();
      const found = this.demo
        .filter((d) => d.rx.patient.pinfl === parsed.pinfl)
        .map((d) => this.current(d))
        .filter(
          (rx) =>
            (rx.status === "active" || rx.status === "partially_dispensed") &&
            rx.valid_from <= today &&
            today <= rx.valid_until,
        );
      if (found.length === 0) fail("PRESCRIPTION_NOT_FOUND", "The patient has no active prescriptions.");
      return this.outage.answerLookup({ via: "pinfl", prescriptions: found.map((rx) => this.forUi(rx)) });
    }
    const entry = this.find(parsed.number);
    if (!parsed.code) {
      fail("ACCESS_CODE_REQUIRED", "Ask the patient for the 4-digit access code.", { number: parsed.number });
    }
    if (!entry) fail("PRESCRIPTION_NOT_FOUND", `No prescription ${parsed.number}.`);
    if (entry.code !== parsed.code) fail("ACCESS_CODE_MISMATCH", "The access code does not match.");
    return this.outage.answerLookup({ via: "number", prescriptions: [this.forUi(this.current(entry))] });
  }

  private checkDispensable(rx: Prescription): void {
    const today = this.today();
    if (rx.status === "cancelled") fail("CANCELLED", "The prescription was cancelled.");
    if (rx.status === "completed") fail("ALREADY_DISPENSED", "The prescription is fully dispensed.");
    if (rx.status === "expired" || rx.valid_until < today) fail("EXPIRED", "The prescription has expired.");
    if (rx.valid_from > today)
      fail("NOT_YET_VALID", "The prescription is not valid yet.", { valid_from: rx.valid_from });
    if (rx.hold && rx.hold.pharmacy_id !== this.session?.pharmacy.pharmacy_id) {
      fail("HELD_BY_OTHER_PHARMACY", "Another pharmacy holds the prescription.", {
        holder: rx.hold.pharmacy_id,
        holder_name:
          rx.hold.pharmacy_id === OTHER_PHARMACY.pharmacy_id ? OTHER_PHARMACY.name : rx.hold.pharmacy_id,
        expires_at: rx.hold.expires_at,
      });
    }
  }

  async hold(number: string): Promise<Hold> {
    await this.enter("hold", [number]);
    const session = this.requireSession();
    this.outage.requireOnline();
    const entry = this.find(number.replace(/-/g, "").toUpperCase());
    if (!entry) fail("PRESCRIPTION_NOT_FOUND", `No prescription ${number}.`);
    const rx = this.current(entry);
    this.checkDispensable(rx);
    const existing = this.holds.get(rx.number);
    const expires_at = new Date(this.now().getTime() + 15 * 60_000).toISOString();
    const hold: Hold = { hold_id: existing?.hold_id ?? uuid(), expires_at };
    this.holds.set(rx.number, hold);
    rx.hold = { pharmacy_id: session.pharmacy.pharmacy_id, pharmacy_name: session.pharmacy.name, expires_at };
    return { ...hold };
  }

  async releaseHold(number: string, holdId: string): Promise<void> {
    await this.enter("releaseHold", [number, holdId]);
    this.requireSession();
    const hold = this.holds.get(number);
    if (!hold || hold.hold_id !== holdId) fail("HOLD_EXPIRED", "The hold is unknown or has run out.");
    this.holds.delete(number);
    const entry = this.find(number);
    if (entry) entry.rx.hold = null;
  }

  async searchProducts(inn: string, query: string): Promise<Product[]> {
    await this.enter("searchProducts", [inn, query]);
    this.requireSession();
    const q = query.trim().toLowerCase();
    return DEMO_PRODUCTS.filter(
      (p) => p.inn.toLowerCase() === inn.toLowerCase() && (!q || p.trade_name.toLowerCase().includes(q)),
    )
      .sort((a, b) => a.trade_name.localeCompare(b.trade_name))
      .map(clone);
  }

  async findProducts(query: string, limit: number): Promise<ProductHit[]> {
    await this.enter("findProducts", [query, limit]);
    this.requireSession();
    const q = query.trim().toLowerCase();
    const digits = q.replace(/^01/, "").slice(0, 14);
    return DEMO_PRODUCTS.filter(
      (p) =>
        !q ||
        p.trade_name.toLowerCase().includes(q) ||
        p.inn.toLowerCase().includes(q) ||
        (p.gtins ?? []).some((g) => g === digits || g === q.padStart(14, "0")),
    )
      .sort((a, b) => a.trade_name.localeCompare(b.trade_name))
      .slice(0, limit)
      .map((p) => ({
        product: clone(p),
        sale: {
          kind: p.e_rx_required ? "e_prescription" : p.rx_only ? "prescription" : "free",
          group: p.e_rx_required ? (p.atc.startsWith("J01") ? "antibiotic" : "other") : null,
          atc: p.atc,
        },
      }));
  }

  async dispense(draft: DispenseDraft): Promise<DispenseOutcome> {
    await this.enter("dispense", [draft]);
    const session = this.requireSession();
    const entry = this.find(draft.prescription_number);
    if (!entry) fail("PRESCRIPTION_NOT_FOUND", `No prescription ${draft.prescription_number}.`);
    const rx = this.current(entry);
    if (draft.hold_id !== null) {
      const hold = this.holds.get(rx.number);
      if (!hold || hold.hold_id !== draft.hold_id)
        fail("HOLD_EXPIRED", "The hold is unknown or has run out.");
      rx.hold = null;
    }
    this.checkDispensable(rx);
    if (draft.lines.length === 0) fail("BAD_REQUEST", "A dispense needs at least one line.");
    const receiver = draft.receiver ?? null;
    if (receiver?.kind === "representative") {
      if (!receiver.full_name?.trim())
        fail("BAD_REQUEST", "Enter the name of who collects the medicine", { field: "receiver.full_name" });
      if (!receiver.relation?.trim())
        fail("BAD_REQUEST", "Enter how they are related to the patient", { field: "receiver.relation" });
      if (!receiver.document || receiver.document === "birth_certificate")
        fail("BAD_REQUEST", "Someone collecting for the patient shows a passport or an ID card", {
          field: "receiver.document",
        });
      if (!receiver.document_number?.trim())
        fail("BAD_REQUEST", "Enter the number of their document", { field: "receiver.document_number" });
    }
    const taken = new Map<string, number>();
    const closing = new Set<string>();
    for (const line of draft.lines) {
      const it = rx.items.find((i) => i.item_id === line.item_id);
      if (!it) fail("NOT_FOUND", `Unknown item ${line.item_id}.`, { item_id: line.item_id });
      if (line.not_dispensed) {
        if (line.not_dispensed.reason === "other" && !line.not_dispensed.note?.trim())
          fail("BAD_REQUEST", "Say in words why the item is not dispensed", {
            field: "not_dispensed_note",
            item_id: it.item_id,
          });
        if (closing.has(it.item_id)) fail("BAD_REQUEST", "Closed twice.", { item_id: it.item_id });
        closing.add(it.item_id);
        continue;
      }
      const product = DEMO_PRODUCTS.find((p) => p.product_id === line.product_id);
      if (!product) fail("NOT_FOUND", `Unknown product ${line.product_id}.`, { product_id: line.product_id });
      if (product.inn.toLowerCase() !== it.inn.toLowerCase()) {
        fail("PRODUCT_INN_MISMATCH", "The product's INN differs from the item's.", {
          item_inn: it.inn,
          product_inn: product.inn,
        });
      }
      const before = taken.get(it.item_id) ?? 0;
      const remaining = it.quantity_prescribed - it.quantity_dispensed;
      if (line.quantity <= 0 || before + line.quantity > remaining) {
        fail("QUANTITY_EXCEEDED", "More than what remains.", { item_id: it.item_id, remaining });
      }
      taken.set(it.item_id, before + line.quantity);
    }
    for (const item_id of closing) {
      const it = rx.items.find((i) => i.item_id === item_id);
      if (it && it.quantity_prescribed - it.quantity_dispensed - (taken.get(item_id) ?? 0) <= 0)
        fail("QUANTITY_EXCEEDED", "Nothing remains to close.", { item_id, remaining: 0 });
    }
    for (const it of rx.items) {
      const add = taken.get(it.item_id) ?? 0;
      if (add === 0 && !closing.has(it.item_id)) continue;
      it.quantity_dispensed += add;
      it.status = closing.has(it.item_id)
        ? "not_dispensed"
        : it.quantity_dispensed >= it.quantity_prescribed
          ? "dispensed"
          : "partial";
    }
    const open = rx.items.some((i) => i.status === "to_dispense" || i.status === "partial");
    const anyDispensed = rx.items.some((i) => i.quantity_dispensed > 0);
    rx.status = open ? (anyDispensed ? "partially_dispensed" : "active") : "completed";
    this.holds.delete(rx.number);
    const dispense_id = uuid();
    const nowIso = this.now().toISOString();
    const dispense: Dispense = {
      dispense_id,
      prescription_number: rx.number,
      pharmacy_id: session.pharmacy.pharmacy_id,
      pharmacist_pinfl: session.pharmacist.pinfl,
      status: "completed",
      mode: "online",
      handed_over_at: nowIso,
      recorded_at: nowIso,
      prescription_status: rx.status,
      items: draft.lines.map((line) => {
        const it = rx.items.find((i) => i.item_id === line.item_id);
        return {
          item_id: line.item_id,
          product_id: line.product_id,
          quantity: line.quantity,
          remaining: it && it.status !== "not_dispensed" ? it.quantity_prescribed - it.quantity_dispensed : 0,
          item_status: it?.status ?? "dispensed",
          marking_codes: [],
          batch: null,
          expiry: null,
          not_dispensed_reason: line.not_dispensed
            ? line.not_dispensed.note?.trim()
              ? `${line.not_dispensed.reason}: ${line.not_dispensed.note.trim()}`
              : line.not_dispensed.reason
            : null,
        };
      }),
      pharmacy_name: session.pharmacy.name,
      pharmacist_name: session.pharmacist.full_name,
      receiver,
    };
    const queued = this.queueNext || !this.outage.connectionStatus().online;
    const entries = this.history.get(rx.number) ?? [];
    entries.push({
      dispense_id,
      pharmacy_id: session.pharmacy.pharmacy_id,
      pharmacy_name: session.pharmacy.name,
      pharmacist_name: session.pharmacist.full_name,
      ours: true,
      handed_over_at: nowIso,
      mode: "online",
      withdrawn: false,
      withdrawal_queued: false,
      withdraw_reason: null,
      confirmed: !queued,
      lines: draft.lines.map((l) => ({
        item_id: l.item_id,
        product_id: l.product_id,
        trade_name: DEMO_PRODUCTS.find((p) => p.product_id === l.product_id)?.trade_name ?? "",
        quantity: l.quantity,
        not_dispensed_reason: l.not_dispensed?.reason ?? null,
        not_dispensed_note: l.not_dispensed?.note?.trim() || null,
      })),
      receiver,
      can_withdraw: false,
      can_reprint: false,
    });
    this.history.set(rx.number, entries);
    if (queued) {
      this.queueNext = false;
      this.outage.queue(1);
      return { dispense_id, state: "queued", prescription: this.forUi(rx), dispense: null };
    }
    return { dispense_id, state: "delivered", prescription: this.forUi(rx), dispense };
  }

  async getSettings(): Promise<Settings> {
    await this.enter("getSettings", []);
    return { ...this.settings, fixed: this.setup.names() };
  }

  /** `settings` as the counter saves them (`settings::validate`), or the refusal. */
  private validated(settings: Settings): Settings {
    const endpoint = settings.endpoint?.trim() ? settings.endpoint.trim() : null;
    if (endpoint !== null && !/^https?:\/\/[^\s/]+/i.test(endpoint)) {
      fail("INVALID_SETTING", "The endpoint must be an http(s) URL.", { field: "endpoint" });
    }
    // As the settings file reads it: no adapter named is contract v1.
    const adapter = settings.adapter ?? "dmed-v1";
    if (adapter !== "dmed-v1" && adapter !== "dhp-fhir") {
      fail("INVALID_SETTING", "Unknown central system.", { setting: "adapter" });
    }
    if (!isLanguage(settings.language)) {
      fail("INVALID_SETTING", `'${settings.language}' is not one of ${LANGUAGES.join(", ")}`, {
        setting: "language",
      });
    }
    // Absent (a window of an earlier version): the normal size, as serde's default.
    const textSize = settings.text_size ?? TEXT_SIZES[0];
    if (!(TEXT_SIZES as readonly number[]).includes(textSize)) {
      fail("INVALID_SETTING", `${textSize} is not one of ${TEXT_SIZES.map((s) => `${s}%`).join(", ")}`, {
        setting: "text_size",
      });
    }
    const valid: Settings = {
      endpoint,
      adapter,
      language: settings.language,
      camera: settings.camera?.trim() || null,
      text_size: textSize,
      pharmacy_id: settings.pharmacy_id?.trim() || null,
    };
    // A value the machine configuration fixes cannot change (`settings::check_fixed`).
    const changed = this.setup.changedFixed(valid);
    if (changed) fixedByMachine(changed);
    return valid;
  }

  async saveSettings(settings: Settings): Promise<Settings> {
    await this.enter("saveSettings", [settings]);
    const valid = this.validated(settings);
    const { endpoint, adapter = "dmed-v1", camera = null } = valid;
    // As the counter decides (`settings::permission_to_change`): the address (after the first
    // choice) and the camera are an administrator's.
    const admin = this.session?.pharmacist.role === "administrator";
    const addressChange =
      (endpoint !== this.settings.endpoint || adapter !== (this.settings.adapter ?? "dmed-v1")) &&
      this.endpointChosen;
    if ((addressChange || camera !== (this.settings.camera ?? null)) && !admin) {
      fail("FORBIDDEN", "Only administrators can change the central endpoint or the camera", {
        permission: "administer",
        role: this.session?.pharmacist.role ?? "",
      });
    }
    this.settings = valid;
    if (endpoint !== null) this.endpointChosen = true;
    return { ...this.settings, fixed: this.setup.names() };
  }

  /** The demo person at the demo pharmacy (the only one this mock signs in). */
  private personKey(): string {
    return `${DEMO_PHARMACY.pharmacy_id}/${DEMO_LOGIN}`;
  }

  async userLanguage(): Promise<string | null> {
    await this.enter("userLanguage", []);
    this.requireSession();
    return this.userLanguages.get(this.personKey()) ?? null;
  }

  async saveUserLanguage(language: string): Promise<void> {
    await this.enter("saveUserLanguage", [language]);
    this.requireSession();
    if (!isLanguage(language)) {
      fail("INVALID_SETTING", `'${language}' is not one of ${LANGUAGES.join(", ")}`, { setting: "language" });
    }
    this.userLanguages.set(this.personKey(), language);
  }

  // --- reports ---
  async report(query: ReportQuery): Promise<Report> {
    await this.enter("report", [query]);
    const session = this.requireSession();
    if (query.to < query.from) fail("BAD_REQUEST", "The period ends before it starts.");
    const pharmacy = { id: session.pharmacy.pharmacy_id, name: session.pharmacy.name };
    const report = demoReport(query, pharmacy, this.now());
    // Like the counter: the whole pharmacy while the central system answers, else this counter.
    const online = this.outage.connectionStatus().online;
    report.scope = {
      kind: online ? "pharmacy" : "this_counter",
      unconfirmed: online ? this.outage.pending() : 0,
    };
    return report;
  }

  async reportDrill(query: ReportQuery, row: Drill): Promise<DispenseSummary[]> {
    await this.enter("reportDrill", [query, row]);
    this.requireSession();
    return demoDrill(query, row);
  }

  async exportReport(query: ReportQuery, format: ExportFormat, csv: CsvOptions): Promise<SavedDocument> {
    await this.enter("exportReport", [query, format, csv]);
    this.requireSession();
    return { path: `/home/demo/Documents/Dorixona/hisobot_${query.from}_${query.to}.${format}` };
  }

  async receiptPdf(dispenseId: string): Promise<SavedDocument> {
    await this.enter("receiptPdf", [dispenseId]);
    this.requireSession();
    return { path: `/home/demo/Documents/Dorixona/chek_${dispenseId}.pdf` };
  }

  async reprintReceipt(number: string, dispenseId: string): Promise<SavedDocument> {
    await this.enter("reprintReceipt", [number, dispenseId]);
    this.requireSession();
    return { path: `/home/demo/Documents/Dorixona/chek_${dispenseId}.pdf` };
  }

  async withdrawalSlipPdf(dispenseId: string): Promise<SavedDocument> {
    await this.enter("withdrawalSlipPdf", [dispenseId]);
    this.requireSession();
    return { path: `/home/demo/Documents/Dorixona/qaytarish_${dispenseId}.pdf` };
  }

  /** The printers this mock computer has. */
  printerList: Printer[] = [
    { name: "Kassa-80", is_default: true, ready: true },
    { name: "Ofis", is_default: false, ready: false },
  ];
  printing: PrintSettings = { printer: null, format: "pdf", after_dispense: false, report_printer: null };
  private jobs = 0;

  async printers(): Promise<Printer[]> {
    await this.enter("printers", []);
    this.requireSession();
    return this.printerList.map((p) => ({ ...p }));
  }

  async printSettings(): Promise<PrintSettings> {
    await this.enter("printSettings", []);
    this.requireSession();
    return { ...this.printing };
  }

  async savePrintSettings(settings: PrintSettings): Promise<void> {
    await this.enter("savePrintSettings", [settings]);
    const session = this.requireSession();
    if (session.pharmacist.role !== "manager") fail("FORBIDDEN", "Only managers choose the receipt printer.");
    this.printing = {
      ...settings,
      printer: settings.printer?.trim() || null,
      report_printer: settings.report_printer?.trim() || null,
    };
  }

  async printReceipt(number: string, dispenseId: string, slip: boolean): Promise<PrintJob> {
    await this.enter("printReceipt", [number, dispenseId, slip]);
    this.requireSession();
    const printer = this.printing.printer;
    if (!printer) fail("INVALID_SETTING", "No receipt printer is chosen.", { setting: "printer" });
    const found = this.printerList.find((p) => p.name === printer);
    if (!found)
      fail("PRINTER_UNAVAILABLE", `The printer ${printer} is gone.`, { reason: "unknown_printer", printer });
    if (!found.ready)
      fail("PRINTER_UNAVAILABLE", `The printer ${printer} cannot print now.`, {
        reason: "not_ready",
        printer,
      });
    this.jobs += 1;
    return { printer, job: `${printer}-${this.jobs}` };
  }

  async printReport(query: ReportQuery): Promise<PrintJob> {
    await this.enter("printReport", [query]);
    const session = this.requireSession();
    if (session.pharmacist.role !== "manager") fail("FORBIDDEN", "Only managers print reports.");
    const printer = this.printing.report_printer;
    if (!printer) fail("INVALID_SETTING", "No printer for reports is chosen.", { setting: "report_printer" });
    this.jobs += 1;
    return { printer, job: `${printer}-${this.jobs}` };
  }

  async reprintWithdrawalSlip(number: string, dispenseId: string): Promise<SavedDocument> {
    await this.enter("reprintWithdrawalSlip", [number, dispenseId]);
    this.requireSession();
    return { path: `/home/demo/Documents/Dorixona/qaytarish_${dispenseId}.pdf` };
  }

  async printPaperLog(date: string): Promise<SavedDocument> {
    await this.enter("printPaperLog", [date]);
    this.requireSession();
    return { path: `/home/demo/Documents/Dorixona/qogoz-jurnali_${date}.pdf` };
  }

  async openDocument(path: string): Promise<void> {
    await this.enter("openDocument", [path]);
  }

  // --- outage ---
  private newSession(): Session {
    const s = demoSession(this.now());
    s.pharmacist.role = this.role;
    return s;
  }

  async connectionStatus(): Promise<ConnectionStatus> {
    await this.enter("connectionStatus", []);
    return this.outage.connectionStatus();
  }

  async outboxStatus(): Promise<OutboxStatus> {
    await this.enter("outboxStatus", []);
    return this.outage.outboxStatus();
  }

  async sendNow(): Promise<void> {
    await this.enter("sendNow", []);
    this.outage.sendNow();
  }

  async getCachePolicy(): Promise<CachePolicy> {
    await this.enter("getCachePolicy", []);
    return this.outage.getCachePolicy();
  }

  async saveCachePolicy(policy: CachePolicy): Promise<CachePolicy> {
    await this.enter("saveCachePolicy", [policy]);
    if (this.requireSession().pharmacist.role !== "manager")
      fail("FORBIDDEN", "Only a manager can change the offline dispensing policy");
    return this.outage.saveCachePolicy(policy);
  }

  async recordPaper(draft: PaperDraft): Promise<PaperReceipt> {
    await this.enter("recordPaper", [draft]);
    const s = this.requireSession();
    return this.outage.recordPaper(
      draft,
      s.pharmacist.role,
      s.pharmacist.full_name,
      tashkentToday(this.now()),
    );
  }

  async paperLog(date: string): Promise<PaperLogEntry[]> {
    await this.enter("paperLog", [date]);
    this.requireSession();
    return this.outage.paperLog(date);
  }

  async conflicts(all: boolean): Promise<Conflict[]> {
    await this.enter("conflicts", [all]);
    return this.outage.conflicts(all, this.requireSession().pharmacist.role);
  }

  async noteConflict(id: number, note: string): Promise<void> {
    await this.enter("noteConflict", [id, note]);
    this.outage.noteConflict(id, note, this.requireSession().pharmacist.role);
  }

  async acknowledgeConflict(id: number): Promise<void> {
    await this.enter("acknowledgeConflict", [id]);
    const s = this.requireSession();
    this.outage.acknowledgeConflict(id, s.pharmacist.role, s.pharmacist.full_name);
  }

  // --- scan ---
  async listCameras(): Promise<CameraChoice[]> {
    await this.enter("listCameras", []);
    return this.scan.cameras.map((c) => ({ ...c }));
  }

  async startCamera(name: string | null): Promise<CameraStatus> {
    await this.enter("startCamera", [name]);
    return this.scan.start();
  }

  async stopCamera(): Promise<CameraStatus> {
    await this.enter("stopCamera", []);
    return this.scan.stop();
  }

  async cameraStatus(): Promise<CameraStatus> {
    await this.enter("cameraStatus", []);
    return { ...this.scan.status };
  }

  async checkPack(
    number: string,
    itemId: string | null,
    code: string,
    already: string[],
  ): Promise<PackMatch> {
    await this.enter("checkPack", [number, itemId, code, already]);
    this.requireSession();
    const entry = this.find(number);
    if (!entry) fail("PRESCRIPTION_NOT_FOUND", "Not looked up on this counter.");
    return this.scan.checkPack(this.current(entry).items, DEMO_PRODUCTS, itemId, code, already, this.today());
  }

  async scanRendered(id: number, stages: UiStages | null): Promise<number | null> {
    await this.enter("scanRendered", [id, stages]);
    this.scan.rendered.push(id);
    this.scan.stages.push(stages);
    return null;
  }

  async onScan(listener: (code: ScanCode) => void): Promise<() => void> {
    return this.scan.onScan(listener);
  }

  async onCameraStatus(listener: (status: CameraStatus) => void): Promise<() => void> {
    return this.scan.onStatus(listener);
  }

  async onPreview(listener: (preview: CameraPreview) => void): Promise<() => void> {
    return this.scan.onPreview(listener);
  }

  // --- updates ---

  /** Administrators and managers only, as the shell checks. */
  private requireUpdater(): void {
    const role = this.requireSession().pharmacist.role;
    if (role !== "administrator" && role !== "manager") {
      fail("FORBIDDEN", "Only administrators and managers can update the app.", { role });
    }
  }

  /** What an update would interrupt: the mock's holds, parked sessions and outbox. */
  private updateBusy(): CounterBusy {
    return {
      open_dispenses: this.holds.size,
      parked_sessions: this.update.parkedSessions,
      outbox_pending: this.outage.pending(),
    };
  }

  async checkUpdate(): Promise<UpdateCheck> {
    await this.enter("checkUpdate", []);
    this.requireUpdater();
    return this.update.check(this.updateBusy());
  }

  async installUpdate(version: string, anyway: boolean): Promise<UpdateInstalled> {
    await this.enter("installUpdate", [version, anyway]);
    this.requireUpdater();
    return this.update.install(version, anyway, this.updateBusy());
  }

  async restartAfterUpdate(): Promise<void> {
    await this.enter("restartAfterUpdate", []);
    this.requireUpdater();
    this.update.restart();
  }

  // --- the first-run setup and diagnostics ---

  /** Anyone while the setup is still to be done (nobody can sign in before), an administrator
   *  afterwards (`Counter::setup_permission`). */
  private requireSetup(): void {
    if (this.setup.needed) return;
    if (this.requireSession().pharmacist.role !== "administrator")
      fail("FORBIDDEN", "Only administrators set the counter up once it is set up.", {
        permission: "administer",
      });
  }

  async setupPrinters(): Promise<Printer[]> {
    await this.enter("setupPrinters", []);
    this.requireSetup();
    return this.printerList.map((p) => ({ ...p }));
  }

  async testEndpoint(adapter: string, url: string | null): Promise<Finding[]> {
    await this.enter("testEndpoint", [adapter, url]);
    this.requireSetup();
    if (adapter !== "dmed-v1" && adapter !== "dhp-fhir")
      fail("INVALID_SETTING", "Unknown central system.", { setting: "adapter" });
    const target = url?.trim() ? url.trim() : null;
    if (target !== null && !/^https?:\/\/[^\s/]+/i.test(target))
      fail("INVALID_SETTING", "The endpoint must be an http(s) URL.", { setting: "endpoint" });
    return clone(this.setup.endpointFindings ?? endpointFindings(target));
  }

  async finishSetup(settings: Settings, printing: PrintSettings | null): Promise<SetupFinished> {
    await this.enter("finishSetup", [settings, printing]);
    this.requireSetup();
    const valid = this.validated(settings);
    const restart_needed =
      valid.endpoint !== this.settings.endpoint ||
      (valid.adapter ?? "dmed-v1") !== (this.settings.adapter ?? "dmed-v1");
    this.settings = valid;
    if (valid.endpoint !== null) this.endpointChosen = true;
    if (printing) {
      this.printing = {
        printer: printing.printer?.trim() || null,
        format: printing.format ?? "pdf",
        after_dispense: printing.after_dispense ?? false,
        report_printer: printing.report_printer?.trim() || null,
      };
    }
    this.setup.needed = false;
    this.audit("settings_changed", "setup", { endpoint: restart_needed, adapter: valid.adapter });
    return { restart_needed };
  }

  // --- backups (administrators) ---

  private requireAdministrator(what: string): Session {
    const session = this.requireSession();
    if (session.pharmacist.role !== "administrator")
      fail("FORBIDDEN", `Only administrators ${what}.`, { permission: "administer" });
    return session;
  }

  async backupStatus(): Promise<BackupStatus> {
    await this.enter("backupStatus", []);
    this.requireAdministrator("see the backups");
    return this.backup.status();
  }

  async saveBackupSettings(settings: BackupSettings): Promise<BackupStatus> {
    await this.enter("saveBackupSettings", [settings]);
    this.requireAdministrator("choose where backups go");
    const status = this.backup.save(settings);
    this.audit("settings_changed", "backup", {
      folder: status.settings.folder !== null,
      keep: status.settings.keep ?? null,
    });
    return status;
  }

  async setBackupPassphrase(secret: string, passphrase: string): Promise<BackupStatus> {
    await this.enter("setBackupPassphrase", ["<redacted>", "<redacted>"]);
    this.requireAdministrator("set the backup passphrase");
    // As `backup::key::set_passphrase`: the rules first, then the administrator's own secret.
    this.backup.checkRules(passphrase);
    if (secret !== DEMO_SECRET) fail("UNAUTHENTICATED", "Wrong secret.");
    const changed = this.backup.passphrase !== null;
    const status = this.backup.setPassphrase(passphrase);
    this.audit("settings_changed", "backup_passphrase", { changed });
    return status;
  }

  async backupNow(): Promise<BackupWritten> {
    await this.enter("backupNow", []);
    const session = this.requireAdministrator("back the counter up");
    const written = this.backup.backUp(this.settings.pharmacy_id ?? session.pharmacy.pharmacy_id, this.now());
    this.audit("backup", written.file, { reason: "manual" });
    return written;
  }

  async runDoctor(): Promise<Finding[]> {
    await this.enter("runDoctor", []);
    if (this.requireSession().pharmacist.role !== "administrator")
      fail("FORBIDDEN", "Only administrators run the diagnostics.", { permission: "administer" });
    return clone(this.setup.doctorFindings);
  }
}

/** A fresh in-memory backend. */
export function createMockBackend(opts: MockOptions = {}): MockBackend {
  return new InMemoryBackend(opts);
}
