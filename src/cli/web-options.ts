// `npm run web -- …` options: parsed and checked here, so the entry point only wires things up.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Settings } from '../shared/settings';

export const WEB_USAGE = `usage: npm run web -- [--port P] [--data-dir D] [--sim | --endpoint URL [--auth MODE] [--model ID] [--dialect D]] [--key K]

Serves the app's window on http://127.0.0.1 for a browser, and prints its address (with an access token).
  --port P        port to listen on (default: a free one)
  --data-dir D    where settings are kept (default: the OS config folder, "voice-assistant-web")
  --sim           offline demo: answers come from the built-in simulator (not an AI)
  --endpoint URL  Realtime endpoint for this run; --auth query|bearer|subprotocol, --model, --dialect auto|beta|ga
  --key K         API key for this run (kept in memory). Prefer the REALTIME_API_KEY environment variable.
Options given here apply to this run only and are not saved, unless changed in Settings.`;

export interface WebCliOptions {
  port: number;
  dataDir: string;
  staticDir: string | null;
  apiKey: string | null;
  /** Settings for this run only. */
  overlay: Partial<Settings>;
  help: boolean;
}

export class UsageError extends Error {}

/** The OS's per-user config folder, as Electron would pick it, for the "voice-assistant-web" app. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const name = 'voice-assistant-web';
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), name);
}

const oneOf = <T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined => {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}.`);
};

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
        sim: { type: 'boolean' },
        endpoint: { type: 'string' },
        auth: { type: 'string' },
        model: { type: 'string' },
        dialect: { type: 'string' },
        key: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs quotes a stray argument verbatim, and that argument may be a pasted key: never echo it.
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError('Unexpected argument: every value follows its option, e.g. --port 8080.');
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a number from 0 to 65535.');
  if (values.sim && values.endpoint) throw new UsageError('--sim and --endpoint exclude each other.');

  const overlay: Partial<Settings> = {};
  const endpoint = values.endpoint ?? env.REALTIME_ENDPOINT;
  if (values.sim) overlay.offlineDemo = true;
  else if (endpoint) {
    if (!/^wss?:\/\/[^\s/]+/.test(endpoint)) throw new UsageError('--endpoint must start with wss:// (or ws:// for a local server).');
    overlay.endpoint = endpoint;
    overlay.offlineDemo = false;
  }
  const auth = oneOf('auth', values.auth, ['query', 'bearer', 'subprotocol'] as const);
  if (auth) overlay.authMode = auth;
  const dialect = oneOf('dialect', values.dialect, ['auto', 'beta', 'ga'] as const);
  if (dialect) overlay.dialect = dialect;
  if (values.model !== undefined) overlay.model = values.model;

  const apiKey = (values.key ?? env.REALTIME_API_KEY ?? '').trim() || null;
  return {
    port,
    dataDir: values['data-dir'] ?? defaultDataDir(env),
    staticDir: values['static-dir'] ?? null,
    apiKey,
    overlay,
    help: values.help === true,
  };
}
