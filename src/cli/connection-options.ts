// Options shared by every subcommand that talks to the Realtime service.
import type { AuthMode } from '../main/realtime/types';
import type { DialectSetting } from '../shared/protocol/events';
import { CliFailure, EXIT } from './exit-codes';

export const DEFAULT_ENDPOINT = 'wss://api.yuhuanstudio.com/v1/realtime';

export const connectionOptionSpec = {
  endpoint: { type: 'string' },
  key: { type: 'string' },
  auth: { type: 'string' },
  model: { type: 'string' },
  voice: { type: 'string' },
  dialect: { type: 'string' },
  json: { type: 'boolean' },
  sim: { type: 'boolean' },
} as const;

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

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliFailure(`--${name} must be one of ${allowed.join(', ')} (got "${value}").`, EXIT.other);
}

export function readConnectionOptions(
  values: Partial<Record<keyof typeof connectionOptionSpec, string | boolean | undefined>>,
  env: NodeJS.ProcessEnv,
): ConnectionOptions {
  const str = (k: keyof typeof connectionOptionSpec): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const sim = values.sim === true;
  // An empty variable counts as unset (a common shell mistake: `export REALTIME_API_KEY=`).
  const apiKey = str('key') || env.REALTIME_API_KEY || (sim ? 'offline-demo' : '');
  if (!apiKey) {
    throw new CliFailure('No API key: pass --key, set REALTIME_API_KEY, or try the offline simulator with --sim.', EXIT.other);
  }
  return {
    endpoint: str('endpoint') ?? env.REALTIME_ENDPOINT ?? DEFAULT_ENDPOINT,
    apiKey,
    auth: oneOf('auth', str('auth'), ['query', 'bearer', 'subprotocol'] as const, 'query'),
    model: str('model'),
    voice: str('voice'),
    dialect: oneOf('dialect', str('dialect'), ['auto', 'beta', 'ga'] as const, 'auto'),
    json: values.json === true,
    sim,
  };
}
