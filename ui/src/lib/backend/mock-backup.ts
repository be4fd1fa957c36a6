//! The backups part of the in-memory backend, with the counter's rules (`counter::backup`): the
//! folder is a full path (or none) and 1 to 366 backups are kept; the passphrase has at least 12
//! characters and the administrator confirms it with their own secret; a backup needs a folder
//! (`INVALID_SETTING`), a passphrase and the folder to be there (`BAD_REQUEST` with
//! `details.backup`). Tests read what was written and may unplug the disk.

import type { BackupSettings, BackupStatus, BackupWritten } from "./bindings";
import { BackendError } from "./errors";
import {
  isFullPath,
  KEEP_DEFAULT,
  KEEP_MAX,
  KEEP_MIN,
  keepAllowed,
  MIN_PASSPHRASE_CHARS,
  passphraseLongEnough,
} from "$lib/backup/rules";

/** This mock counter's id, as backup file names carry it. */
const COUNTER_ID = "ab12cd34";

function invalid(setting: string, reason: string): never {
  throw new BackendError("INVALID_SETTING", `${setting}: ${reason}`, { setting, reason });
}

function refused(problem: string, message: string, details: Record<string, unknown> = {}): never {
  throw new BackendError("BAD_REQUEST", message, { backup: problem, ...details });
}

/** The simulated backups of this counter. */
export class BackupMock {
  settings: BackupSettings = { folder: null, keep: null };
  /** The passphrase set (kept here only to tell whether one is set). */
  passphrase: string | null = null;
  /** When the last backup was made (RFC 3339). */
  lastBackup: string | null = null;
  /** The files in the folder, oldest first. */
  written: string[] = [];
  /** The folder is not there (the USB disk unplugged, the share not mounted). */
  folderMissing = false;

  status(): BackupStatus {
    return {
      settings: { ...this.settings },
      passphrase_set: this.passphrase !== null,
      last_backup: this.lastBackup,
    };
  }

  /** `BackupSettings::validated`: checked, an empty folder is none. */
  save(settings: BackupSettings): BackupStatus {
    const folder = settings.folder?.trim() || null;
    if (folder !== null && !isFullPath(folder)) invalid("backup.folder", `'${folder}' is not a full path`);
    const keep = settings.keep ?? null;
    if (keep !== null && !keepAllowed(keep))
      invalid("backup.keep", `${keep} is not between ${KEEP_MIN} and ${KEEP_MAX}`);
    this.settings = { folder, keep };
    return this.status();
  }

  /** `backup::key::check_rules`: refuses a passphrase too short (before the secret is checked). */
  checkRules(passphrase: string): void {
    if (!passphraseLongEnough(passphrase))
      refused("weak_passphrase", `a backup passphrase has at least ${MIN_PASSPHRASE_CHARS} characters`);
  }

  setPassphrase(passphrase: string): BackupStatus {
    this.checkRules(passphrase);
    this.passphrase = passphrase;
    return this.status();
  }

  /** A backup of `pharmacy`'s counter now, into the folder. */
  backUp(pharmacy: string, now: Date): BackupWritten {
    const folder = this.settings.folder ?? null;
    if (folder === null) invalid("backup", "no backup folder is chosen");
    if (this.passphrase === null) refused("no_passphrase", "no backup passphrase is set on this counter");
    if (this.folderMissing) refused("folder_missing", `the folder ${folder} is not there`, { folder });
    const file = `dorixona_${pharmacy}_${COUNTER_ID}_${now.getTime()}.dxbak`;
    this.written.push(file);
    this.written = this.written.slice(-(this.settings.keep ?? KEEP_DEFAULT));
    this.lastBackup = now.toISOString();
    return { file };
  }
}
