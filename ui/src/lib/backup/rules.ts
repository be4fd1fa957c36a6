//! The backup rules as the counter applies them (`counter::backup`): the UI checks them before
//! sending, the in-memory backend refuses by them, and the error messages quote them. The
//! backend checks them anyway.

/** How many backups of the counter the folder keeps (`backup::schedule::KEEP_RANGE`), and how
 *  many when none is chosen. */
export const KEEP_MIN = 1;
export const KEEP_MAX = 366;
export const KEEP_DEFAULT = 14;

/** The shortest passphrase, in characters once trimmed (`backup::key::MIN_PASSPHRASE_CHARS`). */
export const MIN_PASSPHRASE_CHARS = 12;

/** Whether `folder` is a full path: `/media/…`, `C:\…`, or a share `\\server\share`. */
export function isFullPath(folder: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(folder);
}

/** Whether `passphrase` is long enough (`backup::key::check_rules`). */
export function passphraseLongEnough(passphrase: string): boolean {
  return [...passphrase.trim()].length >= MIN_PASSPHRASE_CHARS;
}

/** Whether `keep` is a number of backups the counter accepts. */
export function keepAllowed(keep: number): boolean {
  return Number.isInteger(keep) && keep >= KEEP_MIN && keep <= KEEP_MAX;
}
