//! The backend seam: the only way the UI reaches the desktop shell. One async method per
//! command; each returns its data or throws a `BackendError`. Inside Tauri the calls go over
//! IPC; in a plain browser (development) and in tests an in-memory mock answers.

import type {
  AppInfo,
  AuditEntry,
  AuditQuery,
  CsvOptions,
  DispenseSummary,
  Drill,
  ExportFormat,
  Report,
  ReportQuery,
  SavedDocument,
  DispenseDraft,
  DispenseOutcome,
  Hold,
  LookupResult,
  Product,
  Session,
  Settings,
  CachePolicy,
  Conflict,
  ConnectionStatus,
  OutboxStatus,
  PaperDraft,
  PaperLogEntry,
  PaperReceipt,
} from "./bindings";
import type {
  CameraChoice,
  CameraPreview,
  CameraStatus,
  PackMatch,
  ScanCode,
  SessionEnded,
  UiStages,
} from "./bindings";
import type { LockReason, LockState } from "./bindings";
import type { IdDocumentKind } from "./bindings";
import type { PrintJob, PrintSettings, Printer } from "./bindings";
import type { PrescriptionHistory, ProductHit, WithdrawOutcome, WithdrawReason } from "./bindings";
import type { UpdateCheck, UpdateInstalled } from "./bindings";
import type { Finding, SetupFinished } from "./bindings";
import type { BackupSettings, BackupStatus, BackupWritten } from "./bindings";
import { createMockBackend } from "./mock";
import { createTauriBackend } from "./tauri";

export type {
  AppInfo,
  AuditEntry,
  AuditQuery,
  Dispense,
  DispenseDraft,
  DispenseMode,
  DispenseOutcome,
  DispenseStatus,
  DispensedItem,
  DraftLine,
  ErrorCode,
  Hold,
  HoldInfo,
  IpcError,
  Item,
  ItemStatus,
  LookupResult,
  LookupVia,
  Patient,
  Pharmacist,
  PharmacyInfo,
  Prescriber,
  Prescription,
  PrescriptionKind,
  PrescriptionStatus,
  Product,
  SampleRx,
  Session,
  Settings,
  StaffRole,
  TrainingDemo,
  ConflictRow,
  CsvOptions,
  DayRow,
  DispenseSummary,
  Drill,
  ExportFormat,
  InnRow,
  ModeRow,
  PharmacistRow,
  PharmacyRef,
  ProductRow,
  Report,
  ReportMode,
  ReportQuery,
  SavedDocument,
  Separator,
  Totals,
  Volume,
  CachePolicy,
  Conflict,
  ConnectionStatus,
  OfflineDispense,
  OutboxStatus,
  PaperDraft,
  PaperLine,
  PaperLogEntry,
  PaperReceipt,
} from "./bindings";
export type { LockReason, LockState, ParkedDraft } from "./bindings";
export type { PrintJob, PrintSettings, Printer, ReceiptFormat } from "./bindings";
export type {
  IdDocumentKind,
  NotDispensedInput,
  NotDispensedLine,
  NotDispensedReason,
  NotDispensedRow,
  Receiver,
  ReceiverKind,
} from "./bindings";
export type { ERxGroup, ProductHit, SaleKind, SaleRule } from "./bindings";
export type {
  HistoryEntry,
  HistoryLine,
  PrescriptionHistory,
  WithdrawOutcome,
  WithdrawReason,
} from "./bindings";
export type {
  CameraChoice,
  CameraPreview,
  CameraState,
  CameraStatus,
  CodeFormat,
  LatencySummary,
  PackMatch,
  ScanCode,
  SessionEnded,
  UiStages,
} from "./bindings";
export type { CounterBusy, UpdateCheck, UpdateInstalled, UpdateOffer, UpdateRelease } from "./bindings";
export type { Fact, Finding, SetupFinished, Status as CheckStatus } from "./bindings";
export type { BackupSettings, BackupStatus, BackupWritten } from "./bindings";
export { BackendError, ERROR_CODES, isErrorCode } from "./errors";

/** Whether a dispense reached the central system (`delivered`) or waits in the outbox (`queued`). */
export type DispenseState = DispenseOutcome["state"];
export { createMockBackend, type MockBackend, type MockOptions } from "./mock";

