// The session client's connection lifecycle as a pure transition table. Every state change in the
// client goes through `transition`, so an impossible sequence surfaces as a bug instead of a UI that
// silently shows the wrong thing.
import type { ConnectionState } from './types';

const TRANSITIONS: Readonly<Record<ConnectionState, readonly ConnectionState[]>> = {
  idle: ['connecting', 'closed'],
  // 'closed' directly from connecting/open/reconnecting: a fatal failure (bad key, refused) ends the
  // session without a closing handshake of our own.
  connecting: ['open', 'reconnecting', 'closing', 'closed'],
  open: ['reconnecting', 'closing', 'closed'],
  reconnecting: ['connecting', 'closing', 'closed'],
  closing: ['closed'],
  // A closed client may be connected again; that is a fresh start, not a reconnect.
  closed: ['connecting'],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: ConnectionState,
    readonly to: ConnectionState,
  ) {
    super(`Illegal connection state transition: ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: ConnectionState, to: ConnectionState): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Returns `to` when the step is legal. An illegal step throws when `strict` (development and tests);
 * in production it is applied anyway, because reflecting the socket's real condition beats freezing
 * the UI on a stale state.
 */
export function transition(from: ConnectionState, to: ConnectionState, strict = isDevelopment()): ConnectionState {
  if (!canTransition(from, to) && strict) throw new IllegalTransitionError(from, to);
  return to;
}

function isDevelopment(): boolean {
  return process.env['NODE_ENV'] !== 'production';
}
