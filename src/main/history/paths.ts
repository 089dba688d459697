// Where the history file lives: in the data folder of whatever runs the core, so the app, web mode and the
// CLI agree on one file each.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export const HISTORY_FILE_NAME = 'history.sqlite';

/** `<dataDir>/history.sqlite`: the desktop app's userData folder, or web mode's --data-dir. */
export function historyFileIn(dataDir: string): string {
  return join(dataDir, HISTORY_FILE_NAME);
}

/**
 * The desktop app's data folder as Electron computes it (app.getPath('userData') for the product name
 * "Voice Assistant"), so the CLI reads the app's history by default: `$XDG_CONFIG_HOME/Voice Assistant`
 * (or ~/.config) on Linux, `~/Library/Application Support/Voice Assistant` on macOS, `%APPDATA%\Voice
 * Assistant` on Windows.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const name = 'Voice Assistant';
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', name);
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), name);
}

export function defaultHistoryFile(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return historyFileIn(appDataDir(env, platform));
}
