//! The backend over the generated Tauri command bindings.

import type { Backend } from "./index";
import { commands, events } from "./bindings";
import type { IpcError } from "./bindings";
import { BackendError } from "./errors";

type Answer<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

async function unwrap<T>(call: () => Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call();
  } catch (raw) {
    throw BackendError.from(raw);
  }
  if (answer.status === "error") throw BackendError.from(answer.error);
  return answer.data;
}

export function createTauriBackend(): Backend {
  return {
    appInfo: () => unwrap(() => commands.appInfo()),
    signIn: (pharmacyId, login, secret) => unwrap(() => commands.signIn(pharmacyId, login, secret)),
    currentSession: () => unwrap(() => commands.currentSession()),
    signOut: async () => {
      await unwrap(() => commands.signOut());
    },
    lockState: () => unwrap(() => commands.lockState()),
    stillHere: () => unwrap(() => commands.stillHere()),
    lockCounter: (reason) => unwrap(() => commands.lockCounter(reason)),
    unlock: (secret) => unwrap(() => commands.unlock(secret)),
    switchUser: (login, secret) => unwrap(() => commands.switchUser(login, secret)),
    saveLockAfter: async (minutes) => {
      await unwrap(() => commands.saveLockAfter(minutes));
    },
    lookup: (input, document) => unwrap(() => commands.lookup(input, document)),
    hold: (number) => unwrap(() => commands.hold(number)),
    releaseHold: async (number, holdId) => {
      await unwrap(() => commands.releaseHold(number, holdId));
    },
    searchProducts: (inn, query) => unwrap(() => commands.searchProducts(inn, query)),
    findProducts: (query, limit) => unwrap(() => commands.findProducts(query, limit)),
    dispense: (draft) => unwrap(() => commands.dispense(draft)),
    prescriptionHistory: (number) => unwrap(() => commands.prescriptionHistory(number)),
    withdraw: (number, dispenseId, reason, text) =>
      unwrap(() => commands.withdraw(number, dispenseId, reason, text)),
    getSettings: () => unwrap(() => commands.getSettings()),
    saveSettings: (settings) => unwrap(() => commands.saveSettings(settings)),
    userLanguage: () => unwrap(() => commands.userLanguage()),
    saveUserLanguage: async (language) => {
      await unwrap(() => commands.saveUserLanguage(language));
    },
    // --- reports ---
    report: (query) => unwrap(() => commands.report(query)),
    reportDrill: (query, row) => unwrap(() => commands.reportDrill(query, row)),
    exportReport: (query, format, csv) => unwrap(() => commands.exportReport(query, format, csv)),
    receiptPdf: (dispenseId) => unwrap(() => commands.receiptPdf(dispenseId)),
    withdrawalSlipPdf: (dispenseId) => unwrap(() => commands.withdrawalSlipPdf(dispenseId)),
    reprintReceipt: (number, dispenseId) => unwrap(() => commands.reprintReceipt(number, dispenseId)),
    reprintWithdrawalSlip: (number, dispenseId) =>
      unwrap(() => commands.reprintWithdrawalSlip(number, dispenseId)),
    printers: () => unwrap(() => commands.printers()),
    printSettings: () => unwrap(() => commands.printSettings()),
    savePrintSettings: async (settings) => {
      await unwrap(() => commands.savePrintSettings(settings));
    },
    printReceipt: (number, dispenseId, slip) => unwrap(() => commands.printReceipt(number, dispenseId, slip)),
    printReport: (query) => unwrap(() => commands.printReport(query)),
    printPaperLog: (date) => unwrap(() => commands.printPaperLog(date)),
    auditLog: (query) => unwrap(() => commands.auditLog(query)),
    openDocument: async (path) => {
      await unwrap(() => commands.openDocument(path));
    },
    // --- outage ---
    connectionStatus: () => unwrap(() => commands.connectionStatus()),
    outboxStatus: () => unwrap(() => commands.outboxStatus()),
    sendNow: async () => {
      await unwrap(() => commands.sendNow());
    },
    getCachePolicy: () => unwrap(() => commands.getCachePolicy()),
    saveCachePolicy: (policy) => unwrap(() => commands.saveCachePolicy(policy)),
    recordPaper: (draft) => unwrap(() => commands.recordPaper(draft)),
    paperLog: (date) => unwrap(() => commands.paperLog(date)),
    conflicts: (all) => unwrap(() => commands.conflicts(all)),
    noteConflict: async (id, note) => {
      await unwrap(() => commands.noteConflict(id, note));
    },
    acknowledgeConflict: async (id) => {
      await unwrap(() => commands.acknowledgeConflict(id));
    },
    // --- scan ---
    listCameras: () => unwrap(() => commands.listCameras()),
    startCamera: (name) => unwrap(() => commands.startCamera(name)),
    stopCamera: () => unwrap(() => commands.stopCamera()),
    cameraStatus: () => unwrap(() => commands.cameraStatus()),
    checkPack: (number, itemId, code, already) =>
      unwrap(() => commands.checkPack(number, itemId, code, already)),
    scanRendered: (id, stages) => unwrap(() => commands.scanRendered(id, stages)),
    onScan: (listener) => events.scanCode.listen((e) => listener(e.payload)),
    onCameraStatus: (listener) => events.cameraStatus.listen((e) => listener(e.payload)),
    onPreview: (listener) => events.cameraPreview.listen((e) => listener(e.payload)),
    onSessionEnded: (listener) => events.sessionEnded.listen((e) => listener(e.payload)),
    // --- updates ---
    checkUpdate: () => unwrap(() => commands.checkUpdate()),
    installUpdate: (version, anyway) => unwrap(() => commands.installUpdate(version, anyway)),
    restartAfterUpdate: async () => {
      await unwrap(() => commands.restartAfterUpdate());
    },
    // --- the first-run setup and diagnostics ---
    setupPrinters: () => unwrap(() => commands.setupPrinters()),
    testEndpoint: (adapter, url) => unwrap(() => commands.testEndpoint(adapter, url)),
    finishSetup: (settings, printing) => unwrap(() => commands.finishSetup(settings, printing)),
    runDoctor: () => unwrap(() => commands.runDoctor()),
    // --- backups ---
    backupStatus: () => unwrap(() => commands.backupStatus()),
    saveBackupSettings: (settings) => unwrap(() => commands.saveBackupSettings(settings)),
    setBackupPassphrase: (secret, passphrase) =>
      unwrap(() => commands.setBackupPassphrase(secret, passphrase)),
    backupNow: () => unwrap(() => commands.backupNow()),
  };
}
