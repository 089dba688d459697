// Web mode as a whole: settings in a data folder (via conf), the key in memory, the real app core, and
// the loopback server in front of it. The CLI entry and the end-to-end tests both start it from here.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore, type AppCore } from '../app/core';
import type { StartLocalServer } from '../app/session-supervisor';
import type { AudioServicePort } from '../audio/ports';
import { openConfBacking } from '../settings/conf-backing';
import { MemorySecretStore } from '../settings/secret-store';
import { originOf } from '../../shared/endpoint-origin';
import { SettingsService } from '../settings/settings-service';
import type { Settings } from '../../shared/settings';
import { overlaySettings } from './settings-overlay';
import { startWebMode, type WebMode } from './web-server';
import { hookLimitation, hookUnavailableReason } from '../hotkey/hook-availability';
import { logNativeDiagnostics } from '../app/diagnostics-log';
import { openHistoryForApp } from '../history/open-for-app';

export interface WebApp {
  web: WebMode;
  core: AppCore;
  /** What the user must be told about how the files were opened (a damaged settings file moved aside). */
  notices: readonly string[];
  /** Where what the native audio layer said is written (`<dataDir>/logs/diagnostics.log`). */
  diagnosticsLog: string;
  close(): Promise<void>;
}

/** Where electron-vite puts the built renderer, relative to this file in the source tree. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export class MissingBuildError extends Error {}

export interface WebAppOptions {
  port: number;
  /** Where settings are kept between runs. */
  dataDir: string;
  /** The built window; null for the build in the source tree. */
  staticDir: string | null;
  /** Kept in memory for this run only. */
  apiKey: string | null;
  /** Settings for this run only, over the stored ones. */
  overlay: Partial<Settings>;
  audio: AudioServicePort;
  startLocalServer?: StartLocalServer;
  /** Run the global push-to-talk key, as the desktop app does. */
  globalHotkey?: boolean;
}

export async function startWebApp(options: WebAppOptions): Promise<WebApp> {
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  try {
    await access(join(staticDir, 'index.html'));
  } catch {
    throw new MissingBuildError(`The window is not built yet (no ${join(staticDir, 'index.html')}). Run: npm run build`);
  }
  const notices: string[] = [];
  const diagnostics = logNativeDiagnostics(join(options.dataDir, 'logs'));
  const settings = new SettingsService(overlaySettings(openConfBacking(options.dataDir, notices), options.overlay));
  // A key given on the command line is for this run's endpoint (the flag's, or the stored one).
  const secrets = new MemorySecretStore(options.apiKey, originOf(settings.get().endpoint));
  const hookProblem = options.globalHotkey ? hookUnavailableReason(process.platform, process.env) : null;
  if (hookProblem) notices.push(hookProblem);
  const hookLimit = options.globalHotkey ? hookLimitation(process.platform, process.env) : null;
  if (hookLimit) notices.push(hookLimit);
  const history = openHistoryForApp(options.dataDir, notices);
  const core = await createAppCore({ settings, secrets, audio: options.audio, startLocalServer: options.startLocalServer, startupNotices: notices, history });
  let web: WebMode;
  try {
    web = await startWebMode({ core, port: options.port, staticDir });
  } catch (error) {
    await core.close();
    diagnostics.stop();
    throw error;
  }
  // Loaded only when asked for: the native key hook has no business in a browser-only run.
  const globalKey = options.globalHotkey ? (await import('../desktop/global-key')).startGlobalKey({ core, settings, knownProblem: hookProblem }) : null;
  return {
    web,
    core,
    notices,
    diagnosticsLog: diagnostics.log.file,
    async close() {
      globalKey?.stop();
      await web.close();
      await core.close();
      diagnostics.stop();
    },
  };
}
