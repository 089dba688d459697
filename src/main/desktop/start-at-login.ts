// Start at login. macOS and Windows keep login items for apps (Electron's setLoginItemSettings, which the
// shell hands in); Linux has no such API, so the app writes an XDG autostart entry, which GNOME, KDE, Xfce
// and the other freedesktop desktops start at login. Failures come back as a sentence for a notice: the
// setting itself is already saved, and the app applies it again at every start.
import * as nodeFs from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { errorText } from '../../shared/error-text';
import { fileErrorReason } from '../settings/file-error-reason';

export const AUTOSTART_FILE = 'voice-assistant.desktop';

export type StartAtLoginFs = Pick<typeof nodeFs, 'mkdirSync' | 'writeFileSync' | 'chmodSync' | 'renameSync' | 'rmSync' | 'existsSync'>;

export interface StartAtLoginEnv {
  platform: NodeJS.Platform;
  /** $XDG_CONFIG_HOME or ~/.config (see xdgConfigHome); the entry goes in its autostart folder. */
  configHome: string;
  /** The program the entry starts. */
  execPath: string;
  /** Arguments after the program (an unpackaged app is Electron plus the app's folder). */
  args?: readonly string[];
  /** macOS and Windows: the OS's login item. */
  setLoginItem?: (open: boolean) => void;
  getLoginItem?: () => boolean;
  fs?: StartAtLoginFs;
}

// Desktop files should be readable by the session manager whatever the umask says.
const ENTRY_MODE = 0o644;

const usesLoginItem = (platform: NodeJS.Platform): boolean => platform === 'darwin' || platform === 'win32';

/** The XDG base directory for config: a relative $XDG_CONFIG_HOME is invalid by the spec and ignored. */
export function xdgConfigHome(vars: Readonly<Record<string, string | undefined>>, home: string): string {
  const value = vars.XDG_CONFIG_HOME;
  return value && isAbsolute(value) ? value : join(home, '.config');
}

export function autostartPath(configHome: string): string {
  return join(configHome, 'autostart', AUTOSTART_FILE);
}

// Desktop Entry spec, "The Exec key": these characters make an argument need double quotes.
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

function execArgument(arg: string): string {
  // A bare % would start a field code, quoted or not.
  const literal = arg.replace(/%/g, '%%');
  if (literal !== '' && !RESERVED.test(literal)) return literal;
  return `"${literal.replace(/["`$\\]/g, '\\$&')}"`;
}

// Exec is also a string value, whose own escapes apply on top of the quoting (so a literal backslash in a
// quoted argument is written as four).
const escapeString = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');

export function desktopEntry(execPath: string, args: readonly string[] = []): string {
  const exec = [execPath, ...args].map(execArgument).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Voice Assistant',
    `Exec=${escapeString(exec)}`,
    'X-GNOME-Autostart-enabled=true',
    'Hidden=false',
    '',
  ].join('\n');
}

function writeEntry(file: string, text: string, fs: StartAtLoginFs): void {
  const dir = dirname(file);
  // Not ending in .desktop, so a session manager never reads a half-written entry.
  const temp = join(dir, `.${AUTOSTART_FILE}.${process.pid}.tmp`);
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(temp, text, { mode: ENTRY_MODE });
    fs.chmodSync(temp, ENTRY_MODE);
    fs.renameSync(temp, file);
  } catch (error) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // The first error is the one worth telling.
    }
    throw error;
  }
}

/** Turns starting at login on or off; returns what went wrong in plain words, or null. Never throws. */
export function applyStartAtLogin(enabled: boolean, env: StartAtLoginEnv): string | null {
  if (usesLoginItem(env.platform)) {
    if (!env.setLoginItem) return 'Starting when you log in is not available in this version of the app.';
    try {
      env.setLoginItem(enabled);
      return null;
    } catch (error) {
      const what = enabled ? 'set to start' : 'stopped from starting';
      return `Voice Assistant could not be ${what} when you log in (${errorText(error)}).`;
    }
  }
  const fs = env.fs ?? nodeFs;
  const file = autostartPath(env.configHome);
  try {
    if (enabled) writeEntry(file, desktopEntry(env.execPath, env.args), fs);
    else fs.rmSync(file, { force: true });
    return null;
  } catch (error) {
    if (enabled) {
      return `Voice Assistant could not be set to start when you log in: ${file} could not be written (${fileErrorReason(error)}). Make its folder writable; the app tries again each time it starts.`;
    }
    return `Voice Assistant could not be stopped from starting when you log in: ${file} could not be removed (${fileErrorReason(error)}). Delete that file to stop it.`;
  }
}

/** Whether the app is set to start at login: the entry is there, or the OS's login item says so. */
export function startAtLoginState(env: StartAtLoginEnv): boolean {
  if (usesLoginItem(env.platform)) {
    try {
      return env.getLoginItem?.() ?? false;
    } catch {
      return false;
    }
  }
  return (env.fs ?? nodeFs).existsSync(autostartPath(env.configHome));
}
