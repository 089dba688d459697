// The files the app keeps (settings, the key's ciphertext) on the user's disk, so that a damaged one costs
// nothing. conf and electron-store throw on a file they cannot parse, and their `clearInvalidConfig` would
// drop it without a word; so such a file is moved aside before the library opens it, and the user is told
// where it went. The notices name paths only: a damaged file may hold anything.
import { chmodSync, constants, copyFileSync, readFileSync, renameSync } from 'node:fs';
import { fileErrorReason } from './file-error-reason';

/** Settings and the key's ciphertext are the user's own: other accounts on the machine may not read them. */
export const OWNER_ONLY = 0o600;

const CONSEQUENCES = {
  settings: (file: string, aside: string) =>
    `The settings file ${file} could not be read (it is not valid JSON), so default settings are in use. ` +
    `The damaged file was moved to ${aside}; set what you need again in Settings.`,
  key: (file: string, aside: string) =>
    `The saved API key file ${file} could not be read (it is not valid JSON), so no key is saved. ` +
    `The damaged file was moved to ${aside}; enter the key again in Settings.`,
};

function holdsAnObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/**
 * Moves `file` to `<file>.corrupt-<time>` when it is not a JSON object, and returns the notice saying so;
 * null when the file is fine or absent.
 */
export function setAsideUnreadable(file: string, what: keyof typeof CONSEQUENCES, now = new Date()): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    throw error;
  }
  if (holdsAnObject(text)) return null;
  // No colons: Windows does not allow them in file names.
  const aside = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, aside);
  return CONSEQUENCES[what](file, aside);
}

/** Copies `file` to `<file>.bak` unless a backup is already there: the first copy is the one worth keeping. */
export function backUpOnce(file: string): void {
  const backup = `${file}.bak`;
  try {
    copyFileSync(file, backup, constants.COPYFILE_EXCL);
  } catch (error) {
    if (codeOf(error) === 'EEXIST' || codeOf(error) === 'ENOENT') return;
    throw error;
  }
  chmodSync(backup, OWNER_ONLY);
}

/** Why a save failed, in plain words, for the window and the CLI. */
export function saveFailureText(file: string | undefined, error: unknown): string {
  const reason = fileErrorReason(error);
  const where = file ? ` to ${file}` : '';
  return `Settings could not be saved${where} (${reason}), so nothing was changed. Check that the file and its folder are writable, then try again.`;
}
