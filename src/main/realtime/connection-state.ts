// The session client's connection lifecycle. Every state change in the client goes through `transition`,
// so an impossible sequence surfaces as a bug instead of a UI that silently shows the wrong thing.
import { stateTable } from '../state-table';
import type { ConnectionState } from './types';

export const connectionStates = stateTable<ConnectionState>('connection', {
  idle: ['connecting', 'closed'],
  // 'closed' directly from connecting/open/reconnecting: a fatal failure (bad key, refused) ends the
  // session without a closing handshake of our own.
  connecting: ['open', 'reconnecting', 'closing', 'closed'],
  open: ['reconnecting', 'closing', 'closed'],
  reconnecting: ['connecting', 'closing', 'closed'],
  closing: ['closed'],
  // A closed client may be connected again; that is a fresh start, not a reconnect.
  closed: ['connecting'],
});
