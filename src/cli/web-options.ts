// `npm run web -- …` options: parsed and checked here, so the entry point only wires things up.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { errorText } from '../shared/error-text';
import type { Settings } from '../shared/settings';
import { CONNECTION_FLAGS_USAGE, connectionFlagSpec, keyFlagOf, parseConnectionFlags, type KeyFlag } from './connection-options';
import { UsageError } from './exit-codes';

export const WEB_USAGE = `usage: npm run web -- [--port P] [--data-dir D] ${CONNECTION_FLAGS_USAGE}

Serves the app's window on http://127.0.0.1 for a browser, and prints its address (with an access token).
  --port P        port to listen on (default: a free one)
  --data-dir D    where settings are kept (default: the OS config folder, "voice-assistant-web")
  --sim           offline demo: answers come from the built-in simulator (not an AI)
  --endpoint URL  Realtime endpoint for this run; --auth, --model and --dialect likewise
  --key K         API key for this run (kept in memory). Other users can see it in the process list:
                  prefer the REALTIME_API_KEY environment variable, or --key-stdin
  --key-stdin     read the API key for this run from standard input, e.g. --key-stdin < key.txt
  --global-hotkey the push-to-talk key works from any application (X11), as in the desktop app
Options given here apply to this run only and are not saved, unless changed in Settings.`;

export interface WebCliOptions {
  port: number;
  dataDir: string;
  staticDir: string | null;
  apiKey: string | null;
  /** How the command line gave the key: the caller warns about --key and reads --key-stdin (commandLineKey). */
  keyFlag: KeyFlag;
  /** Settings for this run only. */
  overlay: Partial<Settings>;
  /** Run the global push-to-talk key, as the desktop app does. */
  globalHotkey: boolean;
  help: boolean;
}

/** The OS's per-user config folder, as Electron would pick it, for the "voice-assistant-web" app. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const name = 'voice-assistant-web';
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), name);
}

export function parseWebCliOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): WebCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'static-dir': { type: 'string' },
        'global-hotkey': { type: 'boolean' },
        ...connectionFlagSpec,
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs quotes a stray argument verbatim, and that argument may be a pasted key: never echo it.
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError('Unexpected argument: every value follows its option, e.g. --port 8080.');
    throw new UsageError(errorText(error));
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a number from 0 to 65535.');
  const flags = parseConnectionFlags(values, env);

  const overlay: Partial<Settings> = {};
  if (flags.sim) overlay.offlineDemo = true;
  else if (flags.endpoint) {
    overlay.endpoint = flags.endpoint;
    overlay.offlineDemo = false;
  }
  if (flags.auth) overlay.authMode = flags.auth;
  if (flags.dialect) overlay.dialect = flags.dialect;
  if (flags.model !== undefined) overlay.model = flags.model;

  return {
    port,
    dataDir: values['data-dir'] ?? defaultDataDir(env),
    staticDir: values['static-dir'] ?? null,
    apiKey: flags.apiKey ?? null,
    keyFlag: keyFlagOf(values),
    overlay,
    globalHotkey: values['global-hotkey'] === true,
    help: values.help === true,
  };
}
