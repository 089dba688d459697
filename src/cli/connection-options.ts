// The connection flags of every command that talks to the Realtime service (ask, talk and web mode),
// parsed here once. Each flag takes exactly the words Settings stores: the lists come from shared/domain.
import type { Readable, Writable } from 'node:stream';
import type { SessionClientOptions } from '../main/realtime/types';
import { AUTH_MODES, DIALECT_SETTINGS, type AuthMode, type DialectSetting } from '../shared/domain';
import { DEFAULT_ENDPOINT, DEFAULT_SETTINGS, endpointSchema } from '../shared/settings';
import { CliFailure, EXIT, UsageError } from './exit-codes';

export const connectionFlagSpec = {
  endpoint: { type: 'string' },
  key: { type: 'string' },
  'key-stdin': { type: 'boolean' },
  auth: { type: 'string' },
  model: { type: 'string' },
  dialect: { type: 'string' },
  sim: { type: 'boolean' },
} as const;

export const CONNECTION_FLAGS_USAGE = `[--sim | --endpoint URL] [--key K | --key-stdin] [--auth ${AUTH_MODES.join('|')}] [--model ID] [--dialect ${DIALECT_SETTINGS.join('|')}]`;

interface FlagValues {
  endpoint?: string;
  key?: string;
  'key-stdin'?: boolean;
  auth?: string;
  model?: string;
  dialect?: string;
  sim?: boolean;
}

/** The flags as given (or from the environment); what is absent is left to the caller's defaults. */
export interface ConnectionFlags {
  sim: boolean;
  endpoint?: string;
  apiKey?: string;
  auth?: AuthMode;
  dialect?: DialectSetting;
  model?: string;
}

/** The value of a flag that takes one of a fixed list of words; undefined when the flag is absent. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}.`);
}

/** Where the command line gives the key: --key (in the process list for all to see), --key-stdin, or neither. */
export type KeyFlag = 'key' | 'key-stdin' | null;

export function keyFlagOf(values: Pick<FlagValues, 'key' | 'key-stdin'>): KeyFlag {
  if (values.key && values['key-stdin']) throw new UsageError('--key and --key-stdin exclude each other: give the key one way.');
  return values['key-stdin'] ? 'key-stdin' : values.key ? 'key' : null;
}

export const KEY_FLAG_WARNING =
  'Warning: a key given with --key is visible to other users of this computer in the process list; use REALTIME_API_KEY or --key-stdin instead.';

/** Longer than any key: a file piped in by mistake is refused, not read whole. */
const MAX_STDIN_KEY_BYTES = 4096;

/**
 * What the key flag asks of the terminal: --key gets a warning on stderr, --key-stdin reads the key from
 * standard input (returned trimmed). Nothing here ever writes the key.
 */
export async function commandLineKey(flag: KeyFlag, io: { stdin: Readable; stderr: Writable }): Promise<string | undefined> {
  if (flag === 'key') io.stderr.write(`${KEY_FLAG_WARNING}\n`);
  if (flag !== 'key-stdin') return undefined;
  if ((io.stdin as { isTTY?: boolean }).isTTY) {
    throw new UsageError('--key-stdin reads the key from a pipe or a file, not from the keyboard (it would show on screen), e.g. --key-stdin < key.txt');
  }
  let bytes = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    bytes += buffer.length;
    if (bytes > MAX_STDIN_KEY_BYTES) throw new UsageError('--key-stdin read more than a key from standard input: give it only the key.');
    chunks.push(buffer);
  }
  const key = Buffer.concat(chunks).toString('utf8').trim();
  if (!key) throw new UsageError('--key-stdin found no key on standard input: pipe it in, e.g. --key-stdin < key.txt');
  if (/\s/.test(key)) throw new UsageError('--key-stdin read more than a key from standard input: give it only the key, on one line.');
  return key;
}

export function parseConnectionFlags(values: FlagValues, env: NodeJS.ProcessEnv): ConnectionFlags {
  keyFlagOf(values);
  const sim = values.sim === true;
  if (sim && values.endpoint) throw new UsageError('--sim and --endpoint exclude each other.');
  // An empty variable counts as unset (a common shell mistake: `export REALTIME_API_KEY=`).
  const given = sim ? undefined : values.endpoint || env.REALTIME_ENDPOINT || undefined;
  let endpoint: string | undefined;
  if (given !== undefined) {
    // The same rule as Settings: ws:// only to this machine, since the key would travel in clear text.
    const parsed = endpointSchema.safeParse(given);
    const source = values.endpoint ? '--endpoint' : 'REALTIME_ENDPOINT';
    if (!parsed.success) throw new UsageError(`${source}: ${parsed.error.issues[0]?.message ?? 'not a valid endpoint.'}`);
    endpoint = parsed.data;
  }
  return {
    sim,
    endpoint,
    apiKey: (values.key || env.REALTIME_API_KEY || '').trim() || undefined,
    auth: oneOf('auth', values.auth, AUTH_MODES),
    dialect: oneOf('dialect', values.dialect, DIALECT_SETTINGS),
    model: values.model,
  };
}

/** ask and talk: the connection flags plus the ones only a terminal session has. */
export const sessionFlagSpec = { ...connectionFlagSpec, voice: { type: 'string' }, json: { type: 'boolean' } } as const;

export interface ConnectionOptions {
  endpoint: string;
  apiKey: string;
  auth: AuthMode;
  model?: string;
  voice?: string;
  dialect: DialectSetting;
  json: boolean;
  sim: boolean;
}

/**
 * ask and talk have no stored settings: what a flag leaves out is the app's default. `stdinKey` is what
 * commandLineKey() read for --key-stdin.
 */
export function readConnectionOptions(values: FlagValues & { voice?: string; json?: boolean }, env: NodeJS.ProcessEnv, stdinKey?: string): ConnectionOptions {
  const flags = parseConnectionFlags(values, env);
  const apiKey = stdinKey ?? flags.apiKey ?? (flags.sim ? 'offline-demo' : undefined);
  if (!apiKey) throw new CliFailure('No API key: set REALTIME_API_KEY, pass it with --key-stdin, or try the offline simulator with --sim.', EXIT.other);
  return {
    endpoint: flags.endpoint ?? DEFAULT_ENDPOINT,
    apiKey,
    auth: flags.auth ?? DEFAULT_SETTINGS.authMode,
    model: flags.model,
    voice: values.voice,
    dialect: flags.dialect ?? DEFAULT_SETTINGS.dialect,
    json: values.json === true,
    sim: flags.sim,
  };
}

/** The session client's connection for ask and talk: the in-process simulator's address with --sim. */
export function connectionOf(opts: ConnectionOptions, sim: { url: string } | null): Pick<SessionClientOptions, 'endpoint' | 'apiKey' | 'auth' | 'dialect' | 'model'> {
  return { endpoint: sim ? sim.url : opts.endpoint, apiKey: opts.apiKey, auth: opts.auth, dialect: opts.dialect, model: opts.model };
}
