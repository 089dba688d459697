// The connection flags of every command that talks to the Realtime service (ask, talk and web mode),
// parsed here once. Each flag takes exactly the words Settings stores: the lists come from shared/domain.
import type { SessionClientOptions } from '../main/realtime/types';
import { AUTH_MODES, DIALECT_SETTINGS, type AuthMode, type DialectSetting } from '../shared/domain';
import { DEFAULT_ENDPOINT, DEFAULT_SETTINGS, endpointSchema } from '../shared/settings';
import { CliFailure, EXIT, UsageError } from './exit-codes';

export const connectionFlagSpec = {
  endpoint: { type: 'string' },
  key: { type: 'string' },
  auth: { type: 'string' },
  model: { type: 'string' },
  dialect: { type: 'string' },
  sim: { type: 'boolean' },
} as const;

export const CONNECTION_FLAGS_USAGE = `[--sim | --endpoint URL] [--key K] [--auth ${AUTH_MODES.join('|')}] [--model ID] [--dialect ${DIALECT_SETTINGS.join('|')}]`;

interface FlagValues {
  endpoint?: string;
  key?: string;
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

export function parseConnectionFlags(values: FlagValues, env: NodeJS.ProcessEnv): ConnectionFlags {
  const sim = values.sim === true;
  if (sim && values.endpoint) throw new UsageError('--sim and --endpoint exclude each other.');
  // An empty variable counts as unset (a common shell mistake: `export REALTIME_API_KEY=`).
  const given = sim ? undefined : values.endpoint || env.REALTIME_ENDPOINT || undefined;
  let endpoint: string | undefined;
  if (given !== undefined) {
    const parsed = endpointSchema.safeParse(given);
    if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'Bad endpoint.');
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

/** ask and talk have no stored settings: what a flag leaves out is the app's default. */
export function readConnectionOptions(values: FlagValues & { voice?: string; json?: boolean }, env: NodeJS.ProcessEnv): ConnectionOptions {
  const flags = parseConnectionFlags(values, env);
  const apiKey = flags.apiKey ?? (flags.sim ? 'offline-demo' : undefined);
  if (!apiKey) throw new CliFailure('No API key: pass --key, set REALTIME_API_KEY, or try the offline simulator with --sim.', EXIT.other);
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