/** What the UI can ask of the desktop shell. Every method throws `BackendError` on failure. */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  signIn(pharmacyId: string, login: string, secret: string): Promise<Session>;
  currentSession(): Promise<Session | null>;
  signOut(): Promise<void>;
  // --- the lock ---
  /** Whether the window is locked, why, after how many idle minutes, and whose drafts are parked. */
  lockState(): Promise<LockState>;
  /** The user is active (key, pointer, touch): answers the lock, which the counter may have closed. */
  stillHere(): Promise<LockState>;
  lockCounter(reason: LockReason): Promise<LockState>;
  /** The signed-in person's own secret (also offline); `UNAUTHENTICATED` with `attempts_left`. */
  unlock(secret: string): Promise<LockState>;
  /** Another person (or a parked owner coming back) signs in from the lock screen. */
  switchUser(login: string, secret: string): Promise<Session>;
  /** Managers: the minutes of inactivity before the window locks (1 to 30). */
  saveLockAfter(minutes: number): Promise<void>;
  /** `document`: which identity document was checked (needed for a PINFL). */
  lookup(input: string, document: IdDocumentKind | null): Promise<LookupResult>;
  hold(number: string): Promise<Hold>;
  releaseHold(number: string, holdId: string): Promise<void>;
  searchProducts(inn: string, query: string): Promise<Product[]>;
  /** The catalogue by name (Latin or Cyrillic), GTIN or scanned pack, with each sale rule. */
  findProducts(query: string, limit: number): Promise<ProductHit[]>;
  dispense(draft: DispenseDraft): Promise<DispenseOutcome>;
  /** Every dispense of a prescription (central and this counter's unsent ones). */
  prescriptionHistory(number: string): Promise<PrescriptionHistory>;
  /** Withdraws the newest dispense of this pharmacy (within 24 h): sent, or queued behind it. */
  withdraw(
    number: string,
    dispenseId: string,
    reason: WithdrawReason,
    text: string | null,
  ): Promise<WithdrawOutcome>;
  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<Settings>;
  /** The signed-in person's own language at this counter (`null`: never chose one here). */
  userLanguage(): Promise<string | null>;
  /** Remembers the signed-in person's own language (`INVALID_SETTING` for an unknown one). */
  saveUserLanguage(language: string): Promise<void>;
  // --- reports ---
  report(query: ReportQuery): Promise<Report>;
  reportDrill(query: ReportQuery, row: Drill): Promise<DispenseSummary[]>;
  exportReport(query: ReportQuery, format: ExportFormat, csv: CsvOptions): Promise<SavedDocument>;
  receiptPdf(dispenseId: string): Promise<SavedDocument>;
  /** The receipt of this pharmacy's dispense of `number`, made at any of its counters. */
  reprintReceipt(number: string, dispenseId: string): Promise<SavedDocument>;
  /** The withdrawal slip of a dispense withdrawn on this counter, saved as PDF. */
  withdrawalSlipPdf(dispenseId: string): Promise<SavedDocument>;
  /** The system's printers, the default first. */
  printers(): Promise<Printer[]>;
  printSettings(): Promise<PrintSettings>;
  /** Managers: the receipt printer, how receipts reach it, and printing after each dispense. */
  savePrintSettings(settings: PrintSettings): Promise<void>;
  /** The receipt (or withdrawal slip) of this pharmacy's dispense, on the chosen printer. */
  printReceipt(number: string, dispenseId: string, slip: boolean): Promise<PrintJob>;
  /** Managers: the report of `query` (PDF) on the report printer chosen in Settings. */
  printReport(query: ReportQuery): Promise<PrintJob>;
  /** The withdrawal slip of this pharmacy's dispense of `number`, withdrawn at any of its counters. */
  reprintWithdrawalSlip(number: string, dispenseId: string): Promise<SavedDocument>;
  printPaperLog(date: string): Promise<SavedDocument>;
  openDocument(path: string): Promise<void>;
  /** The audit log (managers): the rows of `query`, newest first, at most 500. */
  auditLog(query: AuditQuery): Promise<AuditEntry[]>;
  // --- outage ---
  connectionStatus(): Promise<ConnectionStatus>;
  outboxStatus(): Promise<OutboxStatus>;
  sendNow(): Promise<void>;
  getCachePolicy(): Promise<CachePolicy>;
  saveCachePolicy(policy: CachePolicy): Promise<CachePolicy>;
  recordPaper(draft: PaperDraft): Promise<PaperReceipt>;
  paperLog(date: string): Promise<PaperLogEntry[]>;
  conflicts(all: boolean): Promise<Conflict[]>;
  noteConflict(id: number, note: string): Promise<void>;
  acknowledgeConflict(id: number): Promise<void>;
  // --- scan ---
  listCameras(): Promise<CameraChoice[]>;
  /** Starts the camera (`name`, else the saved choice, else the first); the status says why not. */
  startCamera(name: string | null): Promise<CameraStatus>;
  stopCamera(): Promise<CameraStatus>;
  cameraStatus(): Promise<CameraStatus>;
  /** What a scanned pack is for the prescription, or a refusal (`details.reason`). */
  checkPack(number: string, itemId: string | null, code: string, already: string[]): Promise<PackMatch>;
  /** Tells the shell that the result of camera read `id` is on screen, with the UI's own stage
   * times since the code reached it (latency measurement). */
  scanRendered(id: number, stages: UiStages | null): Promise<number | null>;
  /** Subscriptions to the camera's events; each resolves to its unsubscribe function. */
  onScan(listener: (code: ScanCode) => void): Promise<() => void>;
  onCameraStatus(listener: (status: CameraStatus) => void): Promise<() => void>;
  onPreview(listener: (preview: CameraPreview) => void): Promise<() => void>;
  /** The central system ended the session (signed out, or access revoked): told at once. */
  onSessionEnded(listener: (end: SessionEnded) => void): Promise<() => void>;
  // --- updates (administrators and managers) ---
  /** What the update feed offers, how it compares with the running version, and what an
   *  install would interrupt now. */
  checkUpdate(): Promise<UpdateCheck>;
  /** Downloads, verifies and installs `version`; while the counter is busy only with `anyway`
   *  (`UPDATE_BUSY` otherwise). The new version runs after `restartAfterUpdate`. */
  installUpdate(version: string, anyway: boolean): Promise<UpdateInstalled>;
  /** Restarts into the update installed in this run. */
  restartAfterUpdate(): Promise<void>;
  // --- the first-run setup (anyone while `AppInfo.setup_needed`, administrators afterwards) ---
  /** The system's printers, for the setup's printer step. */
  setupPrinters(): Promise<Printer[]>;
  /** Tests the central system at `url` speaking `adapter` (`null`: training mode): whether it
   *  answers, its TLS and the clock, as findings of `endpoint`, `tls` and `clock`. */
  testEndpoint(adapter: string, url: string | null): Promise<Finding[]>;
  /** Saves the setup's choices (and the receipt printer, when one was picked) and marks the
   *  counter set up; with `restart_needed` the app restarts itself a moment later. */
  finishSetup(settings: Settings, printing: PrintSettings | null): Promise<SetupFinished>;
  // --- diagnostics (administrators) ---
  /** Every check of `dorixona doctor`, as findings the screen words. */
  runDoctor(): Promise<Finding[]>;
  // --- backups (administrators) ---
  /** Where backups go and how many are kept, whether a passphrase is set, the last backup. */
  backupStatus(): Promise<BackupStatus>;
  /** The folder (a full path, or none: no automatic backups) and how many stay (1 to 366);
   *  `INVALID_SETTING` otherwise. */
  saveBackupSettings(settings: BackupSettings): Promise<BackupStatus>;
  /** Sets or changes the passphrase backups are encrypted with (at least 12 characters:
   *  `BAD_REQUEST` with `details.backup` otherwise); the signed-in administrator's own `secret`
   *  confirms it (`UNAUTHENTICATED` when wrong). */
  setBackupPassphrase(secret: string, passphrase: string): Promise<BackupStatus>;
  /** Writes a backup into the folder now: `INVALID_SETTING` without a folder, `BAD_REQUEST`
   *  (`details.backup`) without a passphrase or when the folder is not there. */
  backupNow(): Promise<BackupWritten>;
}

/** True inside the Tauri window. */
export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

let instance: Backend | undefined;

/** The Tauri implementation inside the app, the in-memory mock elsewhere. */
export function getBackend(): Backend {
  instance ??= inTauri() ? createTauriBackend() : createMockBackend({ latencyMs: 250 });
  return instance;
}
