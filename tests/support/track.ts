// Records everything a SessionClient emits, so tests can assert on sequences and on secrets.
import type { SessionClient } from '../../src/main/realtime/session-client';
import type { ConnectionState, SessionError } from '../../src/main/realtime/types';
import type { Dialect, ServerEvent, ServerErrorBody } from '../../src/shared/protocol/events';
import type { ProtocolError } from '../../src/shared/protocol/protocol-error';

export interface Tracked {
  states: { state: ConnectionState; detail: { attempt?: number; delayMs?: number; closeCode?: number } }[];
  events: ServerEvent[];
  errors: SessionError[];
  serverErrors: ServerErrorBody[];
  protocolErrors: ProtocolError[];
  dialects: Dialect[];
  reconnected: number;
  /** Every emission serialised, for "the key never appears" checks. */
  everything(): string;
}

export function track(client: SessionClient): Tracked {
  const t: Tracked = {
    states: [],
    events: [],
    errors: [],
    serverErrors: [],
    protocolErrors: [],
    dialects: [],
    reconnected: 0,
    everything: () => JSON.stringify({ ...t, everything: undefined }),
  };
  client.on('state', (state, detail) => t.states.push({ state, detail }));
  client.on('event', (e) => t.events.push(e));
  client.on('error', (e) => t.errors.push(e));
  client.on('server-error', (e) => t.serverErrors.push(e));
  client.on('protocol-error', (e) => t.protocolErrors.push(e));
  client.on('dialect', (d) => t.dialects.push(d));
  client.on('reconnected', () => t.reconnected++);
  return t;
}

/** Captures a promise's rejection value (fails the test if it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<SessionError> {
  try {
    await p;
  } catch (e) {
    return e as SessionError;
  }
  throw new Error('expected the promise to reject');
}
